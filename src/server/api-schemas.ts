import { z } from '@hono/zod-openapi';
import { RatingSchema } from '../contracts/annotation.ts';
import { CustomerStrategySchema, SelectableStrategySchema } from '../contracts/customer.ts';
import {
  CustomerConfigSchema,
  EndReasonSchema,
  MessageSchema,
  REGENERATE_NOTE_MAX,
  RewardSchema,
  TrajectorySchema,
} from '../contracts/trajectory.ts';
import { TRAJECTORY_AUTHORS } from '../store/catalog-facts.ts';
import { SESSION_SORTS } from '../store/types.ts';

/**
 * The API's request and response schemas: requests are validated with them and `/openapi.json` is
 * generated from them, so the document cannot drift from what the server accepts.
 */

/** The same rule as `checkDomainName`: never a path. */
export const DOMAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/;
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SPLIT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TOOL_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
/** A model or provider name (`gpt-4o`, `llama3.1:8b`, `org/model@rev`): never a path. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;

/** The largest text fields the API takes (the whole body is limited too). */
export const LIMITS = {
  message: 20_000,
  persona: 20_000,
  personaFile: 512 * 1024,
  toolArguments: 100_000,
  pageSize: 200,
  /** How deeply objects and arrays may nest in JSON given as a value (tool arguments, a persona file). */
  nesting: 64,
} as const;

/**
 * Refuses JSON values nested deeper than `LIMITS.nesting` (a few hundred kilobytes of `[[[…]]]` would
 * otherwise exhaust the stack of the code that walks them). Iterative, so the check itself cannot.
 */
function checkNesting(value: unknown, ctx: z.RefinementCtx): void {
  if (typeof value !== 'object' || value === null) return;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > LIMITS.nesting) {
      ctx.addIssue({ code: 'custom', message: `nested deeper than ${LIMITS.nesting} levels` });
      return;
    }
    for (const child of Object.values(item as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}

/** A model or provider name: the pattern, and no `..` segment. */
export const modelName = (max: number) =>
  z
    .string()
    .max(max)
    .regex(MODEL_NAME, 'letters, digits and "._:/@+-", starting with a letter or digit')
    .refine((name) => !name.split(/[/:]/).includes('..'), 'no ".." segment');

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const DomainParamSchema = z.object({
  env: z
    .string()
    .regex(DOMAIN_NAME, 'a domain name: letters, digits, "_", ".", "-" and "@"')
    .openapi({ param: { name: 'env', in: 'path' }, example: 'retail' }),
});

export const SessionParamSchema = z.object({
  id: z
    .string()
    .regex(SESSION_ID, 'a session id (a lower-case UUID)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b6a3c1e-5d2f-4f7a-9a44-3f1f1d2b9c10' }),
});

export const EnvironmentSchema = z
  .object({
    name: z.string(),
    origin: z.enum(['folder', 'fetched', 'built-in']),
    layout: z.string(),
    description: z.string(),
  })
  .openapi('Environment');

export const EnvironmentListSchema = z.object({ environments: z.array(EnvironmentSchema) });

export const TasksQuerySchema = z.object({
  split: z.string().regex(SPLIT_NAME).optional().openapi({ description: "default: the domain's split" }),
  instructions: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: "include each task's hidden customer goal (default false)" }),
});

export const TaskListSchema = z.object({
  domain: z.string(),
  split: z.string(),
  splits: z.array(z.string()),
  tasks: z.array(
    z.object({
      index: z.number().int(),
      id: z.string(),
      userId: z.string().nullable(),
      actions: z.number().int().openapi({ description: 'ground-truth actions' }),
      outputs: z.number().int().openapi({ description: 'outputs the agent must say' }),
      instruction: z.string().optional(),
    }),
  ),
});

export const PersonaFileContent = z.union([
  z.string().min(2).max(LIMITS.personaFile).openapi({ description: "a persona file's JSON text" }),
  z
    .record(z.string(), z.unknown())
    .superRefine(checkNesting)
    .openapi({ description: "a persona file's JSON object (nested at most 64 levels)" }),
]);

