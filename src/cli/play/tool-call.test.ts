import { describe, expect, it } from 'vitest';
import type { Domain } from '../../core/domain/types.ts';
import type { ToolDefinition } from '../../core/tools/tool.ts';
import { CallCancelled } from './guided-prompt.ts';
import { Interrupted, type Prompter } from './line-input.ts';
import { callPrompter, guidedCall, rawCall } from './tool-call.ts';

/** A prompter that answers from a list (an Error in it is thrown, as Ctrl-C is) and records what was shown. */
function answering(answers: Array<string | Error>): Prompter & { shown: string[] } {
  const queue = [...answers];
  const shown: string[] = [];
  return {
    shown,
    async ask(prompt) {
      const next = queue.shift();
      if (next === undefined) throw new Error(`no answer left for ${JSON.stringify(prompt)}`);
      if (next instanceof Error) throw next;
      return next;
    },
    say(text) {
      shown.push(text);
    },
  };
}

const cancel: ToolDefinition = {
  name: 'cancel_order',
  description: 'Cancel an order.',
  access: 'write',
  parameters: {
    type: 'object',
    properties: {
      order_id: { type: 'string' },
      reason: { type: 'string', enum: ['no longer needed', 'ordered by mistake'] },
    },
    required: ['order_id', 'reason'],
  },
  invoke: () => '',
};
const list: ToolDefinition = {
  name: 'list_types',
  description: 'List the product types.',
  access: 'read',
  parameters: { type: 'object', properties: {} },
  invoke: () => '',
};
const domain = {
  name: 'shop',
  tools: new Map([
    [cancel.name, cancel],
    [list.name, list],
  ]),
} as unknown as Domain;
const commands = new Set(['/tool', '/undo', '/history', '/cancel']);

async function cancelled(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CallCancelled) return error.message;
    throw error;
  }
  throw new Error('the call was not cancelled');
}

describe('a guided tool call', () => {
  it('is confirmed before it is made', async () => {
    const io = answering(['#W1', '2', '']);
    expect(await guidedCall(domain, callPrompter(io, commands), 'cancel_order')).toEqual({
      name: 'cancel_order',
      args: '{"order_id": "#W1", "reason": "ordered by mistake"}',
    });
    expect(io.shown).toContain('→ cancel_order {"order_id": "#W1", "reason": "ordered by mistake"}');
  });

  it('is cancelled by /cancel at any question, by Ctrl-C, and by Enter twice at a required value', async () => {
    expect(
      await cancelled(guidedCall(domain, callPrompter(answering(['/cancel']), commands), 'cancel_order')),
    ).toBe('/cancel');
    const atChoice = answering(['#W1', ' /CANCEL ']);
    expect(await cancelled(guidedCall(domain, callPrompter(atChoice, commands), 'cancel_order'))).toBe(
      '/cancel',
    );
    const ctrlC = answering(['#W1', new Interrupted()]);
    expect(await cancelled(guidedCall(domain, callPrompter(ctrlC, commands), 'cancel_order'))).toBe('Ctrl-C');
    const enter = answering(['', '']);
    expect(await cancelled(guidedCall(domain, callPrompter(enter, commands), 'cancel_order'))).toBe(
      'Enter at a required value',
    );
    expect(enter.shown.join('\n')).toContain(
      'required: type a value ("" for an empty text); Enter again cancels the call',
    );
    const noTool = answering(['']);
    expect(await cancelled(guidedCall(domain, callPrompter(noTool, commands), ''))).toBe('no tool chosen');
  });

  it('refuses other commands as values instead of taking them as arguments', async () => {
    const io = answering(['/undo', '#W1', '/history', '1', 'n']);
    expect(await guidedCall(domain, callPrompter(io, commands), 'cancel_order')).toBeUndefined();
    expect(io.shown.filter((s) => s.includes('waits until this tool call is done'))).toHaveLength(2);
    expect(io.shown).toContain('Not called.');
  });
});

describe('a raw JSON tool call', () => {
  it('asks Call it? as /tool does', async () => {
    const io = answering(['y']);
    expect(await rawCall(domain, callPrompter(io, commands), 'cancel_order', '{"order_id": "#W1"}')).toEqual({
      name: 'cancel_order',
      args: '{"order_id": "#W1"}',
    });
    expect(
      await rawCall(domain, callPrompter(answering(['n']), commands), 'cancel_order', '{}'),
    ).toBeUndefined();
  });

  it('after invalid JSON, is cancelled by an empty answer or /cancel, and never reads a command as JSON', async () => {
    const empty = answering(['']);
    expect(
      await cancelled(rawCall(domain, callPrompter(empty, commands), 'cancel_order', '{"order_id": ')),
    ).toBe('no arguments given');
    expect(empty.shown.join('\n')).toContain('✗ not valid JSON');
    const command = answering(['/tool', '/cancel']);
    expect(await cancelled(rawCall(domain, callPrompter(command, commands), 'cancel_order', '{bad'))).toBe(
      '/cancel',
    );
    expect(command.shown.join('\n')).toContain('/tool waits until this tool call is done');
  });

  it('needs no arguments typed for a tool that takes none', async () => {
    expect(await rawCall(domain, callPrompter(answering(['']), commands), 'list_types', '')).toEqual({
      name: 'list_types',
      args: '{}',
    });
  });
});
