/**
 * Security: the API cannot write, CORS is closed to other origins unless configured,
 * introspection and the IDE can be turned off, credentials never reach the logs, and
 * every request is logged once, as JSON, with its request id.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ErrorCode } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { snapshot, testConfig, testDatabase } from '../helpers.js';

const db = testDatabase();
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  await db.close();
});

/** An app on the test graph (seeded as the seed files say), its logs kept as parsed lines. */
async function start(env: Record<string, string> = {}): Promise<{ base: string; logs: Record<string, unknown>[] }> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = new App(testConfig({ NODE_ENV: 'production', ...env }), createLogger('info', sink), () => undefined);
  apps.push(app);
  return { base: `http://127.0.0.1:${(await app.start()).port}`, logs };
}

function post(base: string, query: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}

describe('read-only', () => {
  it('has no Mutation or Subscription type, refuses one with BAD_REQUEST, and changes nothing', async () => {
    const { base } = await start();
    const before = await snapshot(db);
    const schema = (await (
      await post(base, '{ __schema { mutationType { name } subscriptionType { name } } }')
    ).json()) as { data: unknown };
    expect(schema.data).toEqual({ __schema: { mutationType: null, subscriptionType: null } });
    for (const attempt of ['mutation { createOrganization(id: "x") { id } }', 'mutation M { __typename }']) {
      const response = await post(base, attempt);
      expect(response.status).toBe(400);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe(ErrorCode.BAD_REQUEST);
    }
    expect(await snapshot(db)).toBe(before);
  });

  it('runs reads in READ access mode: Cypher that writes fails on the read path', async () => {
    const before = await snapshot(db);
    await expect(db.read('CREATE (n:Intruder {id: "x"}) RETURN n')).rejects.toThrow(
      /read access mode|AccessMode|not allowed/i,
    );
    await expect(db.read('MATCH (n:Organization {id: "mistral-ai"}) SET n.name = "Owned" RETURN n')).rejects.toThrow(
      /read access mode|AccessMode|not allowed/i,
    );
    await expect(db.read('MATCH (n) DETACH DELETE n')).rejects.toThrow(/read access mode|AccessMode|not allowed/i);
    expect(await snapshot(db)).toBe(before);
  });
});

