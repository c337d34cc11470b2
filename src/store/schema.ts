/** The tables, as Kysely sees them (the same in SQLite and PostgreSQL). Times are ISO 8601 text. */
export interface Database {
  sessions: SessionsTable;
  events: EventsTable;
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
}

export interface EventsTable {
  session_id: string;
  seq: number;
  kind: string;
  at: string;
  /** JSON text. */
  payload: string;
}
