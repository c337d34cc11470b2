import { z } from 'zod';
import { CustomerStrategySchema } from './customer.ts';

/**
 * The canonical record of one conversation, versioned. Everything Sigma exports (SFT, DPO, GRPO rows,
 * evaluation results) is derived from it, and `SimulatorCore.fromTrajectory` resumes from it.
 * No Node imports: the web app and other readers use this module as it is.
 */
export const TRAJECTORY_SCHEMA_VERSION = 2;

/**
 * Every version a reader accepts: 1 (no `takenBack`), 2 (adds `takenBack`; later, optional fields a
 * reader may do without: message times `at`, `regenerated`).
 */
export const TRAJECTORY_SCHEMA_VERSIONS = [1, 2] as const;
/** The version of a trajectory's `scenario` record. */
export const SCENARIO_RECORD_VERSION = 1;

export const ToolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1),
    /** The arguments as JSON text, exactly as the agent gave them. */
    arguments: z.string(),
  }),
});

/**
 * Who wrote an agent turn: a person, a model, a recording, or a person who edited a model's proposal
 * (`model-edited`; records written before it existed never have it).
 */
export const AuthorSchema = z.enum(['human', 'model', 'replay', 'model-edited']);

/**
 * When a message was made: an ISO-8601 UTC time (`2026-12-02T14:03:07.120Z`). Optional: records made
 * before messages carried times have none, and the policy (the system message) has none.
 */
const MessageTime = z.string().optional();

export const MessageSchema = z.discriminatedUnion('role', [
  z.object({ id: z.string(), role: z.literal('system'), content: z.string(), at: MessageTime }),
  /** The customer. */
  z.object({ id: z.string(), role: z.literal('user'), content: z.string(), at: MessageTime }),
  /** The agent: text for the customer, or one tool call. */
  z.object({
    id: z.string(),
    role: z.literal('assistant'),
    at: MessageTime,
    content: z.string().nullable(),
    tool_calls: z.array(ToolCallSchema).optional(),
    author: AuthorSchema,
  }),
  z.object({
    id: z.string(),
    role: z.literal('tool'),
    at: MessageTime,
    tool_call_id: z.string(),
    name: z.string(),
    content: z.string(),
  }),
]);

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().nullable(),
});

export const CustomerConfigSchema = z.object({
  strategy: CustomerStrategySchema,
  provider: z.string().optional(),
  model: z.string().optional(),
  temperature: z.number().optional(),
  seed: z.number().int().optional(),
  promptVersion: z.string(),
});

export const RewardSchema = z.object({
  /** 1 or 0; null when there is no ground truth to score against (a custom persona). */
  reward: z.number().nullable(),
  /** tau-bench's own `reward_info`, as it reports it. */
  info: z.record(z.string(), z.unknown()).nullable(),
  /** Every criterion: tau-bench's (state, outputs) or, for tau2 domains, tau2's (db, actions, ...). */
  breakdown: z
    .union([
      z.object({
        stateMatch: z.boolean(),
        expectedStateHash: z.string(),
        outputs: z.record(z.string(), z.boolean()),
      }),
      z.record(z.string(), z.unknown()),
    ])
    .nullable(),
  /** Why the reward is not a number, or how the episode ended. */
  note: z.string().optional(),
  /** The reward may still change: the episode has not ended, or a criterion was not judged. */
  provisional: z.boolean().optional(),
  /** tau2: the model that judged the natural-language assertions. */
  judgeModel: z.string().nullable().optional(),
});

/** What a copilot proposed, or what the player did instead: a message to the customer or one tool call. */
export const ProposedActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), content: z.string() }),
  z.object({
    type: z.literal('tool_call'),
    name: z.string(),
    /** The arguments as JSON text. */
    arguments: z.string(),
  }),
]);

/**
 * A copilot's proposal and the player's decision on it: preference data. A rejected proposal with its
 * reason, or an edited one with what the player did instead, pairs a worse action with a better one on
 * the same conversation. Kept even when the turn it led to was later undone.
 */
