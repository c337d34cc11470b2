import type * as NodeSqlite from 'node:sqlite';

let loaded: typeof NodeSqlite | undefined;

/**
 * Node's built-in SQLite module, loaded on first use with the warning Node 22 prints then
 * ("ExperimentalWarning: SQLite is an experimental feature…") filtered out; Node 24 prints none.
 * Sigma uses only the module's settled surface, so the warning tells a user nothing they can act on.
 * A static import would load the module, and print the warning, before any of Sigma runs.
 */
export function nodeSqlite(): typeof NodeSqlite {
  if (loaded !== undefined) return loaded;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    if (isSqliteWarning(warning, rest[0])) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    loaded = process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
  return loaded;
}

function isSqliteWarning(warning: string | Error, typeOrOptions: unknown): boolean {
  const type =
    typeof typeOrOptions === 'string'
      ? typeOrOptions
      : ((typeOrOptions as { type?: string } | undefined)?.type ?? (warning as Error).name);
  const message = typeof warning === 'string' ? warning : warning.message;
  return type === 'ExperimentalWarning' && /SQLite/.test(message);
}
