/**
 * Hostile and malformed requests against the server as it runs in production
 * (NODE_ENV=production), on the seed graph. Each must get a clear GraphQL error or an HTTP
 * 4xx: never a 5xx, never INTERNAL_SERVER_ERROR, never a stack trace or driver internals;
 * the request after it is served as usual, and the graph is the same at the end.
 * (api*.test.ts check the exact messages of the limits in development mode; here every
 * case is run as an attacker would send it, and followed by a normal request.)
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { MAX_BODY_BYTES } from '../../src/limits.js';
import { snapshot, testConfig, testDatabase } from '../helpers.js';

const db = testDatabase();
let app: App;
let base = '';
let before = '';

beforeAll(async () => {
  app = new App(testConfig({ NODE_ENV: 'production' }), createLogger('silent'), () => undefined);
  base = `http://127.0.0.1:${(await app.start()).port}`;
  before = await snapshot(db);
});

afterAll(async () => {
  await app?.stop();
  await db.close();
});

/** Codes a client may see for a refused request (ours, and Apollo's for requests it cannot read). */
const KNOWN_CODES = [
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
];

interface Reply {
  status: number;
  text: string;
  json?: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function send(
  body: string | Buffer,
  init: { headers?: Record<string, string>; method?: string; path?: string } = {},
): Promise<Reply> {
  const response = await fetch(`${base}${init.path ?? '/graphql'}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.method === 'GET' ? undefined : body,
  });
  const text = await response.text();
  let json: Reply['json'];
  try {
    json = JSON.parse(text) as Reply['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

const query = (q: string, variables?: Record<string, unknown>) => JSON.stringify({ query: q, variables });

/**
 * The answer is a refusal a client can act on: a 4xx or a GraphQL error with a known code,
 * no internals; and the next request is served.
 */
async function expectRefused(reply: Reply, code: string | RegExp, message?: RegExp): Promise<void> {
  expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
  expect(reply.json?.errors?.length ?? 0, reply.text.slice(0, 300)).toBeGreaterThan(0);
  for (const error of reply.json!.errors!) {
    expect(KNOWN_CODES, error.message).toContain(error.extensions?.code);
    expect(error.extensions?.stacktrace).toBeUndefined();
  }
  const codes = reply.json!.errors!.map((e) => e.extensions?.code as string);
  if (typeof code === 'string') expect(codes).toContain(code);
  else
    expect(
      codes.some((c) => code.test(c)),
      codes.join(),
    ).toBe(true);
  if (message) expect(reply.json!.errors!.map((e) => e.message).join('\n')).toMatch(message);
  expectNoInternals(reply);
  await expectNextServed();
}

function expectNoInternals(reply: Reply): void {
  expect(reply.text).not.toMatch(/INTERNAL_SERVER_ERROR|Neo4jError|neo4j-driver|\n\s+at |node_modules|\.ts:\d+/);
}

async function expectNextServed(): Promise<void> {
  const next = await send(query('{ organization(id: "mistral-ai") { name } }'));
  expect(next.status).toBe(200);
  expect(next.json).toEqual({ data: { organization: { name: 'Mistral AI' } } });
}

describe('malformed requests', () => {
  it('bodies that are not JSON, or not one GraphQL request', async () => {
    await expectRefused(await send('{"query": "{ __typename }"'), 'BAD_REQUEST', /not valid JSON/);
    await expectRefused(await send('\u0000\u0001\u0002'), 'BAD_REQUEST', /not valid JSON/);
    await expectRefused(await send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), /BAD_REQUEST/);
    await expectRefused(await send('"just a string"'), 'BAD_REQUEST');
    await expectRefused(await send('null'), 'BAD_REQUEST');
    await expectRefused(await send('{}'), 'BAD_REQUEST');
    await expectRefused(await send(JSON.stringify({ query: 42 })), 'BAD_REQUEST');
    await expectRefused(
      await send(JSON.stringify({ query: '{ __typename }', variables: 'not an object' })),
      'BAD_REQUEST',
    );
    await expectRefused(
      await send('query={__typename}', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      'BAD_REQUEST',
      /Cross-Site Request Forgery/,
    );
  });

  it('a request target that is not a URL path (sent raw, as HTTP/1.0 so the answer is not chunked: fetch cannot send it)', async () => {
    const { port } = new URL(base);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('GET //[ HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      );
      let out = '';
      socket.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    await expectRefused(
      { status: Number(raw.split(' ')[1]), text, json: JSON.parse(text) },
      'BAD_REQUEST',
      /not a valid URL path/,
    );
  });

  it('batched requests: batching is off, one operation per request', async () => {
    const two = JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    await expectRefused(await send(two), 'BAD_REQUEST', /batching disabled/i);
    const many = JSON.stringify(
      Array.from({ length: 1000 }, () => ({ query: '{ organizations(first: 100) { totalCount } }' })),
    );
    await expectRefused(await send(many), 'BAD_REQUEST', /batching disabled/i);
  });

  it('huge bodies, declared or streamed without a length, stop at 1 MB', async () => {
    const over = query(`{ search(text: "${'x'.repeat(MAX_BODY_BYTES)}") { id } }`);
    await expectRefused(await send(over), 'PAYLOAD_TOO_LARGE');
    // Chunked: no content-length to refuse on, so the size is counted as it arrives.
    const chunks = Array.from({ length: 40 }, () => 'y'.repeat(50_000));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query": "{ search(text: \\"'));
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const text = await response.text();
    await expectRefused({ status: response.status, text, json: JSON.parse(text) }, 'PAYLOAD_TOO_LARGE');
  });
});

describe('malformed queries', () => {
  it('unparseable, unknown fields, wrong argument types', async () => {
    await expectRefused(await send(query('{ organization(id: "x" { name }')), 'GRAPHQL_PARSE_FAILED', /Syntax Error/);
    await expectRefused(await send(query('}}}{{{')), 'GRAPHQL_PARSE_FAILED');
    await expectRefused(await send(query('')), 'BAD_REQUEST');
    await expectRefused(await send(query('{ nope }')), 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "nope"/);
    await expectRefused(
      await send(query('{ organization(id: "asml") { name password } }')),
      'GRAPHQL_VALIDATION_FAILED',
      /"password"/,
    );
    await expectRefused(
      await send(query('{ organizations(first: "ten") { totalCount } }')),
      'GRAPHQL_VALIDATION_FAILED',
      /Int cannot represent/,
    );
    await expectRefused(await send(query('{ organization { name } }')), 'GRAPHQL_VALIDATION_FAILED', /argument "id"/);
    await expectRefused(
      await send(query('query($n: Int) { organizations(first: $n) { totalCount } }', { n: 'ten' })),
      'BAD_USER_INPUT',
      /\$n/,
    );
    await expectRefused(
      await send(query('query($id: ID!) { organization(id: $id) { name } }', { id: { $ne: null } })),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      await send(query('query($id: ID!) { organization(id: $id) { name } }', {})),
      'BAD_USER_INPUT',
      /\$id/,
    );
    await expectRefused(
      await send(JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'C' })),
      'OPERATION_RESOLUTION_FAILURE',
      /"C"/,
    );
    await expectRefused(
      await send(query('{ paths(from: "mistral-ai", to: "asml", via: [NOT_A_TYPE]) { length } }')),
      'GRAPHQL_VALIDATION_FAILED',
    );
    await expectRefused(
      await send(query('{ organizations(asOf: "2024-13-45") { totalCount } }')),
      /BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/,
    );
  });

  it('mutations and subscriptions: the API is read-only', async () => {
    await expectRefused(await send(query('mutation { deleteEverything }')), 'BAD_REQUEST', /read-only/);
    await expectRefused(await send(query('subscription { changes }')), 'BAD_REQUEST', /read-only/);
    const get = await send('', {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('mutation { x }')}`,
      headers: { 'apollo-require-preflight': '1' },
    });
    // 400, not Apollo's 405 for a mutation sent by GET: the read-only validation rule refuses
    // it first, whatever the method, with the same code and message as a POST.
    expect(get.status, get.text).toBe(400);
    expect(get.json?.data).toBeUndefined();
    expect(get.json?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    await expectRefused(get, 'BAD_REQUEST', /the API is read-only: it has no mutations/);
  });
});

