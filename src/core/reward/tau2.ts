import { type Action, type Domain, RESPOND_ACTION, type Task } from '../domain/types.ts';
import { DataError } from '../errors.ts';
import { dictKeys, isDict, type PyDict, type PyValue } from '../python/index.ts';
import { State, sameState } from '../state/index.ts';
import { callTool } from '../tools/dispatch.ts';
import { perTask } from './per-task.ts';

/*
 * tau2-bench's evaluator, written from its documented behaviour and checked against the tau2 parity
 * vectors. Every criterion is computed and reported; the reward is the product of those the task's
 * `reward_basis` names. Natural-language assertions need a judge model: this module takes the
 * judge's outcome as an input (see `src/evaluation/tau2/` for the judge itself).
 */

export const TAU2_REWARD_TYPES = ['DB', 'ENV_ASSERTION', 'NL_ASSERTION', 'ACTION', 'COMMUNICATE'] as const;
export type Tau2RewardType = (typeof TAU2_REWARD_TYPES)[number];

export type Tau2Requestor = 'assistant' | 'user';

/** One ground-truth action of a task. */
export interface Tau2Action {
  actionId: string;
  requestor: Tau2Requestor;
  name: string;
  arguments: PyDict;
  info: string | null;
  /** The arguments an agent's call must match; null: every argument the call passes. */
  compareArgs: string[] | null;
}

/** A check on the data the agent left: `funcName(arguments)` must return `assertValue`. */
export interface Tau2EnvAssertion {
  envType: Tau2Requestor;
  funcName: string;
  arguments: PyDict;
  assertValue: boolean;
  message: string | null;
}

/** A task's `evaluation_criteria`. */
export interface Tau2Criteria {
  actions: Tau2Action[] | null;
  envAssertions: Tau2EnvAssertion[] | null;
  communicateInfo: string[] | null;
  nlAssertions: string[] | null;
  rewardBasis: Tau2RewardType[];
}

// ---------------------------------------------------------------------------------------------
// Reading the criteria

class CriteriaReader {
  readonly file: string;
  readonly where: string;

  constructor(file: string, where: string) {
    this.file = file;
    this.where = where;
  }

  fail(field: string, problem: string): never {
    throw new DataError(this.file, `${this.where}: field "${field}" ${problem}`);
  }

  dict(field: string, value: PyValue | undefined): PyDict {
    if (!isDict(value)) this.fail(field, 'must be an object');
    return value;
  }

  optionalString(field: string, value: PyValue | undefined): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') this.fail(field, 'must be a string');
    return value;
  }

  optionalStrings(field: string, value: PyValue | undefined): string[] | null {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      this.fail(field, 'must be a list of strings');
    }
    return value as string[];
  }

  optionalList(field: string, value: PyValue | undefined): PyValue[] | null {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) this.fail(field, 'must be a list');
    return value;
  }

  requestor(field: string, value: PyValue | undefined): Tau2Requestor {
    if (value === undefined || value === null) return 'assistant';
    if (value !== 'assistant' && value !== 'user') this.fail(field, 'must be "assistant" or "user"');
    return value;
  }
}

/** Reads and checks a task's `evaluation_criteria`; errors name the file, the task and the field. */
export function readTau2Criteria(file: string, where: string, raw: PyValue): Tau2Criteria {
  const r: CriteriaReader = new CriteriaReader(file, where);
  const criteria = r.dict('evaluation_criteria', raw);
  const actions = r.optionalList('actions', criteria.actions)?.map((item, i): Tau2Action => {
    const at = `actions[${i}]`;
    const a = r.dict(at, item);
    const { name, action_id: id } = a;
    if (typeof name !== 'string' || name === '') r.fail(`${at}.name`, 'must be a tool name');
    if (typeof id !== 'string') r.fail(`${at}.action_id`, 'must be a string');
    return {
      actionId: id,
      requestor: r.requestor(`${at}.requestor`, a.requestor),
      name,
      arguments: r.dict(`${at}.arguments`, a.arguments ?? {}),
      info: r.optionalString(`${at}.info`, a.info),
      compareArgs: r.optionalStrings(`${at}.compare_args`, a.compare_args),
    };
  });
  const envAssertions = r
    .optionalList('env_assertions', criteria.env_assertions)
    ?.map((item, i): Tau2EnvAssertion => {
      const at = `env_assertions[${i}]`;
      const a = r.dict(at, item);
      const { func_name: funcName } = a;
      if (typeof funcName !== 'string') r.fail(`${at}.func_name`, 'must be a string');
      const assertValue = a.assert_value ?? true;
      if (typeof assertValue !== 'boolean') r.fail(`${at}.assert_value`, 'must be true or false');
      return {
        envType: r.requestor(`${at}.env_type`, a.env_type),
        funcName,
        arguments: r.dict(`${at}.arguments`, a.arguments ?? {}),
        assertValue,
        message: r.optionalString(`${at}.message`, a.message),
      };
    });
  let basis: Tau2RewardType[] = ['DB', 'COMMUNICATE'];
  if (criteria.reward_basis !== undefined && criteria.reward_basis !== null) {
    const list = r.optionalStrings('reward_basis', criteria.reward_basis) ?? [];
    for (const item of list) {
      if (!(TAU2_REWARD_TYPES as readonly string[]).includes(item)) {
        r.fail(
          'reward_basis',
          `names an unknown criterion "${item}" (known: ${TAU2_REWARD_TYPES.join(', ')})`,
        );
      }
    }
    basis = list as Tau2RewardType[];
  }
  return {
    actions: actions ?? null,
    envAssertions: envAssertions ?? null,
    communicateInfo: r.optionalStrings('communicate_info', criteria.communicate_info),
    nlAssertions: r.optionalStrings('nl_assertions', criteria.nl_assertions),
    rewardBasis: basis,
  };
}

