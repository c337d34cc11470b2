import { describe, expect, it } from 'vitest';
import type { RecordDiff } from '../../core/state/index.ts';
import { breakName, fitWidths, renderDiff } from './diff-table.ts';
import { CHANGES_DIFF } from './render.ts';

const changed: RecordDiff = {
  table: 'frequent_flyer_account_statements',
  id: 'statement_2024_05_dmitri_sato_4628',
  kind: 'changed',
  changes: [
    { path: ['payment_methods', 'gift_card_4102762', 'balance'], before: 120.5, after: 64.25 },
    {
      path: ['notes'],
      before: 'none',
      after:
        'The customer asked twice for a refund to the original card, and was told it goes to the gift card.',
    },
  ],
};
const added: RecordDiff = {
  table: 'reservations',
  id: 'HATHAT',
  kind: 'added',
  after: {
    reservation_id: 'HATHAT',
    flights: [{ flight_number: 'HAT203', date: '2024-05-21', price: 144n }],
    insurance: 'no',
  },
  changes: [],
};

describe('renderDiff', () => {
  it('fits 80 columns, breaks long names after "_", and wraps long values', () => {
    const out = renderDiff([changed, added], CHANGES_DIFF, 80);
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/│ frequent_flyer_\s+│/);
    expect(out).toMatch(/│ "The customer\s+│\n.*│\s+asked twice for\s+│/);
    expect(out).toMatch(/│ 120\.5\s+│ 64\.25\s+│/);
  });

  it('shows a record one side lacks field by field under a line naming it', () => {
    const out = renderDiff([added], CHANGES_DIFF, 100);
    expect(out.split('\n')[0]).toBe('reservations HATHAT (new record)');
    expect(out).toMatch(/│ reservation_id\s+│ "HATHAT"\s+│/);
    expect(out).toMatch(
      /│ flights\s+│ \[\{"flight_number": "HAT203", "date": "2024-05-21", "price": 144\}\]\s+│/,
    );
    expect(out).toMatch(/│ insurance\s+│ "no"\s+│/);
    // The narrower the terminal, the more the value is laid out over lines.
    const narrow = renderDiff([added], CHANGES_DIFF, 48);
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(48);
    expect(narrow).toMatch(/│\s+"date": "2024-05-21",\s+│/);
  });
});

describe('column widths and names', () => {
  it('narrows the widest column first, never below its minimum', () => {
    expect(fitWidths([30, 10, 40, 40], [8, 8, 10, 10], 100)).toEqual([30, 10, 30, 30]);
    expect(fitWidths([5, 5], [8, 8], 10)).toEqual([8, 8]);
  });

  it('breaks a name after _ or . where it can, else at the width', () => {
    expect(breakName('payment_methods.gift_card_4102762.balance', 20)).toBe(
      'payment_methods.\ngift_card_4102762.\nbalance',
    );
    expect(breakName('abcdefghijkl', 5)).toBe('abcde\nfghij\nkl');
  });
});
