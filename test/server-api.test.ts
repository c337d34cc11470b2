// The HTTP API through real HTTP on an ephemeral loopback port: every route, its success and each of its
// error cases, the stable error shape, server-sent events, and per-session ordering of concurrent requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import type { Task } from '../src/core/domain/types.ts';
import { toJs } from '../src/core/python/index.ts';
import type { JsonChange } from '../src/server/memory-change.ts';
import { SqliteStore } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import {
  parseSse,
  type Reply,
  startTestServer,
  type TestServer,
  testRegistry,
} from './support/server-harness.ts';
import { WrappedStore } from './support/server-store-wrapper.ts';

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
      customer: { strategy: 'scripted', promptVersion: 'scripted-2' },
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
    for (const userModel of ['../../etc/passwd', 'models/../secret', 'a:..', ' gpt-4o', 'gpt 4o', '-x', '']) {
      expectError(
        await post('/sessions', { envName: 'retail', userStrategy: 'llm', userModel }),
        400,
        'bad_request',
        /userModel/,
      );
    }
    for (const userProvider of ['../openai', 'open ai', '..']) {
      expectError(
        await post('/sessions', { envName: 'retail', userModel: 'gpt-4o', userProvider }),
        400,
        'bad_request',
        /userProvider/,
      );
    }
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

  it('answers a failing customer model with 502 before any stream opens; the failed reply changed nothing', async () => {
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
    // A client written before /respond/stream asks for the stream here: it gets that route's events.
    const ok = await post(`/sessions/${id}/respond`, { message: 'Sure, which order?', stream: true });
    const events = parseSse(ok.text);
    expect(events.at(-1)?.event).toBe('done');
    expect(events.filter((e) => e.event === 'delta').length).toBeGreaterThan(1);
    // A failure before the first piece of the reply is an ordinary 502 answer.
    const failed = await post(`/sessions/${id}/respond`, { message: 'Anything else?', stream: true });
    expect(failed.headers.get('content-type')).toMatch(/^application\/json/);
    expectError(failed, 502, 'model_error', /HTTP 401/);
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

  it('DELETE is final: no action changes the session afterwards, in memory or rebuilt', async () => {
    const id = await started();
    await post(`/sessions/${id}/tool`, { name: 'get_order_details', arguments: { order_id: '#W1392577' } });
    expect((await server.call('DELETE', `/sessions/${id}`)).json.endReason).toBe('abandoned');
    const refused = async (sessionId: string) => {
      for (const [path, body] of [
        ['start', undefined],
        ['respond', { message: 'Hello?' }],
        ['tool', { name: 'get_order_details', arguments: { order_id: '#W1392577' } }],
        ['undo', undefined],
        ['rollback', { messageId: 'm1' }],
      ] as const) {
        expectError(await post(`/sessions/${sessionId}/${path}`, body), 409, 'conflict', /ended by DELETE/);
      }
    };
    await refused(id);
    await server.sessions.forget(id);
    await refused(id);
    expect((await server.call('GET', `/sessions/${id}`)).json).toMatchObject({
      status: 'finished',
      endReason: 'abandoned',
      history: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }],
    });
    // Deleting again changes nothing either.
    expect((await server.call('DELETE', `/sessions/${id}`)).json.endReason).toBe('abandoned');
    // A session never started, and one that had already ended (where an undo would reopen it).
    const fresh = (await post('/sessions', { envName: 'retail', taskIndex: 0 })).json.id;
    expect((await server.call('DELETE', `/sessions/${fresh}`)).status).toBe(200);
    expectError(await post(`/sessions/${fresh}/start`), 409, 'conflict', /ended by DELETE/);
    const ended = await started({ maxTurns: 1 });
    const last = await post(`/sessions/${ended}/tool`, {
      name: 'get_order_details',
      arguments: { order_id: '#W1392577' },
    });
    expect(last.json.done).toBe(true);
    expect((await server.call('DELETE', `/sessions/${ended}`)).json.endReason).toBe('turn-limit');
    await refused(ended);
    await server.sessions.forget(ended);
    await refused(ended);
  });

  it('stores tool arguments exactly: numbers JSON cannot round-trip (1e400, -0) replay the same', async () => {
    const id = await started();
    const raw =
      '{"name": "get_order_details", "arguments": {"order_id": "#W1392577", "big": 1e400, "zero": -0}}';
    const r = await server.call('POST', `/sessions/${id}/tool`, { raw, contentType: 'application/json' });
    expect(r.status).toBe(200);
    const call = r.json.messages[0].tool_calls[0].function.arguments;
    expect(call).toContain('Infinity');
    expect(call).toContain('-0.0');
    const live = (await server.call('GET', `/sessions/${id}`)).json;
    await server.sessions.forget(id);
    const rebuilt = await server.call('GET', `/sessions/${id}`);
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.json.history).toEqual(live.history);
    expect(rebuilt.json.stateHash).toBe(live.stateHash);
    const next = await post(`/sessions/${id}/tool`, {
      name: 'get_order_details',
      arguments: { order_id: '#W1392577' },
    });
    expect(next.status).toBe(200);
    expect(next.json.messages[0].id).toBe('m4');
  });
});

