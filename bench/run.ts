// Engine benchmarks: `npm run bench`. Each figure is measured against the naive baseline (the
// reference's approach) in the same run; results print as a table and are written as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import { type Domain, RESPOND_ACTION, type Task } from '../src/core/domain/types.ts';
import { Episode } from '../src/core/episode/episode.ts';
import { tauBenchReward } from '../src/core/flavours/tau-bench/index.ts';
import {
  checkTau2Actions,
  checkTau2Communicate,
  type Tau2Message,
  tau2Criteria,
  tau2MessagesFromActions,
  tau2Reward,
} from '../src/core/flavours/tau2/index.ts';
import { State, sameState } from '../src/core/state/index.ts';
import { callTool } from '../src/core/tools/dispatch.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import {
  measureLoad,
  measureLongEpisode,
  measureReadsAndWrites,
  measureScale,
  scaledRetail,
} from './engine-targets.ts';
import { loadFresh, naiveReward, replayNaive } from './naive-baseline.ts';
import { median, type Row } from './support.ts';

const root = resolve(import.meta.dirname, '..');
const sharedData = resolve(process.env.SIGMA_SHARED_DATA ?? join(root, '../shared/data'));
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');

/** Median time of one call in microseconds, over `rounds` rounds of `batch` calls. */
function timeMicros(fn: (i: number) => void, batch: number, rounds = 15): number {
  for (let i = 0; i < batch; i++) fn(i); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  return median(samples);
}

function play(domain: Domain, task: Task): Episode {
  const episode = new Episode(domain, task);
  for (const action of task.actions) {
    if (episode.done) break;
    episode.step(action, action.name === RESPOND_ACTION ? 'ok' : undefined);
  }
  return episode;
}

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const rows: Row[] = [];

/** Keeps results reachable so the engine cannot optimise the measured work away. */
const sink: unknown[] = new Array(64);

/** A finished episode with its conversation in tau2's form (what a tau2 reward reads). */
interface Finished {
  episode: Episode;
  messages: Tau2Message[];
}

function finish(domain: Domain, task: Task): Finished {
  const episode = play(domain, task);
  const messages =
    domain.flavour.name === 'tau2' ? tau2MessagesFromActions(episode.actions, episode.observations) : [];
  return { episode, messages };
}

/** The reward of a finished episode in the domain's flavour (tau2: assertions treated as met). */
function score(domain: Domain, f: Finished): unknown {
  const e = f.episode;
  if (domain.flavour.name !== 'tau2') return tauBenchReward(domain, e.task, e.state, e.actions);
  return tau2Reward(domain, e.task, e.state, f.messages, {
    termination: 'user-stop',
    nl: { kind: 'assumed-met' },
  });
}

/** The same check with the ground truth replayed into a fresh overlay (its hash string cached). */
function scoreReplayed(domain: Domain, f: Finished): unknown {
  const e = f.episode;
  const truth = new State(domain.base);
  if (domain.flavour.name !== 'tau2') {
    for (const action of e.task.actions) {
      if (action.name !== RESPOND_ACTION && domain.tools.get(action.name)?.terminates !== true) {
        callTool(domain, truth, action.name, action.kwargs);
      }
    }
    return sameState(e.state, truth);
  }
  const criteria = tau2Criteria(e.task);
  for (const action of criteria?.actions ?? []) callTool(domain, truth, action.name, action.arguments);
  return [
    sameState(e.state, truth),
    checkTau2Actions(criteria?.actions ?? [], f.messages),
    checkTau2Communicate(criteria?.communicateInfo ?? [], f.messages),
  ];
}

