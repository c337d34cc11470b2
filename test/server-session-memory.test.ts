// Bounded memory: beyond `sessionMemory` bytes (estimated), the least recently used idle sessions leave
// memory and are rebuilt from the store when next used — to exactly the state they had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../src/core/domain/types.ts';
import { toJs } from '../src/core/python/index.ts';
import { startTestServer, type TestServer, testRegistry } from './support/server-harness.ts';

let task0: Task;
const servers: TestServer[] = [];
beforeAll(async () => {
  task0 = (await testRegistry().get('retail')).tasks.get('test')![0]!;
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function serverWith(sessionMemory?: number): Promise<TestServer> {
  const server = await startTestServer(sessionMemory === undefined ? {} : { sessionMemory });
  servers.push(server);
  return server;
}

/** Plays task 0's ground truth on `count` sessions, one step of each in turn, with an undo in the middle. */
async function playInterleaved(server: TestServer, count: number) {
  const post = (path: string, body?: unknown) =>
    server.call('POST', path, body === undefined ? {} : { body });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await post('/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
    ids.push(created.json.id);
    await post(`/sessions/${created.json.id}/start`);
  }
  const observations: string[] = [];
  for (const [n, action] of task0.actions.entries()) {
    for (const id of ids) {
      const args = toJs(action.kwargs) as Record<string, unknown>;
      const r = await post(`/sessions/${id}/tool`, { name: action.name, arguments: args });
      expect(r.status).toBe(200);
      observations.push(r.json.observation);
      if (n === 1) {
        await post(`/sessions/${id}/tool`, { name: 'calculate', arguments: { expression: '2 * 21' } });
        expect((await post(`/sessions/${id}/undo`)).json.undone).toMatchObject({ name: 'calculate' });
      }
    }
  }
  const finals = [];
  for (const id of ids) {
    let r = await post(`/sessions/${id}/respond`, {
      message: `All done. ${task0.outputs.join(' ')} Anything else?`,
    });
    if (!r.json.done) r = await post(`/sessions/${id}/respond`, { message: 'Thank you, goodbye.' });
    const view = (await server.call('GET', `/sessions/${id}`)).json;
    finals.push({ reward: r.json.reward, history: view.history, stateHash: view.stateHash });
  }
  return { observations, finals };
}

describe('session memory', () => {
  it('evicts idle sessions beyond the budget and rebuilds them to the same state', async () => {
    const [roomy, tight] = await Promise.all([serverWith(), serverWith(1)]);
    const free = await playInterleaved(roomy, 3);
    const evicting = await playInterleaved(tight, 3);
    expect(roomy.sessions.rebuilds).toBe(0);
    // With a budget of one byte no session stays once its request is done: every request rebuilt one.
    expect(tight.sessions.rebuilds).toBeGreaterThan(3 * task0.actions.length);
    expect(tight.sessions.liveCount).toBe(0);
    expect(evicting.observations).toEqual(free.observations);
    expect(evicting.finals.map((f) => f.reward)).toEqual([1, 1, 1]);
    expect(evicting.finals.map((f) => f.stateHash)).toEqual(free.finals.map((f) => f.stateHash));
    // Message ids and texts are the same; only the times differ between two servers.
    const strip = (history: Array<Record<string, unknown>>) => history.map(({ at: _at, ...m }) => m);
    expect(evicting.finals.map((f) => strip(f.history))).toEqual(free.finals.map((f) => strip(f.history)));
  });

  it('keeps the most recently used sessions that fit, and counts their size', async () => {
    const probe = await serverWith();
    await playInterleaved(probe, 1);
    const one = probe.sessions.liveSize;
    expect(one).toBeGreaterThan(20_000);
    // Room for about two finished sessions: of four played in turn, the last ones used stay.
    const server = await serverWith(Math.round(one * 2.5));
    await playInterleaved(server, 4);
    expect(server.sessions.liveCount).toBeGreaterThanOrEqual(1);
    expect(server.sessions.liveCount).toBeLessThanOrEqual(2);
    expect(server.sessions.liveSize).toBeLessThanOrEqual(Math.round(one * 2.5));
    expect(server.sessions.rebuilds).toBeGreaterThan(0);
  });

  it('refuses a bad --session-memory', async () => {
    const { runCli } = await import('./support/run-cli.ts');
    const run = runCli(['serve', '--session-memory', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--session-memory must be a whole number of MiB/);
  });
});
