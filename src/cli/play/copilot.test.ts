import { describe, expect, it } from 'vitest';
import { copilotRequest, parseProposal } from './copilot.ts';

describe('copilot proposals', () => {
  it('reads the asked forms, fenced or inside prose', () => {
    expect(parseProposal('{"type": "reply", "content": "Hello!"}')).toEqual({
      type: 'reply',
      content: 'Hello!',
    });
    expect(
      parseProposal(
        'Here you go:\n```json\n{"type": "tool_call", "name": "get_order_details", "arguments": {"order_id": "#W1"}}\n```',
      ),
    ).toEqual({ type: 'tool_call', name: 'get_order_details', arguments: '{"order_id": "#W1"}' });
  });

  it('accepts close variants and keeps floats as written', () => {
    expect(parseProposal('{"tool": "calc", "args": {"x": 1.0}}')).toEqual({
      type: 'tool_call',
      name: 'calc',
      arguments: '{"x": 1.0}',
    });
    expect(parseProposal('{"function": {"name": "f", "arguments": "{\\"a\\": 1}"}}')).toEqual({
      type: 'tool_call',
      name: 'f',
      arguments: '{"a": 1}',
    });
    expect(parseProposal('{"reply": "Hi {there}"}')).toEqual({ type: 'reply', content: 'Hi {there}' });
  });

  it('takes an answer with no readable object as a reply', () => {
    expect(parseProposal('  Ask for the zip code.  ')).toEqual({
      type: 'reply',
      content: 'Ask for the zip code.',
    });
    expect(parseProposal('{"broken": ')).toEqual({ type: 'reply', content: '{"broken":' });
  });

  it('lays the conversation and the intent out as one message', () => {
    const text = copilotRequest(
      [
        { id: 'm1', role: 'user', content: 'Hi' },
        {
          id: 'm2',
          role: 'assistant',
          content: null,
          author: 'human',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { id: 'm3', role: 'tool', tool_call_id: 'c', name: 'f', content: 'ok' },
      ],
      'greet them',
    );
    expect(text).toBe(
      'Conversation so far:\ncustomer: Hi\nagent called f with {}\nf returned: ok\n\nWhat the agent wants to do next: greet them',
    );
  });
});
