import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.ts';
import { createMockModelClient } from './mock-model-client.ts';
import { reply } from './scripted-response.ts';

describe('MockModelClient', () => {
  it('answers with tool calls built by reply.toolCall and reply.toolCalls', async () => {
    const client = createMockModelClient({
      replies: [
        reply.toolCall('get_order_details', '{"order_id": "#W1", "n": 1.0}', { id: 'c1' }),
        reply.toolCalls([{ name: 'a' }, { name: 'b', arguments: { x: 1 } }], { text: 'Both.' }),
      ],
    });
    const tools = [{ name: 'get_order_details', description: 'd', parameters: { type: 'object' } }];
    const first = await client.complete({ messages: [{ role: 'user', content: 'Hi' }], tools });
    expect(first.text).toBe('');
    expect(first.toolCalls).toEqual([
      { id: 'c1', name: 'get_order_details', arguments: '{"order_id": "#W1", "n": 1.0}' },
    ]);
    const second = await client.complete({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(second.text).toBe('Both.');
    expect(second.toolCalls).toEqual([
      { id: 'mock_call_1_0', name: 'a', arguments: '{}' },
      { id: 'mock_call_1_1', name: 'b', arguments: '{"x":1}' },
    ]);
    expect(client.requests[0]!.tools).toEqual(tools);
    client.assertDone();
  });

  it('answers from the script and records copies of the requests', async () => {
    const client = createMockModelClient({
      replies: ['Hi!', { text: 'Bye.', inputTokens: 7, outputTokens: 2 }],
    });
    const messages = [{ role: 'user' as const, content: 'Hello' }];
    const first = await client.complete({ system: 'Be brief.', messages, temperature: 0 });
    messages.push({ role: 'user', content: 'Still there?' });
    const second = await client.complete({ messages });
    expect(first).toEqual({
      text: 'Hi!',
      toolCalls: [],
      usage: { inputTokens: 4, outputTokens: 1, costUsd: 0 },
      attempts: 1,
    });
    expect(second.usage).toEqual({ inputTokens: 7, outputTokens: 2, costUsd: 0 });
    expect(client.requests).toEqual([
      { system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }], temperature: 0 },
      {
        messages: [
          { role: 'user', content: 'Hello' },
          { role: 'user', content: 'Still there?' },
        ],
      },
    ]);
    client.assertDone();
  });

  it('throws a scripted error, so callers can test how they handle a failing model', async () => {
    const failure = new ModelError({
      provider: 'mock',
      model: 'mock-model',
      kind: 'empty-reply',
      status: null,
      attempts: 3,
      reason: 'the model returned an empty reply',
    });
    const client = createMockModelClient({ replies: [failure] });
    await expect(client.complete({ messages: [] })).rejects.toBe(failure);
  });

  it('asks the handler once the script is used up', async () => {
    const client = createMockModelClient({
      replies: ['scripted'],
      handler: (request, index) => `#${index}: ${request.messages.at(-1)?.content}`,
    });
    await client.complete({ messages: [{ role: 'user', content: 'a' }] });
    expect((await client.complete({ messages: [{ role: 'user', content: 'b' }] })).text).toBe('#1: b');
  });

  it('is strict: an unexpected call throws, leftover replies fail assertDone', async () => {
    const client = createMockModelClient({ replies: ['only'] });
    expect(() => client.assertDone()).toThrow('1 scripted reply(s) were never requested');
    await client.complete({ messages: [] });
    await expect(client.complete({ messages: [] })).rejects.toThrow(
      'MockModelClient: call #1: no scripted reply left',
    );
    expect(() => client.assertDone()).toThrow('call #1: no scripted reply left');
  });

  it('honours an aborted signal', async () => {
    const client = createMockModelClient({ replies: ['x'] });
    await expect(client.complete({ messages: [], abortSignal: AbortSignal.abort() })).rejects.toThrow();
    expect(client.pending).toBe(1);
  });
});
