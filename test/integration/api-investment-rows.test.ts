/**
 * The root investments connection's `rows`: each investment of a page as one flat record
 * (what a notebook turns into a DataFrame as it is). Each row must say what the nested
 * Investment of the same page says, and cost no round trip per row.
 */
import { describe, expect, it } from 'vitest';
import { seededApi, type GraphQLResponse } from '../api-helpers.js';

const { db, api } = seededApi();

const ROW_FIELDS = `investorId investorName investorType companyId companyName roundId roundName series date
  amount currency stakePercent lead instrument roundAmount roundCurrency confidence`;
const NODE_FIELDS = `investor { __typename id name } round { id name series announced amount { value currency } company { id name } }
  amount { value currency } stakePercent lead instrument date confidence`;

interface Money {
  value: number;
  currency: string;
}
interface Node {
  investor: { __typename: string; id: string; name: string };
  round: {
    id: string;
    name: string;
    series: string;
    announced: string | null;
    amount: Money | null;
    company: { id: string; name: string } | null;
  };
  amount: Money | null;
  stakePercent: number | null;
  lead: boolean;
  instrument: string | null;
  date: string | null;
  confidence: string;
}
type Row = Record<string, unknown>;

/** Every page of investments, each with its rows and its nested nodes. */
async function allPages(args: string): Promise<{ rows: Row[]; nodes: Node[]; totalCount: number }> {
  const rows: Row[] = [];
  const nodes: Node[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (;;) {
    const response: GraphQLResponse = await api.graphql(
      `query ($after: String) { investments(first: 100, after: $after${args}) {
      totalCount pageInfo { hasNextPage endCursor } rows { ${ROW_FIELDS} } edges { node { ${NODE_FIELDS} } } } }`,
      { after },
    );
    expect(response.errors).toBeUndefined();
    const page = response.data!.investments;
    totalCount = page.totalCount;
    rows.push(...page.rows);
    nodes.push(...page.edges.map((e: { node: Node }) => e.node));
    if (!page.pageInfo.hasNextPage) return { rows, nodes, totalCount };
    after = page.pageInfo.endCursor;
  }
}

describe('investments as flat rows', () => {
  it('gives one row per investment, in the order of edges, saying what the nested investment says', async () => {
    const [{ n }] = await db.read<{ n: number }>('MATCH ()-[r:INVESTED_IN]->(:FundingRound) RETURN count(r) AS n');
    const { rows, nodes, totalCount } = await allPages('');
    expect(totalCount).toBe(n);
    expect(rows).toHaveLength(n);
    expect(nodes).toHaveLength(n);
    rows.forEach((row, i) => {
      const node = nodes[i]!;
      const { date, ...rest } = row;
      expect(rest).toEqual({
        investorId: node.investor.id,
        investorName: node.investor.name,
        investorType: node.investor.__typename,
        companyId: node.round.company?.id ?? null,
        companyName: node.round.company?.name ?? null,
        roundId: node.round.id,
        roundName: node.round.name,
        series: node.round.series,
        amount: node.amount?.value ?? null,
        currency: node.amount?.currency ?? null,
        stakePercent: node.stakePercent,
        lead: node.lead,
        instrument: node.instrument,
        roundAmount: node.round.amount?.value ?? null,
        roundCurrency: node.round.amount?.currency ?? null,
        confidence: node.confidence,
      });
      // The investment's own date, else the round's announcement; where that is disputed or
      // missing, the round's start comes from its claims or its investments (pinned below).
      const key = `${row.investorId} > ${row.roundId}`;
      if (node.date !== null) expect(date, key).toBe(node.date);
      else if (node.round.announced !== null) expect(date, key).toBe(node.round.announced);
      else expect(date === null || /^\d{4}(-\d{2}){0,2}$/.test(date as string), `${key}: ${String(date)}`).toBe(true);
      // Every value is a scalar: the rows are a table as they are.
      for (const value of Object.values(row)) expect(value === null || typeof value !== 'object').toBe(true);
    });
    expect(new Set(rows.map((r) => r.investorType))).toEqual(new Set(['Organization', 'Person']));
  });

  it("dates a row by the investment's own date, else by its round's start as the loader set it", async () => {
    const { rows, nodes } = await allPages('');
    const dated = (investor: string, round: string) => {
      const i = rows.findIndex((r) => r.investorId === investor && r.roundId === round);
      expect(i, `${investor} > ${round}`).toBeGreaterThanOrEqual(0);
      return { row: rows[i]!.date, own: nodes[i]!.date };
    };
    // Expected values read from the seed files, not from the graph.
    // seed/asml.yaml: ASML's Series C investment is dated 2025-09-09.
    expect(dated('asml', 'mistral-ai-series-c')).toEqual({ row: '2025-09-09', own: '2025-09-09' });
    // seed/investors.yaml: DST Global's is dated "2025-09", and keeps it although the round
    // (seed/mistral-ai.yaml) was announced on 2025-09-09.
    expect(dated('dst-global', 'mistral-ai-series-c')).toEqual({ row: '2025-09', own: '2025-09' });
    // seed/investors.yaml: Elad Gil's Series A investment has no date; seed/mistral-ai.yaml gives
    // the round two disputed announcement dates, 2023-12-10 and 2023-12-11: the earliest counts.
    expect(dated('elad-gil', 'mistral-ai-series-a')).toEqual({ row: '2023-12-10', own: null });
    // seed/synthesia.yaml: GV's Series E investment has no date; the round's disputed
    // announcement claims are "2026-01" and 2025-10-29.
    expect(dated('gv', 'synthesia-series-e')).toEqual({ row: '2025-10-29', own: null });
    // seed/poolside.yaml: neither Xavier Niel's seed investment nor Poolside's seed round has
    // a date, nor has the round's other investment: the row has none either.
    expect(dated('xavier-niel', 'poolside-seed')).toEqual({ row: null, own: null });
  });

  it("ASML's row: EUR 1.3 billion for 11 %, leading Mistral AI's EUR 1.7 billion Series C on 2025-09-09", async () => {
    const { rows } = await allPages(', investor: "asml"');
    const seriesC = rows.find((r) => r.roundId === 'mistral-ai-series-c');
    expect(seriesC).toMatchObject({
      investorId: 'asml',
      investorName: 'ASML',
      investorType: 'Organization',
      companyId: 'mistral-ai',
      companyName: 'Mistral AI',
      series: 'Series C',
      date: '2025-09-09',
      amount: 1.3e9,
      currency: 'EUR',
      stakePercent: 11,
      lead: true,
      roundAmount: 1.7e9,
      roundCurrency: 'EUR',
    });
  });

  it('costs no round trip per row: the rows of a 100-investment page add at most one batched query', async () => {
    const page = (fields: string) =>
      api.graphql(`{ investments(first: 100) { edges { node { investor { id } } } ${fields} } }`);
    const without = await page('');
    const withRows = await page(`rows { ${ROW_FIELDS} }`);
    expect(withRows.errors).toBeUndefined();
    expect(withRows.data!.investments.rows).toHaveLength(100);
    expect(withRows.extensions!.stats!.cypherRoundTrips).toBeLessThanOrEqual(
      without.extensions!.stats!.cypherRoundTrips + 1,
    );
  });
});
