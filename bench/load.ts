/**
 * A bounded load test: many concurrent clients send a mix of the main queries to the API
 * on loopback for a fixed time (autocannon), then it stops by itself and prints requests
 * per second, latency percentiles, failures, and the server's memory (its RSS, sampled
 * through the run from /proc) with a check that it does not grow.
 *
 *   npm run load [-- --seconds 30 --connections 32 --warmup 5 --failures-only]
 *
 * Starts the server as `npm start` does (src/main.ts: the embedded Neo4j, or NEO4J_URI;
 * EMBEDDED_NEO4J_* choose the instance), seeded, in production mode, as a process of its
 * own on 127.0.0.1, so the figures are the server's alone (not the load generator's), and
 * stops it after. Exits 1 when a request failed or memory grew.
 * CI runs it for a few seconds (--failures-only): no request may fail; the figures are printed, never asserted.
 */
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../src/config.js';
import { freePort, rssMb, startServer, type Server } from './measure.js';

/** The main queries of the README and the issues, as clients send them. */
export const MIX: Record<string, string> = {
  organization: `{ organization(id: "mistral-ai") { name founded headquarters founders { name workedAt { organization { name } } }
      fundingRounds { name amount { value currency } investments { investor { name } lead } } customers { name } sources { url } } }`,
  investorCustomerPaths:
    '{ investorCustomerPaths(investor: "asml", customer: "stellantis", maxHops: 4) { length summary nodes { id name } edges { type sources { url } } } }',
  shortestPath: '{ shortestPath(from: "arthur-mensch", to: "asml") { length nodes { id } edges { type } } }',
  paths: '{ paths(from: "asml", to: "stellantis", maxHops: 4) { length summary } }',
  organizations:
    '{ organizations(first: 50) { totalCount edges { node { id name founders { name } investors { id } } } pageInfo { endCursor } } }',
  search:
    '{ search(text: "mistral", first: 10) { __typename ... on Organization { id name } ... on Person { id name } } }',
  neighborhood:
    '{ neighborhood(id: "mistral-ai", depth: 2) { truncated nodes { id } edges { type from { id } to { id } } } }',
  investorsAsOf: '{ organization(id: "mistral-ai") { investors(asOf: "2024-12-31") { id name } } }',
};

export interface LoadOptions {
  /** e.g. http://127.0.0.1:4141 (loopback only). */
  base: string;
  seconds: number;
  connections: number;
  /** Load before the measured run, not counted (caches, JIT and connection pools fill). */
  warmupSeconds?: number;
  /** The process serving the requests, whose RSS is sampled. */
  pid: number;
}

export interface MemoryTrend {
  startMb: number;
  endMb: number;
  /** Growth the least-squares line fitted after the warm-up predicts over the run, in MB. */
  trendMb: number;
  growing: boolean;
}

export interface LoadFigures {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Connection errors, timeouts, non-2xx answers, and answers with GraphQL errors. */
  failed: { errors: number; timeouts: number; non2xx: number; graphqlErrors: number; total: number };
  rss: MemoryTrend;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

/** Runs the mix against `base` for `seconds`, sampling the server's RSS every 500 ms. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const url = new URL(options.base);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`the load test runs on loopback only, not ${url.hostname}`);
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const requests = Object.values(MIX).map((query) => ({ method: 'POST', body: JSON.stringify({ query }) }));
  const base = {
    url: `${url.origin}/graphql`,
    connections: options.connections,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests,
  };
  if (options.warmupSeconds) await autocannon({ ...base, duration: options.warmupSeconds });
  const samples: [number, number][] = [];
  const started = performance.now();
  const sample = () => {
    const mb = rssMb(options.pid);
    if (Number.isFinite(mb)) samples.push([(performance.now() - started) / 1000, mb * 1024 * 1024]);
  };
  sample();
  if (samples.length === 0)
    throw new Error(`cannot read the memory of process ${options.pid} (/proc/${options.pid}/status)`);
  const timer = setInterval(sample, 500);
  let result: AutocannonResult;
  try {
    result = await autocannon({
      ...base,
      duration: options.seconds,
      // A 200 with GraphQL errors is a failure too.
      verifyBody: (body: string) => !body.includes('"errors"'),
    });
  } finally {
    clearInterval(timer);
  }
  sample();
  const failed = {
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    total: 0,
  };
  failed.total = failed.errors + failed.timeouts + failed.non2xx + failed.graphqlErrors;
  return {
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds ?? 0,
    connections: options.connections,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    failed,
    rss: trend(samples),
  };
}

/**
 * Starts `npm start`'s server (src/main.ts) as its own process on 127.0.0.1, in production
 * mode, with `env` on top of this process's environment; resolves once /health says ok.
 */
export async function startApi(
  env: Record<string, string>,
  log = path.join(os.tmpdir(), `euro-ai-graph-load-${process.pid}.log`),
): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    path.join(PROJECT_ROOT, 'src', 'main.ts'),
    { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env, HOST: '127.0.0.1', PORT: String(port) },
    base,
    `${base}/health`,
    log,
  );
  const health = await fetch(`${base}/health`);
  if (health.status !== 200) {
    await server.stop();
    throw new Error(`the server at ${base} is not ready: /health answered ${health.status} ${await health.text()}`);
  }
  return server;
}

