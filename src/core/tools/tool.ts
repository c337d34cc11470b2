import { AgentError } from '../errors.ts';
import type { PyDict, PyValue } from '../python/index.ts';
import { strRepr } from '../python/index.ts';
import type { Db } from '../state/index.ts';

/** The subset of JSON Schema that tool parameters use. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: Array<string | number | boolean | null>;
  additionalProperties?: boolean;
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** An object schema: the tool's named arguments. */
  parameters: JsonSchema & { type: 'object' };
  /** `read` tools never change data; `write` tools may. */
  access: 'read' | 'write';
  /** Calling it ends the conversation (as `transfer_to_human_agents` does). */
  terminates?: boolean;
  /** Runs the tool; returns the observation. Throw `ToolError` for a refusal the agent should read. */
  invoke(db: Db, args: PyDict): string;
}

/** A tool's refusal: becomes the observation `Error: <message>` and changes nothing. */
export class ToolError extends AgentError {}

/** The refusal Python prints for a missing dictionary key (`Error: 'economy X'`). */
export function keyError(key: PyValue): ToolError {
  return new ToolError(typeof key === 'string' ? strRepr(key) : String(key));
}

/** Typed access to validated arguments. */
export function argString(args: PyDict, name: string): string {
  return args[name] as string;
}

export function argList<T extends PyValue = PyValue>(args: PyDict, name: string): T[] {
  return args[name] as T[];
}

/** Looks a key up the way Python's `d[key]` does: a missing key raises KeyError. */
export function lookup<T extends PyValue = PyValue>(dict: Readonly<PyDict> | undefined, key: string): T {
  if (dict === undefined || !Object.hasOwn(dict, key)) throw keyError(key);
  return dict[key] as T;
}
