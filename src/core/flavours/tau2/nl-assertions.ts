import type { Judge, Task } from '../../domain/types.ts';
import { tau2Criteria } from './criteria.ts';
import type { Tau2Message, Tau2Termination } from './messages.ts';

export interface Tau2NlAssertionCheck {
  assertion: string;
  met: boolean;
  justification: string;
}

/** What became of a task's natural-language assertions. */
export type Tau2NlOutcome =
  /** No judge model was configured: the assertions are not judged and the reward is provisional. */
  | { kind: 'not-judged'; reason?: string }
  /** Treated as met without a judge, as tau2's parity vectors were made (the reward stays provisional). */
  | { kind: 'assumed-met' }
  /** A judge model's verdict on each assertion. */
  | { kind: 'judged'; model: string; checks: Tau2NlAssertionCheck[] }
  /** The judge was asked and its answer was unusable: the reason, and the reward stays provisional. */
  | { kind: 'error'; model: string; message: string };

/**
 * Decides a finished conversation's natural-language assertions with the judge handed in. A judge
 * that fails or answers something unreadable is recorded as that criterion's error (every other
 * criterion is still reported); a conversation that did not end normally, or a task without
 * assertions, is not judged.
 */
export async function judgeTau2Assertions(
  task: Task,
  messages: readonly Tau2Message[],
  termination: Tau2Termination,
  judge: Judge,
  abortSignal?: AbortSignal,
): Promise<Tau2NlOutcome> {
  const assertions = tau2Criteria(task)?.nlAssertions ?? [];
  const normalEnd = termination === 'user-stop' || termination === 'agent-stop';
  if (assertions.length === 0 || !normalEnd) return { kind: 'not-judged' };
  try {
    const verdict = await judge.judge({
      messages,
      assertions,
      ...(abortSignal === undefined ? {} : { abortSignal }),
    });
    return { kind: 'judged', model: verdict.model, checks: verdict.checks };
  } catch (error) {
    if (abortSignal?.aborted) throw error;
    return {
      kind: 'error',
      model: judge.model,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
