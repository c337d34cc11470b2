// Trajectory list benchmark (`npm run bench`): 100,000 stored sessions on SQLite, then a page of 50 of
// `GET /trajectories` over HTTP with several filters and sorts (the total counted each time). The rows
// are generated and inserted through the store (`createSession`, finished ones with a small trajectory
// of 12 messages, about 2 KB), spread over domains, tasks, rewards, end reasons, authors, customer
// models, tool errors and a year of dates; 2% carry a reviewer's note. Each query is timed 21 times
// after 3 warm-ups: the median and the spread (min–max) are reported. Target: the median under 100 ms.
// Writes bench/results/catalog.json; exits 1 if a median misses the target.
//
//   node bench/catalog.ts            (SIGMA_BENCH_CATALOG_TOTAL=10000 for a quick run)
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DomainRegistry } from '../src/registry/index.ts';
import { startServer } from '../src/server/index.ts';
import { type SessionRow, SqliteStore } from '../src/store/index.ts';
import { median } from './support.ts';

const TOTAL = Number(process.env.SIGMA_BENCH_CATALOG_TOTAL ?? 100_000);
const RUNS = 21;
const TARGET_MS = 100;
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sigma-bench-catalog-'));
/** `SIGMA_BENCH_CATALOG_DB`: a store file kept between runs (filled on the first), for trying queries. */
const kept = process.env.SIGMA_BENCH_CATALOG_DB;
const file = kept ?? join(dir, 'sigma.db');
const reused = kept !== undefined && existsSync(kept);

