// The natural-language judge end to end over real HTTP: Sigma's model client talks to the loopback
// OpenAI-compatible server, which answers from a script. A good verdict decides the criterion; a
// malformed reply or a failed call is recorded as that criterion's error while every other criterion
// of the episode is still reported.
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../src/core/domain/types.ts';
import { replayTau2Messages, type Tau2Message } from '../src/core/flavours/tau2/index.ts';
import { fromJs, type PyDict } from '../src/core/python/index.ts';
import { evaluateTau2 } from '../src/evaluation/tau2/index.ts';
import { ConcurrencyLimits, createModelClient } from '../src/llm/index.ts';
import {
  type OpenAICompatibleTestServer,
  reply,
  type ScriptedResponse,
  startOpenAICompatibleServer,
} from '../src/testing/index.ts';
import { tinyTau2Domain } from './support/tau2-fixture.ts';

const KEY = 'sk-sigma-test';

const TASK: Task = {
  id: 'address',
  instruction: '',
  actions: [],
  outputs: [],
  evaluationCriteria: fromJs({
    actions: [
      {
        action_id: 'a_0',
        name: 'modify_user_address',
        arguments: {
          user_id: 'ann_lee_1',
          address1: '2 Oak Ave',
          address2: '',
          city: 'Dallas',
          state: 'TX',
          country: 'USA',
          zip: '75001',
        },
        info: null,
      },
    ],
    communicate_info: ['Dallas'],
    nl_assertions: ['The agent confirms the new address before changing it.'],
    reward_basis: ['DB', 'NL_ASSERTION'],
  }),
};

const MESSAGES: Tau2Message[] = [
  { role: 'user', content: 'I moved to 2 Oak Ave, Dallas TX 75001. My user id is ann_lee_1.' },
  { role: 'assistant', content: 'Shall I change your address to 2 Oak Ave, Dallas, TX 75001, USA?' },
  { role: 'user', content: 'Yes please.' },
  {
    role: 'assistant',
    content: null,
    toolCalls: [
      {
        id: 'c1',
        name: 'modify_user_address',
        arguments: fromJs({
          user_id: 'ann_lee_1',
          address1: '2 Oak Ave',
          address2: '',
          city: 'Dallas',
          state: 'TX',
          country: 'USA',
          zip: '75001',
        }) as PyDict,
      },
    ],
  },
  { role: 'tool', id: 'c1', content: '', error: false },
  { role: 'assistant', content: 'Done: your address is now in Dallas.' },
  { role: 'user', content: 'Thanks. ###STOP###' },
];

let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function evaluateOverHttp(responses: ScriptedResponse[]) {
  server = await startOpenAICompatibleServer({ responses, apiKey: KEY });
  const judge = createModelClient(
    { provider: 'openai-compatible', model: 'judge-model' },
    {
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY },
      limits: new ConcurrencyLimits(),
      sleep: async () => {},
      random: () => 0.5,
    },
  );
  const domain = tinyTau2Domain([TASK]);
  const { state } = replayTau2Messages(domain, MESSAGES);
  return evaluateTau2(domain, TASK, state, MESSAGES, { termination: 'user-stop', judge, seed: 7 });
}

/** The criteria that need no model, as they must come out whatever the judge does. */
function expectModelFreeCriteria(result: Awaited<ReturnType<typeof evaluateOverHttp>>): void {
  expect(result.breakdown.db).toMatchObject({ status: 'met', inBasis: true, reward: 1.0 });
  expect(result.breakdown.actions).toMatchObject({ status: 'met', inBasis: false, reward: 1.0 });
  expect(result.breakdown.communicate).toMatchObject({ status: 'met', inBasis: false, reward: 1.0 });
  expect(result.breakdown.envAssertions.status).toBe('nothing to check');
}

describe('the natural-language judge over HTTP', () => {
  it('judges through the model layer, retries unseen, and records the judge model', async () => {
    const result = await evaluateOverHttp([
      reply.serverError(),
      '{"verdicts": [{"statement": 1, "holds": true, "why": "The agent asked before changing it."}]}',
    ]);
    server!.assertDone();
    expect(result).toMatchObject({
      reward: 1.0,
      provisional: false,
      judgeModel: 'openai-compatible:judge-model',
    });
    expect(result.breakdown.nlAssertions).toMatchObject({
      status: 'met',
      inBasis: true,
      reward: 1.0,
      checks: [
        {
          assertion: 'The agent confirms the new address before changing it.',
          met: true,
          justification: 'The agent asked before changing it.',
        },
      ],
    });
    expectModelFreeCriteria(result);
    const request = server!.lastRequest!;
    expect(request.temperature).toBe(0);
    expect(request.seed).toBe(7);
    expect(request.messages[0]).toMatchObject({ role: 'system' });
    expect(String(request.messages[0]!.content)).toContain('"verdicts"');
    expect(String(request.messages[1]!.content)).toContain('[agent calls modify_user_address]');
    expect(String(request.messages[1]!.content)).toContain(
      '1. The agent confirms the new address before changing it.',
    );
  });

  it('a judged failure makes the reward 0', async () => {
    const result = await evaluateOverHttp([
      '{"verdicts": [{"statement": 1, "holds": false, "why": "No confirmation was asked."}]}',
    ]);
    expect(result).toMatchObject({ reward: 0.0, provisional: false });
    expect(result.breakdown.nlAssertions.status).toBe('not met');
    expect(result.info.reward_breakdown).toEqual({ DB: 1.0, NL_ASSERTION: 0.0 });
  });

  it('a malformed judge reply is a clear error on that criterion; the others are still reported', async () => {
    const result = await evaluateOverHttp(['Yes, the agent did that.']);
    expect(result.breakdown.nlAssertions).toMatchObject({
      status: 'error',
      reward: null,
      judgeModel: 'openai-compatible:judge-model',
      error: `the judge's reply is not JSON: "Yes, the agent did that."`,
    });
    expectModelFreeCriteria(result);
    expect(result).toMatchObject({
      reward: 1.0,
      provisional: true,
      judgeModel: 'openai-compatible:judge-model',
    });
    expect(result.info.reward_breakdown).toEqual({ DB: 1.0 });
  });

  it('a judge call that fails for good is recorded the same way, with the model error', async () => {
    const result = await evaluateOverHttp([reply.unauthorized()]);
    expect(result.breakdown.nlAssertions.status).toBe('error');
    expect(result.breakdown.nlAssertions.error).toMatch(
      /^Model openai-compatible:judge-model failed after 1 call: HTTP 401: Incorrect API key provided/,
    );
    expectModelFreeCriteria(result);
    expect(result.provisional).toBe(true);
  });
});
