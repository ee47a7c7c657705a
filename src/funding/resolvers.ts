/** FundingRound and Investment: who put money into which round, on what terms. */
import { entityFields, linkFields, links, neighbours, prop } from '../graph/resolvers.js';
import { keysetPage, listMatch } from '../graph/connections.js';
import { NODE, money, type Link } from '../graph/records.js';
import type { Context } from '../graph/context.js';
import type { Confidence } from '../graph/model.js';
import { ENDS_ON_OR_AFTER, HOLDS, asOfBound, endOfPeriod, startOf } from '../graph/time.js';
import type { FundingRoundOrder, InvestmentRow, Resolvers } from '../generated/graphql.js';

/**
 * Date filters compare by period: a round announced "2025-09" is within announcedTo:
 * "2025-09-30" and within announcedFrom: "2025" (the start's first day, the end's last).
 */
const ROUND_FILTERS = `
  ($company IS NULL OR EXISTS { MATCH (:Organization {id: $company})-[:RAISED]->(n) })
  AND ($announcedFrom IS NULL OR (n.announced IS NOT NULL AND ${ENDS_ON_OR_AFTER('n.announced', '$announcedFrom')}))
  AND ($announcedTo IS NULL OR (n.announced IS NOT NULL AND n.announced <= $announcedTo))
  AND ($currency IS NULL OR n.amountCurrency = $currency)`;
/**
 * The INVESTED_IN links bound to inv, r and round, starting from the index seek of the
 * investor or of the company where either is given (an investor may be an organization
 * or a person: both labels' indexes are tried).
 */
function investmentsMatch(investor: boolean, company: boolean): string {
  const seekInvestor = investor
    ? 'CALL { MATCH (inv:Organization {id: $investor}) RETURN inv UNION MATCH (inv:Person {id: $investor}) RETURN inv } '
    : '';
  const pattern = company
    ? 'MATCH (:Organization {id: $company})-[:RAISED]->(round:FundingRound)<-[r:INVESTED_IN]-(inv)'
    : 'MATCH (inv)-[r:INVESTED_IN]->(round:FundingRound)';
  return `${seekInvestor}${pattern} WHERE ${HOLDS('r')}`;
}
const INVESTMENT_LINK = `{type: 'INVESTED_IN', props: properties(r), from: ${NODE('inv')}, to: ${NODE('round')}, other: ${NODE('round')}}`;

const ROUND_ORDERS: Record<FundingRoundOrder, { key: string; descending: boolean }> = {
  ANNOUNCED_DESC: { key: `coalesce(n.announced, '')`, descending: true },
  ANNOUNCED: { key: `coalesce(n.announced, '~')`, descending: false },
  AMOUNT_DESC: { key: `coalesce(toFloat(n.amount), -1.0)`, descending: true },
};

export const fundingResolvers: Resolvers = {
  Query: {
    fundingRound: (_, args, ctx) => ctx.loaders.entity.load({ label: 'FundingRound', id: args.id }),
    fundingRounds: (_, args, ctx) => {
      const { match, query } = listMatch('FundingRound', ROUND_FILTERS, args.text);
      return keysetPage(
        ctx,
        {
          list: `fundingRounds/${args.orderBy}`,
          match,
          ...ROUND_ORDERS[args.orderBy],
          params: {
            company: args.company ?? null,
            // The start of a period compares as its first day: "2025" <= "2025-01-01".
            announcedFrom: args.announcedFrom ?? null,
            announcedTo: args.announcedTo ? endOfPeriod(args.announcedTo) : null,
            currency: args.currency ?? null,
            query,
          },
        },
        args.first,
        args.after,
      );
    },
    investments: (_, args, ctx) =>
      keysetPage<Link>(
        ctx,
        {
          list: 'investments',
          match: investmentsMatch(Boolean(args.investor), Boolean(args.company)),
          // The order of `investments` on an organization or a person (organizations/resolvers.ts).
          key: `coalesce(r.date, round.startsOn, '~')`,
          descending: false,
          tiebreak: `round.name + '\t' + r.uid`,
          project: INVESTMENT_LINK,
          params: { investor: args.investor ?? null, company: args.company ?? null, asOf: asOfBound(args.asOf) },
        },
        args.first,
        args.after,
      ),
  },
  FundingRound: {
    ...entityFields,
    amount: (round) => money(round, 'amount'),
    valuation: (round) => money(round, 'valuation'),
    preMoneyValuation: (round) => money(round, 'preMoneyValuation'),
    company: async (round, _, ctx) => (await neighbours(ctx, round, 'RAISED', 'INCOMING'))[0] ?? null,
    investments: async (round, args, ctx) =>
      (await links(ctx, round, 'INVESTED_IN', 'INCOMING', args.asOf)).sort(leadFirst),
  },
  InvestmentConnection: {
    rows: (connection, _, ctx) => Promise.all(connection.edges.map((edge) => investmentRow(ctx, edge.node))),
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

/** An INVESTED_IN link as one flat record (its round's company through the request's loader). */
async function investmentRow(ctx: Context, link: Link): Promise<InvestmentRow> {
  const round = link.to;
  const company = (await neighbours(ctx, round, 'RAISED', 'INCOMING'))[0];
  const paid = money(link.props, 'amount');
  const raised = money(round, 'amount');
  return {
    investorId: link.from.id,
    investorName: link.from.name,
    investorType: link.from.__label,
    companyId: company?.id ?? null,
    companyName: company?.name ?? null,
    roundId: round.id,
    roundName: round.name,
    series: round.series as string,
    date: startOf(link) ?? null, // its own date, else the round's start
    amount: paid?.value ?? null,
    currency: paid?.currency ?? null,
    stakePercent: (link.props.stakePercent as number | undefined) ?? null,
    lead: link.props.lead === true,
    instrument: (link.props.instrument as string | undefined) ?? null,
    roundAmount: raised?.value ?? null,
    roundCurrency: raised?.currency ?? null,
    confidence: (link.props.confidence as Confidence | undefined) ?? 'single-source',
  };
}
