import { describe, expect, it } from 'vitest';
import { parseTaskIds } from './task-selection.ts';

describe('--task-ids', () => {
  it('reads indexes and ranges, keeping the order given without repeats', () => {
    expect(parseTaskIds('0,3,5-9', 20)).toEqual([0, 3, 5, 6, 7, 8, 9]);
    expect(parseTaskIds('4, 2,2-3', 20)).toEqual([4, 2, 3]);
  });

  it('refuses what is not a task of the split, saying what is allowed', () => {
    expect(() => parseTaskIds('0,x', 5)).toThrow(
      /"x" is not a task index or a range; write them like 0,3,5-9/,
    );
    expect(() => parseTaskIds('7', 5)).toThrow(/task 7 does not exist; the split has tasks 0 to 4/);
    expect(() => parseTaskIds('5-3', 9)).toThrow(/runs backwards/);
  });
});
