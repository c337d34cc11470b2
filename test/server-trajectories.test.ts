// The trajectory list over real HTTP, on SQLite and on PostgreSQL: sessions played through the API and
// finished ones stored as a batch run stores them; every filter and sort, paging, and clear 400s.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore, type SessionRow, SqliteStore } from '../src/store/index.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { testSchema } from './support/server-postgres.ts';

type Item = Record<string, unknown> & { id: string };

/** A finished session as a batch run stores it: its row with a trajectory (only what the list reads). */
function storedRow(
  n: number,
  fields: { model?: string; reward: number | null; authors: string[]; errors: number; cost: number | null },
): { row: SessionRow; trajectory: string } {
  const id = randomUUID();
  const createdAt = new Date(Date.UTC(2026, 0, 1 + n)).toISOString();
  const messages: unknown[] = [{ id: 'u0', role: 'user', content: 'hi' }];
  for (const [i, author] of fields.authors.entries()) {
    messages.push({ id: `a${i}`, role: 'assistant', content: 'ok', author });
  }
  for (let i = 0; i < fields.errors; i++) {
    messages.push({
      id: `t${i}`,
      role: 'tool',
      tool_call_id: `c${i}`,
      name: 'x',
      content: 'Error: no such order',
    });
  }
  messages.push({ id: 'tok', role: 'tool', tool_call_id: 'ok', name: 'x', content: '{"fine":true}' });
  const usage = { inputTokens: 1, outputTokens: 1, costUsd: fields.cost };
  return {
    row: {
      id,
      createdAt,
      updatedAt: createdAt,
      domain: 'airline',
      split: 'test',
      taskIndex: n,
      taskId: `airline-${n}`,
      setup: {
        customer: { strategy: 'llm', ...(fields.model === undefined ? {} : { model: fields.model }) },
      },
      status: 'finished',
      reward: fields.reward,
      finished: true,
      endReason: 'user-stop',
      endedAt: createdAt,
      eventCount: 0,
    },
    trajectory: JSON.stringify({ messages, usage: { customer: usage, agent: { ...usage, costUsd: null } } }),
  };
}

const backends: Array<
  [string, () => Promise<{ store: SqliteStore | PostgresStore; drop: () => Promise<void> }>]
> = [
  [
    'SQLite',
    async () => ({
      store: SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'sigma-cat-')), 's.db')),
      drop: async () => {},
    }),
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = testSchema('catalog');
      return { store: PostgresStore.open({ url: schema.url }), drop: schema.drop };
    },
  ],
];

