export type Verdict = { pass: true } | { pass: false; reason: string };

const VERDICT = /^[\s*#>"`]*(pass|fail)\b[\s*"`]*[:.\-–—]?\s*([\s\S]*)$/i;

/**
 * Reads a reviewer's answer: `PASS`, or `FAIL: <reason>`, looked for on the first non-empty line. An
 * answer that says neither counts as a pass: a confused reviewer should not change what the customer
 * says, only a clear rejection should.
 */
export function parseVerdict(text: string): Verdict {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const match = VERDICT.exec(first.trim());
  if (match === null || match[1]!.toLowerCase() === 'pass') return { pass: true };
  const rest = `${match[2]!}\n${text.slice(text.indexOf(first) + first.length)}`.replace(/[*`]/g, '').trim();
  return { pass: false, reason: rest === '' ? 'no reason given' : rest.split('\n')[0]!.trim() };
}
