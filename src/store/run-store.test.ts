// The run tables on both backends: SQLite (a file) and PostgreSQL (a schema of its own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSchema } from '../../test/support/server-postgres.ts';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import { openStore } from './open-store.ts';
import { runsOf } from './runs-of.ts';
import type { SessionRow } from './types.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-run-store-'));
const schema = testSchema('runstore');
afterAll(async () => {
  rmSync(temp, { recursive: true, force: true });
  await schema.drop();
});

const session = (id: string): SessionRow => ({
  id,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:05.000Z',
  domain: 'retail',
  split: 'test',
  taskIndex: 0,
  taskId: 'retail-1-0',
  setup: { customer: { strategy: 'scripted', seed: 7 }, imported: 'run' },
  status: 'finished',
  reward: 1,
  finished: true,
  endReason: 'user-stop',
  endedAt: '2026-12-02T10:00:05.000Z',
  eventCount: 0,
});

const attempt = {
  runId: 'r1',
  attemptId: 't0-r0',
  taskIndex: 0,
  trial: 0,
  sessionId: '11111111-2222-8333-8444-555555555555',
  reward: 1,
  termination: 'user_stop',
  usage: { agent: { inputTokens: 10, outputTokens: 2, costUsd: null } },
  finishedAt: '2026-12-02T10:00:05.000Z',
};

describe.each([
  ['sqlite', () => `sqlite:${join(temp, 'runs.db')}`],
  ['postgres', () => schema.url],
])('the run store (%s)', (_name, spec) => {
  it('keeps a run, stores an attempt once with its trajectory, and counts faults', async () => {
    const store = openStore(spec());
    await store.migrate();
    const runs = runsOf(store);
    try {
      await runs.createRun({
        id: 'r1',
        createdAt: '2026-12-02T10:00:00.000Z',
        plan: { version: 1 },
        status: 'running',
      });
      await expect(
        runs.createRun({ id: 'r1', createdAt: '2026-12-02T10:00:00.000Z', plan: {}, status: 'running' }),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(runs.requireRun('nope')).rejects.toBeInstanceOf(NotFoundError);

      expect(await runs.storeAttempt(attempt, session(attempt.sessionId), '{"messages":[]}')).toBe(true);
      expect(await runs.storeAttempt({ ...attempt, reward: 0 }, session(attempt.sessionId), '{}')).toBe(
        false,
      );
      expect(await runs.listAttempts('r1')).toEqual([attempt]);
      expect(await runs.hasAttempt('r1', 't0-r0')).toBe(true);
      expect(await runs.hasAttempt('r1', 't0-r1')).toBe(false);
      expect(await store.getTrajectory(attempt.sessionId)).toBe('{"messages":[]}');
      expect(await store.getSession(attempt.sessionId)).toMatchObject({ status: 'finished', reward: 1 });

      await runs.recordFault({
        runId: 'r1',
        attemptId: 't0-r1',
        at: '2026-12-02T10:00:01.000Z',
        reason: 'HTTP 429',
      });
      expect((await runs.listFaults('r1')).map((f) => f.reason)).toEqual(['HTTP 429']);
      await runs.setStatus('r1', 'finished');
      expect((await runs.requireRun('r1')).status).toBe('finished');
    } finally {
      await store.close();
    }
  });
});
