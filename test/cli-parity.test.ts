import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

describe('sigma parity / rescore: bad input', () => {
  it('names a missing file in one line, exit 2, no stack trace', () => {
    const run = runCli(['parity', 'no-such-file.json', '--data', '.']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('sigma: no-such-file.json: no such file');
  });

  it('refuses a file that is not a parity file', () => {
    const dir = tempDir('cli');
    const file = join(dir, 'x.json');
    writeFileSync(file, '{"hello": 1}');
    const run = runCli(['parity', file, '--data', '.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not a parity file Sigma knows/);
    writeFileSync(file, '[{"final_data_hash": ');
    const broken = runCli(['parity', file, '--data', '.']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/x\.json: invalid JSON: Expecting value at line 1 column 22/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown option with usage help, exit 2', () => {
    const run = runCli(['parity', '--bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--bogus'/);
  });
});

describe.skipIf(noSharedData)(`sigma parity / rescore on the reference data (${skipReason})`, () => {
  it('agrees on all 576 tau-bench cases and says so', () => {
    const run = runCli([
      'parity',
      shared('parity/tau-bench-vectors.json'),
      '--data',
      shared('tau-bench'),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.cases).toBe(576);
    expect(report.hashes).toEqual({ agree: 576, total: 576 });
    expect(report.rewards).toEqual({ agree: 543, total: 543 });
    expect(report.differences).toEqual([]);
  });

  it('exits 1 and shows the first difference when a vector is altered', () => {
    const dir = tempDir('cli');
    const file = join(dir, 'altered.json');
    const vectors = [
      {
        domain: 'retail',
        case: 'probe',
        actions: [{ name: 'get_order_details', kwargs: { order_id: '#W0000000' } }],
        observations: ['Error: order was not found'],
        final_data_hash: '0'.repeat(64),
      },
    ];
    writeFileSync(file, JSON.stringify(vectors));
    const run = runCli(['parity', file, '--data', shared('tau-bench')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/observations\s*│\s*0\s*│\s*1/);
    expect(run.stdout).toMatch(/expected: Error: order was not found\n\s+actual:\s+Error: order not found/);
  });

  it('re-scores the recorded airline results: 100 of 100 agree', () => {
    const run = runCli([
      'rescore',
      shared('trajectories/tau-bench-gpt-4o-airline-trials-0-1.json'),
      '--data',
      shared('tau-bench'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /Re-scored 100 trajectories on the domain "airline" \(the one domain of \S+ with every tool the results call; --env names another\): 100 of 100 agree with the recorded reward/,
    );
  });
});
