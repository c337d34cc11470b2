import { describe, expect, it } from 'vitest';
import type { Domain } from '../../core/domain/types.ts';
import { pyDumps } from '../../core/python/index.ts';
import type { ToolDefinition } from '../../core/tools/tool.ts';
import { askToolArguments, chooseTool, parseArgumentsText, parseScalar } from './guided-prompt.ts';
import type { Prompter } from './line-input.ts';

/** A prompter that answers from a list and records what was shown. */
function answering(answers: string[]): Prompter & { shown: string[]; prompts: string[] } {
  const queue = [...answers];
  const shown: string[] = [];
  const prompts: string[] = [];
  return {
    shown,
    prompts,
    async ask(prompt) {
      prompts.push(prompt);
      const next = queue.shift();
      if (next === undefined) throw new Error(`no answer left for ${JSON.stringify(prompt)}`);
      return next;
    },
    say(text) {
      shown.push(text);
    },
  };
}

function tool(parameters: ToolDefinition['parameters']): ToolDefinition {
  return { name: 't', description: 'd', access: 'write', parameters, invoke: () => '' };
}

const booking = tool({
  type: 'object',
  properties: {
    note: { type: 'string', description: 'optional note' },
    cabin: { type: 'string', enum: ['basic_economy', 'economy', 'business'] },
    bags: { type: 'integer' },
    amount: { type: 'number' },
    insured: { type: 'boolean' },
    item_ids: { type: 'array', items: { type: 'string' } },
    passengers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { first_name: { type: 'string' }, dob: { type: 'string' } },
        required: ['first_name', 'dob'],
      },
    },
  },
  required: ['cabin', 'bags', 'amount', 'insured', 'item_ids', 'passengers'],
});

describe('guided tool prompts', () => {
  it('asks required fields first, re-asks invalid values, builds the arguments in schema order', async () => {
    const io = answering([
      'first', // cabin: not a choice
      '4', // out of range
      '2', // economy
      'two', // bags: not a number
      '2.5', // not whole
      '3',
      'abc', // amount
      '12.0',
      'maybe', // insured
      'yes',
      '1008292230', // item_ids, item by item
      '2468',
      '',
      '', // passengers: item by item
      'Noah',
      '',
      '1990-01-01',
      'y',
      'Ada',
      '1991-02-02',
      'n',
      '', // note: optional, skipped
    ]);
    const args = await askToolArguments(booking, io);
    expect(pyDumps(args)).toBe(
      '{"cabin": "economy", "bags": 3, "amount": 12.0, "insured": true, "item_ids": ["1008292230", "2468"], "passengers": [{"first_name": "Noah", "dob": "1990-01-01"}, {"first_name": "Ada", "dob": "1991-02-02"}]}',
    );
    const errors = io.shown.filter((s) => s.includes('✗'));
    expect(errors).toHaveLength(7);
    expect(errors[0]).toContain('choose a number from 1 to 3, or type one of the values');
    expect(errors[2]).toContain('bags must be a whole number, e.g. 2 (got "two")');
    expect(errors[4]).toContain('amount must be a number');
    expect(errors[5]).toContain('answer yes or no');
    expect(errors[6]).toContain('required: type a value');
    expect(io.prompts).toContain('  passengers[1].first_name › ');
    expect(io.prompts.at(-1)).toBe('  note › ');
  });

  it('takes lists as JSON, refusing ones that do not fit the schema', async () => {
    const io = answering([
      'economy',
      '0',
      '7',
      'no',
      '[1, 2]', // item_ids must hold strings
      '["a", "b"]',
      '[{"first_name": "Noah"}]', // dob missing
      '[{"first_name": "Noah", "dob": "1990-01-01"}]',
      'a note',
    ]);
    const args = await askToolArguments(booking, io);
    expect(args.item_ids).toEqual(['a', 'b']);
    expect(args.amount).toBe(7n);
    expect(args.note).toBe('a note');
    const errors = io.shown.filter((s) => s.includes('✗'));
    expect(errors[0]).toContain("argument 'item_ids[0]' must be a string, got 1");
    expect(errors[1]).toContain("missing required argument 'passengers[0].dob'");
  });

  it('reads typed scalars as JSON would', () => {
    expect(parseScalar({ type: 'integer' }, ' 12 ')).toEqual({ value: 12n });
    expect(parseScalar({ type: 'number' }, '12')).toEqual({ value: 12n });
    expect(parseScalar({ type: 'number' }, '12.50')).toEqual({ value: 12.5 });
    expect(parseScalar({ type: 'number' }, 'Infinity')).toHaveProperty('error');
    expect(parseScalar({ type: 'string' }, '""')).toEqual({ value: '' });
    expect(parseScalar({ type: 'string' }, '#W1')).toEqual({ value: '#W1' });
    expect(parseScalar({ type: 'boolean' }, 'N')).toEqual({ value: false });
  });

  it('chooses a tool by number or name, asking again for an unknown one', async () => {
    const a = tool({ type: 'object', properties: {} });
    const b = { ...a, name: 'b' };
    const domain = {
      name: 'd',
      tools: new Map([
        ['t', a],
        ['b', b],
      ]),
    } as unknown as Domain;
    const io = answering(['nope', '2']);
    expect((await chooseTool(domain, io)).name).toBe('b');
    expect(io.shown.some((s) => s.includes('choose a number from 1 to 2'))).toBe(true);
    const unknown = answering(['t']);
    expect((await chooseTool(domain, unknown, 'zz')).name).toBe('t');
    expect(unknown.shown[0]).toContain('no tool "zz" in d');
    expect((await chooseTool(domain, answering([]), 't')).name).toBe('t');
    expect(await askToolArguments(a, answering([]))).toEqual({});
  });

  it('parses raw arguments as a JSON object', () => {
    expect(parseArgumentsText('')).toEqual({ value: {} });
    expect(parseArgumentsText('[1]')).toEqual({ error: 'the arguments must be a JSON object' });
    expect(parseArgumentsText('{"a": ')).toHaveProperty('error');
  });
});
