/**
 * Runs every ```graphql block of the README's "Example queries" section against the seed
 * graph, so the examples never go stale: no errors, and every field of the answer holds
 * something.
 */
import { describe, expect, it } from 'vitest';
import { readmeExamples, seededApi } from '../api-helpers.js';

const { api } = seededApi();

/** The empty leaves of an answer: nulls and empty lists, by path. */
function emptyLeaves(value: unknown, at = ''): string[] {
  if (value === null || (Array.isArray(value) && value.length === 0)) return [at];
  if (Array.isArray(value)) return emptyLeaves(value[0], `${at}[0]`);
  if (typeof value === 'object')
    return Object.entries(value as object).flatMap(([k, v]) => emptyLeaves(v, `${at}.${k}`));
  return [];
}

describe('the README example queries', () => {
  const queries = readmeExamples();

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
