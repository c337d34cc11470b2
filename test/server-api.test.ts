// The HTTP API through real HTTP on an ephemeral loopback port: every route, its success and each of its
// error cases, the stable error shape, server-sent events, and per-session ordering of concurrent requests.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import type { Task } from '../src/core/domain/types.ts';
import { toJs } from '../src/core/python/index.ts';
import { SqliteStore } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { parseSse, startTestServer, type TestServer, testRegistry } from './support/server-harness.ts';

let server: TestServer;
let llm: OpenAICompatibleTestServer;
let task0: Task;
const KEY = 'sk-sigma-test';

beforeAll(async () => {
  llm = await startOpenAICompatibleServer({
    apiKey: KEY,
    responses: ['Hi, I need help with an order.', 'It is order #W1392577.', reply.unauthorized()],
  });
  server = await startTestServer({
    env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY },
  });
  task0 = (await testRegistry().get('retail')).tasks.get('test')![0]!;
});
afterAll(async () => {
  await server.close();
  await llm.close();
});

const post = (path: string, body?: unknown) => server.call('POST', path, body === undefined ? {} : { body });

/** Creates and starts a scripted retail session on task 0; returns its id. */
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

/** Every error answer has the same shape. */
function expectError(
  reply: { status: number; json: unknown },
  status: number,
  code: string,
  message?: RegExp,
) {
  expect(reply.status).toBe(status);
  expect(reply.json).toMatchObject({ error: { code, message: expect.any(String) } });
  if (message !== undefined)
    expect((reply.json as { error: { message: string } }).error.message).toMatch(message);
}

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('meta and environments', () => {
  it('GET /health answers without anything else', async () => {
    const r = await server.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', store: 'sqlite' });
  });

  it('GET /environments lists the built-in domains without any path', async () => {
    const r = await server.call('GET', '/environments');
    expect(r.status).toBe(200);
    expect(r.json.environments.map((e: { name: string }) => e.name)).toEqual(['retail', 'airline']);
    expect(r.text).not.toContain('/tmp');
  });

  it('GET /environments/{env}/tasks lists a split, hides goals unless asked, and refuses bad names', async () => {
    const r = await server.call('GET', '/environments/retail/tasks');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ domain: 'retail', split: 'test', splits: ['test', 'train'] });
    expect(r.json.tasks[0]).toEqual({
      index: 0,
      id: task0.id,
      userId: task0.userId ?? null,
      actions: task0.actions.length,
      outputs: task0.outputs.length,
    });
    const withGoals = await server.call('GET', '/environments/retail/tasks?split=train&instructions=true');
    expect(withGoals.json.split).toBe('train');
    expect(withGoals.json.tasks[0].instruction).toEqual(expect.any(String));
    expectError(
      await server.call('GET', '/environments/bank/tasks'),
      404,
      'not_found',
      /no environment "bank"/,
    );
    expectError(
      await server.call('GET', '/environments/retail/tasks?split=holdout'),
      404,
      'not_found',
      /holdout/,
    );
    expectError(await server.call('GET', '/environments/retail/tasks?split=../x'), 400, 'bad_request');
    expectError(await server.call('GET', '/environments/retail/tasks?instructions=yes'), 400, 'bad_request');
    expectError(
      await server.call('GET', '/environments/..%2F..%2Fetc/tasks'),
      400,
      'bad_request',
      /domain name/,
    );
  });

  it('GET /environments/{env}/policy is plain text that browsers will not sniff', async () => {
    const r = await server.call('GET', '/environments/airline/policy');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.text.length).toBeGreaterThan(200);
    expectError(await server.call('GET', '/environments/nope/policy'), 404, 'not_found');
    expectError(await server.call('GET', '/environments/.hidden/policy'), 400, 'bad_request');
  });

  it('answers unknown routes with a JSON 404', async () => {
    expectError(await server.call('GET', '/nowhere'), 404, 'not_found', /no route GET \/nowhere/);
    expectError(await server.call('PUT', '/sessions'), 404, 'not_found');
  });
});