describe('hostile arguments', () => {
  const injections = [
    `x" }) MATCH (n) DETACH DELETE n //`,
    `') MATCH (n) DETACH DELETE n RETURN 1 //`,
    `mistral-ai' OR 1=1 --`,
    '$id',
    '`id`',
    '\\u0000',
    'mistral-ai\u0000',
    '"; CALL dbms.killQueries([]) //',
    '{id: "mistral-ai"}',
    'x'.repeat(10_000),
  ];

  it('ids with quotes and Cypher fragments are only ever ids: unknown, null, nothing run', async () => {
    for (const id of injections) {
      const inline = await send(
        query(`{ organization(id: ${JSON.stringify(id)}) { name } entity(id: ${JSON.stringify(id)}) { id } }`),
      );
      expect(inline.status, id).toBe(200);
      expect(inline.json, id).toEqual({ data: { organization: null, entity: null } });
      const variable = await send(query('query($id: ID!) { neighborhood(id: $id) { nodes { id } } }', { id }));
      expect(variable.status).toBeLessThan(500);
      expectNoInternals(variable);
      expect(variable.json!.errors?.map((e) => e.extensions?.code) ?? []).toEqual(['BAD_USER_INPUT']);
    }
    await expectNextServed();
    expect(await snapshot(db)).toBe(before);
  });

  it('full-text queries with Lucene syntax are searched as text, or refused as BAD_USER_INPUT', async () => {
    const texts = [
      'mistral AND ((',
      '*',
      '~',
      '?',
      'mistral~',
      'mistral~0.5',
      '"unterminated',
      'name:mistral',
      '/.*/',
      '\\',
      'AND',
      'OR NOT',
      '[a TO z]',
      '{a TO z}',
      'a^1000',
      '+-&&||!(){}[]^"~*?:\\/',
      '*'.repeat(1000),
      'mistral '.repeat(500),
    ];
    for (const text of texts) {
      const reply = await send(query('query($text: String!) { search(text: $text, first: 5) { id name } }', { text }));
      expect(reply.status, text).toBe(200);
      expectNoInternals(reply);
      if (reply.json!.errors)
        expect(
          reply.json!.errors.map((e) => e.extensions?.code),
          text,
        ).toEqual(['BAD_USER_INPUT']);
      else expect(Array.isArray((reply.json!.data as { search: unknown[] }).search), text).toBe(true);
      const listed = await send(
        query('query($text: String!) { organizations(text: $text, first: 5) { totalCount } }', { text }),
      );
      expect(listed.status, text).toBe(200);
      expectNoInternals(listed);
    }
    await expectNextServed();
  });

  it('negative, zero and huge page sizes and maxHops past its cap', async () => {
    for (const first of [-1, -2147483648, 0, 101, 100_000, 2147483647]) {
      await expectRefused(
        await send(query(`{ organizations(first: ${first}) { edges { node { id } } } }`)),
        /BAD_USER_INPUT|QUERY_TOO_COMPLEX/,
        /first|cost/,
      );
      await expectRefused(
        await send(query('query($n: Int) { search(text: "mistral", first: $n) { id } }', { n: first })),
        /BAD_USER_INPUT|QUERY_TOO_COMPLEX/,
        /first/,
      );
    }
    await expectRefused(
      await send(query('{ organizations(first: 2147483648) { totalCount } }')),
      /GRAPHQL_VALIDATION_FAILED|QUERY_TOO_COMPLEX/,
    );
    await expectRefused(
      await send(query('query($n: Int) { organizations(first: $n) { totalCount } }', { n: 1e300 })),
      'BAD_USER_INPUT',
    );
    for (const maxHops of [7, 1000, 0, -1]) {
      await expectRefused(
        await send(query(`{ paths(from: "mistral-ai", to: "asml", maxHops: ${maxHops}) { length } }`)),
        /BAD_USER_INPUT|QUERY_TOO_COMPLEX/,
        /maxHops/,
      );
      await expectRefused(
        await send(query(`{ investorCustomerPaths(investor: "asml", maxHops: ${maxHops}) { length } }`)),
        /BAD_USER_INPUT|QUERY_TOO_COMPLEX/,
        /maxHops/,
      );
    }
    await expectRefused(
      await send(query('{ neighborhood(id: "mistral-ai", depth: 50, limit: 100000) { nodes { id } } }')),
      /BAD_USER_INPUT|QUERY_TOO_COMPLEX/,
    );
  });
});

