/**
 * Loads a validated seed dataset into Neo4j in ONE write transaction: batched
 * `UNWIND $rows ... MERGE`, never one query per row. Re-running changes nothing; records
 * removed from the seed files are removed from the graph (only those of the same
 * dataset, so generated data can sit beside the seed). Either all of it commits or none.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Database, Params, Row, Tx } from '../db/gateway.js';
import { groupBy } from '../collections.js';
import { int } from '../db/gateway.js';
import {
  ENTITY_LABELS,
  KNOWN_FACTS,
  RELATIONSHIP_TYPES,
  type EntityLabel,
  type Fact,
  type FactValue,
  type FieldKind,
  type Money,
  type RelationshipType,
} from '../graph/model.js';
import {
  periodOf,
  type EntityRecord,
  type RelationshipRecord,
  type SeedDataset,
  type SourceRecord,
} from './dataset.js';

export const SEED_DATASET = 'seed';
const BATCH_SIZE = 2_000;
const BULK_BATCH_SIZE = 10_000;
const BULK_INCOMPLETE = 'incomplete';

export interface LoadOptions {
  /** Name that marks what this load wrote; a load replaces only its own dataset. */
  dataset?: string;
  /** Delete every node of every dataset first. */
  reset?: boolean;
  progress?: (line: string) => void;
  /**
   * Bulk mode, for generated graphs of a million relationships: delete the dataset, then
   * CREATE in batches, each batch its own transaction (one transaction that size needs
   * gigabytes of Neo4j heap). Not all or nothing: an interrupted bulk load leaves part of
   * its dataset, marked incomplete in its SeedState, and the next load of that dataset
   * deletes it first. Not for the seed dataset, which must load whole or not at all.
   */
  bulk?: boolean;
}

export interface LoadSummary {
  dataset: string;
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  removedNodes: number;
  removedRelationships: number;
  millis: number;
  /** Bulk mode: the time spent writing, without deleting the previous dataset first. */
  writeMillis?: number;
}

type Props = Record<string, unknown>;
export interface NodeRow {
  id: string;
  props: Props;
}
export interface RelRow {
  from: string;
  to: string;
  uid: string;
  props: Props;
}

export async function loadSeed(db: Database, data: SeedDataset, options: LoadOptions = {}): Promise<LoadSummary> {
  const dataset = options.dataset ?? SEED_DATASET;
  const progress = options.progress ?? (() => undefined);
  const started = Date.now();
  const labelOf = new Map(data.entities.map((e) => [e.id, e.label]));
  const nodeGroups = groupNodes(data, dataset);
  const relGroups = groupRelationships(data.relationships, labelOf, dataset);
  if (options.bulk) {
    if (dataset === SEED_DATASET)
      throw new Error(`bulk mode is for generated datasets; the "${SEED_DATASET}" dataset loads in one transaction`);
    return loadBulk(db, data, dataset, nodeGroups, relGroups, progress, started);
  }

  const summary = await db.writeTransaction(async (tx) => {
    if (options.reset) {
      progress('seed: --reset: deleting the whole graph');
      await deleteInBatches(
        tx,
        'MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n',
      );
    }
    await refuseTakeOver((cypher, params) => tx.run(cypher, params), data, dataset);
    const totalNodes = [...nodeGroups.values()].reduce((n, rows) => n + rows.length, 0);
    const totalRels = [...relGroups.values()].reduce((n, rows) => n + rows.length, 0);
    progress(`seed: writing ${totalNodes} nodes and ${totalRels} relationships in one transaction ...`);
    const nodes: Record<string, number> = {};
    for (const [label, rows] of nodeGroups) {
      await inBatches(rows, (batch) => tx.run(mergeNodes(label), { rows: batch }));
      nodes[label] = rows.length;
    }
    const relationships: Record<string, number> = {};
    for (const [group, rows] of relGroups) {
      await inBatches(rows, (batch) => tx.run(mergeRelationships(group), { rows: batch }));
      relationships[group.type] = (relationships[group.type] ?? 0) + rows.length;
    }

    // Prune per label and per type: an entity that moved to another label leaves no copy
    // behind, and each scan stays within one label or type.
    let removedRelationships = 0;
    for (const type of RELATIONSHIP_TYPES) {
      const uids = [...relGroups]
        .filter(([group]) => group.type === type)
        .flatMap(([, rows]) => rows.map((row) => row.uid));
      const [{ removed }] = await tx.run<{ removed: number }>(pruneRelationships(type), { dataset, uids });
      removedRelationships += removed;
    }
    let removedNodes = 0;
    for (const label of [...ENTITY_LABELS, 'Source'] as const) {
      const ids = (nodeGroups.get(label) ?? []).map((row) => row.id);
      const [{ removed }] = await tx.run<{ removed: number }>(pruneNodes(label), { dataset, ids });
      removedNodes += removed;
    }
    const content = await datasetContent((cypher, params) => tx.run(cypher, params), dataset);
    await tx.run(RECORD_STATE, { dataset, hash: data.hash, files: data.files, ...content });
    return { dataset, nodes, relationships, removedNodes, removedRelationships, millis: 0 };
  });
  summary.millis = Date.now() - started;
  return summary;
}

