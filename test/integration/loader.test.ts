import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SeedValidationError, readSeedDir } from '../../src/seed/dataset.js';
import { graphCounts, loadSeed, loadedHash } from '../../src/seed/load.js';
import { VALID_SEED, clearGraph, seedFolder, snapshot, testDatabase } from '../helpers.js';

const db = testDatabase();
afterAll(() => db.close());

describe('seed loader (real Neo4j)', () => {
  beforeEach(() => clearGraph(db));

  it('loads nodes and relationships with their sources, settled facts and disputes', async () => {
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    const summary = await loadSeed(db, data);
    expect(summary.nodes).toEqual({ Source: 2, Organization: 2, Person: 1, FundingRound: 1 });
    expect(summary.relationships).toEqual({ FOUNDED: 1, RAISED: 1, INVESTED_IN: 1 });

    const [acme] = await db.read<{ n: Record<string, unknown> }>('MATCH (n:Organization {id: "acme-ai"}) RETURN n {.*} AS n');
    expect(acme.n).toMatchObject({ name: 'Acme AI', headquarters: 'Paris', aliases: ['Acme'], disputed: ['founded'], sources: ['example-source'] });
    expect(acme.n.founded).toBeUndefined(); // sources disagree: no value is picked silently
    expect(JSON.parse(acme.n.facts as string)).toHaveLength(3);

    const [round] = await db.read<{ amount: number; currency: string }>(
      'MATCH (:Organization {id: "acme-ai"})-[:RAISED]->(r:FundingRound) RETURN r.amount AS amount, r.amountCurrency AS currency',
    );
    expect(round).toEqual({ amount: 1000000, currency: 'EUR' });
    const [investment] = await db.read<{ r: Record<string, unknown> }>(
      'MATCH (:Organization {id: "big-investor"})-[r:INVESTED_IN]->(:FundingRound {id: "acme-ai-seed"}) RETURN r {.*} AS r',
    );
    expect(investment.r).toMatchObject({ lead: true, amount: 500000, amountCurrency: 'EUR', confidence: 'confirmed', sources: ['example-source', 'second-source'] });
    expect(await loadedHash(db)).toBe(data.hash);
  });

  it('changes nothing when run twice', async () => {
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    await loadSeed(db, data);
    const first = await graphCounts(db);
    const again = await loadSeed(db, data);
    expect(await graphCounts(db)).toEqual(first);
    expect(again.removedNodes + again.removedRelationships).toBe(0);
    const [{ duplicates }] = await db.read<{ duplicates: number }>(
      'MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.uid AS uid, count(*) AS n WHERE n > 1 RETURN count(*) AS duplicates',
    );
    expect(duplicates).toBe(0);
  });

  it('removes what the seed files no longer hold, and only from its own dataset', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const other = `
sources: [{ id: other-source, url: "https://example.org/other", title: Other }]
organizations: [{ id: other-org, name: Other Org, kind: company, sources: [other-source] }]
`;
    await loadSeed(db, readSeedDir(seedFolder({ 'o.yaml': other })), { dataset: 'other' });
    const smaller = VALID_SEED.replace(/  - \{ type: FOUNDED[^\n]*\n/, '');
    const summary = await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': smaller })));
    expect(summary.removedRelationships).toBe(1);
    const [{ n }] = await db.read<{ n: number }>('MATCH (:Person)-[r:FOUNDED]->() RETURN count(r) AS n');
    expect(n).toBe(0);
    const [{ kept }] = await db.read<{ kept: number }>('MATCH (o:Organization {id: "other-org"}) RETURN count(o) AS kept');
    expect(kept).toBe(1);
  });

  it('leaves the database exactly as it was when a file is refused', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    const broken = { 'a.yaml': VALID_SEED.replace('kind: investment-firm', 'kind: hedge-fund'), 'b.yaml': 'organizations:\n  - { id: new-one, name: New One, kind: company, sources: [example-source] }\n' };
    expect(() => readSeedDir(seedFolder(broken))).toThrowError(SeedValidationError);
    expect(await snapshot(db)).toBe(before);
  });

  it('rolls back the whole load when the database refuses part of it', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    // A value Neo4j cannot store (a list mixing types) fails the transaction half-way through.
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED.replace('Ada Founder', 'Ada Renamed') }));
    (data.entities.find((e) => e.id === 'acme-ai-seed') as unknown as { aliases: unknown[] }).aliases = ['x', 1];
    await expect(loadSeed(db, data)).rejects.toThrow();
    expect(await snapshot(db)).toBe(before);
    const [{ name }] = await db.read<{ name: string }>('MATCH (p:Person {id: "ada-founder"}) RETURN p.name AS name');
    expect(name).toBe('Ada Founder');
  });
});