export const CreateSessionSchema = z
  .object({
    envName: z.string().regex(DOMAIN_NAME).openapi({ example: 'retail' }),
    taskIndex: z.number().int().nonnegative().optional().openapi({ description: 'default: drawn at random' }),
    taskSplit: z.string().regex(SPLIT_NAME).optional(),
    seed: z.number().int().optional().openapi({ description: 'draws the task reproducibly' }),
    userStrategy: SelectableStrategySchema.optional(),
    userModel: modelName(200).optional().openapi({ example: 'gpt-4o' }),
    userProvider: modelName(64).optional().openapi({ example: 'openai' }),
    userTemperature: z.number().min(0).max(2).optional(),
    userSeed: z.number().int().optional(),
    persona: z.string().min(1).max(LIMITS.persona).optional().openapi({
      description: 'a custom customer goal; the episode then has no ground truth',
    }),
    personaFile: PersonaFileContent.optional().openapi({
      description:
        "a persona file's content (its JSON text, which keeps 1.0 a float, or the object): custom goal, records, optional ground truth",
    }),
    generateScenario: z.boolean().optional().openapi({
      description:
        "play a freshly generated, checked scenario (by the server's model, else offline from Sigma's task programs; `seed` makes an offline one reproducible)",
    }),
    describe: z.string().min(1).max(LIMITS.persona).optional().openapi({
      description: 'with generateScenario: what the scenario is about',
    }),
    maxTurns: z.number().int().min(1).max(1000).optional(),
    agentModel: modelName(200).optional().openapi({
      description: 'the model that drafts copilot proposals (POST /sessions/{id}/draft), e.g. openai:gpt-4o',
    }),
    agentProvider: modelName(64).optional().openapi({ example: 'openai' }),
  })
  .strict()
  .openapi('CreateSession');

export const ToolSchema = z
  .object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) })
  .openapi('Tool');

export const SessionViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(['created', 'active', 'finished']),
    domain: z.string(),
    split: z.string(),
    taskIndex: z.number().int(),
    taskId: z.string(),
    persona: z.boolean().openapi({ description: 'a custom persona (text or file) replaces the task' }),
    customer: CustomerConfigSchema,
    maxTurns: z.number().int(),
    started: z.boolean(),
    done: z.boolean(),
    endReason: EndReasonSchema.nullable(),
    reward: z.number().nullable(),
    stateHash: z.string().openapi({ description: "hash of the session's data (tau-bench's state hash)" }),
    history: z.array(MessageSchema),
    tools: z.array(ToolSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
    notice: z.string().optional().openapi({ description: 'why the customer is the one it is' }),
  })
  .openapi('Session');

export const RespondSchema = z
  .object({
    message: z.string().min(1).max(LIMITS.message),
    stream: z.boolean().optional().openapi({
      deprecated: true,
      description:
        "kept for clients written before `POST /sessions/{id}/respond/stream`: the answer is then that route's event stream",
    }),
  })
  .strict()
  .openapi('Respond');

export const RespondStreamSchema = z
  .object({ message: z.string().min(1).max(LIMITS.message) })
  .strict()
  .openapi('RespondStream');

export const RegenerateSchema = z
  .object({
    note: z.string().max(REGENERATE_NOTE_MAX).optional().openapi({
      description:
        'told to the model customer for this one reply, e.g. "be less cooperative" or "you forgot the order id"',
    }),
  })
  .strict()
  .openapi('Regenerate');

export const ToolCallSchema = z
  .object({
    name: z.string().regex(TOOL_NAME).openapi({ example: 'get_order_details' }),
    arguments: z
      .union([
        z.record(z.string(), z.unknown()).superRefine(checkNesting),
        z.string().max(LIMITS.toolArguments),
      ])
      .optional()
      .openapi({
        description:
          'an object (nested at most 64 levels), or its JSON text (kept exactly, e.g. 1.0 stays a float)',
      }),
  })
  .strict()
  .openapi('ToolCall');

export const RollbackSchema = z
  .object({
    messageId: z
      .string()
      .regex(/^m\d{1,7}$/)
      .openapi({ description: 'keep the history up to this message', example: 'm3' }),
  })
  .strict()
  .openapi('Rollback');

export const StepSchema = z
  .object({
    observation: z.string(),
    done: z.boolean(),
    reward: z.number().nullable().optional(),
    rewardInfo: z.record(z.string(), z.unknown()).nullable().optional(),
    messages: z.array(MessageSchema).openapi({ description: 'the messages this step added' }),
  })
  .openapi('Step');

export const UndoSchema = z
  .object({
    undone: z
      .object({ name: z.string(), kwargs: z.record(z.string(), z.unknown()) })
      .nullable()
      .openapi({ description: 'the action taken back; null when there was none' }),
    done: z.boolean(),
    messageCount: z.number().int(),
  })
  .openapi('Undo');

export const RollbackResultSchema = z
  .object({ done: z.boolean(), messageCount: z.number().int() })
  .openapi('RollbackResult');

