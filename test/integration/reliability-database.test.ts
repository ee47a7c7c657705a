/**
 * The database goes away and comes back, for real: a private embedded Neo4j (instance
 * "fault-api", Bolt 7790) that these tests start and stop, never the suite's test database.
 * The server points at it through NEO4J_URI, as a deployment does.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { Database } from '../../src/db/gateway.js';
import { EmbeddedNeo4j, type RunningNeo4j } from '../../src/embedded/neo4j.js';
import { DATABASE_UNAVAILABLE_PUBLIC, ErrorCode } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { VALID_SEED, seedFolder } from '../helpers.js';

const BOLT_PORT = 7790;
const neo4j = new EmbeddedNeo4j(
  readConfig({
    EMBEDDED_NEO4J_INSTANCE: 'fault-api',
    EMBEDDED_NEO4J_BOLT_PORT: String(BOLT_PORT),
    EMBEDDED_NEO4J_HTTP_PORT: '7791',
    EMBEDDED_NEO4J_HEAP: '512m',
    EMBEDDED_NEO4J_PAGECACHE: '64m',
  }).embedded,
);
/** Retries and connection attempts give up after 1 s, so an outage is an answer within seconds. */
const config = readConfig({
  NEO4J_URI: `bolt://127.0.0.1:${BOLT_PORT}`,
  NEO4J_PASSWORD: neo4j.password(),
  PORT: '0',
  SEED_DIR: seedFolder({ 'a.yaml': VALID_SEED }),
  NEO4J_RETRY_MS: '1000',
  NEO4J_CONNECT_TIMEOUT_MS: '1000',
  NODE_ENV: 'production',
});
const ANSWER_WITHIN_MS = 8_000;

const logLines: Record<string, unknown>[] = [];
const logger = createLogger(
  'info',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }),
);

let app: App | undefined;
let running: RunningNeo4j | undefined;
let base = '';

afterAll(async () => {
  await app?.stop();
  await neo4j.stop();
  fs.rmSync(neo4j.dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  millis: number;
  body: {
    data?: { organization: { name: string } | null } | null;
    errors?: { message: string; extensions?: { code?: string; stacktrace?: unknown } }[];
  };
}

async function ask(): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ organization(id: "acme-ai") { name founders { name } } }' }),
  });
  return { status: response.status, millis: Date.now() - started, body: (await response.json()) as Answer['body'] };
}

async function health(): Promise<{ status: number; body: { status: string; database: string; reason?: string } }> {
  const response = await fetch(`${base}/health`);
  return { status: response.status, body: (await response.json()) as never };
}

/** Polls until `ok` holds, or fails naming what it waited for. */
async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
}

/** A clean failure: DATABASE_UNAVAILABLE, no internals, no stack, not a 5xx, in bounded time. */
function expectUnavailable(answer: Answer): void {
  expect(answer.status).toBeLessThan(500);
  expect(answer.millis).toBeLessThan(ANSWER_WITHIN_MS);
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.DATABASE_UNAVAILABLE]);
  // Production mode: no host, port or driver reason in the answer (they go to the log).
  expect(answer.body.errors?.[0].message).toBe(DATABASE_UNAVAILABLE_PUBLIC);
  expect(answer.body.errors?.[0].extensions?.stacktrace).toBeUndefined();
}

