/** The tables, as Kysely sees them (the same in SQLite and PostgreSQL). Times are ISO 8601 text. */
export interface Database {
  sessions: SessionsTable;
  events: EventsTable;
  runs: RunsTable;
  run_attempts: RunAttemptsTable;
  run_faults: RunFaultsTable;
  annotations: AnnotationsTable;
  review_reservations: ReviewReservationsTable;
}

/** A reviewer's hold on a session in the review queue, until `expires_at` (ISO 8601). */
export interface ReviewReservationsTable {
  session_id: string;
  reviewer: string;
  expires_at: string;
}

/** A reviewer's note on a session's trajectory or one of its messages (`contracts/annotation.ts`). */
export interface AnnotationsTable {
  id: string;
  session_id: string;
  message_id: string | null;
  error_source: string | null;
  error_type: string | null;
  rating: string | null;
  text: string | null;
  author: string;
  created_at: string;
  updated_at: string;
}

/** A batch evaluation: its plan (JSON text of `RunPlanRecord`) and whether it is running. */
export interface RunsTable {
  id: string;
  created_at: string;
  plan: string;
  status: string;
}

/** One finished (task, trial) of a run; its trajectory is the session `session_id`. */
export interface RunAttemptsTable {
  run_id: string;
  attempt_id: string;
  task_index: number;
  trial: number;
  session_id: string;
  reward: number;
  termination: string;
  /** JSON text: `{ agent, customer }` model usage. */
  usage: string;
  finished_at: string;
}

/** A provider failure that sent an attempt back to the queue (never a score). */
export interface RunFaultsTable {
  run_id: string;
  attempt_id: string;
  at: string;
  reason: string;
}

export interface SessionsTable {
  id: string;
  created_at: string;
  domain: string;
  split: string;
  task_index: number;
  task_id: string;
  /** JSON text of `SessionSetupRecord`. */
  setup: string;
  status: string;
  reward: number | null;
  /** 0 or 1. */
  finished: number;
  end_reason: string | null;
  ended_at: string | null;
  /** JSON text of the trajectory, once finished. */
  trajectory: string | null;
  /** The catalog's facts (`catalog-facts.ts`): from the setup, and from the trajectory once finished. */
  customer_strategy: string | null;
  customer_model: string | null;
  turns: number | null;
  tool_errors: number | null;
  cost_usd: number | null;
  author: string | null;
}

export interface EventsTable {
  session_id: string;
  seq: number;
  kind: string;
  at: string;
  /** JSON text. */
  payload: string;
}
