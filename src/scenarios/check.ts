import { type Action, type Domain, RESPOND_ACTION, type Task } from '../core/domain/types.ts';
import { SigmaError } from '../core/errors.ts';
import { runTau2EnvAssertions, tau2Criteria } from '../core/flavours/tau2/index.ts';
import { cloneValue, dictKeys, isDict, type PyDict, type PyValue } from '../core/python/index.ts';
import { State, sameState } from '../core/state/index.ts';
import { callTool } from '../core/tools/dispatch.ts';
import { applyPersona, type PersonaFile, parsePersona } from '../session/persona-file.ts';
import { shapeProblems, tableShape } from './record-shape.ts';
import { RecordView, referenceProblems } from './references.ts';

/** The outcome of checking a scenario: what fails (nothing when it is valid), and what it plays. */
export interface ScenarioCheck {
  problems: string[];
  /** The scenario as read, when its shape could be read. */
  file?: PersonaFile;
  /** The domain with the scenario's records and its task, when everything holds. */
  played?: { domain: Domain; task: Task };
}

/**
 * Every check a scenario passes before it is saved or played as generated:
 * - its records have their table's fields and types (learnt from the domain's data) and new ids;
 * - references resolve (the domain's rules: products, options and prices, flights and dates, the
 *   customer's own payment methods, totals);
 * - it has a ground truth that replays with no `Error:` observation; it changes the data, unless it is
 *   declared a refusal, whose ground truth only reads (so that any write the agent makes changes the
 *   data and loses the reward);
 * - each output appears in what the ground truth's reads return;
 * - the instruction tells the customer what identifies them (the arguments of the ground truth's first
 *   call) and names none of the ground truth's tools.
 * On tau2 domains the ground truth is tau2's `evaluation_criteria`: its actions are replayed as above,
 * `communicate_info` are the outputs, each environment assertion must hold on the data the actions
 * leave, and `reward_basis` must score the data (DB, or ENV_ASSERTION for a scenario that writes).
 */
export function checkScenario(domain: Domain, raw: PyValue, source = 'scenario'): ScenarioCheck {
  let file: PersonaFile;
  try {
    // A copy: playing it freezes its records, and the caller's value stays theirs.
    file = parsePersona(cloneValue(raw), source);
  } catch (error) {
    return { problems: [messageOf(error)] };
  }
  const problems = recordProblems(domain, file);
  problems.push(...referenceProblems(new RecordView(domain, file.records)));
  const truth = file.groundTruth;
  const tau2 = !domain.flavour.acceptsActionGroundTruth;
  if (tau2 && file.criteria === undefined) {
    problems.push(
      `it has no ground truth in tau2's form: the ${domain.name} domain is scored by "evaluation_criteria" (actions, env_assertions, communicate_info, nl_assertions, reward_basis)`,
    );
  } else if (!tau2 && file.criteria !== undefined) {
    problems.push(
      `"evaluation_criteria" is tau2's form; the ${domain.name} domain is scored by "actions" and "outputs"`,
    );
  } else if (truth === undefined || truth.actions.length === 0) {
    problems.push(
      `it has no ground truth: ${tau2 ? '"evaluation_criteria.actions"' : '"actions"'} must list the calls that settle the request`,
    );
  }
  for (const action of truth?.actions ?? []) {
    if (action.name !== RESPOND_ACTION && !domain.tools.has(action.name))
      problems.push(`action "${action.name}" is not a tool of the ${domain.name} domain`);
  }
  problems.push(...instructionProblems(file));
  if (problems.length > 0) return { problems, file };
  let played: { domain: Domain; task: Task };
  try {
    played = applyPersona(domain, file);
  } catch (error) {
    return { problems: [messageOf(error)], file };
  }
  problems.push(...groundTruthProblems(played.domain, played.task, file.refusal));
  if (problems.length === 0 && tau2)
    problems.push(...criteriaProblems(played.domain, played.task, file.refusal));
  return problems.length > 0 ? { problems, file } : { problems, file, played };
}

function recordProblems(domain: Domain, file: PersonaFile): string[] {
  const problems: string[] = [];
  for (const [table, rows] of file.records) {
    const existing = domain.base.tables.get(table);
    if (existing === undefined) {
      problems.push(
        `table "${table}" is not in the ${domain.name} domain; it has: ${[...domain.base.tables.keys()].join(', ')}`,
      );
      continue;
    }
    const shape = tableShape(domain, table);
    const seen = new Set<string>();
    for (const [id, given] of rows) {
      if (existing.records.has(id)) problems.push(`${table} ${id}: the id is taken by an existing record`);
      if (seen.has(id)) problems.push(`${table} ${id}: the id is given twice`);
      seen.add(id);
      if (shape === undefined) continue;
      const record = table === 'users' && !shape.fields?.has('user_id') ? without(given, 'user_id') : given;
      problems.push(...shapeProblems(record, shape, `${table} ${id}`));
    }
  }
  return problems;
}

function without(record: PyDict, field: string): PyDict {
  const copy: PyDict = {};
  for (const key of dictKeys(record)) if (key !== field) copy[key] = record[key] as PyValue;
  return copy;
}

