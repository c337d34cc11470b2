// The server never loses a conversation: `sigma serve` runs as a real child process, is killed with
// SIGKILL in the middle of an episode, and started again on the same store. The session goes on with the
// same history, the same data (state hash) and the same customer memory, and every request that was
// answered before the kill is there. On SQLite and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Task } from '../src/core/domain/types.ts';
import { toJs } from '../src/core/python/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { startOpenAICompatibleServer } from '../src/testing/index.ts';
import { call, testRegistry } from './support/server-harness.ts';
import { testSchema } from './support/server-postgres.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-crash-'));
const schema = testSchema('crash');
const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) await server.kill();
  rmSync(temp, { recursive: true, force: true });
  await schema.drop();
});

async function start(store: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(['--store', store], {
    SIGMA_HOME: join(temp, 'home'),
    SIGMA_API_TOKEN: '',
    ...env,
  });
  running.push(server);
  return server;
}

/** The agent's actions before the crash and after it, as the reference run and the server both play them. */
type Step = { respond: string } | { tool: Task['actions'][number] } | { undo: true };

async function play(url: string, id: string, step: Step) {
  if ('respond' in step)
    return call(url, 'POST', `/sessions/${id}/respond`, { body: { message: step.respond } });
  if ('tool' in step) {
    return call(url, 'POST', `/sessions/${id}/tool`, {
      body: { name: step.tool.name, arguments: toJs(step.tool.kwargs) as Record<string, unknown> },
    });
  }
  return call(url, 'POST', `/sessions/${id}/undo`);
}

async function snapshot(url: string, id: string) {
  const session = (await call(url, 'GET', `/sessions/${id}`)).json;
  const trajectory = (await call(url, 'GET', `/trajectories/${id}`)).json;
  return {
    history: session.history,
    stateHash: session.stateHash,
    status: session.status,
    memory: trajectory.customerMemory,
  };
}

