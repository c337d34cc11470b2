// Server load benchmark (part of `npm run bench`): `sigma serve` as a real child process, driven over
// loopback by 1000 open sessions of the built-in retail domain (scripted customer) doing read tool
// calls and some replies. Every answered request was stored first (SQLite WAL, or PostgreSQL).
//
// What is measured, each in one run:
// - Tail latency at a fixed offered rate (open loop, SQLite): requests are sent on a schedule — 3000
//   read tool calls/s (tool calls only, as the target says) over 64 connections, to the next idle one of
//   1000 sessions — whatever the answers do,
//   and each latency counts from the time it was due (so a stall is not hidden by sending less:
//   coordinated omission). Target: p99 < 20 ms.
// - Saturated throughput (closed loop, 64 in flight, one request in ten a reply): SQLite, PostgreSQL, and PostgreSQL with
//   `--workers 2`. Targets as ratios of the same run: 2 processes >= 1.6x one (PostgreSQL), and SQLite
//   at most 1.5x PostgreSQL's throughput.
// Writes bench/results/server-load.json and exits 1 if a target is missed.
//
//   node bench/server-load.ts [--sessions 1000] [--connections 64] [--rate 3000] [--seconds 15] [--only sqlite|postgres]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Pool } from 'undici';
import { DomainRegistry } from '../src/registry/index.ts';
import { type ServerProcess, spawnServer } from '../test/support/server-process.ts';

const { values: flags } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '64' },
    rate: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '15' },
    only: { type: 'string' },
  },
});
const SESSIONS = Number(flags.sessions);
const CONNECTIONS = Number(flags.connections);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const WARMUP_SECONDS = 3;
/** `--session-memory` of the servers under load, MiB. */
const SESSION_MEMORY_MIB = 512;
/** One request in this many is a reply to the customer; the rest are read tool calls. */
const REPLY_EVERY = 10;
const TARGET = { offeredPerSecond: RATE, p99Ms: 20, twoProcesses: 1.6, sqliteOverPostgres: 1.5 };
const POSTGRES_URL = process.env.SIGMA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const root = resolve(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'sigma-load-'));

interface Reply {
  status: number;
  body: string;
}

/**
 * A keep-alive client with `connections` sockets: undici's pool driven through `dispatch`, whose handler
 * gets the answer's chunks as they are read (no web stream per answer), so the load generator costs a
 * fraction of the server's CPU per request and competes less with it for the machine's two cores.
 */
function client(base: string, connections: number) {
  const pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const json = { 'content-type': 'application/json' };
  return (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      pool.dispatch(
        {
          origin: base,
          method,
          path,
          ...(body === undefined ? {} : { headers: json, body: JSON.stringify(body) }),
        },
        {
          onRequestStart: () => {},
          onResponseStart: (_controller, statusCode) => {
            status = statusCode;
          },
          onResponseData: (_controller, chunk) => {
            chunks.push(chunk);
          },
          onResponseEnd: () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }),
          onResponseError: (_controller, error) => reject(error),
        },
      );
    });
}

/** CPU time (user + system) a process has used so far, in microseconds (Linux /proc; 0 elsewhere). */
function processCpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command; in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

