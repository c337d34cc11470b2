import { describe, expect, it } from 'vitest';
import type { TrajectoryMessage } from '../contracts/trajectory.ts';
import { ModelError } from '../core/errors.ts';
import { modelMessages, readModelAnswer } from './model-answer.ts';

const model = { provider: 'mock', model: 'm' };

describe('reading a model answer', () => {
  it('takes the text as a message to the customer, exactly', () => {
    expect(readModelAnswer({ text: ' Hello!\n', toolCalls: [], attempts: 1 }, model)).toEqual({
      action: { type: 'reply', content: ' Hello!\n' },
      raw: ' Hello!\n',
    });
    expect(readModelAnswer({ text: 'No calls field.', attempts: 1 }, model).action.type).toBe('reply');
  });

  it('takes the first tool call, arguments as written, and keeps every call and the text in raw', () => {
    const toolCalls = [
      { id: 'a', name: 'get_order_details', arguments: '{"order_id": "#W1", "n": 1.0}' },
      { id: 'b', name: 'cancel_pending_order', arguments: '{}' },
    ];
    const { action, raw } = readModelAnswer({ text: 'Checking.', toolCalls, attempts: 1 }, model);
    expect(action).toEqual({
      type: 'tool_call',
      name: 'get_order_details',
      arguments: '{"order_id": "#W1", "n": 1.0}',
    });
    expect(JSON.parse(raw)).toEqual({ content: 'Checking.', tool_calls: toolCalls });
  });

  it('keeps malformed arguments as they are: the domain refuses them as the tool call', () => {
    const toolCalls = [{ id: 'a', name: 'f', arguments: '{"broken": ' }];
    expect(readModelAnswer({ text: '', toolCalls, attempts: 1 }, model).action).toEqual({
      type: 'tool_call',
      name: 'f',
      arguments: '{"broken": ',
    });
  });

  it('fails as an empty reply when there is neither text nor a call', () => {
    let error: unknown;
    try {
      readModelAnswer({ text: '  ', toolCalls: [], attempts: 3 }, model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'empty-reply', attempts: 3, provider: 'mock' });
  });
});

describe('the conversation as a model sees it', () => {
  it('maps customer messages, agent replies, tool calls and results, leaving the policy out', () => {
    const history: TrajectoryMessage[] = [
      { id: 'm0', role: 'system', content: 'policy' },
      { id: 'm1', role: 'user', content: 'Hi' },
      { id: 'm2', role: 'assistant', content: 'Hello', author: 'model' },
      {
        id: 'm3',
        role: 'assistant',
        content: null,
        author: 'model-edited',
        tool_calls: [{ id: 'call_4', type: 'function', function: { name: 'f', arguments: '{"a": 1.0}' } }],
      },
      { id: 'm4', role: 'tool', tool_call_id: 'call_4', name: 'f', content: 'ok' },
    ];
    expect(modelMessages(history)).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_4', name: 'f', arguments: '{"a": 1.0}' }] },
      { role: 'tool', toolCallId: 'call_4', name: 'f', content: 'ok' },
    ]);
  });
});
