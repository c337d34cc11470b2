import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import { factColumns } from './catalog-facts.ts';
import type { Database } from './schema.ts';
import type { SessionRow } from './types.ts';

/** Where a batch run is: planned or playing, finished (every attempt stored), or cancelled. */
export type RunStatus = 'running' | 'finished' | 'cancelled';

export interface RunRecord {
  id: string;
  createdAt: string;
  /** The run's plan as the planner wrote it (JSON). */
  plan: unknown;
  status: RunStatus;
}

/** One finished attempt (a task and a trial) of a run. */
export interface AttemptRecord {
  runId: string;
  attemptId: string;
  taskIndex: number;
  trial: number;
  /** The session that holds its trajectory. */
  sessionId: string;
  reward: number;
  /** tau2's name for how it ended: `user_stop`, `max_steps`, `agent_error`, … */
  termination: string;
  usage: unknown;
  finishedAt: string;
}

export interface FaultRecord {
  runId: string;
  attemptId: string;
  at: string;
  reason: string;
}

/**
 * The runs, their finished attempts and the faults that re-queued attempts, in the same database as the
 * sessions. Storing an attempt is idempotent: a second store of the same attempt (a worker that died
 * after storing it, a resumed run) changes nothing and reports that it was already there.
 */
export class RunStore {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async createRun(run: RunRecord): Promise<void> {
    const existing = await this.getRun(run.id);
    if (existing !== undefined) throw new ConflictError(`run ${run.id} already exists`);
    await this.db
      .insertInto('runs')
      .values({ id: run.id, created_at: run.createdAt, plan: JSON.stringify(run.plan), status: run.status })
      .execute();
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      id: row.id,
      createdAt: row.created_at,
      plan: JSON.parse(row.plan),
      status: row.status as RunStatus,
    };
  }

  /** Every run, newest first (ties by id, so the order is stable). */
  async listRuns(): Promise<RunRecord[]> {
    const rows = await this.db
      .selectFrom('runs')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      plan: JSON.parse(row.plan),
      status: row.status as RunStatus,
    }));
  }

  async requireRun(id: string): Promise<RunRecord> {
    const run = await this.getRun(id);
    if (run === undefined) throw new NotFoundError(`no run ${id} in the store: check the id and --store`);
    return run;
  }

  async setStatus(id: string, status: RunStatus): Promise<void> {
    await this.db.updateTable('runs').set({ status }).where('id', '=', id).execute();
  }

  /**
   * Stores a finished attempt with its trajectory (as a finished session), unless it is stored already.
   * The session is written first and replaced when it exists, so a store cut off between the two writes
   * is completed by the next one. Returns false when the attempt was already stored.
   */
  async storeAttempt(attempt: AttemptRecord, session: SessionRow, trajectory: string): Promise<boolean> {
    if (await this.hasAttempt(attempt.runId, attempt.attemptId)) return false;
    const values = {
      id: session.id,
      created_at: session.createdAt,
      domain: session.domain,
      split: session.split,
      task_index: session.taskIndex,
      task_id: session.taskId,
      setup: JSON.stringify(session.setup),
      status: session.status,
      reward: session.reward,
      finished: session.finished ? 1 : 0,
      end_reason: session.endReason,
      ended_at: session.endedAt,
      trajectory,
      ...factColumns(session.setup, trajectory),
    };
    const { id: _id, ...update } = values;
    await this.db
      .insertInto('sessions')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
    const result = await this.db
      .insertInto('run_attempts')
      .values({
        run_id: attempt.runId,
        attempt_id: attempt.attemptId,
        task_index: attempt.taskIndex,
        trial: attempt.trial,
        session_id: attempt.sessionId,
        reward: attempt.reward,
        termination: attempt.termination,
        usage: JSON.stringify(attempt.usage),
        finished_at: attempt.finishedAt,
      })
      .onConflict((oc) => oc.columns(['run_id', 'attempt_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Whether the attempt is stored (by its key: no scan of the run). */
  async hasAttempt(runId: string, attemptId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('run_attempts')
      .select('attempt_id')
      .where('run_id', '=', runId)
      .where('attempt_id', '=', attemptId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async listAttempts(runId: string): Promise<AttemptRecord[]> {
    const rows = await this.db
      .selectFrom('run_attempts')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('task_index')
      .orderBy('trial')
      .execute();
    return rows.map((r) => ({
      runId: r.run_id,
      attemptId: r.attempt_id,
      taskIndex: Number(r.task_index),
      trial: Number(r.trial),
      sessionId: r.session_id,
      reward: Number(r.reward),
      termination: r.termination,
      usage: JSON.parse(r.usage),
      finishedAt: r.finished_at,
    }));
  }

  async recordFault(fault: FaultRecord): Promise<void> {
    await this.db
      .insertInto('run_faults')
      .values({ run_id: fault.runId, attempt_id: fault.attemptId, at: fault.at, reason: fault.reason })
      .execute();
  }

  async listFaults(runId: string): Promise<FaultRecord[]> {
    const rows = await this.db
      .selectFrom('run_faults')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('at')
      .execute();
    return rows.map((r) => ({ runId: r.run_id, attemptId: r.attempt_id, at: r.at, reason: r.reason }));
  }
}
