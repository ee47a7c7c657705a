/**
 * The layers of src/, bottom to top, and the check that no import runs back up:
 *   npx tsx test/layers.ts      (part of `npm run lint`; test/unit/layers.test.ts runs it too)
 *
 * A module may import from its own folder and from any layer below its own. Within a
 * layer, folders may import each other only where the layer says so: the concepts (and
 * the seed loader beside them) never import each other, so each can be read, changed or
 * removed alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Layer {
  name: string;
  /** Folders (ending in /) or files, relative to src/. */
  members: string[];
  /** Whether members of this layer may import each other. */
  peers: boolean;
}

export const LAYERS: Layer[] = [
  { name: 'plumbing', members: ['config.ts', 'errors.ts', 'logger.ts', 'collections.ts', 'limits.ts'], peers: true },
  { name: 'embedded', members: ['embedded/'], peers: true },
  { name: 'db', members: ['db/'], peers: true },
  { name: 'graph', members: ['graph/', 'generated/'], peers: true },
  {
    name: 'concepts',
    members: ['organizations/', 'people/', 'funding/', 'products/', 'search/', 'paths/', 'seed/'],
    peers: false,
  },
  { name: 'server', members: ['server/'], peers: true },
  { name: 'main', members: ['main.ts'], peers: true },
];

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

/** The member (folder or file) of src/ a path belongs to, and its layer's index. */
export function placeOf(relative: string, layers = LAYERS): { member: string; layer: number } | undefined {
  for (const [index, layer] of layers.entries()) {
    for (const member of layer.members) {
      if (member.endsWith('/') ? relative.startsWith(member) : relative === member) return { member, layer: index };
    }
  }
  return undefined;
}

/** Upward (or sideways, where a layer forbids it) imports among `files` (path relative to src/ -> source text). */
export function violations(files: Map<string, string>, layers = LAYERS): Violation[] {
  const found: Violation[] = [];
  for (const [file, text] of files) {
    const from = placeOf(file, layers);
    if (!from) {
      found.push({ file, imports: '', why: 'belongs to no layer (add it to LAYERS in test/layers.ts)' });
      continue;
    }
    for (const specifier of importsOf(text)) {
      if (!specifier.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      const to = placeOf(target, layers);
      if (!to || to.member === from.member) continue;
      const [a, b] = [layers[from.layer], layers[to.layer]];
      if (to.layer > from.layer)
        found.push({ file, imports: target, why: `${a.name} may not import ${b.name} (above it)` });
      else if (to.layer === from.layer && !a.peers)
        found.push({
          file,
          imports: target,
          why: `${from.member} and ${to.member} are both ${a.name}: neither imports the other`,
        });
    }
  }
  return found;
}

/** Every .ts file under src/, relative to it, with its text. */
export function sourceFiles(root = path.resolve(import.meta.dirname, '..', 'src')): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

// ---- private helpers ----

function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g,
  )) {
    specifiers.push(match[1] ?? match[2]);
  }
  return specifiers;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const found = violations(sourceFiles());
  for (const v of found) console.error(`src/${v.file}${v.imports ? ` imports src/${v.imports}` : ''}: ${v.why}`);
  if (found.length > 0) {
    console.error(`layers: ${found.length} import(s) run against the layers (test/layers.ts)`);
    process.exit(1);
  }
  console.log(`layers: ${LAYERS.map((l) => l.name).join(' < ')}; no import runs upwards`);
}
