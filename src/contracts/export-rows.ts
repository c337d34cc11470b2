import { z } from 'zod';

/**
 * The rows `sigma export` writes, one schema per format, as their consumers read them: TRL's
 * conversational datasets (SFT, DPO, KTO), prompt-only RL rows, OpenAI's fine-tuning files, and rows
 * for training customer simulators. Versioned with `EXPORT_SCHEMA_VERSION` (in each manifest). No Node
 * imports: the web app and other readers use this module as it is.
 */
export const EXPORT_SCHEMA_VERSION = 1;

const nonEmpty = z.string().min(1);

/** A JSON-schema function list entry, as TRL's chat templates and OpenAI both take it. */
export const FunctionToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: nonEmpty,
    description: z.string(),
    parameters: z.record(z.string(), z.unknown()),
  }),
});

// --- TRL: conversational messages, tool calls with their arguments as an object -------------------

export const TrlToolCallSchema = z.object({
  type: z.literal('function'),
  function: z.object({ name: nonEmpty, arguments: z.record(z.string(), z.unknown()) }),
});

export const TrlMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string(),
    tool_calls: z.array(TrlToolCallSchema).min(1).optional(),
  }),
  z.object({ role: z.literal('tool'), name: nonEmpty, content: z.string() }),
]);

/** Where a row came from: the trajectory, and for preference rows what made the pair. */
export const RowSourceSchema = z.object({
  trajectory: nonEmpty,
  task: nonEmpty,
  domain: nonEmpty,
  /** `episode`, `turn`, or a pair's origin: `proposal-rejected`, `proposal-edited`, `undo`, `rollback`, `across-episodes`. */
  kind: nonEmpty,
  /** For `across-episodes`: the other episode. */
  other: z.string().optional(),
});

export const TrlSftRowSchema = z.object({
  messages: z.array(TrlMessageSchema).min(2),
  tools: z.array(FunctionToolSchema),
  source: RowSourceSchema,
});

/** `trl-sft` with `--granularity turn`: TRL's conversational prompt/completion shape. */
export const TrlSftTurnRowSchema = z.object({
  prompt: z.array(TrlMessageSchema).min(1),
  completion: z.array(TrlMessageSchema).length(1),
  tools: z.array(FunctionToolSchema),
  source: RowSourceSchema,
});

const TrlCompletion = z.array(TrlMessageSchema.and(z.object({ role: z.literal('assistant') }))).min(1);

export const TrlDpoRowSchema = z.object({
  prompt: z.array(TrlMessageSchema).min(1),
  chosen: TrlCompletion,
  rejected: TrlCompletion,
  tools: z.array(FunctionToolSchema),
  source: RowSourceSchema,
});

export const TrlKtoRowSchema = z.object({
  prompt: z.array(TrlMessageSchema).min(1),
  completion: z.array(TrlMessageSchema).min(1),
  label: z.boolean(),
  tools: z.array(FunctionToolSchema),
  source: RowSourceSchema,
});

/** What a reward function needs to score a completion of the task by playing it in Sigma. */
export const GrpoScoringSchema = z.object({
  /** Create a session with this body (`POST /sessions`), then play the completion's actions. */
  session: z.object({
    envName: nonEmpty,
    taskSplit: nonEmpty,
    taskIndex: z.number().int().nonnegative(),
    userStrategy: nonEmpty,
  }),
});

export const GrpoRowSchema = z.object({
  prompt: z.array(TrlMessageSchema).min(2),
  task_id: nonEmpty,
  domain: nonEmpty,
  split: nonEmpty,
  tools: z.array(FunctionToolSchema),
  scoring: GrpoScoringSchema,
});

// --- OpenAI: tool-call arguments as JSON text, tool results paired by id ---------------------------

export const OpenAiToolCallSchema = z.object({
  id: nonEmpty,
  type: z.literal('function'),
  function: z.object({ name: nonEmpty, arguments: z.string() }),
});

export const OpenAiMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().nullable().optional(),
    tool_calls: z.array(OpenAiToolCallSchema).min(1).optional(),
    weight: z.union([z.literal(0), z.literal(1)]).optional(),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: nonEmpty, content: z.string() }),
]);

export const OpenAiSftRowSchema = z.object({
  messages: z.array(OpenAiMessageSchema).min(2),
  tools: z.array(FunctionToolSchema),
  parallel_tool_calls: z.literal(false),
});

export const OpenAiDpoRowSchema = z.object({
  input: z.object({
    messages: z.array(OpenAiMessageSchema).min(1),
    tools: z.array(FunctionToolSchema),
    parallel_tool_calls: z.literal(false),
  }),
  preferred_output: z.array(OpenAiMessageSchema).min(1),
  non_preferred_output: z.array(OpenAiMessageSchema).min(1),
});

// --- The customer's side as the target ------------------------------------------------------------

export const CustomerSftRowSchema = z.object({
  /** system = the customer's goal and guidelines; user = the agent's words; assistant = the customer's. */
  messages: z.array(TrlMessageSchema).min(3),
  strategy: nonEmpty,
  source: RowSourceSchema,
});

export type FunctionTool = z.infer<typeof FunctionToolSchema>;
export type TrlMessage = z.infer<typeof TrlMessageSchema>;
export type TrlSftRow = z.infer<typeof TrlSftRowSchema>;
export type TrlSftTurnRow = z.infer<typeof TrlSftTurnRowSchema>;
export type TrlDpoRow = z.infer<typeof TrlDpoRowSchema>;
export type TrlKtoRow = z.infer<typeof TrlKtoRowSchema>;
export type GrpoRow = z.infer<typeof GrpoRowSchema>;
export type OpenAiMessage = z.infer<typeof OpenAiMessageSchema>;
export type OpenAiSftRow = z.infer<typeof OpenAiSftRowSchema>;
export type OpenAiDpoRow = z.infer<typeof OpenAiDpoRowSchema>;
export type CustomerSftRow = z.infer<typeof CustomerSftRowSchema>;
export type RowSource = z.infer<typeof RowSourceSchema>;
