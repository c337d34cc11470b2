import { z } from 'zod';
import { ERROR_SOURCES, ERROR_TYPES } from './annotation.ts';

/**
 * The fields of tau2-bench's `Results` (`src/tau2/data_model/simulation.py`) that `sigma export
 * --format tau2-results` writes, with tau2's names and enums, so tau2's viewer and evaluator read
 * Sigma's runs. Fields tau2 defaults (audio, ticks) are left out, as tau2 itself omits none but
 * accepts their absence; `review` and `info` are written for trajectories with reviewers' notes. No Node imports.
 */

/** tau2's `TerminationReason`. */
export const TAU2_TERMINATION_REASONS = [
  'user_stop',
  'agent_stop',
  'max_steps',
  'timeout',
  'too_many_errors',
  'agent_error',
  'user_error',
  'infrastructure_error',
  'context_window_exceeded',
  'unexpected_error',
] as const;

const Tau2ToolCall = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  requestor: z.enum(['user', 'assistant']),
});

export const Tau2MessageSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    tool_calls: z.array(Tau2ToolCall).nullable(),
    turn_idx: z.number().int(),
    timestamp: z.string().nullable(),
    cost: z.number().nullable(),
  }),
  z.object({
    role: z.literal('user'),
    content: z.string().nullable(),
    tool_calls: z.array(Tau2ToolCall).nullable(),
    turn_idx: z.number().int(),
    timestamp: z.string().nullable(),
    cost: z.number().nullable(),
  }),
  z.object({
    id: z.string(),
    role: z.literal('tool'),
    content: z.string().nullable(),
    requestor: z.enum(['user', 'assistant']),
    error: z.boolean(),
    turn_idx: z.number().int(),
    timestamp: z.string().nullable(),
  }),
]);

export const Tau2RewardInfoSchema = z
  .object({
    reward: z.number(),
    db_check: z.object({ db_match: z.boolean(), db_reward: z.number() }).nullable().optional(),
    reward_basis: z.array(z.string()).nullable().optional(),
    reward_breakdown: z.record(z.string(), z.number()).nullable().optional(),
    info: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .loose();

/** tau2's `ReviewError` (`source` is its literal: user, agent or unknown). */
const Tau2ReviewErrorSchema = z.object({
  source: z.enum(['user', 'agent', 'unknown']),
  error_type: z.string().nullable(),
  error_tags: z.array(z.string()),
  severity: z.enum(['minor', 'critical', 'critical_helped', 'critical_hindered']).nullable(),
  turn_idx: z.number().int().nullable(),
  reasoning: z.string(),
  correct_behavior: z.string().nullable(),
});

/** tau2's `Review`. */
export const Tau2ReviewSchema = z.object({
  summary: z.string(),
  agent_error: z.boolean(),
  user_error: z.boolean(),
  critical_user_error: z.boolean(),
  has_errors: z.boolean(),
  errors: z.array(Tau2ReviewErrorSchema),
  cost: z.number().nullable(),
});

/** tau2's `SimulationNote`, with its `ErrorSource` and `ErrorType` enums. */
export const Tau2SimulationNoteSchema = z.object({
  id: z.string(),
  note: z.string(),
  author_email: z.string().nullable(),
  created_at: z.string().nullable(),
  simulation_id: z.string(),
  task_id: z.string(),
  trial: z.number().int(),
  source_results_file: z.string().nullable(),
  simulation_file: z.string().nullable(),
  error_source: z.enum(ERROR_SOURCES).nullable(),
  error_type: z.enum(ERROR_TYPES).nullable(),
});

export const Tau2SimulationRunSchema = z.object({
  id: z.string(),
  task_id: z.string(),
  timestamp: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  duration: z.number(),
  termination_reason: z.enum(TAU2_TERMINATION_REASONS),
  agent_cost: z.number().nullable(),
  user_cost: z.number().nullable(),
  reward_info: Tau2RewardInfoSchema.nullable(),
  messages: z.array(Tau2MessageSchema),
  trial: z.number().int().nonnegative(),
  seed: z.number().int().nullable(),
  mode: z.literal('half_duplex'),
  /** tau2's `Review`, from reviewers' notes (absent without notes). */
  review: Tau2ReviewSchema.optional(),
  /** tau2's free `info`: the notes as tau2's `SimulationNote`s, and their ratings. */
  info: z
    .object({
      notes: z.array(Tau2SimulationNoteSchema),
      ratings: z.array(z.object({ note_id: z.string(), rating: z.enum(['good', 'bad']) })),
    })
    .optional(),
});

export const Tau2TaskSchema = z
  .object({
    id: z.string(),
    user_scenario: z.object({ instructions: z.unknown() }).loose(),
    evaluation_criteria: z.record(z.string(), z.unknown()).nullable(),
  })
  .loose();

export const Tau2InfoSchema = z.object({
  git_commit: z.string(),
  num_trials: z.number().int().nonnegative(),
  max_steps: z.number().int(),
  max_errors: z.number().int(),
  user_info: z.object({
    implementation: z.string(),
    llm: z.string().nullable(),
    llm_args: z.record(z.string(), z.unknown()).nullable(),
  }),
  agent_info: z.object({
    implementation: z.string(),
    llm: z.string().nullable(),
    llm_args: z.record(z.string(), z.unknown()).nullable(),
  }),
  environment_info: z.object({ domain_name: z.string(), policy: z.string(), tool_defs: z.null() }),
  seed: z.number().int().nullable(),
});

export const Tau2ResultsSchema = z.object({
  timestamp: z.string(),
  info: Tau2InfoSchema,
  tasks: z.array(Tau2TaskSchema),
  simulations: z.array(Tau2SimulationRunSchema),
});

export type Tau2Message = z.infer<typeof Tau2MessageSchema>;
export type Tau2SimulationRun = z.infer<typeof Tau2SimulationRunSchema>;
export type Tau2Results = z.infer<typeof Tau2ResultsSchema>;
