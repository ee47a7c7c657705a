import { describe, expect, it } from 'vitest';
import { asOfBound, endOfPeriod, holdsOn } from '../../src/graph/time.js';
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