/** A latency for the report; a dash where there was none to measure (no replies in the open loop). */
function ms(v: number, digits = 2): string {
  return Number.isNaN(v) ? '–' : `${v.toFixed(digits)} ms`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Call = ReturnType<typeof client>;

interface Ids {
  orders: string[];
  users: string[];
  products: string[];
}

async function readIds(): Promise<Ids> {
  const domain = await new DomainRegistry({ home: join(temp, 'ids-home') }).get('retail');
  const ids = (table: string) => [...domain.base.tables.get(table)!.ids];
  return { orders: ids('orders'), users: ids('users'), products: ids('products') };
}

interface RunResult {
  store: string;
  /** `open`: a fixed offered rate; `saturated`: `inFlight` requests always in flight. */
  mode: 'open' | 'saturated';
  processes: number;
  /** Offered tool calls and replies per second (open loop only). */
  offeredPerSecond: number | null;
  /** Requests in flight at most (connections). */
  inFlight: number;
  sessions: number;
  seconds: number;
  toolCalls: number;
  replies: number;
  errors: number;
  toolCallsPerSecond: number;
  requestsPerSecond: number;
  toolP50Ms: number;
  toolP90Ms: number;
  toolP99Ms: number;
  toolMaxMs: number;
  replyP50Ms: number;
  replyP99Ms: number;
  /** CPU the server processes used per answered request in the measured window (both cores count). */
  serverCpuMicrosPerRequest: number;
  /** The same for the load generator. */
  clientCpuMicrosPerRequest: number;
  /** The same for PostgreSQL's processes on this machine (null for SQLite, which runs in the server's). */
  databaseCpuMicrosPerRequest: number | null;
  setupSeconds: number;
}

/** Creates and starts one session of retail task `task` with the scripted customer; returns its id. */
async function openSession(call: Call, task: number): Promise<string> {
  const created = await call('POST', '/sessions', {
    envName: 'retail',
    taskIndex: task % 100,
    userStrategy: 'scripted',
    maxTurns: 1000,
  });
  if (created.status !== 201) throw new Error(`POST /sessions: ${created.status} ${created.body}`);
  const id = JSON.parse(created.body).id as string;
  const started = await call('POST', `/sessions/${id}/start`);
  if (started.status !== 200) throw new Error(`start: ${started.status} ${started.body}`);
  return id;
}

/**
 * The scripted customer ends its conversation after a number of replies; a reply that ended the
 * episode is followed by a new session in the same place (its creation is not measured), so the load
 * stays on running sessions and nothing is refused.
 */
function ended(r: Reply): boolean {
  return r.status === 200 && (JSON.parse(r.body) as { done?: boolean }).done === true;
}

/** Creates and starts the sessions; returns their ids. */
async function openSessions(call: Call, count: number): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) ids[i] = await openSession(call, i);
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return ids;
}

/**
 * The n-th request of the mix: one in REPLY_EVERY a reply to the customer (with `replies`), the others
 * read tool calls.
 */
function request(ids: Ids, n: number, replies = true): { reply: boolean; path: string; body: unknown } {
  if (replies && n % REPLY_EVERY === 0)
    return { reply: true, path: 'respond', body: { message: 'One moment please, I am checking that.' } };
  const kind = n % 3;
  const body =
    kind === 0
      ? { name: 'get_order_details', arguments: { order_id: ids.orders[n % ids.orders.length] } }
      : kind === 1
        ? { name: 'get_user_details', arguments: { user_id: ids.users[n % ids.users.length] } }
        : { name: 'get_product_details', arguments: { product_id: ids.products[n % ids.products.length] } };
  return { reply: false, path: 'tool', body };
}

/** Latencies and CPU of one measured window. */
class Window {
  readonly tool: number[] = [];
  readonly reply: number[] = [];
  errors = 0;
  readonly warmupEnd = performance.now() + WARMUP_SECONDS * 1000;
  readonly end: number;
  private cpu = { server: 0, client: 0, database: 0 };
  private readonly timer: NodeJS.Timeout;
  private readonly serverPids: number[];
  private readonly databasePids: number[];

  constructor(serverPids: number[], seconds: number, databasePids: number[] = []) {
    this.serverPids = serverPids;
    this.databasePids = databasePids;
    this.end = this.warmupEnd + seconds * 1000;
    this.timer = setTimeout(() => {
      this.cpu.server = -this.serverCpu();
      this.cpu.database = -this.databaseCpu();
      const own = process.cpuUsage();
      this.cpu.client = -(own.user + own.system);
    }, WARMUP_SECONDS * 1000);
  }

  private serverCpu(): number {
    return this.serverPids.reduce((sum, pid) => sum + processCpuMicros(pid), 0);
  }

  private databaseCpu(): number {
    return this.databasePids.reduce((sum, pid) => sum + processCpuMicros(pid), 0);
  }

