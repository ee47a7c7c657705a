/**
 * The per-request DataLoaders. Each batch function runs ONE `UNWIND $ids` query per
 * (label, relationship type, direction) group and returns results in the order and length
 * of its keys, so a request costs a bounded number of round trips whatever it returns.
 * Created per request in the context function, never shared between requests.
 */
import DataLoader from 'dataloader';
import { groupBy } from '../collections.js';
import type { Reader } from './context.js';
import { ENTITY_LABELS, type EntityLabel, type RelationshipType } from './model.js';
import { NODE, type Link, type NodeRecord, type Props } from './records.js';

export type Direction = 'OUTGOING' | 'INCOMING' | 'BOTH';

export interface EntityKey {
  /** undefined: any entity label. */
  label?: EntityLabel;
  id: string;
}

export interface LinkKey {
  label: EntityLabel;
  id: string;
  /** '*' loads every type in one query. */
  type: RelationshipType | '*';
  direction: Direction;
  /**
   * Also the links of this type and direction of every node at the other end, in the same
   * query, primed into this loader (as if each had been loaded on its own): a resolver that
   * knows the next level will be asked saves a wave of round trips.
   */
  then?: Hop;
}

/** One step from a node: a relationship type and direction. */
export interface Hop {
  type: RelationshipType;
  direction: Direction;
}

export interface SourceRecord extends Props {
  id: string;
  url?: string;
  title: string;
}

export interface Loaders {
  entity: DataLoader<EntityKey, NodeRecord | null, string>;
  links: DataLoader<LinkKey, Link[], string>;
  source: DataLoader<string, SourceRecord | null>;
  /**
   * One entity and some of its link lists in ONE round trip (a root field that knows what
   * is asked below it): primes the entity and links loaders, so the field resolvers find
   * them there.
   */
  withLinks(label: EntityLabel, id: string, lists: Omit<LinkKey, 'label' | 'id'>[]): Promise<NodeRecord | null>;
  /** The link lists of a node read by another query (`linkLists`), into the loaders. */
  primeLists(node: NodeRecord, lists: Omit<LinkKey, 'label' | 'id'>[], raw: unknown): void;
}

/** Cypher for `lists` of the node bound to `node`, as withLinks reads them (for Loaders.primeLists). */
export function linkLists(node: string, lists: Omit<LinkKey, 'label' | 'id'>[]): string {
  return `[${lists.map((list) => linksOf(node, list.type, list.direction, list.then)).join(', ')}]`;
}

export function createLoaders(db: Reader): Loaders {
  const source = new DataLoader<string, SourceRecord | null>((ids) => loadSources(db, ids));
  const prime = (sources: SourceRecord[]) => {
    for (const record of sources) source.prime(record.id, record);
  };
  const links: DataLoader<LinkKey, Link[], string> = new DataLoader(
    (keys) => loadLinks(db, keys, prime, (key, value) => links.prime(key, value)),
    { cacheKeyFn: linkCacheKey },
  );
  const entity = new DataLoader<EntityKey, NodeRecord | null, string>((keys) => loadEntities(db, keys, prime), {
    cacheKeyFn: (k) => `${k.label ?? '*'}:${k.id}`,
  });
  const withLinks: Loaders['withLinks'] = async (label, id, lists) => {
    const [row] = await db.read<{ node: NodeRecord; sources: SourceRecord[]; lists: RawLink[][] }>(
      withLinksQuery(label, lists),
      { id },
    );
    if (!row) {
      entity.prime({ label, id }, null);
      return null;
    }
    prime(row.sources);
    entity.prime({ label, id }, row.node);
    primeLists(row.node, lists, row.lists);
    return row.node;
  };
  const primeLists: Loaders['primeLists'] = (node, lists, raw) => {
    const found = raw as RawLink[][];
    lists.forEach((list, i) => {
      links.prime({ label: node.__label, id: node.id, ...list }, toLinks(node, found[i], prime));
      if (list.then) primeNext(found[i], list.then, prime, (key, value) => links.prime(key, value));
    });
  };
  return { entity, links, source, withLinks, primeLists };
}