const criteriaCache = new WeakMap<Task, Tau2Criteria | null>();

/** A task's parsed evaluation criteria (null when it has none), read once per task. */
export function tau2Criteria(task: Task): Tau2Criteria | null {
  let criteria = criteriaCache.get(task);
  if (criteria === undefined) {
    const raw = task.evaluationCriteria;
    criteria = raw === undefined || raw === null ? null : readTau2Criteria('task', task.id, raw);
    criteriaCache.set(task, criteria);
  }
  return criteria;
}

/** `Action.model_dump()`: the action as tau2's results print it. */
export function dumpTau2Action(action: Tau2Action): PyDict {
  return {
    action_id: action.actionId,
    requestor: action.requestor,
    name: action.name,
    arguments: action.arguments,
    info: action.info,
    compare_args: action.compareArgs,
  };
}

// ---------------------------------------------------------------------------------------------
// Conversations

export interface Tau2ToolCall {
  id: string;
  name: string;
  arguments: PyDict;
  /** Who made the call (the agent unless said otherwise). */
  requestor?: Tau2Requestor;
}

/** One message of a half-duplex tau2 conversation. */
export type Tau2Message =
  | { role: 'assistant' | 'user'; content: string | null; toolCalls?: Tau2ToolCall[] }
  | { role: 'tool'; id: string; content: string; error: boolean };

/**
 * How a conversation ended. Only the agent's or the customer's stop lets it be scored; any other end
 * (a step limit, too many errors, a player giving up) scores 0 with the reason.
 */
export type Tau2Termination = 'user-stop' | 'agent-stop' | (string & {});

/** A Sigma episode's actions and observations as tau2 messages (tool calls, their results, texts). */
export function tau2MessagesFromActions(
  actions: readonly Action[],
  observations: readonly string[],
): Tau2Message[] {
  const messages: Tau2Message[] = [];
  actions.forEach((action, i) => {
    const observation = observations[i] ?? '';
    if (action.name === RESPOND_ACTION) {
      const content = action.kwargs.content;
      messages.push({ role: 'assistant', content: typeof content === 'string' ? content : null });
      messages.push({ role: 'user', content: observation });
    } else {
      const id = `call_${i}`;
      messages.push({
        role: 'assistant',
        content: null,
        toolCalls: [{ id, name: action.name, arguments: action.kwargs }],
      });
      messages.push({ role: 'tool', id, content: observation, error: observation.startsWith('Error:') });
    }
  });
  return messages;
}

export interface Tau2ReplayedCall {
  /** Index of the message holding the call. */
  messageIndex: number;
  call: Tau2ToolCall;
  observation: string;
  error: boolean;
}

/**
 * Replays every tool call of a conversation on a fresh state, in order, as tau2 rebuilds the agent's
 * data before scoring. Returns the state and each call's result.
 */
export function replayTau2Messages(
  domain: Domain,
  messages: readonly Tau2Message[],
): { state: State; calls: Tau2ReplayedCall[] } {
  const state = new State(domain.base);
  const calls: Tau2ReplayedCall[] = [];
  messages.forEach((message, messageIndex) => {
    if (message.role === 'tool') return;
    for (const call of message.toolCalls ?? []) {
      const result = callTool(domain, state, call.name, call.arguments);
      calls.push({ messageIndex, call, observation: result.observation, error: !result.ok });
    }
  });
  return { state, calls };
}

// ---------------------------------------------------------------------------------------------
// Criteria

/**
 * Python's `==` on two JSON values: `1 == 1.0 == True`, dicts equal as sets of pairs, lists
 * element by element.
 */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined || nb !== undefined) {
    if (na === undefined || nb === undefined) return false;
    if (typeof na === 'bigint' && typeof nb === 'bigint') return na === nb;
    if (typeof na === 'number' && typeof nb === 'number') return na === nb;
    const [int, float] = typeof na === 'bigint' ? [na, nb as number] : [nb as bigint, na as number];
    return Number.isInteger(float) && BigInt(float) === int;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i] as PyValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && pyEquals(a[key] as PyValue, b[key] as PyValue));
}