  /** Counts an answer to a request due at `due` (sent after the warm-up) and answered by `finished`. */
  record(reply: boolean, r: Reply, due: number, finished: number): void {
    if (r.status !== 200) {
      this.errors++;
      if (this.errors <= 5) process.stderr.write(`unexpected ${r.status}: ${r.body.slice(0, 200)}\n`);
      return;
    }
    if (due < this.warmupEnd || finished > this.end) return;
    (reply ? this.reply : this.tool).push(finished - due);
  }

  result(seconds: number) {
    clearTimeout(this.timer);
    this.cpu.server += this.serverCpu();
    this.cpu.database += this.databaseCpu();
    const own = process.cpuUsage();
    this.cpu.client += own.user + own.system;
    const { tool, reply } = this;
    const answered = tool.length + reply.length;
    tool.sort((a, b) => a - b);
    reply.sort((a, b) => a - b);
    return {
      seconds,
      toolCalls: tool.length,
      replies: reply.length,
      errors: this.errors,
      toolCallsPerSecond: Math.round(tool.length / seconds),
      requestsPerSecond: Math.round(answered / seconds),
      toolP50Ms: percentile(tool, 50),
      toolP90Ms: percentile(tool, 90),
      toolP99Ms: percentile(tool, 99),
      toolMaxMs: tool.at(-1) ?? Number.NaN,
      replyP50Ms: percentile(reply, 50),
      replyP99Ms: percentile(reply, 99),
      serverCpuMicrosPerRequest: Math.round(this.cpu.server / Math.max(1, answered)),
      clientCpuMicrosPerRequest: Math.round(this.cpu.client / Math.max(1, answered)),
      databaseCpuMicrosPerRequest:
        this.databasePids.length === 0 ? null : Math.round(this.cpu.database / Math.max(1, answered)),
    };
  }
}

/**
 * Closed loop: `inFlight` lanes, each owning every inFlight-th session and cycling through them on its
 * own connection, so every session is used and no session has two requests at once. Latency from
 * sending to the answer.
 */
async function saturate(
  calls: Call[],
  sessions: string[],
  ids: Ids,
  inFlight: number,
  seconds: number,
  pids: Pids,
) {
  const window = new Window(pids.server, seconds, pids.database);
  const lane = async (index: number) => {
    const call = calls[index]!;
    let n = 0;
    const own = sessions.filter((_, i) => i % inFlight === index);
    while (performance.now() < window.end) {
      const id = own[n % own.length]!;
      const next = request(ids, n++ + index);
      const started = performance.now();
      const r = await call('POST', `/sessions/${id}/${next.path}`, next.body);
      window.record(next.reply, r, started, performance.now());
      if (next.reply && ended(r)) own[(n - 1) % own.length] = await openSession(call, n);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(i)));
  return window.result(seconds);
}

/**
 * Open loop: a request is due every 1/rate s, whatever the answers do, sent to the next session with no
 * request in flight (1000 sessions at 3000/s: each is asked about three times a second), on that
 * session's connection. Its latency counts from when it was due, so a server that stalls is charged
 * for the requests that waited.
 */
