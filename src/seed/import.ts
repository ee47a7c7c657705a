/**
 * A first load into an empty database at Neo4j's own speed: validated datasets are
 * written as CSV files and handed to Neo4j's offline importer (`neo4j-admin database
 * import full`, the AdminTool class of the jars in neo4j/lib), with the embedded
 * instance's own neo4j.conf and the server stopped. Then the server starts, the schema
 * migrations (constraints, indexes, full-text) are applied, and each dataset's SeedState
 * is recorded, as the transactional loader would leave them.
 *
 * The CSV rows are the loader's own (load.ts datasetRows, bulk rows without empty lists),
 * so an import gives the same graph as a bulk load of the same data. Every node and
 * relationship file holds rows with the same properties of the same types (a label's rows
 * are split by their property signature), so nothing is coerced: a float stays a float, a
 * Cypher INTEGER an integer, a list a list.
 *
 * Only into an empty database: the importer replaces the database's files, so a database
 * holding anything but schema migrations is refused (use the transactional loader).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import type { EmbeddedSettings } from '../config.js';
import { Database } from '../db/gateway.js';
import { migrate } from '../db/migrations.js';
import { EmbeddedNeo4j, NEO4J_DIR, checkJava, ensureJars, type RunningNeo4j } from '../embedded/neo4j.js';
import type { SeedDataset } from './dataset.js';
import { RECORD_STATE, SEED_DATASET, datasetContent, datasetRows } from './load.js';

export interface ImportInput {
  data: SeedDataset;
  /** The dataset name its nodes and relationships carry ("seed", "generated", ...). */
  dataset: string;
}

export interface ImportOptions {
  progress?: (line: string) => void;
  /** Where the CSV files go (a fresh temporary folder by default; removed afterwards). */
  workDir?: string;
  /** Keep the CSV files (for a look at them, or to time the importer alone again). */
  keepFiles?: boolean;
  /** Leave the server running afterwards (default: stop it again if it was not running before). */
  leaveRunning?: boolean;
  /** The importer's JVM heap (default 1g); it works mostly off heap. */
  heap?: string;
  /** The importer's off-heap memory limit (default 2g; its own default, 90% of the machine, would crowd a shared one). */
  maxOffHeap?: string;
}

export interface ImportSummary {
  nodes: number;
  relationships: number;
  properties: number;
  /** Writing the CSV files. */
  csvMillis: number;
  /** CPU seconds this process spent writing them (one core). */
  csvCpuSeconds: number;
  /** The offline importer, JVM start included. */
  importMillis: number;
  /** The importer's own time, as it reports it (IMPORT DONE in ...). */
  importerMillis: number;
  /** CPU seconds the importer's JVM used, all its threads (Linux; NaN elsewhere). */
  importerCpuSeconds: number;
  /** Starting the server, applying the migrations (index population) and recording the datasets. */
  migrateMillis: number;
  /** From the first CSV row to the last migration: the end-to-end figure. */
  millis: number;
  csvBytes: number;
  workDir: string;
  /** The running server when `leaveRunning` was asked for. */
  running?: RunningNeo4j;
}

export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

const DATABASE = 'neo4j';
/** Between the elements of a list in one CSV field (the unit separator: no seed text holds it). */
const ARRAY_DELIMITER = '\u001f';

