/**
 * What any investor, an organization or a person, has: its investments and the investors
 * it shares rounds with (Organization.investments and Person.investments alike).
 */
import type { Context } from './context.js';
import type { CoInvestorRecord, Link, NodeRecord } from './records.js';
import { distinct, links, type AsOfArgs } from './resolvers.js';
import { startOf } from './time.js';

/** An investor's INVESTED_IN links (an organization's or a person's), earliest first. */
export async function investmentsOf(ctx: Context, investor: NodeRecord, args: AsOfArgs): Promise<Link[]> {
  // The root `investments` connection's order (funding/resolvers.ts): start, round name, uid, by code point.
  const key = (link: Link) => [startOf(link) ?? '~', `${link.to.name}\t${String(link.props.uid)}`];
  return (await links(ctx, investor, 'INVESTED_IN', 'OUTGOING', args.asOf)).sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
  });
}

/** Who shares rounds with an investor: most shared rounds first, then by name. */
export async function coInvestors(ctx: Context, investor: NodeRecord, args: AsOfArgs): Promise<CoInvestorRecord[]> {
  const rounds = distinct((await investmentsOf(ctx, investor, args)).map((link) => link.to));
  const byInvestor = new Map<string, CoInvestorRecord>();
  const perRound = await Promise.all(rounds.map((round) => links(ctx, round, 'INVESTED_IN', 'INCOMING', args.asOf)));
  perRound.forEach((investments, i) => {
    for (const other of distinct(investments.map((link) => link.from))) {
      if (other.id === investor.id) continue;
      const entry = byInvestor.get(other.id) ?? { investor: other, rounds: [] };
      entry.rounds.push(rounds[i]);
      byInvestor.set(other.id, entry);
    }
  });
  return [...byInvestor.values()].sort(
    (a, b) => b.rounds.length - a.rounds.length || a.investor.name.localeCompare(b.investor.name),
  );
}
