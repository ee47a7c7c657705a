/**
 * Measuring helpers for bench/run.ts: timing GraphQL requests and Cypher queries, load
 * with autocannon, a process's RSS, and starting the two GraphQL servers as child
 * processes (so their memory is theirs alone, not the benchmark's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import neo4j, { type Driver } from 'neo4j-driver';
import type { GraphqlRequest } from './questions.js';

/** The Neo4j instance the first-load benchmarks (import.ts, loader-seek.ts) empty and fill. */
export const IMPORT_BENCH_NEO4J = {
  EMBEDDED_NEO4J_INSTANCE: 'bench-import',
  EMBEDDED_NEO4J_BOLT_PORT: '7715',
  EMBEDDED_NEO4J_HTTP_PORT: '7515',
  EMBEDDED_NEO4J_HEAP: '2g',
  EMBEDDED_NEO4J_PAGECACHE: '1g',
};

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface GraphqlResult {
  data: unknown;
  stats?: { cypherRoundTrips: number; databaseMillis: number; items?: number };
}

/** One GraphQL POST; throws on HTTP or GraphQL errors (a benchmark of errors measures nothing). */
export async function postGraphql(url: string, request: GraphqlRequest, debugStats = false): Promise<GraphqlResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(debugStats ? { 'x-debug-stats': '1' } : {}) },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: unknown[];
    extensions?: { stats?: GraphqlResult['stats'] };
  };
  if (!response.ok || body.errors)
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return { data: body.data, stats: body.extensions?.stats };
}

export async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** One Cypher query in a read transaction, all its records fetched (as the API would). */
export async function runCypher(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<number> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const records = await session.executeRead((tx) => tx.run(cypher, params).then((r) => r.records));
    return records.length;
  } finally {
    await session.close();
  }
}

export interface LoadResult {
  requestsPerSecond: number;
  latency: Percentiles;
  errors: number;
}

/** autocannon against a GraphQL endpoint: `connections` clients for `seconds`. */
export async function loadGraphql(
  url: string,
  request: GraphqlRequest,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    connections,
    duration: seconds,
    // A 200 that carries GraphQL errors is a failed request, not throughput.
    verifyBody: (body: string) => !body.includes('"errors"'),
  });
  return {
    requestsPerSecond: result.requests.average,
    // autocannon reports p97.5, not p95.
    latency: { p50: result.latency.p50, p95: result.latency.p97_5, p99: result.latency.p99 },
    errors: result.errors + result.non2xx + result.timeouts + result.mismatches,
  };
}

/** The raw-Cypher counterpart of autocannon: `connections` loops of one query for `seconds`. */
export async function loadCypher(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const deadline = performance.now() + seconds * 1000;
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        try {
          samples.push(await timeIt(() => runCypher(driver, cypher, params)));
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return {
    requestsPerSecond: samples.length / ((performance.now() - started) / 1000),
    latency: percentiles(samples),
    errors,
  };
}

/** Resident set size of a process in MB (Linux /proc), or NaN where /proc is missing. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every 100 ms until stopped; returns the highest. */
export function rssSampler(pid: number): { stop(): number } {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    max = Math.max(max, rssMb(pid));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, rssMb(pid));
    },
  };
}

/** A free loopback port (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript server as `node --import tsx <script>` (one process, so the pid is
 * the server's own) and waits until `readyUrl` answers.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  url: string,
  readyUrl: string,
  log: string,
): Promise<Server> {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited)
      throw new Error(`${script} exited during start-up; see ${log}:\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
    try {
      const response = await fetch(readyUrl, { method: 'GET', headers: { accept: 'application/json' } });
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer at ${readyUrl} within 120 s; see ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
