/**
 * npx tsx bench/loader-seek.ts [--size 100k] [--rounds 2]
 *
 * What the bulk loader's relationship writes cost, and on which side: the same generated
 * relationships (bench/generate.ts, seed 42) written in batches of 10,000, two at a time,
 * with their ends found (a) by their `id` through the unique constraint's index, as the
 * loader did, and (b) by element id (an id seek), as it does now; the two in turn, each
 * round deleting what the one before wrote (not timed). Reports relationships/s and the CPU
 * seconds of this process (rows, Bolt packing) and of Neo4j's JVM for each.
 * Instance "bench-import" (Bolt 7715, HTTP 7515; EMBEDDED_NEO4J_* change it), its data
 * deleted first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../src/config.js';
import { Database, int } from '../src/db/gateway.js';
import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j } from '../src/embedded/neo4j.js';
import { cpuSeconds } from '../src/seed/import.js';
import { datasetRows, inBatches, loadSeed } from '../src/seed/load.js';
import { GENERATED_DATASET, generateEcosystem, sizeOf } from './generate.js';
import { IMPORT_BENCH_NEO4J } from './measure.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const size = arg('--size') ?? '100k';
const rounds = Number(arg('--rounds') ?? 2);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const config = readConfig({ ...IMPORT_BENCH_NEO4J, ...process.env });
  const instance = new EmbeddedNeo4j(config.embedded);
  await instance.stop();
  fs.rmSync(path.join(instance.dir, 'data'), { recursive: true, force: true });
  const running = await instance.start({ tieToParent: true, progress: log });
  const db = Database.connect({ uri: running.boltUri, user: 'neo4j', password: running.password });
  try {
    await migrate(db);
    const { data } = generateEcosystem({ relationships: sizeOf(size), seed: 42 });
    await loadSeed(db, data, { dataset: GENERATED_DATASET, bulk: true, progress: () => undefined });
    const elements = new Map(
      (
        await db.read<{ key: string; element: string }>(
          'MATCH (n) WHERE n.dataset = $dataset RETURN labels(n)[0] + ":" + n.id AS key, elementId(n) AS element',
          { dataset: GENERATED_DATASET },
        )
      ).map((r) => [r.key, r.element]),
    );
    const { relationships } = datasetRows(data, GENERATED_DATASET, { lean: true });
    const total = [...relationships.values()].reduce((n, rows) => n + rows.length, 0);
    console.log(
      `# loader-seek ${size}: ${total} relationships, batches of 10,000, two at a time; ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const variants = {
      'by id (index seek)': (type: string, from: string, to: string) => `
        UNWIND $rows AS row
        MATCH (a:${from} {id: row.from}) MATCH (b:${to} {id: row.to})
        CREATE (a)-[r:${type}]->(b) SET r = row.props`,
      'by element id (id seek)': (type: string, from: string, to: string) => `
        UNWIND $rows AS row
        MATCH (a:${from}) WHERE elementId(a) = row.a MATCH (b:${to}) WHERE elementId(b) = row.b
        CREATE (a)-[r:${type}]->(b) SET r = row.props`,
    };
    for (let round = 1; round <= rounds; round++) {
      for (const [name, cypher] of Object.entries(variants)) {
        await db.writeUntilDone('MATCH ()-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS changed', {
          limit: int(10_000),
        });
        const node = process.cpuUsage();
        const jvm = cpuSeconds(running.pid);
        const started = Date.now();
        for (const [group, rows] of relationships) {
          const sorted = [...rows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
          const query = cypher(group.type, group.fromLabel, group.toLabel);
          await inBatches(
            sorted,
            (batch) =>
              db.write(query, {
                rows: batch.map((row) => ({
                  from: row.from,
                  to: row.to,
                  a: elements.get(`${group.fromLabel}:${row.from}`),
                  b: elements.get(`${group.toLabel}:${row.to}`),
                  props: row.props,
                })),
              }),
            10_000,
            2,
          );
        }
        const wall = (Date.now() - started) / 1000;
        const used = process.cpuUsage(node);
        const nodeCpu = (used.user + used.system) / 1e6;
        const jvmCpu = cpuSeconds(running.pid) - jvm;
        console.log(
          `round ${round}, ${name}: ${Math.round(total / wall)} relationships/s (${wall.toFixed(1)} s); CPU: loader ${nodeCpu.toFixed(1)} s, Neo4j ${jvmCpu.toFixed(1)} s = ${((jvmCpu / total) * 1e6).toFixed(0)} µs of Neo4j CPU per relationship; load average ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  } finally {
    await db.close();
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
