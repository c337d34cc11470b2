// Reviewers' notes over real HTTP: add a note to a session and to one of its messages, list, change,
// clear and delete them; bad input answers a clear 4xx and writes nothing; the token guards the routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server-harness.ts';

const TOKEN = 'annotations-test-token';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ token: TOKEN });
});
afterAll(async () => server.close());

const call = (method: string, path: string, body?: unknown) =>
  server.call(method, path, { token: TOKEN, ...(body === undefined ? {} : { body }) });

async function playedSession(): Promise<{ id: string; messageIds: string[] }> {
  const created = await call('POST', '/sessions', {
    envName: 'retail',
    taskIndex: 0,
    userStrategy: 'scripted',
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  expect((await call('POST', `/sessions/${id}/start`)).status).toBe(200);
  expect((await call('POST', `/sessions/${id}/respond`, { message: 'Hello, how can I help?' })).status).toBe(
    200,
  );
  const trajectory = await call('GET', `/trajectories/${id}`);
  return { id, messageIds: (trajectory.json.messages as Array<{ id: string }>).map((m) => m.id) };
}

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('/sessions/{id}/annotations', () => {
  it('adds notes on the session and on a message, lists, changes, clears and deletes them', async () => {
    const { id, messageIds } = await playedSession();
    const onMessage = messageIds.at(-1)!;

    const whole = await call('POST', `/sessions/${id}/annotations`, {
      rating: 'bad',
      text: 'Ended before the exchange was done',
      errorSource: 'agent',
      errorType: 'early_termination',
      author: 'ana@example.com',
    });
    expect(whole.status).toBe(201);
    expect(whole.json).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sessionId: id,
      rating: 'bad',
      errorSource: 'agent',
      errorType: 'early_termination',
      author: 'ana@example.com',
    });
    expect(Date.parse(whole.json.createdAt)).not.toBeNaN();
    const message = await call('POST', `/sessions/${id}/annotations`, {
      messageId: onMessage,
      errorSource: 'user',
      errorType: 'hallucination',
      author: 'bo',
    });
    expect(message.status).toBe(201);
    expect(message.json.messageId).toBe(onMessage);

    const list = await call('GET', `/sessions/${id}/annotations`);
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([whole.json, message.json]);

    const patched = await call('PATCH', `/sessions/${id}/annotations/${message.json.id}`, {
      errorType: 'logical',
      text: 'made up an order number',
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      errorSource: 'user',
      errorType: 'logical',
      text: 'made up an order number',
    });
    const cleared = await call('PATCH', `/sessions/${id}/annotations/${message.json.id}`, { text: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json).not.toHaveProperty('text');

    expect((await call('DELETE', `/sessions/${id}/annotations/${whole.json.id}`)).status).toBe(204);
    expect((await call('DELETE', `/sessions/${id}/annotations/${whole.json.id}`)).status).toBe(404);
    expect((await call('GET', `/sessions/${id}/annotations`)).json.items).toEqual([cleared.json]);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { id } = await playedSession();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ rating: 'meh', author: 'ana' }, 400, /rating/],
      [{ errorSource: 'customer', author: 'ana' }, 400, /errorSource/],
      [{ errorType: 'rude', author: 'ana' }, 400, /errorType/],
      [{ author: 'ana' }, 400, /at least one of errorSource, errorType, rating or text/],
      [{ rating: 'good' }, 400, /author/],
      [{ rating: 'good', author: 'ana', score: 3 }, 400, /score|unrecognized/i],
      [{ rating: 'good', author: 'ana', text: 'x'.repeat(10_001) }, 400, /text/],
      [
        { rating: 'good', author: 'ana', messageId: 'no-such-message' },
        422,
        /has no message "no-such-message"/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const r = await call('POST', `/sessions/${id}/annotations`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json.error.message).toMatch(message);
    }
    expect((await call('GET', `/sessions/${id}/annotations`)).json.items).toEqual([]);

    const note = await call('POST', `/sessions/${id}/annotations`, { rating: 'good', author: 'ana' });
    const path = `/sessions/${id}/annotations/${note.json.id}`;
    const empty = await call('PATCH', path, { rating: null });
    expect(empty.status).toBe(422);
    expect(empty.json.error.message).toMatch(/would leave note .* empty/);
    expect((await call('PATCH', path, {})).status).toBe(400);
    expect((await call('PATCH', path, { author: 'mallory' })).status).toBe(400);
    expect((await call('GET', `/sessions/${id}/annotations`)).json.items).toEqual([note.json]);

    expect(
      (await call('POST', `/sessions/${MISSING}/annotations`, { rating: 'good', author: 'a' })).status,
    ).toBe(404);
    expect((await call('GET', `/sessions/${MISSING}/annotations`)).status).toBe(404);
    expect((await call('PATCH', `/sessions/${id}/annotations/${MISSING}`, { rating: 'bad' })).status).toBe(
      404,
    );
    expect((await call('GET', '/sessions/not-a-uuid/annotations')).status).toBe(400);
    expect((await call('DELETE', `/sessions/${id}/annotations/not-a-uuid`)).status).toBe(400);
  });

  it('needs the token like every other route', async () => {
    const { id } = await playedSession();
    const r = await server.call('POST', `/sessions/${id}/annotations`, {
      body: { rating: 'good', author: 'a' },
    });
    expect(r.status).toBe(401);
    expect((await call('GET', `/sessions/${id}/annotations`)).json.items).toEqual([]);
  });
});
