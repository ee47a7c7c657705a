/** Organization: the companies, investors, banks, labs and brands of the ecosystem. */
import { ORGANIZATION_KINDS } from '../seed/model.js';
import { checkRange, entityFields, enumOf, links, neighbours } from '../graph/resolvers.js';
import { NODE, type Link, type NodeRecord } from '../graph/records.js';
import type { Context } from '../server/context.js';
import { int } from '../db/gateway.js';

export const MAX_PAGE = 200;

const ORGANIZATIONS_PAGE = `
  MATCH (n:Organization)
  WHERE $kind IS NULL OR n.kind = $kind
  RETURN ${NODE('n')} AS node
  ORDER BY n.name, n.id
  SKIP $offset LIMIT $first`;

/** A PARTNER_OF link counts as a sale when marked commercial (stored buyer -> seller). */
const commercial = (link: Link) => link.props.commercial === true;

export const organizationResolvers = {
  OrganizationKind: enumOf(ORGANIZATION_KINDS),
  Query: {
    organization: (_: unknown, args: { id: string }, ctx: Context) =>
      ctx.loaders.entity.load({ label: 'Organization', id: args.id }),
    organizations: async (_: unknown, args: { kind?: string | null; first: number; offset: number }, ctx: Context) => {
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
    founders: async (org: NodeRecord, _: unknown, ctx: Context) =>
      (await neighbours(ctx, org, 'FOUNDED', 'INCOMING')).filter((n) => n.__label === 'Person'),
    people: (org: NodeRecord, _: unknown, ctx: Context) => links(ctx, org, 'WORKED_AT', 'INCOMING'),
    fundingRounds: async (org: NodeRecord, _: unknown, ctx: Context) =>
      (await neighbours(ctx, org, 'RAISED', 'OUTGOING')).sort(byDate('announced')),
    investments: (org: NodeRecord, _: unknown, ctx: Context) => links(ctx, org, 'INVESTED_IN', 'OUTGOING'),
    customers: async (org: NodeRecord, _: unknown, ctx: Context) => [
      ...(await neighbours(ctx, org, 'CUSTOMER_OF', 'INCOMING')),
      ...(await neighbours(ctx, org, 'PARTNER_OF', 'INCOMING', commercial)),
    ].filter(firstById).sort(byName),
    suppliers: async (org: NodeRecord, _: unknown, ctx: Context) => [
      ...(await neighbours(ctx, org, 'CUSTOMER_OF', 'OUTGOING')),
      ...(await neighbours(ctx, org, 'PARTNER_OF', 'OUTGOING', commercial)),
    ].filter(firstById).sort(byName),
    partners: (org: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, org, 'PARTNER_OF', 'BOTH'),
    products: (org: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, org, 'DEVELOPS', 'OUTGOING'),
    competitors: (org: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, org, 'COMPETES_WITH', 'BOTH'),
    partOf: async (org: NodeRecord, _: unknown, ctx: Context) =>
      (await neighbours(ctx, org, 'PART_OF', 'OUTGOING')).filter((n) => n.__label === 'Organization'),
    parts: async (org: NodeRecord, _: unknown, ctx: Context) =>
      (await neighbours(ctx, org, 'PART_OF', 'INCOMING')).filter((n) => n.__label === 'Organization'),
    acquired: (org: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, org, 'ACQUIRED', 'OUTGOING'),
    acquiredBy: (org: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, org, 'ACQUIRED', 'INCOMING'),
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
