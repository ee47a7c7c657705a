import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { graphCounts, loadSeed, loadedHash } from '../../src/seed/load.js';
import { VALID_SEED, clearGraph, seedFolder, snapshot, testDatabase } from '../helpers.js';

const db = testDatabase();
afterAll(() => db.close());

/** `npm run seed` against the test database. */
function seedCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/seed/cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: inject('neo4jUri'), NEO4J_PASSWORD: inject('neo4jPassword') },
  });
}

describe('seed loader (real Neo4j)', () => {
  beforeEach(() => clearGraph(db));

  it('loads nodes and relationships with their sources, settled facts and disputes', async () => {
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    const summary = await loadSeed(db, data);
    expect(summary.nodes).toEqual({ Source: 2, Organization: 2, Person: 1, FundingRound: 1 });
    expect(summary.relationships).toEqual({ FOUNDED: 1, RAISED: 1, INVESTED_IN: 1 });

    const [acme] = await db.read<{ n: Record<string, unknown> }>(
      'MATCH (n:Organization {id: "acme-ai"}) RETURN n {.*} AS n',
    );
    expect(acme.n).toMatchObject({
      name: 'Acme AI',
      headquarters: 'Paris',
      aliases: ['Acme'],
      disputed: ['founded'],
      sources: ['example-source'],
    });
    expect(acme.n.founded).toBeUndefined(); // sources disagree: no value is picked silently
    expect(JSON.parse(acme.n.facts as string)).toHaveLength(3);

    const [round] = await db.read<{ amount: number; currency: string }>(
      'MATCH (:Organization {id: "acme-ai"})-[:RAISED]->(r:FundingRound) RETURN r.amount AS amount, r.amountCurrency AS currency',
    );
    expect(round).toEqual({ amount: 1000000, currency: 'EUR' });
    const [investment] = await db.read<{ r: Record<string, unknown> }>(
      'MATCH (:Organization {id: "big-investor"})-[r:INVESTED_IN]->(:FundingRound {id: "acme-ai-seed"}) RETURN r {.*} AS r',
    );
    expect(investment.r).toMatchObject({
      lead: true,
      amount: 500000,
      amountCurrency: 'EUR',
      confidence: 'confirmed',
      sources: ['example-source', 'second-source'],
    });
    expect(await loadedHash(db)).toBe(data.hash);
  });

  it('stores whole-number facts as Cypher integers', async () => {
    await loadSeed(
      db,
      readSeedDir(
        seedFolder({
          'a.yaml': VALID_SEED.replace(
            '      - { property: headquarters',
            '      - { property: foundedYear, value: 2023, sources: [example-source] }\n      - { property: headquarters',
          ),
        }),
      ),
    );
    const [row] = await db.read<{ type: string }>(
      'MATCH (n:Organization {id: "acme-ai"}) RETURN valueType(n.foundedYear) AS type',
    );
    expect(row.type).toBe('INTEGER NOT NULL');
  });

  it('changes nothing when run twice', async () => {
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    await loadSeed(db, data);
    const first = await snapshot(db);
    const again = await loadSeed(db, data);
    expect(await snapshot(db)).toBe(first);
    expect(again.removedNodes + again.removedRelationships).toBe(0);
  });

  it('removes what the seed files no longer hold, and only from its own dataset', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const other = `
sources: [{ id: other-source, url: "https://example.org/other", title: Other }]
organizations: [{ id: other-org, name: Other Org, kind: company, sources: [other-source] }]
products: [{ id: other-app, name: Other App, kind: app, sources: [other-source] }]
relationships: [{ type: DEVELOPS, from: other-org, to: other-app, sources: [other-source] }]
`;
    await loadSeed(db, readSeedDir(seedFolder({ 'o.yaml': other })), { dataset: 'other' });
    // Drop the FOUNDED link and the person behind it.
    const smaller = VALID_SEED.replace(/ {2}- \{ type: FOUNDED[^\n]*\n/, '').replace(
      /people:\n {2}- id: ada-founder\n {4}name: Ada Founder\n {4}sources: \[example-source\]\n/,
      '',
    );
    const summary = await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': smaller })));
    expect(summary.removedRelationships).toBe(1);
    expect(summary.removedNodes).toBe(1);
    const counts = await graphCounts(db);
    expect(counts.nodes.Person ?? 0).toBe(0);
    expect(counts.relationships.FOUNDED ?? 0).toBe(0);
    const [{ kept }] = await db.read<{ kept: number }>(
      'MATCH (o:Organization {id: "other-org"}) RETURN count(o) AS kept',
    );
    expect(kept).toBe(1);
  });

  it('refuses a load that defines an id another dataset owns, naming both datasets, the id and the file, and writes nothing', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    // The other dataset defines "acme-ai" too: taking it over would let a later load of
    // "other" that drops the record delete the seed's node and its links.
    const other = `
sources: [{ id: other-source, url: "https://example.org/other", title: Other }]
organizations: [{ id: acme-ai, name: Acme AI, kind: company, sources: [other-source] }]
products: [{ id: other-app, name: Other App, kind: app, sources: [other-source] }]
relationships: [{ type: DEVELOPS, from: acme-ai, to: other-app, sources: [other-source] }]
`;
    const dir = seedFolder({ 'o.yaml': other });
    const refused = loadSeed(db, readSeedDir(dir), { dataset: 'other' });
    await expect(refused).rejects.toThrow(
      /dataset "other" defines an id that another dataset already loaded; nothing was loaded/,
    );
    await expect(refused).rejects.toThrow(
      new RegExp(
        `"acme-ai" \\(Organization\\), defined in ${path.relative(process.cwd(), dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/o\\.yaml:3, belongs to dataset "seed"`,
      ),
    );
    expect(await snapshot(db)).toBe(before);
    // Through `npm run seed -- folder` the same message, and the seed is untouched.
    const run = seedCli(dir, '--dataset', 'other');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/"acme-ai" \(Organization\), defined in .*o\.yaml:3, belongs to dataset "seed"/);
    expect(await snapshot(db)).toBe(before);
  });

  it('refuses a bulk load that defines an id another dataset owns', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    await expect(loadSeed(db, data, { dataset: 'generated', bulk: true })).rejects.toThrow(
      /dataset "generated" defines 6 ids .*\n.*"acme-ai" \(Organization\)/s,
    );
    expect(await snapshot(db)).toBe(before);
  });

  it('leaves no copy behind when an entity moves to another label', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const moved = VALID_SEED.replace(
      '  - id: big-investor\n    name: Big Investor\n    kind: investment-firm\n    sources: [example-source]\n',
      '',
    ).replace('people:\n', 'people:\n  - id: big-investor\n    name: Big Investor\n    sources: [example-source]\n');
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': moved })));
    const rows = await db.read<{ labels: string[] }>('MATCH (n {id: "big-investor"}) RETURN labels(n) AS labels');
    expect(rows).toEqual([{ labels: ['Person'] }]);
    const [{ n }] = await db.read<{ n: number }>(
      'MATCH (:Person {id: "big-investor"})-[r:INVESTED_IN]->() RETURN count(r) AS n',
    );
    expect(n).toBe(1);
  });

  it('refuses a bad folder through `npm run seed` and leaves the database exactly as it was', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    // One good file that would change things, one bad file: nothing may be written.
    const dir = seedFolder({
      'a.yaml': VALID_SEED.replace('Ada Founder', 'Ada Renamed'),
      'b.yaml': 'organizations:\n  - { id: new-one, name: New One, kind: hedge-fund, sources: [example-source] }\n',
    });
    const run = seedCli(dir, '--dataset', 'seed');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/b\.yaml:2: organizations\[0\] "new-one", field "kind": must be one of/);
    expect(await snapshot(db)).toBe(before);
  });

  it('refuses every kind of bad input at once, naming file, line, record and field, and writes nothing', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    const dir = seedFolder({
      'a.yaml': VALID_SEED.replace('Ada Founder', 'Ada Renamed'), // a good change, which must not be written either
      'b.yaml': 'organizations:\n  - id: x\n   name: [unclosed\n', // malformed YAML
      'c.yaml': '{"organizations": [{"id": "json-org", "name": "Json Org", "kind": "company"', // malformed JSON (JSON is YAML)
      'd.yaml': 'people:\n  - id: typed-person\n    name: [not, text]\n    sources: example-source\n', // wrong types
      'e.yaml':
        'relationships:\n  - { type: FOUNDED, from: ada-founder, to: no-such-org, sources: [example-source] }\n', // dangling reference
      'f.yaml': 'organizations:\n  - { id: acme-ai, name: Acme Again, kind: company, sources: [example-source] }\n', // duplicate id
      'g.yaml':
        'relationships:\n  - { type: PARTNER_OF, from: acme-ai, to: big-investor, sources: [no-such-source] }\n', // missing source
      'h.yaml': Buffer.from([0x6f, 0x72, 0x67, 0x3a, 0xff, 0xfe, 0x0a]), // not UTF-8
    });
    const run = seedCli(dir, '--dataset', 'seed');
    expect(run.status).toBe(1);
    const expected = [
      /b\.yaml:3: \(file\): YAML syntax error: /,
      /c\.yaml:1: \(file\): YAML syntax error: /,
      /d\.yaml:3: people\[0\] "typed-person", field "name": must be non-empty text, got \["not","text"\]/,
      /d\.yaml:4: people\[0\] "typed-person", field "sources": must be a list of non-empty text, got "example-source"/,
      /e\.yaml:2: relationships\[0\] FOUNDED ada-founder -> no-such-org, field "to": refers to "no-such-org", which no seed file defines/,
      /f\.yaml:2: organizations\[0\] "acme-ai", field "id": duplicates the id of .*a\.yaml:\d+/,
      /g\.yaml:2: relationships\[0\] PARTNER_OF acme-ai -> big-investor, field "sources": refers to source "no-such-source", which no seed file defines/,
      /h\.yaml: \(file\): is not valid UTF-8 text/,
    ];
    for (const line of expected) expect(run.stderr).toMatch(line);
    expect(run.stderr).toMatch(/seed: refused\. 8 problems in the seed files; nothing was loaded/);
    expect(await snapshot(db)).toBe(before);
  });

  it('rolls back the whole load when the database refuses part of it', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const before = await snapshot(db);
    // A value Neo4j cannot store (a list mixing types) fails the transaction half-way through,
    // after the people (and their new name) were written.
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED.replace('Ada Founder', 'Ada Renamed') }));
    (data.entities.find((e) => e.id === 'acme-ai-seed') as unknown as { aliases: unknown[] }).aliases = ['x', 1];
    await expect(loadSeed(db, data)).rejects.toThrow();
    expect(await snapshot(db)).toBe(before);
  });

  it('loads another folder as its own dataset beside the seed (npm run seed -- folder)', async () => {
    await loadSeed(db, readSeedDir(seedFolder({ 'a.yaml': VALID_SEED })));
    const dir = seedFolder({
      'o.yaml':
        'sources: [{ id: o-src, url: "https://example.org/o", title: O }]\norganizations: [{ id: other-org, name: Other Org, kind: company, sources: [o-src] }]\n' +
        'products: [{ id: other-app, name: Other App, kind: app, sources: [o-src] }]\n' +
        'relationships: [{ type: DEVELOPS, from: other-org, to: other-app, sources: [o-src] }]\n',
    });
    const run = seedCli(dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `into dataset "${path
          .basename(dir)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')}"`,
      ),
    );
    const counts = await graphCounts(db);
    expect(counts.nodes.Organization).toBe(3); // the seed's two are still there
  });
});
