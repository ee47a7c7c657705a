import { describe, expect, it } from 'vitest';
import { asOfBound, endOfPeriod, holdsOn } from '../../src/graph/time.js';
import { formatMoney, summarize } from '../../src/paths/summary.js';
import type { Link, NodeRecord } from '../../src/graph/records.js';

const round = (startsOn?: string): NodeRecord => ({
  __label: 'FundingRound',
  id: 'r',
  name: 'R',
  ...(startsOn ? { startsOn } : {}),
});
const link = (type: Link['type'], props: Record<string, unknown>, to: NodeRecord = round()): Link => ({
  type,
  props,
  from: to,
  to,
  other: to,
});

describe('the graph as of a date', () => {
  it('reads a partial asOf as the last day of its period', () => {
    expect(endOfPeriod('2024')).toBe('2024-12-31');
    expect(endOfPeriod('2024-02')).toBe('2024-02-29');
    expect(endOfPeriod('2025-02')).toBe('2025-02-28');
    expect(endOfPeriod('2024-06')).toBe('2024-06-30');
    expect(endOfPeriod('2024-12')).toBe('2024-12-31');
    expect(asOfBound('2024-02-03')).toBe('2024-02-03');
    expect(asOfBound(null)).toBeNull();
  });

  it('drops a link that started after asOf, comparing a partial start as its first day', () => {
    const job = link('WORKED_AT', { since: '2025-09' });
    expect(holdsOn(job, asOfBound('2025-08-31'))).toBe(false);
    expect(holdsOn(job, asOfBound('2025-09-01'))).toBe(true);
    expect(holdsOn(job, asOfBound('2025-09'))).toBe(true);
    expect(holdsOn(job, asOfBound('2025'))).toBe(true);
  });

  it('drops a link that ended before asOf, comparing a partial end as its last day', () => {
    const job = link('WORKED_AT', { since: '2020', until: '2023-05' });
    expect(holdsOn(job, asOfBound('2023-05-15'))).toBe(true);
    expect(holdsOn(job, asOfBound('2023-06-01'))).toBe(false);
    expect(holdsOn(job, asOfBound('2019'))).toBe(false);
  });

  it('keeps a link that ends on the last day of the month asOf names', () => {
    expect(holdsOn(link('WORKED_AT', { until: '2024-06-30' }), asOfBound('2024-06'))).toBe(true);
    expect(holdsOn(link('WORKED_AT', { until: '2025-02-28' }), asOfBound('2025-02'))).toBe(true);
    expect(holdsOn(link('WORKED_AT', { until: '2025-02-27' }), asOfBound('2025-02'))).toBe(false);
    expect(holdsOn(link('WORKED_AT', { until: '2024' }), asOfBound('2024-12-31'))).toBe(true);
  });

  it("dates an investment without its own date by its round's start, and keeps undated links", () => {
    expect(holdsOn(link('INVESTED_IN', {}, round('2025-09-09')), asOfBound('2024-12-31'))).toBe(false);
    expect(holdsOn(link('INVESTED_IN', { date: '2024' }, round('2025-09-09')), asOfBound('2024-12-31'))).toBe(true);
    expect(holdsOn(link('INVESTED_IN', {}, round()), asOfBound('2000'))).toBe(true);
    expect(holdsOn(link('COMPETES_WITH', {}), asOfBound('2000'))).toBe(true);
  });
});

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
