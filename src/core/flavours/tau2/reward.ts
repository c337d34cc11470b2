import type { Domain, Task } from '../../domain/types.ts';
import type { PyDict } from '../../python/index.ts';
import { type State, sameState } from '../../state/index.ts';
import { checkTau2Actions, type Tau2ActionCheck } from './actions.ts';
import { checkTau2Communicate, type Tau2CommunicateCheck } from './communicate.ts';
import { dumpTau2Action, type Tau2RewardType, tau2Criteria } from './criteria.ts';
import { groundTruth, tau2ExpectedStateHash } from './database.ts';
import { runTau2EnvAssertions, type Tau2EnvAssertionCheck } from './env-assertions.ts';
import type { Tau2Message, Tau2Termination } from './messages.ts';
import type { Tau2NlAssertionCheck, Tau2NlOutcome } from './nl-assertions.ts';

/*
 * tau2-bench's reward, written from its documented behaviour and checked against the tau2 parity
 * vectors. Every criterion is computed and reported (one module each: database, environment
 * assertions, actions, communicate, natural-language assertions); the reward is the product of those
 * the task's `reward_basis` names.
 */

export type Tau2CriterionStatus =
  | 'met'
  | 'not met'
  | 'nothing to check'
  | 'not judged'
  | 'assumed met'
  | 'error'
  | 'not evaluated';

export interface Tau2Criterion {
  status: Tau2CriterionStatus;
  /** The task's `reward_basis` names it: it is a factor of the reward. */
  inBasis: boolean;
  /** 1.0 or 0.0 (actions: the share matched); null when unknown (not judged, error, not evaluated). */
  reward: number | null;
}

export interface Tau2Breakdown {
  db: Tau2Criterion & {
    /** The data the agent left equals the data the ground truth leaves. */
    match: boolean;
    expectedHash: string;
    /** Ground-truth actions that failed when replayed (the expected data lacks their writes). */
    groundTruthFailures: string[];
  };
  envAssertions: Tau2Criterion & { checks: Tau2EnvAssertionCheck[] };
  actions: Tau2Criterion & { checks: Tau2ActionCheck[] };
  communicate: Tau2Criterion & { checks: Tau2CommunicateCheck[] };
  nlAssertions: Tau2Criterion & {
    assertions: string[];
    checks: Tau2NlAssertionCheck[];
    judgeModel: string | null;
    /** Why the judge's verdict could not be used (status `error`). */
    error: string | null;
    /** Why the assertions were not judged (status `not judged`). */
    note: string | null;
  };
}

export interface Tau2RewardResult {
  reward: number;
  /**
   * The reward is not final: a criterion of the basis could not be decided (natural-language
   * assertions not judged, assumed met, or a judge error) while the decided ones allow a reward
   * above 0. It is then what the reward would be if those assertions held: an upper bound.
   */
  provisional: boolean;
  termination: string;
  /** Why the reward is what it is, when that is not the criteria (premature end, no criteria). */
  note: string | null;
  /** The judge model of the natural-language assertions, when one judged them. */
  judgeModel: string | null;
  breakdown: Tau2Breakdown;
  /** tau2's `RewardInfo`, as the reference reports it. */
  info: PyDict;
}

export interface Tau2RewardOptions {
  termination: Tau2Termination;
  nl: Tau2NlOutcome;
}

const NORMAL_ENDS = new Set(['user-stop', 'agent-stop']);

function status(ok: boolean): Tau2CriterionStatus {
  return ok ? 'met' : 'not met';
}

/** Every criterion of a tau2 task on the data an agent left and its conversation. */
export function tau2Breakdown(
  domain: Domain,
  task: Task,
  state: State,
  messages: readonly Tau2Message[],
  nl: Tau2NlOutcome,
): Tau2Breakdown {
  const criteria = tau2Criteria(task);
  const basis = new Set<string>(criteria?.rewardBasis ?? []);
  const truth = groundTruth(domain, task);
  const match = sameState(state, truth.state);
  const nothingToReplay = criteria === null || (criteria.actions === null && criteria.envAssertions === null);
  const envChecks = runTau2EnvAssertions(domain, state, criteria?.envAssertions ?? []);
  const envOk = envChecks.every((c) => c.met);
  const actionChecks = checkTau2Actions(criteria?.actions ?? [], messages);
  const actionReward =
    actionChecks.length === 0 ? 1.0 : actionChecks.reduce((n, c) => n + c.reward, 0) / actionChecks.length;
  const communicateChecks = checkTau2Communicate(criteria?.communicateInfo ?? [], messages);
  const communicateOk = communicateChecks.every((c) => c.met);
  const assertions = criteria?.nlAssertions ?? [];

  let nlPart: Tau2Breakdown['nlAssertions'];
  const nlBase = {
    inBasis: basis.has('NL_ASSERTION'),
    assertions,
    checks: [],
    judgeModel: null,
    error: null,
    note: null,
  };
  if (assertions.length === 0) nlPart = { ...nlBase, status: 'nothing to check', reward: 1.0 };
  else if (nl.kind === 'judged') {
    const ok = nl.checks.every((c) => c.met);
    nlPart = {
      ...nlBase,
      status: status(ok),
      reward: ok ? 1.0 : 0.0,
      checks: nl.checks,
      judgeModel: nl.model,
    };
  } else if (nl.kind === 'assumed-met') nlPart = { ...nlBase, status: 'assumed met', reward: 1.0 };
  else if (nl.kind === 'error') {
    nlPart = { ...nlBase, status: 'error', reward: null, judgeModel: nl.model, error: nl.message };
  } else nlPart = { ...nlBase, status: 'not judged', reward: null, note: nl.reason ?? null };

  return {
    db: {
      status: nothingToReplay ? 'nothing to check' : status(match),
      inBasis: basis.has('DB'),
      reward: nothingToReplay || match ? 1.0 : 0.0,
      match: nothingToReplay || match,
      expectedHash: tau2ExpectedStateHash(domain, task),
      groundTruthFailures: truth.failures,
    },
    envAssertions: {
      status: envChecks.length === 0 ? 'nothing to check' : status(envOk),
      inBasis: basis.has('ENV_ASSERTION'),
      reward: envOk ? 1.0 : 0.0,
      checks: envChecks,
    },
    actions: {
      status: actionChecks.length === 0 ? 'nothing to check' : status(actionReward === 1.0),
      inBasis: basis.has('ACTION'),
      reward: actionReward,
      checks: actionChecks,
    },
    communicate: {
      status: communicateChecks.length === 0 ? 'nothing to check' : status(communicateOk),
      inBasis: basis.has('COMMUNICATE'),
      reward: communicateOk ? 1.0 : 0.0,
      checks: communicateChecks,
    },
    nlAssertions: nlPart,
  };
}

