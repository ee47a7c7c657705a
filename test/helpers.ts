/** Shared test plumbing: the test database, seed fixtures, and in-process GraphQL calls. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { readConfig, type Config } from '../src/config.js';
import { Database } from '../src/db/gateway.js';

/** The test database's password (see global-setup.ts). */
export function testPassword(): string {
  return inject('neo4jPassword');
}

export function testDatabase(): Database {
  return Database.connect({
    uri: inject('neo4jUri'),
    user: process.env.TEST_NEO4J_USER ?? 'neo4j',
    password: testPassword(),
  });
}

/** A configuration that points the app at the test database. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return readConfig({
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_USER: process.env.TEST_NEO4J_USER ?? 'neo4j',
    NEO4J_PASSWORD: testPassword(),
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** Deletes every node the tests may have written (schema and migrations stay). */
export async function clearGraph(db: Database): Promise<void> {
  await db.write('MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n');
}

/** The whole graph, every node and relationship with every property, as one string. */
export async function snapshot(db: Database): Promise<string> {
  const [row] = await db.read<{ nodes: unknown[]; rels: unknown[] }>(`
    CALL { MATCH (n) WHERE NOT n:SchemaMigration WITH n ORDER BY labels(n)[0], n.id, n.dataset
           RETURN collect([labels(n), properties(n)]) AS nodes }
    CALL { MATCH (a)-[r]->(b) WITH a, r, b ORDER BY type(r), r.uid, a.id, b.id
           RETURN collect([a.id, type(r), b.id, properties(r)]) AS rels }
    RETURN nodes, rels`);
  // loadedAt changes on every load; everything else must be identical.
  return JSON.stringify(row, (key, value) => (key === 'loadedAt' ? undefined : value));
}

/** Writes seed files into a fresh temporary folder and returns its path. */
export function seedFolder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'euro-ai-graph-seed-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

export const VALID_SEED = `
sources:
  - id: example-source
    url: https://example.org/article
    title: "Example: an article"
    publisher: Example
    date: "2025-09-09"
  - id: second-source
    url: https://example.org/second
    title: "Example: a second article"
aliases:
  - { id: acme-ai, name: Acme AI, aliases: [Acme] }
organizations:
  - id: acme-ai
    name: Acme AI
    kind: company
    sources: [example-source]
    facts:
      - { property: headquarters, value: Paris, sources: [example-source] }
      - { property: founded, value: "2023-04", sources: [example-source], confidence: disputed }
      - { property: founded, value: "2023-05", sources: [second-source], confidence: disputed }
  - id: big-investor
    name: Big Investor
    kind: investment-firm
    sources: [example-source]
people:
  - id: ada-founder
    name: Ada Founder
    sources: [example-source]
fundingRounds:
  - id: acme-ai-seed
    name: Acme AI seed round
    series: Seed
    sources: [example-source]
    facts:
      - { property: amount, value: { value: 1000000, currency: EUR }, sources: [example-source, second-source] }
relationships:
  - { type: FOUNDED, from: ada-founder, to: acme-ai, date: "2023", sources: [example-source] }
  - { type: RAISED, from: acme-ai, to: acme-ai-seed, sources: [example-source] }
  - { type: INVESTED_IN, from: big-investor, to: acme-ai-seed, lead: true, amount: { value: 500000, currency: EUR }, sources: [example-source, second-source] }
`;
