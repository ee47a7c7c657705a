/**
 * The offline importer (src/seed/import.ts, `neo4j-admin database import full` from the
 * jars) against the transactional loader: the same generated dataset, loaded once each way,
 * gives the same graph, property by property and type by type. The import runs into an
 * instance of its own (it needs the database stopped): "offline-import" on
 * TEST_IMPORT_NEO4J_BOLT_PORT (default 7796) and the port after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Server starts on a busy machine take tens of seconds; each test starts or restarts one.
import { generateEcosystem } from '../../bench/generate.js';
import { readConfig } from '../../src/config.js';
import { Database } from '../../src/db/gateway.js';
import { migrate } from '../../src/db/migrations.js';
import { EmbeddedNeo4j } from '../../src/embedded/neo4j.js';
import type { Fact } from '../../src/graph/model.js';
import type { SeedDataset } from '../../src/seed/dataset.js';
import { ImportRefusedError, importOffline } from '../../src/seed/import.js';
import { loadSeed, loadedHash } from '../../src/seed/load.js';
import { clearGraph, testDatabase } from '../helpers.js';

const boltPort = Number(process.env.TEST_IMPORT_NEO4J_BOLT_PORT ?? 7796);
const settings = readConfig({
  EMBEDDED_NEO4J_INSTANCE: 'offline-import',
  EMBEDDED_NEO4J_BOLT_PORT: String(boltPort),
  EMBEDDED_NEO4J_HTTP_PORT: String(boltPort + 1),
  EMBEDDED_NEO4J_HEAP: '512m',
  EMBEDDED_NEO4J_PAGECACHE: '64m',
}).embedded;
const instance = new EmbeddedNeo4j(settings);
const loaded = testDatabase();

afterAll(async () => {
  await loaded.close();
  await instance.stop();
});

/** A generated dataset with the values the generator never makes: lists, a contested claim, an integer, a link's own facts. */
function dataset(): SeedDataset {
  const { data } = generateEcosystem({ relationships: 3_000, seed: 11 });
  const source = data.sources[0]!.id;
  const claim = (property: string, value: Fact['value']): Fact => ({
    property,
    value,
    sources: [source],
    confidence: 'disputed',
    preferred: false,
  });
  const person = data.entities.find((e) => e.label === 'Person')!;
  person.aliases = ['Alias; with a semicolon', 'Alias, with "quotes"'];
  const org = data.entities.filter((e) => e.label === 'Organization')[1]!;
  org.aliases = ['Multi\nline alias'];
  org.facts = [
    ...org.facts.filter((f) => f.property !== 'country'),
    claim('country', 'Testland'),
    claim('country', 'Otherland'),
    { property: 'employees', value: 120, sources: [source], confidence: 'confirmed', preferred: false },
  ];
  const link = data.relationships.find((r) => r.type === 'INVESTED_IN')!;
  link.facts = [claim('stakePercent', 5), claim('stakePercent', 7.5)];
  return data;
}

/** Every node and relationship with its labels, properties and their Cypher types, keys sorted. */
async function graph(db: Database): Promise<{ nodes: string[]; relationships: string[] }> {
  const typed = `[key IN keys(x) WHERE key <> 'loadedAt' | [key, x[key], valueType(x[key])]]`;
  const nodes = await db.read<{ row: unknown }>(
    `MATCH (x) WHERE NOT x:SchemaMigration RETURN [labels(x), ${typed}] AS row`,
  );
  const rels = await db.read<{ row: unknown }>(
    `MATCH (a)-[x]->(b) RETURN [labels(a), a.id, type(x), labels(b), b.id, ${typed}] AS row`,
  );
  const canonical = (row: unknown) => {
    const parts = row as unknown[];
    const props = (parts.at(-1) as [string, unknown, string][]).sort(([a], [b]) => (a < b ? -1 : 1));
    return JSON.stringify([...parts.slice(0, -1), props]);
  };
  return { nodes: nodes.map((r) => canonical(r.row)).sort(), relationships: rels.map((r) => canonical(r.row)).sort() };
}

describe('offline import (neo4j-admin database import full)', () => {
  const data = dataset();
  const lines: string[] = [];

  beforeAll(async () => {
    await instance.stop();
    // An empty instance: a first load.
    await new EmbeddedNeo4j(settings)
      .start({ tieToParent: true, fresh: true, progress: () => undefined })
      .then((r) => r.stop());
  });

  it('gives the same graph as the transactional loader, and records the dataset', async () => {
    await migrate(loaded);
    await clearGraph(loaded);
    await loadSeed(loaded, data, { dataset: 'generated', bulk: true });

    const summary = await importOffline(settings, [{ data, dataset: 'generated' }], {
      progress: (line) => lines.push(line),
      leaveRunning: true,
    });
    expect(summary.relationships).toBe(data.relationships.length);
    expect(summary.nodes).toBe(data.entities.length + data.sources.length);
    expect(lines.some((line) => /IMPORT DONE/.test(line))).toBe(true);

    const imported = Database.connect({
      uri: summary.running!.boltUri,
      user: 'neo4j',
      password: summary.running!.password,
    });
    try {
      const [want, got] = [await graph(loaded), await graph(imported)];
      expect(got.nodes.length).toBe(want.nodes.length);
      expect(got.relationships.length).toBe(want.relationships.length);
      expect(got.nodes).toEqual(want.nodes);
      expect(got.relationships).toEqual(want.relationships);
      expect(await loadedHash(imported, 'generated')).toBe(data.hash);
      // The migrations ran after the import: the constraints hold and search answers.
      const constraints = await imported.read<{ name: string }>('SHOW CONSTRAINTS YIELD name RETURN name');
      expect(constraints.map((c) => c.name)).toEqual(
        expect.arrayContaining(['organization_id', 'person_id', 'source_id', 'seed_state_dataset']),
      );
      const hits = await imported.read<{ id: string }>(
        "CALL db.index.fulltext.queryNodes('entity_search', 'Multi') YIELD node RETURN node.id AS id",
      );
      expect(hits.map((h) => h.id)).toContain(data.entities.filter((e) => e.label === 'Organization')[1]!.id);
    } finally {
      await imported.close();
    }
  }, 600_000);

  it('refuses a database that holds data, and leaves it as it was', async () => {
    const before = instance.runningPid();
    expect(before).toBeDefined();
    await expect(
      importOffline(settings, [{ data, dataset: 'generated' }], { progress: () => undefined }),
    ).rejects.toThrow(ImportRefusedError);
    await expect(
      importOffline(settings, [{ data, dataset: 'generated' }], { progress: () => undefined }),
    ).rejects.toThrow(/holds \d+ nodes: the offline importer only loads into an empty database/);
    expect(instance.runningPid()).toBe(before);
  }, 300_000);
});
