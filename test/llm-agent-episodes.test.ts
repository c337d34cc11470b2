// The LLM agent plays whole episodes against the loopback OpenAI-compatible server (real HTTP), with
// Sigma's built-in retail domain and the offline scripted customer: tool calls and replies to reward
// 1.0, retries after 429 and 500, the step cap, and one action per step when a model calls several tools.
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentSeat, LlmAgent, playEpisode } from '../src/agents/index.ts';
import type { ModelClient } from '../src/core/model/types.ts';
import { ConcurrencyLimits, createModelClient } from '../src/llm/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SimulatorCore, SimulatorSession } from '../src/session/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { createCustomer, customerConfig } from '../src/users/index.ts';
import { tempDir } from './support/temp-dir.ts';

const registry = new DomainRegistry({ home: tempDir('agent-home') });
let llm: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});

// The session is the seat as it is: no adapter.
const _seat: (s: SimulatorSession) => AgentSeat = (s) => s;

/** A model client at the loopback server whose retries do not wait. */
function agentModel(server: OpenAICompatibleTestServer, retries: number[] = []): ModelClient {
  return createModelClient(
    { provider: 'openai-compatible', model: 'agent-test' },
    {
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url },
      limits: new ConcurrencyLimits(),
      sleep: async () => {},
      onRetry: (event) => retries.push(event.status ?? 0),
    },
  );
}

/** Retail task 0 (cancel #W1392577, no longer needed) with the scripted customer, started. */
async function started(maxTurns?: number): Promise<SimulatorCore> {
  const sim = new SimulatorCore({
    envName: 'retail',
    registry,
    env: {},
    taskIndex: 0,
    ...(maxTurns === undefined ? {} : { maxTurns }),
  });
  await sim.start();
  return sim;
}