describe('the database is down when the server starts', () => {
  it('starts anyway, says so on /health and in each answer, and serves once the database is up, without a restart', async () => {
    await neo4j.stop(); // nothing left from an earlier run
    const started = Date.now();
    app = new App(config, logger, () => undefined);
    base = `http://127.0.0.1:${(await app.start()).port}`;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(
      logLines.some(
        (l) =>
          l.msg ===
          'database unavailable at start: serving DATABASE_UNAVAILABLE and retrying the migrations and seed in the background',
      ),
    ).toBe(true);

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', database: 'down' });
    expect(down.body.reason).toBe(DATABASE_UNAVAILABLE_PUBLIC);
    expect(JSON.stringify(down.body)).not.toContain(String(BOLT_PORT));
    const logged = logLines.find(
      (l) =>
        l.msg ===
        'database unavailable at start: serving DATABASE_UNAVAILABLE and retrying the migrations and seed in the background',
    );
    expect(logged?.reason).toMatch(/connect|ECONNREFUSED|Could not perform discovery|Connection/i);
    expectUnavailable(await ask());

    running = await neo4j.start({ tieToParent: true, fresh: true, progress: () => undefined });
    // The background retry applies the migrations and loads the seed; then requests succeed.
    await waitFor('/health to say ok', async () => (await health()).status === 200);
    const answer = await ask();
    expect(answer.body).toEqual({ data: { organization: { name: 'Acme AI', founders: [{ name: 'Ada Founder' }] } } });
    expect(
      logLines.some((l) => l.msg === 'database reachable again: migrations and seed are up to date, serving requests'),
    ).toBe(true);
  }, 180_000);
});

describe('the database stops in the middle of traffic', () => {
  it('fails the requests caught by the outage with DATABASE_UNAVAILABLE, and serves again when it is back', async () => {
    expect(running, 'the previous test started the database').toBeDefined();
    const answers: { at: number; answer: Answer }[] = [];
    let stop = false;
    // Four clients asking one after another, as fast as they are answered.
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) answers.push({ at: Date.now(), answer: await ask() });
    });
    await waitFor('answers before the outage', async () => answers.length >= 20);
    const stoppedAt = Date.now();
    await neo4j.stop();
    await waitFor(
      'clean failures during the outage',
      async () => answers.filter((a) => a.at > stoppedAt && a.answer.body.errors).length >= 8,
      30_000,
    );
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.database).toBe('down');

    running = await neo4j.start({ tieToParent: true, progress: () => undefined });
    const restartedAt = Date.now();
    await waitFor('an answer with data after the restart', async () =>
      answers.some((a) => a.at > restartedAt && a.answer.body.data?.organization),
    );
    const servingAgainAt = Date.now();
    await waitFor(
      'more answers after the restart',
      async () => answers.filter((a) => a.at > servingAgainAt).length >= 20,
    );
    stop = true;
    await Promise.all(clients);

    // Every answer is the data or a clean DATABASE_UNAVAILABLE; nothing hangs, nothing is a 5xx.
    for (const { answer } of answers) {
      if (answer.body.errors) expectUnavailable(answer);
      else
        expect(answer.body).toEqual({
          data: { organization: { name: 'Acme AI', founders: [{ name: 'Ada Founder' }] } },
        });
    }
    expect(answers.filter((a) => a.at < stoppedAt).every((a) => !a.answer.body.errors)).toBe(true);
    expect(answers.filter((a) => a.at > servingAgainAt).every((a) => !a.answer.body.errors)).toBe(true);
    expect((await health()).status).toBe(200);
  }, 180_000);
});

describe('a restart shorter than the retry time', () => {
  it('is bridged by the managed read transaction: a read sent while the database is down succeeds once it is back', async () => {
    const db = Database.connect(
      { uri: `bolt://127.0.0.1:${BOLT_PORT}`, user: 'neo4j', password: neo4j.password() },
      { retryMs: 120_000, connectTimeoutMs: 1000 },
    );
    try {
      expect(await db.read('MATCH (o:Organization {id: "acme-ai"}) RETURN o.name AS name')).toEqual([
        { name: 'Acme AI' },
      ]);
      await neo4j.stop();
      let settled = false;
      const read = db
        .read<{ name: string }>('MATCH (o:Organization {id: "acme-ai"}) RETURN o.name AS name')
        .finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(settled, 'the read waits for the database, retrying').toBe(false);
      running = await neo4j.start({ tieToParent: true, progress: () => undefined });
      expect(await read).toEqual([{ name: 'Acme AI' }]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
