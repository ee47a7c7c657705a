import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { coverage } from '../../src/seed/coverage.js';

const { factsDir, seedDir } = readConfig();

describe('coverage of the sourced statements', () => {
  // The statement files are kept outside the repository (FACTS_DIR, default ../shared/facts).
  // A clone without them skips this test; CI has them and must run it.
  it.skipIf(!fs.existsSync(factsDir) && !process.env.CI)(
    'explains every line of seed-article.jsonl, core.jsonl and ecosystem.jsonl',
    () => {
      expect(fs.existsSync(factsDir), `${factsDir} holds the statement files`).toBe(true);
      const report = coverage(readSeedDir(seedDir), factsDir);
      const files = Object.fromEntries(report.files.map((f) => [f.file, f]));
      for (const name of ['seed-article.jsonl', 'core.jsonl', 'ecosystem.jsonl']) {
        const file = files[name];
        expect(file, `${name} is referenced by the seed`).toBeDefined();
        expect(file.unexplained, `${name}: lines neither in the graph nor omitted with a reason`).toEqual([]);
        expect(file.dangling).toEqual([]);
        expect(file.contradictory).toEqual([]);
        expect(file.carried + file.omitted).toBe(file.lines);
      }
      for (const omitted of report.omittedReasons) expect(omitted.reason.length).toBeGreaterThan(20);
    },
  );
});