export async function importOffline(
  settings: EmbeddedSettings,
  inputs: ImportInput[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const instance = new EmbeddedNeo4j(settings);
  const java = checkJava(settings.javaHome);
  await ensureJars(progress);
  const wasRunning = instance.runningPid() !== undefined;
  await refuseUnlessEmpty(instance, settings, progress);
  if (instance.runningPid() !== undefined) {
    progress('import: stopping the server (the offline importer needs the database closed)');
    await instance.stop();
  }

  const started = Date.now();
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'euro-ai-graph-import-'));
  fs.mkdirSync(workDir, { recursive: true });
  try {
    const csvCpu = process.cpuUsage();
    const files = writeCsv(inputs, workDir, progress);
    const csvMillis = Date.now() - started;
    const used = process.cpuUsage(csvCpu);
    const csvCpuSeconds = (used.user + used.system) / 1e6;
    progress(
      `import: ${files.nodeFiles.length + files.relationshipFiles.length} CSV files, ${(files.bytes / 1e6).toFixed(0)} MB, in ${(csvMillis / 1000).toFixed(1)} s`,
    );

    instance.writeConfig();
    const importStarted = Date.now();
    let counts: Awaited<ReturnType<typeof runImporter>>;
    try {
      counts = await runImporter(
        java,
        instance.dir,
        files,
        workDir,
        { heap: options.heap ?? '1g', maxOffHeap: options.maxOffHeap ?? '2g' },
        progress,
      );
    } catch (error) {
      // The database was empty before; a failed import leaves unusable store files: remove
      // them, so the next start creates an empty database again.
      removeStore(instance.dir);
      throw error;
    }
    const importMillis = Date.now() - importStarted;

    const migrateStarted = Date.now();
    const running = await instance.start({ tieToParent: !options.leaveRunning && !wasRunning, progress });
    const db = Database.connect({ uri: running.boltUri, user: 'neo4j', password: running.password });
    try {
      const ran = await migrate(db);
      progress(`import: migrations applied (${ran.join(', ') || 'none new'}), indexes online`);
      // Recorded as the loader records them: the seed with its counts and content hash (what
      // `npm start` checks the graph against), a bulk dataset without (bulk mode records none).
      for (const { data, dataset } of inputs) {
        const content =
          dataset === SEED_DATASET
            ? await datasetContent((cypher, params) => db.read(cypher, params), dataset)
            : { nodes: null, relationships: null, content: null };
        await db.write(RECORD_STATE, { dataset, hash: data.hash, files: data.files, ...content });
      }
    } finally {
      await db.close();
    }
    const migrateMillis = Date.now() - migrateStarted;
    const millis = Date.now() - started;
    if (!options.leaveRunning && !wasRunning) await running.stop();
    return {
      ...counts,
      csvMillis,
      csvCpuSeconds,
      importMillis,
      migrateMillis,
      millis,
      csvBytes: files.bytes,
      workDir,
      running: options.leaveRunning || wasRunning ? running : undefined,
    };
  } finally {
    if (!options.keepFiles) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** A one-line summary for people: counts, phases and the end-to-end rate. */
export function describeImport(summary: ImportSummary): string {
  const rate = Math.round(summary.relationships / (summary.millis / 1000));
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `Imported ${summary.nodes} nodes, ${summary.relationships} relationships and ${summary.properties} properties in ${s(summary.millis)} ` +
    `(${rate} relationships/s end to end: CSV ${s(summary.csvMillis)}, importer ${s(summary.importMillis)}, ` +
    `start, migrations and indexes ${s(summary.migrateMillis)})`
  );
}

// ---- private: the database must be empty ----

async function refuseUnlessEmpty(
  instance: EmbeddedNeo4j,
  settings: EmbeddedSettings,
  progress: (line: string) => void,
): Promise<void> {
  const store = path.join(instance.dir, 'data', 'databases', DATABASE);
  if (!fs.existsSync(store)) return; // never started: nothing to lose
  const running = await instance.start({ tieToParent: true, progress });
  const db = Database.connect({ uri: running.boltUri, user: 'neo4j', password: running.password });
  let count: number;
  try {
    const [row] = await db.read<{ n: number }>('MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS n');
    count = row.n;
  } finally {
    await db.close();
  }
  if (count > 0) {
    if (running.ownedByUs) await running.stop();
    throw new ImportRefusedError(
      `the database of instance "${settings.instance}" holds ${count} nodes: the offline importer only loads into an empty database ` +
        '(load into this one with `npm run seed`, or import into a new instance: EMBEDDED_NEO4J_INSTANCE)',
    );
  }
}

function removeStore(home: string): void {
  for (const dir of [path.join(home, 'data', 'databases', DATABASE), path.join(home, 'data', 'transactions', DATABASE)])
    fs.rmSync(dir, { recursive: true, force: true });
}

// ---- private: CSV ----

interface CsvFiles {
  nodeFiles: { label: string; file: string }[];
  relationshipFiles: { type: string; file: string }[];
  bytes: number;
  multiline: boolean;
}