const linkCacheKey = (k: LinkKey) =>
  `${k.label}:${k.id}:${k.type}:${k.direction}${k.then ? `>${k.then.type}:${k.then.direction}` : ''}`;

// ---- private: batch functions ----

/**
 * The sources an entity or link names come with it (an index seek each), priming the
 * source loader: `sources` is asked on nearly every level of a nested query, and a
 * separate sources round trip after each level of links doubled the waves of round trips.
 */
const SOURCES_OF = (list: string) => `COLLECT { MATCH (s:Source) WHERE s.id IN ${list} RETURN s {.*} }`;
type Prime = (sources: SourceRecord[]) => void;

const ANY_ENTITY = `
  UNWIND $ids AS id
  CALL {
    ${ENTITY_LABELS.map((label) => `WITH id MATCH (n:${label} {id: id}) RETURN n`).join(' UNION ')}
  }
  RETURN id, ${NODE('n')} AS node, ${SOURCES_OF('coalesce(n.sources, [])')} AS sources`;

const entitiesOf = (label: EntityLabel) => `
  UNWIND $ids AS id
  MATCH (n:${label} {id: id})
  RETURN id, ${NODE('n')} AS node, ${SOURCES_OF('coalesce(n.sources, [])')} AS sources`;

async function loadEntities(db: Reader, keys: readonly EntityKey[], prime: Prime): Promise<(NodeRecord | null)[]> {
  const found = new Map<string, NodeRecord>();
  // One query per label group, all at once (as loadLinks does).
  await Promise.all(
    [
      ...groupBy(
        keys,
        (k) => k.label ?? '*',
        (k) => k.id,
      ),
    ].map(async ([label, ids]) => {
      const cypher = label === '*' ? ANY_ENTITY : entitiesOf(label as EntityLabel);
      const rows = await db.read<{ id: string; node: NodeRecord; sources: SourceRecord[] }>(cypher, {
        ids: [...new Set(ids)],
      });
      for (const row of rows) {
        found.set(`${label}:${row.id}`, row.node);
        prime(row.sources);
      }
    }),
  );
  return keys.map((k) => found.get(`${k.label ?? '*'}:${k.id}`) ?? null);
}

/** A node's links of one type and direction as a list subquery (the loader's order), each with its next hop. */
function linksOf(
  node: string,
  type: RelationshipType | '*',
  direction: Direction,
  then: Hop | undefined,
  depth = 1,
): string {
  const [r, m] = [`r${depth}`, `m${depth}`];
  const next = then ? linksOf(m, then.type, then.direction, undefined, depth + 1) : 'null';
  return `COLLECT {
        MATCH (${node})${pattern(type, direction, r)}(${m})
        WHERE ${isEntity(m)}
        WITH ${r}, ${m} ORDER BY ${m}.name, type(${r})
        RETURN ${linkMap(node, r, m, next)} }`;
}

/** One link of `node` as the loaders read it (a RawLink): relationship `r` to entity `m`, their sources, and `next`. */
function linkMap(node: string, r: string, m: string, next: string): string {
  return `{type: type(${r}), props: properties(${r}), outgoing: startNode(${r}) = ${node}, other: ${NODE(m)},
           sources: ${SOURCES_OF(`coalesce(${r}.sources, []) + coalesce(${m}.sources, [])`)}, next: ${next}}`;
}

const isEntity = (variable: string) => ENTITY_LABELS.map((l) => `${variable}:${l}`).join(' OR ');

function withLinksQuery(label: EntityLabel, lists: Omit<LinkKey, 'label' | 'id'>[]): string {
  return `
    MATCH (n:${label} {id: $id})
    RETURN ${NODE('n')} AS node, ${SOURCES_OF('coalesce(n.sources, [])')} AS sources,
           ${linkLists('n', lists)} AS lists`;
}