const SOLVE = [
  reply.text('Could you give me your name and zip code?'),
  reply.toolCall('find_user_id_by_name_zip', { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' }),
  reply.text('I will cancel order #W1392577 (reason: no longer needed). Shall I go ahead?'),
  reply.toolCall('cancel_pending_order', '{"order_id": "#W1392577", "reason": "no longer needed"}'),
  reply.text('Done: the order is cancelled. Anything else?'),
];

describe('the LLM agent over HTTP', () => {
  it('plays a retail task with tool calls and replies to reward 1.0', async () => {
    llm = await startOpenAICompatibleServer({ responses: SOLVE });
    const sim = await started();
    const agent = new LlmAgent(agentModel(llm));
    const steps: string[] = [];
    const result = await playEpisode(sim.session, agent, {
      onStep: ({ turn }) => steps.push(turn.action.type),
    });
    expect(result).toEqual({ steps: 5, endedBy: 'done' });
    expect(steps).toEqual(['reply', 'tool_call', 'reply', 'tool_call', 'reply']);
    const final = sim.getFinalResult();
    expect(final.reward.reward).toBe(1);
    expect(final.endReason).toBe('user-stop');

    const record = sim.toTrajectory();
    const agentTurns = record.messages.filter((m) => m.role === 'assistant');
    expect(agentTurns.map((m) => m.author)).toEqual(['model', 'model', 'model', 'model', 'model']);
    expect(agentTurns[3]!.tool_calls![0]!.function.arguments).toBe(
      '{"order_id": "#W1392577", "reason": "no longer needed"}',
    );
    expect(record.usage.agent.inputTokens).toBeGreaterThan(0);
    expect(record.usage.agent.outputTokens).toBeGreaterThan(0);
    expect(record.usage.customer).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });

    // The system prompt is the policy; the tools are function tools; the conversation is replayed.
    const first = llm.requests[0]!;
    expect(first.messages[0]!.role).toBe('system');
    expect(String(first.messages[0]!.content)).toContain(sim.domain.policy.trimEnd());
    expect(first.tools.map((t) => t.function?.name).sort()).toEqual([...sim.domain.tools.keys()].sort());
    expect(first.temperature).toBe(0);
    expect(first.messages.slice(1)).toEqual([{ role: 'user', content: record.messages[1]!.content }]);
    const third = llm.requests[2]!;
    expect(third.messages.slice(-2)).toEqual([
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [
          expect.objectContaining({
            type: 'function',
            function: {
              name: 'find_user_id_by_name_zip',
              arguments: '{"first_name":"Bruno","last_name":"Haddad","zip":"99219"}',
            },
          }),
        ],
      }),
      expect.objectContaining({ role: 'tool', content: 'bruno_haddad_4608' }),
    ]);
    llm.assertDone();
  });

  it('retries after a 429 and a 500, and the episode goes on', async () => {
    llm = await startOpenAICompatibleServer({
      responses: [reply.rateLimited(0), reply.serverError(500), ...SOLVE],
    });
    const retries: number[] = [];
    const sim = await started();
    const result = await playEpisode(sim.session, new LlmAgent(agentModel(llm, retries)));
    expect(retries).toEqual([429, 500]);
    expect(result.steps).toBe(5);
    expect(sim.getFinalResult().reward.reward).toBe(1);
    expect(llm.requests).toHaveLength(7);
    // The retried request is the same request.
    expect(llm.requests[2]!.rawBody).toBe(llm.requests[0]!.rawBody);
    llm.assertDone();
  });

  it('ends the episode as a turn limit at the step cap, scored 0', async () => {
    llm = await startOpenAICompatibleServer({
      responses: [reply.text('Hello! How can I help?'), reply.toolCall('list_all_product_types')],
    });
    const sim = await started();
    const result = await playEpisode(sim.session, new LlmAgent(agentModel(llm)), { maxSteps: 2 });
    expect(result).toEqual({ steps: 2, endedBy: 'step-cap' });
    const final = sim.getFinalResult();
    expect(final.endReason).toBe('turn-limit');
    expect(final.reward.reward).toBe(0);
    expect(final.reward.note).toContain('reaching the cap of 2 agent actions');
    expect(sim.isDone).toBe(true);
    llm.assertDone();
  });

  it("the session's own turn cap ends the episode first when it is lower", async () => {
    llm = await startOpenAICompatibleServer({ responses: [reply.text('Hello!')] });
    const sim = await started(1);
    const result = await playEpisode(sim.session, new LlmAgent(agentModel(llm)), { maxSteps: 5 });
    expect(result).toEqual({ steps: 1, endedBy: 'done' });
    expect(sim.getFinalResult().reward.note).toContain('reaching the cap of 1 agent actions');
    llm.assertDone();
  });

  it('performs only the first of several tool calls in one answer, and keeps them all in raw', async () => {
    llm = await startOpenAICompatibleServer({
      responses: [
        reply.toolCalls([
          {
            name: 'find_user_id_by_name_zip',
            arguments: { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' },
          },
          { name: 'get_order_details', arguments: { order_id: '#W1392577' } },
        ]),
        reply.text('Could you confirm your zip code?'),
      ],
    });
    const sim = await started();
    const raws: string[] = [];
    await playEpisode(sim.session, new LlmAgent(agentModel(llm)), {
      maxSteps: 2,
      onStep: ({ turn }) => raws.push(turn.raw),
    });
    const calls = sim.history.filter((m) => m.role === 'assistant' && m.tool_calls !== undefined);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.role === 'assistant' && calls[0]!.tool_calls![0]!.function.name).toBe(
      'find_user_id_by_name_zip',
    );
    expect(sim.history.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual(['bruno_haddad_4608']);
    expect(JSON.parse(raws[0]!).tool_calls.map((c: { name: string }) => c.name)).toEqual([
      'find_user_id_by_name_zip',
      'get_order_details',
    ]);
    // The model is shown the one call that was made, with its result.
    const second = llm.requests[1]!;
    const assistant = second.messages.find((m) => m.role === 'assistant')!;
    expect(assistant.tool_calls).toHaveLength(1);
    expect(second.messages.filter((m) => m.role === 'tool')).toHaveLength(1);
    llm.assertDone();
  });

  it('refuses a bad step cap and a session that has not started, changing nothing', async () => {
    llm = await startOpenAICompatibleServer();
    const agent = new LlmAgent(agentModel(llm));
    const session = new SimulatorSession({
      domain: await registry.get('retail'),
      split: 'test',
      taskIndex: 0,
      customer: createCustomer(customerConfig('scripted')),
    });
    await expect(playEpisode(session, agent)).rejects.toThrow(/has not started/);
    await session.start();
    await expect(playEpisode(session, agent, { maxSteps: 0 })).rejects.toThrow(
      /maxSteps must be a whole number >= 1, got 0/,
    );
    expect(session.history).toHaveLength(1);
    expect(llm.requests).toHaveLength(0);
  });
});
