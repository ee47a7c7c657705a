/**
 * Builds web/dist (the explorer and the GraphQL IDE) when it is missing or older than its
 * sources: run before `npm start` (the "prestart" script) and before the browser tests
 * (test/web-setup.ts), so a fresh clone needs no extra step.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(WEB);
const DIST = path.join(WEB, 'dist');
const OUTPUTS = ['index.html', 'graphql.html'].map((file) => path.join(DIST, file));
/** What the build reads: the pages, their code, the Vite config, and the installed packages' versions. */
const SOURCES = [
  path.join(WEB, 'index.html'),
  path.join(WEB, 'graphql.html'),
  path.join(WEB, 'vite.config.ts'),
  path.join(WEB, 'src'),
  path.join(ROOT, 'package-lock.json'),
];

function newest(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

/** Why web/dist must be built, or undefined when it is up to date. */
export function staleReason(): string | undefined {
  const missing = OUTPUTS.find((file) => !existsSync(file));
  if (missing) return `${path.relative(ROOT, missing)} is missing`;
  const built = Math.min(...OUTPUTS.map((file) => statSync(file).mtimeMs));
  const changed = SOURCES.find((source) => newest(source) > built);
  return changed ? `${path.relative(ROOT, changed)} changed since the last build` : undefined;
}

/** Builds web/dist when stale (or always, with `force`); `log` gets one line before and one after. */
export async function buildIfStale(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  force = false,
): Promise<void> {
  const reason = force ? 'asked for' : staleReason();
  if (!reason) return;
  log(`web: building the explorer and the GraphQL IDE into web/dist (${reason}) ...`);
  const started = Date.now();
  const { build } = await import('vite');
  // Built beside web/dist and then swapped in, so a server reading web/dist meanwhile (or a
  // second build running at the same time) never sees a half-written folder.
  // node_modules/.cache: git-ignored, and on the same file system, so the renames are atomic.
  const scratch = path.join(ROOT, 'node_modules', '.cache', 'euro-ai-graph-web');
  mkdirSync(scratch, { recursive: true });
  const fresh = path.join(scratch, `building-${process.pid}`);
  const old = path.join(scratch, `old-${process.pid}`);
  try {
    await build({
      configFile: path.join(WEB, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: fresh, emptyOutDir: true },
    });
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(fresh, DIST);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  log(`web: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --force (npm run build:web): build even when up to date, still swapping the result in.
  buildIfStale(undefined, process.argv.includes('--force')).catch((error: unknown) => {
    process.stderr.write(`web: the build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
