// Migration 0004-catalog on a store that already holds sessions: stepped down to 0003, a running and a
// finished session stored as before it, then migrated up again: the facts are filled from each row's
// setup and trajectory, and the list filters and sorts by them. On SQLite and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testSchema } from '../../test/support/server-postgres.ts';
import { schemaMigrator } from './migrations.ts';
import { PostgresStore } from './postgres.ts';
import type { Database } from './schema.ts';
import { SqliteStore } from './sqlite.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-catalog-migration-'));
const schema = testSchema('catalog_migration');
afterAll(async () => {
  rmSync(temp, { recursive: true, force: true });
  await schema.drop();
});

const backends: Array<[string, () => SqliteStore | PostgresStore, string | undefined]> = [
  ['sqlite', () => SqliteStore.open(join(temp, 'sigma.db')), undefined],
  ['postgres', () => PostgresStore.open({ url: schema.url }), schema.name],
];

const finishedTrajectory = JSON.stringify({
  messages: [
    { id: 'u', role: 'user', content: 'hi' },
    { id: 'a1', role: 'assistant', content: null, author: 'model', tool_calls: [] },
    { id: 't1', role: 'tool', tool_call_id: 'c', name: 'x', content: 'Error: no such user' },
    { id: 'a2', role: 'assistant', content: 'done', author: 'human' },
  ],
  usage: {
    customer: { inputTokens: 1, outputTokens: 1, costUsd: 0.125 },
    agent: { inputTokens: 1, outputTokens: 1, costUsd: 0.5 },
  },
});

describe.each(backends)('0004-catalog on a %s store with sessions', (_name, open, schemaName) => {
  it('fills the facts of the sessions stored before it', async () => {
    const store = open();
    await store.migrate();
    const db = (store as unknown as { db: Kysely<Database> }).db;
    const down = await schemaMigrator(db as Kysely<unknown>, schemaName).migrateTo('0003-annotations');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction])).toEqual([
      ['0007-sort-indexes', 'Down'],
      ['0006-review-reservations', 'Down'],
      ['0005-catalog-text', 'Down'],
      ['0004-catalog', 'Down'],
    ]);
    const base = { domain: 'retail', split: 'test', task_index: 3, task_id: 'retail-1-3' };
    await sql`insert into sessions (id, created_at, domain, split, task_index, task_id, setup, status, reward, finished, end_reason, ended_at, trajectory)
      values ('running', '2026-01-01T00:00:00.000Z', ${base.domain}, ${base.split}, ${base.task_index}, ${base.task_id},
        ${JSON.stringify({ customer: { strategy: 'scripted' } })}, 'active', null, 0, null, null, null),
      ('done', '2026-01-02T00:00:00.000Z', ${base.domain}, ${base.split}, ${base.task_index}, ${base.task_id},
        ${JSON.stringify({ customer: { strategy: 'llm', model: 'gpt-4o' } })}, 'finished', 1, 1, 'user-stop',
        '2026-01-02T00:10:00.000Z', ${finishedTrajectory})`.execute(db);

    await store.migrate();
    const all = await store.listSessions({ limit: 10, offset: 0 });
    expect(all.items.map((i) => i.id)).toEqual(['done', 'running']);
    expect(all.items[0]).toMatchObject({
      customerStrategy: 'llm',
      customerModel: 'gpt-4o',
      turns: 2,
      toolErrors: 1,
      costUsd: 0.625,
      author: 'mixed',
      annotationCount: 0,
    });
    expect(all.items[1]).toMatchObject({
      customerStrategy: 'scripted',
      customerModel: null,
      turns: null,
      toolErrors: null,
      costUsd: null,
      author: null,
    });
    const filtered = await store.listSessions({
      customerModel: 'gpt-4o',
      toolErrors: true,
      limit: 10,
      offset: 0,
    });
    expect(filtered.items.map((i) => i.id)).toEqual(['done']);
    const byTurns = await store.listSessions({ sort: 'turns', order: 'asc', limit: 10, offset: 0 });
    expect(byTurns.items.map((i) => i.id)).toEqual(['done', 'running']);
    await store.close();
  });
});

describe.each(backends)('0005-catalog-text on a %s store with sessions', (_name, open, schemaName) => {
  it('fills the searched text and the rejected drafts of the sessions stored before it', async () => {
    const store = open();
    await store.migrate();
    const db = (store as unknown as { db: Kysely<Database> }).db;
    await sql`delete from sessions`.execute(db);
    const down = await schemaMigrator(db as Kysely<unknown>, schemaName).migrateTo('0004-catalog');
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)).toMatchObject({ migrationName: '0005-catalog-text', direction: 'Down' });
    const trajectory = JSON.stringify({
      messages: [
        { id: 'u', role: 'user', content: 'The Zeppelin lamp flickers' },
        { id: 'a', role: 'assistant', content: 'Sorry to hear that.', author: 'human' },
      ],
      proposals: [{ decision: 'rejected' }, { decision: 'accepted' }],
    });
    await sql`insert into sessions (id, created_at, domain, split, task_index, task_id, setup, status, reward, finished, end_reason, ended_at, trajectory, customer_strategy)
      values ('old', '2026-01-03T00:00:00.000Z', 'retail', 'test', 1, 'retail-1-1',
        ${JSON.stringify({ customer: { strategy: 'scripted' } })}, 'finished', 1, 1, 'user-stop',
        '2026-01-03T00:10:00.000Z', ${trajectory}, 'scripted'),
      ('live', '2026-01-04T00:00:00.000Z', 'retail', 'test', 1, 'retail-1-1',
        ${JSON.stringify({ customer: { strategy: 'scripted' } })}, 'active', null, 0, null, null, null, 'scripted')`.execute(
      db,
    );
    await store.migrate();
    const found = await store.listSessions({ q: 'zeppelin flickers', limit: 10, offset: 0 });
    expect(found.items.map((i) => i.id)).toEqual(['old']);
    expect(found.items[0]).toMatchObject({ rejectedDrafts: 1 });
    expect((await store.listSessions({ rejectedDrafts: true, limit: 10, offset: 0 })).total).toBe(1);
    expect((await store.listSessions({ q: 'lamp', limit: 10, offset: 0 })).total).toBe(1);
    // Written after the migration: searched too.
    await store.createSession(
      {
        id: 'new',
        createdAt: '2026-01-05T00:00:00.000Z',
        updatedAt: '2026-01-05T00:00:00.000Z',
        domain: 'retail',
        split: 'test',
        taskIndex: 1,
        taskId: 'retail-1-1',
        setup: { customer: { strategy: 'scripted' } },
        status: 'finished',
        reward: 0,
        finished: true,
        endReason: 'user-stop',
        endedAt: '2026-01-05T00:00:00.000Z',
        eventCount: 0,
      },
      trajectory,
    );
    expect(
      (await store.listSessions({ q: 'zeppelin', limit: 10, offset: 0 })).items.map((i) => i.id),
    ).toEqual(['new', 'old']);
    await store.close();
  });
});
