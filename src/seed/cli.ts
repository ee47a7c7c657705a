/**
 * npm run seed [-- <folder>] [--reset] [--check] [--dataset name] [--import]
 * Validates every seed file, then loads them all in one transaction. Uses NEO4J_URI when
 * set, otherwise the embedded Neo4j (started for the load, stopped after it). A load
 * replaces its dataset: "seed" for seed/, the folder's name for another folder.
 * --import: a first load into an empty embedded database with Neo4j's offline importer
 * (import.ts), for large datasets; the same validation, then CSV files and neo4j-admin.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { migrate } from '../db/migrations.js';
import { SeedValidationError, readSeedDir } from './dataset.js';
import { describeImport, importOffline } from './import.js';
import { SEED_DATASET, loadSeed } from './load.js';

const USAGE = 'usage: npm run seed -- [folder] [--reset] [--check] [--dataset name] [--import]';

async function main(args: string[]): Promise<number> {
  const options = {
    reset: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    import: { type: 'boolean', default: false },
    dataset: { type: 'string' },
    help: { type: 'boolean', default: false },
  } as const;
  // Not strict, so an unknown option is named in our words (with the usage), not parseArgs'.
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of parsed.tokens) {
    if (token.kind === 'option' && !(token.name in options)) {
      console.error(`unknown option ${token.rawName}\n${USAGE}`);
      return 2;
    }
  }
  const flags = parsed.values;
  const positional = parsed.positionals;
  if (typeof flags.dataset === 'boolean') {
    console.error(`--dataset needs a name\n${USAGE}`);
    return 2;
  }
  const dataset = flags.dataset;
  if (flags.help === true) {
    console.log(USAGE);
    return 0;
  }
  const config = readConfig();
  const dir = positional[0] ? path.resolve(positional[0]) : config.seedDir;
  // Another folder is its own dataset by default, so loading it never prunes the seed.
  const datasetName = dataset ?? (dir === config.seedDir ? SEED_DATASET : slug(path.basename(dir)));

  const started = Date.now();
  const data = readSeedDir(dir);
  console.error(
    `seed: ${data.files.length} files valid: ${data.sources.length} sources, ${data.entities.length} entities, ` +
      `${data.relationships.length} relationships (${Date.now() - started} ms)`,
  );
  if (flags.check === true) return 0;
  if (flags.import === true) {
    if (config.neo4j) {
      console.error(
        "seed: --import writes the embedded Neo4j's files offline; it cannot load into NEO4J_URI (load there without --import)",
      );
      return 2;
    }
    const summary = await importOffline(config.embedded, [{ data, dataset: datasetName }], {
      progress: (line) => console.error(line),
    });
    console.log(describeImport(summary));
    return 0;
  }

  const opened = await openDatabase(config, { tieToParent: true });
  try {
    await migrate(opened.db);
    const summary = await loadSeed(opened.db, data, {
      reset: flags.reset === true,
      dataset: datasetName,
      progress: (line) => console.error(line),
    });
    const nodes = Object.values(summary.nodes).reduce((a, b) => a + b, 0);
    const rels = Object.values(summary.relationships).reduce((a, b) => a + b, 0);
    console.log(
      `Loaded ${nodes} nodes and ${rels} relationships into dataset "${summary.dataset}" in ${summary.millis} ms` +
        ` (removed ${summary.removedNodes} stale nodes, ${summary.removedRelationships} stale relationships).`,
    );
    console.log(
      `  nodes: ${Object.entries(summary.nodes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(
      `  relationships: ${Object.entries(summary.relationships)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  } finally {
    await opened.close();
  }
  return 0;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'other'
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SeedValidationError) console.error(`seed: refused. ${error.message}`);
    else console.error(`seed: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
