import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/graph/model.js';
import { settle } from '../../src/seed/load.js';
import { int } from '../../src/db/gateway.js';

const KNOWN = {
  founded: 'date',
  employees: 'integer',
  headquarters: 'string',
  description: 'text',
  amount: 'money',
} as const;
const fact = (property: string, value: Fact['value'], extra: Partial<Fact> = {}): Fact => ({
  property,
  value,
  sources: ['s'],
  confidence: 'single-source',
  preferred: false,
  ...extra,
});

describe('settling facts into node properties', () => {
  it('sets a value all claims agree on', () => {
    expect(settle([fact('headquarters', 'Paris'), fact('headquarters', 'Paris')], KNOWN)).toEqual({
      values: { headquarters: 'Paris' },
      disputed: [],
    });
  });

  it('leaves a disputed value unset and lists it', () => {
    const result = settle([fact('founded', '2023-04'), fact('founded', '2023-05')], KNOWN);
    expect(result).toEqual({ values: {}, disputed: ['founded'] });
  });

  it('uses the one preferred claim, still listing the dispute', () => {
    const result = settle(
      [fact('founded', '2023-04'), fact('founded', '2023-05', { preferred: true, note: 'registry' })],
      KNOWN,
    );
    expect(result).toEqual({ values: { founded: '2023-05' }, disputed: ['founded'] });
  });

  it('treats claims about different periods as a history, taking the latest', () => {
    const result = settle(
      [
        fact('employees', 60, { qualifiers: { asOf: '2024-06' } }),
        fact('employees', 700, { qualifiers: { asOf: '2025-09' } }),
      ],
      KNOWN,
    );
    expect(result).toEqual({ values: { employees: int(700) }, disputed: [] }); // stored as Cypher INTEGER
  });

  it('keeps unknown properties out of node fields but still reports their disputes', () => {
    const result = settle(
      [fact('revenue', { value: 1, currency: 'EUR' }), fact('revenue', { value: 2, currency: 'USD' })],
      KNOWN,
    );
    expect(result).toEqual({ values: {}, disputed: ['revenue'] });
  });

  it('does not count a rounded figure or a currency conversion as a dispute', () => {
    const result = settle(
      [
        fact('amount', { value: 11.7e9, currency: 'EUR' }),
        fact('amount', { value: 12e9, currency: 'EUR' }, { qualifiers: { approximate: true } }),
        fact('amount', { value: 13.76e9, currency: 'USD' }, { qualifiers: { conversion: true } }),
      ],
      KNOWN,
    );
    expect(result).toEqual({ values: { amount: 11.7e9, amountCurrency: 'EUR' }, disputed: [] });
  });

  it('does not count several phrasings of free text as a dispute', () => {
    const result = settle(
      [
        fact('description', 'French AI lab'),
        fact('description', 'Paris-based AI start-up'),
        fact('strategy', 'open'),
        fact('strategy', 'open-core'),
      ],
      KNOWN,
    );
    expect(result).toEqual({ values: { description: 'French AI lab' }, disputed: [] });
  });

  it('flattens money into value and currency properties', () => {
    expect(settle([fact('amount', { value: 1.7e9, currency: 'EUR' })], KNOWN).values).toEqual({
      amount: 1.7e9,
      amountCurrency: 'EUR',
    });
  });
});
