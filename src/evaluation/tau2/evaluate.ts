import type { Domain, Judge, Task } from '../../core/domain/types.ts';
import {
  judgeTau2Assertions,
  type Tau2Message,
  type Tau2NlOutcome,
  type Tau2RewardResult,
  type Tau2Termination,
  tau2Reward,
} from '../../core/flavours/tau2/index.ts';
import type { ModelClient } from '../../core/model/types.ts';
import type { State } from '../../core/state/index.ts';
import { type JudgeOptions, modelJudge } from './judge.ts';

export interface Tau2EvaluationOptions extends JudgeOptions {
  /** How the conversation ended; only `user-stop` and `agent-stop` let it be scored. */
  termination: Tau2Termination;
  /**
   * Who decides the natural-language assertions: a judge (or a model, judged with Sigma's
   * instructions); `'assume-met'` to treat them as met (as tau2's parity vectors were made; the reward
   * stays provisional); absent, they are reported as not judged and the reward is provisional.
   */
  judge?: Judge | ModelClient | 'assume-met';
}

/**
 * tau2's evaluation of a finished conversation: the data check, environment assertions, action
 * matching and communicated facts (all computed without a model), and the natural-language assertions
 * decided by the judge. A judge that fails or answers something unreadable is recorded as that
 * criterion's error; every other criterion is still reported.
 */
export async function evaluateTau2(
  domain: Domain,
  task: Task,
  state: State,
  messages: readonly Tau2Message[],
  options: Tau2EvaluationOptions,
): Promise<Tau2RewardResult> {
  const { judge, termination, abortSignal, ...judgeOptions } = options;
  let nl: Tau2NlOutcome;
  if (judge === undefined) nl = { kind: 'not-judged', reason: 'no judge model configured' };
  else if (judge === 'assume-met') nl = { kind: 'assumed-met' };
  else {
    const asJudge = 'judge' in judge ? judge : modelJudge(judge, judgeOptions);
    nl = await judgeTau2Assertions(task, messages, termination, asJudge, abortSignal);
  }
  return tau2Reward(domain, task, state, messages, { termination, nl });
}