export const FinalResultSchema = z
  .object({
    done: z.boolean(),
    reward: RewardSchema,
    endReason: EndReasonSchema.nullable(),
    expectedActions: z.array(z.object({ name: z.string(), kwargs: z.record(z.string(), z.unknown()) })),
    stateDiff: z.array(
      z.object({
        table: z.string(),
        id: z.string(),
        kind: z.enum(['added', 'removed', 'changed']),
        before: z.record(z.string(), z.unknown()).optional(),
        after: z.record(z.string(), z.unknown()).optional(),
        changes: z.array(
          z.object({
            path: z.array(z.union([z.string(), z.number()])),
            before: z.unknown().optional(),
            after: z.unknown().optional(),
          }),
        ),
      }),
    ),
    history: z.array(MessageSchema),
    usage: TrajectorySchema.shape.usage,
  })
  .openapi('FinalResult');

export const DeleteQuerySchema = z.object({
  purge: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'also erase the record (default: keep it, ended as abandoned)' }),
});

export const DeletedSchema = z
  .object({ id: z.string(), purged: z.boolean(), endReason: EndReasonSchema.nullable() })
  .openapi('Deleted');

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date or time');

/** A number given in a query string (`0.5`, `1`). */
const queryNumber = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'a number such as 0, 0.5 or 1')
  .transform(Number)
  .openapi({ type: 'number' });
const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Free text over the messages of finished sessions: every word must occur (whole words, any case). */
export const FreeTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'at least one word (letters or digits)')
  .openapi({
    description: 'free text: finished sessions whose messages hold every word of it (whole words, any case)',
  });

export const TrajectoriesQuerySchema = z
  .object({
    domain: z.string().regex(DOMAIN_NAME).optional(),
    taskId: z.string().min(1).max(200).optional().openapi({ description: "the task's id (`retail-1-0`)" }),
    reward: z
      .enum(['0', '1', 'none'])
      .optional()
      .openapi({ description: '1 or 0, or `none` for unscored or unfinished sessions' }),
    rewardMin: queryNumber.optional().openapi({ description: 'reward at least this (unscored never match)' }),
    rewardMax: queryNumber.optional().openapi({ description: 'reward at most this (unscored never match)' }),
    finished: z.enum(['true', 'false']).optional(),
    endReason: EndReasonSchema.optional().openapi({ description: 'how the episode ended' }),
    author: z
      .enum(TRAJECTORY_AUTHORS)
      .optional()
      .openapi({ description: "who wrote the agent's turns (known once finished)" }),
    customerStrategy: CustomerStrategySchema.optional(),
    customerModel: z.string().regex(MODEL_NAME).optional(),
    toolErrors: queryBoolean
      .optional()
      .openapi({ description: 'with (true) or without (false) a tool error; finished sessions only' }),
    rejectedDrafts: queryBoolean.optional().openapi({
      description:
        'with (true) or without (false) a copilot draft the person rejected; finished sessions only',
    }),
    q: FreeTextSchema.optional(),
    annotated: queryBoolean
      .optional()
      .openapi({ description: "with (true) or without (false) reviewers' notes" }),
    rating: RatingSchema.optional().openapi({ description: 'with at least one note of this rating' }),
    excludeRating: RatingSchema.optional().openapi({
      description: 'without any note of this rating (`bad`: leave out those marked bad)',
    }),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'a real day, YYYY-MM-DD')
      .optional()
      .openapi({ description: 'created on this day (UTC), YYYY-MM-DD' }),
    from: isoDate.optional().openapi({ description: 'created at or after (ISO 8601)' }),
    to: isoDate.optional().openapi({ description: 'created before (ISO 8601)' }),
    sort: z
      .enum(SESSION_SORTS)
      .optional()
      .openapi({ description: 'what to order by (default `date`); sessions without the fact come last' }),
    order: z.enum(['asc', 'desc']).optional().openapi({ description: 'default `desc`' }),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).optional().openapi({ type: 'integer' }),
    offset: z.coerce.number().int().min(0).max(1_000_000_000).optional().openapi({ type: 'integer' }),
  })
  .refine((q) => q.rewardMin === undefined || q.rewardMax === undefined || q.rewardMin <= q.rewardMax, {
    message: 'rewardMin must not be greater than rewardMax',
    path: ['rewardMin'],
  })
  .refine((q) => q.reward === undefined || (q.rewardMin === undefined && q.rewardMax === undefined), {
    message: 'give either reward or rewardMin/rewardMax, not both',
    path: ['reward'],
  });

