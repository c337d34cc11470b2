// The scripted customer (scripted-2) in real episodes on built-in retail task 0, whose goal is to
// cancel order #W1392577: it does not leave while its request is open, whatever the agent says.
import { describe, expect, it } from 'vitest';
import { SimulatorCore } from '../src/session/index.ts';
import { ScriptedCustomer } from '../src/users/scripted/scripted-customer.ts';
import { customerConfig } from '../src/users/strategies.ts';

const STOP = '###STOP###';
const ORDER = '#W1392577';

function episode() {
  return new SimulatorCore({
    envName: 'retail',
    taskIndex: 0,
    userStrategy: 'scripted',
    env: {},
    home: '/nonexistent-sigma-home',
  });
}

async function cancelForReal(sim: SimulatorCore) {
  await sim.callTool('find_user_id_by_name_zip', { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' });
  await sim.callTool('cancel_pending_order', { order_id: ORDER, reason: 'no longer needed' });
}

describe('the scripted customer with a goal', () => {
  it('keeps asking an agent that does nothing, and says its request again, reworded', async () => {
    const sim = episode();
    await sim.start();
    const replies: string[] = [];
    for (let i = 0; i < 6; i++)
      replies.push((await sim.respondToUser('Is there anything else I can help with?')).observation);
    expect(sim.isDone).toBe(false);
    for (const reply of replies) {
      expect(reply).not.toContain(STOP);
      expect(reply).toContain(ORDER);
    }
    expect(new Set(replies).size).toBeGreaterThan(1);
  });

  it('does not believe an agent that says it cancelled the order when it did not', async () => {
    const sim = episode();
    await sim.start();
    const lie = await sim.respondToUser(`I have cancelled your order ${ORDER}. Anything else?`);
    expect(lie.observation).not.toContain(STOP);
    expect(lie.observation).toMatch(
      /doesn't look done|don't think that has gone through|nothing has changed/,
    );
    await cancelForReal(sim);
    const truth = await sim.respondToUser(`Your order ${ORDER} is now cancelled. Anything else?`);
    expect(truth.observation).toContain(STOP);
    expect(sim.getFinalResult().reward.reward).toBe(1);
  });

  it('still checks its goal when its episode is resumed from a record', async () => {
    const sim = episode();
    await sim.start();
    await sim.respondToUser('Hello! How can I help?');
    const resumed = await SimulatorCore.fromTrajectory(sim.toTrajectory(), {
      env: {},
      home: '/nonexistent-sigma-home',
    });
    const lie = await resumed.respondToUser(`I have cancelled your order ${ORDER}. Anything else?`);
    expect(lie.observation).not.toContain(STOP);
    await cancelForReal(resumed);
    const truth = await resumed.respondToUser(`Your order ${ORDER} is now cancelled. Anything else?`);
    expect(truth.observation).toContain(STOP);
    expect(resumed.getFinalResult().reward.reward).toBe(1);
  });

  it('asks again after a refusal and accepts a second one', async () => {
    const sim = episode();
    await sim.start();
    const first = await sim.respondToUser('I am sorry, but I cannot cancel that order.');
    expect(first.observation).not.toContain(STOP);
    expect(first.observation).toContain(ORDER);
    const second = await sim.respondToUser('I checked again: it is not possible to cancel it.');
    expect(second.observation).toContain(STOP);
    expect(sim.isDone).toBe(true);
  });

  it('answers an open question with its request', async () => {
    const sim = episode();
    await sim.start();
    const reply = await sim.respondToUser('Hello! How can I help you today?');
    expect(reply.observation).toContain(`cancel order ${ORDER}`);
  });

  it('keeps scripted-1 as it was: it leaves on "Anything else?" even when its goal is open', async () => {
    const sim = episode();
    await sim.start();
    const context = { domain: 'retail', task: sim.task, userGuidelines: '', goalReached: () => false };
    for (const [version, stops] of [
      ['scripted-1', true],
      ['scripted-2', false],
    ] as const) {
      const customer = new ScriptedCustomer(customerConfig('scripted', { promptVersion: version }));
      await customer.start(context);
      expect((await customer.reply('Is there anything else I can help with?')).includes(STOP)).toBe(stops);
    }
  });
});
