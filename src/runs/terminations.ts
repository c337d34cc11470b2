import type { EndReason } from '../core/domain/types.ts';

/** How an attempt ended, in tau2's words. `infrastructure_error` is never stored: the attempt is re-queued. */
export const TERMINATIONS = [
  'user_stop',
  'agent_stop',
  'max_steps',
  'too_many_errors',
  'agent_error',
  'user_error',
  'infrastructure_error',
] as const;

export type Termination = (typeof TERMINATIONS)[number];

/** tau2's name for the way an episode ended by itself: the customer left, a transfer, the step cap. */
export function terminationOf(endReason: EndReason | null): Termination {
  switch (endReason) {
    case 'user-stop':
      return 'user_stop';
    case 'transfer':
      return 'agent_stop';
    case 'turn-limit':
      return 'max_steps';
    default:
      return 'agent_error';
  }
}
