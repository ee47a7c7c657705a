/** FundingRound and Investment: who put money into which round, on what terms. */
import { entityFields, linkFields, links, neighbours, prop } from '../graph/resolvers.js';
import { money, type Link, type NodeRecord } from '../graph/records.js';
import type { Context } from '../server/context.js';

export const fundingResolvers = {
  Query: {
    fundingRound: (_: unknown, args: { id: string }, ctx: Context) =>
      ctx.loaders.entity.load({ label: 'FundingRound', id: args.id }),
  },
  FundingRound: {
    ...entityFields,
    amount: (round: NodeRecord) => money(round, 'amount'),
    valuation: (round: NodeRecord) => money(round, 'valuation'),
    preMoneyValuation: (round: NodeRecord) => money(round, 'preMoneyValuation'),
    company: async (round: NodeRecord, _: unknown, ctx: Context) =>
      (await neighbours(ctx, round, 'RAISED', 'INCOMING'))[0] ?? null,
    investments: async (round: NodeRecord, _: unknown, ctx: Context) =>
      (await links(ctx, round, 'INVESTED_IN', 'INCOMING')).sort(leadFirst),
  },
  Investment: {
    ...linkFields,
    investor: (link: Link) => link.from,
    round: (link: Link) => link.to,
    amount: (link: Link) => money(link.props, 'amount'),
    stakePercent: prop<number>('stakePercent'),
    lead: (link: Link) => link.props.lead === true,
    instrument: prop<string>('instrument'),
    date: prop<string>('date'),
  },
};

function leadFirst(a: Link, b: Link): number {
  return Number(b.props.lead === true) - Number(a.props.lead === true) || a.from.name.localeCompare(b.from.name);
}
