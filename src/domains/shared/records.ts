import type { PyDict } from '../../core/python/index.ts';
import type { Db } from '../../core/state/index.ts';
import { ToolError } from '../../core/tools/tool.ts';

/**
 * A record by id, or the tool's refusal (`Error: <refusal>`) when the table has none: the reference's
 * `if id not in data[table]: return "Error: ..."`.
 */
export function findRecord(db: Db, table: string, id: string, refusal: string): Readonly<PyDict> {
  const record = db.get(table, id);
  if (record === undefined) throw new ToolError(refusal);
  return record;
}

/** A user by id, or the refusal every user tool of both tau-bench domains gives for an unknown id. */
export function findUser(db: Db, userId: string): Readonly<PyDict> {
  return findRecord(db, 'users', userId, 'user not found');
}
