/** Organization: the companies, investors, banks, labs and brands of the ecosystem. */
import { INVESTOR_TYPES, ORGANIZATION_KINDS, SECTORS } from '../graph/model.js';
import {
  distinct,
  earliestFirst,
  entityFields,
  enumOf,
  links,
  neighbours,
  nextHop,
  selected,
  type AsOfArgs,
} from '../graph/resolvers.js';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { linkLists, type Hop } from '../graph/loaders.js';
import { connectionOf, keysetPage, listMatch, pageStart, type KeysetQuery } from '../graph/connections.js';
import { endsOnOrAfter } from '../graph/time.js';
import type { Link, MoneyValue, NodeRecord } from '../graph/records.js';
import { money } from '../graph/records.js';
import type { OrganizationOrder, Resolvers } from '../generated/graphql.js';
import { coInvestors, investmentsOf } from '../graph/investors.js';
import type { Context } from '../graph/context.js';

/**
 * The candidate organizations of a page. Every filter is a parameter and is skipped when
 * null; text goes through the full-text index (escaped, see graph/full-text.ts).
 */
const FOUNDED_YEAR = 'coalesce(n.foundedYear, toInteger(left(n.founded, 4)))';
const ORGANIZATION_FILTERS = `
  ($kind IS NULL OR n.kind = $kind)
  AND ($country IS NULL OR n.country = $country)
  AND ($sector IS NULL OR n.sector = $sector)
  AND ($investorType IS NULL OR n.investorType = $investorType)
  AND ($foundedFrom IS NULL OR ${FOUNDED_YEAR} >= $foundedFrom)
  AND ($foundedTo IS NULL OR ${FOUNDED_YEAR} <= $foundedTo)`;

/** Sort keys never null: unknown values sort last in either direction. */
const ORGANIZATION_ORDERS: Record<OrganizationOrder, { key: string; descending: boolean; indexed?: boolean }> = {
  NAME: { key: 'n.sortName', descending: false, indexed: true },
  NAME_DESC: { key: 'n.sortName', descending: true, indexed: true },
  FOUNDED: { key: `coalesce(n.founded, toString(n.foundedYear), '~')`, descending: false },
  FOUNDED_DESC: { key: `coalesce(n.founded, toString(n.foundedYear), '')`, descending: true },
};

/** A PARTNER_OF link counts as a sale when marked commercial (stored buyer -> seller). */
const commercial = (link: Link) => link.props.commercial === true;

