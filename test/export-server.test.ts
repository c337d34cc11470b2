// The server's streaming export (GET /exports/{format}), and the GRPO reward example
// (examples/grpo-reward.py, standard library only) scoring completions against a real `sigma serve`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { call } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const dir = tempDir('export-server');
let server: ServerProcess;

beforeAll(async () => {
  server = await spawnServer(
    [
      '--store',
      `sqlite:${join(dir, 'sigma.db')}`,
      '--data',
      join(repoRoot, 'test/fixtures/domains/mini-shop'),
    ],
    { SIGMA_HOME: join(dir, 'home') },
  );
}, 90_000);
afterAll(async () => {
  await server.stop();
});

const post = async (path: string, body: unknown = {}) => {
  const r = await call(server.url, 'POST', path, { body });
  expect(r.status, r.text).toBeLessThan(300);
  return r.json;
};

async function episode(reason: string): Promise<void> {
  const { id } = await post('/sessions', {
    envName: 'mini-shop',
    taskIndex: 0,
    userStrategy: 'scripted',
    maxTurns: 3,
  });
  await post(`/sessions/${id}/start`);
  await post(`/sessions/${id}/tool`, { name: 'get_order', arguments: { order_id: 'o100' } });
  await post(`/sessions/${id}/tool`, { name: 'cancel_order', arguments: { order_id: 'o100', reason } });
  await post(`/sessions/${id}/respond`, {
    message: 'Order o100 is cancelled. Is there anything else I can help with?',
  });
}

describe('GET /exports/{format}', () => {
  it('streams the rows of a format, as JSON lines', async () => {
    await episode('no longer needed');
    await new Promise((done) => setTimeout(done, 5));
    await episode('ordered by mistake');
    const r = await call(server.url, 'GET', '/exports/trl-dpo?pairsAcrossEpisodes=true');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const rows = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0].source.kind).toBe('across-episodes');
    const sft = await call(server.url, 'GET', '/exports/openai-sft?rewardMin=1');
    expect(sft.text.trim().split('\n')).toHaveLength(1);
  });

  it('refuses bad filters (422) and unknown formats (400) before sending anything', async () => {
    const bad = await call(server.url, 'GET', '/exports/trl-sft?rewardMin=1&rewardMax=0');
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toBe('--reward-min 1 is above --reward-max 0');
    const unknown = await call(server.url, 'GET', '/exports/alpaca');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/^invalid param: format: /);
  });

  it('the GRPO example scores a completion through the API: the ground truth 1.0, a wrong write 0.0', async () => {
    const r = await call(server.url, 'GET', '/exports/grpo');
    const row = JSON.parse(r.text.trim().split('\n')[0]!);
    expect(row.scoring.session).toEqual({
      envName: 'mini-shop',
      taskSplit: 'test',
      taskIndex: 0,
      userStrategy: 'scripted',
    });
    const rowFile = join(dir, 'row.json');
    writeFileSync(rowFile, JSON.stringify(row));
    const completion = (reason: string) => [
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ type: 'function', function: { name: 'get_order', arguments: { order_id: 'o100' } } }],
      },
      { role: 'tool', name: 'get_order', content: '(the result comes from Sigma)' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { type: 'function', function: { name: 'cancel_order', arguments: { order_id: 'o100', reason } } },
        ],
      },
      { role: 'assistant', content: 'Order o100 is cancelled. Is there anything else I can help with?' },
    ];
    const scoreOf = (reason: string) => {
      const file = join(dir, `completion-${reason.replaceAll(' ', '-')}.json`);
      writeFileSync(file, JSON.stringify(completion(reason)));
      const run = spawnSync(
        'python3',
        [
          join(repoRoot, 'examples/grpo-reward.py'),
          '--server',
          server.url,
          '--row',
          rowFile,
          '--completion',
          file,
        ],
        { encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      return run.stdout.trim();
    };
    expect(scoreOf('no longer needed')).toBe('1.0');
    expect(scoreOf('ordered by mistake')).toBe('0.0');
  });
});

describe('the export of a filter: its manifest first, then a single-use download link', () => {
  it('previews the manifest with the list filters (free text) and downloads a checked tar of the folder', async () => {
    await episode('found it cheaper');
    const all = await call(server.url, 'GET', '/exports/openai-sft?customerStrategy=scripted');
    expect(all.status, all.text).toBe(200);
    const manifest = await call(
      server.url,
      'GET',
      '/exports/openai-sft/manifest?q=cancelled&customerStrategy=scripted',
    );
    expect(manifest.status, manifest.text).toBe(200);
    expect(manifest.json.format).toBe('openai-sft');
    expect(manifest.json.counts.read).toBeGreaterThanOrEqual(3);
    expect(manifest.json.filters.catalog).toEqual({ q: 'cancelled' });
    const none = await call(server.url, 'GET', '/exports/openai-sft/manifest?q=xylophone');
    expect(none.json.counts).toMatchObject({ read: 0, selected: 0, rows: 0 });
    const bad = await call(server.url, 'GET', '/exports/openai-sft/manifest?q=%20%2C%3B');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^invalid query: q: /);

    const link = await call(
      server.url,
      'POST',
      '/exports/openai-sft/link?q=cancelled&customerStrategy=scripted',
    );
    expect(link.status, link.text).toBe(200);
    expect(link.json.url).toMatch(/^\/downloads\/[A-Za-z0-9_-]{43}$/);
    const res = await fetch(`${server.url}${link.json.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sigma-export-openai-sft-/);
    const tarFile = join(dir, 'download.tar');
    writeFileSync(tarFile, Buffer.from(await res.arrayBuffer()));
    const untar = spawnSync('tar', ['-xf', tarFile, '-C', dir], { encoding: 'utf8' });
    expect(untar.status, untar.stderr).toBe(0);
    const check = runCli(['export', '--check', join(dir, 'sigma-export-openai-sft')]);
    expect(check.status, check.stderr + check.stdout).toBe(0);
    // Used once: gone.
    const again = await call(server.url, 'GET', link.json.url);
    expect(again.status).toBe(404);
    expect(again.json.error.message).toMatch(/unknown, used or expired/);
  });
});
