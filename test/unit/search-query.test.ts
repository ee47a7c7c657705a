import { describe, expect, it } from 'vitest';
import { toLuceneQuery } from '../../src/graph/full-text.js';

describe('search text to Lucene query', () => {
  it('matches every word as a prefix, ignoring case and accents', () => {
    expect(toLuceneQuery('Mistral')).toBe('mistral*');
    expect(toLuceneQuery('  Timothée  LACROIX ')).toBe('timothee* AND lacroix*');
  });

  it('skips the stop words the index does not hold', () => {
    expect(toLuceneQuery('Bank of America')).toBe('bank* AND america*');
    expect(toLuceneQuery('the')).toBe('');
  });

  it('never passes Lucene syntax through', () => {
    expect(toLuceneQuery('mistral AND ((')).toBe('mistral*');
    expect(toLuceneQuery('*')).toBe('');
    expect(toLuceneQuery('x~ b" OR c:d')).toBe('x* AND b* AND c* AND d*');
    expect(toLuceneQuery('x'.repeat(5) + ' \\ / ! ^')).toBe('xxxxx*');
  });
});
