// `npm run bench`: every benchmark, one after another, each in a process of its own. A benchmark that
// misses a target (exit 1) does not stop the others: the summary at the end names each one's outcome,
// and the run exits 1 if any missed.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS: ReadonlyArray<{ file: string; nodeFlags?: string[] }> = [
  { file: 'run.ts', nodeFlags: ['--expose-gc'] },
  { file: 'generation.ts' },
  { file: 'server-load.ts' },
  { file: 'server-memory.ts', nodeFlags: ['--expose-gc'] },
  { file: 'export.ts' },
  { file: 'catalog.ts' },
  { file: 'runs.ts' },
  { file: 'web-size.ts' },
];

const outcomes = BENCHMARKS.map(({ file, nodeFlags = [] }) => {
  process.stdout.write(`\n== bench/${file}\n`);
  const path = fileURLToPath(new URL(file, import.meta.url));
  const run = spawnSync(process.execPath, [...nodeFlags, path], { stdio: 'inherit' });
  const outcome = run.error?.message ?? (run.signal ? `killed by ${run.signal}` : `exit ${run.status}`);
  return { file, ok: run.status === 0, outcome };
});

process.stdout.write('\n| benchmark | outcome |\n|---|---|\n');
for (const o of outcomes) {
  process.stdout.write(`| bench/${o.file} | ${o.ok ? 'targets met' : `MISSED (${o.outcome})`} |\n`);
}
if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
