import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../../test/support/shared-data.ts';
import type { Domain } from '../../core/domain/types.ts';
import { tauBenchFlavour } from '../../core/flavours/tau-bench/index.ts';
import { type PyDict, parsePyJson } from '../../core/python/index.ts';
import { BaseData, State, tauBenchStateHash } from '../../core/state/index.ts';
import { callTool } from '../../core/tools/dispatch.ts';
import type { ToolDefinition } from '../../core/tools/tool.ts';
import { calculateTool, thinkTool, transferToHumanAgentsTool } from './index.ts';

const tools: ToolDefinition[] = [calculateTool, thinkTool, transferToHumanAgentsTool];

/** A domain of just the shared tools over an empty database: none of them reads or writes data. */
const domain = {
  name: 'common',
  flavour: tauBenchFlavour,
  base: BaseData.fromTables([]),
  tools: new Map(tools.map((t) => [t.name, t])),
} as unknown as Domain;

/** A schema without its `description` keys, the other keys in order. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, item]) => [key, withoutDescriptions(item)]),
  );
}

describe('think and transfer_to_human_agents', () => {
  it('think returns nothing and changes nothing', () => {
    const state = new State(domain.base);
    const before = tauBenchStateHash(state);
    expect(callTool(domain, state, 'think', { thought: 'check the policy first' })).toEqual({
      observation: '',
      ok: true,
      terminates: false,
    });
    expect(tauBenchStateHash(state)).toBe(before);
  });

  it('transfer_to_human_agents ends the conversation', () => {
    const state = new State(domain.base);
    expect(
      callTool(domain, state, 'transfer_to_human_agents', { summary: 'wants a refund to paypal' }),
    ).toEqual({
      observation: 'Transfer successful',
      ok: true,
      terminates: true,
    });
  });

  it('all three only read, and describe every parameter', () => {
    for (const tool of tools) {
      expect(tool.access, tool.name).toBe('read');
      expect(tool.description.length, tool.name).toBeGreaterThan(20);
      for (const [name, schema] of Object.entries(tool.parameters.properties ?? {})) {
        expect(schema.description?.length ?? 0, `${tool.name}.${name}`).toBeGreaterThan(10);
      }
    }
  });
});

describe.skipIf(noSharedData)(`shared tools against the reference (${skipReason})`, () => {
  it.each(['retail', 'airline'])('declare the %s schemas exactly', (domainName) => {
    const schemas = JSON.parse(
      readFileSync(shared('tau-bench', domainName, 'tool_schemas.json'), 'utf8'),
    ) as {
      name: string;
      parameters: unknown;
    }[];
    for (const tool of tools) {
      const expected = schemas.find((s) => s.name === tool.name);
      expect(withoutDescriptions({ name: tool.name, parameters: tool.parameters })).toEqual(expected);
      expect(JSON.stringify(withoutDescriptions(tool.parameters))).toBe(JSON.stringify(expected?.parameters));
    }
  });

  it('reproduce every observation of these tools in the parity vectors', () => {
    const vectors = parsePyJson(
      readFileSync(shared('parity', 'tau-bench-vectors.json'), 'utf8'),
    ) as unknown as {
      actions: { name: string; kwargs: PyDict }[];
      observations: string[];
    }[];
    let calls = 0;
    const problems: string[] = [];
    for (const c of vectors) {
      c.actions.forEach((action, i) => {
        if (!domain.tools.has(action.name)) return;
        calls++;
        const { observation } = callTool(domain, new State(domain.base), action.name, action.kwargs);
        if (observation !== c.observations[i]) problems.push(`${action.name} #${i}: got ${observation}`);
      });
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(50);
  });
});
