import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../test/support/shared-data.ts';
import { ConflictError, InputError } from '../core/errors.ts';
import { adaContext } from './fake-model.test-helper.ts';
import { ReplayCustomer } from './replay-customer.ts';
import { customerConfig } from './strategies.ts';
import { customerTurnsFromTraj } from './trajectory-turns.ts';

const config = customerConfig('replay');

describe('customerTurnsFromTraj', () => {
  it('takes the user messages of an OpenAI-style conversation, in order', () => {
    const traj = [
      { role: 'system', content: 'policy' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1' }] },
      { role: 'tool', tool_call_id: 'c1', content: '{}' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye ###STOP###' },
    ];
    expect(customerTurnsFromTraj(traj)).toEqual(['Hi', 'Bye ###STOP###']);
  });

  it('rejects what is not a conversation, naming the message', () => {
    expect(() => customerTurnsFromTraj({})).toThrow(InputError);
    expect(() => customerTurnsFromTraj([{ content: 'x' }])).toThrow(
      'message 0 of the recorded conversation has no "role"',
    );
    expect(() => customerTurnsFromTraj([{ role: 'user', content: null }])).toThrow('message 0');
  });
});

describe('ReplayCustomer', () => {
  it('says the recorded turns whatever the agent writes, then stops', async () => {
    const customer = new ReplayCustomer(config, ['Hi, I need help.', 'My id is ada_park_1234.']);
    expect(await customer.start(adaContext())).toBe('Hi, I need help.');
    expect(await customer.reply('Anything at all')).toBe('My id is ada_park_1234.');
    expect(await customer.reply('Done?')).toBe('###STOP###');
    expect(await customer.reply('Still there?')).toBe('###STOP###');
    expect(customer.usage()).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('restores its position exactly, and only into a replay of the same turns', async () => {
    const turns = ['one', 'two', 'three ###STOP###'];
    const customer = new ReplayCustomer(config, turns);
    await customer.start(adaContext());
    const saved = customer.memory();
    expect(await customer.reply('a')).toBe('two');
    customer.restore(saved);
    expect(customer.memory()).toEqual(saved);
    expect(await customer.reply('a')).toBe('two');
    const fresh = new ReplayCustomer(config, turns);
    fresh.restore(JSON.parse(JSON.stringify(customer.memory())));
    expect(await fresh.reply('b')).toBe('three ###STOP###');
    expect(() => new ReplayCustomer(config, ['other']).restore(saved)).toThrow('another conversation');
  });

  it('needs turns, and a start before replies', async () => {
    expect(() => new ReplayCustomer(config, [])).toThrow(InputError);
    expect(() => new ReplayCustomer(config, ['ok', ' '])).toThrow('turn 1 is empty');
    await expect(new ReplayCustomer(config, ['x']).reply('hi')).rejects.toThrow(ConflictError);
  });

  it.skipIf(noSharedData)(
    `reproduces the customer side of all 100 recorded tau-bench airline conversations ${noSharedData ? skipReason : ''}`,
    async () => {
      const records = JSON.parse(
        readFileSync(shared('trajectories', 'tau-bench-gpt-4o-airline-trials-0-1.json'), 'utf8'),
      ) as Array<{ traj: Array<{ role: string; content: string | null; tool_calls?: unknown[] }> }>;
      expect(records).toHaveLength(100);
      let replies = 0;
      for (const record of records) {
        const turns = customerTurnsFromTraj(record.traj);
        const customer = new ReplayCustomer(config, turns);
        const said = [await customer.start(adaContext())];
        // Each agent message to the customer (text, no tool calls) gets the next customer turn.
        for (const message of record.traj) {
          if (
            message.role === 'assistant' &&
            message.tool_calls === undefined &&
            said.length < turns.length
          ) {
            said.push(await customer.reply(message.content ?? ''));
            replies++;
          }
        }
        const customerSide = record.traj.filter((m) => m.role === 'user').map((m) => m.content);
        expect(said).toEqual(customerSide);
        if (!said.at(-1)!.includes('###STOP###'))
          expect(await customer.reply('Anything else?')).toBe('###STOP###');
      }
      expect(replies).toBeGreaterThan(500);
    },
  );
});
