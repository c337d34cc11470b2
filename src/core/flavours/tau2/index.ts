import type { EndReason, EpisodeScore, Flavour, Judge, ScoreInput } from '../../domain/types.ts';
import { fromJs, toJs } from '../../python/index.ts';
import { tau2StateHash } from '../../state/index.ts';
import { tau2ExpectedState } from './database.ts';
import { type Tau2Message, tau2MessagesFromActions } from './messages.ts';
import { judgeTau2Assertions, type Tau2NlOutcome } from './nl-assertions.ts';
import { type Tau2RewardResult, tau2Reward } from './reward.ts';

export { checkTau2Actions, type Tau2ActionCheck, tau2ActionMatches } from './actions.ts';
export { checkTau2Communicate, type Tau2CommunicateCheck } from './communicate.ts';
export {
  dumpTau2Action,
  readTau2Criteria,
  TAU2_REWARD_TYPES,
  type Tau2Action,
  type Tau2Criteria,
  type Tau2EnvAssertion,
  type Tau2Requestor,
  type Tau2RewardType,
  tau2Criteria,
} from './criteria.ts';
export { tau2ExpectedState, tau2ExpectedStateHash } from './database.ts';
export { runTau2EnvAssertions, type Tau2EnvAssertionCheck } from './env-assertions.ts';
export { pyEquals } from './equals.ts';
export {
  replayTau2Messages,
  type Tau2Message,
  type Tau2ReplayedCall,
  type Tau2Termination,
  type Tau2ToolCall,
  tau2MessagesFromActions,
} from './messages.ts';
export { judgeTau2Assertions, type Tau2NlAssertionCheck, type Tau2NlOutcome } from './nl-assertions.ts';
export {
  type Tau2Breakdown,
  type Tau2Criterion,
  type Tau2CriterionStatus,
  type Tau2RewardOptions,
  type Tau2RewardResult,
  tau2Breakdown,
  tau2Reward,
} from './reward.ts';

/** How tau2 names the ways a conversation ends (only the two stops let it be scored). */
const TERMINATION: Record<EndReason, string> = {
  'user-stop': 'user-stop',
  transfer: 'user-stop',
  'turn-limit': 'max-steps',
  abandoned: 'abandoned',
};

const PROVISIONAL =
  "provisional: the task's natural-language assertions were not judged (no judge model); the reward is what it would be if they held";

function termination(end: EndReason | undefined): string {
  return end === undefined ? 'not ended' : TERMINATION[end];
}

/** tau2's result in the record's terms. */
function asScore(result: Tau2RewardResult, end: EndReason | undefined): EpisodeScore {
  const pending = end === undefined ? 'provisional: the conversation has not ended' : null;
  const note = pending ?? result.note ?? (result.provisional ? PROVISIONAL : null);
  return {
    reward: result.reward,
    info: toJs(result.info) as Record<string, unknown>,
    breakdown: toJs(fromJs(result.breakdown)) as Record<string, unknown>,
    ...(note === null ? {} : { note }),
    provisional: pending !== null || result.provisional,
    judgeModel: result.judgeModel,
  };
}

function rewardWith(
  input: ScoreInput,
  nl: Tau2NlOutcome,
  messages: readonly Tau2Message[] = tau2MessagesFromActions(input.actions, input.observations),
): EpisodeScore {
  const result = tau2Reward(input.domain, input.task, input.state, messages, {
    termination: termination(input.end),
    nl,
  });
  return asScore(result, input.end);
}

/**
 * Exactly as tau2-bench: whole data-model records, its error texts, its hash over the sorted-key JSON
 * of the full dump, its evaluator (the product of the criteria of the task's `reward_basis`).
 */
export const tau2Flavour: Flavour = Object.freeze({
  name: 'tau2',
  enforceEnums: true,
  acceptsActionGroundTruth: false,
  unknownTool: (name: string) => `Error: Tool '${name}' not found.`,
  hashState: tau2StateHash,
  expectedState: tau2ExpectedState,
  score: (input: ScoreInput) =>
    rewardWith(input, {
      kind: 'not-judged',
      reason: input.hasJudge ? 'the conversation has not ended' : 'no judge model configured',
    }),
  async judgedScore(input: ScoreInput, judge: Judge) {
    const messages = tau2MessagesFromActions(input.actions, input.observations);
    const nl = await judgeTau2Assertions(input.task, messages, termination(input.end), judge);
    return rewardWith(input, nl, messages);
  },
});
