// Where the server keeps sessions: the store interface and its SQLite and PostgreSQL backends.
export { EventSeqTaken } from './errors.ts';
export { defaultSqlitePath, openStore, redact } from './open-store.ts';
export { PostgresStore, type PostgresStoreOptions } from './postgres.ts';
export {
  type AttemptRecord,
  type FaultRecord,
  type RunRecord,
  type RunStatus,
  RunStore,
} from './run-store.ts';
export { runsOf } from './runs-of.ts';
export { SqliteStore } from './sqlite.ts';
export type {
  AnnotationStore,
  EventKind,
  SessionChange,
  SessionFilter,
  SessionRow,
  SessionSetupRecord,
  SessionStatus,
  SessionStore,
  SessionSummary,
  StoredEvent,
} from './types.ts';
