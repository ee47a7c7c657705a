/**
 * Several API processes against one Neo4j: the API keeps no state of its own, so N
 * processes serve N times the requests as long as the cores and the database keep up.
 * For each process count, starts that many servers (src/main.ts, as `npm start` runs it),
 * puts them all under load at once (autocannon, the same total connections spread over
 * them), and reports requests per second in all and per process. Used by
 * `npm run bench -- --processes 1,2,4` and by test/integration/processes.test.ts.
 */
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, percentiles, postGraphql, startServer, type Server } from './measure.js';
import type { GraphqlRequest } from './questions.js';

export interface ProcessesOptions {
  /** Where the servers read: NEO4J_URI and its credentials (a neo4j:// URI routes). */
  neo4j: { uri: string; user: string; password: string };
  counts: number[];
  /** `contains`: text every answer must hold (an answer without it counts as an error). */
  questions: { name: string; request: GraphqlRequest; contains?: string }[];
  /** Connections in all, spread evenly over the processes (at least one each). */
  connections: number;
  seconds: number;
  log?: (line: string) => void;
}

export interface ProcessesRow {
  processes: number;
  question: string;
  requestsPerSecond: number;
  /** Requests per second of each process (autocannon against each at once). */
  perProcess: number[];
  /** Requests answered by each process in the measured time. */
  answered: number[];
  p50: number;
  errors: number;
}

export async function measureProcesses(options: ProcessesOptions): Promise<ProcessesRow[]> {
  const log = options.log ?? (() => undefined);
  const rows: ProcessesRow[] = [];
  const logs = path.join(os.tmpdir(), `euro-ai-graph-processes-${process.pid}`);
  for (const count of options.counts) {
    const servers: Server[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const port = await freePort();
        const env = {
          NEO4J_URI: options.neo4j.uri,
          NEO4J_USER: options.neo4j.user,
          NEO4J_PASSWORD: options.neo4j.password,
          HOST: '127.0.0.1',
          PORT: String(port),
          SEED_ON_START: 'false',
          LOG_LEVEL: 'warn',
          NODE_ENV: 'production',
          // A busy machine's first answers may take longer than the default 10 s; a stopped
          // query would end the run, not measure it.
          QUERY_TIMEOUT_MS: process.env.QUERY_TIMEOUT_MS ?? '60000',
        };
        servers.push(
          await startServer(
            'src/main.ts',
            env,
            `http://127.0.0.1:${port}/graphql`,
            `http://127.0.0.1:${port}/health`,
            path.join(logs, `api-${count}-${i}.log`),
          ),
        );
      }
      log(`processes: ${count} API process${count === 1 ? '' : 'es'} (pids ${servers.map((s) => s.pid).join(', ')})`);
      for (const question of options.questions) {
        const body = JSON.stringify(question.request);
        const each = Math.max(1, Math.floor(options.connections / count));
        // Warm-up: each process answers the question a few times (the database plans it,
        // the process compiles its code and fills its pool) before it is timed.
        for (let i = 0; i < 3; i++) await Promise.all(servers.map((s) => postGraphql(s.url, question.request)));
        await Promise.all(servers.map((s) => run(s.url, body, each, 1, question.contains)));
        const results = await Promise.all(
          servers.map((s) => run(s.url, body, each, options.seconds, question.contains)),
        );
        // Answered requests over the time (autocannon's per-second average is 0 when a run of
        // a few seconds completes nothing in some second, as on a busy machine).
        const perProcess = results.map((r) => r.requests.total / options.seconds);
        rows.push({
          processes: count,
          question: question.name,
          requestsPerSecond: perProcess.reduce((a, b) => a + b, 0),
          perProcess,
          answered: results.map((r) => r.requests.total),
          // The median of the processes' p50s (autocannon gives no merged histogram).
          p50: percentiles(results.map((r) => r.latency.p50)).p50,
          errors: results.reduce((n, r) => n + r.errors + r.non2xx + r.timeouts + r.mismatches, 0),
        });
        log(`processes: ${count}, ${question.name}: ${rows.at(-1)!.requestsPerSecond.toFixed(0)} req/s`);
      }
    } finally {
      for (const server of servers) await server.stop().catch(() => undefined);
    }
  }
  return rows;
}

export function processesReport(rows: ProcessesRow[], connections: number, seconds: number): string {
  const out = [
    '',
    `## API processes against one Neo4j (${connections} connections in all, spread over the processes; ${seconds} s each)`,
    `cores: ${os.cpus().length}; load average now: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
    '',
    '| processes | question | req/s in all | req/s per process | p50 ms (median of the processes) | errors |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows)
    out.push(
      `| ${r.processes} | ${r.question} | ${r.requestsPerSecond.toFixed(0)} | ${r.perProcess.map((x) => x.toFixed(0)).join(' / ')} | ${r.p50} | ${r.errors} |`,
    );
  return out.join('\n');
}

function run(url: string, body: string, connections: number, seconds: number, contains?: string) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
    verifyBody: (text: string) => !text.includes('"errors"') && (contains === undefined || text.includes(contains)),
  });
}
