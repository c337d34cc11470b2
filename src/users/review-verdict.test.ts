import { describe, expect, it } from 'vitest';
import { parseVerdict } from './review-verdict.ts';

describe('parseVerdict', () => {
  it('reads a pass', () => {
    expect(parseVerdict('PASS')).toEqual({ pass: true });
    expect(parseVerdict('\n**Pass**\nLooks fine.')).toEqual({ pass: true });
  });

  it('reads a failure and its reason', () => {
    expect(parseVerdict('FAIL: it reveals the whole goal at once')).toEqual({
      pass: false,
      reason: 'it reveals the whole goal at once',
    });
    expect(parseVerdict('**FAIL** - stops early')).toEqual({ pass: false, reason: 'stops early' });
    expect(parseVerdict('FAIL\nIt speaks as an AI.')).toEqual({ pass: false, reason: 'It speaks as an AI.' });
    expect(parseVerdict('fail')).toEqual({ pass: false, reason: 'no reason given' });
  });

  it('counts an answer that says neither as a pass', () => {
    expect(parseVerdict('The draft seems mostly fine, but FAIL might apply.')).toEqual({ pass: true });
    expect(parseVerdict('')).toEqual({ pass: true });
  });
});
