/** Organization: the companies, investors, banks, labs and brands of the ecosystem. */
import { ORGANIZATION_KINDS } from '../seed/model.js';
import { checkRange, entityFields, enumOf, links, neighbours } from '../graph/resolvers.js';
import { NODE, type Link, type NodeRecord } from '../graph/records.js';
import type { Resolvers } from '../generated/graphql.js';
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
      (await neighbours(ctx, org, 'RAISED', 'OUTGOING')).sort(byDate('announced')),
    investments: (org, _, ctx) => links(ctx, org, 'INVESTED_IN', 'OUTGOING'),
    customers: async (org, _, ctx) => [
      ...(await neighbours(ctx, org, 'CUSTOMER_OF', 'INCOMING')),
      ...(await neighbours(ctx, org, 'PARTNER_OF', 'INCOMING', commercial)),
    ].filter(firstById).sort(byName),
    suppliers: async (org, _, ctx) => [
      ...(await neighbours(ctx, org, 'CUSTOMER_OF', 'OUTGOING')),
      ...(await neighbours(ctx, org, 'PARTNER_OF', 'OUTGOING', commercial)),
    ].filter(firstById).sort(byName),
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

/** Oldest first; undated last. */
export function byDate(property: string) {
  return (a: NodeRecord, b: NodeRecord): number => {
    const x = (a[property] as string | undefined) ?? '9999';
    const y = (b[property] as string | undefined) ?? '9999';
    return x.localeCompare(y) || a.name.localeCompare(b.name);
  };
}

function byName(a: NodeRecord, b: NodeRecord): number {
  return a.name.localeCompare(b.name);
}

function firstById(node: NodeRecord, index: number, all: NodeRecord[]): boolean {
  return all.findIndex((n) => n.id === node.id) === index;
}