/**
 * Whether memory grows over the run: a least-squares line through the samples after the
 * first quarter (the last of the warm-up), its rise over that span compared with the mean.
 * Growing means a rise of more than `limit.fraction` of the mean and `limit.mb` MB: by
 * default 20 % and 24 MB (RSS moves with the garbage collector and the allocator, which
 * keeps pages it may reuse, so a small rise is not a leak).
 */
export function trend(points: [number, number][], limit = { fraction: 0.2, mb: 24 }): MemoryTrend {
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const steady = points.slice(Math.floor(points.length / 4));
  const n = steady.length;
  const meanX = steady.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = steady.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = steady.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  const slope = sxx === 0 ? 0 : steady.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / sxx;
  const rise = slope * (steady[n - 1][0] - steady[0][0]);
  return {
    startMb: mb(points[0][1]),
    endMb: mb(points[points.length - 1][1]),
    trendMb: mb(rise),
    growing: rise > limit.fraction * meanY && rise > limit.mb * 1024 * 1024,
  };
}

export function report(figures: LoadFigures): string {
  const m = figures.rss;
  return [
    `load: ${figures.connections} concurrent clients for ${figures.seconds} s (after ${figures.warmupSeconds} s of warm-up), a mix of ${Object.keys(MIX).length} queries (${Object.keys(MIX).join(', ')})`,
    `  requests:   ${figures.requests} in all, ${figures.requestsPerSecond.toFixed(1)} per second`,
    `  latency:    p50 ${figures.latencyMs.p50} ms, p90 ${figures.latencyMs.p90} ms, p99 ${figures.latencyMs.p99} ms, max ${figures.latencyMs.max} ms`,
    `  failed:     ${figures.failed.total} (connection errors ${figures.failed.errors}, timeouts ${figures.failed.timeouts}, non-2xx ${figures.failed.non2xx}, GraphQL errors ${figures.failed.graphqlErrors})`,
    `  memory:     server RSS ${m.startMb} MB at start, ${m.endMb} MB at the end, trend after warm-up ${m.trendMb >= 0 ? '+' : ''}${m.trendMb} MB (${m.growing ? 'GROWING' : 'stable'})`,
  ].join('\n');
}

/** `npm run load`: the server (seeded) in its own process, the load against it, the figures. */
async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: 'string', default: '30' },
      connections: { type: 'string', default: '32' },
      warmup: { type: 'string', default: '5' },
      // CI's brief run: exit 1 on a failed request only (a few seconds say nothing of memory).
      'failures-only': { type: 'boolean', default: false },
    },
  });
  const option = (name: 'seconds' | 'connections' | 'warmup') => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`--${name} must be a whole number, got "${values[name]}"`);
    return value;
  };
  const seconds = option('seconds');
  const connections = option('connections');
  const warmupSeconds = option('warmup');
  console.error('load: starting the server (npm start, production mode) ...');
  const server = await startApi({});
  try {
    console.error(
      `load: server pid ${server.pid} at ${server.url}; ${warmupSeconds} s of warm-up, then ${seconds} s measured`,
    );
    const figures = await runLoad({ base: server.url, seconds, connections, warmupSeconds, pid: server.pid });
    console.log(report(figures));
    return figures.failed.total === 0 && (values['failures-only'] || !figures.rss.growing) ? 0 : 1;
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`load: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
