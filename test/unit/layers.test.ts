/** The layers of src/ point only down (test/layers.ts); the check itself catches an upward import. */
import { describe, expect, it } from 'vitest';
import { LAYERS, sourceFiles, violations } from '../layers.js';

describe('layers', () => {
  it('no module of src/ imports a layer above its own, and concepts do not import each other', () => {
    expect(violations(sourceFiles())).toEqual([]);
  });

  it('the check finds an upward import, a concept importing another, and a file in no layer', () => {
    const files = new Map([
      [
        'graph/loaders.ts',
        "import type { Context } from '../server/context.js';\nimport { int } from '../db/gateway.js';",
      ],
      ['people/resolvers.ts', "import { coInvestors } from '../organizations/resolvers.js';"],
      ['paths/paths.ts', "import { HOLDS } from '../graph/time.js';\nimport { summarize } from './summary.js';"],
      ['stray/thing.ts', ''],
    ]);
    expect(violations(files, LAYERS)).toEqual([
      { file: 'graph/loaders.ts', imports: 'server/context.ts', why: 'graph may not import server (above it)' },
      {
        file: 'people/resolvers.ts',
        imports: 'organizations/resolvers.ts',
        why: 'people/ and organizations/ are both concepts: neither imports the other',
      },
      { file: 'stray/thing.ts', imports: '', why: 'belongs to no layer (add it to LAYERS in test/layers.ts)' },
    ]);
  });
});
