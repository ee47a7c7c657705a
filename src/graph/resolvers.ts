/**
 * Resolvers shared by every entity type: the Entity interface's fields, facts, sources,
 * generic relationships, and the helpers the per-concept resolvers use to follow links.
 */
import { badInput } from '../errors.js';
import type { Context } from '../server/context.js';
import type { Fact } from '../seed/dataset.js';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../seed/model.js';
import type { Direction, SourceRecord } from './loaders.js';
import type { Link, NodeRecord, Props } from './records.js';

/** Links of one type and direction from a node, batched by the request's loader. */
export function links(ctx: Context, node: NodeRecord, type: RelationshipType | '*', direction: Direction): Promise<Link[]> {
  return ctx.loaders.links.load({ label: node.__label, id: node.id, type, direction });
}

/** The other ends of a node's links, each once, in name order. */
export async function neighbours(
  ctx: Context,
  node: NodeRecord,
  type: RelationshipType,
  direction: Direction,
  keep: (link: Link) => boolean = () => true,
): Promise<NodeRecord[]> {
  return distinct((await links(ctx, node, type, direction)).filter(keep).map((l) => l.other));
}

export function distinct(nodes: NodeRecord[]): NodeRecord[] {
  const seen = new Set<string>();
  return nodes.filter((n) => !seen.has(n.id) && Boolean(seen.add(n.id)));
}

export async function sourcesOf(ctx: Context, ids: unknown): Promise<SourceRecord[]> {
  if (!Array.isArray(ids)) return [];
  const sources = await ctx.loaders.source.loadMany(ids as string[]);
  return sources.filter((s): s is SourceRecord => s !== null && !(s instanceof Error));
}

export function parseFacts(json: unknown): Fact[] {
  return typeof json === 'string' ? (JSON.parse(json) as Fact[]) : [];
}

/** Fields of the Entity interface, shared by every entity type. */
export const entityFields = {
  aliases: (node: NodeRecord) => node.aliases ?? [],
  sources: (node: NodeRecord, _: unknown, ctx: Context) => sourcesOf(ctx, node.sources),
  facts: (node: NodeRecord, args: { property?: string | null }) =>
    parseFacts(node.facts).filter((fact) => !args.property || fact.property === args.property),
  disputed: (node: NodeRecord) => node.disputed ?? [],
  relationships: async (node: NodeRecord, args: { types?: RelationshipType[] | null; direction: Direction }, ctx: Context) => {
    const all = await links(ctx, node, '*', args.direction);
    return args.types && args.types.length > 0 ? all.filter((l) => args.types!.includes(l.type)) : all;
  },
};

/** Fields every link-shaped type has (Employment, Investment, Relationship, …). */
export const linkFields = {
  confidence: (link: Link) => link.props.confidence ?? 'single-source',
  note: (link: Link) => link.props.note ?? null,
  facts: (link: Link) => parseFacts(link.props.facts),
  sources: (link: Link, _: unknown, ctx: Context) => sourcesOf(ctx, link.props.sources),
};

export function prop<T>(name: string) {
  return (link: Link): T | null => (link.props[name] as T | undefined) ?? null;
}

/** Internal seed kinds are kebab-case; GraphQL enum values are UPPER_SNAKE. */
function enumOf(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v.toUpperCase().replace(/-/g, '_'), v]));
}

const RELATIONSHIP_PROPS_HIDDEN = new Set(['uid', 'key', 'sources', 'confidence', 'note', 'facts', 'disputed', 'dataset']);

export const sharedResolvers = {
  Confidence: enumOf(['confirmed', 'single-source', 'disputed']),
  RelationshipType: Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, t])),
  Entity: {
    __resolveType: (node: NodeRecord) => node.__label,
  },
  Fact: {
    value: (fact: Fact) =>
      typeof fact.value === 'object' ? `${fact.value.value} ${fact.value.currency}` : String(fact.value),
    money: (fact: Fact) => (typeof fact.value === 'object' ? fact.value : null),
    preferred: (fact: Fact) => fact.preferred === true,
    qualifiers: (fact: Fact) => qualifiers(fact.qualifiers ?? {}),
    sources: (fact: Fact, _: unknown, ctx: Context) => sourcesOf(ctx, fact.sources),
  },
  Relationship: {
    ...linkFields,
    properties: (link: Link) =>
      qualifiers(Object.fromEntries(Object.entries(link.props).filter(([k]) => !RELATIONSHIP_PROPS_HIDDEN.has(k)))),
  },
  Query: {
    entity: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.entity.load({ id: args.id }),
    source: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.source.load(args.id),
  },
};

export { enumOf };

/** Checks a page-size style argument; the message names the rule and the value. */
export function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function qualifiers(values: Props): { name: string; value: string }[] {
  return Object.entries(values).map(([name, value]) => ({ name, value: String(value) }));
}
