import { type Action, RESPOND_ACTION } from '../core/domain/types.ts';
import { dictSet, type PyDict, type PyValue, pyDumps } from '../core/python/index.ts';

/** The version of the prompts and schema model-made scenarios come from; recorded in their metadata. */
export const SCENARIO_PROMPT_VERSION = 'scenario-1';

/** How a scenario was made, kept in its `meta` (it does not change how it plays). */
export interface ScenarioMeta {
  generator: 'offline' | 'model';
  domain: string;
  /** The task program behind an offline scenario, or the kind a model declared. */
  kind: string;
  seed?: number | string;
  model?: string;
  promptVersion?: string;
  description?: string;
  inspiration?: string[];
  /** Proposals made, the first included. */
  attempts: number;
  usage: { inputTokens: number; outputTokens: number; costUsd: number | null };
}

export interface ScenarioParts {
  name: string;
  instruction: string;
  customer: PyDict;
  records: Record<string, PyDict>;
  actions: readonly Action[];
  outputs: readonly string[];
  refusal: boolean;
  meta: ScenarioMeta;
  /** tau2 domains: the ground truth in tau2's form, written instead of `actions` and `outputs`. */
  criteria?: PyDict;
}

/** A scenario in the persona-file format, as the value model holds it (ints and floats kept apart). */
export function scenarioValue(parts: ScenarioParts): PyDict {
  const value: PyDict = {};
  dictSet(value, 'name', parts.name);
  dictSet(value, 'instruction', parts.instruction);
  dictSet(value, 'customer', parts.customer);
  const records: PyDict = {};
  for (const [table, rows] of Object.entries(parts.records)) dictSet(records, table, rows);
  dictSet(value, 'records', records);
  if (parts.criteria === undefined) {
    dictSet(
      value,
      'actions',
      parts.actions.map((a) => ({ name: a.name, kwargs: a.kwargs }) as PyDict),
    );
    dictSet(value, 'outputs', [...parts.outputs]);
  } else dictSet(value, 'evaluation_criteria', parts.criteria);
  dictSet(value, 'refusal', parts.refusal);
  dictSet(value, 'meta', metaValue(parts.meta));
  return value;
}

function metaValue(meta: ScenarioMeta): PyDict {
  const out: PyDict = {};
  for (const [key, value] of Object.entries(meta)) {
    if (value === undefined) continue;
    if (key === 'usage') {
      dictSet(out, key, {
        inputTokens: BigInt(meta.usage.inputTokens),
        outputTokens: BigInt(meta.usage.outputTokens),
        costUsd: meta.usage.costUsd,
      });
    } else if (typeof value === 'number') dictSet(out, key, BigInt(value));
    else dictSet(out, key, value as PyValue);
  }
  return out;
}

/** A scenario file's text: Python-exact JSON (a float stays `54.0`), indented for people. */
export function scenarioText(value: PyValue): string {
  return `${pyDumps(value, { indent: 2, ensureAscii: false })}\n`;
}

/**
 * A ground truth of actions and outputs in tau2's criteria form: every action the agent's, ids in
 * order, `communicate_info` the outputs, scored on the data and what the agent says.
 */
export function tau2CriteriaOf(actions: readonly Action[], outputs: readonly string[]): PyDict {
  const criteria: PyDict = {};
  dictSet(
    criteria,
    'actions',
    actions
      .filter((a) => a.name !== RESPOND_ACTION)
      .map((a, i) => {
        const action: PyDict = {};
        dictSet(action, 'action_id', `${i}`);
        dictSet(action, 'requestor', 'assistant');
        dictSet(action, 'name', a.name);
        dictSet(action, 'arguments', a.kwargs);
        dictSet(action, 'info', null);
        return action;
      }),
  );
  dictSet(criteria, 'env_assertions', null);
  dictSet(criteria, 'communicate_info', [...outputs]);
  dictSet(criteria, 'nl_assertions', null);
  dictSet(criteria, 'reward_basis', ['DB', 'COMMUNICATE']);
  return criteria;
}
