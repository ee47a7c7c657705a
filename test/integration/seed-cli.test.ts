import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { VALID_SEED, seedFolder } from '../helpers.js';

function seedCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/seed/cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' }, // --check must never need a database
  });
}

describe('npm run seed', () => {
  it('--check validates the project seed files without a database', () => {
    const run = seedCli('--check');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/seed: \d+ files valid: \d+ sources, \d+ entities, \d+ relationships/);
  });

  it('refuses a bad folder with exit code 1, naming file, line, record and field', () => {
    const dir = seedFolder({ 'bad.yaml': VALID_SEED.replace('kind: company', 'kind: startup') });
    const run = seedCli(dir, '--check');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/seed: refused\. 1 problem in the seed files; nothing was loaded:/);
    expect(run.stderr).toMatch(
      /bad\.yaml:\d+: organizations\[0\] "acme-ai", field "kind": must be one of company, .*got "startup"/,
    );
  });

  it('rejects unknown options with its usage', () => {
    const run = seedCli('--frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option --frobnicate\nusage: npm run seed/);
  });
});
