/**
 * The Cypher the main queries send, and how many round trips each costs, pinned exactly:
 * the README's example queries and the load test's mix (bench/load.ts MIX). A change to a
 * query shows in the snapshot's diff (__snapshots__/api-cypher.test.ts.snap); a round trip
 * more or less fails the pin. The Cypher is read from the gateway's DEBUG_CYPHER log lines,
 * each tagged with the request id it ran for.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIX } from '../../bench/load.js';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { readmeExamples } from '../api-helpers.js';
import { clearGraph, testConfig, testDatabase } from '../helpers.js';

/** Round trips per query, exactly (readme-N: the README's Nth example query). */
const ROUND_TRIPS: Record<string, number> = {
  'readme-1': 2,
  'readme-2': 2,
  'readme-3': 2,
  'readme-4': 3,
  'readme-5': 2,
  'readme-6': 3,
  'readme-7': 3,
  'readme-8': 2,
  'readme-9': 3,
  'mix-organization': 3,
  'mix-investorCustomerPaths': 2,
  'mix-shortestPath': 2,
  'mix-paths': 2,
  'mix-organizations': 1,
  'mix-search': 1,
  'mix-neighborhood': 2,
  'mix-investorsAsOf': 1,
};

const db = testDatabase();
const lines: { requestId?: string; cypher?: string }[] = [];
let app: App;
let base: string;

beforeAll(async () => {
  await clearGraph(db);
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  // What is pinned is the Cypher, not its speed: a busy machine must not time a query out.
  app = new App(testConfig({ DEBUG_CYPHER: 'true', QUERY_TIMEOUT_MS: '120000' }), createLogger('debug', capture));
  base = `http://127.0.0.1:${(await app.start()).port}`;
});
afterAll(async () => {
  await app.stop();
  await db.close();
});

const cases: [string, string][] = [
  ...readmeExamples().map((query, i): [string, string] => [`readme-${i + 1}`, query]),
  ...Object.entries(MIX).map(([name, query]): [string, string] => [`mix-${name}`, query]),
];

describe('the main queries', () => {
  it.each(cases)('%s: its Cypher and its round trips', async (name, query) => {
    const requestId = `cypher-pin-${name}`;
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-debug-stats': '1', 'x-request-id': requestId },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: unknown; extensions: { stats: { cypherRoundTrips: number } } };
    expect(body.errors).toBeUndefined();
    const cypher = lines
      .filter((line) => line.requestId === requestId && line.cypher)
      .map((line) => line.cypher!.replace(/\s+/g, ' '));
    // Loaders run their batches at once, in no fixed order: the snapshot lists them sorted.
    expect(cypher.sort()).toMatchSnapshot();
    expect(cypher.length).toBe(body.extensions.stats.cypherRoundTrips);
    expect(body.extensions.stats.cypherRoundTrips).toBe(ROUND_TRIPS[name]);
  });
});
