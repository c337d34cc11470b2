// The copilot through the library: an agent drafts, a person accepts, edits or rejects with a reason;
// the trajectory records each proposal with its decision, reason, final action and the turn's author.
import { describe, expect, it } from 'vitest';
import { applyDecision, type CopilotSeat, decide, draftFor, LlmAgent } from '../src/agents/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SimulatorCore, type SimulatorSession } from '../src/session/index.ts';
import { resumeSession } from '../src/session/replay.ts';
import { createMockModelClient, reply } from '../src/testing/index.ts';
import { createCustomer, customerConfig } from '../src/users/index.ts';
import { tempDir } from './support/temp-dir.ts';

const registry = new DomainRegistry({ home: tempDir('copilot-home') });

// The session is the copilot's seat as it is.
const _seat: (s: SimulatorSession) => CopilotSeat = (s) => s;

async function started(): Promise<SimulatorCore> {
  const sim = new SimulatorCore({ envName: 'retail', registry, env: {}, taskIndex: 0 });
  await sim.start();
  return sim;
}

describe('the copilot in the library', () => {
  it('draft, then reject with a reason, accept and edit: the trajectory shows every decision', async () => {
    const model = createMockModelClient({
      model: 'copilot-test',
      replies: [
        reply.toolCall('get_order_details', { order_id: '#W1392577' }),
        reply.text('Could you give me your name and zip code?', { inputTokens: 10, outputTokens: 5 }),
        reply.toolCall(
          'find_user_id_by_name_zip',
          '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99218"}',
        ),
      ],
    });
    const agent = new LlmAgent(model);
    const sim = await started();
    const seat = sim.session;

    const first = await draftFor(seat, agent, '  look at the order ');
    expect(first.proposal).toEqual({
      type: 'tool_call',
      name: 'get_order_details',
      arguments: '{"order_id":"#W1392577"}',
    });
    expect(model.requests[0]!.system).toContain(
      'They describe the next step they want as: "look at the order"',
    );
    const rejected = await applyDecision(seat, first, {
      decision: 'rejected',
      reason: 'Identify the customer first.',
    });
    expect(rejected.outcome).toBeNull();
    expect(seat.history).toHaveLength(1);

    const second = await draftFor(seat, agent);
    expect(model.requests[1]!.system).not.toContain('For this turn');
    const accepted = await applyDecision(seat, second, { decision: 'accepted' });
    expect(accepted.outcome?.observation).toContain('Bruno');

    const third = await draftFor(seat, agent, 'find their user id');
    const final = {
      type: 'tool_call' as const,
      name: 'find_user_id_by_name_zip',
      arguments: '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
    };
    const edited = await applyDecision(seat, third, { decision: 'edited', final });
    expect(edited.outcome?.observation).toBe('bruno_haddad_4608');

    const record = sim.toTrajectory();
    expect(record.proposals!.map((p) => p.decision)).toEqual(['rejected', 'accepted', 'edited']);
    expect(record.proposals![0]).toMatchObject({
      model: 'mock:copilot-test',
      intent: 'look at the order',
      reason: 'Identify the customer first.',
      proposal: { type: 'tool_call', name: 'get_order_details' },
    });
    expect(record.proposals![0]!.context.map((m) => m.role)).toEqual(['user']);
    expect(record.proposals![1]).toMatchObject({
      intent: '',
      raw: 'Could you give me your name and zip code?',
    });
    expect(record.proposals![1]!.final).toBeUndefined();
    expect(record.proposals![2]!.final).toEqual(final);
    expect(record.proposals![2]!.context).toHaveLength(3);
    const authors = record.messages.flatMap((m) => (m.role === 'assistant' ? [m.author] : []));
    expect(authors).toEqual(['model', 'model-edited']);
    // Agent usage: every draft, apart from the customer's.
    expect(record.usage.agent.inputTokens).toBeGreaterThan(10);
    expect(record.usage.customer.inputTokens).toBe(0);

    // Undo takes the turn back and keeps the proposal; a resumed session reads the proposals back.
    sim.undo();
    const afterUndo = sim.toTrajectory();
    expect(afterUndo.proposals).toHaveLength(3);
    const resumed = await resumeSession(
      afterUndo,
      await registry.get('retail'),
      createCustomer(customerConfig('scripted')),
    );
    expect(resumed.proposals).toEqual(afterUndo.proposals);
    expect(resumed.toTrajectory().proposals).toEqual(afterUndo.proposals);
    model.assertDone();
  });

  it('refuses a rejection without a reason and an edit without a final action, changing nothing', async () => {
    const model = createMockModelClient({ replies: [reply.text('Hello!')] });
    const sim = await started();
    const d = await draftFor(sim.session, new LlmAgent(model));
    const before = sim.toTrajectory();
    await expect(applyDecision(sim.session, d, { decision: 'rejected', reason: ' ' })).rejects.toThrow(
      'a rejected proposal needs a reason: say what is wrong with it',
    );
    await expect(
      applyDecision(sim.session, d, { decision: 'edited' } as unknown as Parameters<typeof decide>[1]),
    ).rejects.toThrow('an edited proposal needs the final action');
    await expect(
      applyDecision(sim.session, d, { decision: 'edited', final: { type: 'reply', content: '' } }),
    ).rejects.toThrow('the message to the customer is empty');
    await expect(
      applyDecision(sim.session, d, { decision: 'maybe' } as unknown as Parameters<typeof decide>[1]),
    ).rejects.toThrow(/the decision is one of accepted, edited/);
    const after = sim.toTrajectory();
    expect(after.proposals).toBeUndefined();
    expect(after.messages).toEqual(before.messages);
    expect(after.usage).toEqual(before.usage);
  });

  it('an edit that changes nothing is an acceptance', async () => {
    const model = createMockModelClient({ replies: [reply.text('Hello!')] });
    const sim = await started();
    const d = await draftFor(sim.session, new LlmAgent(model));
    const decided = decide(d, { decision: 'edited', final: { type: 'reply', content: 'Hello!' } });
    expect(decided.proposal.decision).toBe('accepted');
    expect(decided.perform).toEqual({ action: { type: 'reply', content: 'Hello!' }, author: 'model' });
  });
});
