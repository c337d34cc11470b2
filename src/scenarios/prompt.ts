import type { Domain, Task } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import { TAU2_REWARD_TYPES } from '../core/flavours/tau2/index.ts';
import type { ModelObjectOutput } from '../core/model/types.ts';
import { type PyValue, pyDumps } from '../core/python/index.ts';
import { describeShape, tableShape } from './record-shape.ts';

/** How many seed tasks inspire a proposal when none are named. */
export const DEFAULT_INSPIRATION = 3;

/**
 * The seed tasks named by `refs` (an index into the default split, or a task id), or, without refs,
 * `DEFAULT_INSPIRATION` tasks spread over the split, shifted by `offset`.
 */
export function inspirationTasks(domain: Domain, refs: readonly string[] | undefined, offset = 0): Task[] {
  const tasks = domain.tasks.get(domain.defaultSplit) ?? [];
  if (refs === undefined || refs.length === 0) {
    if (tasks.length === 0) return [];
    const step = Math.max(1, Math.floor(tasks.length / DEFAULT_INSPIRATION));
    return Array.from(
      { length: Math.min(DEFAULT_INSPIRATION, tasks.length) },
      (_, i) => tasks[(offset + i * step) % tasks.length]!,
    );
  }
  return refs.map((ref) => {
    const byId = tasks.find((t) => t.id === ref);
    if (byId !== undefined) return byId;
    const index = /^\d+$/.test(ref) ? Number(ref) : -1;
    if (index >= 0 && index < tasks.length) return tasks[index]!;
    throw new InputError(
      `inspiration "${ref}": no task with that id or index in split "${domain.defaultSplit}" (${tasks.length} tasks, indices 0-${tasks.length - 1})`,
    );
  });
}

/** The structured output a model proposes a scenario in: derived from the domain's tables and tools. */
export function proposalSchema(domain: Domain): ModelObjectOutput {
  const tables = [...domain.base.tables.keys()].filter((t) => t !== 'users');
  const objectOf = { type: 'object', additionalProperties: { type: 'object' } };
  return {
    name: 'scenario',
    description: `A customer-service scenario for the ${domain.name} domain`,
    schema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'a short kebab-case label' },
        kind: { type: 'string', description: 'what the customer wants, in two or three words' },
        refusal: { type: 'boolean', description: 'true when the policy forbids the request' },
        instruction: { type: 'string', description: "the customer's hidden goal, in the second person" },
        customer: { type: 'object', description: 'a new record of the users table, with its user_id' },
        records: {
          type: 'object',
          properties: Object.fromEntries(tables.map((t) => [t, objectOf])),
          additionalProperties: false,
          description: 'new records by table, each an object of records keyed by a new id',
        },
        ...groundTruthSchema(domain),
      },
      required: [
        'name',
        'kind',
        'refusal',
        'instruction',
        'customer',
        'records',
        ...(usesTau2Criteria(domain) ? ['evaluation_criteria'] : ['actions', 'outputs']),
      ],
    },
  };
}

/** Whether a domain's scenarios carry their ground truth in tau2's criteria form (tau2 domains). */
export function usesTau2Criteria(domain: Domain): boolean {
  return !domain.flavour.acceptsActionGroundTruth;
}

/** The ground-truth part of the proposal: actions and outputs, or tau2's `evaluation_criteria`. */
function groundTruthSchema(domain: Domain): Record<string, unknown> {
  const tools = [...domain.tools.keys()];
  if (!usesTau2Criteria(domain)) {
    return {
      actions: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string', enum: tools }, kwargs: { type: 'object' } },
          required: ['name', 'kwargs'],
        },
      },
      outputs: { type: 'array', items: { type: 'string' } },
    };
  }
  const functions = [...(domain.envFunctions?.keys() ?? [])];
  return {
    evaluation_criteria: {
      type: 'object',
      description: "the ground truth in tau2's form",
      properties: {
        actions: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              action_id: { type: 'string', description: 'an id of its own, e.g. "0", "1", ...' },
              name: { type: 'string', enum: tools },
              arguments: { type: 'object' },
            },
            required: ['action_id', 'name', 'arguments'],
          },
        },
        env_assertions: {
          type: ['array', 'null'],
          items: {
            type: 'object',
            properties: {
              func_name: functions.length > 0 ? { type: 'string', enum: functions } : { type: 'string' },
              arguments: { type: 'object' },
              assert_value: { type: 'boolean' },
            },
            required: ['func_name', 'arguments', 'assert_value'],
          },
        },
        communicate_info: { type: 'array', items: { type: 'string' } },
        nl_assertions: { type: ['array', 'null'], items: { type: 'string' } },
        reward_basis: {
          type: 'array',
          items: { type: 'string', enum: [...TAU2_REWARD_TYPES] },
          description: 'the criteria the reward is the product of; "DB" compares the data',
        },
      },
      required: ['actions', 'communicate_info', 'reward_basis'],
    },
  };
}

