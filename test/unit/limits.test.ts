/** Each limit is one constant (src/limits.ts); the SDL's descriptions and the README say its value. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { LIMITS } from '../../src/limits.js';

const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n### Limits'), readme.indexOf('\n## ', readme.indexOf('\n### Limits')));
/** Prose wraps: compare with every run of whitespace as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('limits', () => {
  it.each(LIMITS.map((limit) => [limit.name, limit] as const))('%s is stated as its constant says', (_, limit) => {
    expect(flat(section)).toContain(limit.readme);
    for (const { file, text } of limit.sdl ?? []) {
      const sdl = fs.readFileSync(path.join(PROJECT_ROOT, 'schema', `${file}.graphql`), 'utf8');
      expect(flat(sdl), `schema/${file}.graphql`).toContain(text);
    }
  });
});
