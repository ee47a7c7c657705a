/**
 * npm run bench:import [-- --size 1m] [--mode import|transactional|both] [--keep]
 *
 * A first load of the seed and a generated ecosystem (bench/generate.ts, seed 42) into an
 * empty embedded Neo4j of its own (instance "bench-import", Bolt 7715, HTTP 7515, heap 2g,
 * page cache 1g; EMBEDDED_NEO4J_* change them; its data is deleted first), two ways:
 * - import: the offline importer (src/seed/import.ts): CSV, neo4j-admin database import
 *   full, then the server's start, the migrations and their index population; end to end,
 *   each phase, and the importer's own time (its rate is the machine's limit for a load);
 * - transactional: the loader's bulk mode (src/seed/load.ts) into the empty database, with
 *   the CPU seconds of this process (the loader: rows, Bolt packing) and of Neo4j's JVM over
 *   the load, which show which side bounds it.
 * Besides: how fast this machine writes a file (1 GB, fsync'd), the disk's limit.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../src/config.js';
import { Database } from '../src/db/gateway.js';
import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j } from '../src/embedded/neo4j.js';
import { readSeedDir } from '../src/seed/dataset.js';
import { cpuSeconds, describeImport, importOffline } from '../src/seed/import.js';
import { loadSeed } from '../src/seed/load.js';
import { GENERATED_DATASET, generateEcosystem, sizeOf } from './generate.js';
import { IMPORT_BENCH_NEO4J } from './measure.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const size = arg('--size') ?? '1m';
const mode = arg('--mode') ?? 'both';
if (!['import', 'transactional', 'both'].includes(mode)) throw new Error('--mode is import, transactional or both');
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const config = readConfig({ ...IMPORT_BENCH_NEO4J, ...process.env });
  const instance = new EmbeddedNeo4j(config.embedded);
  const seed = readSeedDir(config.seedDir);
  const generatedAt = Date.now();
  const { data } = generateEcosystem({ relationships: sizeOf(size), seed: 42 });
  const relationships = seed.relationships.length + data.relationships.length;
  console.log(
    `# bench:import ${size}: ${data.entities.length + seed.entities.length} entities, ${relationships} relationships (seed and generated; generated in ${((Date.now() - generatedAt) / 1000).toFixed(1)} s, not timed)`,
  );
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}; heap ${config.embedded.heap}, page cache ${config.embedded.pageCache}; load average ${load()}`,
  );
  console.log(`disk: ${diskWrite(path.join(instance.dir, '..'))}`);
  const inputs = [
    { data: seed, dataset: 'seed' },
    { data, dataset: GENERATED_DATASET },
  ];

  if (mode !== 'transactional') {
    await empty(instance);
    const summary = await importOffline(config.embedded, inputs, { progress: log, keepFiles: args.includes('--keep') });
    const rate = (ms: number) => Math.round(summary.relationships / (ms / 1000));
    console.log(`\n## offline import (load average ${load()})`);
    console.log(describeImport(summary));
    console.log(`- end to end: ${rate(summary.millis)} relationships/s (target 150,000)`);
    console.log(
      `- the importer's own time (${(summary.importerMillis / 1000).toFixed(1)} s): ${rate(summary.importerMillis)} relationships/s, the machine's limit for a load; with its JVM's start (${(summary.importMillis / 1000).toFixed(1)} s): ${rate(summary.importMillis)}/s; CSV writing: ${rate(summary.csvMillis)} relationships/s (${(summary.csvBytes / 1e6).toFixed(0)} MB)`,
    );
    console.log(`- start, migrations, index population: ${(summary.migrateMillis / 1000).toFixed(1)} s`);
    const cores = os.cpus().length;
    console.log(
      `- CPU: CSV ${summary.csvCpuSeconds.toFixed(1)} s (one core: at most ${rate(summary.csvCpuSeconds * 1000)} relationships/s), ` +
        `importer ${summary.importerCpuSeconds.toFixed(1)} s (all ${cores} cores to itself: at most ${rate((summary.importerCpuSeconds / cores) * 1000)} relationships/s)`,
    );
  }

  if (mode !== 'import') {
    await empty(instance);
    const running = await instance.start({ tieToParent: true, progress: log });
    const db = Database.connect({ uri: running.boltUri, user: 'neo4j', password: running.password });
    try {
      await migrate(db);
      await loadSeed(db, seed, { progress: log });
      const cpuBefore = process.cpuUsage();
      const jvmBefore = cpuSeconds(running.pid);
      const started = Date.now();
      const summary = await loadSeed(db, data, { dataset: GENERATED_DATASET, bulk: true, progress: log });
      const wall = (Date.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const node = (cpu.user + cpu.system) / 1e6;
      const jvm = cpuSeconds(running.pid) - jvmBefore;
      const written = (summary.writeMillis ?? summary.millis) / 1000;
      console.log(`\n## transactional loader, bulk mode, into the empty database (load average ${load()})`);
      console.log(
        `${data.relationships.length} relationships in ${written.toFixed(1)} s = ${Math.round(data.relationships.length / written)} relationships/s (target 24,000)`,
      );
      console.log(
        `CPU over the ${wall.toFixed(1)} s: loader (Node) ${node.toFixed(1)} s = ${(node / wall).toFixed(2)} cores, Neo4j (JVM) ${jvm.toFixed(1)} s = ${(jvm / wall).toFixed(2)} cores, of ${os.cpus().length}`,
      );
    } finally {
      await db.close();
      await running.stop();
    }
  }
}

/** The instance stopped, its data deleted: the empty database of a first load. */
async function empty(instance: EmbeddedNeo4j): Promise<void> {
  await instance.stop();
  fs.rmSync(path.join(instance.dir, 'data'), { recursive: true, force: true });
}

/** 1 GB written with dd and fsync'd at the end: MB/s. */
function diskWrite(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `.disk-probe-${process.pid}`);
  try {
    const started = Date.now();
    const result = spawnSync('dd', ['if=/dev/zero', `of=${file}`, 'bs=1M', 'count=1024', 'conv=fsync'], {
      encoding: 'utf8',
    });
    if (result.status !== 0) return 'not measured (dd failed)';
    return `${Math.round(1024 / ((Date.now() - started) / 1000))} MB/s sequential write (1 GB, dd with fsync)`;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
