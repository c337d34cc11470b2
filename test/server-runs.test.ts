// The runs routes over HTTP, on a store filled by `sigma run` against the loopback model: the list and a
// run's summary are `sigma run --status`'s, the grid holds every attempt (reward, termination, its
// trajectory), disagreeing tasks are marked, two runs compare task by task, and bad ids get JSON errors.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptSeed, type RunSummary } from '../src/runs/index.ts';
import { openStore } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { runModelAnswer } from './support/run-model.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { tempDir } from './support/temp-dir.ts';

// Run a (seed 0): task 0 fails its second trial (2 of 3); run b (seed 1): task 0 succeeds 3 of 3.
// Task 1 is never solved by the loopback agent (0 of 3 in both).
const FAIL = new Set([attemptSeed(0, 0, 1)]);

let llm: OpenAICompatibleTestServer;
let server: TestServer;
let dir: string;
let a: RunSummary;
let b: RunSummary;

async function run(seed: number): Promise<RunSummary> {
  const args = [
    'run',
    '--env',
    'retail',
    '--agent-model',
    'openai-compatible:agent-test',
    '--task-ids',
    '0,1',
  ];
  args.push(
    '--trials',
    '3',
    '--max-steps',
    '6',
    '--seed',
    String(seed),
    '--store',
    `sqlite:${join(dir, 's.db')}`,
  );
  const result = await runCliAsync([...args, '--json'], {
    env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_HOME: dir },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RunSummary;
}

beforeAll(async () => {
  dir = tempDir('server-runs');
  llm = await startOpenAICompatibleServer({ handler: (r) => runModelAnswer(r, { failSeeds: FAIL }) });
  a = await run(0);
  b = await run(1);
  const store = openStore(`sqlite:${join(dir, 's.db')}`);
  await store.migrate();
  server = await startTestServer({ store });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await llm?.close();
});

describe('GET /runs', () => {
  it('lists every run with the summary `sigma run` printed', async () => {
    const reply = await server.call('GET', '/runs');
    expect(reply.status).toBe(200);
    const items = reply.json.items as Array<Record<string, unknown>>;
    expect(items.map((r) => r.id).sort()).toEqual([a.runId, b.runId].sort());
    const ra = items.find((r) => r.id === a.runId)!;
    expect(ra).toMatchObject({
      status: 'finished',
      env: 'retail',
      agent: 'openai-compatible:agent-test',
      customer: a.customer,
      trials: 3,
      tasks: 2,
      progress: { done: 6, total: 6, retried: 0 },
      passHatK: a.passHatK,
      terminations: a.terminations,
      cost: a.cost,
    });
    // By hand: task 0 has 2 of 3, task 1 none: pass^1 = (2/3)/2, pass^2 = (1/3)/2, pass^3 = 0.
    expect(ra.passHatK).toEqual({ '1': 1 / 3, '2': 1 / 6, '3': 0 });
    expect(items.find((r) => r.id === b.runId)!.passHatK).toEqual({ '1': 0.5, '2': 0.5, '3': 0.5 });
  });
});

describe('GET /runs/{id}', () => {
  it("gives the task × trial grid with each attempt's reward, termination and trajectory", async () => {
    const reply = await server.call('GET', `/runs/${a.runId}`);
    expect(reply.status).toBe(200);
    expect(reply.json.passHatK).toEqual(a.passHatK);
    expect(reply.json.passHatKInterval).toEqual(a.passHatKInterval);
    const grid = reply.json.grid as Array<{
      taskIndex: number;
      successes: number;
      finished: number;
      disagree: boolean;
      cells: Array<{ trial: number; reward: number; termination: string; sessionId: string }>;
    }>;
    expect(grid.map((row) => [row.taskIndex, row.successes, row.finished, row.disagree])).toEqual([
      [0, 2, 3, true],
      [1, 0, 3, false],
    ]);
    expect(grid[0]!.cells.map((c) => c.reward)).toEqual([1, 0, 1]);
    expect(grid[1]!.cells.map((c) => c.termination)).toEqual(['user_stop', 'user_stop', 'user_stop']);
    // Each cell's session is the stored trajectory of that attempt.
    const cell = grid[0]!.cells[1]!;
    const trajectory = await server.call('GET', `/trajectories/${cell.sessionId}`);
    expect(trajectory.status).toBe(200);
    expect(trajectory.json).toMatchObject({ id: cell.sessionId, task: { index: 0 }, reward: { reward: 0 } });
  });

  it('answers 404 in JSON for an unknown run and 400 for a malformed id', async () => {
    const missing = await server.call('GET', '/runs/000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'not_found' });
    expect(missing.json.error.message).toContain('000000000000');
    const bad = await server.call('GET', `/runs/${encodeURIComponent('a b!')}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/run id/);
  });
});

describe('GET /runs/{id}/compare/{other}', () => {
  it('says, task by task, whether the other run did better, worse or the same', async () => {
    const forward = await server.call('GET', `/runs/${a.runId}/compare/${b.runId}`);
    expect(forward.status).toBe(200);
    expect(forward.json.a.id).toBe(a.runId);
    expect(forward.json.b.id).toBe(b.runId);
    expect(forward.json.tasks).toEqual([
      {
        taskIndex: 0,
        a: { successes: 2, finished: 3, passRate: 2 / 3 },
        b: { successes: 3, finished: 3, passRate: 1 },
        change: 'better',
      },
      {
        taskIndex: 1,
        a: { successes: 0, finished: 3, passRate: 0 },
        b: { successes: 0, finished: 3, passRate: 0 },
        change: 'same',
      },
    ]);
    expect(forward.json.counts).toEqual({ better: 1, worse: 0, same: 1, notComparable: 0 });
    const backward = await server.call('GET', `/runs/${b.runId}/compare/${a.runId}`);
    expect(backward.json.tasks[0].change).toBe('worse');
  });

  it('answers 404 when either run is unknown', async () => {
    const reply = await server.call('GET', `/runs/${a.runId}/compare/ffffffffffff`);
    expect(reply.status).toBe(404);
    expect(reply.json.error.message).toContain('ffffffffffff');
  });
});

describe('bad ids', () => {
  it('answers 400 in JSON naming the parameter and what a run id is', async () => {
    const reply = await server.call('GET', `/runs/${a.runId}/compare/${encodeURIComponent('../x')}`);
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toMatch(/^invalid param: other: a run id/);
  });
});

describe('the runs pages beside the API', () => {
  it('sends the web app to a browser asking for HTML and JSON to everyone else, varying on Accept', async () => {
    for (const path of ['/runs', `/runs/${a.runId}`, `/runs/${a.runId}/compare/${b.runId}`]) {
      const page = await server.call('GET', path, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('vary')).toBe('Accept');
      expect(page.text).toContain('<div id="root">');
      const api = await server.call('GET', path);
      expect(api.status).toBe(200);
      expect(api.headers.get('content-type')).toMatch(/^application\/json/);
      expect(api.headers.get('vary')).toBe('Accept');
    }
  });
});
