/**
 * npm run counts: writes the README's table of what the seed holds (see counts.ts), after
 * the seed files changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config.js';
import { SeedValidationError, readSeedDir } from './dataset.js';
import { seedCounts, withCounts } from './counts.js';
import { statementLineCount } from './coverage.js';

try {
  const config = readConfig();
  const readmePath = path.join(config.seedDir, '..', 'README.md');
  const rows = seedCounts(readSeedDir(config.seedDir), statementLineCount(config.factsDir));
  const before = fs.readFileSync(readmePath, 'utf8');
  const after = withCounts(before, rows);
  fs.writeFileSync(readmePath, after);
  for (const [k, v] of rows) console.log(`${k}: ${v}`);
  console.log(before === after ? 'README.md: counts unchanged' : 'README.md: counts updated');
} catch (error) {
  console.error(error instanceof SeedValidationError ? error.message : `counts: ${(error as Error).message}`);
  process.exit(1);
}
