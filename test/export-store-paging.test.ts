// An export reads a store page by page by creation time: every finished session once, even when many share an instant.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTrajectories } from '../src/exports/source.ts';
import { SqliteStore } from '../src/store/index.ts';

const template = JSON.parse(
  readFileSync(new URL('./fixtures/exports/raw.jsonl', import.meta.url), 'utf8').split('\n')[0]!,
);

describe('reading a store for an export', () => {
  it('pages by creation time and reads every finished session once, however many share an instant', async () => {
    const store = SqliteStore.open(':memory:');
    await store.migrate();
    const ids: string[] = [];
    for (let i = 0; i < 1150; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      // Groups of 300 sessions created at the same millisecond, across page boundaries.
      const createdAt = new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 300)).toISOString();
      ids.push(id);
      await store.createSession(
        {
          id,
          createdAt,
          updatedAt: createdAt,
          domain: 'mini-shop',
          split: 'test',
          taskIndex: 0,
          taskId: 'cancel-open-order',
          setup: { customer: { strategy: 'scripted' }, imported: 'terminal' },
          status: 'finished',
          reward: 1,
          finished: true,
          endReason: 'user-stop',
          endedAt: createdAt,
          eventCount: 0,
        },
        JSON.stringify({ ...template, id }),
      );
    }
    const read: string[] = [];
    for await (const t of readTrajectories(store)) read.push(t.id);
    await store.close();
    expect(read).toHaveLength(1150);
    expect(new Set(read).size).toBe(1150);
    expect([...read].sort()).toEqual(ids);
  });
});
