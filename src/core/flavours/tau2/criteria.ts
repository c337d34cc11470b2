import type { Task } from '../../domain/types.ts';
import { DataError } from '../../errors.ts';
import { isDict, type PyDict, type PyValue } from '../../python/index.ts';

/** A tau2 task's `evaluation_criteria`, read and checked once per task. */

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