type Kind = 'string' | 'long' | 'double' | 'boolean' | 'string[]' | 'long[]' | 'double[]' | 'boolean[]';

function kindOf(value: unknown, where: string): Kind | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'double'; // a JS number reaches Cypher as a FLOAT
  if (neo4j.isInt(value)) return 'long';
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined; // left unset, as the bulk loader leaves it
    const kinds = new Set(value.map((v) => kindOf(v, where)));
    const [kind] = kinds;
    if (kinds.size === 1 && kind !== undefined && !kind.endsWith('[]')) return `${kind}[]` as Kind;
    throw new Error(`${where}: a list of mixed or nested values cannot be imported`);
  }
  throw new Error(`${where}: a value of type ${typeof value} cannot be imported`);
}

/** A CSV file per label (or type and end labels) and property signature. */
class CsvSet {
  readonly files = new Map<
    string,
    { fd: number; file: string; name: string; columns: [string, Kind][]; buffer: string[]; size: number }
  >();
  bytes = 0;
  multiline = false;

  constructor(private readonly dir: string) {}

  add(name: string, fixedHeader: string[], fixedValues: string[], props: Record<string, unknown>, where: string): void {
    const columns: [string, Kind][] = [];
    for (const key of Object.keys(props).sort()) {
      const kind = kindOf(props[key], `${where}, property "${key}"`);
      if (kind) columns.push([key, kind]);
    }
    const signature = `${name}|${fixedHeader.join(',')}|${columns.map(([k, t]) => `${k}:${t}`).join(',')}`;
    let file = this.files.get(signature);
    if (!file) {
      const path_ = path.join(this.dir, `${name.replace(/[^A-Za-z0-9]+/g, '_')}-${this.files.size}.csv`);
      const header = [...fixedHeader, ...columns.map(([key, kind]) => (kind === 'string' ? key : `${key}:${kind}`))];
      file = {
        fd: fs.openSync(path_, 'w'),
        file: path_,
        name,
        columns,
        buffer: [header.map(quote).join(',')],
        size: 0,
      };
      this.files.set(signature, file);
    }
    const cells = [...fixedValues.map((v) => this.cell(v)), ...columns.map(([key]) => this.cell(props[key]))];
    file.buffer.push(cells.join(','));
    if (file.buffer.length >= 5000) this.flush(file);
  }

  close(): void {
    for (const file of this.files.values()) {
      this.flush(file);
      fs.closeSync(file.fd);
    }
  }

  private flush(file: { fd: number; buffer: string[] }): void {
    if (file.buffer.length === 0) return;
    const text = `${file.buffer.join('\n')}\n`;
    file.buffer = [];
    const bytes = Buffer.from(text, 'utf8');
    fs.writeSync(file.fd, bytes);
    this.bytes += bytes.length;
  }

  private cell(value: unknown): string {
    if (Array.isArray(value)) {
      const items = value.map((v) => this.scalar(v));
      for (const item of items)
        if (item.includes(ARRAY_DELIMITER))
          throw new Error(`a list item holds the character U+001F: ${JSON.stringify(item).slice(0, 80)}`);
      return quote(items.join(ARRAY_DELIMITER));
    }
    return quote(this.scalar(value));
  }

  private scalar(value: unknown): string {
    const text = neo4j.isInt(value) ? value.toString() : typeof value === 'number' ? numberText(value) : String(value);
    if (text.includes('\n') || text.includes('\r')) this.multiline = true;
    return text;
  }
}

/** Every field quoted: an empty quoted string is an empty string, not a missing value. */
function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** A float as Java reads it back exactly (JS prints the shortest round-tripping form). */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`a number that is not finite cannot be imported: ${value}`);
  return String(value);
}

