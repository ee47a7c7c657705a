/**
 * Resolvers shared by every entity type: the Entity interface's fields, facts, sources,
 * generic relationships, and the helpers the per-concept resolvers use to follow links.
 */
import { AppError, ErrorCode, badInput } from '../errors.js';
import type { Context } from './context.js';
import { CONFIDENCES, type Confidence, type Fact, type RelationshipType } from './model.js';
import type { Resolvers } from '../generated/graphql.js';
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { Direction, Hop, SourceRecord } from './loaders.js';
import { money, type Link, type NodeRecord, type Props } from './records.js';
import { asOfBound, holdsOn } from './time.js';

/**
 * Links of one type and direction from a node, batched by the request's loader; with
 * `asOf`, only those that held on that date (see graph/time.ts).
 */
export async function links(
  ctx: Context,
  node: NodeRecord,
  type: RelationshipType | '*',
  direction: Direction,
  asOf?: string | null,
  then?: Hop,
): Promise<Link[]> {
  const all = await ctx.loaders.links.load({
    label: node.__label,
    id: node.id,
    type,
    direction,
    ...(then ? { then } : {}),
  });
  const bound = asOfBound(asOf);
  const held = bound === null ? all : all.filter((link) => holdsOn(link, bound));
  ctx.budget.spend(held.length);
  return held;
}

/** The other ends of a node's links, each once, in name order. */
export async function neighbours(
  ctx: Context,
  node: NodeRecord,
  type: RelationshipType,
  direction: Direction,
  options: { keep?: (link: Link) => boolean; asOf?: string | null; then?: Hop } = {},
): Promise<NodeRecord[]> {
  const keep = options.keep ?? (() => true);
  return distinct(
    (await links(ctx, node, type, direction, options.asOf, options.then)).filter(keep).map((l) => l.other),
  );
}

/**
 * `then` when the query asks, below this field, for one of `fields` (directly or in a
 * fragment): the next level is then loaded in the same round trip as this one.
 */
export function nextHop(
  info: GraphQLResolveInfo,
  fields: string[],
  then: Hop,
  nodes: readonly FieldNode[] = info.fieldNodes,
): Hop | undefined {
  return nodes.some((node) => selected(info, node.selectionSet, fields).length > 0) ? then : undefined;
}

/** The fields named one of `names` in a selection set, looking into fragments. */
export function selected(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  names: string[],
  seen = new Set<string>(),
): FieldNode[] {
  return (set?.selections ?? []).flatMap((selection) => {
    if (selection.kind === 'Field') return names.includes(selection.name.value) ? [selection] : [];
    if (selection.kind === 'InlineFragment') return selected(info, selection.selectionSet, names, seen);
    const name = selection.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    return selected(info, info.fragments[name]?.selectionSet, names, seen);
  });
}

/** The `asOf` argument of a relationship field, for the helpers above. */
export type AsOfArgs = { asOf?: string | null };

export function distinct(nodes: NodeRecord[]): NodeRecord[] {
  const seen = new Set<string>();
  return nodes.filter((n) => !seen.has(n.id) && Boolean(seen.add(n.id)));
}

/** A comparator: earliest ISO date first, undated last, then by name. */
export function earliestFirst<T>(date: (item: T) => unknown, name: (item: T) => string) {
  return (a: T, b: T): number => {
    const x = typeof date(a) === 'string' ? (date(a) as string) : '9999';
    const y = typeof date(b) === 'string' ? (date(b) as string) : '9999';
    return x.localeCompare(y) || name(a).localeCompare(name(b));
  };
}

export async function sourcesOf(ctx: Context, ids: unknown): Promise<SourceRecord[]> {
  if (!Array.isArray(ids)) return [];
  // load, not loadMany: a database error must fail the field, not look like "no sources".
  const sources = await Promise.all((ids as string[]).map((id) => ctx.loaders.source.load(id)));
  ctx.budget.spend(sources.length);
  return sources.filter((s): s is SourceRecord => s !== null);
}

export function parseFacts(json: unknown): Fact[] {
  return typeof json === 'string' ? (JSON.parse(json) as Fact[]) : [];
}

