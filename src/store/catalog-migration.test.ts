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
    // Back to before 0004 (the later migrations first).
    const down = await schemaMigrator(db as Kysely<unknown>, schemaName).migrateTo('0003-annotations');
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)).toMatchObject({ migrationName: '0004-catalog', direction: 'Down' });
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
