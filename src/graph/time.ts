/**
 * The graph as of a date. A relationship holds on `asOf` unless it started after it or
 * ended before it. Its start is `since`, else `date`; an INVESTED_IN or RAISED link
 * without either takes its round's start (`startsOn`, set by the loader: the announcement
 * date; where the sources disagree on it, the earliest claim; without one, the earliest
 * date of the round's investments). A link with no known start is kept (nothing says it
 * did not hold).
 *
 * Partial dates compare by the period they name: `asOf` stands for the LAST day of its
 * period ("2024" is 2024-12-31, "2024-02" is 2024-02-29), a start for its FIRST day, an
 * end (`until`) for its LAST day. So a job `until: "2023-05"` still holds as of
 * 2023-05-15, one `until: "2024-06-30"` as of "2024-06", and a round announced "2025-09"
 * holds as of "2025-09" and as of "2025", not as of "2025-08-31".
 *
 * The rule is written once for links already loaded (JavaScript) and once for Cypher
 * (HOLDS, ENDS_ON_OR_AFTER); test/integration/api-explore.test.ts checks that both agree
 * on the seed graph.
 */
import type { Link } from './records.js';

/** The last day of the period a partial ISO date names ("2024-02" -> "2024-02-29"). */
export function endOfPeriod(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) {
    const [year, month] = date.split('-').map(Number);
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month
    return `${date}-${String(last).padStart(2, '0')}`;
  }
  return date;
}

/** `asOf` from a client as the bound the checks below compare with; null keeps everything. */
export function asOfBound(asOf: string | null | undefined): string | null {
  return asOf ? endOfPeriod(asOf) : null;
}

/**
 * Does a (partial) date's period end on or after a full date? "2024-06" and "2024-06-30"
 * both end on or after 2024-06-30: compare at the partial date's own precision.
 */
export function endsOnOrAfter(date: string, day: string): boolean {
  return date >= day.slice(0, date.length);
}

/** When a link started, where known (its own date, else its round's start). */
export function startOf(link: Pick<Link, 'type' | 'props' | 'to'>): string | undefined {
  const own = link.props.since ?? link.props.date;
  if (typeof own === 'string') return own;
  if ((link.type === 'INVESTED_IN' || link.type === 'RAISED') && typeof link.to.startsOn === 'string')
    return link.to.startsOn;
  return undefined;
}

/** Does the link hold on the bound (see asOfBound)? */
export function holdsOn(link: Pick<Link, 'type' | 'props' | 'to'>, bound: string | null): boolean {
  if (bound === null) return true;
  const start = startOf(link);
  // A partial start ("2025-09") sorts before every day of its period, so it compares as its first day.
  if (start !== undefined && start > bound) return false;
  const until = link.props.until;
  return typeof until !== 'string' || endsOnOrAfter(until, bound);
}

/** endsOnOrAfter in Cypher, for a (partial) date expression and a full-date parameter. */
export const ENDS_ON_OR_AFTER = (date: string, day: string) => `${date} >= left(${day}, size(${date}))`;

/**
 * holdsOn in Cypher for relationship variable `r`, with the bound in `$asOf` (null keeps
 * everything).
 */
export const HOLDS = (r: string) => `($asOf IS NULL OR (
    coalesce(${r}.since, ${r}.date, CASE WHEN type(${r}) IN ['INVESTED_IN', 'RAISED'] THEN endNode(${r}).startsOn END, '') <= $asOf
    AND (${r}.until IS NULL OR ${ENDS_ON_OR_AFTER(`${r}.until`, '$asOf')})))`;
