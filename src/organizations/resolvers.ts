/** Organization: the companies, investors, banks, labs and brands of the ecosystem. */
import { ORGANIZATION_KINDS } from '../seed/model.js';
import { checkRange, distinct, earliestFirst, entityFields, enumOf, links, neighbours } from '../graph/resolvers.js';
import { NODE, type Link, type NodeRecord } from '../graph/records.js';
import type { Resolvers } from '../generated/graphql.js';
import type { Context } from '../server/context.js';
import { int } from '../db/gateway.js';

export const MAX_PAGE = 200;

const ORGANIZATIONS_PAGE = `
  MATCH (n:Organization)
  WHERE $kind IS NULL OR n.kind = $kind
  RETURN ${NODE('n')} AS node
  ORDER BY toLower(n.name), n.id
  SKIP $offset LIMIT $first`;

/** A PARTNER_OF link counts as a sale when marked commercial (stored buyer -> seller). */
const commercial = (link: Link) => link.props.commercial === true;

export const organizationResolvers: Resolvers = {
  OrganizationKind: enumOf(ORGANIZATION_KINDS),
  Query: {
    organization: (_, args, ctx) => ctx.loaders.entity.load({ label: 'Organization', id: args.id }),
    organizations: async (_, args, ctx) => {
      checkRange('first', args.first, 1, MAX_PAGE);
      checkRange('offset', args.offset, 0, 1_000_000);
      const rows = await ctx.db.read<{ node: NodeRecord }>(
        ORGANIZATIONS_PAGE,
        { kind: args.kind ?? null, first: int(args.first), offset: int(args.offset) },
        ctx.counter,
      );
      return rows.map((row) => row.node);
    },
  },
  Organization: {
    ...entityFields,
    founders: async (org, _, ctx) =>
      (await neighbours(ctx, org, 'FOUNDED', 'INCOMING')).filter((n) => n.__label === 'Person'),
    people: (org, _, ctx) => links(ctx, org, 'WORKED_AT', 'INCOMING'),
    fundingRounds: async (org, _, ctx) =>
      (await neighbours(ctx, org, 'RAISED', 'OUTGOING')).sort(earliestFirst((round) => round.announced, (round) => round.name)),
    investments: (org, _, ctx) => links(ctx, org, 'INVESTED_IN', 'OUTGOING'),
    customers: (org, _, ctx) => trading(ctx, org, 'INCOMING'),
    suppliers: (org, _, ctx) => trading(ctx, org, 'OUTGOING'),
    partners: (org, _, ctx) => neighbours(ctx, org, 'PARTNER_OF', 'BOTH'),
    products: (org, _, ctx) => neighbours(ctx, org, 'DEVELOPS', 'OUTGOING'),
    competitors: (org, _, ctx) => neighbours(ctx, org, 'COMPETES_WITH', 'BOTH'),
    partOf: async (org, _, ctx) =>
      (await neighbours(ctx, org, 'PART_OF', 'OUTGOING')).filter((n) => n.__label === 'Organization'),
    parts: async (org, _, ctx) =>
      (await neighbours(ctx, org, 'PART_OF', 'INCOMING')).filter((n) => n.__label === 'Organization'),
    acquired: (org, _, ctx) => neighbours(ctx, org, 'ACQUIRED', 'OUTGOING'),
    acquiredBy: (org, _, ctx) => neighbours(ctx, org, 'ACQUIRED', 'INCOMING'),
  },
};

/**
 * Customers (INCOMING) or suppliers (OUTGOING): CUSTOMER_OF links and commercial PARTNER_OF
 * links, both stored buyer -> seller, loaded in the same tick so they batch together.
 */
async function trading(ctx: Context, org: NodeRecord, direction: 'INCOMING' | 'OUTGOING'): Promise<NodeRecord[]> {
  const [customerOf, partnerOf] = await Promise.all([
    neighbours(ctx, org, 'CUSTOMER_OF', direction),
    neighbours(ctx, org, 'PARTNER_OF', direction, commercial),
  ]);
  return distinct([...customerOf, ...partnerOf]).sort((a, b) => a.name.localeCompare(b.name));
}
