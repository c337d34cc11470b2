// The copilot over HTTP: POST /sessions/{id}/draft asks a model (the loopback OpenAI-compatible server)
// for the next action, POST /sessions/{id}/drafts/{draftId}/decision accepts, edits or rejects it. The
// trajectory shows every decision; refused requests change nothing; decisions survive a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trajectory } from '../src/contracts/trajectory.ts';
import { SqliteStore } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';

const KEY = 'sk-sigma-test';
const dir = mkdtempSync(join(tmpdir(), 'sigma-copilot-'));
const file = join(dir, 'sigma.db');
let llm: OpenAICompatibleTestServer;
let server: TestServer;

function start(): Promise<TestServer> {
  return startTestServer({
    store: SqliteStore.open(file),
    env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY },
  });
}

beforeAll(async () => {
  llm = await startOpenAICompatibleServer({ apiKey: KEY });
  server = await start();
});
afterAll(async () => {
  await server.close();
  await llm.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown = {}) => server.call('POST', path, { body });

async function started(extra: Record<string, unknown> = {}): Promise<string> {
  const created = await post('/sessions', {
    envName: 'retail',
    taskIndex: 0,
    userStrategy: 'scripted',
    ...extra,
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  expect((await post(`/sessions/${id}/start`)).status).toBe(200);
  return id;
}

function expectError(r: { status: number; json: unknown }, status: number, message: RegExp) {
  expect(r.status).toBe(status);
  expect((r.json as { error: { message: string } }).error.message).toMatch(message);
}

const FINAL = {
  type: 'tool_call',
  name: 'find_user_id_by_name_zip',
  arguments: '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
};

describe('the copilot over HTTP', () => {
  let id: string;
  let record: Trajectory;

  it('drafts, then records a rejection with its reason, an acceptance and an edit', async () => {
    id = await started({ agentModel: 'openai-compatible:copilot-test' });
    llm.enqueue(
      reply.toolCall('get_order_details', { order_id: '#W1392577' }),
      reply.text('Could you give me your name and zip code?'),
      reply.toolCall(
        'find_user_id_by_name_zip',
        '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99218"}',
      ),
    );

    const first = await post(`/sessions/${id}/draft`, { intent: 'look at the order' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      draftId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      proposal: {
        model: 'openai-compatible:copilot-test',
        intent: 'look at the order',
        proposal: { type: 'tool_call', name: 'get_order_details', arguments: '{"order_id":"#W1392577"}' },
      },
      usage: { inputTokens: expect.any(Number) },
    });
    expect(first.json.proposal.context.map((m: { role: string }) => m.role)).toEqual(['user']);
    expect(String(llm.lastRequest!.messages[0]!.content)).toContain('"look at the order"');
    const rejected = await post(`/sessions/${id}/drafts/${first.json.draftId}/decision`, {
      decision: 'rejected',
      reason: 'Identify the customer first.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({
      proposal: { decision: 'rejected', reason: 'Identify the customer first.' },
      performed: null,
    });

    const second = await post(`/sessions/${id}/draft`);
    const accepted = await post(`/sessions/${id}/drafts/${second.json.draftId}/decision`, {
      decision: 'accepted',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.performed.messages.map((m: { role: string }) => m.role)).toEqual([
      'assistant',
      'user',
    ]);
    expect(accepted.json.performed.messages[0]).toMatchObject({
      content: 'Could you give me your name and zip code?',
      author: 'model',
    });

    // A model named in the request is used instead of the session's.
    const third = await post(`/sessions/${id}/draft`, {
      model: 'other-model',
      provider: 'openai-compatible',
      intent: 'find their id',
    });
    expect(third.json.proposal.model).toBe('openai-compatible:other-model');
    expect(llm.lastRequest!.model).toBe('other-model');
    const edited = await post(`/sessions/${id}/drafts/${third.json.draftId}/decision`, {
      decision: 'edited',
      final: FINAL,
    });
    expect(edited.status).toBe(200);
    expect(edited.json.performed).toMatchObject({ observation: 'bruno_haddad_4608', done: false });
    expect(edited.json.performed.messages[0]).toMatchObject({ author: 'model-edited' });

    const got = await server.call('GET', `/trajectories/${id}`);
    expect(got.status).toBe(200);
    record = got.json as Trajectory;
    expect(record.proposals!.map((p) => p.decision)).toEqual(['rejected', 'accepted', 'edited']);
    expect(record.proposals![2]!.final).toEqual(FINAL);
    expect(record.proposals![2]!.proposal).toMatchObject({ arguments: expect.stringContaining('99218') });
    const authors = record.messages.flatMap((m) => (m.role === 'assistant' ? [m.author] : []));
    expect(authors).toEqual(['model', 'model-edited']);
    expect(record.usage.agent.inputTokens).toBeGreaterThan(0);
    llm.assertDone();
  });

  it('refuses an unknown draft, a second decision, a rejection without reason, an edit without final', async () => {
    llm.enqueue(reply.text('Let me check that for you.'));
    const before = (await server.call('GET', `/sessions/${id}`)).json;
    const d = (await post(`/sessions/${id}/draft`)).json.draftId as string;
    const decision = (draftId: string, body: unknown) =>
      post(`/sessions/${id}/drafts/${draftId}/decision`, body);
    expectError(
      await decision('00000000-0000-4000-8000-000000000000', { decision: 'accepted' }),
      404,
      /no draft/,
    );
    expectError(await decision(d, { decision: 'rejected' }), 422, /a rejected proposal needs a reason/);
    expectError(await decision(d, { decision: 'rejected', reason: '  ' }), 422, /needs a reason/);
    expectError(await decision(d, { decision: 'edited' }), 422, /needs the final action/);
    expectError(
      await decision(d, { decision: 'edited', final: { type: 'reply', content: '' } }),
      422,
      /empty/,
    );
    expectError(await decision(d, { decision: 'maybe' }), 400, /decision/);
    expectError(
      await decision(d, { decision: 'edited', final: { type: 'tool_call', name: 'f', arguments: '{' } }),
      422,
      /not valid JSON/,
    );
    const after = (await server.call('GET', `/sessions/${id}`)).json;
    expect(after.history).toEqual(before.history);
    const events = await SqliteStore.open(file);
    try {
      expect((await events.listEvents(id)).map((e) => e.kind).filter((k) => k === 'proposal')).toHaveLength(
        3,
      );
    } finally {
      await events.close();
    }
    // Still undecided after all that: it can be decided once, and only once.
    expect((await decision(d, { decision: 'rejected', reason: 'Too vague.' })).status).toBe(200);
    expectError(await decision(d, { decision: 'accepted' }), 409, /already decided \(rejected\)/);
  });

  it('refuses to perform a draft of a conversation that has changed since, and a draft with no model', async () => {
    llm.enqueue(reply.text('Anything else?'));
    const d = (await post(`/sessions/${id}/draft`)).json.draftId as string;
    expect(
      (
        await post(`/sessions/${id}/tool`, {
          name: 'get_user_details',
          arguments: { user_id: 'bruno_haddad_4608' },
        })
      ).status,
    ).toBe(200);
    expectError(
      await post(`/sessions/${id}/drafts/${d}/decision`, { decision: 'accepted' }),
      409,
      /has changed since this draft/,
    );
    expect(
      (await post(`/sessions/${id}/drafts/${d}/decision`, { decision: 'rejected', reason: 'Stale.' })).status,
    ).toBe(200);

    const plain = await started();
    expectError(await post(`/sessions/${plain}/draft`), 422, /no agent model/);
    expectError(
      await post(`/sessions/${plain}/draft`, { model: 'gpt-4o', provider: 'nope' }),
      422,
      /Unknown model provider/,
    );
    expectError(
      await post(`/sessions/${plain}/draft`, { model: 'openai:gpt-4o' }),
      503,
      /cannot be called from this server/,
    );
    // A model that fails is a 502 that names it, and nothing is drafted.
    llm.enqueue(reply.error(400, { message: 'bad request' }));
    expectError(
      await post(`/sessions/${id}/draft`),
      502,
      /^the model openai-compatible:copilot-test failed after 1 call: HTTP 400/,
    );
    expect(llm.pending).toBe(0);
  });

  it('keeps every decision through a restart: the session is rebuilt from its events', async () => {
    const beforeTrajectory = (await server.call('GET', `/trajectories/${id}`)).json as Trajectory;
    const beforeView = (await server.call('GET', `/sessions/${id}`)).json;
    await server.close();
    server = await start();
    const trajectory = (await server.call('GET', `/trajectories/${id}`)).json as Trajectory;
    expect(trajectory.proposals).toEqual(beforeTrajectory.proposals);
    expect(trajectory.proposals!.map((p) => p.decision)).toEqual([
      'rejected',
      'accepted',
      'edited',
      'rejected',
      'rejected',
    ]);
    expect(trajectory.messages).toEqual(beforeTrajectory.messages);
    expect(trajectory.usage).toEqual(beforeTrajectory.usage);
    const view = (await server.call('GET', `/sessions/${id}`)).json;
    expect(view.stateHash).toBe(beforeView.stateHash);
    expect(view.history).toEqual(beforeView.history);

    // The rebuilt session goes on; an undo keeps the proposals.
    llm.enqueue(reply.text('Thank you for waiting.'));
    const d = (await post(`/sessions/${id}/draft`)).json.draftId as string;
    expect((await post(`/sessions/${id}/drafts/${d}/decision`, { decision: 'accepted' })).status).toBe(200);
    expect((await post(`/sessions/${id}/undo`)).status).toBe(200);
    const last = (await server.call('GET', `/trajectories/${id}`)).json as Trajectory;
    expect(last.proposals).toHaveLength(6);
    expect(last.messages).toEqual(beforeTrajectory.messages);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await server.call('GET', '/openapi.json')).json;
    expect(Object.keys(doc.paths['/sessions/{id}/draft'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/sessions/{id}/drafts/{draftId}/decision'])).toEqual(['post']);
    expect(doc.components.schemas).toHaveProperty('Decision');
  });
});