function instructionProblems(file: PersonaFile): string[] {
  const problems: string[] = [];
  const text = file.instruction.toLowerCase();
  const actions = file.groundTruth?.actions ?? [];
  const first = actions.find((a) => a.name !== RESPOND_ACTION);
  if (first !== undefined) {
    for (const value of stringArguments(first)) {
      if (!text.includes(value.toLowerCase()))
        problems.push(
          `the instruction does not give the customer "${value}", which the agent needs to ${first.name}`,
        );
    }
  }
  for (const name of new Set(actions.map((a) => a.name))) {
    if (name !== RESPOND_ACTION && text.includes(name.toLowerCase()))
      problems.push(
        `the instruction names the tool ${name}: write what the customer wants, not how the agent does it`,
      );
  }
  return problems;
}

function stringArguments(action: Action): string[] {
  return dictKeys(action.kwargs)
    .map((key) => action.kwargs[key])
    .filter((value): value is string => typeof value === 'string');
}

function groundTruthProblems(domain: Domain, task: Task, refusal: boolean): string[] {
  const problems: string[] = [];
  const state = new State(domain.base);
  const reads: string[] = [];
  const writes: string[] = [];
  task.actions.forEach((action, i) => {
    if (action.name === RESPOND_ACTION) return;
    const tool = domain.tools.get(action.name)!;
    const result = callTool(domain, state, action.name, action.kwargs);
    if (!result.ok || result.observation.startsWith('Error:')) {
      problems.push(`ground truth action ${i} (${action.name}) fails: ${result.observation.slice(0, 200)}`);
      return;
    }
    if (result.terminates && i !== task.actions.length - 1)
      problems.push(`ground truth action ${i} (${action.name}) ends the conversation before the last action`);
    if (tool.access === 'write') writes.push(action.name);
    else reads.push(result.observation);
  });
  if (problems.length > 0) return problems;
  const unchanged = sameState(state, new State(domain.base));
  if (refusal) {
    if (writes.length > 0)
      problems.push(
        `it is declared a refusal, but its ground truth writes (${writes.join(', ')}): a refusal's ground truth only reads`,
      );
  } else if (writes.length === 0 || unchanged) {
    problems.push(
      'its ground truth leaves the data as it was: declare it a refusal ("refusal": true) or give the writes that settle the request',
    );
  }
  for (const output of task.outputs) {
    if (!reads.some((observation) => appearsIn(output, observation)))
      problems.push(`output "${output}" does not appear in what the ground truth's reads return`);
  }
  return problems;
}

/** tau2's criteria beyond the actions: assertions that hold on the ground truth's data, a basis that scores it. */
function criteriaProblems(domain: Domain, task: Task, refusal: boolean): string[] {
  const criteria = tau2Criteria(task);
  if (criteria === null) return [];
  const problems: string[] = [];
  for (const action of criteria.actions ?? []) {
    if (action.requestor !== 'assistant')
      problems.push(
        `ground truth action ${action.actionId} (${action.name}) is the customer's: only the agent's actions are replayed here`,
      );
  }
  const state = new State(domain.base);
  for (const action of task.actions) callTool(domain, state, action.name, action.kwargs);
  runTau2EnvAssertions(domain, state, criteria.envAssertions ?? []).forEach((check, i) => {
    if (check.error !== null) problems.push(`env_assertions[${i}] cannot run: ${check.error}`);
    else if (!check.met)
      problems.push(
        `env_assertions[${i}] (${check.assertion.funcName}) does not hold on the data the ground truth leaves: it must return ${check.assertion.assertValue ? 'True' : 'False'}`,
      );
  });
  const basis = criteria.rewardBasis;
  if (refusal && !basis.includes('DB'))
    problems.push(
      `reward_basis is ${JSON.stringify(basis)}: a refusal needs "DB" in it, so that a write the agent makes lowers the reward`,
    );
  else if (!refusal && !basis.includes('DB') && !basis.includes('ENV_ASSERTION'))
    problems.push(
      `reward_basis is ${JSON.stringify(basis)}: it must score the data the agent leaves ("DB", or "ENV_ASSERTION" with assertions)`,
    );
  if (basis.includes('ENV_ASSERTION') && (criteria.envAssertions ?? []).length === 0)
    problems.push('reward_basis names "ENV_ASSERTION" but env_assertions is empty');
  return problems;
}

/** An output appears in an observation as text (any case), or, for a number, as the same number. */
export function appearsIn(output: string, observation: string): boolean {
  if (observation.toLowerCase().includes(output.toLowerCase())) return true;
  const wanted = Number(output.replace(/[$,]/g, ''));
  if (output.trim() === '' || !Number.isFinite(wanted)) return false;
  return (observation.match(/-?\d+(?:\.\d+)?/g) ?? []).some((n) => Math.abs(Number(n) - wanted) < 0.005);
}

function messageOf(error: unknown): string {
  if (error instanceof SigmaError) return error.message;
  throw error;
}

/** Whether a value is a scenario object at all (for callers that read JSON of any kind). */
export function isScenarioObject(value: unknown): value is PyDict {
  return isDict(value);
}