function asNumber(v: PyValue): bigint | number | undefined {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  return undefined;
}

/**
 * Whether an agent's tool call matches a ground-truth action as tau2 decides it: the same tool, and
 * equal values for the compared arguments (`compare_args`, or when that is null, the arguments the
 * call passes). An empty list of compared arguments matches any call of the tool.
 */
export function tau2ActionMatches(action: Tau2Action, call: Tau2ToolCall): boolean {
  if (action.name !== call.name) return false;
  const compared = action.compareArgs ?? dictKeys(call.arguments);
  if (compared.length === 0) return true;
  const pick = (args: PyDict): PyDict => {
    const out: PyDict = {};
    for (const key of compared) if (Object.hasOwn(args, key)) out[key] = args[key] as PyValue;
    return out;
  };
  return pyEquals(pick(call.arguments), pick(action.arguments));
}

export interface Tau2ActionCheck {
  action: Tau2Action;
  matched: boolean;
  reward: number;
}

/** Each ground-truth action and whether some tool call of the conversation (agent's or user's) matches it. */
export function checkTau2Actions(
  actions: readonly Tau2Action[],
  messages: readonly Tau2Message[],
): Tau2ActionCheck[] {
  const calls: Tau2ToolCall[] = [];
  for (const m of messages) if (m.role !== 'tool') calls.push(...(m.toolCalls ?? []));
  return actions.map((action) => {
    const matched = calls.some((call) => tau2ActionMatches(action, call));
    return { action, matched, reward: matched ? 1.0 : 0.0 };
  });
}

export interface Tau2CommunicateCheck {
  info: string;
  met: boolean;
  justification: string;
}

function hasText(content: string | null): content is string {
  return content !== null && content.trim() !== '';
}

/**
 * Each fact the agent had to communicate and whether some agent message with text contains it,
 * compared case-insensitively with the commas of the message removed.
 */
export function checkTau2Communicate(
  infos: readonly string[],
  messages: readonly Tau2Message[],
): Tau2CommunicateCheck[] {
  return infos.map((info) => {
    const needle = info.toLowerCase();
    for (const m of messages) {
      if (m.role !== 'assistant' || !hasText(m.content)) continue;
      if (m.content.toLowerCase().replaceAll(',', '').includes(needle)) {
        return {
          info,
          met: true,
          justification: `Information '${info}' communicated in the message:\n '${m.content}'`,
        };
      }
    }
    return { info, met: false, justification: `Information '${info}' not communicated.` };
  });
}

export interface Tau2EnvAssertionCheck {
  assertion: Tau2EnvAssertion;
  met: boolean;
  reward: number;
  /** Why the assertion could not be run (unknown function, a non-boolean result, a failure). */
  error: string | null;
}

/** Runs each environment assertion on the data the agent left (read-only: a fork takes any write). */
export function runTau2EnvAssertions(
  domain: Domain,
  state: State,
  assertions: readonly Tau2EnvAssertion[],
): Tau2EnvAssertionCheck[] {
  return assertions.map((assertion) => {
    const fn = domain.envFunctions?.get(assertion.funcName);
    let error: string | null = null;
    let met = false;
    if (fn === undefined) error = `no environment function named "${assertion.funcName}"`;
    else {
      try {
        const value = state.fork().transact((db) => fn(db, assertion.arguments));
        if (typeof value !== 'boolean') {
          error = `function ${assertion.funcName} returned ${value === null ? 'null' : typeof value} instead of a boolean`;
        } else met = value === assertion.assertValue;
      } catch (e) {
        error = `function ${assertion.funcName} failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return { assertion, met, reward: met ? 1.0 : 0.0, error };
  });
}

interface Tau2GroundTruth {
  state: State;
  /** Ground-truth actions that failed (their writes, if any, never happened). */
  failures: string[];
}

const groundTruth = perTask((domain, task): Tau2GroundTruth => {
  const state = new State(domain.base);
  const failures: string[] = [];
  // As tau2: every action runs in order, reads included; a failing action is skipped.
  for (const action of tau2Criteria(task)?.actions ?? []) {
    const result = callTool(domain, state, action.name, action.arguments);
    if (!result.ok) failures.push(`${action.actionId} (${action.name}): ${result.observation}`);
  }
  return { state, failures };
});

/** The data a tau2 task's ground-truth actions leave (shared; do not write to it). */
export function tau2ExpectedState(domain: Domain, task: Task): State {
  return groundTruth(domain, task).state;
}

/** The hash of `tau2ExpectedState`, computed once per task. */
export const tau2ExpectedStateHash = perTask((domain, task) =>
  domain.hashState(tau2ExpectedState(domain, task)),
);

// ---------------------------------------------------------------------------------------------
// The reward

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
