// Message times and "regenerate the customer's last reply with a note", through the library: a model
// customer (the mock model client) on the mini-shop fixture domain; the record keeps what was replaced,
// a resume rebuilds it, and the preference pairs of the exports leave it out.
import { describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import { ConflictError, InputError, ModelError } from '../src/core/errors.ts';
import { decisionPairs } from '../src/exports/pairs.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { resumeSession } from '../src/session/replay.ts';
import { SimulatorSession } from '../src/session/simulator-session.ts';
import { MockModelClient } from '../src/testing/index.ts';
import { LlmCustomer, ScriptedCustomer } from '../src/users/index.ts';
import { customerConfig } from '../src/users/strategies.ts';
import { tempDir } from './support/temp-dir.ts';

const registry = new DomainRegistry({ data: 'test/fixtures/domains/mini-shop', home: tempDir('regenerate') });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function modelSession(model: MockModelClient) {
  const customer = new LlmCustomer(customerConfig('llm', { provider: 'mock', model: 'mock-model' }), model);
  const session = new SimulatorSession({
    domain: await registry.get('mini-shop'),
    split: 'test',
    taskIndex: 0,
    customer,
  });
  return { session, customer };
}

describe('message times', () => {
  it('every message carries the UTC time it was made, and a resumed record keeps them', async () => {
    const model = new MockModelClient({ replies: ['Hi, cancel order o100 please.', 'ada@example.org'] });
    const { session } = await modelSession(model);
    await session.start();
    session.callTool('get_order', { order_id: 'o100' });
    await session.respondToUser('Which email is on the account?');
    const record = session.toTrajectory();
    const [policy, ...messages] = record.messages;
    expect(policy?.at).toBeUndefined();
    expect(messages).toHaveLength(5);
    for (const m of messages) expect(m.at).toMatch(ISO);
    const times = messages.map((m) => Date.parse(m.at!));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const resumed = await resumeSession(
      JSON.parse(JSON.stringify(record)),
      await registry.get('mini-shop'),
      new LlmCustomer(
        customerConfig('llm', { provider: 'mock', model: 'mock-model' }),
        new MockModelClient(),
      ),
    );
    expect(resumed.toTrajectory().messages).toEqual(record.messages);
  });
});

describe('regenerating the customer last reply', () => {
  it('replaces the reply, restores the memory before it, gives the note to that call only, and records it', async () => {
    const model = new MockModelClient({
      replies: ['Hi, cancel order o100 please.', 'Sure, it is ada@example.org.', 'Why do you need it?'],
    });
    const { session, customer } = await modelSession(model);
    await session.start();
    await session.respondToUser('Which email is on the account?');
    const memoryBefore = session.toTrajectory().customerMemory!;
    const agentId = session.history[1]!.id;
    const replacedId = session.history[2]!.id;

    const outcome = await session.regenerateReply('  be less cooperative  ');
    expect(outcome.observation).toBe('Why do you need it?');
    // The regeneration call saw the conversation up to the agent's message, and the note.
    const call = model.requests.at(-1)!;
    expect(call.system).toContain('<note>\nbe less cooperative\n</note>');
    expect(call.messages.at(-1)).toEqual({ role: 'user', content: 'Which email is on the account?' });
    expect(call.messages.map((m) => m.content)).not.toContain('Sure, it is ada@example.org.');

    const history = session.history;
    expect(history).toHaveLength(3);
    expect(history[1]!.id).toBe(agentId);
    expect(history[2]).toMatchObject({ role: 'user', content: 'Why do you need it?' });
    expect(history[2]!.id).not.toBe(replacedId);
    // The memory holds the new reply in place of the old one, and no note.
    const memory = customer.memory();
    expect(memory.messages.length).toBe(memoryBefore.messages.length);
    expect(memory.messages.at(-1)).toEqual({ role: 'assistant', content: 'Why do you need it?' });
    expect(JSON.stringify(memory)).not.toContain('less cooperative');

    const record = TrajectorySchema.parse(session.toTrajectory());
    expect(record.regenerated).toEqual([
      {
        after: agentId,
        replaced: expect.objectContaining({
          id: replacedId,
          role: 'user',
          content: 'Sure, it is ada@example.org.',
        }),
        note: 'be less cooperative',
        at: expect.stringMatching(ISO),
      },
    ]);
    expect(record.regenerated?.[0]?.at).toBe(history[2]!.at);
    // Not preference data about the agent: no pair comes from it.
    expect([...decisionPairs(record)]).toEqual([]);

    // A resumed record has the new reply and keeps what was replaced; its next id follows both.
    const resumed = await resumeSession(
      JSON.parse(JSON.stringify(record)),
      await registry.get('mini-shop'),
      new LlmCustomer(
        customerConfig('llm', { provider: 'mock', model: 'mock-model' }),
        new MockModelClient({ replies: ['ada@example.org'] }),
      ),
    );
    expect(resumed.toTrajectory().messages).toEqual(record.messages);
    expect(resumed.toTrajectory().regenerated).toEqual(record.regenerated);
    await resumed.respondToUser('Please tell me the email.');
    const ids = resumed.history.map((m) => m.id);
    expect(new Set([...ids, replacedId]).size).toBe(ids.length + 1);
  });

  it('a failed regeneration changes nothing', async () => {
    const failure = new ModelError({
      provider: 'mock',
      model: 'mock-model',
      kind: 'http',
      status: 500,
      attempts: 1,
      reason: 'down',
    });
    const model = new MockModelClient({ replies: ['Hi.', 'My email is ada@example.org.', failure] });
    const { session, customer } = await modelSession(model);
    await session.start();
    await session.respondToUser('Your email?');
    const before = { trajectory: session.toTrajectory(), memory: customer.memory() };
    await expect(session.regenerateReply('shorter')).rejects.toThrow(ModelError);
    expect(session.toTrajectory()).toEqual(before.trajectory);
    expect(customer.memory()).toEqual(before.memory);
  });

  it('refuses clearly when the last message is not a customer reply, or the customer is not a model', async () => {
    const model = new MockModelClient({ replies: ['Hi.'] });
    const { session } = await modelSession(model);
    await expect(session.regenerateReply()).rejects.toThrow(/has not started/);
    await session.start();
    await expect(session.regenerateReply()).rejects.toThrow(
      /the last message is the customer's opening, not the customer's reply to an agent message/,
    );
    session.callTool('get_order', { order_id: 'o100' });
    const error = await session.regenerateReply().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/the last message is a tool result/);
    await expect(session.regenerateReply('x'.repeat(2001))).rejects.toThrow(InputError);

    const scripted = new SimulatorSession({
      domain: await registry.get('mini-shop'),
      split: 'test',
      taskIndex: 0,
      customer: new ScriptedCustomer(customerConfig('scripted')),
    });
    await scripted.start();
    await scripted.respondToUser('Which email is on the account?');
    const before = scripted.toTrajectory();
    await expect(scripted.regenerateReply()).rejects.toThrow(
      /the scripted customer cannot write its reply again: .*a script gives the same reply every time.*llm, react, verify, reflection/,
    );
    expect(scripted.toTrajectory()).toEqual(before);
  });
});
