// Where the server keeps sessions: the store interface and its SQLite and PostgreSQL backends.
export { defaultSqlitePath, openStore, redact } from './open-store.ts';
export { PostgresStore, type PostgresStoreOptions } from './postgres.ts';
export { SqliteStore } from './sqlite.ts';
export type {
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
