import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

describe('sigma parity, tau2 vectors: bad input', () => {
  it('recognises the tau2 format and asks for --data naming the tau2 folder', () => {
    const dir = tempDir('cli');
    const file = join(dir, 'tau2.json');
    writeFileSync(file, JSON.stringify({ format: 'tau2 evaluation vectors v1', cases: [] }));
    const run = runCli(['parity', file]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'sigma: --data <dir> is required: the domain folders the vectors were made on (e.g. ../shared/data/tau2)',
    );
  });
});

describe.skipIf(noSharedData)(`sigma parity on the tau2 reference vectors (${skipReason})`, () => {
  it('agrees on all 332 tau2 cases and says so', () => {
    const run = runCli([
      'parity',
      shared('parity/tau2-retail-vectors.json'),
      '--data',
      shared('tau2'),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe('tau2');
    expect(report.cases).toBe(332);
    expect(report.observations).toEqual({ agree: 1731, total: 1731 });
    expect(report.hashes).toEqual({ agree: 332, total: 332 });
    expect(report.rewards).toEqual({ agree: 332, total: 332 });
    expect(report.dbChecks).toEqual({ agree: 332, total: 332 });
    expect(report.actionChecks).toEqual({ agree: 1731, total: 1731 });
    expect(report.communicateChecks).toEqual({ agree: 183, total: 183 });
    expect(report.differences).toEqual([]);
  });

  it('agrees on all 95 tau2 airline cases and exits 0', () => {
    const run = runCli([
      'parity',
      shared('parity/tau2-airline-vectors.json'),
      '--data',
      shared('tau2'),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.cases).toBe(95);
    expect(report.observations).toEqual({ agree: 311, total: 311 });
    expect(report.hashes).toEqual({ agree: 95, total: 95 });
    expect(report.rewardInfos).toEqual({ agree: 95, total: 95 });
    expect(report.differences).toEqual([]);
  });

  it('prints the table of every field', () => {
    const run = runCli(['parity', shared('parity/tau2-retail-vectors.json'), '--data', shared('tau2')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^332 cases \(tau2 format\)/);
    for (const field of ['observations', 'state hashes', 'rewards', 'db checks', 'action checks']) {
      expect(run.stdout).toMatch(new RegExp(`${field}\\s*│\\s*\\d+\\s*│\\s*\\d+\\s*│\\s*ok`));
    }
    expect(run.stdout).toMatch(/communicate checks\s*│\s*183\s*│\s*183\s*│\s*ok/);
  });

  it('exits 1 and shows the first difference when a tau2 vector is altered', () => {
    const data = JSON.parse(readFileSync(shared('parity/tau2-retail-vectors.json'), 'utf8'));
    const first = data.cases[0];
    const tool = first.messages.find((m: { role: string }) => m.role === 'tool');
    tool.content = 'Error: order was not found';
    first.observations[0] = tool.content;
    const dir = tempDir('cli');
    const file = join(dir, 'altered.json');
    writeFileSync(file, JSON.stringify({ ...data, cases: [first] }));
    const run = runCli(['parity', file, '--data', shared('tau2')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/observations\s*│\s*4\s*│\s*5/);
    expect(run.stdout).toMatch(/retail #0 ground_truth \(case 0\): observation step 0/);
    expect(run.stdout).toMatch(/expected: Error: order was not found\n\s+actual:\s+yusuf_rossi_9620/);
  });

  it('refuses tau2 vectors against tau-bench folders, saying which folder they need', () => {
    const run = runCli(['parity', shared('parity/tau2-retail-vectors.json'), '--data', shared('tau-bench')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/loaded from the tau-bench layout; tau2 vectors need a tau2 folder/);
  });
});