async function offer(calls: Call[], sessions: string[], ids: Ids, rate: number, seconds: number, pids: Pids) {
  const window = new Window(pids.server, seconds, pids.database);
  const busy = new Set<string>();
  const pending = new Set<Promise<void>>();
  const interval = 1000 / rate;
  const begin = performance.now();
  let n = 0;
  let cursor = 0;
  while (true) {
    const due = begin + n * interval;
    if (due >= window.end) break;
    // Always yields, so answers are read while requests go out; a timer fires after 1 ms at the soonest,
    // and the requests that fell due meanwhile go out together.
    const wait = due - performance.now();
    await new Promise((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
    // Every request due by now goes out (a late timer sends a burst, as clients would).
    while (begin + n * interval <= performance.now() && begin + n * interval < window.end) {
      const dueAt = begin + n * interval;
      let slot = cursor++ % sessions.length;
      for (let tries = 0; busy.has(sessions[slot]!) && tries < sessions.length; tries++)
        slot = cursor++ % sessions.length;
      const id = sessions[slot]!;
      const call = calls[slot % calls.length]!;
      const next = request(ids, n++, false);
      busy.add(id);
      const sent = call('POST', `/sessions/${id}/${next.path}`, next.body).then(
        async (r) => {
          window.record(next.reply, r, dueAt, performance.now());
          if (next.reply && ended(r)) sessions[slot] = await openSession(call, slot);
        },
        () => window.record(next.reply, { status: 0, body: 'connection failed' }, dueAt, performance.now()),
      );
      const tracked = sent.finally(() => {
        busy.delete(id);
        pending.delete(tracked);
      });
      pending.add(tracked);
    }
  }
  await Promise.all(pending);
  return window.result(seconds);
}

/** The processes whose CPU a run counts: the server's, and the database's when it is a separate one. */
interface Pids {
  server: number[];
  database: number[];
}

/** The process ids of this machine's processes named `name` (PostgreSQL's server and backends). */
function processesNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The process ids of a process's children (the workers of `--workers`), from /proc. */
function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function bench(
  store: string,
  label: string,
  processes: number,
  mode: RunResult['mode'],
  ids: Ids,
): Promise<RunResult> {
  let server: ServerProcess | undefined;
  try {
    server = await spawnServer(
      [
        '--store',
        store,
        // The 1,000 sessions' working set (~160 KiB each by the end) fits: this measures serving them,
        // not rebuilding evicted ones (bench/server-memory.ts measures the budget).
        '--session-memory',
        String(SESSION_MEMORY_MIB),
        ...(processes > 1 ? ['--workers', String(processes)] : []),
      ],
      {
        SIGMA_HOME: join(temp, `home-${label}-${processes}-${mode}`),
        SIGMA_API_TOKEN: '',
      },
    );
    const serverPids = [server.child.pid!, ...childPids(server.child.pid!)];
    const setupCall = client(server.url, 32);
    const setupStart = performance.now();
    const sessions = await openSessions(setupCall, SESSIONS);
    const setupSeconds = Number(((performance.now() - setupStart) / 1000).toFixed(1));
    // One keep-alive connection per group of sessions, as each client program keeps its own: with
    // `--workers` a connection is served by one process, so each session is too.
    const calls = Array.from({ length: CONNECTIONS }, () => client(server!.url, 1));
    // Taken now, when the server's pool has opened its connections (PostgreSQL's backends).
    const pids = { server: serverPids, database: label === 'postgres' ? processesNamed('postgres') : [] };
    const run =
      mode === 'open'
        ? await offer(calls, sessions, ids, RATE, SECONDS, pids)
        : await saturate(calls, sessions, ids, CONNECTIONS, SECONDS, pids);
    const result: RunResult = {
      store: label,
      mode,
      processes,
      offeredPerSecond: mode === 'open' ? RATE : null,
      inFlight: CONNECTIONS,
      sessions: sessions.length,
      setupSeconds,
      ...run,
    };
    process.stdout.write(`${describe(result)}\n`);
    return result;
  } finally {
    await server?.stop();
  }
}

function describe(r: RunResult): string {
  const how = r.mode === 'open' ? `${r.offeredPerSecond}/s offered` : `${r.inFlight} in flight`;
  return `${r.store} (${r.processes} process${r.processes > 1 ? 'es' : ''}), ${r.sessions} sessions, ${how}: ${r.toolCallsPerSecond} tool calls/s (${r.requestsPerSecond} requests/s), tool p50 ${ms(r.toolP50Ms)} p90 ${ms(r.toolP90Ms)} p99 ${ms(r.toolP99Ms)} max ${ms(r.toolMaxMs)}, reply p50 ${ms(r.replyP50Ms)} p99 ${ms(r.replyP99Ms)}, errors ${r.errors}; CPU per request: server ${r.serverCpuMicrosPerRequest} µs, load generator ${r.clientCpuMicrosPerRequest} µs${r.databaseCpuMicrosPerRequest === null ? '' : `, PostgreSQL ${r.databaseCpuMicrosPerRequest} µs`}`;
}

async function postgresSchema(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const name = `sigma_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    process.stderr.write(
      `PostgreSQL not reachable at ${POSTGRES_URL} (${(error as Error).message}): skipped\n`,
    );
    return undefined;
  }
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', name);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists "${name}" cascade`);
      await c.end();
    },
  };
}

