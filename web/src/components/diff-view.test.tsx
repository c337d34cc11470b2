// The data-difference views: a changed record field by field, added and removed records, and the
// empty state.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordDiff } from '../api/client';
import { DiffView } from './diff-view';

afterEach(cleanup);

const diffs: RecordDiff[] = [
  {
    table: 'orders',
    id: '#W1',
    kind: 'changed',
    changes: [
      { path: ['status'], before: 'pending', after: 'cancelled' },
      { path: ['payment_history', 1], after: { amount: 10.5, transaction_type: 'refund' } },
    ],
  },
  { table: 'users', id: 'new_user', kind: 'added', after: { name: 'N' }, changes: [] },
  { table: 'reservations', id: 'ABC', kind: 'removed', before: { status: 'x' }, changes: [] },
];

describe('DiffView', () => {
  it('lists every changed field with its value before and after, and added and removed records', () => {
    render(
      <DiffView caption="changes" diffs={diffs} empty="none" beforeLabel="left" afterLabel="expected" />,
    );
    const table = screen.getByRole('table', { name: 'changes' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['record', 'field', 'left', 'expected']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['status', '"pending"', '"cancelled"'],
      ['payment_history.1', '—', '{"amount":10.5,"transaction_type":"refund"}'],
      ['record added', '—', '{"name":"N"}'],
      ['record removed', '{"status":"x"}', '—'],
    ]);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'orders #W1',
      'orders #W1',
      'users new_user',
      'reservations ABC',
    ]);
  });

  it('says so when nothing differs', () => {
    render(<DiffView caption="changes" diffs={[]} empty="No change to the data so far." />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No change to the data so far.')).toBeTruthy();
  });
});