function writeCsv(inputs: ImportInput[], dir: string, progress: (line: string) => void): CsvFiles {
  const nodes = new CsvSet(dir);
  const rels = new CsvSet(dir);
  let written = 0;
  for (const { data, dataset } of inputs) {
    const rows = datasetRows(data, dataset, { lean: true });
    for (const [label, group] of rows.nodes) {
      for (const row of group) {
        const { id, ...rest } = row.props;
        nodes.add(label, [`id:ID(${label})`], [String(id ?? row.id)], rest, `${label} ${row.id}`);
      }
    }
    for (const [group, list] of rows.relationships) {
      for (const row of list) {
        rels.add(
          `${group.type}`,
          [`:START_ID(${group.fromLabel})`, `:END_ID(${group.toLabel})`],
          [row.from, row.to],
          row.props,
          `${group.type} ${row.uid}`,
        );
        written += 1;
        if (written % 250_000 === 0) progress(`import: ${written} relationships written as CSV`);
      }
    }
  }
  nodes.close();
  rels.close();
  return {
    nodeFiles: [...nodes.files.values()].map((f) => ({ label: f.name, file: f.file })),
    relationshipFiles: [...rels.files.values()].map((f) => ({ type: f.name, file: f.file })),
    bytes: nodes.bytes + rels.bytes,
    multiline: nodes.multiline || rels.multiline,
  };
}

// ---- private: the importer ----

async function runImporter(
  java: string,
  home: string,
  files: CsvFiles,
  workDir: string,
  memory: { heap: string; maxOffHeap: string },
  progress: (line: string) => void,
): Promise<{
  nodes: number;
  relationships: number;
  properties: number;
  importerMillis: number;
  importerCpuSeconds: number;
}> {
  const args = [
    `-Xmx${memory.heap}`,
    '-XX:+UseG1GC',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    '--enable-native-access=ALL-UNNAMED',
    '-cp',
    `${path.join(NEO4J_DIR, 'lib')}/*`,
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    // The database first: --nodes and --relationships take every word after them as files.
    DATABASE,
    '--overwrite-destination=true',
    `--max-off-heap-memory=${memory.maxOffHeap}`,
    // The cause of a failure in the output (kept in import.log), not only "error in input data".
    '--verbose',
    `--array-delimiter=U+001F`,
    `--report-file=${path.join(workDir, 'import.report')}`,
    ...(files.multiline ? ['--multiline-fields=true'] : []),
    ...files.nodeFiles.map(({ label, file }) => `--nodes=${label}=${file}`),
    ...files.relationshipFiles.map(({ type, file }) => `--relationships=${type}=${file}`),
  ];
  progress(
    `import: running neo4j-admin database import full (${files.nodeFiles.length} node files, ${files.relationshipFiles.length} relationship files)`,
  );
  const output: string[] = [];
  let importerCpuSeconds = Number.NaN;
  const status = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(java, args, {
      cwd: home,
      env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: path.join(home, 'conf') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Its CPU time, read from /proc while it runs (the last reading before it exits).
    const sample = setInterval(() => {
      const seconds = cpuSeconds(child.pid);
      if (Number.isFinite(seconds)) importerCpuSeconds = seconds;
    }, 250);
    child.once('exit', () => clearInterval(sample));
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        // The importer's stage lines and its percentages, not its many detail lines.
        if (/^\(\d\/\d\)|IMPORT DONE|IMPORT FAILED|^\s*\.{5,}.*\d+%|Error|Exception/i.test(line))
          progress(`import: ${line.trim()}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const text = output.join('\n');
  fs.writeFileSync(path.join(workDir, 'import.log'), text);
  if (status !== 0) {
    throw new Error(
      `neo4j-admin database import failed (exit ${status}):\n${output
        .filter((l) => l.trim() !== '')
        .slice(-25)
        .join('\n')}`,
    );
  }
  const done = /Imported:\s*\n?\s*(\d+)\s+nodes\s*\n?\s*(\d+)\s+relationships\s*\n?\s*(\d+)\s+properties/.exec(text);
  if (!done) throw new Error(`neo4j-admin database import printed no summary:\n${output.slice(-25).join('\n')}`);
  // "IMPORT DONE in 5s 123ms.": the importer's own time, without the JVM's start.
  const took = /IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms/.exec(text);
  const importerMillis = took
    ? Number(took[1] ?? 0) * 60_000 + Number(took[2] ?? 0) * 1000 + Number(took[3])
    : Number.NaN;
  return {
    nodes: Number(done[1]),
    relationships: Number(done[2]),
    properties: Number(done[3]),
    importerMillis,
    importerCpuSeconds,
  };
}

/** user + system CPU seconds of a process (Linux /proc), NaN where it cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime, in clock ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}