const ids = await readIds();
const results: RunResult[] = [];
try {
  if (flags.only !== 'postgres') {
    // Each on a server of its own, as the PostgreSQL runs are: one that had served the open loop first
    // would hold sessions twice as long, over the `--session-memory` the bench gives it (rebuilds).
    for (const mode of ['open', 'saturated'] as const) {
      results.push(await bench(`sqlite:${join(temp, `sigma-${mode}.db`)}`, 'sqlite', 1, mode, ids));
    }
  }
  if (flags.only !== 'sqlite') {
    for (const processes of [1, 2]) {
      const schema = await postgresSchema();
      if (schema === undefined) break;
      try {
        results.push(await bench(schema.url, 'postgres', processes, 'saturated', ids));
      } finally {
        await schema.drop();
      }
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const find = (store: string, mode: string, processes: number) =>
  results.find((r) => r.store === store && r.mode === mode && r.processes === processes);
const open = find('sqlite', 'open', 1);
const sqlite = find('sqlite', 'saturated', 1);
const pg1 = find('postgres', 'saturated', 1);
const pg2 = find('postgres', 'saturated', 2);
const checks: Array<{ what: string; value: string; met: boolean }> = [];
if (open !== undefined)
  checks.push({
    what: `sqlite, ${RATE}/s offered: p99 < ${TARGET.p99Ms} ms, all offered answered`,
    value: `p99 ${open.toolP99Ms.toFixed(2)} ms, ${open.requestsPerSecond}/s answered, ${open.errors} errors`,
    met: open.toolP99Ms < TARGET.p99Ms && open.errors === 0 && open.requestsPerSecond >= RATE * 0.97,
  });
if (pg1 !== undefined && pg2 !== undefined) {
  const ratio = pg2.requestsPerSecond / pg1.requestsPerSecond;
  checks.push({
    what: `postgres, 2 processes / 1 process >= ${TARGET.twoProcesses}`,
    value: `${ratio.toFixed(2)}x (${pg2.requestsPerSecond} / ${pg1.requestsPerSecond} requests/s)`,
    met: ratio >= TARGET.twoProcesses,
  });
}
if (sqlite !== undefined && pg1 !== undefined) {
  const ratio = sqlite.requestsPerSecond / pg1.requestsPerSecond;
  checks.push({
    what: `sqlite / postgres throughput <= ${TARGET.sqliteOverPostgres}`,
    value: `${ratio.toFixed(2)}x (${sqlite.requestsPerSecond} / ${pg1.requestsPerSecond} requests/s)`,
    met: ratio <= TARGET.sqliteOverPostgres,
  });
}
const pass = checks.every((c) => c.met);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/server-load.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, target: TARGET, checks, pass, results }, null, 2)}\n`,
);
process.stdout.write(
  `\n| store | processes | load | tool calls/s | requests/s | tool p50 | tool p99 | tool max | reply p99 | errors | server CPU/request | client CPU/request | PostgreSQL CPU/request |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n`,
);
for (const r of results) {
  const load = r.mode === 'open' ? `${r.offeredPerSecond}/s offered` : `saturated, ${r.inFlight} in flight`;
  process.stdout.write(
    `| ${r.store} | ${r.processes} | ${load} | ${r.toolCallsPerSecond} | ${r.requestsPerSecond} | ${ms(r.toolP50Ms)} | ${ms(r.toolP99Ms)} | ${ms(r.toolMaxMs, 1)} | ${ms(r.replyP99Ms)} | ${r.errors} | ${r.serverCpuMicrosPerRequest} µs | ${r.clientCpuMicrosPerRequest} µs | ${r.databaseCpuMicrosPerRequest === null ? '–' : `${r.databaseCpuMicrosPerRequest} µs`} |\n`,
  );
}
process.stdout.write('\n');
for (const c of checks) process.stdout.write(`${c.met ? 'met' : 'MISSED'}: ${c.what}: ${c.value}\n`);
if (!pass) process.exitCode = 1;
