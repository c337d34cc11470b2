// Server memory benchmark (part of `npm run bench`): how much memory the server's sessions take, and
// whether the session budget (`sigma serve --session-memory`, default 128 MiB) bounds it. The server's
// session owner (`SessionService`, what every route drives) runs in this process over a SQLite store in
// a temporary folder, without HTTP (the memory is the sessions', not the sockets').
//
// 1. The bound: 10,000 sessions of 100 calls each (the built-in retail domain, started, then read tool
//    calls: order and user details, calculations) with the default budget; the process's peak RSS
//    must stay under 1 GiB (exit 1 otherwise).
// 2. Per idle session: N more sessions the same way, all kept (no budget); the heap after a full GC,
//    less the heap before, divided by N, is the cost of one idle session; the service's own estimate of
//    their size is compared with it (the estimate decides eviction, so it should not be far below).
//
//   node --expose-gc bench/server-memory.ts [--sessions 10000] [--calls 100] [--probe 300]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toJs } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SessionService } from '../src/server/session-service.ts';
import { SqliteStore } from '../src/store/index.ts';

const { values: flags } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    calls: { type: 'string', default: '100' },
    probe: { type: 'string', default: '300' },
  },
});
const SESSIONS = Number(flags.sessions);
const CALLS = Number(flags.calls);
const PROBE = Number(flags.probe);
const RSS_BOUND = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const temp = mkdtempSync(join(tmpdir(), 'sigma-bench-memory-'));
const registry = new DomainRegistry({ home: join(temp, 'home') });
const domain = await registry.get('retail');
const tasks = domain.tasks.get('test') ?? [];

/** The read calls a session makes, from its task's own user and orders (looked up once). */
function callsFor(taskIndex: number): Array<{ name: string; args: Record<string, unknown> }> {
  const task = tasks[taskIndex]!;
  const reads = task.actions
    .filter((a) => a.name.startsWith('get_') || a.name.startsWith('find_'))
    .map((a) => ({ name: a.name, args: toJs(a.kwargs) as Record<string, unknown> }));
  const userId = task.userId ?? 'mia_garcia_4516';
  reads.push({ name: 'get_user_details', args: { user_id: userId } });
  const calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  for (let n = 0; calls.length < CALLS; n++) {
    calls.push(
      n % 3 === 2 ? { name: 'calculate', args: { expression: `${n} * 3 + 1` } } : reads[n % reads.length]!,
    );
  }
  return calls;
}

async function play(service: SessionService, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const taskIndex = i % tasks.length;
    const created = await service.create({ envName: 'retail', taskIndex, userStrategy: 'scripted' });
    const id = created.row.id;
    await service.use(id, (live) => service.start(live));
    for (const call of callsFor(taskIndex))
      await service.use(id, (live) => service.tool(live, call.name, call.args));
    if ((i + 1) % 1000 === 0) process.stderr.write(`  ${i + 1}/${count} sessions\n`);
  }
}

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

// 1. The bound, with the default budget (first, so the peak RSS is this phase's alone).
const store = SqliteStore.open(join(temp, 'bound.db'));
await store.migrate();
const service = new SessionService({ store, registry });
const started = performance.now();
await play(service, SESSIONS);
const seconds = (performance.now() - started) / 1000;
const peakRss = process.resourceUsage().maxRSS * 1024;
const liveAtEnd = service.liveCount;
const liveEstimate = service.liveSize;
const heapAfterBound = heap();
const rssAfterBound = process.memoryUsage().rss;
await store.close();

// 2. The cost of one idle session, and the estimate beside it.
const probeStore = SqliteStore.open(join(temp, 'probe.db'));
await probeStore.migrate();
const probe = new SessionService({ store: probeStore, registry, maxLiveBytes: Number.MAX_SAFE_INTEGER });
await play(probe, 1); // domain, caches and code warmed before the first reading
const heapBefore = heap();
const estimateBefore = probe.liveSize;
await play(probe, PROBE);
const perSession = (heap() - heapBefore) / PROBE;
const estimatePerSession = (probe.liveSize - estimateBefore) / PROBE;
await probeStore.close();

const result = {
  calls: CALLS,
  probeSessions: PROBE,
  heapPerIdleSessionKiB: Math.round(perSession / 1024),
  estimatePerSessionKiB: Math.round(estimatePerSession / 1024),
  estimateToHeap: Number((estimatePerSession / perSession).toFixed(2)),
  sessions: SESSIONS,
  liveAtEnd,
  liveEstimateMiB: Math.round(liveEstimate / MiB),
  peakRssMiB: Math.round(peakRss / MiB),
  heapAfterGcMiB: Math.round(heapAfterBound / MiB),
  rssAfterGcMiB: Math.round(rssAfterBound / MiB),
  toolCallsPerSecond: Math.round((SESSIONS * CALLS) / seconds),
  boundMiB: RSS_BOUND / MiB,
};
rmSync(temp, { recursive: true, force: true });

const out = resolve(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'server-memory.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('server memory');
console.log(
  `  one idle session (${CALLS} calls): ${result.heapPerIdleSessionKiB} KiB of heap; the budget's estimate ${result.estimatePerSessionKiB} KiB (${result.estimateToHeap}× the heap)`,
);
console.log(
  `  ${SESSIONS} sessions × ${CALLS} calls, default budget: peak RSS ${result.peakRssMiB} MiB (bound ${result.boundMiB}), ${result.liveAtEnd} live at the end (${result.liveEstimateMiB} MiB estimated; after a full GC: heap ${result.heapAfterGcMiB} MiB, RSS ${result.rssAfterGcMiB} MiB), ${result.toolCallsPerSecond} calls/s`,
);
const met = peakRss < RSS_BOUND;
console.log(`  ${met ? 'met' : 'MISSED'}: peak RSS < 1 GiB`);
process.exitCode = met ? 0 : 1;