/** Timings for one domain; its large temporaries die when it returns, before memory is measured. */
function measureSpeed(name: string, domain: Domain): void {
  const tasks = [...domain.tasks.get('test')!];
  const task = (i: number) => tasks[i % tasks.length]!;

  // 1. Starting an episode vs the reference's reset (reload the data as fresh objects).
  const startSigma = timeMicros((i) => {
    sink[i & 63] = new Episode(domain, task(i));
  }, 20_000);
  const startBase = timeMicros(
    (i) => {
      sink[i & 63] = loadFresh(domain);
    },
    3,
    5,
  );
  rows.push({
    domain: name,
    measure: 'start an episode',
    sigma: startSigma,
    baseline: startBase,
    unit: 'µs',
    ratio: startBase / startSigma,
    target: '>= 1000x',
    pass: startBase / startSigma >= 1000,
  });

  // 2. Reward of a finished episode (ground-truth replay + comparison).
  const finished = tasks.map((t) => finish(domain, t));
  for (const f of finished) score(domain, f); // ground truths computed once per task
  const rewardSigma = timeMicros((i) => {
    sink[i & 63] = score(domain, finished[i % finished.length]!);
  }, 2_000);
  const agentData = tasks.map((t) => {
    const d = loadFresh(domain);
    replayNaive(domain, t, d);
    return d;
  });
  const rewardBase = timeMicros((i) => naiveReward(domain, task(i), agentData[i % tasks.length]!), 2, 5);
  rows.push({
    domain: name,
    measure: 'reward of a finished episode',
    sigma: rewardSigma,
    baseline: rewardBase,
    unit: 'µs',
    ratio: rewardBase / rewardSigma,
    target: '>= 100x',
    pass: rewardBase / rewardSigma >= 100,
  });

  // Reward with the ground truth replayed every time (only its hash, a constant of the task, cached).
  const replaySigma = timeMicros((i) => {
    sink[i & 63] = scoreReplayed(domain, finished[i % finished.length]!);
  }, 2_000);
  rows.push({
    domain: name,
    measure: 'reward, ground truth replayed each time',
    sigma: replaySigma,
    baseline: rewardBase,
    unit: 'µs',
    ratio: rewardBase / replaySigma,
    target: '>= 100x',
    pass: rewardBase / replaySigma >= 100,
  });

  // Cold reward: the first reward of a task in the process (ground truth replayed and hashed).
  const coldSigma = timeMicros(
    (i) => {
      const fresh = uncachedCopy(domain);
      score(fresh, finish(fresh, task(i)));
    },
    5,
    5,
  );
  rows.push({
    domain: name,
    measure: 'play + reward, first time a task is scored',
    sigma: coldSigma,
    baseline: rewardBase,
    unit: 'µs',
    ratio: rewardBase / coldSigma,
    target: 'reported',
    pass: true,
  });
}

/** Memory retained per finished episode, over 1000 live episodes (heap used after full GCs). */
function measureMemory(name: string, domain: Domain): void {
  const tasks = [...domain.tasks.get('test')!];
  const task = (i: number) => tasks[i % tasks.length]!;
  for (const t of tasks) score(domain, finish(domain, t)); // ground-truth caches are per task, not per episode
  sink.fill(undefined);
  const before = heapUsed();
  const live: Finished[] = [];
  for (let i = 0; i < 1000; i++) {
    const f = finish(domain, task(i));
    score(domain, f);
    live.push(f);
  }
  const perEpisode = (heapUsed() - before) / live.length / 1024;
  rows.push({
    domain: name,
    measure: 'memory per finished episode (1000 live)',
    sigma: perEpisode,
    unit: 'KB',
    target: '< 64 KB',
    pass: perEpisode < 64,
  });
  live.length = 0;
}

/** A domain object sharing the base but with no cached ground truths (caches are keyed by domain). */
function uncachedCopy(domain: Domain): Domain {
  return { ...domain };
}

// `--targets`: only the ratio targets (reads, writes, long episodes, load, size); `--domain NAME`: one domain.
const args = process.argv.slice(2);
const targetsOnly = args.includes('--targets');
const only = args.includes('--domain') ? args[args.indexOf('--domain') + 1] : undefined;
const SCALE = 50;

/**
 * One domain's measures, in a function of its own: its domain (and the 50x one) are garbage once it
 * returns. Written inline in the top-level loop, they stayed reachable from the suspended module's
 * saved registers, and the next domains' measures ran in a heap 100 MiB larger (their writes 1.5x slower).
 */
async function measureDomain(name: string, folder: string): Promise<void> {
  const dir = join(sharedData, folder);
  const domain = await loadDomainFolder(dir, builtInToolKits);
  if (!targetsOnly) {
    measureSpeed(name, domain);
    measureMemory(name, domain);
  }
  measureReadsAndWrites(name, domain, rows);
  await measureLoad(name, dir, rows);
  if (name === 'retail') {
    const scaled = scaledRetail(domain, SCALE);
    measureLongEpisode(`retail ${SCALE}x`, scaled, rows);
    measureScale(name, domain, scaled, SCALE, rows);
  }
}

for (const [name, folder] of [
  ['retail', 'tau-bench/retail'],
  ['airline', 'tau-bench/airline'],
  ['tau2 retail', 'tau2/retail'],
  ['tau2 airline', 'tau2/airline'],
] as const) {
  if (only === undefined || only === name) await measureDomain(name, folder);
}

const fmt = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
console.log('| domain | measure | Sigma | baseline | ratio | target | pass |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.domain} | ${r.measure} | ${fmt(r.sigma)} ${r.unit} | ${r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}`} | ${r.ratio === undefined ? '' : `${fmt(r.ratio)}x`} | ${r.target} | ${r.pass ? 'yes' : 'NO'} |`,
  );
}
const out = join(root, 'bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'engine.json'),
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2)}\n`,
);
console.log(`\nwritten: bench/results/engine.json`);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
