// Several server processes on one PostgreSQL store serve any session consistently: the store decides the
// order of a session's events (a unique place per event), and a process whose copy is stale catches up
// on what the others stored before it answers. Two `sigma serve` processes with a client alternating
// between them, both writing one session at once, one killed with SIGKILL mid-burst; and
// `sigma serve --workers 2`, whose primary replaces a killed worker.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../src/core/domain/types.ts';
import { toJs } from '../src/core/python/index.ts';
import { PostgresStore } from '../src/store/index.ts';
import { call, type Reply, testRegistry } from './support/server-harness.ts';
import { testSchema } from './support/server-postgres.ts';
import { envWithoutModels, type ServerProcess, spawnServer } from './support/server-process.ts';
import { repoRoot } from './support/shared-data.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-shared-'));
const schema = testSchema('shared');
const running: ServerProcess[] = [];
let store: PostgresStore;
let task0: Task;

beforeAll(async () => {
  task0 = (await testRegistry().get('retail')).tasks.get('test')![0]!;
  store = PostgresStore.open({ url: schema.url });
  await store.migrate();
});
afterAll(async () => {
  for (const server of running) await server.kill();
  await store.close();
  rmSync(temp, { recursive: true, force: true });
  await schema.drop();
});

async function start(args: string[] = []): Promise<ServerProcess> {
  const server = await spawnServer(['--store', schema.url, ...args], {
    SIGMA_HOME: join(temp, 'home'),
    SIGMA_API_TOKEN: '',
  });
  running.push(server);
  return server;
}

const post = (url: string, path: string, body?: unknown) =>
  call(url, 'POST', path, body === undefined ? {} : { body });

async function newSession(url: string): Promise<string> {
  const created = await post(url, '/sessions', { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
  expect(created.status).toBe(201);
  return created.json.id;
}

/** A tool call whose expression names it, so each one can be found (once) in the history. */
const calculation = (label: string) => ({ name: 'calculate', arguments: { expression: `${label} + 0` } });

function calculationsIn(history: Array<{ role: string; content?: string; toolCalls?: unknown }>): string[] {
  const found: string[] = [];
  for (const message of history) {
    const text = JSON.stringify(message);
    for (const match of text.matchAll(/\\"expression\\": \\"(\d+) \+ 0\\"/g)) found.push(match[1]!);
  }
  return found;
}

describe('two sigma serve processes on one PostgreSQL store', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    [a, b] = await Promise.all([start(), start()]);
  });

  it('play one episode with requests alternating between them, to the same history and reward', async () => {
    const id = await newSession(a.url);
    expect((await post(b.url, `/sessions/${id}/start`)).status).toBe(200);
    const urls = [a.url, b.url];
    const sent: string[] = ['start'];
    for (const [i, action] of task0.actions.entries()) {
      const url = urls[i % 2]!;
      const args = toJs(action.kwargs) as Record<string, unknown>;
      const r = await post(url, `/sessions/${id}/tool`, { name: action.name, arguments: args });
      expect(r.status, action.name).toBe(200);
      expect(r.json.observation).not.toMatch(/^Error/);
      sent.push('tool');
      if (i === 0) {
        // A wrong call on one process, taken back through the other.
        expect((await post(urls[(i + 1) % 2]!, `/sessions/${id}/tool`, calculation('7'))).status).toBe(200);
        const undone = await post(url, `/sessions/${id}/undo`);
        expect(undone.json.undone).toMatchObject({ name: 'calculate' });
        sent.push('tool', 'undo');
      }
    }
    const [fromA, fromB] = await Promise.all([
      call(a.url, 'GET', `/sessions/${id}`),
      call(b.url, 'GET', `/sessions/${id}`),
    ]);
    expect(fromB.json.history).toEqual(fromA.json.history);
    expect(fromB.json.stateHash).toBe(fromA.json.stateHash);
    let r = await post(urls[1]!, `/sessions/${id}/respond`, {
      message: `All done. ${task0.outputs.join(' ')} Anything else?`,
    });
    sent.push('respond');
    if (!r.json.done) {
      r = await post(urls[0]!, `/sessions/${id}/respond`, { message: 'Thank you, goodbye.' });
      sent.push('respond');
    }
    expect(r.json, JSON.stringify(r.json)).toMatchObject({ done: true, reward: 1 });
    expect((await call(a.url, 'GET', `/sessions/${id}/result`)).json.reward).toMatchObject({ reward: 1 });
    // The store holds each request once, in the order they were sent.
    const events = await store.listEvents(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.kind)).toEqual(sent);
  });

  it('run a tool call on a copy behind the store against the session as stored, and refuse it once ended elsewhere', async () => {
    const id = await newSession(a.url);
    expect((await post(a.url, `/sessions/${id}/start`)).status).toBe(200);
    const find = task0.actions[0]!;
    const found = await post(a.url, `/sessions/${id}/tool`, {
      name: find.name,
      arguments: toJs(find.kwargs),
    });
    const userId = found.json.observation as string;
    expect(userId).not.toMatch(/^Error/);
    // A holds the session; B changes the user's address.
    const address = {
      user_id: userId,
      address1: '1 Quay Street',
      address2: 'Flat 2',
      city: 'Springfield',
      state: 'IL',
      country: 'USA',
      zip: '62701',
    };
    const moved = await post(b.url, `/sessions/${id}/tool`, {
      name: 'modify_user_address',
      arguments: address,
    });
    expect(moved.json.observation).toContain('1 Quay Street');
    // A's copy is one call behind: its read is of the data as stored, B's change included.
    const read = { name: 'get_user_details', arguments: { user_id: userId } };
    const seen = await post(a.url, `/sessions/${id}/tool`, read);
    expect(seen.status).toBe(200);
    expect(seen.json.observation).toContain('1 Quay Street');
    // Ended through B: A, whose copy is still running, refuses the next call and stores nothing.
    expect((await call(b.url, 'DELETE', `/sessions/${id}`)).status).toBe(200);
    const refused = await post(a.url, `/sessions/${id}/tool`, read);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/ended by DELETE/);
    const events = await store.listEvents(id);
    expect(events.map((e) => e.kind)).toEqual(['start', 'tool', 'tool', 'tool', 'abandon']);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('take writes to one session from both at once: every call is stored once, none lost', async () => {
    const id = await newSession(b.url);
    expect((await post(a.url, `/sessions/${id}/start`)).status).toBe(200);
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        post(i % 2 === 0 ? a.url : b.url, `/sessions/${id}/tool`, calculation(String(100 + i))),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    const history = (await call(a.url, 'GET', `/sessions/${id}`)).json.history;
    expect(calculationsIn(history).sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => String(100 + i)).sort(),
    );
    const events = await store.listEvents(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events).toHaveLength(17);
  });

  it('lose no acknowledged write when one is killed with SIGKILL mid-burst', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => newSession(a.url)));
    for (const id of ids) expect((await post(b.url, `/sessions/${id}/start`)).status).toBe(200);
    const acknowledged = new Map<string, string[]>(ids.map((id) => [id, []]));
    const sent = new Map<string, string[]>(ids.map((id) => [id, []]));
    let killed = false;
    const chain = async (id: string, s: number) => {
      for (let n = 0; n < 16; n++) {
        const label = String(1000 * (s + 1) + n);
        // Alternate while both live; after the kill, only the survivor is asked.
        const url = !killed && n % 2 === 0 ? a.url : b.url;
        sent.get(id)!.push(label);
        let reply: Reply | undefined;
        try {
          reply = await post(url, `/sessions/${id}/tool`, calculation(label));
        } catch {
          reply = undefined; // the connection died with the process: not acknowledged
        }
        if (reply?.status === 200) acknowledged.get(id)!.push(label);
        if (s === 0 && n === 6 && !killed) {
          killed = true;
          await a.kill();
        }
      }
    };
    await Promise.all(ids.map((id, s) => chain(id, s)));
    expect(killed).toBe(true);
    for (const id of ids) {
      const history = (await call(b.url, 'GET', `/sessions/${id}`)).json.history;
      const stored = calculationsIn(history);
      // Every acknowledged call is there exactly once; a call cut off by the kill at most once.
      for (const label of acknowledged.get(id)!) expect(stored.filter((l) => l === label)).toHaveLength(1);
      expect(new Set(stored).size).toBe(stored.length);
      for (const label of stored) expect(sent.get(id)).toContain(label);
      const events = await store.listEvents(id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    }
    const total = [...acknowledged.values()].reduce((sum, labels) => sum + labels.length, 0);
    expect(total).toBeGreaterThan(ids.length * 8);
  });
});

