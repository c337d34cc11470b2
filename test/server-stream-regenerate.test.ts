// Over real HTTP: a model customer's reply streamed as it is written (POST /sessions/{id}/respond/stream,
// the loopback OpenAI-compatible server sending its reply in timed pieces), a stream that breaks midway
// (an `error` event, nothing stored), and POST /sessions/{id}/regenerate (the reply replaced with a
// note, refusals, and the same session after it is rebuilt from its stored events).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { parseSse, startTestServer, type TestServer } from './support/server-harness.ts';

let server: TestServer;
let llm: OpenAICompatibleTestServer;

beforeAll(async () => {
  llm = await startOpenAICompatibleServer();
  server = await startTestServer({ env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url } });
});
afterAll(async () => {
  await server.close();
  await llm.close();
});

const post = (path: string, body?: unknown) => server.call('POST', path, body === undefined ? {} : { body });

async function modelSession(): Promise<string> {
  llm.enqueue('Hi, I need help with an order.');
  const created = await post('/sessions', {
    envName: 'retail',
    taskIndex: 0,
    userStrategy: 'llm',
    userProvider: 'openai-compatible',
    userModel: 'llama3.1:8b',
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  expect((await post(`/sessions/${id}/start`)).status).toBe(200);
  return id;
}

const eventCount = async (id: string) => (await server.sessions.store.listEvents(id)).length;

describe('POST /sessions/{id}/respond/stream', () => {
  it("sends a model customer's reply in pieces as it is written, then the stored step", async () => {
    const id = await modelSession();
    const text = 'It is order number W1392577, placed last week for a lamp.';
    llm.enqueue(reply.text(text, { chunkDelayMs: 15 }));
    const r = await post(`/sessions/${id}/respond/stream`, { message: 'Which order is it?' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(r.text);
    const deltas = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(text);
    expect(events.at(-1)?.event).toBe('done');
    expect(events.slice(0, -1).every((e) => e.event === 'delta')).toBe(true);
    const step = events.at(-1)!.data as {
      observation: string;
      messages: Array<{ role: string; at: string }>;
    };
    expect(step.observation).toBe(text);
    expect(step.messages.map((m) => m.role)).toEqual(['assistant', 'user']);
    const history = (await server.call('GET', `/sessions/${id}`)).json.history;
    expect(history.at(-1)).toMatchObject({ role: 'user', content: text, at: step.messages[1]!.at });
    // The model was asked to stream.
    expect(llm.requests.at(-1)?.stream).toBe(true);
  });

  it('a stream that breaks after some pieces ends with an error event, and nothing of the step is stored', async () => {
    const id = await modelSession();
    const before = {
      events: await eventCount(id),
      history: (await server.call('GET', `/sessions/${id}`)).json,
    };
    llm.enqueue(
      reply.text('I would like to return the lamp I bought', { cutAfterPieces: 3, chunkDelayMs: 10 }),
    );
    const calls = llm.requests.length;
    const r = await post(`/sessions/${id}/respond/stream`, { message: 'How can I help?' });
    expect(r.status).toBe(200);
    const events = parseSse(r.text);
    expect(events.filter((e) => e.event === 'delta').length).toBe(3);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { status: 502, code: 'model_error' } });
    expect(events.some((e) => e.event === 'done')).toBe(false);
    // Not retried once pieces were shown: the model was called once for it.
    expect(llm.requests.length).toBe(calls + 1);
    expect(await eventCount(id)).toBe(before.events);
    expect((await server.call('GET', `/sessions/${id}`)).json.history).toEqual(before.history.history);
    // The session goes on as it was.
    llm.enqueue('I would like to return a lamp.');
    const again = await post(`/sessions/${id}/respond/stream`, { message: 'How can I help?' });
    expect(parseSse(again.text).at(-1)?.event).toBe('done');
    expect(await eventCount(id)).toBe(before.events + 1);
  });

  it('a failure before the first piece is an ordinary error answer; a scripted reply comes as one piece', async () => {
    const id = await modelSession();
    llm.enqueue(reply.unauthorized());
    const failed = await post(`/sessions/${id}/respond/stream`, { message: 'Hello?' });
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(failed.json.error.code).toBe('model_error');
    const missing = await post('/sessions/00000000-0000-4000-8000-000000000000/respond/stream', {
      message: 'x',
    });
    expect(missing.status).toBe(404);
    expect((await post(`/sessions/${id}/respond/stream`, {})).status).toBe(400);

    const created = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
    const sid = created.json.id as string;
    await post(`/sessions/${sid}/start`);
    const events = parseSse(
      (await post(`/sessions/${sid}/respond/stream`, { message: 'How can I help?' })).text,
    );
    expect(events.map((e) => e.event)).toEqual(['delta', 'done']);
    expect((events[0]!.data as { text: string }).text).toBe(
      (events[1]!.data as { observation: string }).observation,
    );
  });
});

describe('POST /sessions/{id}/regenerate', () => {
  it('replaces the last reply, tells the model the note, records it, and survives a rebuild from the events', async () => {
    const id = await modelSession();
    llm.enqueue('Sure, it is W1392577.');
    const first = await post(`/sessions/${id}/respond`, { message: 'Which order?' });
    expect(first.status).toBe(200);
    const replacedId = first.json.messages[1].id as string;
    llm.enqueue('Why should I tell you?');
    const r = await post(`/sessions/${id}/regenerate`, { note: 'be less cooperative' });
    expect(r.status).toBe(200);
    expect(r.json.observation).toBe('Why should I tell you?');
    expect(r.json.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user']);
    expect(r.json.messages[0].id).toBe(first.json.messages[0].id);
    expect(llm.requests.at(-1)!.messages[0]!.content).toContain('be less cooperative');
    const view = (await server.call('GET', `/sessions/${id}`)).json;
    expect(view.history.map((m: { content: string }) => m.content)).toEqual([
      'Hi, I need help with an order.',
      'Which order?',
      'Why should I tell you?',
    ]);
    const trajectory = (await server.call('GET', `/trajectories/${id}`)).json;
    expect(trajectory.regenerated).toEqual([
      expect.objectContaining({
        after: first.json.messages[0].id,
        replaced: expect.objectContaining({ id: replacedId, content: 'Sure, it is W1392577.' }),
        note: 'be less cooperative',
      }),
    ]);
    const events = await server.sessions.store.listEvents(id);
    expect(events.at(-1)).toMatchObject({ kind: 'regenerate', payload: { note: 'be less cooperative' } });

    // Rebuilt from its stored events (as after a restart): the same session, no model called.
    const calls = llm.requests.length;
    await server.sessions.forget(id);
    expect((await server.call('GET', `/sessions/${id}`)).json.history).toEqual(view.history);
    expect((await server.call('GET', `/trajectories/${id}`)).json).toEqual(trajectory);
    expect(llm.requests.length).toBe(calls);
  });

  it('refuses clearly: not after a tool result or the opening, not for a scripted customer, not a bad note', async () => {
    const id = await modelSession();
    const opening = await post(`/sessions/${id}/regenerate`, {});
    expect(opening.status).toBe(409);
    expect(opening.json.error.message).toMatch(/the last message is the customer's opening/);
    await post(`/sessions/${id}/tool`, { name: 'get_order_details', arguments: { order_id: '#W2378156' } });
    const afterTool = await post(`/sessions/${id}/regenerate`, { note: 'shorter' });
    expect(afterTool.status).toBe(409);
    expect(afterTool.json.error.message).toMatch(/a tool result.*send the customer a message first/);
    const tooLong = await post(`/sessions/${id}/regenerate`, { note: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect((await post(`/sessions/${id}/regenerate`, { note: 3 })).status).toBe(400);

    const created = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
    const sid = created.json.id as string;
    await post(`/sessions/${sid}/start`);
    await post(`/sessions/${sid}/respond`, { message: 'How can I help?' });
    const scripted = await post(`/sessions/${sid}/regenerate`, { note: 'shorter' });
    expect(scripted.status).toBe(409);
    expect(scripted.json.error.message).toMatch(
      /scripted customer cannot write its reply again.*needs a model customer/,
    );
    expect(await eventCount(sid)).toBe(2);
  });
});
