// `sigma export` runs itself again in a child Node under a small, capped V8 heap (src/cli/export-heap.ts):
// what the user sees (stdout, stderr, exit code, the files) is what the command gives without the
// relaunch, and a child that runs out of heap is reported in one line that says how to raise the cap.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/index.ts';
import { runCli } from './support/run-cli.ts';
import { tempDir } from './support/temp-dir.ts';

const dir = tempDir('export-relaunch');
const storeFile = join(dir, 'sigma.db');
const template = JSON.parse(
  readFileSync(new URL('./fixtures/exports/raw.jsonl', import.meta.url), 'utf8').split('\n')[0]!,
);
/** Without the relaunch: the command runs in the process `sigma` started, as the child does. */
const inPlace = { SIGMA_EXPORT_RELAUNCHED: '1' };

beforeAll(async () => {
  const store = SqliteStore.open(storeFile);
  await store.migrate();
  for (let i = 0; i < 40; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const createdAt = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
    await store.createSession(
      {
        id,
        createdAt,
        updatedAt: createdAt,
        domain: 'mini-shop',
        split: 'test',
        taskIndex: 0,
        taskId: 'cancel-open-order',
        setup: { customer: { strategy: 'scripted' }, imported: 'terminal' },
        status: 'finished',
        reward: 1,
        finished: true,
        endReason: 'user-stop',
        endedAt: createdAt,
        eventCount: 0,
      },
      JSON.stringify({ ...template, id }),
    );
  }
  await store.close();
});

function exportTo(name: string, args: string[], env: Record<string, string> = {}) {
  const out = join(dir, name);
  const run = runCli(['export', ...args, '--out', out, '--store', `sqlite:${storeFile}`], { env });
  return { ...run, out };
}

const files = (out: string) =>
  Object.fromEntries(
    readdirSync(out)
      .filter((n) => n.endsWith('.jsonl'))
      .map((n) => [n, readFileSync(join(out, n), 'utf8')]),
  );

describe('sigma export, relaunched under a small heap', () => {
  it('gives the same output, files and exit code as the command run in place', () => {
    const args = ['--format', 'trl-sft', '--no-dedupe', '--validation', '0.5'];
    const relaunched = exportTo('relaunched', args);
    const direct = exportTo('direct', args, inPlace);
    expect(relaunched.stderr).toBe('');
    expect(relaunched.status).toBe(0);
    expect(relaunched.stdout).toContain('40');
    expect(relaunched.stdout).toBe(direct.stdout.replaceAll(direct.out, relaunched.out));
    expect(relaunched.status).toBe(direct.status);
    expect(files(relaunched.out)).toEqual(files(direct.out));
    expect(Object.keys(files(relaunched.out)).length).toBeGreaterThan(0);
  }, 120_000);

  it('passes a failure through: its message on stderr and its exit code', () => {
    const relaunched = exportTo('bad-format', ['--format', 'no-such-format']);
    const direct = exportTo('bad-format-direct', ['--format', 'no-such-format'], inPlace);
    expect(relaunched.status).toBe(2);
    expect(relaunched.stderr).toContain('no-such-format');
    expect(relaunched.stderr).toBe(direct.stderr);
    expect(relaunched.stdout).toBe(direct.stdout);

    // A check that fails exits 1, with the first bad row on stdout.
    const good = exportTo('to-break', ['--format', 'raw']);
    expect(good.status).toBe(0);
    const train = join(good.out, 'train.jsonl');
    writeFileSync(train, `${readFileSync(train, 'utf8')}{"not": "a row"}\n`);
    const check = runCli(['export', '--check', good.out]);
    const checkDirect = runCli(['export', '--check', good.out], { env: inPlace });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('train.jsonl:');
    expect(check.stdout).toBe(checkDirect.stdout);
    expect(check.status).toBe(checkDirect.status);
  }, 120_000);

  it('says so, in one line, when the export runs out of heap, and how to raise the cap', () => {
    const run = exportTo('tiny-heap', ['--format', 'raw'], { SIGMA_EXPORT_HEAP_MB: '16' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^sigma: the export ran out of memory: its JavaScript heap is capped at 16 MB \(SIGMA_EXPORT_HEAP_MB=16\).*SIGMA_EXPORT_HEAP_MB=512 sigma export/,
    );
    // V8's crash report (its GC trace, its native stack) is not shown.
    expect(run.stderr).not.toMatch(/Last few GCs|FATAL ERROR|Native stack/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(run.out, 'manifest.json'))).toBe(false);

    // A cap the user gave node is kept, and named as theirs.
    const theirs = exportTo('their-heap', ['--format', 'raw'], { NODE_OPTIONS: '--max-old-space-size=16' });
    expect(theirs.status).toBe(2);
    expect(theirs.stderr).toMatch(
      /^sigma: the export ran out of memory: its JavaScript heap is capped at the --max-old-space-size you gave node .*a larger --max-old-space-size\n$/,
    );

    // The cap is the relaunch's: the same command run in place is not capped, and succeeds.
    const direct = exportTo('tiny-heap-direct', ['--format', 'raw'], {
      ...inPlace,
      SIGMA_EXPORT_HEAP_MB: '16',
    });
    expect(direct.status).toBe(0);
  }, 120_000);

  it('rejects a cap that is not a size, before doing anything', () => {
    for (const value of ['lots', '8', '-1', '1.5']) {
      const run = exportTo(`bad-cap-${value}`, ['--format', 'raw'], { SIGMA_EXPORT_HEAP_MB: value });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        `sigma: SIGMA_EXPORT_HEAP_MB=${value} is not a heap size: give a whole number of megabytes, at least 16 (default 128)\n`,
      );
      expect(existsSync(run.out)).toBe(false);
    }
  }, 120_000);
});
