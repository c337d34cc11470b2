// tau2's airline end to end: fetched with `sigma data fetch tau2` (from a loopback server serving the
// shared copy, pinned by its length and git blob id), listed by the registry as airline@tau2, and an
// episode played and scored with tau2's breakdown in the terminal and over HTTP.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchData, gitBlobId } from '../src/fetch/fetch.ts';
import type { DataManifest, PinnedFile } from '../src/fetch/manifest.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { runCli } from './support/run-cli.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv, Terminal, tmuxAvailable } from './support/tmux.ts';

const REPO = 'sierra-research/tau2-bench';
const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';

/** Task index 8 of the base split is tau2 airline task "11": a cabin change refunding 5244. */
const TASK_INDEX = '8';
const CHANGE = {
  reservation_id: 'GV1N64',
  cabin: 'basic_economy',
  flights: [
    { flight_number: 'HAT003', date: '2024-05-19' },
    { flight_number: 'HAT290', date: '2024-05-20' },
  ],
  payment_id: 'gift_card_1642017',
};
const TOLD = 'Done: you fly basic economy now, and 5244 dollars go back to your gift card. Anything else?';
const UNTOLD = 'Done: you fly basic economy now. Anything else?';

describe.skipIf(noSharedData)(`tau2 airline, fetched and played (${skipReason})`, () => {
  let files: StaticServer;
  let home: string;

  beforeAll(async () => {
    const served = new Map<string, Uint8Array>();
    const pin = (name: string): PinnedFile => {
      const body = readFileSync(shared('tau2', 'airline', name));
      const path = `data/tau2/domains/airline/${name}`;
      served.set(`/${REPO}/${COMMIT}/${path}`, body);
      return name === 'db.json'
        ? { path, target: name, convert: 'copy', gitBlob: { bytes: body.length, sha1: gitBlobId(body) } }
        : { path, target: name, convert: 'copy', sha256: sha256Of(body) };
    };
    const manifest: DataManifest = {
      tau2: {
        repository: REPO,
        commit: COMMIT,
        domains: { airline: ['db.json', 'tasks.json', 'split_tasks.json', 'policy.md'].map(pin) },
      },
    };
    files = await startStaticServer(served);
    home = tempDir('tau2-airline-home');
    await fetchData({ source: 'tau2', domainsDir: join(home, 'domains'), baseUrl: files.url, manifest });
  });
  afterAll(async () => {
    await files?.close();
  });

  it('is listed as airline@tau2 once fetched, with tau2 tools', async () => {
    const registry = new DomainRegistry({ home });
    expect(registry.list()).toContainEqual(
      expect.objectContaining({ name: 'airline@tau2', origin: 'fetched', layout: 'tau2' }),
    );
    const domain = await registry.get('airline@tau2');
    expect(domain.flavour.name).toBe('tau2');
    expect(domain.tools.has('get_flight_status')).toBe(true);
    const envs = runCli(['envs'], { env: offlineEnv(home) });
    expect(envs.status, envs.stderr).toBe(0);
    expect(envs.stdout).toContain('airline@tau2');
  });

  it('plays from a script in the terminal: scored 1.0 with the breakdown, 0.0 when the refund is not told', () => {
    const dir = tempDir('tau2-airline-script');
    const run = (reply: string) => {
      const file = join(dir, `${reply.length}.jsonl`);
      writeFileSync(
        file,
        `${JSON.stringify({ tool: 'update_reservation_flights', arguments: CHANGE })}\n${JSON.stringify({ respond: reply })}\n`,
      );
      return runCli(['--env', 'airline@tau2', '--task-index', TASK_INDEX, '--script', file], {
        env: offlineEnv(home),
      });
    };
    const good = run(TOLD);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('"cabin": "basic_economy"');
    expect(good.stdout).toContain('{"payment_id": "gift_card_1642017", "amount": -5244}');
    expect(good.stdout).toMatch(/^Reward: 1\.0$/m);
    expect(good.stdout).toContain('state match: met');
    expect(good.stdout).toContain("action match: 1 of 1 — met (not counted in this task's reward)");
    expect(good.stdout).toMatch(/information to communicate: met\n\s+✓ "5244"/);

    const bad = run(UNTOLD);
    expect(bad.status, bad.stderr).toBe(0);
    expect(bad.stdout).toMatch(/^Reward: 0\.0$/m);
    expect(bad.stdout).toContain('state match: met');
    expect(bad.stdout).toMatch(/information to communicate: not met\n\s+✗ "5244"/);
  });

  describe.skipIf(!tmuxAvailable() && process.env.CI === undefined)('in a real terminal (tmux)', () => {
    let terminal: Terminal | undefined;
    afterEach(() => {
      terminal?.close();
      terminal = undefined;
    });

    it('plays the task by hand: a raw tool call, the reply, the reward with its breakdown', async () => {
      terminal = new Terminal({
        args: ['--env', 'airline@tau2', '--task-index', TASK_INDEX],
        env: offlineEnv(home),
      });
      const t = terminal;
      const opening = await t.waitFor('agent ›');
      expect(opening).toContain('Sigma · airline@tau2');
      t.line(`/json update_reservation_flights ${JSON.stringify(CHANGE)}`);
      await t.waitFor('Call it? (Y/n)');
      t.line('');
      await t.waitFor('"amount": -5244');
      await t.waitFor('agent ›', 2);
      t.line(TOLD);
      await t.waitFor('Reward: 1.0');
      expect(await t.exitCode()).toBe(0);
      const screen = t.screen();
      expect(screen).toContain('state match: met');
      expect(screen).toContain('information to communicate: met');
    });
  });

  describe('over HTTP', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ registry: new DomainRegistry({ home }) });
    });
    afterAll(async () => {
      await server?.close();
    });
    const post = (path: string, body: unknown = {}) => server.call('POST', path, { body });

    it('plays a session on airline@tau2 and reports the reward with its breakdown', async () => {
      const created = await post('/sessions', {
        envName: 'airline@tau2',
        taskIndex: Number(TASK_INDEX),
        userStrategy: 'scripted',
      });
      expect(created.status, created.text).toBe(201);
      const id = created.json.id as string;
      expect((await post(`/sessions/${id}/start`)).status).toBe(200);
      const refused = await post(`/sessions/${id}/tool`, {
        name: 'get_reservation_details',
        arguments: { reservation_id: 'GV1N640' },
      });
      expect(refused.json.observation).toBe('Error: Reservation GV1N640 not found');
      const tool = await post(`/sessions/${id}/tool`, {
        name: 'update_reservation_flights',
        arguments: CHANGE,
      });
      expect(tool.status).toBe(200);
      expect(JSON.parse(tool.json.observation)).toMatchObject({ cabin: 'basic_economy', status: null });
      let r = await post(`/sessions/${id}/respond`, { message: TOLD });
      if (!r.json.done) r = await post(`/sessions/${id}/respond`, { message: 'Thank you, goodbye.' });
      expect(r.json).toMatchObject({ done: true, reward: 1 });
      const result = await server.call('GET', `/sessions/${id}/result`);
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({
        done: true,
        endReason: 'user-stop',
        stateDiff: [],
        reward: {
          reward: 1,
          provisional: false,
          info: { reward_basis: ['DB', 'COMMUNICATE'], reward_breakdown: { DB: 1, COMMUNICATE: 1 } },
          breakdown: {
            db: { status: 'met', match: true },
            communicate: { status: 'met', checks: [expect.objectContaining({ info: '5244', met: true })] },
            actions: { inBasis: false },
          },
        },
      });
      expect(result.json.expectedActions).toEqual([{ name: 'update_reservation_flights', kwargs: CHANGE }]);
    });
  });
});

function sha256Of(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
