/**
 * The per-request DataLoaders. Each batch function runs ONE `UNWIND $ids` query per
 * (label, relationship type, direction) group and returns results in the order and length
 * of its keys, so a request costs a bounded number of round trips whatever it returns.
 * Created per request in the context function, never shared between requests.
 */
import DataLoader from 'dataloader';
import { groupBy } from '../collections.js';
import type { Database, RoundTripCounter } from '../db/gateway.js';
import { ENTITY_LABELS, type EntityLabel, type RelationshipType } from '../seed/model.js';
import { NODE, type Link, type NodeRecord, type Props } from './records.js';

/** What the loaders and resolvers need of the database gateway: reads. */
export type Reader = Pick<Database, 'read'>;

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
}

export function createLoaders(db: Reader, counter: RoundTripCounter): Loaders {
  const source = new DataLoader<string, SourceRecord | null>((ids) => loadSources(db, counter, ids));
  const prime = (sources: SourceRecord[]) => {
    for (const record of sources) source.prime(record.id, record);
  };
  return {
    entity: new DataLoader((keys) => loadEntities(db, counter, keys, prime), { cacheKeyFn: (k) => `${k.label ?? '*'}:${k.id}` }),
    links: new DataLoader((keys) => loadLinks(db, counter, keys, prime), {
      cacheKeyFn: (k) => `${k.label}:${k.id}:${k.type}:${k.direction}`,
    }),
    source,
  };
}

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

async function loadEntities(db: Reader, counter: RoundTripCounter, keys: readonly EntityKey[], prime: Prime): Promise<(NodeRecord | null)[]> {
  const found = new Map<string, NodeRecord>();
  // One query per label group, all at once (as loadLinks does).
  await Promise.all(
    [...groupBy(keys, (k) => k.label ?? '*', (k) => k.id)].map(async ([label, ids]) => {
      const cypher = label === '*' ? ANY_ENTITY : entitiesOf(label as EntityLabel);
      const rows = await db.read<{ id: string; node: NodeRecord; sources: SourceRecord[] }>(cypher, { ids: [...new Set(ids)] }, counter);
      for (const row of rows) {
        found.set(`${label}:${row.id}`, row.node);
        prime(row.sources);
      }
    }),
  );
  return keys.map((k) => found.get(`${k.label ?? '*'}:${k.id}`) ?? null);
}

/** Labels and types come from closed sets (checked by GraphQL enums), never from free text. */
function linksQuery(label: EntityLabel, type: RelationshipType | '*', direction: Direction): string {
  const rel = type === '*' ? '[r]' : `[r:${type}]`;
  const pattern = direction === 'OUTGOING' ? `-${rel}->` : direction === 'INCOMING' ? `<-${rel}-` : `-${rel}-`;
  return `
    UNWIND $ids AS id
    MATCH (n:${label} {id: id})
    OPTIONAL MATCH (n)${pattern}(m)
    WHERE m IS NULL OR ${ENTITY_LABELS.map((l) => `m:${l}`).join(' OR ')}
    WITH id, n, r, m ORDER BY m.name, type(r)
    RETURN id, ${NODE('n')} AS node,
           collect(CASE WHEN r IS NULL THEN null ELSE
             {type: type(r), props: properties(r), outgoing: startNode(r) = n, other: ${NODE('m')},
              sources: ${SOURCES_OF('coalesce(r.sources, []) + coalesce(m.sources, [])')}} END) AS links`;
}

interface LinkRow {
  id: string;
  node: NodeRecord;
  links: { type: RelationshipType; props: Props; outgoing: boolean; other: NodeRecord; sources: SourceRecord[] }[];
}

async function loadLinks(db: Reader, counter: RoundTripCounter, keys: readonly LinkKey[], prime: Prime): Promise<Link[][]> {
  const found = new Map<string, Link[]>();
  const groups = groupBy(keys, (k) => `${k.label}|${k.type}|${k.direction}`, (k) => k.id);
  await Promise.all(
    [...groups].map(async ([group, ids]) => {
      const [label, type, direction] = group.split('|') as [EntityLabel, RelationshipType | '*', Direction];
      const rows = await db.read<LinkRow>(linksQuery(label, type, direction), { ids: [...new Set(ids)] }, counter);
      for (const row of rows) {
        for (const l of row.links) prime(l.sources);
        const links = row.links.map((l) => ({
          type: l.type,
          props: l.props,
          from: l.outgoing ? row.node : l.other,
          to: l.outgoing ? l.other : row.node,
          other: l.other,
        }));
        found.set(`${group}|${row.id}`, links);
      }
    }),
  );
  return keys.map((k) => found.get(`${k.label}|${k.type}|${k.direction}|${k.id}`) ?? []);
}

const SOURCES = `
  UNWIND $ids AS id
  MATCH (s:Source {id: id})
  RETURN id, s {.*} AS source`;

async function loadSources(db: Reader, counter: RoundTripCounter, ids: readonly string[]): Promise<(SourceRecord | null)[]> {
  const rows = await db.read<{ id: string; source: SourceRecord }>(SOURCES, { ids: [...new Set(ids)] }, counter);
  const byId = new Map(rows.map((row) => [row.id, row.source]));
  return ids.map((id) => byId.get(id) ?? null);
}
