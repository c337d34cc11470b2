import type { Action, Domain } from '../../../../core/domain/types.ts';
import type { PyDict } from '../../../../core/python/index.ts';
import { State } from '../../../../core/state/index.ts';
import { callTool } from '../../../../core/tools/dispatch.ts';
import type { Random } from '../../../shared/random.ts';
import { lowerFirst } from './describe.ts';
import { PROGRAMS, type ProgramName } from './programs/index.ts';
import type { Goal, ProgramContext, RetailTask } from './types.ts';

const PERSONAS = [
  'You are polite and patient.',
  'You are in a hurry and keep your messages short.',
  'You are friendly and a little chatty, but you stay on topic.',
  'You are direct and expect clear answers.',
  'You are careful and ask the agent to repeat the details before you agree.',
  'You share as little personal information as possible.',
];

const CONFIRM = 'When the agent describes exactly what you asked for and asks you to confirm, answer yes.';

export interface BuiltTask {
  task: RetailTask;
  /** The data after the task's actions, as the generator ran them. */
  state: State;
}

export interface TaskSlot {
  id: string;
  split: 'test' | 'train';
}

/**
 * Runs the programs in order for one customer and turns their goals into a task: identification
 * first, then each goal's actions, executed on a fresh state as they are written (any failing call
 * rejects the candidate). With `customer`, every goal is about that customer. Returns null when the data offers no records for a program, or the first
 * goal is about a customer `acceptCustomer` turns down.
 */
export function buildTask(
  domain: Domain,
  random: Random,
  programs: readonly ProgramName[],
  slot: TaskSlot,
  acceptCustomer: (userId: string) => boolean = () => true,
  /** The customer every goal is about, when the caller has chosen one (a scenario's new customer). */
  customer?: string,
): BuiltTask | null {
  const state = new State(domain.base);
  const used = new Set<string>();
  const goals: Goal[] = [];
  const actions: Action[] = [];
  const outputs: string[] = [];
  const run = (list: readonly Action[]): string[] | null => {
    const observations: string[] = [];
    for (const action of list) {
      const result = callTool(domain, state, action.name, action.kwargs);
      if (!result.ok) return null;
      observations.push(result.observation);
    }
    actions.push(...list);
    return observations;
  };
  let known = '';
  let unknownEmail: string[] = [];
  for (const name of programs) {
    const ctx: ProgramContext = { random, state, userId: goals[0]?.userId ?? customer, usedOrders: used };
    const goal = PROGRAMS[name](ctx);
    if (goal === null) return null;
    if (goals.length === 0) {
      if (!acceptCustomer(goal.userId)) return null;
      const auth = identification(random, state.get('users', goal.userId)!);
      if (run([auth.action]) === null) return null;
      known = auth.known;
      unknownEmail = auth.unknown;
    }
    const observations = run(goal.actions);
    if (observations === null) return null;
    outputs.push(...(goal.outputs?.(observations) ?? []));
    for (const id of goal.orders) used.add(id);
    goals.push(goal);
  }
  const writes = actions.some((a) => domain.tools.get(a.name)?.access === 'write');
  const reason = goals
    .map((g, i) => (i === 0 ? g.reason : `Once that is settled, ${lowerFirst(g.reason)}`))
    .join(' ');
  const unknown = [...new Set([...unknownEmail, ...goals.flatMap((g) => g.unknown ?? [])])].join(' ');
  const behaviour = [
    random.pick(PERSONAS),
    ...new Set(goals.flatMap((g) => g.behaviour ?? [])),
    ...(writes ? [CONFIRM] : []),
  ].join(' ');
  const userId = goals[0]!.userId;
  const instructions: PyDict = {
    domain: 'retail',
    reason_for_call: reason,
    known_info: known,
    unknown_info: unknown,
    task_instructions: behaviour,
  };
  const task: RetailTask = {
    id: slot.id,
    split: slot.split,
    scenario: programs.join('+'),
    userId,
    instruction: [known, reason, unknown, behaviour].filter((part) => part !== '').join(' '),
    actions,
    outputs: [...new Set(outputs)],
    userScenario: { persona: null, instructions },
  };
  return { task, state };
}

interface Identification {
  action: Action;
  known: string;
  unknown: string[];
}

/** How the customer proves who they are: by email, or by name and zip code. */
function identification(random: Random, user: Readonly<PyDict>): Identification {
  const name = user.name as PyDict;
  const first = name.first_name as string;
  const last = name.last_name as string;
  const zip = (user.address as PyDict).zip as string;
  if (random.chance(0.5)) {
    return {
      action: { name: 'find_user_id_by_email', kwargs: { email: user.email as string } },
      known: `You are ${first} ${last}, and your email address is ${String(user.email)}.`,
      unknown: [],
    };
  }
  return {
    action: { name: 'find_user_id_by_name_zip', kwargs: { first_name: first, last_name: last, zip } },
    known: `You are ${first} ${last}, and your zip code is ${zip}.`,
    unknown: ['You do not remember your email address.'],
  };
}