/** A small deterministic generator, so every run stores the same rows. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

const DOMAINS = ['retail', 'airline', 'mini-shop'] as const;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'llama3.1:8b'] as const;
const AUTHORS = ['human', 'model', 'model-edited'] as const;
const END_REASONS = ['user-stop', 'user-stop', 'user-stop', 'transfer', 'turn-limit', 'abandoned'] as const;
const ITEMS = ['blender', 'kettle', 'laptop', 'backpack', 'lamp', 'headphones', 'watch', 'camera'] as const;
const PROBLEMS = [
  'arrived broken',
  'is late',
  'is the wrong colour',
  'stopped working',
  'was charged twice',
] as const;
const START = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 86_400_000;

function generated(n: number): { row: SessionRow; trajectory?: string } {
  const domain = pick(DOMAINS);
  const taskIndex = Math.floor(random() * 100);
  const createdAt = new Date(START + Math.floor(random() * YEAR_MS)).toISOString();
  const strategy = random() < 0.2 ? 'scripted' : 'llm';
  const model = strategy === 'llm' ? pick(MODELS) : undefined;
  const running = random() < 0.05;
  const endReason = running ? null : pick(END_REASONS);
  const reward = running || random() < 0.1 ? null : random() < 0.6 ? 1 : 0;
  const row: SessionRow = {
    id: randomUUID(),
    createdAt,
    updatedAt: createdAt,
    domain,
    split: 'test',
    taskIndex,
    taskId: `${domain}-${taskIndex}`,
    setup: { customer: { strategy, ...(model === undefined ? {} : { model }) } },
    status: running ? 'active' : 'finished',
    reward,
    finished: !running,
    endReason,
    endedAt: running ? null : createdAt,
    eventCount: 0,
  };
  if (running) return { row };
  const author = pick(AUTHORS);
  // Words for the free-text search: an item and a problem of a few each, and one word in 10,000 rare.
  const rare = n % 10_000 === 7 ? ' It is a zeppelin-shaped one.' : '';
  const messages: unknown[] = [
    {
      id: 'm0',
      role: 'user',
      content: `Hello, this is customer ${n}. My ${pick(ITEMS)} ${pick(PROBLEMS)}.${rare}`,
    },
  ];
  const turns = 2 + Math.floor(random() * 5);
  for (let t = 0; t < turns; t++) {
    messages.push({
      id: `a${t}`,
      role: 'assistant',
      content: null,
      tool_calls: [{ id: `c${t}`, name: 'get_order_details', arguments: { order_id: `#W${n}${t}` } }],
      author,
    });
    const error = random() < 0.08;
    messages.push({
      id: `t${t}`,
      role: 'tool',
      tool_call_id: `c${t}`,
      name: 'get_order_details',
      content: error ? 'Error: order not found' : `{"order_id":"#W${n}${t}","status":"delivered","items":[]}`,
    });
  }
  const cost = model === undefined ? null : Math.round(random() * 10_000) / 100_000;
  const usage = (costUsd: number | null) => ({ inputTokens: 1200, outputTokens: 300, costUsd });
  return {
    row,
    trajectory: JSON.stringify({
      id: row.id,
      messages,
      usage: { customer: usage(cost), agent: usage(null) },
      // One in twenty had a copilot draft the person rejected.
      ...(random() < 0.05 ? { proposals: [{ decision: 'rejected' }] } : {}),
    }),
  };
}

const store = SqliteStore.open(file);
await store.migrate();
const fillStarted = performance.now();
const noted: string[] = [];
for (let n = 0; n < (reused ? 0 : TOTAL); n++) {
  const { row, trajectory } = generated(n);
  await store.createSession(row, trajectory);
  if (random() < 0.02) noted.push(row.id);
}
for (const [i, id] of noted.entries()) {
  await store.annotations.add(id, { rating: i % 3 === 0 ? 'good' : 'bad', text: 'checked', author: 'bench' });
}
const fillSeconds = (performance.now() - fillStarted) / 1000;
console.log(
  reused
    ? `reused ${file}: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`
    : `stored ${TOTAL} sessions (${noted.length} with a note) in ${fillSeconds.toFixed(1)} s; ` +
        `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
);

const server = await startServer({
  registry: new DomainRegistry({ home: join(dir, 'home') }),
  port: 0,
  env: {},
  log: () => {},
  store,
});

const QUERIES: Array<[string, string]> = [
  ['newest first, no filter', ''],
  ['one domain, finished, by reward', 'domain=retail&finished=true&sort=reward&order=desc'],
  ['a customer model, reward ≥ 0.5, by cost', 'customerModel=gpt-4o&rewardMin=0.5&sort=cost&order=asc'],
  ['tool errors, author human, by turns', 'toolErrors=true&author=human&sort=turns&order=desc'],
  ['rated bad (notes), newest first', 'rating=bad'],
  ['not annotated, a strategy, by date ascending', 'annotated=false&customerStrategy=llm&order=asc'],
  [
    'abandoned in one month, by task',
    'endReason=abandoned&from=2026-03-01&to=2026-04-01&sort=task&order=asc',
  ],
  ['one task, unscored', 'taskId=airline-7&reward=none'],
  ['page 1,000 (offset 49,950), newest first', 'offset=49950'],
  ['page 1,000 by reward ascending', 'offset=49950&sort=reward&order=asc'],
  ['free text, a common word', 'q=blender'],
  ['free text, two words, one domain, by reward', 'q=kettle%20broken&domain=retail&sort=reward&order=desc'],
  ['free text, a rare word', 'q=zeppelin'],
  ['free text, tool errors, page 20 by cost', 'q=laptop&toolErrors=true&offset=950&sort=cost&order=asc'],
  ['rejected drafts, not marked bad, newest first', 'rejectedDrafts=true&excludeRating=bad'],
  ['rejected drafts, one model, by turns', 'rejectedDrafts=true&customerModel=gpt-4o&sort=turns&order=desc'],
];

interface Result {
  query: string;
  params: string;
  total: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  pass: boolean;
}
const results: Result[] = [];
for (const [name, params] of QUERIES) {
  const url = `${server.url}/trajectories?limit=50${params === '' ? '' : `&${params}`}`;
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { items: unknown[]; total: number };
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
    total = body.total;
    if (i >= 3) times.push(ms);
  }
  const m = median(times);
  const result = {
    query: name,
    params,
    total,
    medianMs: round(m),
    minMs: round(Math.min(...times)),
    maxMs: round(Math.max(...times)),
    pass: m < TARGET_MS,
  };
  results.push(result);
  console.log(
    `${name.padEnd(48)} ${String(total).padStart(6)} matching  median ${result.medianMs} ms ` +
      `(${result.minMs}–${result.maxMs})  ${result.pass ? 'ok' : `MISSES < ${TARGET_MS} ms`}`,
  );
}
await server.close();
rmSync(dir, { recursive: true, force: true });

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/catalog.json'),
  `${JSON.stringify({ total: TOTAL, runs: RUNS, targetMs: TARGET_MS, fillSeconds: round(fillSeconds), results }, null, 2)}\n`,
);
if (results.some((r) => !r.pass)) process.exitCode = 1;

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
