import { extendDomain } from '../core/domain/extend.ts';
import { replayGroundTruth } from '../core/domain/ground-truth.ts';
import { TaskReader } from '../core/domain/loaders/tasks.ts';
import type { Action, Domain, Task } from '../core/domain/types.ts';
import { DataError } from '../core/errors.ts';
import { readTau2Criteria } from '../core/flavours/tau2/criteria.ts';
import {
  dictKeys,
  dictSet,
  isDict,
  JsonSyntaxError,
  type PyDict,
  type PyValue,
  parsePyJson,
} from '../core/python/index.ts';
import { readJsonFile } from '../core/user-file.ts';

/**
 * A custom scenario for one episode, read from a JSON file (`--persona-file`):
 *
 * ```json
 * {
 *   "name": "late-parcel",                       // optional label
 *   "instruction": "You are Mia Lopez ...",      // the customer's hidden goal (required)
 *   "customer": { "user_id": "mia_lopez_1", ... }, // optional: a record for the users table
 *   "records": { "orders": { "#W9000001": { ... } } }, // optional: more records, by table and id
 *   "actions": [{ "name": "...", "kwargs": { ... } }], // optional ground truth: the episode is scored
 *   "outputs": ["..."],                          // optional: what the agent must say
 *   "refusal": true,                             // optional: the policy forbids the request (reads only)
 *   "evaluation_criteria": { ... },              // tau2 domains: the ground truth in tau2's criteria form
 *   "meta": { ... }                              // optional: how it was made (generator, model, usage)
 * }
 * ```
 *
 * The records exist only in the episode that uses the file; the domain's own data is untouched.
 */
export interface PersonaFile {
  /** Where it came from (a file path, or a label such as `persona file` for uploaded content); errors name it. */
  path: string;
  name: string | undefined;
  instruction: string;
  userId: string | undefined;
  /** New records by table, in the file's order (the customer first, in `users`). */
  records: Map<string, Array<[string, PyDict]>>;
  /**
   * Present when the file gives a ground truth: `actions` and/or `outputs`, or for tau2 domains
   * `evaluation_criteria` (then its actions and `communicate_info`).
   */
  groundTruth: { actions: Action[]; outputs: string[] } | undefined;
  /** tau2 domains: the ground truth in tau2's form (actions, env_assertions, communicate_info, nl_assertions, reward_basis). */
  criteria: PyDict | undefined;
  /** Declared a refusal: the policy forbids what the customer asks, so the ground truth only reads. */
  refusal: boolean;
  /** How the scenario was made (generator, model, prompt version, usage); not used in play. */
  meta: PyDict | undefined;
}

/** What a scenario says: the fields a generator writes (its `meta` aside). */
export const SCENARIO_FIELDS = [
  'name',
  'instruction',
  'customer',
  'records',
  'actions',
  'outputs',
  'evaluation_criteria',
  'refusal',
] as const;

const FIELDS: readonly string[] = [...SCENARIO_FIELDS, 'meta'];

export const PERSONA_SPLIT = 'persona';

/** Reads and checks a persona file's shape (its records are checked against a domain by `applyPersona`). */
export function readPersonaFile(path: string): PersonaFile {
  return parsePersona(readJsonFile(path), path);
}

/**
 * Reads a persona file's content given as JSON text (an upload, a stored copy): the same checks as
 * `readPersonaFile`, with `source` naming it in errors. Values are read Python-exactly (`1.0` stays a float).
 */
export function parsePersonaText(text: string, source = 'persona file'): PersonaFile {
  let raw: PyValue;
  try {
    raw = parsePyJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new DataError(source, `invalid JSON: ${error.message}`);
    throw error;
  }
  return parsePersona(raw, source);
}

/** Checks a persona file's already-parsed content; `path` names it in errors. */
export function parsePersona(raw: PyValue, path: string): PersonaFile {
  if (!isDict(raw)) throw new DataError(path, 'a persona file must be a JSON object');
  const unknown = dictKeys(raw).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) {
    throw new DataError(path, `unknown field "${unknown[0]}"; a persona file has: ${FIELDS.join(', ')}`);
  }
  const reader: TaskReader = new TaskReader(path, 'persona', raw);
  const instruction = reader.string('instruction');
  if (instruction.trim() === '') reader.fail('instruction', "is empty: write the customer's goal");
  const records = new Map<string, Array<[string, PyDict]>>();
  let userId: string | undefined;
  const customer = raw.customer;
  if (customer !== undefined) {
    if (!isDict(customer)) reader.fail('customer', 'must be an object (a record of the users table)');
    const id = customer.user_id;
    if (typeof id !== 'string' || id === '') reader.fail('customer', 'needs a "user_id"');
    userId = id;
    records.set('users', [[id, customer]]);
  }
  const tables = raw.records;
  if (tables !== undefined) {
    if (!isDict(tables))
      reader.fail('records', 'must be an object of tables, each an object of records by id');
    for (const table of dictKeys(tables)) {
      const rows = tables[table] as PyValue;
      if (!isDict(rows)) reader.fail(`records.${table}`, 'must be an object of records keyed by id');
      const list = records.get(table) ?? [];
      for (const id of dictKeys(rows)) {
        const record = rows[id] as PyValue;
        if (!isDict(record)) reader.fail(`records.${table}.${id}`, 'must be an object');
        list.push([id, record]);
      }
      records.set(table, list);
    }
  }
  const name = reader.optionalString('name');
  if (raw.refusal !== undefined && typeof raw.refusal !== 'boolean')
    reader.fail('refusal', 'must be true or false');
  if (raw.meta !== undefined && !isDict(raw.meta)) reader.fail('meta', 'must be an object');
  const scored = raw.actions !== undefined || raw.outputs !== undefined;
  const rawCriteria = raw.evaluation_criteria;
  let criteria: PyDict | undefined;
  let groundTruth: PersonaFile['groundTruth'] = scored
    ? { actions: reader.actions('actions', 'kwargs'), outputs: reader.strings('outputs') }
    : undefined;
  if (rawCriteria !== undefined) {
    if (scored)
      reader.fail(
        'evaluation_criteria',
        'comes with "actions"/"outputs": give the ground truth one way, "actions" and "outputs" (tau-bench and Sigma domains) or "evaluation_criteria" (tau2 domains)',
      );
    if (!isDict(rawCriteria))
      reader.fail('evaluation_criteria', "must be an object in tau2's form (actions, reward_basis, ...)");
    const read = readTau2Criteria(path, 'persona', rawCriteria);
    criteria = rawCriteria;
    groundTruth = {
      actions: (read.actions ?? []).map((a) => ({ name: a.name, kwargs: a.arguments })),
      outputs: read.communicateInfo ?? [],
    };
  }
  return {
    path,
    name,
    instruction,
    userId: userId ?? reader.optionalString('user_id'),
    records,
    groundTruth,
    criteria,
    refusal: raw.refusal === true,
    meta: isDict(raw.meta) ? raw.meta : undefined,
  };
}

