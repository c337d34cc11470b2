import { describe, expect, it } from 'vitest';
import type { TrajectoryMessage } from '../contracts/trajectory.ts';
import { ReplayAgent } from './replay-agent.ts';
import type { AgentContext } from './types.ts';

const call = (id: string, name: string, args: string): TrajectoryMessage => ({
  id,
  role: 'assistant',
  content: null,
  author: 'human',
  tool_calls: [{ id: `c_${id}`, type: 'function', function: { name, arguments: args } }],
});

const RECORDING: TrajectoryMessage[] = [
  { id: 'm0', role: 'system', content: 'policy' },
  { id: 'm1', role: 'user', content: 'Hi, cancel my order.' },
  { id: 'm2', role: 'assistant', content: 'Your name and zip code?', author: 'human' },
  { id: 'm3', role: 'user', content: 'Bruno Haddad, 99219.' },
  call('m4', 'find_user_id_by_name_zip', '{"zip": "99219", "x": 1.0}'),
  { id: 'm5', role: 'tool', tool_call_id: 'c_m4', name: 'find_user_id_by_name_zip', content: 'bruno' },
];

const context = (history: TrajectoryMessage[]): AgentContext => ({ history, tools: [], policy: 'policy' });

describe('ReplayAgent', () => {
  it('gives back the recorded agent turns in order, arguments exactly as recorded', async () => {
    const agent = new ReplayAgent({ messages: RECORDING });
    expect(agent.length).toBe(2);
    expect(agent.config).toEqual({ kind: 'replay', promptVersion: 'replay-1' });
    const first = await agent.next(context(RECORDING.slice(1, 2)));
    expect(first).toEqual({
      action: { type: 'reply', content: 'Your name and zip code?' },
      raw: 'Your name and zip code?',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    });
    const second = await agent.next(context(RECORDING.slice(1, 4)));
    expect(second.action).toEqual({
      type: 'tool_call',
      name: 'find_user_id_by_name_zip',
      arguments: '{"zip": "99219", "x": 1.0}',
    });
  });

  it('follows the conversation it is given, so an undone turn is given again', async () => {
    const agent = new ReplayAgent(RECORDING);
    await agent.next(context(RECORDING.slice(1, 4)));
    const again = await agent.next(context(RECORDING.slice(1, 2)));
    expect(again.action).toEqual({ type: 'reply', content: 'Your name and zip code?' });
  });

  it('fails clearly when the recording runs out', async () => {
    const agent = new ReplayAgent(RECORDING);
    await expect(agent.next(context(RECORDING.slice(1)))).rejects.toThrow(
      'the recording has run out: it has 2 agent turn(s), and all of them have been played',
    );
  });

  it('refuses a recording with no agent turn, or an empty one', () => {
    expect(() => new ReplayAgent(RECORDING.slice(0, 2))).toThrow(/at least one agent turn/);
    expect(() => new ReplayAgent([{ id: 'm2', role: 'assistant', content: '  ', author: 'model' }])).toThrow(
      'recorded agent message m2 is empty: it has neither text nor a tool call',
    );
  });
});
