// Export benchmark (`npm run bench`): 100,000 stored trajectories exported with bounded memory. A store
// is filled with realistic retail trajectories (ground-truth episodes with the scripted customer, each
// made unique); each export runs in a fresh child process (bench/export-child.ts) that reports its
// peak RSS and rows/s, with the V8 flags `sigma export` runs under (src/cli/export-heap.ts), or those
// of SIGMA_BENCH_EXPORT_FLAGS (space-separated; empty for none); with SIGMA_BENCH_EXPORT_LIBRARY=1 also
// without flags, as a library caller's process runs by default. The
// baseline is the naive way, in a default Node: read every record into memory, then write.
// SIGMA_BENCH_EXPORT_DIR=DIR keeps the filled stores in DIR and reuses them on the next run (filling
// 110,000 trajectories takes a minute or more); SIGMA_BENCH_EXPORT_FORMATS=a,b picks the formats.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportNodeFlags } from '../src/cli/export-heap.ts';
import type { Trajectory } from '../src/contracts/trajectory.ts';
import { toJs } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { SqliteStore } from '../src/store/index.ts';
import type { Row } from './support.ts';

const root = resolve(import.meta.dirname, '..');
const TOTAL = Number(process.env.SIGMA_BENCH_EXPORT_TOTAL ?? 100_000);
const SMALL = Math.max(1, Math.round(TOTAL / 10));
const LIMIT_MB = 300;
const FLAGS =
  process.env.SIGMA_BENCH_EXPORT_FLAGS === undefined
    ? exportNodeFlags()
    : process.env.SIGMA_BENCH_EXPORT_FLAGS.split(/\s+/).filter(Boolean);
const keptDir = process.env.SIGMA_BENCH_EXPORT_DIR;
if (keptDir !== undefined) mkdirSync(keptDir, { recursive: true });
const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'sigma-bench-export-'));

async function templates(): Promise<Trajectory[]> {
  const registry = new DomainRegistry({ home: join(dir, 'home') });
  const out: Trajectory[] = [];
  for (let index = 0; index < 20; index++) {
    const sim = new SimulatorCore({ envName: 'retail', registry, env: {}, taskIndex: index });
    await sim.start();
    for (const a of sim.task.actions) {
      if (sim.isDone) break;
      if (a.name === 'respond') await sim.respondToUser(String(toJs(a.kwargs.content ?? 'ok')));
      else await sim.callTool(a.name, toJs(a.kwargs) as Record<string, unknown>);
    }
    if (!sim.isDone) await sim.respondToUser('All done. Is there anything else I can help with?');
    if (!sim.isDone) sim.abandon();
    out.push(sim.toTrajectory());
  }
  return out;
}

async function fill(file: string, count: number, from: Trajectory[]): Promise<void> {
  const store = SqliteStore.open(file);
  await store.migrate();
  const base = Date.parse('2026-11-01T00:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const t = from[i % from.length]!;
    const id = randomUUID();
    const startedAt = new Date(base + i * 1000).toISOString();
    // Unique content, so de-duplication keeps every one: the closing message names the episode.
    const messages = t.messages.map((m, k) =>
      k === t.messages.length - 2 && m.role === 'assistant' && m.content !== null
        ? { ...m, content: `${m.content} (#${i})` }
        : m,
    );
    const record = { ...t, id, startedAt, endedAt: startedAt, messages };
    await store.createSession(
      {
        id,
        createdAt: startedAt,
        updatedAt: startedAt,
        domain: t.domain.name,
        split: t.task.split,
        taskIndex: t.task.index,
        taskId: t.task.id,
        setup: { customer: { strategy: 'scripted' }, imported: 'terminal' },
        status: 'finished',
        reward: t.reward?.reward ?? null,
        finished: true,
        endReason: t.endReason,
        endedAt: startedAt,
        eventCount: 0,
      },
      JSON.stringify(record),
    );
  }
  await store.close();
}

interface ChildResult {
  rows: number;
  seconds: number;
  maxRssMb: number;
  bytes: number;
}

