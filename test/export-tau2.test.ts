// `sigma export --format tau2-results` of episodes played on tau2's own retail data: the file passes a
// pydantic mirror of tau2's `Results` model (test/fixtures/python/tau2_results_model.py, run with the
// machine's python3), and each simulation's reward is the one Sigma recorded.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyDumps } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { openStore } from '../src/store/index.ts';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const dir = tempDir('export-tau2');
const store = `sqlite:${join(dir, 'sigma.db')}`;
const MODEL = new URL('./fixtures/python/tau2_results_model.py', import.meta.url).pathname;
const CLOSE = JSON.stringify({ respond: 'All done. Is there anything else I can help with?' });

async function groundTruth(index: number): Promise<string[]> {
  const domain = await new DomainRegistry({ data: shared('tau2'), home: dir }).get('retail');
  const task = domain.tasks.get(domain.defaultSplit)![index]!;
  return task.actions.map((a) =>
    a.name === 'respond'
      ? JSON.stringify({ respond: a.kwargs.content })
      : `{"tool": ${JSON.stringify(a.name)}, "arguments": ${pyDumps(a.kwargs)}}`,
  );
}

function play(index: number, lines: string[]): void {
  const file = join(dir, `script-${index}-${lines.length}.jsonl`);
  writeFileSync(file, `${[...lines, CLOSE].join('\n')}\n`);
  const run = runCli(
    [
      '--env',
      'retail',
      '--data',
      shared('tau2'),
      '--task-index',
      String(index),
      '--script',
      file,
      '--store',
      store,
    ],
    { env: offlineEnv(join(dir, 'home')) },
  );
  expect(run.status, run.stderr).toBe(0);
}

describe('tau2-results', () => {
  it.skipIf(noSharedData)(
    `is accepted by tau2's Results model, with Sigma's rewards (${skipReason})`,
    async () => {
      const good = await groundTruth(0);
      play(0, good);
      play(0, good.slice(0, 1));
      play(1, await groundTruth(1));
      const out = join(dir, 'out');
      const run = runCli([
        'export',
        '--format',
        'tau2-results',
        '--out',
        out,
        '--store',
        store,
        '--data',
        shared('tau2'),
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(runCli(['export', '--check', out]).status).toBe(0);

      const python = spawnSync('python3', [MODEL, join(out, 'results.json')], { encoding: 'utf8' });
      expect(python.stderr).toBe('');
      const rewards = JSON.parse(python.stdout) as Record<string, number | null>;
      const opened = openStore(store);
      try {
        const { items } = await opened.listSessions({ limit: 10, offset: 0 });
        expect(items).toHaveLength(3);
        for (const item of items) expect(rewards[item.id]).toBe(item.reward);
        expect(Object.values(rewards).sort()).toEqual([0, 1, 1]);
      } finally {
        await opened.close();
      }
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      // The tasks are tau2's own, as tasks.json has them.
      const reference = JSON.parse(readFileSync(shared('tau2', 'retail', 'tasks.json'), 'utf8'));
      expect(results.tasks.find((t: { id: string }) => t.id === '0').evaluation_criteria).toEqual(
        reference[0].evaluation_criteria,
      );
      expect(
        results.simulations.map((s: { trial: number; task_id: string }) => `${s.task_id}/${s.trial}`).sort(),
      ).toEqual(['0/0', '0/1', '1/0']);
      expect(results.info.environment_info.domain_name).toBe('retail');

      // The model refuses what tau2 would: a termination reason outside its enum, a misspelt field.
      for (const broken of [
        { ...results, simulations: [{ ...results.simulations[0], termination_reason: 'abandoned' }] },
        { ...results, simulations: [{ ...results.simulations[0], rewardInfo: null }] },
      ]) {
        const file = join(dir, 'broken.json');
        writeFileSync(file, JSON.stringify(broken));
        const refused = spawnSync('python3', [MODEL, file], { encoding: 'utf8' });
        expect(refused.status).not.toBe(0);
        expect(refused.stderr).toMatch(/validation error/);
      }
    },
  );
});
