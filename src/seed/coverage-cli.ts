/**
 * npm run coverage [-- <seed folder>] [--facts <folder>]   (FACTS_DIR sets the default folder)
 * Which sourced statements the graph carries, which were left out and why; then, for every
 * company of the universe (seed/universe/), whether the seed covers it and what it lacks.
 * Exits 1 when a statement is unexplained (a gap in the universe is reported, not fatal).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { SeedValidationError, readSeedDir } from './dataset.js';
import { coverage, formatCoverage } from './coverage.js';
import { companyCoverage, formatCompanyCoverage, readUniverse } from './universe.js';

const USAGE = 'usage: npm run coverage -- [seed folder] [--facts <folder>]';

try {
  const { values, positionals } = parseArgs({ options: { facts: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 1) throw new Error(`one seed folder at most, got ${positionals.join(', ')}\n${USAGE}`);
  const seedArg = positionals[0];
  const config = readConfig();
  const factsDir = values.facts !== undefined ? path.resolve(values.facts) : config.factsDir;
  const seedDir = seedArg ? path.resolve(seedArg) : config.seedDir;
  const data = readSeedDir(seedDir);
  const report = coverage(data, factsDir);
  console.log(formatCoverage(report));
  console.log(formatCompanyCoverage(companyCoverage(readUniverse(path.join(seedDir, 'universe')), data)));
  const bad = report.files.some((f) => f.unexplained.length || f.dangling.length || f.contradictory.length);
  process.exit(bad ? 1 : 0);
} catch (error) {
  console.error(
    error instanceof SeedValidationError
      ? error.message
      : `coverage: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
