/**
 * search(text): the full-text index over names and aliases. Client text never reaches
 * Lucene as syntax: it is cut into words, each escaped and matched as a prefix.
 */
import { badInput } from '../errors.js';
import { checkRange } from '../graph/resolvers.js';
import { NODE, type NodeRecord } from '../graph/records.js';
import { FULL_TEXT_INDEX, toLuceneQuery } from '../graph/full-text.js';
import type { Resolvers } from '../generated/graphql.js';
import { int } from '../db/gateway.js';
import { MAX_SEARCH_RESULTS, MAX_SEARCH_TEXT } from '../limits.js';

const SEARCH = `
  CALL db.index.fulltext.queryNodes('${FULL_TEXT_INDEX}', $query, {limit: $first}) YIELD node, score
  RETURN ${NODE('node')} AS node
  ORDER BY score DESC, node.name`;

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_, args, ctx) => {
      checkRange('first', args.first, 1, MAX_SEARCH_RESULTS);
      if (args.text.length > MAX_SEARCH_TEXT)
        throw badInput(`text must be at most ${MAX_SEARCH_TEXT} characters, got ${args.text.length}`);
      const query = toLuceneQuery(args.text);
      if (query === '') return [];
      const rows = await ctx.db.read<{ node: NodeRecord }>(SEARCH, { query, first: int(args.first) });
      return rows.map((row) => row.node);
    },
  },
};