export const ProposalSchema = z.object({
  /** The model that proposed it, `provider:model`. */
  model: z.string(),
  /** What the player asked for, in their words. */
  intent: z.string(),
  /** The conversation it was proposed on (the policy, the record's first message, is left out). */
  context: z.array(MessageSchema),
  /** The model's answer as it wrote it. */
  raw: z.string(),
  proposal: ProposedActionSchema,
  decision: z.enum(['accepted', 'edited', 'rejected']),
  /** What the player did instead, when they edited the proposal. */
  final: ProposedActionSchema.optional(),
  /** Why the player rejected it. */
  reason: z.string().optional(),
  at: z.string(),
});

/**
 * Agent turns that were taken back (by `undo` or a rollback), with what they wrote: preference data (a
 * taken-back action against what replaced it). The final `messages` never hold them.
 */
export const TakenBackSchema = z.object({
  by: z.enum(['undo', 'rollback']),
  /** The id of the last message kept: the taken-back turns came right after it. */
  after: z.string(),
  /** The messages of the taken-back turns, in order (each agent action with its reply or result). */
  messages: z.array(MessageSchema).min(1),
});

/** The longest note a person may give the customer when asking it to answer again. */
export const REGENERATE_NOTE_MAX = 2000;

/**
 * A customer reply written again at a person's request, with the note the model customer was given:
 * the reply it replaced. Not preference data about the agent (the agent's message is the same on both
 * sides), so exports leave it out. The final `messages` hold the new reply.
 */
export const RegeneratedSchema = z.object({
  /** The id of the agent's message the customer answered again. */
  after: z.string(),
  /** The customer's reply that was replaced. */
  replaced: z.object({ id: z.string(), role: z.literal('user'), content: z.string(), at: MessageTime }),
  /** What the person told the customer for the new reply; absent when they gave no note. */
  note: z.string().optional(),
  /** When the reply was written again. */
  at: z.string(),
});

export const EndReasonSchema = z.enum(['user-stop', 'transfer', 'turn-limit', 'abandoned']);

export const TrajectorySchema = z.object({
  schemaVersion: z.union([z.literal(1), z.literal(TRAJECTORY_SCHEMA_VERSION)]),
  id: z.string(),
  domain: z.object({ name: z.string(), source: z.string(), policySha256: z.string() }),
  task: z.object({
    split: z.string(),
    index: z.number().int().nonnegative(),
    id: z.string(),
    instruction: z.string(),
    /** Ground-truth actions as JSON-compatible data. */
    actions: z.array(z.object({ name: z.string(), kwargs: z.record(z.string(), z.unknown()) })),
    outputs: z.array(z.string()),
  }),
  persona: z.string().nullable(),
  customer: CustomerConfigSchema,
  /** The customer's memory at the end, so a resumed episode continues exactly. */
  customerMemory: z
    .object({
      strategy: z.string(),
      messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
      usage: UsageSchema,
      extra: z.record(z.string(), z.unknown()).optional(),
    })
    .nullable(),
  tools: z.array(
    z.object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) }),
  ),
  messages: z.array(MessageSchema),
  reward: RewardSchema.nullable(),
  endReason: EndReasonSchema.nullable(),
  usage: z.object({ customer: UsageSchema, agent: UsageSchema }),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /**
   * The scenario the episode plays when it is not one of the domain's tasks (a persona file, generated
   * or written): its content, versioned, so a resume rebuilds its records and task. Absent otherwise,
   * and in records made before it was kept.
   */
  scenario: z.object({ version: z.literal(SCENARIO_RECORD_VERSION), personaFile: z.string() }).optional(),
  /** Copilot proposals made during the episode (absent when no copilot was used). */
  proposals: z.array(ProposalSchema).optional(),
  /** Version 2: turns taken back during the episode, in the order they were (absent when none were). */
  takenBack: z.array(TakenBackSchema).optional(),
  /** Customer replies written again at a person's request, oldest first (absent when none were). */
  regenerated: z.array(RegeneratedSchema).optional(),
});

export type ToolCall = z.infer<typeof ToolCallSchema>;
export type Author = z.infer<typeof AuthorSchema>;
export type TrajectoryMessage = z.infer<typeof MessageSchema>;
export type Trajectory = z.infer<typeof TrajectorySchema>;
export type TrajectoryReward = z.infer<typeof RewardSchema>;
export type ProposedAction = z.infer<typeof ProposedActionSchema>;
export type Proposal = z.infer<typeof ProposalSchema>;
export type TakenBack = z.infer<typeof TakenBackSchema>;
export type Regenerated = z.infer<typeof RegeneratedSchema>;
