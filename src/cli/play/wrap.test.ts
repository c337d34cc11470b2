import { describe, expect, it } from 'vitest';
import { wrapText } from './wrap.ts';

describe('wrapText', () => {
  it('wraps at spaces with an indent and a hanging indent, never past the width', () => {
    const text = 'You want to cancel order #W1392577 because you no longer need it, and return the lamp.';
    const out = wrapText(text, 30, '  ', '    ');
    expect(out).toBe(
      [
        '  You want to cancel order',
        '    #W1392577 because you no',
        '    longer need it, and return',
        '    the lamp.',
      ].join('\n'),
    );
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(30);
  });

  it('keeps line breaks and cuts a word longer than a line', () => {
    expect(wrapText('a\n\nbcdefghijklmnopqrst', 10)).toBe('a\n\nbcdefghijk\nlmnopqrst');
  });
});
