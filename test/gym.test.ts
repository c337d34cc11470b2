// The RL environment on a real `sigma serve` child process: /gym over HTTP and OpenEnv's /ws over a
// WebSocket each play retail task 0 to reward 1.0 with a scripted plan; /schema, /metadata and
// /gym/tasks; bad input answered clearly; and the Python example (standard library) run by python3.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

// biome-ignore lint/suspicious/noExplicitAny: the answers are JSON, read loosely by the assertions
type Json = any;

let server: ServerProcess;
const home = tempDir('gym');
beforeAll(async () => {
  server = await spawnServer(['--store', `sqlite:${join(home, 'gym.db')}`], { SIGMA_HOME: home });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const PLAN = [
  { type: 'message', content: 'Could you give me your name and zip code?' },
  {
    type: 'tool_call',
    name: 'find_user_id_by_name_zip',
    arguments: { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' },
  },
  { type: 'message', content: 'I will cancel order #W1392577 (reason: no longer needed). Shall I go ahead?' },
  {
    type: 'tool_call',
    name: 'cancel_pending_order',
    arguments: '{"order_id": "#W1392577", "reason": "no longer needed"}',
  },
  { type: 'message', content: 'Done: the order is cancelled. Anything else?' },
];

async function post(path: string, body: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('/gym over HTTP', () => {
  it('plays an episode to reward 1.0, with the breakdown on the final step, stored as a session', async () => {
    const reset = await post('/gym/reset', {
      domain: 'retail',
      index: 0,
      customer: { strategy: 'scripted' },
    });
    expect(reset.status).toBe(200);
    expect(reset.json.observation).toEqual({
      role: 'customer',
      content: expect.stringContaining('#W1392577'),
    });
    expect(reset.json.tools.map((t: { name: string }) => t.name)).toContain('cancel_pending_order');
    expect(reset.json.policy.length).toBeGreaterThan(100);
    expect(reset.json.task).toMatchObject({ domain: 'retail', index: 0, split: 'test' });
    const episodeId = reset.json.episodeId;
    const steps = [];
    for (const action of PLAN) {
      const step = await post('/gym/step', { episodeId, action });
      expect(step.status).toBe(200);
      steps.push(step.json);
    }
    expect(steps[1].observation).toEqual({ role: 'tool', content: 'bruno_haddad_4608' });
    expect(steps.slice(0, -1).every((s) => s.reward === null && s.done === false)).toBe(true);
    const last = steps.at(-1);
    expect(last.done).toBe(true);
    expect(last.reward).toBe(1);
    expect(last.info).toMatchObject({ steps: 5, endReason: 'user-stop', reward: { reward: 1 } });
    expect(last.info.reward.breakdown).toBeDefined();
    const after = await post('/gym/step', { episodeId, action: PLAN[0] });
    expect(after.status).toBe(409);
    const stored = await fetch(`${server.url}/sessions/${episodeId}`);
    expect(stored.status).toBe(200);
  }, 60_000);

  it('lists tasks, picks one by id, and refuses bad input clearly', async () => {
    const tasks: Json = await (await fetch(`${server.url}/gym/tasks?domain=retail`)).json();
    expect(tasks).toMatchObject({ domain: 'retail', split: 'test' });
    expect(tasks.tasks[0]).toEqual({ index: 0, id: expect.any(String) });
    const byId = await post('/gym/reset', { domain: 'retail', taskId: tasks.tasks[3].id });
    expect(byId.json.task.index).toBe(3);
    const bad = await post('/gym/step', { episodeId: byId.json.episodeId, action: { type: 'dance' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/invalid body: action/);
    const noTask = await post('/gym/reset', { domain: 'retail', taskId: 'no-such-task' });
    expect(noTask.status).toBe(422);
    expect(noTask.json.error.message).toMatch(/has no task "no-such-task"/);
    const unknown = await post('/gym/step', {
      episodeId: '00000000-0000-4000-8000-000000000000',
      action: PLAN[0],
    });
    expect(unknown.status).toBe(404);
  }, 30_000);
});

describe("OpenEnv's /ws, /schema and /metadata", () => {
  it('serves the schemas and the metadata in OpenEnv shapes', async () => {
    const schema: Json = await (await fetch(`${server.url}/schema`)).json();
    expect(Object.keys(schema).sort()).toEqual(['action', 'observation', 'state']);
    expect(JSON.stringify(schema.action)).toContain('tool_call');
    expect(schema.state.properties.step_count.type).toBe('integer');
    const metadata: Json = await (await fetch(`${server.url}/metadata`)).json();
    expect(Object.keys(metadata).sort()).toEqual(
      ['author', 'description', 'documentation_url', 'name', 'readme_content', 'version'].sort(),
    );
    expect(metadata.name).toBe('sigma');
  });

  it('plays an episode to reward 1.0 with reset, step, state and close messages', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    const inbox: Json[] = [];
    let wake: (() => void) | undefined;
    ws.on('message', (data) => {
      inbox.push(JSON.parse(String(data)));
      wake?.();
    });
    const closed = new Promise((resolve) => ws.on('close', resolve));
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const ask = async (message: unknown) => {
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return inbox.shift();
    };
    expect(await ask({ type: 'step', data: PLAN[0] })).toMatchObject({
      type: 'error',
      data: { code: 'SESSION_ERROR' },
    });
    const reset = await ask({ type: 'reset', data: { domain: 'retail', task_index: 0, seed: 3 } });
    expect(reset.type).toBe('observation');
    expect(reset.data).toMatchObject({ reward: null, done: false });
    expect(reset.data.observation.content).toContain('#W1392577');
    let last: Json;
    for (const action of PLAN) last = await ask({ type: 'step', data: action });
    expect(last).toMatchObject({ type: 'observation', data: { done: true, reward: 1 } });
    expect(last.data.metadata.reward.reward).toBe(1);
    const state = await ask({ type: 'state' });
    expect(state).toMatchObject({
      type: 'state',
      data: { episode_id: reset.data.observation.episode_id, step_count: 5, done: true, reward: 1 },
    });
    expect(await ask('not json')).toMatchObject({ type: 'error', data: { code: 'INVALID_JSON' } });
    expect(await ask({ type: 'dance' })).toMatchObject({ type: 'error', data: { code: 'UNKNOWN_TYPE' } });
    expect(await ask({ type: 'step', data: { type: 'message' } })).toMatchObject({
      type: 'error',
      data: { code: 'VALIDATION_ERROR' },
    });
    ws.send(JSON.stringify({ type: 'close' }));
    expect(await closed).toBe(1000);
  }, 60_000);
});

describe('/ws access', () => {
  it('with a token, refuses an upgrade without it and serves one with it', async () => {
    const token = 'a'.repeat(32);
    const guarded = await spawnServer(['--store', `sqlite:${join(home, 'guarded.db')}`], {
      SIGMA_HOME: home,
      SIGMA_API_TOKEN: token,
    });
    try {
      const url = `${guarded.url.replace('http', 'ws')}/ws`;
      const refused = await new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
      expect(refused).toBe(401);
      const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
      const reply = await new Promise<Json>((resolve, reject) => {
        ws.on('open', () => ws.send(JSON.stringify({ type: 'state' })));
        ws.on('message', (data) => resolve(JSON.parse(String(data))));
        ws.on('error', reject);
      });
      expect(reply).toEqual({ type: 'state', data: { episode_id: null, step_count: 0 } });
      ws.close();
    } finally {
      await guarded.stop();
    }
  }, 60_000);
});

describe('the Python example', () => {
  it('runs an episode through /gym with python3 to reward 1.0', () => {
    const run = spawnSync('python3', [join(repoRoot, 'examples/gym_episode.py'), '--url', server.url], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/customer > .*#W1392577/);
    expect(run.stdout).toContain('tool     > bruno_haddad_4608');
    expect(run.stdout).toContain('done: True, reward: 1, end: user-stop');
    expect(run.stdout).toMatch(/breakdown: .*"stateMatch": true/);
  }, 60_000);
});