describe('CORS', () => {
  const preflight = (base: string, origin: string) =>
    fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('is closed to other origins by default: no Access-Control-Allow-Origin, preflight refused', async () => {
    const { base } = await start();
    const refused = await preflight(base, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
      /origin https:\/\/evil\.example may not call this API from a browser; the server allows its own origin only \(CORS_ORIGINS\)/,
    );
    const cross = await post(base, '{ __typename }', { origin: 'https://evil.example' });
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
    expect(cross.headers.get('vary')).toBe('Origin');
    // Without an Origin (curl, scripts, server-side clients) nothing changes.
    expect((await post(base, '{ __typename }')).status).toBe(200);
  });

  it('allows the origins CORS_ORIGINS names, preflight included, and only those', async () => {
    const { base } = await start({ CORS_ORIGINS: 'https://app.example,http://localhost:5173' });
    const ok = await preflight(base, 'http://localhost:5173');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    const answer = await post(base, '{ organization(id: "asml") { name } }', { origin: 'https://app.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(await answer.json()).toEqual({ data: { organization: { name: 'ASML' } } });
    expect((await preflight(base, 'https://evil.example')).status).toBe(403);
    expect(
      (await post(base, '{ __typename }', { origin: 'https://app.example.evil.example' })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();

    const open = await start({ CORS_ORIGINS: '*' });
    const any = await preflight(open.base, 'https://anyone.example');
    expect(any.status).toBe(204);
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('introspection and the IDE', () => {
  const ide = (base: string) => fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });

  it('are on by default', async () => {
    const { base } = await start();
    const page = await ide(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const schema = (await (await post(base, '{ __schema { queryType { name } } }')).json()) as { data: unknown };
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('can each be turned off: INTROSPECTION=false, IDE=false', async () => {
    const { base } = await start({ INTROSPECTION: 'false', IDE: 'false' });
    const page = await ide(base);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await page.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
      /the GraphQL IDE is turned off on this server \(IDE=false\)/,
    );
    const refused = await post(base, '{ __schema { types { name } } }');
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].message).toMatch(/introspection is not allowed/i);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Queries still work, and GET queries from GraphQL clients too.
    expect(await (await post(base, '{ organization(id: "asml") { name } }')).json()).toEqual({
      data: { organization: { name: 'ASML' } },
    });
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ organization(id: "asml") { name } }')}`, {
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(await get.json()).toEqual({ data: { organization: { name: 'ASML' } } });
  });
});

describe('logs', () => {
  it("log each request once, as JSON, with its request id (the client's when sane), operation, status, error codes and duration", async () => {
    const { base, logs } = await start();
    const named = await post(base, 'query CompanyName { organization(id: "asml") { name } }', {
      'x-request-id': 'client-id-42',
    });
    expect(named.headers.get('x-request-id')).toBe('client-id-42');
    const bad = await post(base, 'query TooMany { organizations(first: 0) { totalCount } }', {
      'x-request-id': 'bad id\twith "quotes"',
    });
    const generated = bad.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const other = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'x'.repeat(500) },
      body: '{',
    });
    expect(other.headers.get('x-request-id')).not.toBe('x'.repeat(500));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const lines = logs.filter((l) => l.msg === 'request');
    const first = lines.find((l) => l.reqId === 'client-id-42');
    expect(first).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/graphql',
      operationName: 'CompanyName',
      status: 200,
    });
    expect(typeof first!.durationMs).toBe('number');
    expect(typeof first!.time).toBe('number');
    expect(first!.errorCodes).toBeUndefined();
    expect(lines.find((l) => l.reqId === generated)).toMatchObject({
      operationName: 'TooMany',
      status: 200,
      errorCodes: ['BAD_USER_INPUT'],
    });
    expect(lines.find((l) => l.reqId === other.headers.get('x-request-id'))).toMatchObject({ status: 400 });
    expect(lines.filter((l) => l.reqId === 'client-id-42')).toHaveLength(1);
  });

  it('never hold the database password: `npm start` with NEO4J_PASSWORD set, at debug level, with Cypher logged', async () => {
    // The test database's real password (generated, so found nowhere else), or any for a server without authentication.
    const secret = inject('neo4jPassword') || 'Pa55-never-log-me-7f3a';
    const output = await runServer({
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_PASSWORD: secret,
      LOG_LEVEL: 'debug',
      DEBUG_CYPHER: 'true',
    });
    expect(output).toMatch(/euro-ai-graph is ready/);
    expect(output).toMatch(/"msg":"request"/);
    expect(output).not.toContain(secret);
    // The same with the database down at start: its errors and retries are logged, the password is not.
    const down = await runServer({
      NEO4J_URI: 'bolt://127.0.0.1:7797',
      NEO4J_PASSWORD: secret,
      LOG_LEVEL: 'debug',
      NEO4J_RETRY_MS: '200',
      NEO4J_CONNECT_TIMEOUT_MS: '500',
    });
    expect(down).toMatch(/database unavailable at start/);
    expect(down).not.toContain(secret);
  }, 120_000);
});

/**
 * Runs `npm start` (src/main.ts) until it is ready, sends it a query and a bad one, stops it
 * with SIGTERM (it must exit), and returns everything it wrote to stdout and stderr.
 */
async function runServer(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', SEED_ON_START: 'false', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /ready: (http:\/\/\S+\/graphql)/.exec(output)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!url) throw new Error(`the server did not get ready:\n${output}`);
    url = url.replace('localhost', '127.0.0.1');
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ organization(id: "asml") { name } }' }),
    });
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    child.kill('SIGTERM');
    // It stops by itself on SIGTERM (Apollo's own signal handlers once made it hang here).
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    expect(stopped, 'npm start stops within 20 s of SIGTERM').toBe(true);
  }
  return output;
}
