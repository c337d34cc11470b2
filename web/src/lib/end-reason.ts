const REASONS: Record<string, string> = {
  'user-stop': 'the customer ended the conversation',
  transfer: 'the agent transferred the customer to a human',
  'turn-limit': 'the turn limit was reached',
  abandoned: 'the session was abandoned',
};

/** Why an episode ended, in words. */
export function endReasonText(reason: string | null | undefined): string {
  return reason == null ? 'it has not ended' : (REASONS[reason] ?? reason);
}