/** Labels and types come from closed sets (checked by GraphQL enums), never from free text. */
function linksQuery(label: EntityLabel, type: RelationshipType | '*', direction: Direction, then?: Hop): string {
  const next = then ? linksOf('m', then.type, then.direction, undefined, 2) : 'null';
  return `
    UNWIND $ids AS id
    MATCH (n:${label} {id: id})
    OPTIONAL MATCH (n)${pattern(type, direction, 'r')}(m)
    WHERE m IS NULL OR ${isEntity('m')}
    WITH id, n, r, m, CASE WHEN m IS NULL THEN null ELSE ${next} END AS next ORDER BY m.name, type(r)
    RETURN id, ${NODE('n')} AS node,
           collect(CASE WHEN r IS NULL THEN null ELSE ${linkMap('n', 'r', 'm', 'next')} END) AS links`;
}

function pattern(type: RelationshipType | '*', direction: Direction, variable: string): string {
  const rel = type === '*' ? `[${variable}]` : `[${variable}:${type}]`;
  return direction === 'OUTGOING' ? `-${rel}->` : direction === 'INCOMING' ? `<-${rel}-` : `-${rel}-`;
}

interface RawLink {
  type: RelationshipType;
  props: Props;
  outgoing: boolean;
  other: NodeRecord;
  sources: SourceRecord[];
  next: RawLink[] | null;
}

interface LinkRow {
  id: string;
  node: NodeRecord;
  links: RawLink[];
}

type PrimeLinks = (key: LinkKey, links: Link[]) => void;

async function loadLinks(
  db: Reader,
  keys: readonly LinkKey[],
  prime: Prime,
  primeLinks: PrimeLinks,
): Promise<Link[][]> {
  const found = new Map<string, Link[]>();
  const base = (k: LinkKey) => `${k.label}|${k.type}|${k.direction}`;
  // One query per (label, type, direction) and next hop asked; keys that ask no next hop
  // ride along with a query that loads one (their links are the same), not a query of their own.
  const queries: { group: string; then?: Hop; ids: Set<string> }[] = [];
  for (const [group, groupKeys] of groupBy(keys, base, (k) => k)) {
    const thens = new Map<string, { then?: Hop; ids: Set<string> }>();
    for (const k of groupKeys) {
      const hop = k.then ? `${k.then.type}|${k.then.direction}` : '';
      if (!thens.has(hop)) thens.set(hop, { then: k.then, ids: new Set() });
      thens.get(hop)!.ids.add(k.id);
    }
    const plain = thens.get('');
    const withHop = [...thens.values()].filter((q) => q.then);
    if (plain && withHop.length > 0) {
      for (const id of plain.ids) withHop[0].ids.add(id);
      thens.delete('');
    }
    for (const q of thens.values()) queries.push({ group, ...q });
  }
  await Promise.all(
    queries.map(async ({ group, then, ids }) => {
      const [label, type, direction] = group.split('|') as [EntityLabel, RelationshipType | '*', Direction];
      const rows = await db.read<LinkRow>(linksQuery(label, type, direction, then), { ids: [...ids] });
      for (const row of rows) {
        found.set(`${group}|${row.id}`, toLinks(row.node, row.links, prime));
        if (!then) continue;
        primeNext(row.links, then, prime, primeLinks);
      }
    }),
  );
  return keys.map((k) => found.get(`${base(k)}|${k.id}`) ?? []);
}

/** The next hop's links of each link's other end, into the links loader. */
function primeNext(raw: RawLink[], then: Hop, prime: Prime, primeLinks: PrimeLinks): void {
  for (const l of raw) {
    if (l.next) primeLinks({ label: l.other.__label, id: l.other.id, ...then }, toLinks(l.other, l.next, prime));
  }
}

function toLinks(node: NodeRecord, raw: RawLink[], prime: Prime): Link[] {
  return raw.map((l) => {
    prime(l.sources);
    return {
      type: l.type,
      props: l.props,
      from: l.outgoing ? node : l.other,
      to: l.outgoing ? l.other : node,
      other: l.other,
    };
  });
}

const SOURCES = `
  UNWIND $ids AS id
  MATCH (s:Source {id: id})
  RETURN id, s {.*} AS source`;

async function loadSources(db: Reader, ids: readonly string[]): Promise<(SourceRecord | null)[]> {
  const rows = await db.read<{ id: string; source: SourceRecord }>(SOURCES, { ids: [...new Set(ids)] });
  const byId = new Map(rows.map((row) => [row.id, row.source]));
  return ids.map((id) => byId.get(id) ?? null);
}