describe.each([
  ['sqlite', () => `sqlite:${join(temp, 'sigma.db')}`],
  ['postgres', () => schema.url],
])('crash recovery on %s', (_name, storeOf) => {
  it('continues after SIGKILL with the same history, data and customer memory, and finishes scored', async () => {
    const task = (await testRegistry().get('retail')).tasks.get('test')![0]!;
    const [find, details, cancel] = task.actions;
    const before: Step[] = [
      { respond: 'Hello! Could you give me your name and zip code?' },
      { tool: find! },
      { tool: details! },
      { respond: 'Which order is it about, and why?' },
      { undo: true },
      { respond: 'I see the order. Do you want me to cancel it?' },
      { tool: cancel! },
    ];
    const after: Step[] = [
      { respond: `Your order is cancelled. ${task.outputs.join(' ')} Anything else?` },
      { respond: 'Thank you, goodbye.' },
    ];

    // The reference: the same actions in one process, never interrupted.
    const reference = new SimulatorCore({
      envName: 'retail',
      taskIndex: 0,
      userStrategy: 'scripted',
      registry: testRegistry(),
    });
    await reference.start();
    const act = async (step: Step) => {
      if ('respond' in step) return reference.isDone ? undefined : reference.respondToUser(step.respond);
      if ('tool' in step)
        return reference.callTool(step.tool.name, toJs(step.tool.kwargs) as Record<string, unknown>);
      return reference.undo();
    };
    for (const step of before) await act(step);
    const referenceMidway = { hash: reference.stateHash(), memory: reference.toTrajectory().customerMemory };

    const store = storeOf();
    let server = await start(store);
    const created = await call(server.url, 'POST', '/sessions', {
      body: { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await call(server.url, 'POST', `/sessions/${id}/start`)).status).toBe(200);
    for (const step of before) expect((await play(server.url, id, step)).status).toBe(200);
    const midway = await snapshot(server.url, id);
    expect(midway.stateHash).toBe(referenceMidway.hash);
    expect(midway.memory).toEqual(referenceMidway.memory);

    await server.kill();
    expect(server.child.signalCode).toBe('SIGKILL');
    server = await start(store);
    const recovered = await snapshot(server.url, id);
    expect(recovered).toEqual(midway);

    // It goes on exactly as the uninterrupted run does.
    for (const step of after) {
      const expected = await act(step);
      if (expected === undefined) continue;
      const r = await play(server.url, id, step);
      expect(r.status).toBe(200);
      expect(r.json.observation).toBe((expected as { observation: string }).observation);
    }
    const final = await snapshot(server.url, id);
    expect(final.status).toBe('finished');
    expect(final.stateHash).toBe(reference.stateHash());
    expect(final.memory).toEqual(reference.toTrajectory().customerMemory);
    // The same messages; their times are when each run made them.
    const untimed = (history: readonly { at?: string }[]) => history.map(({ at: _, ...m }) => m);
    expect(untimed(final.history)).toEqual(untimed(reference.history));
    const result = await call(server.url, 'GET', `/sessions/${id}/result`);
    expect(result.json).toMatchObject({ done: true, reward: { reward: 1 }, endReason: 'user-stop' });
    await server.kill();
  });

  it('continues a model customer after SIGKILL: reads work without its key, and its next call has the whole conversation', async () => {
    const llm = await startOpenAICompatibleServer({
      handler: (request) => `Customer line ${request.index}.`,
    });
    const withModel = { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url };
    try {
      const store = storeOf();
      let server = await start(store, withModel);
      const created = await call(server.url, 'POST', '/sessions', {
        body: {
          envName: 'retail',
          taskIndex: 0,
          userStrategy: 'llm',
          userProvider: 'openai-compatible',
          userModel: 'llama3.1:8b',
          userTemperature: 0.3,
          userSeed: 7,
        },
      });
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      expect(created.json.customer).toMatchObject({ strategy: 'llm', promptVersion: 'llm-1' });
      await call(server.url, 'POST', `/sessions/${id}/start`);
      await call(server.url, 'POST', `/sessions/${id}/respond`, { body: { message: 'How can I help?' } });
      await call(server.url, 'POST', `/sessions/${id}/tool`, {
        body: { name: 'get_order_details', arguments: { order_id: '#W1392577' } },
      });
      const second = await call(server.url, 'POST', `/sessions/${id}/respond`, {
        body: { message: 'I found the order. What next?' },
      });
      expect(second.json.observation).toBe('Customer line 2.');
      // An undo puts the customer's earlier memory back: the next reply is stored as a change of that one.
      expect((await call(server.url, 'POST', `/sessions/${id}/undo`)).json.undone.name).toBe('respond');
      const again = await call(server.url, 'POST', `/sessions/${id}/respond`, {
        body: { message: 'I found the order. Anything else?' },
      });
      expect(again.json.observation).toBe('Customer line 3.');
      const before = await snapshot(server.url, id);
      const lastCall = llm.lastRequest!;
      await server.kill();

      // Without the model's address, the session is still shown and scored; only a reply fails, clearly.
      server = await start(store);
      expect(await snapshot(server.url, id)).toEqual(before);
      expect((await call(server.url, 'GET', `/sessions/${id}/result`)).status).toBe(200);
      expect((await call(server.url, 'GET', `/sessions/${id}`)).json.customer).toEqual(created.json.customer);
      const refused = await call(server.url, 'POST', `/sessions/${id}/respond`, {
        body: { message: 'Hello?' },
      });
      expect(refused.status).toBe(503);
      expect(refused.json.error.code).toBe('model_unavailable');
      expect(refused.json.error.message).toContain('SIGMA_OPENAI_COMPATIBLE_BASE_URL');
      expect(llm.requests).toHaveLength(4);
      await server.kill();

      // With it again, the first model call after the crash carries the whole stored conversation.
      server = await start(store, withModel);
      const third = await call(server.url, 'POST', `/sessions/${id}/respond`, {
        body: { message: 'Shall I cancel it?' },
      });
      expect(third.status).toBe(200);
      expect(third.json.observation).toBe('Customer line 4.');
      const after = llm.lastRequest!;
      expect(after.messages).toEqual([
        ...lastCall.messages,
        { role: 'assistant', content: 'Customer line 3.' },
        { role: 'user', content: 'Shall I cancel it?' },
      ]);
      expect(after.messages.map((m) => m.content)).toEqual(
        expect.arrayContaining(['How can I help?', 'Customer line 1.', 'I found the order. Anything else?']),
      );
      expect(after.messages.map((m) => m.content)).not.toContain('Customer line 2.');
      expect({ temperature: after.temperature, seed: after.seed, model: after.model }).toEqual({
        temperature: 0.3,
        seed: 7,
        model: 'llama3.1:8b',
      });
      await server.kill();
    } finally {
      await llm.close();
    }
  });

  it('keeps every answered request when killed with requests in flight', async () => {
    const store = storeOf();
    let server = await start(store);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await call(server.url, 'POST', '/sessions', {
        body: { envName: 'retail', taskIndex: i },
      });
      ids.push(created.json.id);
      await call(server.url, 'POST', `/sessions/${created.json.id}/start`);
    }
    const answered = new Map<string, Array<{ id: string; content: string }>>();
    for (const id of ids) answered.set(id, []);
    let stop = false;
    const loops = ids.flatMap((id) =>
      [0, 1].map(async (lane) => {
        for (let n = 0; !stop && n < 500; n++) {
          try {
            const r =
              (n + lane) % 4 === 3
                ? await call(server.url, 'POST', `/sessions/${id}/respond`, {
                    body: { message: `One moment please (${n}).` },
                  })
                : await call(server.url, 'POST', `/sessions/${id}/tool`, {
                    body: { name: 'get_order_details', arguments: { order_id: '#W1392577' } },
                  });
            if (r.status !== 200) break;
            const reply = r.json.messages[1];
            answered.get(id)!.push({ id: reply.id, content: reply.content });
          } catch {
            break; // the connection died with the server
          }
        }
      }),
    );
    // Kill it while the loops are busy.
    while ([...answered.values()].reduce((n, list) => n + list.length, 0) < 40) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await server.kill();
    stop = true;
    await Promise.all(loops);

    server = await start(store);
    for (const id of ids) {
      const { history } = (await call(server.url, 'GET', `/sessions/${id}`)).json as {
        history: Array<{ id: string; role: string; content: string | null; tool_calls?: unknown }>;
      };
      // Every answer the client got is in the history, as it was sent.
      const byId = new Map(history.map((m) => [m.id, m]));
      for (const seen of answered.get(id)!) expect(byId.get(seen.id)?.content).toBe(seen.content);
      // And the history is whole: the opening, then complete turns.
      expect(history.map((m) => m.id)).toEqual(history.map((_, i) => `m${i + 1}`));
      expect(history.length % 2).toBe(1);
      // It still takes requests.
      const next = await call(server.url, 'POST', `/sessions/${id}/tool`, {
        body: { name: 'get_order_details', arguments: { order_id: '#W1392577' } },
      });
      expect(next.status).toBe(200);
      expect(next.json.messages[0].id).toBe(`m${history.length + 1}`);
    }
    await server.stop();
  });
});
