import { describe, expect, it } from 'vitest';
import { HumanAgent } from './human-agent.ts';
import type { AgentContext } from './types.ts';

const context: AgentContext = { history: [], tools: [], policy: 'p' };

describe('HumanAgent', () => {
  it("gives the person's action, at no cost", async () => {
    const seen: AgentContext[] = [];
    const agent = new HumanAgent(async (c) => {
      seen.push(c);
      return { type: 'tool_call', name: 'f', arguments: '{"a": 1}' };
    });
    expect(await agent.next(context)).toEqual({
      action: { type: 'tool_call', name: 'f', arguments: '{"a": 1}' },
      raw: 'f {"a": 1}',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    });
    expect(seen).toEqual([context]);
    expect(agent.config.kind).toBe('human');
  });

  it('refuses an empty message, a nameless call and something that is not an action', async () => {
    const answer = (value: unknown) => new HumanAgent(async () => value as never).next(context);
    await expect(answer({ type: 'reply', content: ' ' })).rejects.toThrow(
      'the message to the customer is empty',
    );
    await expect(answer({ type: 'tool_call', name: '', arguments: '{}' })).rejects.toThrow(
      'the tool name is empty',
    );
    await expect(answer({ type: 'tool_call', name: 'f', arguments: {} })).rejects.toThrow(
      /an action is \{"type": "reply"/,
    );
  });
});
