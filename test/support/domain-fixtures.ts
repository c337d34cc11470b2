import { expect } from 'vitest';
import { assembleDomain } from '../../src/core/domain/assemble.ts';
import type { Domain, ToolKit } from '../../src/core/domain/types.ts';
import { tauBenchFlavour } from '../../src/core/flavours/tau-bench/index.ts';
import { dictKeys, fromJs, type PyDict, type PyValue } from '../../src/core/python/index.ts';
import { State, tauBenchStateHash } from '../../src/core/state/index.ts';
import { callTool } from '../../src/core/tools/dispatch.ts';
import type { ToolDefinition } from '../../src/core/tools/tool.ts';

/**
 * A tau-bench domain of a toolkit's tools over small in-memory tables, for unit tests that need no shared
 * data. Records keep their Python key order (integer-like ids such as '20' or '429815' included).
 */
export function domainOfTables(kit: ToolKit, tables: Record<string, PyDict>): Domain {
  return assembleDomain({
    name: kit.name,
    flavour: tauBenchFlavour,
    source: { layout: 'tau-bench', path: '(in memory)' },
    tables: Object.entries(tables).map(([name, records]) => [
      name,
      dictKeys(records).map((id): [string, PyValue] => [id, records[id]!]),
    ]),
    tools: kit.tools,
    policy: '',
    userGuidelines: '',
    tasks: new Map(),
    defaultSplit: 'test',
  });
}

/** Calls a domain's tools with plain JavaScript arguments (integral numbers become ints). */
export function toolCaller(domain: Domain) {
  const call = (state: State, name: string, args: Record<string, unknown>): string =>
    callTool(domain, state, name, fromJs(args) as PyValue).observation;

  /** Calls a tool that must refuse on a fresh state; checks the text and that nothing was written. */
  function expectRefusal(name: string, args: Record<string, unknown>, error: string): void {
    const state = new State(domain.base);
    const before = tauBenchStateHash(state);
    expect(call(state, name, args)).toBe(`Error: ${error}`);
    expect(state.writeCount).toBe(0);
    expect(tauBenchStateHash(state)).toBe(before);
  }

  return { call, expectRefusal };
}

/** A schema without its `description` keys, other keys kept in order (no parameter is named so). */
export function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, item]) => [key, withoutDescriptions(item)]),
  );
}

/** Every `description` in a schema, by its path. */
export function descriptionsOf(
  value: unknown,
  path = '',
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'description') out.set(path, item);
    else descriptionsOf(item, `${path}/${key}`, out);
  }
  return out;
}

/**
 * Checks tools against the reference's `tool_schemas.json`: the same tools, in its order, with the same
 * parameters key for key (our descriptions aside), and every description the reference itself keeps
 * (the airline's, on nested items) word for word.
 */
export function expectReferenceSchemas(tools: readonly ToolDefinition[], reference: unknown): void {
  const actual = tools.map((t) => ({ name: t.name, parameters: t.parameters }));
  const stripped = actual.map(withoutDescriptions);
  const expected = withoutDescriptions(reference);
  expect(stripped).toEqual(expected);
  // toEqual ignores key order; the text comparison does not.
  expect(JSON.stringify(stripped)).toBe(JSON.stringify(expected));
  const ours = descriptionsOf(actual);
  for (const [path, text] of descriptionsOf(reference)) expect(ours.get(path), path).toBe(text);
}

/** Checks that every tool and every top-level parameter has a description. */
export function expectDescribed(tools: readonly ToolDefinition[]): void {
  for (const tool of tools) {
    expect(tool.description.length, tool.name).toBeGreaterThan(0);
    for (const [name, parameter] of Object.entries(tool.parameters.properties ?? {})) {
      expect(parameter.description?.length ?? 0, `${tool.name}.${name}`).toBeGreaterThan(0);
    }
  }
}
