import { z } from 'zod';

/**
 * The fields of tau2-bench's `Results` (`src/tau2/data_model/simulation.py`) that `sigma export
 * --format tau2-results` writes, with tau2's names and enums, so tau2's viewer and evaluator read
 * Sigma's runs. Fields tau2 defaults (audio, reviews, ticks) are left out, as tau2 itself omits none
 * but accepts their absence. No Node imports.
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