/** Fields of the Entity interface, shared by every entity type. */
export const entityFields = {
  aliases: (node: NodeRecord) => (node.aliases as string[] | undefined) ?? [],
  sources: (node: NodeRecord, _: unknown, ctx: Context) => sourcesOf(ctx, node.sources),
  facts: (node: NodeRecord, args: { property?: string | null }) =>
    parseFacts(node.facts).filter((fact) => !args.property || fact.property === args.property),
  disputed: (node: NodeRecord) => (node.disputed as string[] | undefined) ?? [],
  relationships: async (
    node: NodeRecord,
    args: { types?: RelationshipType[] | null; direction: Direction; asOf?: string | null },
    ctx: Context,
  ) => {
    const all = await links(ctx, node, '*', args.direction, args.asOf);
    return args.types && args.types.length > 0 ? all.filter((l) => args.types!.includes(l.type)) : all;
  },
};

/** Fields every link-shaped type has (Employment, Investment, Relationship, …). */
export const linkFields = {
  confidence: (link: Link) => (link.props.confidence as Confidence | undefined) ?? 'single-source',
  note: (link: Link) => (link.props.note as string | undefined) ?? null,
  facts: (link: Link) => parseFacts(link.props.facts),
  sources: (link: Link, _: unknown, ctx: Context) => sourcesOf(ctx, link.props.sources),
};

export function prop<T>(name: string) {
  return (link: Link): T | null => (link.props[name] as T | undefined) ?? null;
}

type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;
/** { COMPANY: 'company', INVESTMENT_FIRM: 'investment-firm', … } for a closed set. */
export type EnumMap<T extends string> = { [K in T as Uppercase<Snake<K>>]: K };

/** Internal closed sets are kebab-case; GraphQL enum values are UPPER_SNAKE. */
export function enumOf<T extends string>(values: readonly T[]): EnumMap<T> {
  return Object.fromEntries(values.map((v) => [v.toUpperCase().replace(/-/g, '_'), v])) as EnumMap<T>;
}

const RELATIONSHIP_PROPS_HIDDEN = new Set([
  'uid',
  'key',
  'sources',
  'confidence',
  'note',
  'facts',
  'disputed',
  'dataset',
]);

export const sharedResolvers: Resolvers = {
  Confidence: enumOf(CONFIDENCES),
  Entity: {
    __resolveType: (node: NodeRecord) => node.__label,
  },
  Fact: {
    value: (fact) =>
      typeof fact.value === 'object' ? `${fact.value.value} ${fact.value.currency}` : String(fact.value),
    money: (fact) => (typeof fact.value === 'object' ? fact.value : null),
    preferred: (fact) => fact.preferred === true,
    qualifiers: (fact) => qualifiers(fact.qualifiers ?? {}),
    sources: (fact, _, ctx) => sourcesOf(ctx, fact.sources),
  },
  Relationship: {
    ...linkFields,
    source: (link) => link.from.id,
    target: (link) => link.to.id,
    amount: (link) => money(link.props, 'amount'),
    stakePercent: prop<number>('stakePercent'),
    lead: prop<boolean>('lead'),
    role: prop<string>('role'),
    since: prop<string>('since'),
    until: prop<string>('until'),
    date: prop<string>('date'),
    properties: (link) =>
      qualifiers(Object.fromEntries(Object.entries(link.props).filter(([k]) => !RELATIONSHIP_PROPS_HIDDEN.has(k)))),
  },
  Query: {
    entity: (_, args, ctx) => ctx.loaders.entity.load({ id: args.id }),
    source: (_, args, ctx) => ctx.loaders.source.load(args.id),
  },
};

/**
 * Checks a size-style argument (page size, hops, depth): below the minimum is
 * BAD_USER_INPUT, above the maximum (asking for too much work) QUERY_TOO_COMPLEX; the
 * message names the rule and the value.
 */
export function checkRange(name: string, value: number, min: number, max: number): number {
  const message = `${name} must be between ${min} and ${max}, got ${value}`;
  if (Number.isInteger(value) && value > max) throw new AppError(ErrorCode.QUERY_TOO_COMPLEX, message);
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(message);
  return value;
}

function qualifiers(values: Props): { name: string; value: string }[] {
  return Object.entries(values).map(([name, value]) => ({ name, value: String(value) }));
}
