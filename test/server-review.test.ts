// Step-through and the review queue over real HTTP: the data after each action of a recorded
// trajectory (replayed from its record), steps out of range refused; the queue gives each reviewer
// the next un-annotated session matching the filter, never one another reviewer holds, and a note or a
// skip ends the hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server-harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const post = async (path: string, body: unknown = {}) => {
  const r = await server.call('POST', path, { body });
  expect(r.status, r.text).toBeLessThan(300);
  return r.json;
};

/** Retail task 0: a lookup, then the cancellation (which changes the order), then the goodbye. */
async function cancelled(): Promise<string> {
  const { id } = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
  await post(`/sessions/${id}/start`);
  await post(`/sessions/${id}/tool`, { name: 'get_order_details', arguments: { order_id: '#W1392577' } });
  await post(`/sessions/${id}/tool`, {
    name: 'cancel_pending_order',
    arguments: { order_id: '#W1392577', reason: 'no longer needed' },
  });
  await post(`/sessions/${id}/respond`, { message: 'Your order #W1392577 is cancelled. Anything else?' });
  return id;
}

describe('GET /trajectories/{id}/steps/{n}', () => {
  it('gives the data after each action, from the initial data to the last action', async () => {
    const id = await cancelled();
    const step = async (n: number) => server.call('GET', `/trajectories/${id}/steps/${n}`);
    const initial = await step(0);
    expect(initial.status).toBe(200);
    expect(initial.json).toEqual({ action: 0, actions: 2, call: null, changes: [] });
    const lookup = (await step(1)).json;
    expect(lookup.call).toMatchObject({ name: 'get_order_details', messageId: expect.any(String) });
    expect(lookup.changes).toEqual([]); // a lookup changes nothing
    const cancel = (await step(2)).json;
    expect(cancel.call.name).toBe('cancel_pending_order');
    // The order is cancelled and its payment refunded to the customer's gift card.
    expect(cancel.changes).toEqual([
      expect.objectContaining({
        table: 'orders',
        id: '#W1392577',
        kind: 'changed',
        changes: expect.arrayContaining([{ path: ['status'], before: 'pending', after: 'cancelled' }]),
      }),
      expect.objectContaining({
        table: 'users',
        kind: 'changed',
        changes: [expect.objectContaining({ path: ['payment_methods', 'gift_card_1200908', 'balance'] })],
      }),
    ]);
    // The agent's message of the call is one of the trajectory's.
    const record = (await server.call('GET', `/trajectories/${id}`)).json;
    expect(record.messages.map((m: { id: string }) => m.id)).toContain(cancel.call.messageId);
  });

  it("is the web app's page to a browser, the record to any other client", async () => {
    const id = await cancelled();
    const page = await fetch(`${server.url}/trajectories/${id}`, { headers: { Accept: 'text/html,*/*' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const record = await fetch(`${server.url}/trajectories/${id}`);
    expect(record.headers.get('content-type')).toContain('application/json');
    expect(((await record.json()) as { id: string }).id).toBe(id);
  });

  it('refuses a step out of range or malformed, and an unknown session', async () => {
    const id = await cancelled();
    const beyond = await server.call('GET', `/trajectories/${id}/steps/3`);
    expect(beyond.status).toBe(404);
    expect(beyond.json.error.message).toMatch(
      /has 2 actions: the step is 0 \(the initial data\) to 2, not 3/,
    );
    expect((await server.call('GET', `/trajectories/${id}/steps/-1`)).status).toBe(400);
    expect((await server.call('GET', `/trajectories/${id}/steps/one`)).status).toBe(400);
    const missing = await server.call('GET', '/trajectories/00000000-0000-4000-8000-000000000000/steps/0');
    expect(missing.status).toBe(404);
  });
});

describe('/review', () => {
  it('gives two reviewers different sessions, skips, and ends a hold with a note', async () => {
    // Sessions of a domain no other test here plays, so the filter sees only these.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await post('/sessions', { envName: 'airline', taskIndex: 0, userStrategy: 'scripted' });
      await post(`/sessions/${id}/start`);
      ids.push(id);
    }
    const filter = { domain: 'airline' };
    const ana = await post('/review/next', { reviewer: 'ana', filter });
    const bo = await post('/review/next', { reviewer: 'bo', filter });
    expect(ana.id).toBe(ids[0]); // oldest first
    expect(bo.id).toBe(ids[1]); // not ana's
    expect(ana.unreviewed).toBe(3);
    expect(Date.parse(ana.expiresAt)).toBeGreaterThan(Date.now());
    // Asking again keeps one's own session.
    expect((await post('/review/next', { reviewer: 'ana', filter })).id).toBe(ids[0]);
    // Ana skips hers: the next is the third (bo holds the second), and hers is free again.
    const skipped = await post('/review/next', { reviewer: 'ana', filter, exclude: [ids[0]] });
    expect(skipped.id).toBe(ids[2]);
    expect((await post('/review/next', { reviewer: 'cy', filter })).id).toBe(ids[0]);
    // A note on bo's session makes it reviewed and ends the hold.
    await post(`/sessions/${ids[1]}/annotations`, { rating: 'good', author: 'bo' });
    const after = await post('/review/next', { reviewer: 'bo', filter });
    expect(after.unreviewed).toBe(2);
    expect(after.id).toBeNull(); // ana holds the third, cy the first
    expect(await post('/review/release', { reviewer: 'ana', id: ids[2] })).toEqual({ released: true });
    expect(await post('/review/release', { reviewer: 'ana', id: ids[2] })).toEqual({ released: false });
    expect((await post('/review/next', { reviewer: 'bo', filter })).id).toBe(ids[2]);
  });

  it("renews the reviewer's own hold, and refuses to renew another reviewer's", async () => {
    // A task no other test here plays, so the filter sees only this session.
    const { id, taskId } = await post('/sessions', {
      envName: 'retail',
      taskIndex: 7,
      userStrategy: 'scripted',
    });
    await post(`/sessions/${id}/start`);
    const filter = { taskId };
    const held = await post('/review/next', { reviewer: 'dee', filter, holdSeconds: 5 });
    expect(held.id).toBe(id);
    const renewed = await post('/review/renew', { reviewer: 'dee', id, holdSeconds: 600 });
    expect(renewed.id).toBe(id);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(held.expiresAt));
    const other = await server.call('POST', '/review/renew', { body: { reviewer: 'eve', id } });
    expect(other.status).toBe(409);
    expect(other.json.error.message).toMatch(/held by another reviewer/);
    // Still dee's: eve is not given it.
    expect((await post('/review/next', { reviewer: 'eve', filter })).id).toBeNull();
    const missing = await server.call('POST', '/review/renew', {
      body: { reviewer: 'dee', id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(missing.status).toBe(404);
  });

  it('refuses a bad filter or reviewer with a clear error', async () => {
    const bad = await server.call('POST', '/review/next', {
      body: { reviewer: 'ana', filter: { rewardMax: 'lots' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/filter\.rewardMax: a number/);
    expect((await server.call('POST', '/review/next', { body: { reviewer: ' ' } })).status).toBe(400);
    expect((await server.call('POST', '/review/next', { body: { reviewer: 'ana', extra: 1 } })).status).toBe(
      400,
    );
  });
});
