/** FundingRound and Investment: who put money into which round, on what terms. */
import { entityFields, linkFields, links, neighbours, prop } from '../graph/resolvers.js';
import { money, type Link } from '../graph/records.js';
import type { Resolvers } from '../generated/graphql.js';

export const fundingResolvers: Resolvers = {
  Query: {
    fundingRound: (_, args, ctx) => ctx.loaders.entity.load({ label: 'FundingRound', id: args.id }),
  },
  FundingRound: {
    ...entityFields,
    amount: (round) => money(round, 'amount'),
    valuation: (round) => money(round, 'valuation'),
    preMoneyValuation: (round) => money(round, 'preMoneyValuation'),
    company: async (round, _, ctx) =>
      (await neighbours(ctx, round, 'RAISED', 'INCOMING'))[0] ?? null,
    investments: async (round, _, ctx) =>
      (await links(ctx, round, 'INVESTED_IN', 'INCOMING')).sort(leadFirst),
  },
  Investment: {
    ...linkFields,
    investor: (link) => link.from,
    round: (link) => link.to,
    amount: (link) => money(link.props, 'amount'),
    stakePercent: prop<number>('stakePercent'),
    lead: (link) => link.props.lead === true,
    instrument: prop<string>('instrument'),
    date: prop<string>('date'),
  },
};

function leadFirst(a: Link, b: Link): number {
  return Number(b.props.lead === true) - Number(a.props.lead === true) || a.from.name.localeCompare(b.from.name);
}
