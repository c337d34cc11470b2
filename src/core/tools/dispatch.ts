import type { Domain } from '../domain/types.ts';
import { DataError } from '../errors.ts';
import { isDict, type PyDict, type PyValue } from '../python/index.ts';
import type { State } from '../state/index.ts';
import { ToolError } from './tool.ts';
import { validateValue } from './validate.ts';

export interface ToolCallResult {
  observation: string;
  /** False when the call was refused or failed; its writes were then discarded. */
  ok: boolean;
  /** The tool ends the conversation. */
  terminates: boolean;
}

/**
 * Calls a domain tool on a state. Arguments are checked against the tool's schema first; a call that
 * does not fit, a refusal by the tool, or any failure inside it becomes an `Error: ...` observation
 * and leaves the state untouched (a record of the data that cannot be read throws its `DataError`).
 * A successful call applies all its writes at once. Arguments are in
 * the value model (`parsePyJson` for JSON text, `fromJs` for JavaScript values).
 */
export function callTool(
  domain: Domain,
  state: State,
  name: string,
  args: PyValue | undefined,
): ToolCallResult {
  const tool = domain.tools.get(name);
  if (tool === undefined) {
    // Each reference words it its own way.
    return { observation: domain.flavour.unknownTool(name), ok: false, terminates: false };
  }
  const terminates = tool.terminates === true;
  const kwargs: PyValue = args ?? {};
  if (!isDict(kwargs)) {
    return { observation: `Error: arguments of ${name} must be an object`, ok: false, terminates };
  }
  const problem = validateValue(tool.parameters, kwargs, '', {
    enforceEnums: domain.flavour.enforceEnums,
  });
  if (problem !== null) return { observation: `Error: ${problem}`, ok: false, terminates };
  try {
    const observation = state.transact((db) => tool.invoke(db, kwargs as PyDict));
    return { observation, ok: true, terminates };
  } catch (error) {
    if (error instanceof ToolError) return { observation: `Error: ${error.message}`, ok: false, terminates };
    // A record of the domain's data that cannot be read (checked when first read) is not the agent's doing.
    if (error instanceof DataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { observation: `Error: ${message}`, ok: false, terminates };
  }
}
