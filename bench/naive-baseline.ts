// The reference's approach, as the baseline the engine is measured against: every episode loads the
// whole database as fresh mutable objects, tools write into it in place, and the state hash is
// computed over all of it.
import { createHash } from 'node:crypto';
import { type Domain, RESPOND_ACTION, type Task } from '../src/core/domain/types.ts';
import { cloneValue, hashableRepr, type PyDict, pyDumps, setKeyOrder } from '../src/core/python/index.ts';
import type { Db } from '../src/core/state/index.ts';

export type PlainData = Map<string, Map<string, PyDict>>;

/** `data_load_func()`: a full, mutable copy of every table. */
export function loadFresh(domain: Domain): PlainData {
  const data: PlainData = new Map();
  for (const [name, table] of domain.base.tables) {
    const records = new Map<string, PyDict>();
    for (const id of table.ids) records.set(id, cloneValue(table.records.get(id) as PyDict));
    data.set(name, records);
  }
  return data;
}

/** Tools write straight into the loaded objects, as the reference's tools do. */
export class PlainDb implements Db {
  readonly data: PlainData;
  constructor(data: PlainData) {
    this.data = data;
  }
  private table(name: string): Map<string, PyDict> {
    const t = this.data.get(name);
    if (t === undefined) throw new RangeError(`no table ${name}`);
    return t;
  }
  get(table: string, id: string) {
    return this.table(table).get(id);
  }
  has(table: string, id: string) {
    return this.table(table).has(id);
  }
  ids(table: string) {
    return [...this.table(table).keys()];
  }
  edit(table: string, id: string) {
    const record = this.table(table).get(id);
    if (record === undefined) throw new RangeError(`no record ${id}`);
    return record;
  }
  put(table: string, id: string, record: PyDict) {
    this.table(table).set(id, record);
  }
  delete(table: string, id: string) {
    this.table(table).delete(id);
  }
}

/** `consistent_hash(to_hashable(data))` over everything. */
export function fullHash(data: PlainData): string {
  const dict: PyDict = {};
  for (const [name, records] of data) {
    const table: PyDict = {};
    for (const [id, record] of records) table[id] = record;
    dict[name] = table;
  }
  return createHash('sha256').update(hashableRepr(dict)).digest('hex');
}

/** tau2's `sha256(json.dumps(db.model_dump(), sort_keys=True))` over everything. */
export function fullTau2Hash(data: PlainData): string {
  const dict: PyDict = {};
  for (const [name, records] of data) {
    const table: PyDict = {};
    for (const [id, record] of records) table[id] = record;
    setKeyOrder(table, [...records.keys()]);
    dict[name] = table;
  }
  return createHash('sha256')
    .update(pyDumps(dict, { sortKeys: true }))
    .digest('hex');
}

/** Replays the task's ground truth on freshly loaded data with the domain's own tool code. */
export function replayNaive(domain: Domain, task: Task, data: PlainData): void {
  const db = new PlainDb(data);
  for (const action of task.actions) {
    const tool = domain.tools.get(action.name);
    if (action.name === RESPOND_ACTION || tool === undefined || tool.terminates) continue;
    try {
      tool.invoke(db, action.kwargs);
    } catch {
      // a refused call changes nothing worth modelling here
    }
  }
}

/** The reference's reward check: reload, replay the ground truth, hash both states, compare. */
export function naiveReward(
  domain: Domain,
  task: Task,
  agentData: PlainData,
  hash: (data: PlainData) => string = domain.flavour.name === 'tau2' ? fullTau2Hash : fullHash,
): boolean {
  const agentHash = hash(agentData);
  const truth = loadFresh(domain);
  replayNaive(domain, task, truth);
  return agentHash === hash(truth);
}