describe('bombs', () => {
  it('alias and field-duplication bombs are refused before anything runs', async () => {
    const aliases = Array.from(
      { length: 500 },
      (_, i) => `a${i}: neighborhood(id: "mistral-ai", depth: 3, limit: 500) { nodes { id } }`,
    ).join(' ');
    await expectRefused(await send(query(`{ ${aliases} }`)), 'QUERY_TOO_COMPLEX', /tokens/);
    await expectRefused(
      await send(query(`{ ${aliases.split(' a').slice(0, 40).join(' a')} }`)),
      'QUERY_TOO_COMPLEX',
      /aliases/,
    );
    await expectRefused(
      await send(query(`{ organizations(first: 100) { edges { node { ${'name '.repeat(100_000)} } } } }`)),
      'QUERY_TOO_COMPLEX',
      /tokens/,
    );
    await expectRefused(await send(query(`{ ${'__typename '.repeat(1900)} }`)), 'QUERY_TOO_COMPLEX', /repeats fields/);
    // Fragments that each spread the next twice: 2^20 fields once expanded.
    const fragments = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Organization { name ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const laughs = `{ organizations(first: 100) { edges { node { ...F0 } } } }\n${fragments}\nfragment F20 on Organization { id }`;
    await expectRefused(await send(query(laughs)), /QUERY_TOO_COMPLEX|GRAPHQL_VALIDATION_FAILED/);
    const cycle =
      '{ organization(id: "asml") { ...A } } fragment A on Organization { ...B } fragment B on Organization { ...A }';
    await expectRefused(
      await send(query(cycle)),
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot spread fragment "A" within itself/,
    );
  });

  it('deep nesting: selections, list values and variables nested thousands deep', async () => {
    await expectRefused(
      await send(query(`${'{ organizations { edges { node '.repeat(40)}${'}}}'.repeat(40)}`)),
      'QUERY_TOO_COMPLEX',
    );
    await expectRefused(await send(query(`{ a${'{ a'.repeat(990)}${' }'.repeat(991)}`)), 'QUERY_TOO_COMPLEX');
    await expectRefused(
      await send(query(`{ search(text: ${'['.repeat(1900)}"x"${']'.repeat(1900)}) { id } }`)),
      'QUERY_TOO_COMPLEX',
    );
    const variables = `{"query": "query($v: String!) { search(text: $v) { id } }", "variables": {"v": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    await expectRefused(await send(variables), /BAD_USER_INPUT|BAD_REQUEST/);
    // Introspection is outside the depth limit (GraphiQL's own query nests deeper than 12), but
    // its answer is bounded by the schema: 600 levels of ofType are answered, quickly.
    let introspection = 'name';
    for (let i = 0; i < 600; i++) introspection = `ofType { ${introspection} }`;
    const started = Date.now();
    const deep = await send(query(`{ __schema { types { fields { type { ${introspection} } } } } }`));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(deep.status).toBe(200);
    expect(deep.json!.errors).toBeUndefined();
    await expectNextServed();
  });

  it('leaves the graph exactly as it was', async () => {
    expect(await snapshot(db)).toBe(before);
  });
});
