import { InputError } from '../core/errors.ts';
import { KyselyStore } from './kysely-store.ts';
import type { RunStore } from './run-store.ts';
import type { SessionStore } from './types.ts';

/** The run tables of a store opened by `openStore` (SQLite or PostgreSQL). */
export function runsOf(store: SessionStore): RunStore {
  if (store instanceof KyselyStore) return store.runs;
  throw new InputError(`the ${store.kind} store keeps no batch runs: use sqlite:FILE or postgres://…`);
}
