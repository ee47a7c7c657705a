/**
 * npm run bench [-- --quick] [--sizes 10k,100k,1m] [--rounds n] [--per-round n] [--load-seconds n] [--reuse] [--json file]
 * npm run bench -- --processes 1,2,4 [--sizes 1m] [--reuse] [--load-seconds n]
 *
 * One run, one Neo4j: loads the seed graph, then for each size a generated ecosystem
 * (bench/generate.ts, bulk mode, replacing the previous size) and measures
 * - the loader's throughput (relationships per second);
 * - for each question of bench/questions.ts: latency p50/p95/p99 of our API, of the
 *   same question as one raw Cypher query through neo4j-driver, and of the
 *   @neo4j/graphql server (bench/neo4j-graphql/server.ts), requests interleaved so
 *   the three see the same machine; the ratios ours/raw and ours/@neo4j/graphql as the
 *   median of the per-round ratios of p50s (absolute times on a shared machine are noisy);
 * - throughput and latency under concurrent load (autocannon for the two servers, as
 *   many concurrent driver loops for raw Cypher);
 * - Cypher round trips per request (our `x-debug-stats`), for a 50- and a 100-item page;
 * - our API process's highest RSS while under load.
 *
 * Full mode: sizes 10k, 100k and 1m, 3 rounds of 30 requests per question and target, 10 s
 * of load with 8 connections. --quick (for CI, about 2 minutes): 10k only, 2 rounds of 10,
 * 2 s of load with 4 connections.
 *
 * Neo4j: NEO4J_URI when set, else the embedded Neo4j of the EMBEDDED_NEO4J_* settings
 * (defaults here: instance "bench-scale", Bolt 7713, HTTP 7513, heap 2g and page cache 1g;
 * 1g and 512m with --quick),
 * started if it is not running and then stopped again. The two servers listen on
 * 127.0.0.1, BENCH_PORT (default 4013) and BENCH_PORT + 1. The generated dataset stays
 * in the database afterwards (dataset "generated"; the next run replaces it; with --reuse a
 * run measures it as it is when it has the size asked for, and reports no loader figure).
 *
 * --processes 1,2,4: instead of the comparison, for each size N API processes against the
 * one Neo4j (bench/processes.ts), through neo4j:// routing, requests per second for each N.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { PROJECT_ROOT, readConfig } from '../src/config.js';
import { Database } from '../src/db/gateway.js';
import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j, type RunningNeo4j } from '../src/embedded/neo4j.js';
import { readSeedDir } from '../src/seed/dataset.js';
import { loadSeed, loadedHash, SEED_DATASET } from '../src/seed/load.js';
import { GENERATED_DATASET, generateEcosystem, sizeOf, type Probes } from './generate.js';
import {
  loadCypher,
  loadGraphql,
  median,
  percentiles,
  postGraphql,
  rssSampler,
  runCypher,
  startServer,
  timeIt,
  type LoadResult,
  type Percentiles,
  type Server,
} from './measure.js';
import { measureProcesses, processesReport } from './processes.js';
import { organizationsPage, questions, type Question } from './questions.js';

interface Mode {
  sizes: string[];
  rounds: number;
  perRound: number;
  connections: number;
  loadSeconds: number;
}

interface QuestionResult {
  name: string;
  nested: boolean;
  ours: Percentiles;
  raw: Percentiles;
  peer: Percentiles | null;
  oursOverRaw: number;
  oursOverPeer: number | null;
  roundTrips: number;
  load: { ours: LoadResult; raw: LoadResult; peer: LoadResult | null };
}

interface SizeResult {
  size: string;
  entities: number;
  relationships: number;
  loadMillis: number;
  relsPerSecond: number;
  probes: Probes;
  questions: QuestionResult[];
  roundTripsByPage: Record<number, number>;
  apiRssMb: number;
}

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const mode: Mode = {
  sizes: (arg('--sizes') ?? (quick ? '10k' : '10k,100k,1m')).split(','),
  rounds: Number(arg('--rounds') ?? (quick ? 2 : 3)),
  perRound: Number(arg('--per-round') ?? (quick ? 10 : 30)),
  connections: quick ? 4 : 8,
  loadSeconds: Number(arg('--load-seconds') ?? (quick ? 2 : 10)),
};
for (const size of mode.sizes) sizeOf(size); // a bad size stops the run before anything starts
const processCounts = arg('--processes')?.split(',').map(Number);
if (processCounts && processCounts.some((n) => !Number.isInteger(n) || n < 1 || n > 16))
  throw new Error('--processes takes a list of process counts from 1 to 16, such as 1,2,4');
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const env = {
    EMBEDDED_NEO4J_INSTANCE: 'bench-scale',
    EMBEDDED_NEO4J_BOLT_PORT: '7713',
    EMBEDDED_NEO4J_HTTP_PORT: '7513',
    EMBEDDED_NEO4J_HEAP: quick ? '1g' : '2g',
    EMBEDDED_NEO4J_PAGECACHE: quick ? '512m' : '1g',
    ...process.env,
  };
  const config = readConfig(env);
  let running: RunningNeo4j | undefined;
  let uri: string;
  if (config.neo4j) uri = config.neo4j.uri;
  else {
    running = await new EmbeddedNeo4j(config.embedded).start({ tieToParent: true, progress: log });
    uri = running.boltUri;
  }
  const connection = {
    uri,
    user: config.neo4j?.user ?? running?.user ?? 'neo4j',
    password: config.neo4j?.password ?? running?.password ?? '',
  };
  const db = Database.connect(connection);
  const driver = neo4j.driver(uri, neo4j.auth.basic(connection.user, connection.password), {
    disableLosslessIntegers: true,
  });
  const servers: Server[] = [];
  const results: SizeResult[] = [];
  try {
    await migrate(db);
    const seed = readSeedDir(config.seedDir);
    if ((await loadedHash(db, SEED_DATASET)) !== seed.hash) await loadSeed(db, seed, { progress: log });
    if (processCounts) {
      await benchProcesses(processCounts, db, connection);
      return;
    }
    const port = Number(process.env.BENCH_PORT ?? 4013);
    const logs = path.join(os.tmpdir(), `euro-ai-graph-bench-${process.pid}`);
    const serverEnv = {
      NEO4J_URI: uri,
      NEO4J_USER: connection.user,
      NEO4J_PASSWORD: connection.password,
      HOST: '127.0.0.1',
    };
    // One after the other, each kept as soon as it runs: a failed start leaves none behind.
    const ours = await startServer(
      'src/main.ts',
      { ...serverEnv, PORT: String(port), SEED_ON_START: 'false', LOG_LEVEL: 'warn' },
      `http://127.0.0.1:${port}/graphql`,
      `http://127.0.0.1:${port}/health`,
      path.join(logs, 'api.log'),
    );
    servers.push(ours);
    const peer = await startServer(
      'bench/neo4j-graphql/server.ts',
      { ...serverEnv, PORT: String(port + 1) },
      `http://127.0.0.1:${port + 1}/`,
      `http://127.0.0.1:${port + 1}/`,
      path.join(logs, 'neo4j-graphql.log'),
    );
    servers.push(peer);
    log(`servers: ours ${ours.url} (pid ${ours.pid}), @neo4j/graphql ${peer.url} (pid ${peer.pid}); logs in ${logs}`);
    console.log(header(await describeMachine(config.embedded.heap, config.embedded.pageCache, running === undefined)));
    for (const size of mode.sizes) {
      const result = await benchSize(size, db, driver, ours, peer);
      results.push(result);
      console.log(sizeReport(result));
    }
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    await driver.close();
    await db.close();
    await running?.stop();
  }
  const machine = await describeMachine(config.embedded.heap, config.embedded.pageCache, running === undefined);
  console.log(targets(results, Date.now() - started));
  const json = arg('--json');
  if (json) fs.writeFileSync(json, JSON.stringify({ machine, mode, results }, null, 2));
  // Figures from failed requests are not figures: any failure under load fails the run.
  const failures = results
    .flatMap((r) =>
      r.questions.map((q) => ({
        name: `${r.size} ${q.name}`,
        errors: q.load.ours.errors + q.load.raw.errors + (q.load.peer?.errors ?? 0),
      })),
    )
    .filter((f) => f.errors > 0);
  if (failures.length > 0) {
    console.error(`bench: requests failed under load: ${failures.map((f) => `${f.name} (${f.errors})`).join(', ')}`);
    process.exitCode = 1;
  }
}

/** --processes: for each size, the graph loaded (or reused), then N API processes at once. */
async function benchProcesses(
  counts: number[],
  db: Database,
  connection: { uri: string; user: string; password: string },
): Promise<void> {
  const connections = Math.max(8, 2 * Math.max(...counts));
  console.log(`# bench --processes ${counts.join(',')}: load ${mode.loadSeconds} s per question and process count`);
  for (const size of mode.sizes) {
    const { data, probes } = generateEcosystem({ relationships: sizeOf(size), seed: 42 });
    const reuse = args.includes('--reuse') && (await loadedHash(db, GENERATED_DATASET)) === data.hash;
    if (!reuse) await loadSeed(db, data, { dataset: GENERATED_DATASET, bulk: true, progress: log });
    const picked = questions(probes)
      .filter((q) => /^organization|^search/.test(q.name))
      .map((q) => ({ name: q.name, request: q.ours }));
    // Through routing, as a deployment on a cluster would read.
    const uri = connection.uri.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');
    const rows = await measureProcesses({
      neo4j: { ...connection, uri },
      counts,
      questions: picked,
      connections,
      seconds: mode.loadSeconds,
      log,
    });
    console.log(`\n## ${size}: ${data.relationships.length} relationships`);
    console.log(processesReport(rows, connections, mode.loadSeconds));
    if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
  }
}

