import type { Action, Domain } from '../../../../core/domain/types.ts';
import { type PyDict, type PyValue, parsePyJson } from '../../../../core/python/index.ts';
import { State, type StateSnapshot } from '../../../../core/state/index.ts';
import { callTool } from '../../../../core/tools/dispatch.ts';
import type { Random } from '../../../shared/random.ts';
import { FlightIndex } from '../itinerary.ts';

/** Flight indexes per domain: flights never change, so one index serves every task. */
const indexes = new WeakMap<Domain, FlightIndex>();

/** Where a task stood, to take back a goal that turned out not to fit. */
export interface ContextMark {
  snapshot: StateSnapshot;
  actions: number;
  looked: string[];
}

/**
 * The workspace of one task: a fresh state of the domain, the task's random source, and the
 * ground-truth actions so far. Scenarios find records here and run every tool call they want in the
 * ground truth through `call`, so actions and outputs come from the real tools.
 */
export class TaskContext {
  readonly domain: Domain;
  readonly random: Random;
  readonly state: State;
  readonly actions: Action[] = [];
  private looked = new Set<string>();

  constructor(domain: Domain, random: Random) {
    this.domain = domain;
    this.random = random;
    this.state = new State(domain.base);
  }

  get flights(): FlightIndex {
    let index = indexes.get(this.domain);
    if (index === undefined) {
      const table: PyDict = {};
      for (const id of this.state.ids('flights')) table[id] = this.state.get('flights', id) as PyDict;
      index = new FlightIndex(table);
      indexes.set(this.domain, index);
    }
    return index;
  }

  /**
   * Calls a tool on the task's state and records the call as ground truth. A refusal means the
   * scenario is wrong about the data, so it throws instead of recording.
   */
  call(name: string, kwargs: PyDict): string {
    const result = callTool(this.domain, this.state, name, kwargs);
    if (!result.ok || result.observation.startsWith('Error:')) {
      throw new Error(
        `ground truth ${name}(${JSON.stringify(kwargs, jsonSafe)}) failed: ${result.observation}`,
      );
    }
    this.actions.push({ name, kwargs });
    return result.observation;
  }

  /** `call` for a tool that answers with JSON, parsed into the value model. */
  callJson(name: string, kwargs: PyDict): PyValue {
    return parsePyJson(this.call(name, kwargs));
  }

  /** Looks a user up the way an agent would, once per task. */
  lookUpUser(userId: string): void {
    if (this.looked.has(`user:${userId}`)) return;
    this.looked.add(`user:${userId}`);
    this.call('get_user_details', { user_id: userId });
  }

  /** Looks a reservation up the way an agent would, once per task. */
  lookUpReservation(reservationId: string): void {
    if (this.looked.has(`reservation:${reservationId}`)) return;
    this.looked.add(`reservation:${reservationId}`);
    this.call('get_reservation_details', { reservation_id: reservationId });
  }

  user(id: string): Readonly<PyDict> {
    return this.state.get('users', id)!;
  }

  reservation(id: string): Readonly<PyDict> {
    return this.state.get('reservations', id)!;
  }

  flight(number: string): Readonly<PyDict> {
    return this.state.get('flights', number)!;
  }

  userIds(): readonly string[] {
    return this.state.ids('users');
  }

  reservationIds(): readonly string[] {
    return this.state.ids('reservations');
  }

  mark(): ContextMark {
    return { snapshot: this.state.snapshot(), actions: this.actions.length, looked: [...this.looked] };
  }

  reset(mark: ContextMark): void {
    this.state.restore(mark.snapshot);
    this.actions.length = mark.actions;
    this.looked = new Set(mark.looked);
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