describe('POST /sessions', () => {
  it('creates a session from the library options and shows it, not started', async () => {
    const r = await post('/sessions', {
      envName: 'retail',
      taskIndex: 0,
      userStrategy: 'scripted',
      maxTurns: 30,
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      status: 'created',
      domain: 'retail',
      split: 'test',
      taskIndex: 0,
      taskId: task0.id,
      persona: false,
      customer: { strategy: 'scripted', promptVersion: 'scripted-1' },
      maxTurns: 30,
      started: false,
      done: false,
      endReason: null,
      reward: null,
      history: [],
      stateHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.tools.map((t: { name: string }) => t.name)).toContain('get_order_details');
  });

  it('draws the task at random, reproducibly with a seed, and says why the customer is scripted', async () => {
    const a = await post('/sessions', { envName: 'airline', seed: 11 });
    const b = await post('/sessions', { envName: 'airline', seed: 11 });
    expect(a.status).toBe(201);
    expect(a.json.taskIndex).toBe(b.json.taskIndex);
    expect(a.json.notice).toMatch(/scripted customer/);
  });

  it('takes a persona text or a persona file content (text or object), never a path', async () => {
    const persona = await post('/sessions', {
      envName: 'retail',
      taskIndex: 1,
      persona: 'You want a refund.',
    });
    expect(persona.status).toBe(201);
    expect(persona.json.persona).toBe(true);
    const file = { instruction: 'You are Ada. You want to know the status of your order #W1392577.' };
    const asText = await post('/sessions', { envName: 'retail', personaFile: JSON.stringify(file) });
    expect(asText.status).toBe(201);
    expect(asText.json).toMatchObject({ split: 'persona', taskIndex: 0, persona: true });
    const asObject = await post('/sessions', { envName: 'retail', personaFile: file });
    expect(asObject.status).toBe(201);
    const opening = await post(`/sessions/${asObject.json.id}/start`);
    expect(opening.status).toBe(200);
  });

  it('refuses malformed requests with 400, 415 and unknown fields such as paths', async () => {
    expectError(await post('/sessions', {}), 400, 'bad_request', /envName/);
    expectError(
      await post('/sessions', { envName: 'retail', taskIndex: 'zero' }),
      400,
      'bad_request',
      /taskIndex/,
    );
    expectError(await post('/sessions', { envName: 'retail', taskIndex: -1 }), 400, 'bad_request');
    expectError(await post('/sessions', { envName: '../../etc' }), 400, 'bad_request', /envName/);
    expectError(await post('/sessions', { envName: 'retail', data: '/etc' }), 400, 'bad_request', /data/);
    expectError(await post('/sessions', { envName: 'retail', home: '/root' }), 400, 'bad_request', /home/);
    expectError(await post('/sessions', { envName: 'retail', userStrategy: 'human' }), 400, 'bad_request');
    expectError(await post('/sessions', { envName: 'retail', maxTurns: 0 }), 400, 'bad_request');
    expectError(
      await server.call('POST', '/sessions', { raw: '{"envName": ', contentType: 'application/json' }),
      400,
      'bad_request',
      /JSON/,
    );
    expectError(
      await server.call('POST', '/sessions', { raw: 'envName=retail', contentType: 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await server.call('POST', '/sessions', {
        raw: 'envName=retail',
        contentType: 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await server.call('POST', '/sessions', { raw: '{"envName":"retail"}' }),
      415,
      'unsupported_media_type',
    );
  });

  it('refuses well-formed requests the library cannot honour with 422', async () => {
    expectError(await post('/sessions', { envName: 'bank' }), 422, 'invalid_input', /unknown domain "bank"/);
    expectError(
      await post('/sessions', { envName: 'retail', taskIndex: 100000 }),
      422,
      'invalid_input',
      /out of range/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', taskSplit: 'holdout' }),
      422,
      'invalid_input',
      /holdout/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', persona: 'x', personaFile: { instruction: 'y' } }),
      422,
      'invalid_input',
      /not both/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', persona: '   ' }),
      422,
      'invalid_input',
      /empty/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', personaFile: { instruction: 'y' }, taskIndex: 1 }),
      422,
      'invalid_input',
      /its own task/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', personaFile: '{"instruction": ' }),
      422,
      'invalid_input',
      /invalid JSON/,
    );
    expectError(
      await post('/sessions', {
        envName: 'retail',
        personaFile: { instruction: 'x', records: { ships: {} } },
      }),
      422,
      'invalid_input',
      /table "ships"/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', userStrategy: 'llm' }),
      422,
      'invalid_input',
      /API key/,
    );
    expectError(
      await post('/sessions', { envName: 'retail', userStrategy: 'scripted', userModel: 'gpt-4o' }),
      422,
      'invalid_input',
      /uses no model/,
    );
  });
});

describe('a session through its routes', () => {
  it('GET /sessions/{id} shows state and history; bad and unknown ids are 400 and 404', async () => {
    const id = await started();
    const r = await server.call('GET', `/sessions/${id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id,
      status: 'active',
      started: true,
      history: [{ id: 'm1', role: 'user' }],
    });
    expectError(await server.call('GET', '/sessions/not-an-id'), 400, 'bad_request', /session id/);
    expectError(await server.call('GET', `/sessions/${MISSING}`), 404, 'not_found');
  });

  it('POST /start gives the opening once; 409 the second time, 404 for an unknown session', async () => {
    const created = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
    const id = created.json.id;
    const opening = await post(`/sessions/${id}/start`);
    expect(opening.status).toBe(200);
    expect(opening.json).toMatchObject({ done: false, messages: [{ id: 'm1', role: 'user' }] });
    expect(opening.json.observation).toMatch(/#W1392577/);
    expectError(await post(`/sessions/${id}/start`), 409, 'conflict', /already started/);
    expectError(await post(`/sessions/${MISSING}/start`), 404, 'not_found');
  });

  it('plays the ground truth over HTTP and scores it 1; the result and the record say so', async () => {
    const id = await started();
    for (const action of task0.actions) {
      const r = await post(`/sessions/${id}/tool`, {
        name: action.name,
        arguments: toJs(action.kwargs) as Record<string, unknown>,
      });
      expect(r.status).toBe(200);
      expect(r.json.observation).not.toMatch(/^Error/);
      expect(r.json.messages).toHaveLength(2);
    }
    let r = await post(`/sessions/${id}/respond`, {
      message: `All done. ${task0.outputs.join(' ')} Anything else?`,
    });
    if (!r.json.done) r = await post(`/sessions/${id}/respond`, { message: 'Thank you, goodbye.' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ done: true, reward: 1 });
    const result = await server.call('GET', `/sessions/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      done: true,
      endReason: 'user-stop',
      reward: { reward: 1 },
      stateDiff: [],
    });
    expect(result.json.expectedActions.map((a: { name: string }) => a.name)).toEqual(
      task0.actions.map((a) => a.name),
    );
    const view = await server.call('GET', `/sessions/${id}`);
    expect(view.json).toMatchObject({ status: 'finished', done: true, reward: 1, endReason: 'user-stop' });
    const record = await server.call('GET', `/trajectories/${id}`);
    expect(record.status).toBe(200);
    const trajectory = TrajectorySchema.parse(record.json);
    expect(trajectory).toMatchObject({ id, endReason: 'user-stop', reward: { reward: 1 } });
    expect(trajectory.startedAt).toBe(view.json.createdAt);
    // Acting on an ended session is a conflict.
    expectError(await post(`/sessions/${id}/respond`, { message: 'Hello?' }), 409, 'conflict', /ended/);
    expectError(
      await post(`/sessions/${id}/tool`, { name: 'get_order_details', arguments: {} }),
      409,
      'conflict',
    );
  });

  it('POST /respond refuses before start (409), empty (400) and blank (422) messages', async () => {
    const created = await post('/sessions', { envName: 'retail', taskIndex: 0 });
    expectError(
      await post(`/sessions/${created.json.id}/respond`, { message: 'Hi' }),
      409,
      'conflict',
      /not started/,
    );
    const id = await started();
    expectError(await post(`/sessions/${id}/respond`, { message: '' }), 400, 'bad_request');
    expectError(await post(`/sessions/${id}/respond`, {}), 400, 'bad_request', /message/);
    expectError(await post(`/sessions/${id}/respond`, { message: '   ' }), 422, 'invalid_input', /empty/);
    expectError(await post(`/sessions/${id}/respond`, { message: 'x'.repeat(20_001) }), 400, 'bad_request');
    expectError(await post(`/sessions/${MISSING}/respond`, { message: 'Hi' }), 404, 'not_found');
  });

  it('POST /respond streams the reply as server-sent events: delta then done', async () => {
    const id = await started();
    const r = await server.call('POST', `/sessions/${id}/respond`, {
      body: { message: 'Could you tell me your name and zip code?' },
      headers: { accept: 'text/event-stream' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(r.text);
    expect(events.map((e) => e.event)).toEqual(['delta', 'done']);
    const done = events[1]!.data as { observation: string; messages: unknown[] };
    expect((events[0]!.data as { text: string }).text).toBe(done.observation);
    expect(done.observation).toMatch(/99219/);
    // The streamed step was stored like any other.
    const view = await server.call('GET', `/sessions/${id}`);
    expect(view.json.history.at(-1).content).toBe(done.observation);
    // The stream flag does the same; errors before the stream keep their status.
    const flagged = await post(`/sessions/${id}/respond`, { message: 'Thanks. One moment.', stream: true });
    expect(parseSse(flagged.text).map((e) => e.event)).toEqual(['delta', 'done']);
    const notStarted = await post('/sessions', { envName: 'retail', taskIndex: 0 });
    expectError(
      await post(`/sessions/${notStarted.json.id}/respond`, { message: 'Hi', stream: true }),
      409,
      'conflict',
    );
  });

  it('streams an error event when the customer model fails mid-stream, and 502 without a stream', async () => {
    const created = await post('/sessions', {
      envName: 'retail',
      taskIndex: 0,
      userStrategy: 'llm',
      userProvider: 'openai-compatible',
      userModel: 'llama3.1:8b',
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect((await post(`/sessions/${id}/start`)).json.observation).toBe('Hi, I need help with an order.');
    const ok = await post(`/sessions/${id}/respond`, { message: 'Sure, which order?', stream: true });
    expect(parseSse(ok.text).map((e) => e.event)).toEqual(['delta', 'done']);
    const failed = await post(`/sessions/${id}/respond`, { message: 'Anything else?', stream: true });
    const events = parseSse(failed.text);
    expect(events.map((e) => e.event)).toEqual(['error']);
    expect(events[0]!.data).toMatchObject({ status: 502, error: { code: 'model_error' } });
    llm.enqueue(reply.unauthorized());
    expectError(
      await post(`/sessions/${id}/respond`, { message: 'Anything else?' }),
      502,
      'model_error',
      /401/,
    );
    // A failed reply changed nothing.
    expect((await server.call('GET', `/sessions/${id}`)).json.history).toHaveLength(3);
  });

  it('POST /tool: a bad call by the agent is an observation; malformed requests are 400 or 422', async () => {
    const id = await started();
    const unknown = await post(`/sessions/${id}/tool`, { name: 'launch_rocket', arguments: {} });
    expect(unknown.status).toBe(200);
    expect(unknown.json.observation).toBe('Unknown action launch_rocket');
    const asText = await post(`/sessions/${id}/tool`, {
      name: 'get_order_details',
      arguments: '{"order_id": "#W1392577"}',
    });
    expect(asText.json.observation).toMatch(/"order_id": "#W1392577"/);
    expectError(
      await post(`/sessions/${id}/tool`, { name: 'x', arguments: '{oops' }),
      422,
      'invalid_input',
      /not valid JSON/,
    );
    expectError(
      await post(`/sessions/${id}/tool`, { name: 'x', arguments: '[1]' }),
      422,
      'invalid_input',
      /object/,
    );
    expectError(await post(`/sessions/${id}/tool`, { name: '../../bin/sh' }), 400, 'bad_request', /name/);
    expectError(await post(`/sessions/${id}/tool`, { arguments: {} }), 400, 'bad_request');
    expectError(await post(`/sessions/${id}/tool`, { name: 'x', arguments: 5 }), 400, 'bad_request');
    expectError(await post(`/sessions/${MISSING}/tool`, { name: 'x' }), 404, 'not_found');
  });

  it('POST /undo takes back the last action and restores the data; with nothing to undo it says null', async () => {
    const id = await started();
    const before = (await server.call('GET', `/sessions/${id}`)).json.stateHash;
    const [find, details, cancel] = task0.actions;
    for (const a of [find!, details!, cancel!]) {
      await post(`/sessions/${id}/tool`, {
        name: a.name,
        arguments: toJs(a.kwargs) as Record<string, unknown>,
      });
    }
    const changed = (await server.call('GET', `/sessions/${id}`)).json.stateHash;
    expect(changed).not.toBe(before);
    const undone = await post(`/sessions/${id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.json).toMatchObject({ undone: { name: cancel!.name }, done: false, messageCount: 5 });
    expect((await server.call('GET', `/sessions/${id}`)).json.stateHash).toBe(before);
    const fresh = await post('/sessions', { envName: 'retail', taskIndex: 0 });
    expect((await post(`/sessions/${fresh.json.id}/undo`)).json).toEqual({
      undone: null,
      done: false,
      messageCount: 0,
    });
    expectError(await post(`/sessions/${MISSING}/undo`), 404, 'not_found');
  });

  it('POST /rollback keeps the history up to a message; unknown messages are 422, bad ids 400', async () => {
    const id = await started();
    await post(`/sessions/${id}/respond`, { message: 'What is your name and zip code?' });
    await post(`/sessions/${id}/respond`, { message: 'Which order is it?' });
    const r = await post(`/sessions/${id}/rollback`, { messageId: 'm3' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ done: false, messageCount: 3 });
    expectError(
      await post(`/sessions/${id}/rollback`, { messageId: 'm99' }),
      422,
      'invalid_input',
      /no message "m99"/,
    );
    expectError(await post(`/sessions/${id}/rollback`, { messageId: '../m1' }), 400, 'bad_request');
    expectError(await post(`/sessions/${id}/rollback`, {}), 400, 'bad_request');
    expectError(await post(`/sessions/${MISSING}/rollback`, { messageId: 'm1' }), 404, 'not_found');
  });

  it('GET /result is provisional while running; 404 for an unknown session', async () => {
    const id = await started();
    const r = await server.call('GET', `/sessions/${id}/result`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      done: false,
      endReason: null,
      reward: { note: expect.stringMatching(/provisional/) },
    });
    expect(r.json.stateDiff.length).toBeGreaterThan(0);
    expectError(await server.call('GET', `/sessions/${MISSING}/result`), 404, 'not_found');
  });

  it('DELETE ends a running session as abandoned and keeps its record; purge erases it', async () => {
    const id = await started();
    const r = await server.call('DELETE', `/sessions/${id}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id, purged: false, endReason: 'abandoned' });
    expectError(await post(`/sessions/${id}/respond`, { message: 'Hello?' }), 409, 'conflict', /abandoned/);
    expect((await server.call('GET', `/trajectories/${id}`)).json.endReason).toBe('abandoned');
    const purged = await server.call('DELETE', `/sessions/${id}?purge=true`);
    expect(purged.json).toEqual({ id, purged: true, endReason: null });
    expectError(await server.call('GET', `/sessions/${id}`), 404, 'not_found');
    expectError(await server.call('GET', `/trajectories/${id}`), 404, 'not_found');
    expectError(await server.call('DELETE', `/sessions/${id}`), 404, 'not_found');
    expectError(await server.call('DELETE', `/sessions/${MISSING}?purge=yes`), 400, 'bad_request');
  });

  it('applies concurrent requests on one session one after the other, never interleaved', async () => {
    const id = await started();
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 2
        ? post(`/sessions/${id}/respond`, { message: `Question ${i}: what is your zip code?` })
        : post(`/sessions/${id}/tool`, { name: 'get_order_details', arguments: { order_id: '#W1392577' } }),
    );
    const replies = await Promise.all(calls);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const history = (await server.call('GET', `/sessions/${id}`)).json.history as Array<{
      id: string;
      role: string;
      tool_calls?: unknown;
    }>;
    expect(history).toHaveLength(1 + 12 * 2);
    expect(history.map((m) => m.id)).toEqual(history.map((_, i) => `m${i + 1}`));
    for (let i = 1; i < history.length; i += 2) {
      expect(history[i]!.role).toBe('assistant');
      expect(history[i + 1]!.role).toBe(history[i]!.tool_calls === undefined ? 'user' : 'tool');
    }
    const summary = (await server.call('GET', '/trajectories?limit=200')).json.items.find(
      (s: { id: string }) => s.id === id,
    );
    expect(summary.eventCount).toBe(13);
  });
});

describe('GET /trajectories', () => {
  it('lists sessions newest first with filters and paging; bad filters are 400', async () => {
    const all = await server.call('GET', '/trajectories?limit=200');
    expect(all.status).toBe(200);
    expect(all.json.total).toBeGreaterThan(5);
    const times = all.json.items.map((s: { createdAt: string }) => s.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const page = await server.call('GET', '/trajectories?limit=2&offset=1');
    expect(page.json).toMatchObject({ limit: 2, offset: 1, total: all.json.total });
    expect(page.json.items.map((s: { id: string }) => s.id)).toEqual(
      all.json.items.slice(1, 3).map((s: { id: string }) => s.id),
    );
    const airline = await server.call('GET', '/trajectories?domain=airline');
    expect(airline.json.items.every((s: { domain: string }) => s.domain === 'airline')).toBe(true);
    expect(airline.json.total).toBe(2);
    const won = await server.call('GET', '/trajectories?reward=1&finished=true');
    expect(won.json.total).toBeGreaterThanOrEqual(1);
    expect(
      won.json.items.every((s: { reward: number; finished: boolean }) => s.reward === 1 && s.finished),
    ).toBe(true);
    const lost = await server.call('GET', '/trajectories?reward=0');
    expect(lost.json.items.every((s: { reward: number }) => s.reward === 0)).toBe(true);
    const unscored = await server.call('GET', '/trajectories?reward=none&finished=false');
    expect(
      unscored.json.items.every((s: { reward: null; finished: boolean }) => s.reward === null && !s.finished),
    ).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await server.call('GET', `/trajectories?date=${today}`)).json.total).toBe(all.json.total);
    expect((await server.call('GET', '/trajectories?date=2001-01-01')).json.total).toBe(0);
    expect((await server.call('GET', '/trajectories?from=2001-01-01&to=2001-02-01')).json.total).toBe(0);
    expect((await server.call('GET', `/trajectories?from=${today}`)).json.total).toBe(all.json.total);
    for (const bad of [
      'reward=2',
      'finished=maybe',
      'limit=0',
      'limit=1000',
      'offset=-1',
      'date=2026-13-45',
      'from=soon',
      'domain=../x',
    ]) {
      expectError(await server.call('GET', `/trajectories?${bad}`), 400, 'bad_request');
    }
  });

  it('GET /trajectories/{id} gives the record so far of a running session', async () => {
    const id = await started();
    const r = await server.call('GET', `/trajectories/${id}`);
    expect(r.status).toBe(200);
    const t = TrajectorySchema.parse(r.json);
    expect(t).toMatchObject({ id, endReason: null, reward: null });
    expect(t.customerMemory?.strategy).toBe('scripted');
    expectError(await server.call('GET', '/trajectories/x'), 400, 'bad_request');
    expectError(await server.call('GET', `/trajectories/${MISSING}`), 404, 'not_found');
  });
});

describe('sessions out of memory', () => {
  it('rebuilds evicted sessions from the store on their next request, exactly as they were', async () => {
    const small = await startTestServer({ maxLiveSessions: 2 });
    try {
      const call = (path: string, body?: unknown) =>
        small.call('POST', path, body === undefined ? {} : { body });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const id = (await call('/sessions', { envName: 'retail', taskIndex: i })).json.id;
        await call(`/sessions/${id}/start`);
        await call(`/sessions/${id}/tool`, {
          name: 'get_order_details',
          arguments: { order_id: '#W1392577' },
        });
        await call(`/sessions/${id}/respond`, { message: 'Could you give me your name and zip code?' });
        ids.push(id);
      }
      expect(small.sessions.liveCount).toBeLessThanOrEqual(2);
      const first = await small.call('GET', `/sessions/${ids[0]}`);
      expect(first.json.history).toHaveLength(5);
      // Undo works on a rebuilt session: the customer's memory before the reply came back too.
      expect((await call(`/sessions/${ids[0]}/undo`)).json.undone.name).toBe('respond');
      const again = await call(`/sessions/${ids[0]}/respond`, {
        message: 'Could you give me your name and zip code?',
      });
      expect(again.json.observation).toBe(first.json.history[4].content);
    } finally {
      await small.close();
    }
  });

  it('answers 500 without details when a stored session no longer replays', async () => {
    const store = SqliteStore.open(join(tmpdir(), `sigma-tamper-${process.pid}.db`));
    const logged: string[] = [];
    const tampered = await startTestServer({ store, log: (m) => logged.push(m) });
    try {
      const id = (await tampered.call('POST', '/sessions', { body: { envName: 'retail', taskIndex: 0 } }))
        .json.id;
      await tampered.call('POST', `/sessions/${id}/start`);
      await tampered.call('POST', `/sessions/${id}/tool`, {
        body: { name: 'get_order_details', arguments: { order_id: '#W1392577' } },
      });
      const raw = new DatabaseSync(store.path);
      raw.exec(
        `update events set payload = json_set(payload, '$.observation', 'edited') where kind = 'tool'`,
      );
      raw.close();
      tampered.sessions.forget(id);
      const r = await tampered.call('GET', `/sessions/${id}`);
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ error: { code: 'internal', message: 'internal error: see the server log' } });
      expect(logged.join('\n')).toMatch(/event 1 \(tool\): the tool's result differs from the stored one/);
    } finally {
      await tampered.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${store.path}${suffix}`, { force: true });
    }
  });
});
