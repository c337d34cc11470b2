import type { Flavour, ScoreInput } from '../../domain/types.ts';
import type { PyDict } from '../../python/index.ts';
import { toJs } from '../../python/index.ts';
import { tauBenchStateHash } from '../../state/index.ts';
import { expectedState, tauBenchReward } from './reward.ts';

export {
  expectedState,
  expectedStateHash,
  outputSaid,
  type RewardBreakdown,
  type RewardResult,
  type TauBenchRewardInfo,
  tauBenchReward,
} from './reward.ts';

/**
 * tau-bench's reward in the record's terms. A conversation cut off before the customer's stop or a
 * transfer scores 0, as tau-bench scores it; the breakdown still says whether the data would have
 * matched.
 */
function score({ domain, task, state, actions, end, turnCap }: ScoreInput) {
  const result = tauBenchReward(domain, task, state, actions);
  const info = toJs(result.info as unknown as PyDict) as Record<string, unknown>;
  const breakdown = result.breakdown as unknown as Record<string, unknown>;
  if (end === 'turn-limit' || end === 'abandoned') {
    const how = end === 'turn-limit' ? `reaching the cap of ${turnCap} agent actions` : 'being abandoned';
    return {
      reward: 0,
      info,
      breakdown,
      note: `scored 0: the conversation ended by ${how}, not by the customer's stop or a transfer`,
    };
  }
  return {
    reward: result.reward,
    info,
    breakdown,
    ...(end === undefined ? { note: 'provisional: the conversation has not ended' } : {}),
  };
}

/** Exactly as the tau-bench reference: its observations, its hash, its reward; enums not enforced. */
export const tauBenchFlavour: Flavour = Object.freeze({
  name: 'tau-bench',
  enforceEnums: false,
  acceptsActionGroundTruth: true,
  unknownTool: (name: string) => `Unknown action ${name}`,
  hashState: tauBenchStateHash,
  expectedState,
  score,
  judgedScore: async (input: ScoreInput) => score(input),
});
