/**
 * Prompt texts of the `verify` customer, version `verify-1`: the `llm-1` brief writes a draft, the
 * `check-1` review judges it, and a rejected draft is written again. Written for Sigma.
 */
export const VERIFY_1 = 'verify-1';

/** Drafts written per message at most; when all fail review, the last one is sent (and logged). */
export const VERIFY_1_ATTEMPTS = 3;

/** Added to the system prompt when the model writes again after rejected drafts. */
export function verifyRetryNote1(rejected: ReadonlyArray<{ draft: string; reason: string }>): string {
  return [
    'Earlier drafts of your next message were turned down by a reviewer. Write a different message that ' +
      'avoids the problem.',
    ...rejected.map((r) => `Turned down: "${r.draft}" (reason: ${r.reason})`),
  ].join('\n');
}