function run(file: string, format: string, mode: 'stream' | 'naive', flags = FLAGS): ChildResult {
  const out = join(dir, `out-${format}-${mode}-${randomUUID()}`);
  const text = execFileSync(
    process.execPath,
    [...flags, join(root, 'bench/export-child.ts'), file, format, mode, out],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  rmSync(out, { recursive: true, force: true });
  return JSON.parse(text.trim().split('\n').at(-1)!) as ChildResult;
}

const started = Date.now();
const big = join(dir, `big-${TOTAL}.db`);
const small = join(dir, `small-${SMALL}.db`);
const filled = join(dir, `filled-${TOTAL}`);
if (existsSync(filled)) console.log(`reusing ${big} and ${small}`);
else {
  const from = await templates();
  for (const file of [big, small])
    for (const end of ['', '-wal', '-shm']) rmSync(`${file}${end}`, { force: true });
  await fill(big, TOTAL, from);
  await fill(small, SMALL, from);
  // Marked only once both are full, so an interrupted fill is not reused.
  writeFileSync(filled, `${new Date().toISOString()}\n`);
  console.log(`filled ${TOTAL} + ${SMALL} trajectories in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const rows: Row[] = [];
const results: Record<string, ChildResult> = {};
for (const format of (process.env.SIGMA_BENCH_EXPORT_FORMATS ?? 'trl-sft,openai-sft,raw').split(',')) {
  const streamBig = run(big, format, 'stream');
  const streamSmall = run(small, format, 'stream');
  // The naive way keeps every record: in a default Node (the capped heap could not hold it).
  const naiveSmall = run(small, format, 'naive', []);
  results[`${format} stream ${TOTAL}`] = streamBig;
  results[`${format} stream ${SMALL}`] = streamSmall;
  results[`${format} naive ${SMALL}`] = naiveSmall;
  if (process.env.SIGMA_BENCH_EXPORT_LIBRARY === '1') {
    const library = run(big, format, 'stream', []);
    results[`${format} stream ${TOTAL} without flags`] = library;
    rows.push({
      domain: 'retail',
      measure: `${format}: peak RSS exporting ${TOTAL}, library in a default Node (no V8 flags)`,
      sigma: library.maxRssMb,
      baseline: streamBig.maxRssMb,
      unit: 'MB',
      ratio: streamBig.maxRssMb / library.maxRssMb,
      target: 'report',
      pass: library.rows === TOTAL,
    });
  }
  rows.push({
    domain: 'retail',
    measure: `${format}: peak RSS exporting ${TOTAL} under ${FLAGS.join(' ') || 'no flags'} (baseline: naive, ${SMALL})`,
    sigma: streamBig.maxRssMb,
    baseline: naiveSmall.maxRssMb,
    unit: 'MB',
    ratio: naiveSmall.maxRssMb / streamBig.maxRssMb,
    target: `< ${LIMIT_MB} MB`,
    pass: streamBig.maxRssMb < LIMIT_MB,
  });
  rows.push({
    domain: 'retail',
    measure: `${format}: rows/s exporting ${TOTAL} (${(streamBig.bytes / 1e9).toFixed(2)} GB written)`,
    sigma: streamBig.rows / streamBig.seconds,
    baseline: naiveSmall.rows / naiveSmall.seconds,
    unit: 'rows/s',
    ratio: streamBig.rows / streamBig.seconds / (naiveSmall.rows / naiveSmall.seconds),
    target: 'report',
    pass: streamBig.rows === TOTAL,
  });
}
if (keptDir !== undefined) console.log(`stores kept in ${dir}`);
else if (process.env.SIGMA_BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);

console.log('| domain | measure | Sigma | baseline | ratio | target | met |\n|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.domain} | ${r.measure} | ${r.sigma.toFixed(0)} ${r.unit} | ${r.baseline?.toFixed(0)} ${r.unit} | ${r.ratio?.toFixed(2)}x | ${r.target} | ${r.pass ? 'yes' : 'NO'} |`,
  );
const outDir = join(root, 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'export.json'),
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), total: TOTAL, rows, results }, null, 2)}\n`,
);
console.log('\nwritten: bench/results/export.json');
if (rows.some((r) => !r.pass)) process.exitCode = 1;
