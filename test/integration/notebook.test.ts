/**
 * The researchers' notebook (notebooks/investors-and-customers.ipynb), run end to end with
 * nbclient against the API on the seed graph, as a researcher runs it against a server.
 * Its cells assert what they show; this file checks that every cell ran, that the plot was
 * written, and that a notebook that cannot reach the API fails naming the cell.
 *
 * The Python environment is .venv-notebooks/ in the repository root (notebooks/README.md);
 * when it is missing, or notebooks/requirements.txt changed since it was installed, it is
 * created or updated here (a few minutes on a clean machine, with pip's progress shown).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/measure.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { seededApi } from '../api-helpers.js';

const NOTEBOOK = path.join(PROJECT_ROOT, 'notebooks', 'investors-and-customers.ipynb');
const RUNNER = path.join(PROJECT_ROOT, 'notebooks', 'run.py');
const REQUIREMENTS = path.join(PROJECT_ROOT, 'notebooks', 'requirements.txt');
const VENV = path.join(PROJECT_ROOT, '.venv-notebooks');
const PYTHON = path.join(VENV, 'bin', 'python');
/** The requirements' hash the venv was last installed from. */
const STAMP = path.join(VENV, 'requirements.sha256');
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'notebook');
const EXECUTED = path.join(ARTIFACTS, 'investors-and-customers.ipynb');
const PLOT = path.join(ARTIFACTS, 'asml-money-flow.png');

const { api } = seededApi();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking this process (the API under test answers from it), with
 * its output collected, or passed through when `show` is set.
 */
function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; show?: boolean } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (options.show ? process.stdout.write(chunk) : (stdout += chunk)));
    child.stderr.on('data', (chunk: Buffer) => (options.show ? process.stderr.write(chunk) : (stderr += chunk)));
    child.on('error', (error) => reject(new Error(`${command} could not be started: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function must(command: string, args: string[]): Promise<void> {
  const result = await run(command, args, { show: true });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}`);
}

/** Creates .venv-notebooks, or updates it when notebooks/requirements.txt changed. */
async function ensureVenv(): Promise<void> {
  const wanted = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
  const installed = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : null;
  if (fs.existsSync(PYTHON) && installed === wanted) return;
  const started = Date.now();
  const created = !fs.existsSync(PYTHON);
  if (created) {
    console.log(`notebook test: creating ${VENV} (python3 -m venv) ...`);
    await must('python3', ['-m', 'venv', VENV]);
  }
  console.log(`notebook test: installing notebooks/requirements.txt into ${VENV} ...`);
  // pip's lines show progress on a new venv; on one made elsewhere (CI) they would only list what is there.
  const quiet = created ? [] : ['--quiet'];
  await must(PYTHON, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--progress-bar',
    'off',
    ...quiet,
    '-r',
    REQUIREMENTS,
  ]);
  fs.writeFileSync(STAMP, `${wanted}\n`);
  console.log(`notebook test: ${VENV} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function runNotebook(url: string, output: string, plot: string): Promise<Run> {
  return run(PYTHON, [RUNNER, NOTEBOOK, '--output', output, '--timeout', '120'], {
    env: { EURO_AI_GRAPH_URL: url, EURO_AI_GRAPH_PLOT: plot },
  });
}

interface Cell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: { output_type: string; ename?: string }[];
}
const cellsOf = (file: string): Cell[] => JSON.parse(fs.readFileSync(file, 'utf8')).cells;

beforeAll(async () => {
  await ensureVenv();
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
}, 900_000);

describe("the researchers' notebook", () => {
  it('is committed with its outputs cleared, as nbformat 4', () => {
    const notebook = JSON.parse(fs.readFileSync(NOTEBOOK, 'utf8'));
    expect(notebook.nbformat).toBe(4);
    expect(notebook.metadata.kernelspec.name).toBe('python3');
    const code = (notebook.cells as Cell[]).filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThan(0);
    for (const cell of code) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
    }
  });

  it('runs end to end against the API: every cell, its asserts passing, and saves the plot', async () => {
    const started = Date.now();
    const result = await runNotebook(`${api.base}/graphql`, EXECUTED, PLOT);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    expect(result.code, `the notebook failed after ${seconds} s:\n${result.stderr}`).toBe(0);
    console.log(`notebook test: ${result.stdout.trim()}`);

    const code = cellsOf(EXECUTED).filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThan(0);
    code.forEach((cell, i) => {
      expect(cell.execution_count, `code cell ${i + 1} did not run`).toBe(i + 1);
      expect(cell.outputs!.filter((o) => o.output_type === 'error')).toEqual([]);
    });
    // The plot is shown in the notebook and written as a PNG.
    expect(code.some((c) => c.outputs!.some((o) => o.output_type === 'display_data'))).toBe(true);
    const png = fs.readFileSync(PLOT);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.length).toBeGreaterThan(10_000);
  }, 300_000);

  it('fails, naming the cell and the error, when the API cannot be reached', async () => {
    const closed = await freePort(); // bound and released: nothing listens there
    const url = `http://127.0.0.1:${closed}/graphql`;
    const output = path.join(ARTIFACTS, 'unreachable.ipynb');
    const result = await runNotebook(url, output, path.join(ARTIFACTS, 'unreachable.png'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/code cell \d+ of \d+ failed/);
    expect(result.stderr).toMatch(/ConnectionError|Connection refused/);
    // The executed copy stops at the failing cell, which shows the error.
    const failing = cellsOf(output).filter((c) => c.outputs?.some((o) => o.output_type === 'error'));
    expect(failing).toHaveLength(1);
    expect(fs.existsSync(path.join(ARTIFACTS, 'unreachable.png'))).toBe(false);
  }, 300_000);
});
