import { describe, expect, it } from 'vitest';
import { type Action, RESPOND_ACTION } from '../../../../core/domain/types.ts';
import { Episode } from '../../../../core/episode/episode.ts';
import { dictKeys, isDict, type PyDict, type PyValue, pyDumps } from '../../../../core/python/index.ts';
import { State } from '../../../../core/state/index.ts';
import { callTool } from '../../../../core/tools/dispatch.ts';
import { airlineToolKit } from '../../toolkit.ts';
import { generateAirlineDatabase } from '../database.ts';
import { buildAirlineDomain } from '../domain.ts';
import { type AirlineTask, airlineTaskRecord } from './compose.ts';
import { AIRLINE_SCENARIOS, generateAirlineTasks } from './generate.ts';
import { validateAirlineTask } from './validate.ts';

const db = generateAirlineDatabase({ seed: 3 });
const domain = buildAirlineDomain(db);
const tasks = generateAirlineTasks({ seed: 3, count: 96, db, domain });

/** Plays actions as the agent, then tells the customer the required outputs; returns the reward. */
function play(task: AirlineTask, actions: readonly Action[]): number | null {
  const episode = new Episode(domain, task);
  for (const action of actions) {
    const step = episode.step(action);
    expect(step.observation.startsWith('Error:'), `${task.id} ${action.name}: ${step.observation}`).toBe(
      false,
    );
    if (step.done) return episode.score().reward;
  }
  const message =
    task.outputs.length > 0 ? `Done. The amount is ${task.outputs.join(' and ')}.` : 'All done.';
  episode.step({ name: RESPOND_ACTION, kwargs: { content: message } }, 'Thanks! ###STOP###');
  return episode.score().reward;
}

/** The ground truth with `extra` slipped in before a closing transfer (or at the end). */
function withExtra(task: AirlineTask, extra: Action): Action[] {
  const actions = [...task.actions];
  const last = actions.at(-1);
  if (last?.name === 'transfer_to_human_agents') return [...actions.slice(0, -1), extra, last];
  return [...actions, extra];
}

function numbersIn(value: PyValue, out: PyValue[] = []): PyValue[] {
  if (typeof value === 'number' || typeof value === 'bigint') out.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersIn(item, out);
  else if (isDict(value)) for (const key of dictKeys(value)) numbersIn(value[key]!, out);
  return out;
}

