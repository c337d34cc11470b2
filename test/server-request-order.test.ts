import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJs } from '../src/core/python/index.ts';
import { startTestServer, type TestServer, testRegistry } from './support/server-harness.ts';

// What a refused request costs the session (nothing: no rebuild), and the order in which one session's
// requests apply when their bodies arrive late (the order they arrived in).

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, body?: unknown) => server.call('POST', path, body === undefined ? {} : { body });

async function started(): Promise<string> {
  const created = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
  expect(created.status).toBe(201);
  const id: string = created.json.id;
  expect((await post(`/sessions/${id}/start`)).status).toBe(200);
  return id;
}

async function groundTruth() {
  const task = (await testRegistry().get('retail')).tasks.get('test')?.[0];
  if (task === undefined) throw new Error('the built-in retail domain has no test task 0');
  return task.actions.map((a) => ({ name: a.name, arguments: toJs(a.kwargs) as Record<string, unknown> }));
}

/**
 * A POST whose headers go out at once and whose body follows when `sendBody` is called: the server sees
 * the request arrive before it can read what it asks.
 */
// biome-ignore lint/suspicious/noExplicitAny: test replies are checked field by field
type SlowReply = { status: number; json: any };

function slowPost(path: string, body: unknown): { sendBody(): void; reply: Promise<SlowReply> } {
  const text = JSON.stringify(body);
  const url = new URL(path, server.url);
  const req = request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
  });
  const reply = new Promise<SlowReply>((resolve, reject) => {
    req.on('response', (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        data += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: data === '' ? null : JSON.parse(data) }),
      );
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { sendBody: () => req.end(text), reply };
}

/** Lets the server take in what has been sent so far. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Waits until `count` requests on the session have arrived at the server (each has its place). */
async function arrived(id: string, count: number): Promise<void> {
  for (let i = 0; i < 600 && server.sessions.queued(id) < count; i++) await settle();
  expect(server.sessions.queued(id)).toBe(count);
}

describe('a refused request', () => {
  it('changes nothing and keeps the session in memory: the next call needs no rebuild', async () => {
    const id = await started();
    const [find] = await groundTruth();
    const first = await post(`/sessions/${id}/tool`, find);
    expect(first.status).toBe(200);
    const before = (await server.call('GET', `/sessions/${id}`)).json;
    const rebuilds = server.sessions.rebuilds;

    expect((await post(`/sessions/${id}/start`)).status).toBe(409);
    expect(
      (await post(`/sessions/${id}/tool`, { name: 'get_user_details', arguments: '{oops' })).status,
    ).toBe(422);
    expect((await post(`/sessions/${id}/rollback`, { messageId: 'm999' })).status).toBeGreaterThanOrEqual(
      400,
    );
    expect((await post(`/sessions/${id}/respond`, { message: '   ' })).status).toBe(422);

    const after = (await server.call('GET', `/sessions/${id}`)).json;
    expect(after.stateHash).toBe(before.stateHash);
    expect(after.history).toEqual(before.history);
    const next = await post(`/sessions/${id}/tool`, find);
    expect(next.status).toBe(200);
    expect(next.json.observation).toBe(first.json.observation);
    expect(server.sessions.rebuilds).toBe(rebuilds);

    // The counter does count: a session forgotten from memory is rebuilt on its next use.
    await server.sessions.forget(id);
    expect((await server.call('GET', `/sessions/${id}`)).status).toBe(200);
    expect(server.sessions.rebuilds).toBe(rebuilds + 1);
  });
});

describe('requests on one session', () => {
  it('apply in the order they arrived: an undo sent after a tool call takes back that call', async () => {
    const id = await started();
    const [find] = await groundTruth();
    const tool = slowPost(`/sessions/${id}/tool`, find);
    await arrived(id, 1);
    // The undo has no body: without arrival order it would run before the tool call's body is read.
    const undo = post(`/sessions/${id}/undo`);
    await arrived(id, 2);
    tool.sendBody();
    const [toolReply, undoReply] = await Promise.all([tool.reply, undo]);
    expect(toolReply.status).toBe(200);
    expect(undoReply.status).toBe(200);
    expect(undoReply.json.undone).toMatchObject({ name: find?.name });
    const view = (await server.call('GET', `/sessions/${id}`)).json;
    expect(view.history).toHaveLength(1);
  });

  it('apply in the order they arrived: a DELETE sent after many calls runs last', async () => {
    const id = await started();
    const [find] = await groundTruth();
    const calls = Array.from({ length: 30 }, () => slowPost(`/sessions/${id}/tool`, find));
    await arrived(id, 30);
    const deleted = server.call('DELETE', `/sessions/${id}?purge=true`);
    await arrived(id, 31);
    // Bodies arrive last-sent first, so only arrival (not body) order can keep the calls before the DELETE.
    for (const call of [...calls].reverse()) call.sendBody();
    const replies = await Promise.all(calls.map((c) => c.reply));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect((await deleted).status).toBeLessThan(300);
    expect((await server.call('GET', `/sessions/${id}`)).status).toBe(404);
  });

  it('do not hold up other sessions while a body is on its way', async () => {
    const slow = await started();
    const other = await started();
    const [find] = await groundTruth();
    const tool = slowPost(`/sessions/${slow}/tool`, find);
    await settle();
    const quick = await post(`/sessions/${other}/tool`, find);
    expect(quick.status).toBe(200);
    // The slow request's answer has not come: it is still waiting for its body.
    let answered = false;
    void tool.reply.then(() => {
      answered = true;
    });
    await settle();
    expect(answered).toBe(false);
    tool.sendBody();
    expect((await tool.reply).status).toBe(200);
  });
});

describe('routes that take no body', () => {
  it('refuse one (a messageId sent to /undo by mistake performs nothing), and take none or {}', async () => {
    const id = await started();
    const [find] = await groundTruth();
    expect((await post(`/sessions/${id}/tool`, find)).status).toBe(200);
    const refused = await post(`/sessions/${id}/undo`, { messageId: 'm1' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/takes no body.*rollback/);
    expect((await server.call('GET', `/sessions/${id}`)).json.history).toHaveLength(3);
    const created = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
    const start = await post(`/sessions/${created.json.id}/start`, { message: 'hello' });
    expect(start.status).toBe(400);
    expect((await server.call('GET', `/sessions/${created.json.id}`)).json.started).toBe(false);
    expect((await post(`/sessions/${created.json.id}/start`, {})).status).toBe(200);
    expect((await post(`/sessions/${id}/undo`, {})).json.undone).toMatchObject({ name: find?.name });
  });
});