export const organizationResolvers: Resolvers = {
  OrganizationKind: enumOf(ORGANIZATION_KINDS),
  Sector: enumOf(SECTORS),
  InvestorType: enumOf(INVESTOR_TYPES),
  Query: {
    organization: (_, args, ctx, info) => organizationWithLists(ctx, info, args.id),
    organizations: (_, args, ctx, info) => {
      const filters = {
        kind: args.kind ?? null,
        country: args.country ?? null,
        sector: args.sector ?? null,
        investorType: args.investorType ?? null,
        foundedFrom: args.foundedFrom ?? null,
        foundedTo: args.foundedTo ?? null,
      };
      const { match, query } = listMatch('Organization', ORGANIZATION_FILTERS, args.text, filters);
      return keysetPage(
        ctx,
        {
          list: `organizations/${args.orderBy}`,
          match,
          ...ORGANIZATION_ORDERS[args.orderBy],
          params: { ...filters, query },
          extra: pageLists(ctx, info),
        },
        args.first,
        args.after,
      );
    },
  },
  Organization: {
    ...entityFields,
    founders: async (org, args, ctx, info) =>
      (await neighbours(ctx, org, 'FOUNDED', 'INCOMING', { ...args, then: nextHop(info, ['workedAt'], JOBS) })).filter(
        (n) => n.__label === 'Person',
      ),
    people: (org, args, ctx) => links(ctx, org, 'WORKED_AT', 'INCOMING', args.asOf),
    fundingRounds: (org, args, ctx, info) => roundsOf(ctx, org, args, nextHop(info, ['investments'], INVESTMENTS)),
    investors: async (org, args, ctx) => {
      const rounds = await roundsOf(ctx, org, args, INVESTMENTS);
      const investments = await Promise.all(
        rounds.map((round) => links(ctx, round, 'INVESTED_IN', 'INCOMING', args.asOf)),
      );
      return distinct(investments.flat().map((link) => link.from)).sort((a, b) => a.name.localeCompare(b.name));
    },
    totalRaised: async (org, args, ctx) =>
      totalByCurrency((await roundsOf(ctx, org, args)).map((round) => money(round, 'amount'))),
    investments: (org, args, ctx) => investmentsOf(ctx, org, args),
    coInvestors: (org, args, ctx) => coInvestors(ctx, org, args),
    alumni: async (org, args, ctx) => {
      pageStart(args.first, args.after); // refuse a bad page before loading anything
      return connectionOf(await alumniOf(ctx, org), args.first, args.after);
    },
    customers: (org, args, ctx) => trading(ctx, org, 'INCOMING', args),
    suppliers: (org, args, ctx) => trading(ctx, org, 'OUTGOING', args),
    partners: (org, args, ctx) => neighbours(ctx, org, 'PARTNER_OF', 'BOTH', args),
    products: (org, args, ctx) => neighbours(ctx, org, 'DEVELOPS', 'OUTGOING', args),
    competitors: (org, _, ctx) => neighbours(ctx, org, 'COMPETES_WITH', 'BOTH'),
    partOf: async (org, args, ctx) =>
      (await neighbours(ctx, org, 'PART_OF', 'OUTGOING', args)).filter((n) => n.__label === 'Organization'),
    parts: async (org, args, ctx) =>
      (await neighbours(ctx, org, 'PART_OF', 'INCOMING', args)).filter((n) => n.__label === 'Organization'),
    acquired: (org, args, ctx) => neighbours(ctx, org, 'ACQUIRED', 'OUTGOING', args),
    acquiredBy: (org, args, ctx) => neighbours(ctx, org, 'ACQUIRED', 'INCOMING', args),
  },
  CoInvestor: {
    count: (record) => record.rounds.length,
  },
  AlumnusEdge: {
    node: (edge) => edge.node.person,
    jobs: (edge) => edge.node.jobs,
    founded: (edge) => edge.node.founded,
  },
};

/** A round's investments, and a person's jobs: what the next level asks after rounds and founders. */
const INVESTMENTS: Hop = { type: 'INVESTED_IN', direction: 'INCOMING' };
const JOBS: Hop = { type: 'WORKED_AT', direction: 'OUTGOING' };

/**
 * The founders, rounds and investors a query asks of `organization(id)` come in the same
 * query as the organization (one round trip, not a wave after it); the field resolvers
 * then find them in the request's links loader.
 */
function organizationWithLists(ctx: Context, info: GraphQLResolveInfo, id: string): Promise<NodeRecord | null> {
  const lists = listsAsked(info, info.fieldNodes);
  if (lists.length === 0) return ctx.loaders.entity.load({ label: 'Organization', id });
  return ctx.loaders.withLinks('Organization', id, lists);
}

type List = { type: 'FOUNDED' | 'RAISED'; direction: 'INCOMING' | 'OUTGOING'; then?: Hop };

/** The founders, rounds and investors lists asked directly below `nodes` (organization fields). */
function listsAsked(info: GraphQLResolveInfo, nodes: readonly FieldNode[]): List[] {
  const lists = new Map<string, List>();
  const add = (type: List['type'], direction: List['direction'], then: Hop | undefined) =>
    lists.set(`${type}>${then?.type ?? ''}`, { type, direction, ...(then ? { then } : {}) });
  for (const node of nodes) {
    for (const field of selected(info, node.selectionSet, ['founders', 'fundingRounds', 'investors'])) {
      const name = field.name.value;
      if (name === 'founders') add('FOUNDED', 'INCOMING', nextHop(info, ['workedAt'], JOBS, [field]));
      else if (name === 'fundingRounds')
        add('RAISED', 'OUTGOING', nextHop(info, ['investments'], INVESTMENTS, [field]));
      else add('RAISED', 'OUTGOING', INVESTMENTS);
    }
  }
  return [...lists.values()];
}