async function benchSize(size: string, db: Database, driver: Driver, ours: Server, peer: Server): Promise<SizeResult> {
  log(`\n== ${size}: generating ...`);
  const { data, probes } = generateEcosystem({ relationships: sizeOf(size), seed: 42 });
  // --reuse: a graph of this size and seed already loaded is measured as it is (no loader figure).
  const reuse = args.includes('--reuse') && (await loadedHash(db, GENERATED_DATASET)) === data.hash;
  const summary = reuse
    ? { writeMillis: Number.NaN }
    : await loadSeed(db, data, { dataset: GENERATED_DATASET, bulk: true, progress: log });
  const relationships = data.relationships.length;
  // The write time: deleting the previous size first is not part of the loader's throughput.
  const loadMillis = summary.writeMillis ?? Number.NaN;
  const relsPerSecond = relationships / (loadMillis / 1000);
  log(
    `== ${size}: loaded ${relationships} relationships in ${(loadMillis / 1000).toFixed(1)} s (${Math.round(relsPerSecond)}/s); probes ${JSON.stringify(probes)}`,
  );

  const qs = questions(probes);
  // Every request must succeed before it is timed (and plans get cached).
  for (const q of qs) {
    for (let i = 0; i < 3; i++) {
      await postGraphql(ours.url, q.ours);
      await runCypher(driver, q.raw.cypher, q.raw.params);
      if (q.peer) await postGraphql(peer.url, q.peer);
    }
  }
  const samples = new Map(
    qs.map((q) => [
      q.name,
      {
        ours: [] as number[],
        raw: [] as number[],
        peer: [] as number[],
        ratios: [] as number[],
        peerRatios: [] as number[],
      },
    ]),
  );
  for (let round = 0; round < mode.rounds; round++) {
    log(`== ${size}: latency round ${round + 1}/${mode.rounds}`);
    for (const q of qs) {
      const s = samples.get(q.name)!;
      const [o, r, p]: number[][] = [[], [], []];
      for (let i = 0; i < mode.perRound; i++) {
        o.push(await timeIt(() => postGraphql(ours.url, q.ours)));
        r.push(await timeIt(() => runCypher(driver, q.raw.cypher, q.raw.params)));
        if (q.peer) p.push(await timeIt(() => postGraphql(peer.url, q.peer!)));
      }
      s.ours.push(...o);
      s.raw.push(...r);
      s.peer.push(...p);
      s.ratios.push(median(o) / median(r));
      if (q.peer) s.peerRatios.push(median(o) / median(p));
    }
  }
  const roundTrips = new Map<string, number>();
  for (const q of qs)
    roundTrips.set(q.name, (await postGraphql(ours.url, q.ours, true)).stats?.cypherRoundTrips ?? Number.NaN);
  const roundTripsByPage: Record<number, number> = {};
  for (const first of [50, 100])
    roundTripsByPage[first] =
      (await postGraphql(ours.url, organizationsPage(first).ours, true)).stats?.cypherRoundTrips ?? Number.NaN;

  const rss = rssSampler(ours.pid);
  const loads = new Map<string, QuestionResult['load']>();
  for (const q of qs) {
    log(`== ${size}: load, ${q.name}`);
    loads.set(q.name, {
      ours: await loadGraphql(ours.url, q.ours, mode.connections, mode.loadSeconds),
      raw: await loadCypher(driver, q.raw.cypher, q.raw.params, mode.connections, mode.loadSeconds),
      peer: q.peer ? await loadGraphql(peer.url, q.peer, mode.connections, mode.loadSeconds) : null,
    });
  }
  const apiRssMb = rss.stop();

  return {
    size,
    entities: data.entities.length,
    relationships,
    loadMillis,
    relsPerSecond,
    probes,
    roundTripsByPage,
    apiRssMb,
    questions: qs.map((q: Question) => {
      const s = samples.get(q.name)!;
      return {
        name: q.name,
        nested: q.nested,
        ours: percentiles(s.ours),
        raw: percentiles(s.raw),
        peer: q.peer ? percentiles(s.peer) : null,
        oursOverRaw: median(s.ratios),
        oursOverPeer: q.peer ? median(s.peerRatios) : null,
        roundTrips: roundTrips.get(q.name)!,
        load: loads.get(q.name)!,
      };
    }),
  };
}