export const SessionSummarySchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    domain: z.string(),
    split: z.string(),
    taskIndex: z.number().int(),
    taskId: z.string(),
    status: z.enum(['created', 'active', 'finished']),
    reward: z.number().nullable(),
    finished: z.boolean(),
    endReason: z.string().nullable(),
    endedAt: z.string().nullable(),
    eventCount: z.number().int(),
    customerStrategy: z.string(),
    customerModel: z.string().nullable(),
    turns: z.number().int().nullable().openapi({ description: 'agent messages; null until finished' }),
    toolErrors: z.number().int().nullable().openapi({ description: 'tool errors; null until finished' }),
    costUsd: z.number().nullable().openapi({ description: 'model cost; null when unknown or running' }),
    author: z.enum(TRAJECTORY_AUTHORS).nullable(),
    rejectedDrafts: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'copilot drafts the person rejected; null until finished' }),
    annotationCount: z.number().int(),
  })
  .openapi('SessionSummary');

export const TrajectoryListSchema = z.object({
  items: z.array(SessionSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** The contracts' trajectory, named for the document (its schemas were made before OpenAPI support loaded). */
export const TrajectoryRecordSchema = z.object(TrajectorySchema.shape).openapi('Trajectory');

export const HealthSchema = z.object({ status: z.literal('ok'), store: z.string(), version: z.string() });

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const runId = (name: string) =>
  z
    .string()
    .regex(RUN_ID, 'a run id (letters, digits, - and _, at most 64)')
    .openapi({ param: { name, in: 'path' }, example: '3f9a1c0b7e42' });

export const RunParamSchema = z.object({ id: runId('id') });
export const RunPairParamSchema = z.object({ id: runId('id'), other: runId('other') });

const UsageSchema = z
  .object({
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z
      .number()
      .nullable()
      .openapi({ description: "US dollars; null when a model's price is unknown" }),
  })
  .openapi('ModelUsage');

export const RunSummarySchema = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'finished', 'cancelled']),
    createdAt: z.string(),
    env: z.string().openapi({ description: 'the domain' }),
    split: z.string(),
    agent: z.string().openapi({ description: 'provider:model of the agent' }),
    customer: z.string().openapi({ description: 'the customer strategy, and its model if it has one' }),
    trials: z.number().int(),
    tasks: z.number().int(),
    progress: z.object({
      done: z.number().int().openapi({ description: 'attempts finished and stored' }),
      total: z.number().int().openapi({ description: 'attempts planned' }),
      retried: z.number().int().openapi({ description: 'faults that re-queued an attempt' }),
    }),
    passHatK: z
      .record(z.string(), z.number())
      .openapi({ description: "k (1..trials) → tau-bench's pass^k, as `sigma run --status` prints it" }),
    averageReward: z.number(),
    terminations: z
      .record(z.string(), z.number().int())
      .openapi({ description: "tau2's termination name → attempts" }),
    cost: z.object({ agent: UsageSchema, customer: UsageSchema, total: UsageSchema }),
  })
  .openapi('RunSummary');

export const RunListSchema = z.object({ items: z.array(RunSummarySchema) }).openapi('RunList');

export const RunCellSchema = z
  .object({
    trial: z.number().int(),
    attemptId: z.string(),
    reward: z.number().nullable().openapi({ description: 'null while the attempt is not finished' }),
    termination: z.string().nullable(),
    sessionId: z.string().nullable().openapi({ description: 'the trajectory of a finished attempt' }),
  })
  .openapi('RunCell');

export const RunTaskRowSchema = z
  .object({
    taskIndex: z.number().int(),
    successes: z.number().int(),
    finished: z.number().int(),
    disagree: z.boolean().openapi({ description: 'some finished trials succeeded and some did not' }),
    cells: z.array(RunCellSchema),
  })
  .openapi('RunTaskRow');

export const RunDetailSchema = RunSummarySchema.extend({
  passHatKInterval: z.record(
    z.string(),
    z.object({ low: z.number(), high: z.number(), tasks: z.number().int() }),
  ),
  grid: z.array(RunTaskRowSchema),
}).openapi('RunDetail');

export const RunComparisonSchema = z
  .object({
    a: RunSummarySchema,
    b: RunSummarySchema,
    tasks: z.array(
      z.object({
        taskIndex: z.number().int(),
        a: z
          .object({ successes: z.number().int(), finished: z.number().int(), passRate: z.number() })
          .nullable()
          .openapi({ description: 'null when the task is not in run a or none of its trials finished' }),
        b: z
          .object({ successes: z.number().int(), finished: z.number().int(), passRate: z.number() })
          .nullable(),
        change: z.enum(['better', 'worse', 'same', 'not-comparable']).openapi({
          description:
            "b's pass rate against a's: better, worse, the same, or not comparable (missing in one)",
        }),
      }),
    ),
    counts: z.object({
      better: z.number().int(),
      worse: z.number().int(),
      same: z.number().int(),
      notComparable: z.number().int(),
    }),
  })
  .openapi('RunComparison');