/**
 * tau2's reward of a conversation: the product of the criteria the task's `reward_basis` names, with
 * every criterion reported in the breakdown. `state` is the data the agent left (an episode's state,
 * or `replayTau2Messages(...).state`). A conversation that ended other than by the agent's or the
 * customer's stop scores 0 with the reason. Natural-language assertions that were not judged (or
 * whose judge failed) make the reward provisional; they are never counted as passed silently.
 */
export function tau2Reward(
  domain: Domain,
  task: Task,
  state: State,
  messages: readonly Tau2Message[],
  options: Tau2RewardOptions,
): Tau2RewardResult {
  const criteria = tau2Criteria(task);
  const premature = !NORMAL_ENDS.has(options.termination);
  const nl: Tau2NlOutcome = premature
    ? { kind: 'not-judged', reason: 'the conversation ended prematurely' }
    : options.nl;
  const breakdown = tau2Breakdown(domain, task, state, messages, nl);
  const judgeModel = breakdown.nlAssertions.judgeModel;
  if (premature) {
    const note = `Simulation terminated prematurely. Termination reason: ${options.termination}`;
    return {
      reward: 0.0,
      provisional: false,
      termination: options.termination,
      note,
      judgeModel,
      breakdown,
      info: { reward: 0.0, reward_basis: null, info: { note } },
    };
  }
  if (criteria === null) {
    const note = 'No evaluation criteria';
    return {
      reward: 1.0,
      provisional: false,
      termination: options.termination,
      note,
      judgeModel,
      breakdown,
      info: { reward: 1.0, reward_basis: null, info: { note } },
    };
  }

  // As tau2 combines them: environment (DB, then ENV_ASSERTION), ACTION, NL_ASSERTION, COMMUNICATE.
  const parts: Array<[Tau2RewardType, Tau2Criterion]> = [
    ['DB', breakdown.db],
    ['ENV_ASSERTION', breakdown.envAssertions],
    ['ACTION', breakdown.actions],
    ['NL_ASSERTION', breakdown.nlAssertions],
    ['COMMUNICATE', breakdown.communicate],
  ];
  let reward = 1.0;
  let undecided = false;
  const rewardBreakdown: PyDict = {};
  for (const [type, part] of parts) {
    if (!part.inBasis) continue;
    if (part.reward === null) {
      undecided = true;
      continue;
    }
    if (part.status === 'assumed met') undecided = true;
    rewardBreakdown[type] = part.reward;
    reward *= part.reward;
  }
  // An undecided factor cannot lift a reward the decided ones already made 0.
  const provisional = undecided && reward !== 0;

  const info: PyDict = {
    reward,
    db_check: { db_match: breakdown.db.match, db_reward: breakdown.db.reward },
    env_assertions: breakdown.envAssertions.checks.map((c) => ({
      env_assertion: {
        env_type: c.assertion.envType,
        func_name: c.assertion.funcName,
        arguments: c.assertion.arguments,
        assert_value: c.assertion.assertValue,
        message: c.assertion.message,
      },
      met: c.met,
      reward: c.reward,
    })),
    action_checks:
      breakdown.actions.checks.length === 0
        ? null
        : breakdown.actions.checks.map((c) => ({
            action: dumpTau2Action(c.action),
            action_match: c.matched,
            action_reward: c.reward,
            tool_type: null,
          })),
    nl_assertions:
      breakdown.nlAssertions.checks.length === 0
        ? null
        : breakdown.nlAssertions.checks.map((c) => ({
            nl_assertion: c.assertion,
            met: c.met,
            justification: c.justification,
          })),
    communicate_checks:
      breakdown.communicate.checks.length === 0
        ? null
        : breakdown.communicate.checks.map((c) => ({
            info: c.info,
            met: c.met,
            justification: c.justification,
          })),
    reward_basis: [...criteria.rewardBasis],
    reward_breakdown: rewardBreakdown,
  };
  return {
    reward,
    provisional,
    termination: options.termination,
    note: null,
    judgeModel,
    breakdown,
    info,
  };
}