describe.each(backends)('GET /trajectories on %s', (_name, open) => {
  let server: TestServer;
  let drop: () => Promise<void>;
  const ids: Record<string, string> = {};
  const list = async (query: string): Promise<{ items: Item[]; total: number }> => {
    const r = await server.call('GET', `/trajectories?${query}`);
    expect(r.status, r.text).toBe(200);
    return r.json;
  };
  const post = (path: string, body?: unknown) =>
    server.call('POST', path, body === undefined ? {} : { body });
  const idsOf = async (query: string) => (await list(query)).items.map((i) => i.id);

  beforeAll(async () => {
    const opened = await open();
    drop = opened.drop;
    await opened.store.migrate();
    server = await startTestServer({ store: opened.store });
    // Played through the API: one abandoned after a tool error, one left running.
    const played = await post('/sessions', {
      envName: 'retail',
      taskIndex: 0,
      userStrategy: 'scripted',
    });
    expect(played.status, played.text).toBe(201);
    ids.abandoned = played.json.id;
    await post(`/sessions/${ids.abandoned}/start`);
    await post(`/sessions/${ids.abandoned}/respond`, { message: 'Hello, how can I help?' });
    const tool = await post(`/sessions/${ids.abandoned}/tool`, {
      name: 'get_order_details',
      arguments: { order_id: '#W0000000' },
    });
    expect(tool.status, tool.text).toBe(200);
    expect((await server.call('DELETE', `/sessions/${ids.abandoned}`)).status).toBe(200);
    const running = await post('/sessions', {
      envName: 'retail',
      taskIndex: 1,
      userStrategy: 'scripted',
    });
    ids.running = running.json.id;
    // Stored finished, as a batch run stores them.
    const stored = [
      storedRow(1, { model: 'model-a', reward: 1, authors: ['model', 'model'], errors: 0, cost: 0.5 }),
      storedRow(2, {
        model: 'model-b',
        reward: 0,
        authors: ['human', 'model-edited'],
        errors: 2,
        cost: 0.25,
      }),
      storedRow(3, { model: 'model-a', reward: 0.5, authors: ['human'], errors: 1, cost: null }),
      storedRow(4, { reward: null, authors: ['replay', 'replay', 'replay'], errors: 0, cost: 2 }),
    ];
    for (const [i, s] of stored.entries()) {
      await opened.store.createSession(s.row, s.trajectory);
      ids[`s${i + 1}`] = s.row.id;
    }
    const note = await post(`/sessions/${ids.s2}/annotations`, {
      rating: 'bad',
      author: 'ana',
    });
    expect(note.status, note.text).toBe(201);
    await post(`/sessions/${ids.s3}/annotations`, { text: 'look again', author: 'bo' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('lists every session with its facts, newest first, paged', async () => {
    const all = await list('limit=200');
    expect(all.total).toBe(6);
    expect(all.items.map((i) => i.id).slice(-4)).toEqual([ids.s4, ids.s3, ids.s2, ids.s1]);
    const abandoned = all.items.find((i) => i.id === ids.abandoned)!;
    expect(abandoned).toMatchObject({
      domain: 'retail',
      finished: true,
      endReason: 'abandoned',
      customerStrategy: 'scripted',
      customerModel: null,
      author: 'human',
      toolErrors: 1,
      annotationCount: 0,
    });
    expect(abandoned.turns).toBeGreaterThanOrEqual(2);
    expect(all.items.find((i) => i.id === ids.running)).toMatchObject({
      finished: false,
      turns: null,
      toolErrors: null,
      author: null,
      costUsd: null,
    });
    expect(all.items.find((i) => i.id === ids.s2)).toMatchObject({
      author: 'mixed',
      turns: 2,
      toolErrors: 2,
      costUsd: 0.25,
      customerModel: 'model-b',
      annotationCount: 1,
    });
    const pages = [await list('limit=4&offset=0'), await list('limit=4&offset=4')];
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(all.items.map((i) => i.id));
    expect(pages[1]!.items).toHaveLength(2);
    expect((await list('offset=1000000')).items).toEqual([]);
  });

  it('filters by each fact', async () => {
    const same = async (query: string, want: string[]) =>
      expect((await idsOf(query)).sort(), query).toEqual([...want].sort());
    await same('domain=airline&taskId=airline-3', [ids.s3!]);
    await same('rewardMin=0.5', [ids.s1!, ids.s3!]);
    await same('rewardMin=0&rewardMax=0.5', [ids.s2!, ids.s3!, ids.abandoned!]);
    await same('reward=none&finished=true', [ids.s4!]);
    await same('reward=none', [ids.s4!, ids.running!]);
    await same('finished=false', [ids.running!]);
    await same('endReason=abandoned', [ids.abandoned!]);
    await same('author=mixed', [ids.s2!]);
    await same('author=human', [ids.s3!, ids.abandoned!]);
    await same('author=replay', [ids.s4!]);
    await same('customerStrategy=scripted', [ids.abandoned!, ids.running!]);
    await same('customerModel=model-a', [ids.s1!, ids.s3!]);
    await same('toolErrors=true', [ids.s2!, ids.s3!, ids.abandoned!]);
    await same('toolErrors=false', [ids.s1!, ids.s4!]);
    await same('annotated=true', [ids.s2!, ids.s3!]);
    await same('annotated=false&domain=airline', [ids.s1!, ids.s4!]);
    await same('rating=bad', [ids.s2!]);
    await same('rating=good', []);
    await same('from=2026-01-03&to=2026-01-05', [ids.s2!, ids.s3!]);
    await same('customerModel=model-a&rewardMax=0.9&toolErrors=true&annotated=true', [ids.s3!]);
    expect((await list('customerModel=model-a')).total).toBe(2);
  });

  it('sorts by each fact, with sessions without it last in either direction', async () => {
    const airline = 'domain=airline';
    expect(await idsOf(`${airline}&sort=reward&order=desc`)).toEqual([ids.s1, ids.s3, ids.s2, ids.s4]);
    expect(await idsOf(`${airline}&sort=reward&order=asc`)).toEqual([ids.s2, ids.s3, ids.s1, ids.s4]);
    expect(await idsOf(`${airline}&sort=cost&order=asc`)).toEqual([ids.s2, ids.s1, ids.s4, ids.s3]);
    expect(await idsOf(`${airline}&sort=turns&order=desc`)).toEqual([ids.s4, ids.s2, ids.s1, ids.s3]);
    expect(await idsOf(`${airline}&sort=toolErrors&order=desc`)).toEqual([ids.s2, ids.s3, ids.s4, ids.s1]);
    expect(await idsOf(`${airline}&sort=task&order=asc`)).toEqual([ids.s1, ids.s2, ids.s3, ids.s4]);
    expect(await idsOf(`${airline}&sort=date&order=asc`)).toEqual([ids.s1, ids.s2, ids.s3, ids.s4]);
    const byDomain = await list('sort=domain&order=asc');
    expect(byDomain.items.map((i) => i.domain)).toEqual([
      'airline',
      'airline',
      'airline',
      'airline',
      'retail',
      'retail',
    ]);
    const all = await idsOf('sort=turns&order=asc&limit=200');
    expect(all.at(-1)).toBe(ids.running);
  });

  it('answers a bad filter with a 400 that says what is allowed', async () => {
    for (const [query, says] of [
      ['rewardMin=high', 'a number'],
      ['rewardMin=1&rewardMax=0', 'rewardMin must not be greater than rewardMax'],
      ['reward=1&rewardMin=0', 'either reward or rewardMin'],
      ['sort=colour', 'date'],
      ['order=up', 'asc'],
      ['author=robot', 'mixed'],
      ['endReason=bored', 'abandoned'],
      ['toolErrors=yes', 'true'],
      ['annotated=1', 'true'],
      ['rating=meh', 'good'],
      ['customerStrategy=oracle', 'scripted'],
      ['customerModel=../x', 'customerModel'],
      ['limit=201', 'limit'],
    ] as const) {
      const r = await server.call('GET', `/trajectories?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json.error.code, query).toBe('bad_request');
      expect(r.json.error.message, query).toContain(says);
      expect(r.text, query).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
