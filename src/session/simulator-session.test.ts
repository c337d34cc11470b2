import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noSharedData, repoRoot, shared, skipReason } from '../../test/support/shared-data.ts';
import type { Customer, CustomerConfig, CustomerContext, CustomerMemory } from '../core/customer/types.ts';
import { loadDomainFolder } from '../core/domain/loaders/index.ts';
import { addUsage, type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';
import { builtInToolKits } from '../domains/toolkits.ts';
import { resumeSession } from './replay.ts';
import { SIMULATOR_EVENTS, SimulatorSession } from './simulator-session.ts';

/** A customer that answers by counting, says STOP to "bye", and spends one token per reply. */
class CountingCustomer implements Customer {
  readonly config: CustomerConfig = { strategy: 'scripted', promptVersion: 'test-1' };
  private messages: CustomerMemory['messages'] = [];
  private spent: ModelUsage = ZERO_USAGE;

  async start(context: CustomerContext): Promise<string> {
    this.messages = [{ role: 'system', content: context.persona ?? context.task.instruction }];
    return this.say('hello');
  }

  async reply(agentMessage: string): Promise<string> {
    this.messages.push({ role: 'user', content: agentMessage });
    return this.say(agentMessage.includes('bye') ? 'thanks ###STOP###' : `reply ${this.messages.length}`);
  }

  memory(): CustomerMemory {
    return { strategy: 'scripted', messages: this.messages.map((m) => ({ ...m })), usage: this.spent };
  }

  restore(memory: CustomerMemory): void {
    this.messages = memory.messages.map((m) => ({ ...m }));
    this.spent = memory.usage;
  }

  usage(): ModelUsage {
    return this.spent;
  }

  private say(text: string): string {
    this.messages.push({ role: 'assistant', content: text });
    this.spent = addUsage(this.spent, { inputTokens: 1, outputTokens: 1, costUsd: 0 });
    return text;
  }
}

const miniShop = () => loadDomainFolder(join(repoRoot, 'test/fixtures/domains/mini-shop'), builtInToolKits);

describe('SimulatorSession', () => {
  it('plays a task to the end and scores it, recording every message and event', async () => {
    const session = new SimulatorSession({
      domain: await miniShop(),
      split: 'test',
      taskIndex: 0,
      customer: new CountingCustomer(),
    });
    const events: string[] = [];
    for (const name of SIMULATOR_EVENTS) {
      session.on(name, () => events.push(name));
    }
    expect(await session.start()).toBe('hello');
    expect(session.callTool('get_order', { order_id: 'o100' }).observation).toBe('o100: open, total 40');
    session.callTool('cancel_order', '{"order_id": "o100", "reason": "no longer needed"}');
    const end = await session.respondToUser('Cancelled, bye!');
    expect(end).toEqual({
      observation: 'thanks ###STOP###',
      done: true,
      reward: 1,
      rewardInfo: expect.objectContaining({ r_actions: 1 }),
    });
    expect(events).toEqual([
      'session-start',
      'user-message',
      'tool-call',
      'tool-result',
      'tool-call',
      'tool-result',
      'agent-message',
      'user-message',
      'session-end',
    ]);
    const result = session.getFinalResult();
    expect(result.endReason).toBe('user-stop');
    expect(result.stateDiff).toEqual([]);
    expect(result.usage.customer.outputTokens).toBe(2);
    const trajectory = session.toTrajectory();
    expect(trajectory.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
    expect(trajectory.reward?.reward).toBe(1);
    await expect(session.respondToUser('again?')).rejects.toThrow(/has ended/);
  });

  it('undo and rollback restore the data, the customer memory and the history exactly', async () => {
    const customer = new CountingCustomer();
    const domain = await miniShop();
    const session = new SimulatorSession({ domain, split: 'test', taskIndex: 0, customer });
    await session.start();
    const fresh = {
      hash: session.stateHash(),
      memory: customer.memory(),
      history: [...session.history],
    };
    await session.respondToUser('Which order?');
    const afterFirst = {
      hash: session.stateHash(),
      memory: customer.memory(),
      history: [...session.history],
    };
    session.callTool('cancel_order', { order_id: 'o100', reason: 'ordered by mistake' });
    await session.respondToUser('Done.');
    expect(session.undo()?.name).toBe('respond');
    session.undo();
    expect({
      hash: session.stateHash(),
      memory: customer.memory(),
      history: [...session.history],
    }).toEqual(afterFirst);
    session.callTool('cancel_order', { order_id: 'o100', reason: 'ordered by mistake' });
    session.rollbackTo(session.history[0]!.id);
    expect({
      hash: session.stateHash(),
      memory: customer.memory(),
      history: [...session.history],
    }).toEqual(fresh);
    await expect(session.respondToUser('Which order?')).resolves.toEqual({
      observation: 'reply 3',
      done: false,
    });
    expect(() => session.rollbackTo('m999')).toThrow(/no message "m999"/);
  });

  it('reports no reward for a custom persona, and ends at the turn cap with the reason', async () => {
    const persona = new SimulatorSession({
      domain: await miniShop(),
      split: 'test',
      taskIndex: 0,
      customer: new CountingCustomer(),
      persona: 'You want to chat.',
    });
    await persona.start();
    expect(persona.abandon().reward).toEqual({
      reward: null,
      info: null,
      breakdown: null,
      note: expect.stringMatching(/not applicable/),
    });
    const capped = new SimulatorSession({
      domain: await miniShop(),
      split: 'test',
      taskIndex: 0,
      customer: new CountingCustomer(),
      maxTurns: 2,
    });
    await capped.start();
    capped.callTool('get_order', { order_id: 'o100' });
    const last = capped.callTool('get_order', { order_id: 'o101' });
    expect(last.done).toBe(true);
    expect(capped.getFinalResult().endReason).toBe('turn-limit');
    // Resumed, it is the same ended episode: its reward (whose note names the cap of 2) and times.
    const record = JSON.parse(JSON.stringify(capped.toTrajectory()));
    expect(record.reward.note).toMatch(/2/);
    const resumed = await resumeSession(record, await miniShop(), new CountingCustomer());
    expect(resumed.toTrajectory()).toMatchObject({
      reward: record.reward,
      endReason: 'turn-limit',
      startedAt: record.startedAt,
      endedAt: record.endedAt,
    });
  });

  it('a reply that fails leaves nothing behind: memory, history and message ids as before', async () => {
    const customer = new CountingCustomer();
    const session = new SimulatorSession({ domain: await miniShop(), split: 'test', taskIndex: 0, customer });
    await session.start();
    const memory = customer.memory();
    const original = customer.reply.bind(customer);
    customer.reply = async () => {
      throw new Error('the model is down');
    };
    await expect(session.respondToUser('Are you there?')).rejects.toThrow('the model is down');
    expect(customer.memory()).toEqual(memory);
    expect(session.history.map((m) => m.id)).toEqual(['m1']);
    customer.reply = original;
    await session.respondToUser('Are you there?');
    expect(session.history.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    session.abandon();
    await expect(session.start()).rejects.toThrow(/already started/);
    expect(() => session.undo()).toThrow(/the session was abandoned/);
    expect(() => session.rollbackTo('m1')).toThrow(/the session was abandoned/);
    expect(session.history.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    const unstarted = new SimulatorSession({
      domain: await miniShop(),
      split: 'test',
      taskIndex: 0,
      customer,
    });
    unstarted.abandon();
    await expect(unstarted.start()).rejects.toThrow(/the session has ended \(abandoned\)/);
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const domain = await miniShop();
    expect(
      () => new SimulatorSession({ domain, split: 'test', taskIndex: 5, customer: new CountingCustomer() }),
    ).toThrow('task index 5 is out of range: split "test" has tasks 0 to 0');
    expect(
      () => new SimulatorSession({ domain, split: 'nope', taskIndex: 0, customer: new CountingCustomer() }),
    ).toThrow(/has no split "nope"; it has: test, train/);
    const session = new SimulatorSession({
      domain,
      split: 'test',
      taskIndex: 0,
      customer: new CountingCustomer(),
    });
    expect(() => session.callTool('get_order', {})).toThrow(/call start\(\) first/);
    await session.start();
    expect(() => session.callTool('get_order', '{"order_id": ')).toThrow(/not valid JSON/);
    await expect(session.respondToUser('   ')).rejects.toThrow(/empty/);
    expect(session.history).toHaveLength(1);
  });
});

describe.skipIf(noSharedData)(`resuming a trajectory (${skipReason})`, () => {
  it('continues a half-finished retail episode with identical state and customer memory', async () => {
    const domain = await loadDomainFolder(shared('tau-bench/retail'), builtInToolKits);
    const customer = new CountingCustomer();
    const session = new SimulatorSession({ domain, split: 'test', taskIndex: 0, customer });
    await session.start();
    const actions = session.task.actions;
    for (const a of actions.slice(0, -1))
      session.callTool(
        a.name,
        JSON.parse(JSON.stringify(a.kwargs, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))),
      );
    await session.respondToUser('One moment please.');
    const record = JSON.parse(JSON.stringify(session.toTrajectory()));
    const resumedCustomer = new CountingCustomer();
    const resumed = await resumeSession(record, domain, resumedCustomer);
    expect(resumed.stateHash()).toBe(session.stateHash());
    expect(resumedCustomer.memory()).toEqual(customer.memory());
    expect(resumed.history).toEqual(session.history);
    // Still running, since the time it started.
    expect(resumed.toTrajectory()).toMatchObject({
      startedAt: record.startedAt,
      endedAt: null,
      reward: null,
    });
    const last = actions.at(-1)!;
    const args = JSON.stringify(last.kwargs, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
    expect(resumed.callTool(last.name, args)).toEqual(session.callTool(last.name, args));
    // The provisional result follows the data as it is now, not as it was when resumed.
    expect(resumed.getFinalResult().reward).toEqual(session.getFinalResult().reward);
    expect(await resumed.respondToUser('All done, bye')).toEqual(
      await session.respondToUser('All done, bye'),
    );
    expect(resumed.getFinalResult().reward.reward).toBe(1);
    await expect(
      resumeSession({ ...record, schemaVersion: 99 }, domain, new CountingCustomer()),
    ).rejects.toThrow(/schemaVersion/);
  });
});
