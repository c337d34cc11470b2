import { describe, expect, it } from 'vitest';
import { type Action, RESPOND_ACTION } from '../../../../core/domain/types.ts';
import { Episode } from '../../../../core/episode/episode.ts';
import { InputError } from '../../../../core/errors.ts';
import { isDict, type PyDict, type PyValue } from '../../../../core/python/index.ts';
import { State, sameState, tauBenchStateHash } from '../../../../core/state/index.ts';
import { generateRetailDatabase } from '../database.ts';
import { buildRetailDomain } from '../domain.ts';
import { generateRetailTasks } from './generate-tasks.ts';
import type { RetailTask } from './types.ts';
import { validateRetailTask } from './validate.ts';

const WRITE_TOOLS = [
  'cancel_pending_order',
  'exchange_delivered_order_items',
  'modify_pending_order_address',
  'modify_pending_order_items',
  'modify_pending_order_payment',
  'modify_user_address',
  'return_delivered_order_items',
];

const db = generateRetailDatabase({ seed: 11 });
const start = performance.now();
const tasks = generateRetailTasks({ seed: 11, count: 200, db });
const elapsed = performance.now() - start;
const domain = buildRetailDomain(db, tasks);
const writesOf = (task: RetailTask) => task.actions.filter((a) => WRITE_TOOLS.includes(a.name));

/** Plays actions in an episode; the agent says every required output when `say` is set. */
function play(task: RetailTask, actions: readonly Action[], say: boolean): number | null {
  const episode = new Episode(domain, task);
  const transfer = actions.at(-1)?.name === 'transfer_to_human_agents';
  const body = transfer ? actions.slice(0, -1) : actions;
  for (const action of body) episode.step(action);
  if (say && task.outputs.length > 0) {
    episode.step(
      { name: RESPOND_ACTION, kwargs: { content: `Here you are: ${task.outputs.join(', ')}.` } },
      'Thanks.',
    );
  }
  if (transfer) episode.step(actions.at(-1)!);
  else episode.step({ name: RESPOND_ACTION, kwargs: { content: 'Anything else?' } }, '###STOP###');
  return episode.score().reward;
}

describe('generateRetailTasks', () => {
  it('generates 200 tasks quickly', () => {
    console.log(`generateRetailTasks: 200 tasks in ${elapsed.toFixed(0)} ms (with validation)`);
    expect(tasks).toHaveLength(200);
  });

  it('is deterministic, and a longer run extends a shorter one', () => {
    const again = generateRetailTasks({ seed: 11, count: 60, db });
    expect(JSON.stringify(again)).toBe(JSON.stringify(tasks.slice(0, 60)));
    const other = generateRetailTasks({ seed: 12, count: 60, db });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(tasks.slice(0, 60)));
  });

  it('names tasks retail-<seed>-<n> and puts them in both splits', () => {
    expect(tasks.map((t) => t.id)).toEqual(tasks.map((_, n) => `retail-11-${n}`));
    expect(new Set(tasks.map((t) => t.split))).toEqual(new Set(['test', 'train']));
  });

  it('covers every write tool, refusals, transfers and multi-goal conversations', () => {
    const used = new Set(tasks.flatMap((t) => t.actions.map((a) => a.name)));
    for (const tool of WRITE_TOOLS) expect(used, tool).toContain(tool);
    const firstTwelve = new Set(
      generateRetailTasks({ seed: 99, count: 12, db }).flatMap((t) => writesOf(t).map((a) => a.name)),
    );
    expect([...firstTwelve].sort()).toEqual(WRITE_TOOLS);
    const scenarios = tasks.map((t) => t.scenario);
    expect(scenarios).toContain('refusal');
    expect(scenarios).toContain('transfer');
    expect(scenarios.some((s) => s.includes('+'))).toBe(true);
    expect(tasks.some((t) => t.outputs.length > 0)).toBe(true);
  });

  it('validates every task; refusals and transfers never write', () => {
    for (const task of tasks) {
      expect(validateRetailTask(domain, task), task.id).toEqual([]);
      if (task.scenario === 'refusal' || task.scenario === 'transfer')
        expect(writesOf(task), task.id).toEqual([]);
      else expect(writesOf(task).length, task.id).toBeGreaterThan(0);
      if (task.scenario === 'transfer') expect(task.actions.at(-1)!.name).toBe('transfer_to_human_agents');
    }
  });

  it('writes the goal tau2-style, and ground truth uses only string values', () => {
    const onlyStrings = (value: PyValue): boolean =>
      typeof value === 'string' ||
      (Array.isArray(value) && value.every(onlyStrings)) ||
      (isDict(value) && Object.values(value).every(onlyStrings));
    for (const task of tasks) {
      const instructions = (task.userScenario as PyDict).instructions as PyDict;
      for (const field of ['reason_for_call', 'known_info', 'unknown_info', 'task_instructions']) {
        expect(typeof instructions[field], `${task.id} ${field}`).toBe('string');
      }
      expect(task.instruction).toContain(instructions.reason_for_call as string);
      expect(task.instruction).toContain(instructions.known_info as string);
      for (const action of task.actions) expect(onlyStrings(action.kwargs), task.id).toBe(true);
    }
  });

  it('scores the ground truth 1.0, and doing nothing or a wrong write 0.0', () => {
    const wrong: Action = {
      name: 'modify_user_address',
      kwargs: {
        address1: '1 Nowhere Row',
        address2: '',
        city: 'Nowhere',
        state: 'NA',
        country: 'USA',
        zip: '00000',
      },
    };
    for (const task of tasks.filter((_, n) => n % 3 === 0)) {
      const reads = task.actions.filter((a) => !WRITE_TOOLS.includes(a.name));
      const wrongWrite = { ...wrong, kwargs: { user_id: task.userId, ...wrong.kwargs } };
      expect(play(task, task.actions, true), `${task.id} ground truth`).toBe(1);
      expect(
        play(task, [...reads.filter((a) => a.name !== 'transfer_to_human_agents'), wrongWrite], true),
        `${task.id} wrong write`,
      ).toBe(0);
      if (writesOf(task).length > 0) {
        expect(play(task, reads, true), `${task.id} doing nothing`).toBe(0);
      }
      if (task.outputs.length > 0) expect(play(task, task.actions, false), `${task.id} silent`).toBe(0);
    }
  });

  it('changes the state hash for tasks that write', () => {
    const fresh = tauBenchStateHash(new State(domain.base));
    for (const task of tasks.filter((t) => writesOf(t).length > 0).slice(0, 10)) {
      const state = new State(domain.base);
      const episode = new Episode(domain, task);
      for (const action of task.actions) episode.step(action);
      expect(sameState(state, episode.state)).toBe(false);
      expect(tauBenchStateHash(episode.state), task.id).not.toBe(fresh);
    }
  });

  it('refuses a bad count, and still works on a tiny database', () => {
    expect(() => generateRetailTasks({ seed: 1, count: -1, db })).toThrow(InputError);
    const tiny = generateRetailDatabase({ seed: 3, users: 2, orders: 0, products: 1 });
    const few = generateRetailTasks({ seed: 1, count: 5, db: tiny });
    expect(few.map((t) => t.scenario)).toEqual(Array(5).fill('user-address'));
  });
});