/**
 * The rows a load writes for a dataset: nodes by label, relationships by type and end
 * labels, each with the properties they get (bulk rows without empty lists, see `lean`).
 * The offline importer (import.ts) writes the same rows as CSV.
 */
export function datasetRows(
  data: SeedDataset,
  dataset: string,
  options: { lean?: boolean } = {},
): { nodes: Map<EntityLabel | 'Source', NodeRow[]>; relationships: Map<RelGroup, RelRow[]> } {
  const labelOf = new Map(data.entities.map((e) => [e.id, e.label]));
  const nodes = groupNodes(data, dataset);
  const relationships = groupRelationships(data.relationships, labelOf, dataset);
  if (!options.lean) return { nodes, relationships };
  return {
    nodes: new Map([...nodes].map(([label, rows]) => [label, rows.map(lean)])),
    relationships: new Map([...relationships].map(([group, rows]) => [group, rows.map(lean)])),
  };
}

async function loadBulk(
  db: Database,
  data: SeedDataset,
  dataset: string,
  nodeGroups: Map<EntityLabel | 'Source', NodeRow[]>,
  relGroups: Map<RelGroup, RelRow[]>,
  progress: (line: string) => void,
  started: number,
): Promise<LoadSummary> {
  await refuseTakeOver((cypher, params) => db.read(cypher, params), data, dataset);
  // Marked incomplete first: whatever happens next, the dataset is never taken for loaded.
  await db.write(RECORD_STATE, { dataset, hash: BULK_INCOMPLETE, files: data.files, ...NO_CONTENT });
  // Relationships first, then the nodes: a batch of nodes with their relationships can
  // hold a hub's tens of thousands of links and outgrow the transaction memory limit.
  const batch = { dataset, limit: int(BULK_BATCH_SIZE) };
  let removedRelationships = 0;
  for (const type of RELATIONSHIP_TYPES) {
    await db.writeUntilDone(deleteDatasetRelationships(type), batch, (removed) => {
      removedRelationships += removed;
      if (removedRelationships % 100_000 < BULK_BATCH_SIZE)
        progress(`seed: bulk: deleted ${removedRelationships} relationships of the previous "${dataset}" dataset`);
    });
  }
  let removedNodes = 0;
  for (const label of [...ENTITY_LABELS, 'Source'] as const)
    removedNodes += await db.writeUntilDone(deleteDatasetNodes(label), batch);
  if (removedNodes > 0)
    progress(
      `seed: bulk: deleted ${removedNodes} nodes and ${removedRelationships} relationships of the previous "${dataset}" dataset`,
    );
  const totalRels = [...relGroups.values()].reduce((n, rows) => n + rows.length, 0);
  const writeStarted = Date.now();
  const nodes: Record<string, number> = {};
  // Each new node's element id, so a relationship finds its ends by id seek, not by index.
  const elementIds = new Map<string, string>();
  for (const [label, rows] of nodeGroups) {
    // Two batches at a time: new nodes share no locks, so both cores can write.
    await inBatches(
      rows,
      async (batch) => {
        const created = await db.write<{ id: string; element: string }>(createNodes(label), { rows: batch.map(lean) });
        for (const { id, element } of created) elementIds.set(`${label}:${id}`, element);
      },
      BULK_BATCH_SIZE,
      2,
    );
    nodes[label] = rows.length;
  }
  progress(
    `seed: bulk: ${Object.values(nodes).reduce((a, b) => a + b, 0)} nodes written in ${Date.now() - writeStarted} ms; ${totalRels} relationships to go`,
  );
  const relsStarted = Date.now();
  const relationships: Record<string, number> = {};
  let written = 0;
  let reported = 0;
  for (const [group, rows] of relGroups) {
    // Two batches at a time, as for the nodes; sorted by the start node, the two touch
    // different start nodes (a deadlock on a shared end node is retried by executeWrite).
    const sorted = [...rows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    await inBatches(
      sorted,
      async (batch) => {
        const seek: { a: string; b: string; props: Props }[] = [];
        const byId: RelRow[] = [];
        for (const row of batch) {
          const a = elementIds.get(`${group.fromLabel}:${row.from}`);
          const b = elementIds.get(`${group.toLabel}:${row.to}`);
          if (a !== undefined && b !== undefined) seek.push({ a, b, props: lean(row).props });
          else byId.push(lean(row)); // an end this load did not create: found by its id
        }
        if (seek.length > 0) await db.write(createRelationships(group), { rows: seek });
        if (byId.length > 0) await db.write(createRelationshipsById(group), { rows: byId });
        written += batch.length;
        if (written - reported >= 100_000 || written === totalRels) {
          reported = written;
          const seconds = (Date.now() - relsStarted) / 1000;
          progress(`seed: bulk: ${written}/${totalRels} relationships (${Math.round(written / seconds)}/s)`);
        }
      },
      BULK_BATCH_SIZE,
      2,
    );
    relationships[group.type] = (relationships[group.type] ?? 0) + rows.length;
  }
  await db.write(RECORD_STATE, { dataset, hash: data.hash, files: data.files, ...NO_CONTENT });
  // A bulk load deletes everything of its dataset first, so what it removed is all of it.
  return {
    dataset,
    nodes,
    relationships,
    removedNodes,
    removedRelationships,
    millis: Date.now() - started,
    writeMillis: Date.now() - writeStarted,
  };
}

/**
 * Bulk rows without their empty lists (facts, disputed, aliases): the API reads a missing
 * one as empty, and every property is a record to write; at a million relationships the
 * loader runs at about the database's own speed for the properties it writes.
 */
function lean<T extends { props: Props }>(row: T): T {
  const props = Object.fromEntries(
    Object.entries(row.props).filter(
      ([name, value]) =>
        !(EMPTY_OK.has(name) && (value === '[]' || value === '' || (Array.isArray(value) && value.length === 0))),
    ),
  );
  return { ...row, props };
}
const EMPTY_OK = new Set(['facts', 'disputed', 'aliases', 'aliasText']);

/** The hash of the seed files last loaded for a dataset, or undefined. */
export async function loadedHash(db: Database, dataset = SEED_DATASET): Promise<string | undefined> {
  const rows = await db.read<{ hash: string }>('MATCH (s:SeedState {dataset: $dataset}) RETURN s.hash AS hash', {
    dataset,
  });
  return rows[0]?.hash;
}

/**
 * What a dataset's last load recorded: the hash of its files and, for a load in one
 * transaction, the counts and content hash of what it left in the graph (see datasetContent).
 */
export interface SeedState {
  hash: string;
  nodes?: number;
  relationships?: number;
  content?: string;
}

export async function seedState(db: Database, dataset = SEED_DATASET): Promise<SeedState | undefined> {
  const rows = await db.read<{ state: SeedState }>(
    'MATCH (s:SeedState {dataset: $dataset}) RETURN s {.hash, .nodes, .relationships, .content} AS state',
    { dataset },
  );
  return rows[0]?.state;
}

export interface DatasetContent {
  nodes: number;
  relationships: number;
  /** sha256 of every node and relationship of the dataset with every property, in a fixed order. */
  content: string;
}

/**
 * The counts and content hash of what a dataset holds in the graph now. The loader records
 * them with the load (in its transaction), so `npm start` can tell a graph that no longer
 * matches its seed files (a node deleted or changed by hand, a crashed write) from one
 * that does, which the files' hash alone cannot.
 */
export async function datasetContent(
  run: (cypher: string, params: Params) => Promise<Row[]>,
  dataset: string,
): Promise<DatasetContent> {
  const hash = crypto.createHash('sha256');
  let nodes = 0;
  for (const label of [...ENTITY_LABELS, 'Source'] as const) {
    const rows = await run(datasetNodes(label), { dataset });
    nodes += rows.length;
    for (const row of rows) hash.update(`${label}\n${stableJson(row.props)}\n`);
  }
  const rels = await run(DATASET_RELATIONSHIPS, { dataset });
  for (const row of rels) hash.update(`${row.type} ${row.from} ${row.to}\n${stableJson(row.props)}\n`);
  return { nodes, relationships: rels.length, content: hash.digest('hex') };
}

/**
 * A load defines ids; an id another dataset already owns is not taken over (a later load
 * of this dataset would then delete it, with its links, from under the other). Thrown
 * before anything is written.
 */
export class DatasetConflictError extends Error {
  constructor(
    readonly dataset: string,
    readonly conflicts: { id: string; label: string; owner: string; file: string }[],
  ) {
    const shown = conflicts
      .slice(0, 10)
      .map((c) => `  "${c.id}" (${c.label}), defined in ${c.file}, belongs to dataset "${c.owner}"`);
    const more = conflicts.length > 10 ? [`  … and ${conflicts.length - 10} more`] : [];
    super(
      `dataset "${dataset}" defines ${conflicts.length === 1 ? 'an id' : `${conflicts.length} ids`} that another dataset already loaded; ` +
        `nothing was loaded (give the record another id, or move it into that dataset's files):\n${[...shown, ...more].join('\n')}`,
    );
    this.name = 'DatasetConflictError';
  }
}

/** Counts of every node label and relationship type in the graph (for summaries and tests). */
export async function graphCounts(
  db: Database,
): Promise<{ nodes: Record<string, number>; relationships: Record<string, number> }> {
  const nodes = await db.read<{ label: string; n: number }>(
    'MATCH (n) UNWIND labels(n) AS label WITH label WHERE label IN $labels RETURN label, count(*) AS n',
    { labels: [...ENTITY_LABELS, 'Source'] },
  );
  const rels = await db.read<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
  return {
    nodes: Object.fromEntries(nodes.map((row) => [row.label, row.n])),
    relationships: Object.fromEntries(rels.map((row) => [row.type, row.n])),
  };
}

// ---- private: Cypher ----

const NO_CONTENT = { nodes: null, relationships: null, content: null };

/** At most this many conflicts are looked up per label: the error lists ten. */
const CONFLICTS_SHOWN = 20;

async function refuseTakeOver(
  run: (cypher: string, params: Params) => Promise<Row[]>,
  data: SeedDataset,
  dataset: string,
): Promise<void> {
  const entityIds = data.entities.map((e) => e.id);
  const conflicts: { id: string; label: string; owner: string; file: string }[] = [];
  for (const label of [...ENTITY_LABELS, 'Source'] as const) {
    const ids = label === 'Source' ? data.sources.map((s) => s.id) : entityIds;
    if (ids.length === 0) continue;
    const rows = await run(ownedElsewhere(label), { ids, dataset, shown: int(CONFLICTS_SHOWN) });
    for (const row of rows) {
      const file = data.origins?.get(row.id as string) ?? path.relative(process.cwd(), data.dir);
      conflicts.push({ id: row.id as string, label, owner: row.owner as string, file });
    }
  }
  if (conflicts.length > 0) throw new DatasetConflictError(dataset, conflicts);
}

/** A node without a dataset (written before datasets were recorded) belongs to none: it is not taken over either. */
function ownedElsewhere(label: EntityLabel | 'Source'): string {
  return `
    UNWIND $ids AS id
    MATCH (n:${label} {id: id})
    WHERE coalesce(n.dataset, '') <> $dataset
    RETURN n.id AS id, coalesce(n.dataset, '(none)') AS owner
    ORDER BY id LIMIT $shown`;
}

function datasetNodes(label: EntityLabel | 'Source'): string {
  return `
    MATCH (n:${label})
    WHERE n.dataset = $dataset
    RETURN properties(n) AS props
    ORDER BY n.id`;
}

const DATASET_RELATIONSHIPS = `
  MATCH (a)-[r]->(b)
  WHERE r.dataset = $dataset
  RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
  ORDER BY r.uid, type, from, to`;

/** Labels and types come from the closed sets in model.ts, never from a client. */
function mergeNodes(label: EntityLabel | 'Source'): string {
  return `
    UNWIND $rows AS row
    MERGE (n:${label} {id: row.id})
    SET n = row.props`;
}

function mergeRelationships(group: RelGroup): string {
  return `
    UNWIND $rows AS row
    MATCH (a:${group.fromLabel} {id: row.from})
    MATCH (b:${group.toLabel} {id: row.to})
    MERGE (a)-[r:${group.type} {uid: row.uid}]->(b)
    SET r = row.props`;
}

function createNodes(label: EntityLabel | 'Source'): string {
  return `
    UNWIND $rows AS row
    CREATE (n:${label})
    SET n = row.props
    RETURN n.id AS id, elementId(n) AS element`;
}

/** Ends by element id (an id seek: no index lookup per end), for ends this load created. */
function createRelationshipsById(group: RelGroup): string {
  return `
    UNWIND $rows AS row
    MATCH (a:${group.fromLabel} {id: row.from})
    MATCH (b:${group.toLabel} {id: row.to})
    CREATE (a)-[r:${group.type}]->(b)
    SET r = row.props`;
}

function createRelationships(group: RelGroup): string {
  return `
    UNWIND $rows AS row
    MATCH (a:${group.fromLabel}) WHERE elementId(a) = row.a
    MATCH (b:${group.toLabel}) WHERE elementId(b) = row.b
    CREATE (a)-[r:${group.type}]->(b)
    SET r = row.props`;
}

/** Deleted ones are gone, so each batch finds the next without rescanning what it removed. */
function deleteDatasetRelationships(type: RelationshipType): string {
  return `
    MATCH ()-[r:${type}]->()
    WHERE r.dataset = $dataset
    WITH r LIMIT $limit
    DELETE r
    RETURN count(*) AS changed`;
}

function deleteDatasetNodes(label: EntityLabel | 'Source'): string {
  return `
    MATCH (n:${label})
    WHERE n.dataset = $dataset
    WITH n LIMIT $limit
    DETACH DELETE n
    RETURN count(*) AS changed`;
}

function pruneRelationships(type: RelationshipType): string {
  return `
    MATCH ()-[r:${type}]->()
    WHERE r.dataset = $dataset AND NOT r.uid IN $uids
    DELETE r
    RETURN count(r) AS removed`;
}

function pruneNodes(label: EntityLabel | 'Source'): string {
  return `
    MATCH (n:${label})
    WHERE n.dataset = $dataset AND NOT n.id IN $ids
    DETACH DELETE n
    RETURN count(n) AS removed`;
}

export const RECORD_STATE = `
  MERGE (s:SeedState {dataset: $dataset})
  SET s.hash = $hash, s.files = $files, s.loadedAt = datetime(),
      s.nodes = $nodes, s.relationships = $relationships, s.content = $content`;

// ---- private: records to rows ----

export interface RelGroup {
  type: RelationshipType;
  fromLabel: EntityLabel;
  toLabel: EntityLabel;
}

function groupNodes(data: SeedDataset, dataset: string): Map<EntityLabel | 'Source', NodeRow[]> {
  const sources: NodeRow[] = data.sources.map((source) => ({ id: source.id, props: sourceProps(source, dataset) }));
  const investedOn = groupBy(
    data.relationships.filter((rel) => rel.type === 'INVESTED_IN' && typeof rel.fields.date === 'string'),
    (rel) => rel.to,
    (rel) => rel.fields.date as string,
  );
  const entities = groupBy(
    data.entities,
    (entity) => entity.label,
    (entity) => ({ id: entity.id, props: entityProps(entity, dataset, investedOn.get(entity.id) ?? []) }),
  );
  return new Map([['Source', sources], ...entities] as [EntityLabel | 'Source', NodeRow[]][]);
}

function groupRelationships(
  rels: RelationshipRecord[],
  labelOf: Map<string, EntityLabel>,
  dataset: string,
): Map<RelGroup, RelRow[]> {
  const byKey = groupBy(
    rels,
    (rel) => `${rel.type}|${labelOf.get(rel.from)}|${labelOf.get(rel.to)}`,
    (rel) => {
      const uid = relationshipUid(rel);
      return { from: rel.from, to: rel.to, uid, props: relationshipProps(rel, uid, dataset) };
    },
  );
  return new Map(
    [...byKey].map(([key, rows]) => {
      const [type, fromLabel, toLabel] = key.split('|') as [RelationshipType, EntityLabel, EntityLabel];
      return [{ type, fromLabel, toLabel }, rows];
    }),
  );
}

export function relationshipUid(rel: Pick<RelationshipRecord, 'type' | 'from' | 'to' | 'key'>): string {
  return `${rel.type}:${rel.from}:${rel.to}${rel.key ? `:${rel.key}` : ''}`;
}

function sourceProps(source: SourceRecord, dataset: string): Props {
  return withoutUndefined({ ...source, dataset });
}

/** Labels whose root pages sort by name, and so keep `sortName`. */
const SORTED_BY_NAME: ReadonlySet<string> = new Set(['Organization', 'Person']);

function entityProps(entity: EntityRecord, dataset: string, investedOn: string[]): Props {
  const { values, disputed } = settle(entity.facts, KNOWN_FACTS[entity.label]);
  return withoutUndefined({
    ...values,
    startsOn: entity.label === 'FundingRound' ? roundStart(values, entity.facts, investedOn) : undefined,
    id: entity.id,
    name: entity.name,
    // The key of pages by name (range index, schema/migrations/004-sort-name.cypher).
    sortName: SORTED_BY_NAME.has(entity.label) ? entity.name.toLowerCase() : undefined,
    aliases: entity.aliases,
    aliasText: entity.aliases.join(' | '),
    kind: entity.kind,
    series: entity.series,
    sources: entity.sources,
    facts: factsJson(entity.facts),
    disputed,
    dataset,
  });
}

/**
 * When a round began, for `asOf`: its announcement date; where the sources disagree on it,
 * the earliest claim; without one, the earliest of its investments' dates.
 */
function roundStart(values: Props, facts: Fact[], investedOn: string[]): string | undefined {
  if (typeof values.announced === 'string') return values.announced;
  const claims = facts
    .filter((fact) => fact.property === 'announced' && typeof fact.value === 'string')
    .map((fact) => fact.value as string);
  return (claims.length > 0 ? claims : investedOn).sort()[0];
}

function relationshipProps(rel: RelationshipRecord, uid: string, dataset: string): Props {
  const fields: Props = {};
  for (const [name, value] of Object.entries(rel.fields)) Object.assign(fields, flatten(name, value));
  return withoutUndefined({
    ...fields,
    uid,
    key: rel.key,
    sources: rel.sources,
    confidence: rel.confidence,
    note: rel.note,
    facts: factsJson(rel.facts),
    // The same rules as for entities; a link's own fields are set in the seed, not settled.
    disputed: settle(rel.facts, {}).disputed,
    dataset,
  });
}

/**
 * Node properties for the facts the API shows as fields, and the list of disputed ones.
 * - Claims about different periods (a `fiscalYear`, `year` or `asOf` qualifier) are a
 *   history, not a dispute; the latest period gives the value.
 * - A claim marked `approximate` or `conversion` (a rounded figure, or a figure converted
 *   into another currency) restates an exact claim beside it; it disputes nothing.
 * - Free text (a description, a strategy) in several phrasings is not a dispute.
 * - Otherwise, within one period, a property gets a value when its claims agree and none
 *   is marked disputed, or when exactly one claim is marked preferred; if not, it is left
 *   unset. Either way a contested property is listed in `disputed`: nothing is picked
 *   silently.
 */
export function settle(
  facts: Fact[],
  known: Readonly<Record<string, FieldKind>>,
): { values: Props; disputed: string[] } {
  const values: Props = {};
  const disputed: string[] = [];
  for (const [property, claims] of groupBy(facts, (fact) => fact.property)) {
    const periods = groupBy(claims, periodOf);
    const freeText =
      known[property] === 'text' || (!(property in known) && claims.every((c) => typeof c.value === 'string'));
    let contested = false;
    let chosen: Fact | undefined;
    for (const period of [...periods.keys()].sort()) {
      const inPeriod = periods.get(period)!;
      const exact = inPeriod.filter((claim) => !restates(claim));
      const deciding = exact.length > 0 ? exact : inPeriod;
      const distinct = new Set(deciding.map((claim) => JSON.stringify(claim.value)));
      const periodContested =
        (!freeText && distinct.size > 1) || deciding.some((claim) => claim.confidence === 'disputed');
      const preferred = deciding.filter((claim) => claim.preferred);
      contested ||= periodContested;
      chosen = !periodContested ? deciding[0] : preferred.length === 1 ? preferred[0] : undefined;
    }
    if (contested) disputed.push(property);
    if (chosen && property in known) Object.assign(values, flatten(property, chosen.value, known[property]));
  }
  return { values, disputed };
}

/** A rounded figure or a currency conversion of another claim. */
function restates(fact: Fact): boolean {
  return fact.qualifiers?.approximate === true || fact.qualifiers?.conversion === true;
}

/** Facts as stored on a node or relationship; statement refs stay in the seed files. */
function factsJson(facts: Fact[]): string {
  return JSON.stringify(facts.map(({ statements: _statements, ...fact }) => fact));
}

/** Money becomes <name> and <name>Currency; whole-number kinds are stored as Cypher INTEGER. */
function flatten(name: string, value: FactValue | Money, kind?: FieldKind): Props {
  if (typeof value === 'object') return { [name]: value.value, [`${name}Currency`]: value.currency };
  if (kind === 'integer' && typeof value === 'number') return { [name]: int(value) };
  return { [name]: value };
}

/** JSON with every object's keys sorted, so equal contents hash equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function withoutUndefined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined && v !== null));
}

/**
 * Runs `run` over the rows in batches, `lanes` at a time. When one batch fails, the other
 * lanes start no new batch, and the call settles only after every lane has stopped: no
 * write of this load goes on behind the caller's back.
 */
export async function inBatches<T>(
  rows: T[],
  run: (batch: T[]) => Promise<unknown>,
  size = BATCH_SIZE,
  lanes = 1,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    for (let i = next; i < rows.length && !failed; i = next) {
      next += size;
      try {
        await run(rows.slice(i, i + size));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}

async function deleteInBatches(tx: Tx, cypher: string): Promise<void> {
  for (;;) {
    const [{ n }] = await tx.run<{ n: number }>(cypher);
    if (n === 0) return;
  }
}
