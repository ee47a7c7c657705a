import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { coverage } from '../../src/seed/coverage.js';

const { factsDir, seedDir } = readConfig();

describe('coverage of the sourced statements', () => {
  // The statement files live in the repository (FACTS_DIR, default seed/statements).
  it('explains every line of every statement file', () => {
    expect(fs.existsSync(factsDir), `${factsDir} holds the statement files`).toBe(true);
    const report = coverage(readSeedDir(seedDir), factsDir);
    const files = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(report.notInSeed, 'statement files no seed record refers to').toEqual([]);
    const names = fs.readdirSync(factsDir).filter((f) => f.endsWith('.jsonl'));
    expect(names).toEqual(expect.arrayContaining(['seed-article.jsonl', 'core.jsonl', 'ecosystem.jsonl']));
    for (const name of names) {
      const file = files[name];
      expect(file, `${name} is referenced by the seed`).toBeDefined();
      expect(file.unexplained, `${name}: lines neither in the graph nor omitted with a reason`).toEqual([]);
      expect(file.dangling).toEqual([]);
      expect(file.contradictory).toEqual([]);
      expect(file.carried + file.omitted).toBe(file.lines);
    }
    for (const omitted of report.omittedReasons) expect(omitted.reason.length).toBeGreaterThan(20);
  });
});
