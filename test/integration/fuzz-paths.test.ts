/**
 * Property-based: generated arguments (real and made-up ids, any hop count, page size,
 * depth, limit, relationship types and dates) thrown at the path queries of the server as
 * it runs in production. Whatever the arguments, the answer is a 200 with data or a
 * GraphQL error with a known code (or a 400 for a variable of the wrong type), never
 * INTERNAL_SERVER_ERROR, and it comes within the query time limit.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELATIONSHIP_TYPES } from '../../src/graph/model.js';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { testConfig, testDatabase } from '../helpers.js';

const QUERY_TIMEOUT_MS = 3_000;
/** The query time limit, plus the round trips around the query and a slow shared machine. */
const ANSWER_WITHIN_MS = QUERY_TIMEOUT_MS + 4_000;
const RUNS = 40; // per query: 160 requests in all
const KNOWN_CODES = new Set(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'QUERY_TIMEOUT']);
const TYPES = [...RELATIONSHIP_TYPES];

const db = testDatabase();
let app: App;
let base = '';
let ids: string[] = [];

beforeAll(async () => {
  app = new App(
    testConfig({ NODE_ENV: 'production', QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) }),
    createLogger('silent'),
    () => undefined,
  );
  base = `http://127.0.0.1:${(await app.start()).port}`;
  // Real ids, the best connected first, so generated paths have something to walk.
  ids = (
    await db.read<{ id: string }>(
      'MATCH (n) WHERE n.id IS NOT NULL AND NOT n:Source RETURN n.id AS id ORDER BY COUNT { (n)--() } DESC, id LIMIT 40',
    )
  ).map((r) => r.id);
});

afterAll(async () => {
  await app?.stop();
  await db.close();
});

interface Reply {
  status: number;
  millis: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function ask(query: string, variables: Record<string, unknown>): Promise<Reply> {
  const started = Date.now();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, millis: Date.now() - started, body: (await response.json()) as Reply['body'] };
}

/** Within limits: data, or errors with known codes; a 400 only for a variable the schema refuses. */
function expectWithinLimits(reply: Reply, variables: unknown): void {
  const context = JSON.stringify(variables);
  expect(reply.millis, context).toBeLessThan(ANSWER_WITHIN_MS);
  if (reply.status === 400) {
    expect(reply.body.errors?.length ?? 0, context).toBeGreaterThan(0);
    for (const error of reply.body.errors!) {
      expect(error.extensions?.code, context).toBe('BAD_USER_INPUT');
      expect(error.message, context).toMatch(/^Variable "\$\w+" got invalid value|^Date must be/);
    }
    return;
  }
  expect(reply.status, context).toBe(200);
  for (const error of reply.body.errors ?? [])
    expect(KNOWN_CODES.has(error.extensions?.code ?? ''), `${context}: ${error.message}`).toBe(true);
  if (!reply.body.errors) expect(reply.body.data, context).toBeTruthy();
}

// ---- generators ----

const id = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '*', '"', "') //", 'x'.repeat(300)) },
  );
const smallInt = (min: number, max: number) =>
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.integer() });
const via = fc.option(
  fc.oneof(fc.subarray(TYPES), fc.array(fc.constantFrom(...TYPES), { maxLength: 30 }), fc.constant(['NOT_A_TYPE'])),
  { nil: undefined },
);
const asOf = fc.option(
  fc.oneof(
    fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    fc.integer({ min: 1000, max: 9999 }).map(String),
    fc.constantFrom('2025-02-30', '2025-13', '0000', '2025-9-9', 'yesterday', ''),
    fc.string({ maxLength: 12 }),
  ),
  { nil: undefined },
);
const entities = 'nodes { id } edges { type from { id } to { id } }';

describe('generated arguments at the path queries', () => {
  const params = { numRuns: RUNS, endOnFailure: true } as const;

  it('paths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ from: id(), to: id(), maxHops: smallInt(-2, 9), first: smallInt(-2, 120), via, asOf }),
        async (variables) => {
          const query = `query($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $via: [RelationshipType!], $asOf: Date) {
          paths(from: $from, to: $to, maxHops: $maxHops, first: $first, via: $via, asOf: $asOf) { length summary ${entities} } }`;
          expectWithinLimits(await ask(query, variables), variables);
        },
      ),
      params,
    );
  }, 300_000);

  it('shortestPath', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ from: id(), to: id(), via, asOf }), async (variables) => {
        const query = `query($from: ID!, $to: ID!, $via: [RelationshipType!], $asOf: Date) {
          shortestPath(from: $from, to: $to, via: $via, asOf: $asOf) { length summary ${entities} } }`;
        expectWithinLimits(await ask(query, variables), variables);
      }),
      params,
    );
  }, 300_000);

  it('investorCustomerPaths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          investor: id(),
          customer: fc.option(id(), { nil: undefined }),
          maxHops: smallInt(-2, 9),
          first: smallInt(-2, 120),
          asOf,
        }),
        async (variables) => {
          const query = `query($investor: ID!, $customer: ID, $maxHops: Int, $first: Int, $asOf: Date) {
          investorCustomerPaths(investor: $investor, customer: $customer, maxHops: $maxHops, first: $first, asOf: $asOf) { length summary ${entities} } }`;
          expectWithinLimits(await ask(query, variables), variables);
        },
      ),
      params,
    );
  }, 300_000);

  it('neighborhood', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ id: id(), depth: smallInt(-1, 5), limit: smallInt(-5, 600), via, asOf }),
        async (variables) => {
          const query = `query($id: ID!, $depth: Int, $limit: Int, $via: [RelationshipType!], $asOf: Date) {
          neighborhood(id: $id, depth: $depth, limit: $limit, via: $via, asOf: $asOf) { truncated ${entities} } }`;
          expectWithinLimits(await ask(query, variables), variables);
        },
      ),
      params,
    );
  }, 300_000);

  it('leaves the server serving', async () => {
    const reply = await ask('query($id: ID!) { organization(id: $id) { name } }', { id: 'mistral-ai' });
    expect(reply.body).toEqual({ data: { organization: { name: 'Mistral AI' } } });
  });
});
