/**
 * Several API processes share one Neo4j (the benchmark's `--processes`, bench/processes.ts):
 * one and two processes started as `npm start` runs them, in production mode, reading
 * through `neo4j://`, each answering every request it gets under load with the graph the
 * seed load wrote. The figures are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { measureProcesses, processesReport } from '../../bench/processes.js';
import { readConfig } from '../../src/config.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { loadSeed } from '../../src/seed/load.js';
import { clearGraph, testDatabase, testPassword } from '../helpers.js';

const db = testDatabase();
afterAll(() => db.close());

beforeAll(async () => {
  await clearGraph(db);
  await loadSeed(db, readSeedDir(readConfig().seedDir));
}, 240_000);

describe('several API processes against one Neo4j', () => {
  it('serves every request from each of them, through neo4j://', async () => {
    const uri = inject('neo4jUri').replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');
    const query = '{ organization(id: "mistral-ai") { id name founders { name } } }';
    const rows = await measureProcesses({
      neo4j: { uri, user: process.env.TEST_NEO4J_USER ?? 'neo4j', password: testPassword() },
      counts: [1, 2],
      questions: [{ name: 'organization', request: { query, variables: {} }, contains: '"name":"Mistral AI"' }],
      connections: 4,
      seconds: 3,
    });
    console.log(processesReport(rows, 4, 3));
    expect(rows.map((r) => r.processes)).toEqual([1, 2]);
    for (const row of rows) {
      expect(row.errors, `${row.processes} processes`).toBe(0);
      expect(row.answered).toHaveLength(row.processes);
      // Each process answered, every answer with the organization (an answer without it is an error).
      for (const answered of row.answered) expect(answered).toBeGreaterThan(0);
    }
  }, 300_000);
});
