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
const NODE_FIELDS = `investor { __typename id name } round { id name series amount { value currency } company { id name } }
  amount { value currency } stakePercent lead instrument date confidence`;

interface Money {
  value: number;
  currency: string;
}
interface Node {
  investor: { __typename: string; id: string; name: string };
  round: { id: string; name: string; series: string; amount: Money | null; company: { id: string; name: string } | null };
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
    const response: GraphQLResponse = await api.graphql(`query ($after: String) { investments(first: 100, after: $after${args}) {
      totalCount pageInfo { hasNextPage endCursor } rows { ${ROW_FIELDS} } edges { node { ${NODE_FIELDS} } } } }`, { after });
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
      expect(row).toEqual({
        investorId: node.investor.id,
        investorName: node.investor.name,
        investorType: node.investor.__typename,
        companyId: node.round.company?.id ?? null,
        companyName: node.round.company?.name ?? null,
        roundId: node.round.id,
        roundName: node.round.name,
        series: node.round.series,
        date: row.date, // checked below
        amount: node.amount?.value ?? null,
        currency: node.amount?.currency ?? null,
        stakePercent: node.stakePercent,
        lead: node.lead,
        instrument: node.instrument,
        roundAmount: node.round.amount?.value ?? null,
        roundCurrency: node.round.amount?.currency ?? null,
        confidence: node.confidence,
      });
      // Every value is a scalar: the rows are a table as they are.
      for (const value of Object.values(row)) expect(value === null || typeof value !== 'object').toBe(true);
    });
    expect(new Set(rows.map((r) => r.investorType))).toEqual(new Set(['Organization', 'Person']));
  });

  it("dates a row by the investment's own date, else by its round's start as the loader set it", async () => {
    const stored = await db.read<{ investor: string; round: string; date: string | null }>(
      'MATCH (inv)-[r:INVESTED_IN]->(round:FundingRound) RETURN inv.id AS investor, round.id AS round, coalesce(r.date, round.startsOn) AS date',
    );
    const { rows, nodes } = await allPages('');
    const expected = new Map<string, Set<string | null>>();
    for (const s of stored) {
      const key = `${s.investor}>${s.round}`;
      expected.set(key, (expected.get(key) ?? new Set()).add(s.date));
    }
    rows.forEach((row) => expect(expected.get(`${row.investorId}>${row.roundId}`)).toContain(row.date));
    // Rows whose investment has no date of its own take the round's start.
    const undated = rows.filter((_, i) => nodes[i]!.date === null);
    expect(undated.length).toBeGreaterThan(0);
    expect(undated.some((row) => row.date !== null)).toBe(true);
    // A row whose investment has a date keeps it.
    rows.forEach((row, i) => nodes[i]!.date !== null && expect(row.date).toBe(nodes[i]!.date));
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
    expect(withRows.extensions!.stats!.cypherRoundTrips).toBeLessThanOrEqual(without.extensions!.stats!.cypherRoundTrips + 1);
  });
});