/**
 * The domain an episode with this persona plays: the original plus the persona's records, with the
 * persona as the only task of split `persona`. Records must fit the domain (known table, new id, the
 * same fields as the table's records) and a ground truth must replay without errors.
 */
export function applyPersona(domain: Domain, persona: PersonaFile): { domain: Domain; task: Task } {
  const fail = (problem: string): never => {
    throw new DataError(persona.path, problem);
  };
  const fitted = new Map<string, Array<[string, PyDict]>>();
  for (const [table, rows] of persona.records) {
    const existing = domain.base.tables.get(table);
    if (existing === undefined) {
      fail(
        `table "${table}" is not in the ${domain.name} domain; it has: ${[...domain.base.tables.keys()].join(', ')}`,
      );
    }
    // Fields every record has are required; fields only some have (an order's return details) may be given.
    const { fields, optional } = tableFields(existing!);
    const seen = new Set<string>();
    const kept: Array<[string, PyDict]> = [];
    fitted.set(table, kept);
    for (const [id, given] of rows) {
      // The customer's id names the record; it is a field only where the table's records have one.
      const record =
        table === 'users' && fields !== undefined && !fields.includes('user_id') && 'user_id' in given
          ? withoutField(given, 'user_id')
          : given;
      if (existing!.records.has(id) || seen.has(id))
        fail(`record "${id}" already exists in table "${table}"`);
      seen.add(id);
      kept.push([id, record]);
      if (fields === undefined) continue;
      const have = dictKeys(record).sort();
      const missing = fields.filter((f) => !have.includes(f));
      const extra = have.filter((f) => !fields.includes(f) && !optional.has(f));
      if (missing.length > 0 || extra.length > 0) {
        fail(
          `record "${id}" of table "${table}" ${missing.length > 0 ? `lacks ${missing.join(', ')}` : `has unknown fields ${extra.join(', ')}`}; its records have: ${fields.join(', ')}`,
        );
      }
    }
  }
  const truth = persona.groundTruth;
  if (truth !== undefined && persona.criteria === undefined && !domain.flavour.acceptsActionGroundTruth) {
    fail(
      `a ground truth as "actions"/"outputs" is not read on tau2 domains, whose tasks are scored by tau2's evaluation criteria: give it as "evaluation_criteria" (actions with action_id, name and arguments; env_assertions; communicate_info; nl_assertions; reward_basis), or leave it out for an unscored episode`,
    );
  }
  if (persona.criteria !== undefined && domain.flavour.acceptsActionGroundTruth) {
    fail(
      `"evaluation_criteria" is tau2's form, and the ${domain.name} domain is scored by actions and outputs: give the ground truth as "actions" and "outputs"`,
    );
  }
  for (const action of truth?.actions ?? []) {
    if (action.name !== 'respond' && !domain.tools.has(action.name)) {
      fail(`action "${action.name}" is not a tool of the ${domain.name} domain`);
    }
  }
  const task: Task = {
    id: `persona-${persona.name ?? 'custom'}`,
    ...(persona.userId === undefined ? {} : { userId: persona.userId }),
    instruction: persona.instruction,
    actions: truth?.actions ?? [],
    outputs: truth?.outputs ?? [],
    ...(persona.criteria === undefined ? {} : { evaluationCriteria: persona.criteria }),
  };
  const extended = extendDomain(domain, {
    records: fitted,
    tasks: new Map([[PERSONA_SPLIT, [task]]]),
  });
  if (truth !== undefined) {
    const { problems } = replayGroundTruth(extended, task);
    if (problems.length > 0) fail(`its ground truth does not replay: ${problems[0]}`);
  }
  return { domain: extended, task };
}

function tableFields(table: { ids: readonly string[]; records: ReadonlyMap<string, Readonly<PyDict>> }): {
  fields: string[] | undefined;
  optional: Set<string>;
} {
  if (table.ids.length === 0) return { fields: undefined, optional: new Set() };
  let common: string[] | undefined;
  const all = new Set<string>();
  for (const record of table.records.values()) {
    const keys = dictKeys(record as PyDict);
    for (const key of keys) all.add(key);
    common = common === undefined ? keys : common.filter((key) => keys.includes(key));
  }
  const fields = (common ?? []).sort();
  return { fields, optional: new Set([...all].filter((key) => !fields.includes(key))) };
}

function withoutField(record: PyDict, field: string): PyDict {
  const copy: PyDict = {};
  for (const key of dictKeys(record)) if (key !== field) dictSet(copy, key, record[key] as PyValue);
  return copy;
}
