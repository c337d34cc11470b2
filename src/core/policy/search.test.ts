import { describe, expect, it } from 'vitest';
import { policyPassages } from './passages.ts';
import { markHighlights, searchPolicy, stemWord } from './search.ts';

const POLICY = `# Shop policy

Be polite.

## Cancelling an order
An order can be cancelled only while it is packing. The allowed reasons are:
- changed my mind
- ordered by mistake

## Modification of an address
- An address can be changed once.

## Refunds
Refunds go back to the card that paid.
`;

describe('policy passages', () => {
  it('cuts a policy into its sections, each under its headings', () => {
    const passages = policyPassages(POLICY);
    expect(passages.map((p) => p.headings)).toEqual([
      ['Shop policy'],
      ['Shop policy', 'Cancelling an order'],
      ['Shop policy', 'Modification of an address'],
      ['Shop policy', 'Refunds'],
    ]);
    expect(passages[1]!.text).toBe(
      '## Cancelling an order\nAn order can be cancelled only while it is packing. The allowed reasons are:\n- changed my mind\n- ordered by mistake',
    );
  });

  it('shows a long section by paragraphs and bullet groups, a list with the sentence that introduces it', () => {
    const long = `## Long\n${'Filler line.\n'.repeat(12)}\nThe reasons are:\n- one\n\n- two\n  continued\n\nAfter.`;
    const texts = policyPassages(long).map((p) => p.text);
    expect(texts).toEqual([
      '## Long',
      'Filler line.\n'.repeat(12).trimEnd(),
      'The reasons are:\n- one\n\n- two\n  continued',
      'After.',
    ]);
  });
});

describe('policy search', () => {
  it('joins the forms of a word', () => {
    for (const [a, b] of [
      ['modify', 'modification'],
      ['modify', 'modified'],
      ['cancel', 'cancelled'],
      ['cancel', 'cancellation'],
      ['change', 'changing'],
      ['address', 'addresses'],
    ])
      expect(stemWord(a!)).toBe(stemWord(b!));
    expect(stemWord('status')).not.toBe(stemWord('state'));
  });

  it('finds "modify" in a section about modification, and "cancel" with its whole list of reasons', () => {
    const [modify] = searchPolicy(POLICY, 'modify');
    expect(modify!.headings.at(-1)).toBe('Modification of an address');
    const [cancel] = searchPolicy(POLICY, 'cancel');
    expect(cancel!.text).toContain('- changed my mind\n- ordered by mistake');
    expect(
      markHighlights(cancel!, (w) => `[${w}]`)
        .split('\n')
        .slice(0, 2),
    ).toEqual([
      '## [Cancelling] an order',
      'An order can be [cancelled] only while it is packing. The allowed reasons are:',
    ]);
  });

  it('ranks a match in a heading first, forgives a small typo, and finds nothing for an unknown word', () => {
    expect(searchPolicy(POLICY, 'refund').map((m) => m.headings.at(-1))).toEqual(['Refunds']);
    expect(searchPolicy(POLICY, 'refunsd')[0]?.headings.at(-1)).toBe('Refunds');
    expect(searchPolicy(POLICY, 'zeppelin')).toEqual([]);
    expect(searchPolicy(POLICY, 'the')).toEqual([]);
  });
});
