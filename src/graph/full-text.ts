/**
 * Full-text queries, built in one place for every caller (search, and the root lists' `text`
 * filter): client text never reaches Lucene as syntax; it is cut into words, each escaped
 * and matched as a prefix.
 */

/** The full-text index over names and aliases (schema/migrations/002-search.cypher). */
export const FULL_TEXT_INDEX = 'entity_search';

/**
 * The English stop words of the index's analyzer (standard-folding): they are not in the
 * index, so a query word among them would match nothing ("Bank of America").
 */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they ' +
    'this to was will with'
  ).split(' '),
);

/** "Mistral A" -> "mistral* AND a*"; every Lucene special character is escaped. */
export function toLuceneQuery(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w))
    .slice(0, 10);
  return words.map((w) => `${w.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, '\\$&')}*`).join(' AND ');
}