describe('concurrent requests on one session', () => {
  it('are applied one at a time, in the order they take the lock, even when the store is slow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-concurrent-'));
    const store = new WrappedStore(SqliteStore.open(join(dir, 'sigma.db')));
    const slow = await startTestServer({ store });
    try {
      const send = (path: string, body?: unknown) =>
        slow.call('POST', path, body === undefined ? {} : { body });
      const id = (await send('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' })).json
        .id as string;
      // Every write takes a while: without the lock, other requests would run on the session meanwhile.
      let storing!: () => void;
      const startIsStoring = new Promise<void>((resolve) => {
        storing = resolve;
      });
      store.beforeAppend = async (event) => {
        if (event.kind === 'start') storing();
        await new Promise((resolve) => setTimeout(resolve, 15));
      };
      const arrived: string[] = [];
      const track = (tag: string, promise: Promise<Reply>) =>
        promise.then((r) => {
          arrived.push(tag);
          return { tag, reply: r };
        });
      const requests = [track('start', send(`/sessions/${id}/start`))];
      await startIsStoring;
      for (let i = 0; i < 16; i++) {
        const tag = `#${i}`;
        switch (i % 8) {
          case 0:
          case 3:
          case 6:
            requests.push(
              track(
                tag,
                send(`/sessions/${id}/tool`, { name: 'get_order_details', arguments: { order_id: tag } }),
              ),
            );
            break;
          case 1:
          case 4:
            requests.push(
              track(tag, send(`/sessions/${id}/respond`, { message: `Question ${tag}: your zip?` })),
            );
            break;
          case 2:
          case 5:
            requests.push(track(tag, send(`/sessions/${id}/undo`)));
            break;
          default:
            requests.push(track(tag, send(`/sessions/${id}/rollback`, { messageId: 'm1' })));
        }
      }
      // DELETE once some of them have been applied; the rest then find the session ended.
      for (let waited = 0; store.appended.length < 6 && waited < 5000; waited += 5) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      requests.push(track('delete', slow.call('DELETE', `/sessions/${id}`)));
      const replies = new Map((await Promise.all(requests)).map(({ tag, reply: r }) => [tag, r]));

      // No request ran into another's write, and none failed.
      for (const [tag, r] of replies) {
        expect(r.text, tag).not.toMatch(/already has an event/);
        expect(
          r.status === 200 || (r.status === 409 && /ended by DELETE/.test(r.text)),
          `${tag}: ${r.text}`,
        ).toBe(true);
      }
      // Walk the stored events, in the order they were applied: each answer is what the session was at
      // that point, as if the requests had come one by one.
      const events = await store.inner.listEvents(id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      expect(events[0]!.kind).toBe('start');
      expect(events.at(-1)!.kind).toBe('abandon');
      expect(events.length).toBeGreaterThan(6);
      // Messages in the history now, and the next message id (ids are never reused after an undo).
      let count = 0;
      let next = 1;
      const order: string[] = [];
      const undoCounts: number[] = [];
      for (const event of events) {
        const p = event.payload as { message?: string; arguments?: string; messageId?: string };
        if (event.kind === 'start') {
          count = 1;
          next = 2;
          order.push('start');
        } else if (event.kind === 'tool' || event.kind === 'respond') {
          const tag =
            event.kind === 'tool'
              ? (JSON.parse(p.arguments!) as { order_id: string }).order_id
              : /Question (#\d+)/.exec(p.message!)![1]!;
          const r = replies.get(tag)!;
          expect(r.status).toBe(200);
          expect(r.json.messages.map((m: { id: string }) => m.id)).toEqual([`m${next}`, `m${next + 1}`]);
          count += 2;
          next += 2;
          order.push(tag);
        } else if (event.kind === 'undo') {
          count -= 2;
          undoCounts.push(count);
          order.push('undo');
        } else if (event.kind === 'rollback') {
          expect(p.messageId).toBe('m1');
          count = 1;
          order.push('rollback');
        } else {
          order.push('delete');
        }
      }
      const undone = [...replies]
        .filter(([tag, r]) => tag.startsWith('#') && r.status === 200 && r.json.undone != null)
        .map(([, r]) => r.json.messageCount as number);
      expect(undone.sort()).toEqual(undoCounts.sort());
      // Answers came back in the order the store recorded their events (each held the lock ~15 ms); undo
      // and rollback events carry no tag, so the tagged ones are compared.
      const tagged = order.filter((tag) => tag !== 'undo' && tag !== 'rollback');
      expect(arrived.filter((tag) => tagged.includes(tag))).toEqual(tagged);
      // The session in memory is the one the store rebuilds.
      const live = (await slow.call('GET', `/sessions/${id}`)).json;
      expect(live.history).toHaveLength(count);
      const numbers = live.history.map((m: { id: string }) => Number(m.id.slice(1)));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
      await slow.sessions.forget(id);
      const rebuilt = (await slow.call('GET', `/sessions/${id}`)).json;
      expect(rebuilt.history).toEqual(live.history);
      expect(rebuilt.stateHash).toBe(live.stateHash);
    } finally {
      await slow.close();
      rmSync(dir, { recursive: true, force: true });
    }
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

describe('failures leave nothing behind', () => {
  it('a customer model that fails (502) changes nothing: the next reply, the record and rollbacks carry on', async () => {
    const flaky = await startOpenAICompatibleServer({
      responses: [
        'Hello, I need help with an order.',
        'My zip code is 99219.',
        // The reply to the third message fails twice: the first call and its one retry.
        reply.serverError(),
        reply.error(500, {
          message:
            'login admin@corp.example password=hunter2 (Authorization: Bearer tok.abc123) upstream http://10.1.2.3:8080/v1 failed reading /var/lib/models/x.bin with key sk-abcdef123456',
        }),
        'It is order #W1392577.',
        'Yes, please cancel it.',
      ],
    });
    const logged: string[] = [];
    const s = await startTestServer({
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: flaky.url },
      modelOptions: { maxRetries: 1, sleep: async () => {} },
      log: (m) => logged.push(m),
    });
    try {
      const send = (path: string, body?: unknown) => s.call('POST', path, body === undefined ? {} : { body });
      const id = (
        await send('/sessions', {
          envName: 'retail',
          taskIndex: 0,
          userStrategy: 'llm',
          userProvider: 'openai-compatible',
          userModel: 'llama3.1:8b',
        })
      ).json.id as string;
      expect((await send(`/sessions/${id}/start`)).status).toBe(200);
      expect((await send(`/sessions/${id}/respond`, { message: 'Your zip code, please?' })).status).toBe(200);
      const failed = await send(`/sessions/${id}/respond`, { message: 'Which order is it?' });
      expectError(failed, 502, 'model_error', /failed after 2 calls: HTTP 500/);
      // The provider's own text reaches the log, not the client.
      for (const secret of ['10.1.2.3', '/var/lib', 'sk-abcdef', 'admin@corp', 'hunter2', 'tok.abc123'])
        expect(failed.text).not.toContain(secret);
      expect(failed.json.error.message).toMatch(/\[e-mail\] password=\[secret\]/);
      expect(logged.join('\n')).toContain('/var/lib/models');
      // The next reply goes on as if the failed one had never been asked.
      const next = await send(`/sessions/${id}/respond`, { message: 'Which order is it?' });
      expect(next.status).toBe(200);
      expect(next.json.observation).toBe('It is order #W1392577.');
      expect(next.json.messages.map((m: { id: string }) => m.id)).toEqual(['m4', 'm5']);
      expect(flaky.lastRequest!.messages.map((m) => m.content)).not.toContain(
        'Which order is it?\nWhich order is it?',
      );
      expect((await send(`/sessions/${id}/respond`, { message: 'Shall I cancel it?' })).status).toBe(200);
      const live = (await s.call('GET', `/sessions/${id}`)).json;
      expect(live.history.map((m: { id: string }) => m.id)).toEqual([
        'm1',
        'm2',
        'm3',
        'm4',
        'm5',
        'm6',
        'm7',
      ]);
      await s.sessions.forget(id);
      const rebuilt = (await s.call('GET', `/sessions/${id}`)).json;
      expect(rebuilt.history).toEqual(live.history);
      // A rollback to a message after the failure lands on the same place, live and rebuilt.
      const rolled = await send(`/sessions/${id}/rollback`, { messageId: 'm5' });
      expect(rolled.json).toEqual({ done: false, messageCount: 5 });
      const afterLive = (await s.call('GET', `/sessions/${id}`)).json;
      expect(afterLive.history).toEqual(live.history.slice(0, 5));
      await s.sessions.forget(id);
      const afterRebuilt = (await s.call('GET', `/sessions/${id}`)).json;
      expect(afterRebuilt.history).toEqual(afterLive.history);
      expect(afterRebuilt.stateHash).toBe(afterLive.stateHash);
      flaky.assertDone();
    } finally {
      await s.close();
      await flaky.close();
    }
  });

  it('a failed store write is 503 without internals; the session stays as stored and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-failing-store-'));
    const store = new WrappedStore(SqliteStore.open(join(dir, 'sigma.db')));
    const logged: string[] = [];
    const s = await startTestServer({ store, log: (m) => logged.push(m) });
    try {
      const send = (path: string, body?: unknown) => s.call('POST', path, body === undefined ? {} : { body });
      const id = (await send('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' })).json
        .id as string;
      await send(`/sessions/${id}/start`);
      const lookup = { name: 'get_order_details', arguments: { order_id: '#W1392577' } };
      expect((await send(`/sessions/${id}/tool`, lookup)).status).toBe(200);
      const before = (await s.call('GET', `/sessions/${id}`)).json;

      store.failNextAppend();
      const failed = await send(`/sessions/${id}/tool`, {
        name: 'cancel_pending_order',
        arguments: { order_id: '#W1392577', reason: 'no longer needed' },
      });
      expectError(failed, 503, 'storage_unavailable', /may not have been applied/);
      expect(failed.text).not.toContain('secret');
      expect(logged.join('\n')).toContain('/srv/secret/sigma.db');
      // What was stored is what there is: the cancellation did not happen.
      const after = (await s.call('GET', `/sessions/${id}`)).json;
      expect(after.history).toEqual(before.history);
      expect(after.stateHash).toBe(before.stateHash);

      store.failNextAppend();
      expectError(
        await send(`/sessions/${id}/respond`, { message: 'One moment.' }),
        503,
        'storage_unavailable',
      );
      expect((await s.call('GET', `/sessions/${id}`)).json.history).toEqual(before.history);

      // It goes on from there, and is rebuilt the same.
      const next = await send(`/sessions/${id}/respond`, {
        message: 'Could you give me your name and zip code?',
      });
      expect(next.status).toBe(200);
      expect(next.json.messages.map((m: { id: string }) => m.id)).toEqual(['m4', 'm5']);
      const live = (await s.call('GET', `/sessions/${id}`)).json;
      await s.sessions.forget(id);
      const rebuilt = (await s.call('GET', `/sessions/${id}`)).json;
      expect(rebuilt.history).toEqual(live.history);
      expect(rebuilt.stateHash).toBe(live.stateHash);
      expect((await send(`/sessions/${id}/tool`, lookup)).json.messages[0].id).toBe('m6');
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
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

  it("stores each reply's change of the customer's memory, not the whole conversation, and rebuilds it exactly", async () => {
    const model = await startOpenAICompatibleServer({
      handler: (request) => `Customer line ${request.index}: I would still like my refund, please.`,
    });
    const dir = mkdtempSync(join(tmpdir(), 'sigma-memory-'));
    const store = SqliteStore.open(join(dir, 'sigma.db'));
    const s = await startTestServer({ store, env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: model.url } });
    try {
      const post = (path: string, body?: unknown) => s.call('POST', path, body === undefined ? {} : { body });
      const memoryOf = async (id: string) => (await s.call('GET', `/trajectories/${id}`)).json.customerMemory;
      const id = (
        await post('/sessions', {
          envName: 'retail',
          taskIndex: 0,
          userStrategy: 'llm',
          userProvider: 'openai-compatible',
          userModel: 'llama3.1:8b',
        })
      ).json.id;
      await post(`/sessions/${id}/start`);
      /** The whole memory after each reply, in the order the replies were stored: what earlier builds stored. */
      const wholeAfter: unknown[] = [];
      const replyIds: string[] = [];
      for (let turn = 0; turn < 20; turn++) {
        const step = await post(`/sessions/${id}/respond`, {
          message: `Agent turn ${turn}: could you tell me more?`,
        });
        expect(step.status).toBe(200);
        replyIds.push(step.json.messages.at(-1).id);
        wholeAfter.push(await memoryOf(id));
        if (turn % 4 === 1) {
          await post(`/sessions/${id}/tool`, {
            name: 'get_order_details',
            arguments: { order_id: '#W2378156' },
          });
        }
        // Both take the customer back to an earlier memory: the next change is made from that one.
        if (turn === 8) expect((await post(`/sessions/${id}/undo`)).json.undone.name).toBe('respond');
        if (turn === 14)
          expect((await post(`/sessions/${id}/rollback`, { messageId: replyIds[11] })).status).toBe(200);
      }
      const memory = await memoryOf(id);
      const history = (await s.call('GET', `/sessions/${id}`)).json.history;
      const events = await store.listEvents(id);
      const replies = events.filter((e) => e.kind === 'respond').map((e) => JSON.stringify(e.payload));
      expect(replies).toHaveLength(20);
      // The last reply's event holds that turn only: not the opening, not the first agent message.
      expect(replies.at(-1)).not.toContain('Agent turn 0:');
      expect(replies.at(-1)).not.toContain(memory.messages[0].content.slice(0, 200));
      expect(replies.at(-1)!.length).toBeLessThan(JSON.stringify(memory).length / 5);

      const rebuilt = async () => {
        await s.sessions.forget(id);
        expect(await memoryOf(id)).toEqual(memory);
        expect((await s.call('GET', `/sessions/${id}`)).json.history).toEqual(history);
      };
      await rebuilt();

      // A session begun on an earlier build, which stored the whole memory after each reply (`memory`),
      // and continued on this one: its first replies are whole, the later ones changes. Then one whose
      // every reply is whole. Both replay the same.
      const raw = new DatabaseSync(store.path);
      const writeWhole = (upTo: number) => {
        let reply = 0;
        for (const event of events) {
          if (event.kind !== 'respond') continue;
          const { memoryChange: _, ...rest } = event.payload as { memoryChange?: JsonChange | null };
          if (reply < upTo) {
            raw
              .prepare('update events set payload = ? where session_id = ? and seq = ?')
              .run(JSON.stringify({ ...rest, memory: wholeAfter[reply] }), id, event.seq);
          }
          reply++;
        }
      };
      writeWhole(10);
      await rebuilt();
      writeWhole(20);
      raw.close();
      await rebuilt();
      // This build goes on from the whole memories with changes again.
      await post(`/sessions/${id}/respond`, { message: 'Agent turn 20: anything else?' });
      const later = await memoryOf(id);
      expect(later.messages).toHaveLength(memory.messages.length + 2);
      const last = (await store.listEvents(id)).at(-1)!;
      expect(last.payload).toEqual({
        message: 'Agent turn 20: anything else?',
        reply: later.messages.at(-1).content,
        memoryChange: expect.objectContaining({
          keys: expect.objectContaining({
            messages: { append: later.messages.slice(-2), at: memory.messages.length },
          }),
        }),
        // When the agent's message and the reply were made, kept so a rebuilt session shows the same times.
        times: { agentAt: expect.any(String), replyAt: expect.any(String) },
      });
      await s.sessions.forget(id);
      expect(await memoryOf(id)).toEqual(later);
    } finally {
      await s.close();
      await model.close();
      rmSync(dir, { recursive: true, force: true });
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
      await tampered.sessions.forget(id);
      const r = await tampered.call('GET', `/sessions/${id}`);
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ error: { code: 'internal', message: 'internal error: see the server log' } });
      expect(logged.join('\n')).toMatch(
        /event 1 \(tool\) does not replay: the tool's result differs from the recorded one/,
      );
    } finally {
      await tampered.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${store.path}${suffix}`, { force: true });
    }
  });
});
