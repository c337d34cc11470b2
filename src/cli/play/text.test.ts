import { describe, expect, it } from 'vitest';
import { prettyObservation } from './pretty.ts';
import { diffAsJson } from './render.ts';
import { customerLabel, goalSummary } from './task-table.ts';

const task = (instruction: string) => ({ id: 't', instruction, actions: [], outputs: [] });

describe('goal summaries', () => {
  it('skips who the customer is and keeps what they want', () => {
    expect(
      goalSummary(
        task('You are Bruno Haddad, and your zip code is 99219. You want to cancel order #W1.'),
        80,
      ),
    ).toBe('You want to cancel order #W1.');
    expect(goalSummary(task('Your user id is mia_li_3668. You want to fly to Seattle.'), 80)).toBe(
      'You want to fly to Seattle.',
    );
    expect(goalSummary(task('Your user id is omar_3817, you want to downgrade. Be calm.'), 80)).toBe(
      'You want to downgrade.',
    );
    expect(
      goalSummary(task('Persona: calm.\nReason for the call: You want a refund. Now.\nWhat you know: x'), 80),
    ).toBe('You want a refund.');
    expect(goalSummary(task('You want to return the cleaner, headphone, and smart watch.'), 30)).toBe(
      'You want to return the cleane…',
    );
  });
});

describe('task table customers', () => {
  it("is the task's user id, else the user id or name its goal gives", () => {
    expect(customerLabel({ ...task('You are Mia.'), userId: 'mia_li_3668' })).toBe('mia_li_3668');
    expect(customerLabel(task('What you know: You are omar_davis_3817 in 80273.'))).toBe('omar_davis_3817');
    expect(customerLabel(task('What you know: You name is Ivan Khan and your zip code is 28243.'))).toBe(
      'Ivan Khan',
    );
    expect(customerLabel(task('Reason for the call: a refund.'))).toBe('');
  });
});

describe('observations', () => {
  it('lays JSON out for reading, keeping Python floats', () => {
    expect(prettyObservation('{"a": 1.0, "b": [1, 2]}')).toBe('{"a": 1.0, "b": [1, 2]}');
    expect(prettyObservation('{"a": "x", "b": [1, 2]}', 10)).toBe('{\n  "a": "x",\n  "b": [1, 2]\n}');
    expect(prettyObservation('Error: no such order')).toBe('Error: no such order');
  });
});

describe('the state difference as JSON', () => {
  it('leaves out a side the record or field lacks, so a missing field is not taken for null', () => {
    expect(
      diffAsJson([
        {
          table: 'orders',
          id: '#W1',
          kind: 'changed',
          changes: [
            { path: ['cancel_reason'], before: undefined, after: 'no longer needed' },
            { path: ['note'], before: null, after: 'x' },
          ],
        },
        { table: 'users', id: 'u1', kind: 'added', after: { name: 'Ann' }, changes: [] },
      ]),
    ).toEqual([
      {
        table: 'orders',
        id: '#W1',
        kind: 'changed',
        changes: [
          { path: ['cancel_reason'], expected: 'no longer needed' },
          { path: ['note'], left: null, expected: 'x' },
        ],
      },
      { table: 'users', id: 'u1', kind: 'missing', changes: [{ path: [], expected: { name: 'Ann' } }] },
    ]);
  });
});
