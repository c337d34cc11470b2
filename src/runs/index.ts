// Batch evaluation: plans, plays and summarizes runs of the LLM agent; re-exports only.
export {
  DEFAULT_MAX_REQUEUES,
  type ExecuteOptions,
  type ExecuteResult,
  executeRun,
  type ProgressEvent,
} from './local-executor.ts';
export { choose, isSuccess, type PassHatK, passHatK, passHatKs } from './pass-hat-k.ts';
export {
  type AttemptOutcome,
  type AttemptUsage,
  attemptSessionId,
  MAX_TOOL_ERRORS,
  type ModelFactory,
  playAttempt,
} from './play-attempt.ts';
export { parseProviderLimits, type RunModelOptions, runModels } from './run-models.ts';
export {
  type AttemptPlan,
  attemptSeed,
  DEFAULT_RUN_MAX_STEPS,
  newRunId,
  planRun,
  type RunOptions,
  type RunPlan,
  readRunPlan,
} from './run-plan.ts';
export { type RunSummary, summarizeRun, type TaskSummary } from './run-summary.ts';
export { classifyModelError, type Seat, SeatModelError } from './seat-client.ts';
export { parseTaskIds } from './task-selection.ts';
export { TERMINATIONS, type Termination, terminationOf } from './terminations.ts';