/** The lists asked of each organization of a page (`edges { node { … } }`), read with the page. */
function pageLists(ctx: Context, info: GraphQLResolveInfo): KeysetQuery['extra'] {
  const nodes = info.fieldNodes
    .flatMap((field) => selected(info, field.selectionSet, ['edges']))
    .flatMap((edges) => selected(info, edges.selectionSet, ['node']));
  const lists = listsAsked(info, nodes);
  if (lists.length === 0) return undefined;
  return { cypher: linkLists('n', lists), onRow: (node, extra) => ctx.loaders.primeLists(node, lists, extra) };
}

/** Its rounds, oldest first (undated last); `then`: the rounds' next level, loaded with them. */
async function roundsOf(ctx: Context, org: NodeRecord, args: AsOfArgs, then?: Hop): Promise<NodeRecord[]> {
  return (await neighbours(ctx, org, 'RAISED', 'OUTGOING', { asOf: args.asOf, then })).sort(
    earliestFirst(
      (round) => round.startsOn,
      (round) => round.name,
    ),
  ); // startsOn: the announcement, or the earliest claim where disputed
}

/** Sums per currency, never across currencies; by currency code. */
function totalByCurrency(amounts: (MoneyValue | null)[]): MoneyValue[] {
  const totals = new Map<string, number>();
  for (const amount of amounts)
    if (amount) totals.set(amount.currency, (totals.get(amount.currency) ?? 0) + amount.value);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, value]) => ({ value, currency }));
}

/**
 * People who worked at the organization and founded another one, unless the dates show
 * the founding came before the job began (a founding in "2023" counts for a job since
 * "2023-05": they overlap). Most recent job start first, unknown last, then by name.
 */
async function alumniOf(
  ctx: Context,
  org: NodeRecord,
): Promise<{ person: NodeRecord; jobs: Link[]; founded: NodeRecord[] }[]> {
  const jobsByPerson = new Map<string, Link[]>();
  for (const job of await links(ctx, org, 'WORKED_AT', 'INCOMING')) {
    jobsByPerson.set(job.from.id, [...(jobsByPerson.get(job.from.id) ?? []), job]);
  }
  const people = [...jobsByPerson.values()].map((jobs) => ({ person: jobs[0].from, jobs }));
  const foundings = await Promise.all(people.map(({ person }) => links(ctx, person, 'FOUNDED', 'OUTGOING')));
  return people
    .map(({ person, jobs }, i) => {
      const starts = jobs
        .map((job) => job.props.since)
        .filter((s): s is string => typeof s === 'string')
        .sort();
      const began = starts[0];
      const founded = foundings[i]
        .filter((f) => f.to.id !== org.id)
        .filter((f) => {
          const on = foundedOn(f);
          return began === undefined || on === undefined || endsOnOrAfter(on, began);
        })
        .map((f) => f.to);
      return { person, jobs, founded: distinct(founded), lastStart: starts.at(-1) ?? '' };
    })
    .filter((alumnus) => alumnus.founded.length > 0)
    .sort((a, b) => b.lastStart.localeCompare(a.lastStart) || a.person.name.localeCompare(b.person.name));
}

/** When a FOUNDED link's company was founded: the link's date, else the company's own. */
function foundedOn(link: Link): string | undefined {
  if (typeof link.props.date === 'string') return link.props.date;
  if (typeof link.to.founded === 'string') return link.to.founded;
  return typeof link.to.foundedYear === 'number' ? String(link.to.foundedYear) : undefined;
}

/**
 * Customers (INCOMING) or suppliers (OUTGOING): CUSTOMER_OF links and commercial PARTNER_OF
 * links, both stored buyer -> seller, loaded in the same tick so they batch together.
 */
async function trading(
  ctx: Context,
  org: NodeRecord,
  direction: 'INCOMING' | 'OUTGOING',
  args: AsOfArgs,
): Promise<NodeRecord[]> {
  const [customerOf, partnerOf] = await Promise.all([
    neighbours(ctx, org, 'CUSTOMER_OF', direction, args),
    neighbours(ctx, org, 'PARTNER_OF', direction, { ...args, keep: commercial }),
  ]);
  return distinct([...customerOf, ...partnerOf]).sort((a, b) => a.name.localeCompare(b.name));
}
