/**
 * The DataLoader contract, against the real database: one query per batch, results in
 * the order and length of the keys, null for what does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestReader } from '../../src/graph/context.js';
import { createLoaders } from '../../src/graph/loaders.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { loadSeed } from '../../src/seed/load.js';
import { VALID_SEED, clearGraph, seedFolder, testDatabase } from '../helpers.js';

const db = testDatabase();
beforeAll(async () => {
  await clearGraph(db);
  await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
});
afterAll(() => db.close());

describe('per-request loaders', () => {
  it('load entities in one round trip, in key order, with null for unknown ids', async () => {
    const reader = new RequestReader(db);
    const loaders = createLoaders(reader);
    const found = await Promise.all([
      loaders.entity.load({ label: 'Organization', id: 'big-investor' }),
      loaders.entity.load({ label: 'Organization', id: 'no-such-org' }),
      loaders.entity.load({ label: 'Organization', id: 'acme-ai' }),
      loaders.entity.load({ label: 'Organization', id: 'big-investor' }),
    ]);
    expect(found.map((n) => n?.id ?? null)).toEqual(['big-investor', null, 'acme-ai', 'big-investor']);
    expect(reader.roundTrips).toBe(1);
  });

  it('load any-label entities with one query whatever their labels', async () => {
    const reader = new RequestReader(db);
    const loaders = createLoaders(reader);
    const found = await Promise.all(
      ['acme-ai-seed', 'ada-founder', 'acme-ai', 'missing'].map((id) => loaders.entity.load({ id })),
    );
    expect(found.map((n) => (n ? `${n.__label}:${n.id}` : null))).toEqual([
      'FundingRound:acme-ai-seed',
      'Person:ada-founder',
      'Organization:acme-ai',
      null,
    ]);
    expect(reader.roundTrips).toBe(1);
  });

  it('load links of one type and direction for many nodes in one round trip', async () => {
    const reader = new RequestReader(db);
    const loaders = createLoaders(reader);
    const [acme, investor, none] = await Promise.all([
      loaders.links.load({ label: 'Organization', id: 'acme-ai', type: 'RAISED', direction: 'OUTGOING' }),
      loaders.links.load({ label: 'Organization', id: 'big-investor', type: 'RAISED', direction: 'OUTGOING' }),
      loaders.links.load({ label: 'Organization', id: 'no-such-org', type: 'RAISED', direction: 'OUTGOING' }),
    ]);
    expect(acme.map((l) => `${l.from.id}-${l.type}->${l.to.id}`)).toEqual(['acme-ai-RAISED->acme-ai-seed']);
    expect(investor).toEqual([]);
    expect(none).toEqual([]);
    expect(reader.roundTrips).toBe(1);
  });

  it('load sources in one round trip, with null for unknown ids', async () => {
    const reader = new RequestReader(db);
    const loaders = createLoaders(reader);
    const found = await Promise.all(['second-source', 'nope', 'example-source'].map((id) => loaders.source.load(id)));
    expect(found.map((s) => s?.id ?? null)).toEqual(['second-source', null, 'example-source']);
    expect(reader.roundTrips).toBe(1);
  });
});

describe('a request reader', () => {
  it('counts every round trip and tags each transaction with the request id (transaction metadata)', async () => {
    const reader = new RequestReader(db, undefined, 'req-metadata-42');
    const [row] = await reader.read<{ metadata: Record<string, unknown> }>(
      'CALL tx.getMetaData() YIELD metadata RETURN metadata',
    );
    expect(row.metadata).toEqual({ requestId: 'req-metadata-42' });
    await reader.read('RETURN 1 AS one');
    expect(reader.roundTrips).toBe(2);
  });
});
