/**
 * Runs every ```graphql block of the README's "Example queries" section against the seed
 * graph, so the examples never go stale: no errors, and every field of the answer holds
 * something.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { seededApi } from '../api-helpers.js';

const { api } = seededApi();

function exampleQueries(): string[] {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Example queries');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

/** The empty leaves of an answer: nulls and empty lists, by path. */
function emptyLeaves(value: unknown, at = ''): string[] {
  if (value === null || (Array.isArray(value) && value.length === 0)) return [at];
  if (Array.isArray(value)) return emptyLeaves(value[0], `${at}[0]`);
  if (typeof value === 'object')
    return Object.entries(value as object).flatMap(([k, v]) => emptyLeaves(v, `${at}.${k}`));
  return [];
}

describe('the README example queries', () => {
  const queries = exampleQueries();

  it('are there', () => {
    expect(queries.length).toBeGreaterThanOrEqual(8);
  });

  it.each(queries.map((q) => [q.split('\n')[0].slice(0, 70), q]))('%s', async (_, query) => {
    const { data, errors } = await api.graphql(query);
    expect(errors).toBeUndefined();
    // Top-level answers are never empty; inside them optional fields (an unknown `until`) may be null.
    for (const [field, value] of Object.entries(data!)) {
      expect(value, field).not.toBeNull();
      expect(
        emptyLeaves(value, field).filter(
          (leaf) => !/\.(until|since|role|announced|foundedYear|endCursor|amount|url)$/.test(leaf),
        ),
        field,
      ).toEqual([]);
    }
  });
});
