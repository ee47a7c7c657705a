/**
 * Starts a fresh embedded Neo4j for the test run (instance "test" on Bolt port 7688 by
 * default; TEST_NEO4J_BOLT_PORT / TEST_NEO4J_HTTP_PORT change the ports), applies the
 * migrations, and stops it afterwards. TEST_NEO4J_URI points the tests at another server
 * instead, whose whole graph they will delete: never point it at data you want to keep.
 */
import type { TestProject } from 'vitest/node';
import { readConfig } from '../src/config.js';
import { Database } from '../src/db/gateway.js';
import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j, type RunningNeo4j } from '../src/embedded/neo4j.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    /** The test database's password: TEST_NEO4J_PASSWORD, or the one the embedded instance generated. */
    neo4jPassword: string;
  }
}

/**
 * The integration and browser tiers both name this setup; in one run (`npm test`) they share
 * one Neo4j: the first to start it owns it, and the last to finish stops it.
 */
interface Shared {
  uri: Promise<{ uri: string; password: string }>;
  users: number;
  stop: () => Promise<void>;
}
const SHARED = Symbol.for('euro-ai-graph.test-neo4j');
const registry = globalThis as { [SHARED]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shared = registry[SHARED];
  if (!shared) {
    let running: RunningNeo4j | undefined;
    shared = {
      users: 0,
      uri: start((r) => (running = r)),
      stop: async () => {
        await running?.stop();
      },
    };
    registry[SHARED] = shared;
  }
  shared.users += 1;
  const mine = shared;
  const { uri, password } = await mine.uri;
  project.provide('neo4jUri', uri);
  project.provide('neo4jPassword', password);
  return async () => {
    mine.users -= 1;
    if (mine.users > 0) return;
    delete registry[SHARED];
    await mine.stop();
  };
}

async function start(started: (running: RunningNeo4j) => void): Promise<{ uri: string; password: string }> {
  let running: RunningNeo4j | undefined;
  let uri = process.env.TEST_NEO4J_URI;
  let password = process.env.TEST_NEO4J_PASSWORD ?? '';
  if (!uri) {
    const config = readConfig({
      EMBEDDED_NEO4J_INSTANCE: 'test',
      EMBEDDED_NEO4J_BOLT_PORT: process.env.TEST_NEO4J_BOLT_PORT ?? '7688',
      EMBEDDED_NEO4J_HTTP_PORT: process.env.TEST_NEO4J_HTTP_PORT ?? '7475',
      EMBEDDED_NEO4J_HEAP: '768m',
      EMBEDDED_NEO4J_PAGECACHE: '128m',
    });
    running = await new EmbeddedNeo4j(config.embedded).start({ tieToParent: true, fresh: true });
    started(running);
    uri = running.boltUri;
    password = running.password;
  }
  const db = Database.connect({
    uri,
    user: process.env.TEST_NEO4J_USER ?? 'neo4j',
    password,
  });
  try {
    await migrate(db);
  } catch (error) {
    await running?.stop();
    throw error;
  } finally {
    await db.close();
  }
  return { uri, password };
}
