/**
 * The graph as of a date. A relationship holds on `asOf` unless it started after it or
 * ended before it. Its start is `since`, else `date`; an INVESTED_IN or RAISED link
 * without either takes the date its round was announced. A link with no known start is
 * kept (nothing says it did not hold).
 *
 * Partial dates compare by the period they name: `asOf` stands for the LAST day of its
 * period ("2024" is 2024-12-31), a start for its FIRST day, an end (`until`) for its
 * LAST day. So a job `until: "2023-05"` still holds as of 2023-05-15, a round announced
 * "2025-09" holds as of "2025-09" and as of "2025", and not as of "2025-08-31".
 *
 * The same rule is written twice, once for links already loaded (JavaScript) and once for
 * Cypher (path and neighbourhood queries); test/integration/api-explore.test.ts checks that
 * both agree on the seed graph.
 */
import type { Link } from './records.js';

/** The last day of the period a partial ISO date names, as a string that sorts as a date. */
export function endOfPeriod(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  // Day 31 for every month: only ever compared as text, never parsed as a date.
  if (date.length === 7) return `${date}-31`;
  return date;
}

/** `asOf` from a client as the bound the checks below compare with; null keeps everything. */
export function asOfBound(asOf: string | null | undefined): string | null {
  return asOf ? endOfPeriod(asOf) : null;
}

/** When a link started, where known (its own date, else its round's announcement). */
export function startOf(link: Pick<Link, 'type' | 'props' | 'to'>): string | undefined {
  const own = link.props.since ?? link.props.date;
  if (typeof own === 'string') return own;
  if ((link.type === 'INVESTED_IN' || link.type === 'RAISED') && typeof link.to.announced === 'string') return link.to.announced;
  return undefined;
}

/** Does the link hold on the bound (see asOfBound)? */
export function holdsOn(link: Pick<Link, 'type' | 'props' | 'to'>, bound: string | null): boolean {
  if (bound === null) return true;
  const start = startOf(link);
  // A partial start ("2025-09") sorts before every day of its period, so it compares as its first day.
  if (start !== undefined && start > bound) return false;
  const until = link.props.until;
  return typeof until !== 'string' || endOfPeriod(until) >= bound;
}

/**
 * The same rule in Cypher for relationship variable `r`, with the bound in `$asOf`
 * (null keeps everything).
 */
export const HOLDS = (r: string) => `($asOf IS NULL OR (
    coalesce(${r}.since, ${r}.date, CASE WHEN type(${r}) IN ['INVESTED_IN', 'RAISED'] THEN endNode(${r}).announced END, '') <= $asOf
    AND (${r}.until IS NULL OR CASE size(${r}.until) WHEN 4 THEN ${r}.until + '-12-31' WHEN 7 THEN ${r}.until + '-31' ELSE ${r}.until END >= $asOf)))`;