describe('generateAirlineTasks', () => {
  it('makes valid tasks with stable ids and alternating splits', () => {
    expect(tasks).toHaveLength(96);
    tasks.forEach((task, n) => {
      expect(task.id).toBe(`airline-3-${n}`);
      expect(task.split).toBe(n % 2 === 0 ? 'test' : 'train');
      expect(validateAirlineTask(domain, task)).toEqual([]);
    });
  });

  it('is deterministic, and a shorter run is a prefix of a longer one', () => {
    const again = generateAirlineTasks({ seed: 3, count: 96, db, domain });
    expect(again.map((t) => pyDumps(airlineTaskRecord(t)))).toEqual(
      tasks.map((t) => pyDumps(airlineTaskRecord(t))),
    );
    const fewer = generateAirlineTasks({ seed: 3, count: 20, db });
    expect(fewer.map((t) => pyDumps(airlineTaskRecord(t)))).toEqual(
      tasks.slice(0, 20).map((t) => pyDumps(airlineTaskRecord(t))),
    );
    const other = generateAirlineTasks({ seed: 4, count: 20, db, domain });
    expect(other.map((t) => t.instruction)).not.toEqual(fewer.map((t) => t.instruction));
  });

  it('covers every scenario, every write tool and a transfer', () => {
    const first = tasks.slice(0, AIRLINE_SCENARIOS.length);
    expect(new Set(first.map((t) => t.kind))).toEqual(new Set(AIRLINE_SCENARIOS.map((s) => s.kind)));
    const used = new Set(tasks.flatMap((t) => t.actions.map((a) => a.name)));
    for (const tool of airlineToolKit.tools.filter((t) => t.access === 'write'))
      expect(used, tool.name).toContain(tool.name);
    expect(used).toContain('transfer_to_human_agents');
    expect(used).toContain('search_onestop_flight');
    expect(tasks.filter((t) => !t.writes).length).toBeGreaterThan(10);
    expect(
      tasks
        .filter((t) => t.kind === 'multi-goal')
        .every((t) => t.actions.filter((a) => domain.tools.get(a.name)?.access === 'write').length >= 1),
    ).toBe(true);
  });

  it('writes the customer goal in tau2 style with Python-typed ground truth', () => {
    for (const task of tasks) {
      const instructions = task.userScenario.instructions as PyDict;
      expect(instructions.domain).toBe('airline');
      expect(instructions.known_info as string).toContain(`Your user id is ${task.userId}.`);
      expect((instructions.reason_for_call as string).length).toBeGreaterThan(20);
      expect(typeof instructions.task_instructions).toBe('string');
      expect(task.instruction).toContain(instructions.reason_for_call as string);
      // amounts, bag counts and certificate values are Python ints
      for (const action of task.actions) {
        for (const value of numbersIn(action.kwargs))
          expect(typeof value, `${task.id} ${action.name}`).toBe('bigint');
      }
    }
  });

  it('asks for the amounts the tools actually charged', () => {
    let checked = 0;
    for (const task of tasks.filter(
      (t) => (t.kind === 'change-cabin' || t.kind === 'add-baggage') && t.outputs.length > 0,
    )) {
      const state = new State(domain.base);
      for (const action of task.actions) callTool(domain, state, action.name, action.kwargs);
      const update = task.actions.at(-1)!;
      const history = state.get('reservations', update.kwargs.reservation_id as string)!
        .payment_history as PyDict[];
      const charged = history.at(-1)!.amount as bigint;
      expect(task.outputs).toEqual([(charged < 0n ? -charged : charged).toString()]);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('scores the ground truth 1.0, and doing nothing or a wrong write 0.0', () => {
    // three whole cycles of scenarios
    for (const task of tasks.slice(0, 3 * AIRLINE_SCENARIOS.length)) {
      expect(play(task, task.actions), `${task.id} ground truth`).toBe(1);
      // doing nothing: right for refusals and transfers only
      expect(play(task, []), `${task.id} nothing`).toBe(task.writes ? 0 : 1);
      const gift: Action = { name: 'send_certificate', kwargs: { user_id: task.userId, amount: 1n } };
      expect(play(task, withExtra(task, gift)), `${task.id} extra certificate`).toBe(0);
      const lastWrite = [...task.actions].reverse().find((a) => domain.tools.get(a.name)?.access === 'write');
      if (lastWrite !== undefined) {
        expect(
          play(
            task,
            task.actions.filter((a) => a !== lastWrite),
          ),
          `${task.id} without last write`,
        ).toBe(0);
      }
    }
  });

  it('scores 0.0 when the agent does what a refusal task forbids', () => {
    const refusals = tasks.filter((t) => t.kind === 'refuse-cancel' || t.kind === 'refuse-compensation');
    expect(refusals.length).toBeGreaterThan(3);
    for (const task of refusals) {
      const reservationId = task.actions.find((a) => a.name === 'get_reservation_details')!.kwargs
        .reservation_id as string;
      const forbidden: Action =
        task.kind === 'refuse-cancel'
          ? { name: 'cancel_reservation', kwargs: { reservation_id: reservationId } }
          : { name: 'send_certificate', kwargs: { user_id: task.userId, amount: 100n } };
      expect(play(task, [...task.actions, forbidden]), task.id).toBe(0);
    }
  });

  it('falls back to the scenarios the data allows', () => {
    const empty = generateAirlineDatabase({ seed: 5, users: 5, flights: 40, reservations: 0 });
    const made = generateAirlineTasks({ seed: 5, count: 6, db: empty });
    for (const task of made)
      expect(['book-one-way', 'book-round-trip', 'book-one-stop']).toContain(task.kind);
    expect(dictKeys(empty.reservations)).toEqual([]);
  });
});
