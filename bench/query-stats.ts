/**
 * Round trips and time of the main queries over HTTP, as a client sees them: the app on
 * the seed graph, each query run a few times with `x-debug-stats: 1`, printing the Cypher
 * round trips, the database time the response reports and the wall time (median and the
 * slowest of the warm runs; the first, cold run apart).
 *
 *   npx tsx bench/query-stats.ts [runs]     (default 10)
 *
 * Runs the app on 127.0.0.1 with its own embedded Neo4j (instance "bench-api", Bolt port
 * 7712, unless EMBEDDED_NEO4J_* say otherwise; never the instance `npm start` or the tests
 * use), which it stops when done.
 */
import { readConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { App } from '../src/server/app.js';

const QUERIES: Record<string, string> = {
  'investorCustomerPaths asml -> stellantis': `{ investorCustomerPaths(investor: "asml", customer: "stellantis", maxHops: 4) {
      length summary nodes { id name } edges { type from { id } to { id } sources { url } } } }`,
  'shortestPath arthur-mensch -> asml':
    '{ shortestPath(from: "arthur-mensch", to: "asml") { length nodes { id } edges { type } } }',
  'paths asml -> stellantis, maxHops 4': '{ paths(from: "asml", to: "stellantis", maxHops: 4) { length } }',
  'investors of mistral-ai asOf 2024-12-31':
    '{ organization(id: "mistral-ai") { investors(asOf: "2024-12-31") { id } } }',
  '50 organizations, founders, jobs, sources, investors': `{ organizations(first: 50) { edges { node { id
      founders { name workedAt { organization { name } sources { url } } } investors { id } } } } }`,
  'neighborhood mistral-ai, depth 2':
    '{ neighborhood(id: "mistral-ai", depth: 2) { nodes { id } edges { type from { id } to { id } } } }',
  'nvidia investments with rounds and sources':
    '{ organization(id: "nvidia") { investments { round { company { id } } lead sources { url } } } }',
};

const runs = Number(process.argv[2] ?? 10);
const config = readConfig({
  EMBEDDED_NEO4J_INSTANCE: 'bench-api',
  EMBEDDED_NEO4J_BOLT_PORT: '7712',
  EMBEDDED_NEO4J_HTTP_PORT: '7512',
  ...process.env,
  HOST: '127.0.0.1',
  PORT: '0',
  NEO4J_URI: '',
  LOG_LEVEL: 'warn',
});
const app = new App({ ...config, neo4j: undefined }, createLogger('warn'), (line) => console.error(line));

async function timed(base: string, query: string): Promise<{ trips: number; dbMs: number; wallMs: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-debug-stats': '1' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as {
    errors?: unknown[];
    extensions?: { stats?: { cypherRoundTrips: number; databaseMillis: number } };
  };
  const wallMs = performance.now() - started;
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return { trips: body.extensions!.stats!.cypherRoundTrips, dbMs: body.extensions!.stats!.databaseMillis, wallMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

try {
  const { port } = await app.start();
  const base = `http://127.0.0.1:${port}`;
  console.log(`${runs} warm runs each (after one cold run), database time as the response reports it:\n`);
  console.log(['query', 'round trips', 'db cold', 'db median', 'db max', 'wall median'].join(' | '));
  for (const [name, query] of Object.entries(QUERIES)) {
    const cold = await timed(base, query);
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push(await timed(base, query));
    const trips = [...new Set(warm.map((w) => w.trips))].join('/');
    const db = warm.map((w) => w.dbMs);
    console.log(
      [name, trips, ms(cold.dbMs), ms(median(db)), ms(Math.max(...db)), ms(median(warm.map((w) => w.wallMs)))].join(
        ' | ',
      ),
    );
  }
} finally {
  await app.stop();
}
