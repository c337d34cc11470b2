import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { SessionStore } from './types.ts';

/** The default store's file inside a data home. */
export function defaultSqlitePath(home: string): string {
  return join(home, 'sigma.db');
}

/**
 * Opens the store a `--store` value names: `sqlite:PATH` (or `sqlite::memory:`), or
 * `postgres://…` / `postgresql://…` (with `?schema=NAME` to use a schema other than `public`).
 * The schema is not migrated here: call `migrate()`.
 */
export function openStore(spec: string): SessionStore {
  if (/^postgres(ql)?:\/\//i.test(spec)) return PostgresStore.open({ url: spec });
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path === ':memory:') return SqliteStore.open(':memory:');
    if (path === '')
      throw new InputError('--store sqlite: needs a file, e.g. sqlite:/var/lib/sigma/sigma.db');
    return SqliteStore.open(isAbsolute(path) ? path : resolve(path));
  }
  throw new InputError(
    `unknown store "${redact(spec)}": use sqlite:/path/to/file.db or postgres://user@host:5432/database`,
  );
}

/** A store URL with any password hidden, for messages and logs. */
export function redact(spec: string): string {
  return spec.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
