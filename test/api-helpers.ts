/** The API over HTTP against the seed graph, as `npm start` serves it, for the api*.test.ts files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { App } from '../src/server/app.js';
import type { Database } from '../src/db/gateway.js';
import { clearGraph, testConfig, testDatabase } from './helpers.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
  extensions?: { stats?: { cypherRoundTrips: number; databaseMillis: number; items: number } };
}

export interface Api {
  base: string;
  /** A query with `x-debug-stats: 1`, so the response carries extensions.stats. */
  graphql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** Empties the test graph and starts the app on it, which loads the seed files. */
async function startApi(db: Database): Promise<Api> {
  await clearGraph(db);
  const app = new App(testConfig(), createLogger('silent'));
  const { port } = await app.start();
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    async graphql(query, variables, headers = { 'x-debug-stats': '1' }) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    stop: () => app.stop(),
  };
}

/**
 * For a test file: the test database and the API on the seed graph, started before its
 * tests and stopped after them. `api` may be used from the tests on.
 */
export function seededApi(): { db: Database; api: Api } {
  const db = testDatabase();
  let started: Api | undefined;
  const running = (): Api => {
    if (!started) throw new Error('the API starts in beforeAll; use it from a test');
    return started;
  };
  const api: Api = {
    get base() {
      return running().base;
    },
    graphql: (query, variables, headers) => running().graphql(query, variables, headers),
    stop: async () => started?.stop(),
  };
  beforeAll(async () => {
    started = await startApi(db);
  });
  afterAll(async () => {
    await started?.stop();
    await db.close();
  });
  return { db, api };
}

/** Every ```graphql block of the README's "Example queries" section, in order. */
export function readmeExamples(): string[] {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Example queries');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}
