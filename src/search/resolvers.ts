/**
 * search(text): the full-text index over names and aliases. Client text never reaches
 * Lucene as syntax: it is cut into words, each escaped and matched as a prefix.
 */
import { badInput } from '../errors.js';
import { checkRange } from '../graph/resolvers.js';
import { NODE, type NodeRecord } from '../graph/records.js';
import type { Resolvers } from '../generated/graphql.js';
import { int } from '../db/gateway.js';

export const MAX_SEARCH_RESULTS = 100;
const MAX_TEXT_LENGTH = 200;

const SEARCH = `
  CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $first}) YIELD node, score
  RETURN ${NODE('node')} AS node
  ORDER BY score DESC, node.name`;

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_, args, ctx) => {
      checkRange('first', args.first, 1, MAX_SEARCH_RESULTS);
      if (args.text.length > MAX_TEXT_LENGTH)
        throw badInput(`text must be at most ${MAX_TEXT_LENGTH} characters, got ${args.text.length}`);
      const query = toLuceneQuery(args.text);
      if (query === '') return [];
      const rows = await ctx.db.read<{ node: NodeRecord }>(SEARCH, { query, first: int(args.first) }, ctx.counter);
      return rows.map((row) => row.node);
    },
  },
};

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
