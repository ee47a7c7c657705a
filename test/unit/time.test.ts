import { describe, expect, it } from 'vitest';
import { asOfBound, endOfPeriod, holdsOn } from '../../src/graph/time.js';
import { formatMoney } from '../../src/paths/summary.js';
import type { Link, NodeRecord } from '../../src/graph/records.js';

const round = (announced?: string): NodeRecord => ({ __label: 'FundingRound', id: 'r', name: 'R', ...(announced ? { announced } : {}) });
const link = (type: Link['type'], props: Record<string, unknown>, to: NodeRecord = round()): Link => ({ type, props, from: to, to, other: to });

describe('the graph as of a date', () => {
  it('reads a partial asOf as the last day of its period', () => {
    expect(endOfPeriod('2024')).toBe('2024-12-31');
    expect(endOfPeriod('2024-02')).toBe('2024-02-31');
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

  it("dates an investment without its own date by its round's announcement, and keeps undated links", () => {
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