export interface PromptInput {
  domain: Domain;
  inspiration: readonly Task[];
  describe?: string;
}

/** Sigma's own instructions for proposing a scenario (version `SCENARIO_PROMPT_VERSION`). */
export function scenarioSystemPrompt(input: PromptInput): string {
  const { domain } = input;
  const shapes = [...domain.base.tables.keys()]
    .map((table) => {
      const shape = tableShape(domain, table);
      return shape === undefined ? '' : `- ${table}: ${describeShape(shape)}`;
    })
    .filter((line) => line !== '');
  const tools = [...domain.tools.values()].map(
    (t) =>
      `- ${t.name} (${t.access}): ${t.description.split('\n')[0]} — arguments ${JSON.stringify(t.parameters.properties ?? {})}`,
  );
  return [
    `You write test scenarios for a customer-service simulator of the "${domain.name}" domain. A scenario is a new customer with their own records, a hidden goal the simulated customer pursues, and the ground truth: the exact tool calls a perfect agent makes under the policy.`,
    'Rules:',
    '- New records use ids no existing record has, and exactly the fields and value types of their table (below). Money amounts are numbers.',
    "- Records refer only to things that exist: products and their item variants with the same options and price, flights on the dates they fly, the customer's own payment methods. Payments add up.",
    ...groundTruthRules(domain),
    '- The instruction speaks to the customer ("You are ..."): it gives every fact the agent will ask for (name and zip code, email, or user id) and what they want, and never names a tool.',
    '',
    `Tables (fields and types):\n${shapes.join('\n')}`,
    '',
    `Tools:\n${tools.join('\n')}`,
    '',
    `Policy:\n${domain.policy}`,
  ].join('\n');
}

function groundTruthRules(domain: Domain): string[] {
  if (!usesTau2Criteria(domain))
    return [
      '- The ground truth ("actions") starts with the call that identifies the customer, then the reads and writes that settle the request, with the arguments the tools take. It must run without errors on the data plus your records.',
      '- If the policy forbids the request, set "refusal" to true: the ground truth then only reads, and the agent must say no.',
      '- "outputs" are facts the agent must tell the customer (an amount, a status), each as it appears in what a read returns; often there are none.',
    ];
  return [
    '- The ground truth is "evaluation_criteria", as tau2 writes it. Its "actions" (each with its own "action_id", the tool "name" and its "arguments") start with the call that identifies the customer, then the reads and writes that settle the request. They must run without errors on the data plus your records.',
    '- "reward_basis" lists what the reward is the product of: "DB" (the data the agent leaves equals what the actions leave) and "COMMUNICATE" (the agent says each "communicate_info"); "ENV_ASSERTION" only with "env_assertions" that hold after the actions.',
    '- If the policy forbids the request, set "refusal" to true: the actions then only read, "DB" is in the basis, and the agent must say no.',
    '- "communicate_info" are facts the agent must tell the customer (an amount, a status), each as it appears in what a read returns; often there are none.',
  ];
}

/** The request: sample records, the inspiration tasks, the person's description. */
export function scenarioUserPrompt(input: PromptInput): string {
  const { domain } = input;
  const samples = [...domain.base.tables.keys()].map((table) => {
    const data = domain.base.tables.get(table)!;
    const id = data.ids[Math.floor(data.ids.length / 2)];
    return id === undefined ? '' : `${table} "${id}": ${pyDumps(data.records.get(id) as PyValue)}`;
  });
  const seeds = input.inspiration.map(
    (task) =>
      `- ${task.id}: ${task.instruction}\n  ground truth: ${
        task.evaluationCriteria !== undefined && usesTau2Criteria(domain)
          ? `evaluation_criteria ${pyDumps(task.evaluationCriteria)}`
          : task.actions.map((a) => `${a.name}(${pyDumps(a.kwargs)})`).join('; ')
      }`,
  );
  return [
    `Sample records:\n${samples.filter((s) => s !== '').join('\n')}`,
    '',
    seeds.length > 0 ? `Tasks for inspiration (write a different one):\n${seeds.join('\n')}` : '',
    '',
    input.describe === undefined
      ? 'Propose one new, realistic scenario.'
      : `Propose one new, realistic scenario of this kind: ${input.describe}`,
  ].join('\n');
}

/** What goes back to the model after a proposal fails its checks. */
export function repairPrompt(problems: readonly string[]): string {
  return [
    'That scenario fails these checks:',
    ...problems.slice(0, 20).map((p) => `- ${p}`),
    'Fix every one and answer with the whole corrected scenario.',
  ].join('\n');
}
