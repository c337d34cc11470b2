import { describe, expect, it } from 'vitest';
import type { RecordDiff } from '../../core/state/index.ts';
import { fitWidths } from '../table.ts';
import { breakName, renderDiff } from './diff-table.ts';
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
  it('fits 80 columns: a line naming each record, then its fields; long values wrap', () => {
    const out = renderDiff([changed, added], CHANGES_DIFF, 80);
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/│ frequent_flyer_account_statements statement_2024_05_dmitri_sato_4628\s+│/);
    expect(out).toMatch(
      /│ payment_methods\.\s+│ 120\.5\s+│ 64\.25\s+│\n│ gift_card_4102762\.\s+│[^\n]*\n│ balance\s+│/,
    );
    expect(out).toMatch(/│ "The customer asked\s+│\n.*│\s+twice for a refund to\s+│/);
  });

  it('breaks long table names and fields after "_" or "." on a narrow terminal', () => {
    const out = renderDiff([changed], CHANGES_DIFF, 48);
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(48);
    expect(out).toMatch(/│ frequent_flyer_account_statements\s+│\n│ statement_2024_05_dmitri_sato_4628\s+│/);
    expect(out).toMatch(/│ payment_\s+│ 120\.5\s+│ 64\.25\s+│\n│ methods\.\s+│/);
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
    expect(fitWidths([30, 10, 40, 40], [8, 8, 10, 10], [8, 8, 10, 10], 100)).toEqual([30, 10, 30, 30]);
    // The preferred minimums hold while the others can give way, then the least ones.
    expect(fitWidths([40, 60, 60], [16, 20, 20], [8, 10, 10], 70)).toEqual([23, 23, 24]);
    expect(fitWidths([40, 60, 60], [16, 30, 30], [8, 10, 10], 70)).toEqual([16, 27, 27]);
    expect(fitWidths([5, 5], [8, 8], [8, 8], 10)).toEqual([8, 8]);
  });

  it('breaks a name after _ or . where it can, else at the width', () => {
    expect(breakName('payment_methods.gift_card_4102762.balance', 20)).toBe(
      'payment_methods.\ngift_card_4102762.\nbalance',
    );
    expect(breakName('abcdefghijkl', 5)).toBe('abcde\nfghij\nkl');
  });
});
