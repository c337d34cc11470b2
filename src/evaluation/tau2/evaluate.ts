import type { Domain, Task } from '../../core/domain/types.ts';
import type { ModelClient } from '../../core/model/types.ts';
import {
  type Tau2Message,
  type Tau2NlOutcome,
  type Tau2RewardResult,
  type Tau2Termination,
  tau2Criteria,
  tau2Reward,
} from '../../core/reward/tau2.ts';
import type { State } from '../../core/state/index.ts';
import { type JudgeOptions, JudgeReplyError, judgeModelName, judgeNlAssertions } from './judge.ts';

export interface Tau2EvaluationOptions extends JudgeOptions {
  /** How the conversation ended; only `user-stop` and `agent-stop` let it be scored. */
  termination: Tau2Termination;
  /**
   * Who decides the natural-language assertions: a judge model; `'assume-met'` to treat them as met
   * (as tau2's parity vectors were made; the reward stays provisional); absent, they are reported as
   * not judged and the reward is provisional.
   */
  judge?: ModelClient | 'assume-met';
}

/**
 * tau2's evaluation of a finished conversation: the data check, environment assertions, action
 * matching and communicated facts (all computed here, without a model), and the natural-language
 * assertions judged by the configured judge model. A judge that fails or answers something unreadable
 * is recorded as that criterion's error; every other criterion is still reported.
 */
export async function evaluateTau2(
  domain: Domain,
  task: Task,
  state: State,
  messages: readonly Tau2Message[],
  options: Tau2EvaluationOptions,
): Promise<Tau2RewardResult> {
  const assertions = tau2Criteria(task)?.nlAssertions ?? [];
  const normalEnd = options.termination === 'user-stop' || options.termination === 'agent-stop';
  let nl: Tau2NlOutcome;
  if (options.judge === undefined) nl = { kind: 'not-judged', reason: 'no judge model configured' };
  else if (options.judge === 'assume-met') nl = { kind: 'assumed-met' };
  else if (assertions.length === 0 || !normalEnd) nl = { kind: 'not-judged' };
  else {
    const judge = options.judge;
    try {
      nl = {
        kind: 'judged',
        model: judgeModelName(judge),
        checks: await judgeNlAssertions(judge, messages, assertions, options),
      };
    } catch (error) {
      if (options.abortSignal?.aborted) throw error;
      nl = {
        kind: 'error',
        model: judgeModelName(judge),
        // An unreadable reply is recorded as what is wrong with it (the model is named beside it).
        message:
          error instanceof JudgeReplyError
            ? error.reason
            : error instanceof Error
              ? error.message
              : String(error),
      };
    }
  }
  return tau2Reward(domain, task, state, messages, { termination: options.termination, nl });
}