interface Machine {
  cpus: string;
  memory: string;
  node: string;
  neo4j: string;
  load: string;
}

async function describeMachine(heap: string, pageCache: string, external: boolean): Promise<Machine> {
  const pom = fs.readFileSync(path.join(PROJECT_ROOT, 'neo4j', 'pom.xml'), 'utf8');
  const version = /<neo4j\.version>([^<]+)</.exec(pom)?.[1] ?? '?';
  return {
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GB`,
    node: process.version,
    neo4j: external
      ? 'NEO4J_URI (its own settings)'
      : `${version} Community embedded, heap ${heap}, page cache ${pageCache}`,
    load: os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' '),
  };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const trio = (p: Percentiles | null) => (p ? `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}` : 'n/a');
const ratio = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}x`);

function header(machine: Machine): string {
  return [
    `# bench (${quick ? 'quick' : 'full'}): ${mode.rounds} rounds x ${mode.perRound} requests per question and target; load ${mode.loadSeconds} s x ${mode.connections} connections`,
    `machine: ${machine.cpus}, ${machine.memory} RAM, Node ${machine.node}, Neo4j ${machine.neo4j}; load average at the start ${machine.load}`,
  ].join('\n');
}

function sizeReport(r: SizeResult): string {
  const out: string[] = [];
  {
    out.push('');
    out.push(`## ${r.size}: ${r.entities} entities, ${r.relationships} relationships (plus the seed graph)`);
    out.push(
      `loader (bulk mode): ${r.relationships} relationships in ${(r.loadMillis / 1000).toFixed(1)} s = ${Math.round(r.relsPerSecond)} relationships/s`,
    );
    out.push(
      `API RSS, highest under load: ${r.apiRssMb.toFixed(0)} MB; round trips for the organization page of 50 / 100: ${r.roundTripsByPage[50]} / ${r.roundTripsByPage[100]}`,
    );
    out.push('');
    out.push(
      '| question | ours p50 / p95 / p99 ms | raw Cypher | @neo4j/graphql | ours / raw | ours / @neo4j/graphql | round trips |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const q of r.questions)
      out.push(
        `| ${q.name} | ${trio(q.ours)} | ${trio(q.raw)} | ${trio(q.peer)} | ${ratio(q.oursOverRaw)} | ${ratio(q.oursOverPeer)} | ${q.roundTrips} |`,
      );
    out.push('');
    out.push(
      `| under load (${mode.connections} connections) | ours req/s | ours p50 / p97.5 / p99 ms | raw Cypher q/s | @neo4j/graphql req/s | @neo4j/graphql p50 / p97.5 / p99 ms |`,
    );
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const q of r.questions) {
      const { ours, raw, peer } = q.load;
      const errors = ours.errors + raw.errors + (peer?.errors ?? 0);
      out.push(
        `| ${q.name}${errors ? ` (${errors} errors)` : ''} | ${ours.requestsPerSecond.toFixed(0)} | ${trio(ours.latency)} | ${raw.requestsPerSecond.toFixed(0)} | ${peer ? peer.requestsPerSecond.toFixed(0) : 'n/a'} | ${trio(peer?.latency ?? null)} |`,
      );
    }
  }
  out.push(
    `load average now: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  return out.join('\n');
}

function targets(results: SizeResult[], millis: number): string {
  const out: string[] = [];
  const last = results.at(-1);
  if (last) {
    out.push('');
    out.push(`## targets (checked at ${last.size}; they are set for 1m)`);
    const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
    for (const q of last.questions)
      out.push(`- ours/raw p50 <= 1.3 for ${q.name}: ${ratio(q.oursOverRaw)} ${check(q.oursOverRaw <= 1.3)}`);
    for (const q of last.questions.filter((x) => x.nested))
      out.push(
        `- ours/@neo4j/graphql <= 1.0 for ${q.name}: ${ratio(q.oursOverPeer)} ${check((q.oursOverPeer ?? 0) <= 1.0)}`,
      );
    for (const q of last.questions.filter((x) => /investorCustomerPaths|neighborhood/.test(x.name)))
      out.push(`- p95 < 100 ms for ${q.name}: ${ms(q.ours.p95)} ms ${check(q.ours.p95 < 100)}`);
    out.push(
      `- loader >= 20,000 relationships/s: ${Math.round(last.relsPerSecond)} ${check(last.relsPerSecond >= 20_000)}`,
    );
    out.push(`- API RSS < 300 MB under load: ${last.apiRssMb.toFixed(0)} MB ${check(last.apiRssMb < 300)}`);
    out.push(
      `- round trips independent of result size (page of 50 vs 100): ${last.roundTripsByPage[50]} vs ${last.roundTripsByPage[100]} ${check(last.roundTripsByPage[50] === last.roundTripsByPage[100])}`,
    );
  }
  out.push('');
  out.push(`total ${(millis / 1000).toFixed(0)} s`);
  return out.join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