describe('sigma serve --workers 2', () => {
  it('serves from two processes and replaces a worker killed with SIGKILL', async () => {
    const server = await start(['--workers', '2']);
    const id = await newSession(server.url);
    expect((await post(server.url, `/sessions/${id}/start`)).status).toBe(200);
    const workers = await childPids(server.child.pid!);
    expect(workers).toHaveLength(2);
    for (let n = 0; n < 6; n++)
      expect((await post(server.url, `/sessions/${id}/tool`, calculation(String(50 + n)))).status).toBe(200);
    process.kill(workers[0]!, 'SIGKILL');
    let replaced: number[] = [];
    for (let i = 0; i < 100 && !(replaced.length === 2 && !replaced.includes(workers[0]!)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      replaced = await childPids(server.child.pid!);
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(workers[0]);
    for (let n = 6; n < 12; n++)
      expect((await post(server.url, `/sessions/${id}/tool`, calculation(String(50 + n)))).status).toBe(200);
    const history = (await call(server.url, 'GET', `/sessions/${id}`)).json.history;
    expect(calculationsIn(history)).toEqual(Array.from({ length: 12 }, (_, n) => String(50 + n)));
    expect(await server.stop()).toBe(0);
    expect(await childPids(server.child.pid!)).toEqual([]);
  });

  it('refuses a bad --workers value', async () => {
    const run = spawn(process.execPath, [join(repoRoot, 'src/cli/main.ts'), 'serve', '--workers', '0'], {
      env: { ...envWithoutModels(), NO_COLOR: '1' },
    });
    let err = '';
    run.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const code = await new Promise((resolve) => run.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--workers must be a whole number from 1 to 64, got "0"/);
  });
});

/** The process ids of a process's children (from /proc). */
async function childPids(pid: number): Promise<number[]> {
  const { readFileSync, readdirSync } = await import('node:fs');
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids.sort((x, y) => x - y);
}
