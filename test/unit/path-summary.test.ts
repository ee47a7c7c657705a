/** The one-line reading of a path (paths/summary.ts): hops in words, money as a person says it. */
import { describe, expect, it } from 'vitest';
import { formatMoney, summarize } from '../../src/paths/summary.js';
import type { NodeRecord } from '../../src/graph/records.js';

describe('money in a path summary', () => {
  it('reads as a person would say it, in its own currency', () => {
    expect(formatMoney({ value: 1_300_000_000, currency: 'EUR' })).toBe('EUR 1.3 billion');
    expect(formatMoney({ value: 385_000_000, currency: 'EUR' })).toBe('EUR 385 million');
    expect(formatMoney({ value: 250_000, currency: 'USD' })).toBe('USD 250,000');
  });
});

describe('a path summary', () => {
  const asml = { __label: 'Organization', id: 'asml', name: 'ASML' } as NodeRecord;
  const round = {
    __label: 'FundingRound',
    id: 'mistral-ai-series-c',
    name: 'Mistral AI Series C (2025)',
    series: 'Series C',
    announced: '2025-09-09',
  } as NodeRecord;
  const mistral = { __label: 'Organization', id: 'mistral-ai', name: 'Mistral AI' } as NodeRecord;
  const invested = {
    type: 'INVESTED_IN' as const,
    props: { amount: 1.3e9, amountCurrency: 'EUR' },
    from: asml,
    to: round,
    other: round,
  };
  const raised = { type: 'RAISED' as const, props: {}, from: mistral, to: round, other: mistral };

  it('names a round by its company and series when the path goes on to the company', () => {
    expect(summarize({ nodes: [asml, round, mistral], links: [invested, raised] })).toBe(
      "ASML invested EUR 1.3 billion in Mistral AI's Series C (2025-09-09)",
    );
  });

  it('gives a round its date once when the path ends at the round', () => {
    expect(summarize({ nodes: [asml, round], links: [invested] })).toBe(
      'ASML invested EUR 1.3 billion in Mistral AI Series C (2025-09-09)',
    );
    expect(summarize({ nodes: [mistral, round], links: [raised] })).toBe(
      'Mistral AI raised Mistral AI Series C (2025-09-09)',
    );
    const undated = { ...round, announced: undefined } as NodeRecord;
    expect(summarize({ nodes: [mistral, undated], links: [{ ...raised, to: undated }] })).toBe(
      'Mistral AI raised Mistral AI Series C (2025)',
    );
  });
});
