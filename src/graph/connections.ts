/**
 * Cursor connections (`edges { cursor node }`, `pageInfo`, `totalCount`) for the lists that
 * can grow. Root lists page in the database by key (the sort key and the id of the last
 * item seen), so a page never skips or repeats an item because others were added before
 * it; lists already loaded for one entity page in memory by position.
 */
import { badInput } from '../errors.js';
import { int, type Params } from '../db/gateway.js';
import { MAX_PAGE } from '../limits.js';
import type { Context } from './context.js';
import type { EntityLabel } from './model.js';
import { FULL_TEXT_INDEX, toLuceneQuery } from './full-text.js';
import { NODE, type Link, type NodeRecord } from './records.js';
import { checkRange } from './resolvers.js';

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A page of the root `investments` (its `rows` are made from `edges` when asked for). */
export type InvestmentPage = Connection<Link>;

export function checkFirst(first: number): number {
  return checkRange('first', first, 1, MAX_PAGE);
}

/** Where a page of an in-memory list starts; checks `first` and `after` (call it before loading the list). */
export function pageStart(first: number, after: string | null | undefined): number {
  checkFirst(first);
  return after
    ? decode<[number]>(after, (v) => Array.isArray(v) && v.length === 1 && Number.isInteger(v[0]) && v[0] >= 0)[0] + 1
    : 0;
}

/** A page of a list already in memory, in its order; the cursor is the position. */
export function connectionOf<T>(items: readonly T[], first: number, after: string | null | undefined): Connection<T> {
  const start = pageStart(first, after);
  const page = items.slice(start, start + first);
  const edges = page.map((node, i) => ({ cursor: encode([start + i]), node }));
  return {
    edges,
    pageInfo: { hasNextPage: start + first < items.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: items.length,
  };
}

export interface KeysetQuery {
  /** The list and its order ("organizations/NAME"): a cursor only works for the list that issued it. */
  list: string;
  /**
   * Cypher that binds the candidate nodes to `n` (MATCH ... WHERE filters); filters read
   * parameters only. Written by the caller from constants, never from client text.
   */
  match: string;
  /** Cypher expression to sort by; never null (use a sentinel). */
  key: string;
  /**
   * The key is this stored property with a range index (`match` ends in a WHERE clause):
   * the page is then read in index order from the cursor on, not sorted from every
   * candidate. Nodes without the property are in no page.
   */
  indexed?: boolean;
  descending: boolean;
  params: Params;
  /** A unique Cypher expression that breaks ties (default `n.id`). */
  tiebreak?: string;
  /** What each edge's node is (default the node `n`). */
  project?: string;
  /** More to read for each node of the page, in the same query (Cypher over `n`), handed to `onRow`. */
  extra?: { cypher: string; onRow: (node: NodeRecord, extra: unknown) => void };
}

/**
 * The `match` of a root list: every `label` node passing `filters` (Cypher over parameters
 * only), or with `text` the full-text matches among them, searched as `$query`.
 */
export function listMatch(
  label: EntityLabel,
  filters: string,
  text: string | null | undefined,
  filterValues?: Record<string, unknown>,
): { match: string; query: string | null } {
  // No filter given: a bare label match, so the page's total comes from the count store
  // (one db hit) instead of a scan of every node of the label.
  if (filterValues && Object.values(filterValues).every((value) => value === null || value === undefined))
    filters = 'true';
  const query = text ? toLuceneQuery(text) : null;
  if (query === null) return { match: `MATCH (n:${label}) WHERE ${filters}`, query };
  if (query === '') return { match: `MATCH (n:${label}) WHERE false`, query }; // text with nothing searchable
  return {
    match: `CALL db.index.fulltext.queryNodes('${FULL_TEXT_INDEX}', $query) YIELD node AS n WITH n WHERE n:${label} AND ${filters}`,
    query,
  };
}

/** One round trip: the page (one more than asked, to know whether another follows) and the total. */
export async function keysetPage<T = NodeRecord>(
  ctx: Context,
  query: KeysetQuery,
  first: number,
  after: string | null | undefined,
): Promise<Connection<T>> {
  checkFirst(first);
  const cursor = after
    ? decode<[string, string | number, string]>(
        after,
        (v) =>
          Array.isArray(v) &&
          v.length === 3 &&
          v[0] === query.list &&
          ['string', 'number'].includes(typeof v[1]) &&
          typeof v[2] === 'string',
      )
    : null;
  const [cmp, order] = query.descending ? ['<', 'DESC'] : ['>', 'ASC'];
  const tie = query.tiebreak ?? 'n.id';
  // A range the planner can seek in the index (and read in its order); the exact cursor
  // test (ties broken by id) follows as a filter.
  const seek = !query.indexed ? '' : cursor ? ` AND ${query.key} ${cmp}= $afterKey` : ` AND ${query.key} IS NOT NULL`;
  const cypher = `
    CALL { ${query.match} RETURN count(*) AS total }
    CALL {
      ${query.match}${seek}
      WITH *, ${query.key} AS k, ${tie} AS tie
      WHERE $afterId IS NULL OR k ${cmp} $afterKey OR (k = $afterKey AND tie ${cmp} $afterId)
      WITH * ORDER BY k ${order}, tie ${order} LIMIT $limit
      RETURN collect({node: ${query.project ?? NODE('n')}, key: k, tie: tie${query.extra ? `, extra: ${query.extra.cypher}` : ''}}) AS rows
    }
    RETURN total, rows`;
  const [row] = await ctx.db.read<{
    total: number;
    rows: { node: T; key: string | number; tie: string; extra?: unknown }[];
  }>(cypher, { ...query.params, afterKey: cursor?.[1] ?? null, afterId: cursor?.[2] ?? null, limit: int(first + 1) });
  const page = row.rows.slice(0, first);
  ctx.budget.spend(page.length);
  if (query.extra) for (const r of page) query.extra.onRow(r.node as NodeRecord, r.extra);
  const edges = page.map((r) => ({ cursor: encode([query.list, r.key, r.tie]), node: r.node }));
  return {
    edges,
    pageInfo: { hasNextPage: row.rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: row.total,
  };
}

// ---- private helpers ----

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode<T>(cursor: string, valid: (value: unknown) => boolean): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!valid(value)) {
    throw badInput(
      `after must be a cursor this list returned in the same order (endCursor or an edge's cursor), got ${JSON.stringify(cursor)}`,
    );
  }
  return value as T;
}
