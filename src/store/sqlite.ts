import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type Compilable, type Expression, Kysely, type SqlBool, sql } from 'kysely';
import { ConflictError, InputError } from '../core/errors.ts';
import { EventSeqTaken } from './errors.ts';
import { changeColumns, eventColumns, eventCountOf, eventCountQuery, KyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrations.ts';
import { nodeSqlite } from './node-sqlite.ts';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';
import type { Database } from './schema.ts';
import { type Checkpointer, startCheckpointer } from './sqlite-checkpointer.ts';
import { fulfilled, NOT_NOW, rejected, TurnBatch } from './turn-batch.ts';
import type { SessionChange, StoredEvent } from './types.ts';

/** How long a write waits for another process's lock on the file before failing. */
const BUSY_TIMEOUT_MS = 5000;
/**
 * A group commit's lock wait off, and back on (see `beginBatch`). Run with `exec`, not prepared: SQLite
 * applies this pragma when it is prepared, so two prepared ones would leave the last one prepared set.
 */
const NO_LOCK_WAIT = 'PRAGMA busy_timeout = 0';
const LOCK_WAIT = `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`;
/**
 * WAL pages after which a commit checkpoints by itself (160 MB of 4 KB pages): only a backstop, should
 * the background checkpointer stop, as it restarts the WAL at 6,000 (see `sqlite-checkpointer.ts`).
 * The backstop runs inside a commit and holds the event loop for tens of milliseconds, so it must sit
 * well above what the WAL grows to between two of the checkpointer's rounds.
 */
const AUTOCHECKPOINT_PAGES = 40_000;
/**
 * The least time between two group commits. A commit costs about as much as writing four events (it
 * writes every page it touched, each with its own system calls), so under load the events of this
 * interval share one; an event appended when no commit ran for this long is written at the next turn.
 */
const GROUP_COMMIT_INTERVAL_MS = 1;
/** The WAL file is cut back to this size after a checkpoint empties it. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * The default store: one SQLite file (or `:memory:`), in WAL mode with `synchronous=NORMAL`. A commit
 * is in the WAL before it returns, so killing the process (even SIGKILL) loses nothing committed; only
 * a power loss or OS crash can lose the last commits before a checkpoint. Checkpoints run on a
 * background thread (see `sqlite-checkpointer.ts`).
 */
export class SqliteStore extends KyselyStore {
  readonly kind = 'sqlite';
  readonly path: string;
  private readonly raw: DatabaseSync;
  private readonly checkpointer: Checkpointer | undefined;
  /** The hot writes, as Kysely builds them, prepared on first use (after migrating) and kept. */
  private prepared: HotStatements | undefined;
  /** Since when group commits have found the write lock taken (see `beginBatch`). */
  private busySince: number | undefined;
  /** Set while pending events must be written before going on (a delete, closing): waits for the lock. */
  private mustWrite = false;
  /** Events waiting for the next group commit (see `appendEvent`); not while a Kysely transaction runs. */
  private readonly appends = new TurnBatch<PendingAppend, void>(
    (batch) => this.writeBatch(batch),
    () => !this.raw.isTransaction,
    GROUP_COMMIT_INTERVAL_MS,
  );

  private constructor(db: Kysely<Database>, raw: DatabaseSync, path: string) {
    super(db);
    this.path = path;
    this.raw = raw;
    this.checkpointer = path === ':memory:' ? undefined : startCheckpointer(path);
  }

  private get statements(): HotStatements {
    this.prepared ??= prepareHotStatements(this.raw, this.db);
    return this.prepared;
  }

  /** Opens (and creates, with its folder) the database file; `:memory:` for a throwaway one. */
  static open(path: string): SqliteStore {
    if (path === '') throw new InputError('the SQLite store needs a file path, or :memory:');
    const memory = path === ':memory:';
    if (!memory) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    let raw: DatabaseSync;
    try {
      raw = new (nodeSqlite().DatabaseSync)(path);
    } catch (error) {
      throw new InputError(`cannot open the SQLite store ${path}: ${(error as Error).message}`);
    }
    // First, so that another process opening the same file at the same moment (switching it to WAL,
    // migrating it) is waited for rather than failing with "database is locked".
    raw.exec(LOCK_WAIT);
    if (!memory) {
      // Conversations are the users' data: readable by the server's user only.
      chmodSync(path, 0o600);
      raw.exec('PRAGMA journal_mode = WAL');
      raw.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      raw.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`);
    }
    raw.exec('PRAGMA synchronous = NORMAL');
    raw.exec('PRAGMA foreign_keys = ON');
    return new SqliteStore(new Kysely<Database>({ dialect: nodeSqliteDialect(raw) }), raw, path);
  }

  /**
   * Several processes may open a fresh store file at once (a team's workers starting together). Kysely's
   * SQLite migrator takes no lock and runs outside a transaction, so two of them would both find the
   * tables missing and both create them ("table already exists"). The whole migration runs in one write
   * transaction: the others wait for it (busy timeout), then find nothing left to do.
   */
  async migrate(): Promise<void> {
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      await migrateToLatest(this.db as Kysely<unknown>);
    } catch (error) {
      this.raw.exec('ROLLBACK');
      throw error;
    }
    this.raw.exec('COMMIT');
  }

  /**
   * Group commit: the events appended while the event loop is busy with other requests are written in one
   * transaction when it next turns (`setImmediate`), or under load at most every
   * `GROUP_COMMIT_INTERVAL_MS`, and each caller's promise settles once that commit is
   * done, so an answer still goes out only after its event is stored, and one commit (one WAL write)
   * serves many requests. A batch that fails (a taken `seq`, a session gone) is written again one event at
   * a time, so one bad event fails only its own caller. A missing session fails the insert (foreign key).
   */
  appendEvent(event: StoredEvent, change?: SessionChange): Promise<void> {
    return this.appends.add({ event, change });
  }

  /**
   * One transaction for the batch; if it fails, each event again in its own, each with its outcome.
   * `NOT_NOW` while another connection holds the write lock (see `beginBatch`).
   */
  private writeBatch(batch: PendingAppend[]): PromiseSettledResult<void>[] | typeof NOT_NOW {
    if (!this.beginBatch()) return NOT_NOW;
    try {
      for (const item of batch) this.write(item.event, item.change);
      this.statements.commit.run();
      return batch.map(() => fulfilled(undefined));
    } catch (error) {
      if (this.raw.isTransaction) this.statements.rollback.run();
      if (batch.length === 1) return [rejected(translate(error, batch[0]!.event))];
    }
    return batch.map((item) => {
      try {
        this.transaction(() => this.write(item.event, item.change));
        return fulfilled(undefined);
      } catch (error) {
        return rejected(translate(error, item.event));
      }
    });
  }

  /**
   * Opens a group commit's transaction, taking the write lock without waiting for it: the checkpointer
   * holds it for a few milliseconds when it restarts the WAL (see `sqlite-checkpointer.ts`), and a
   * batch that waited in SQLite's busy handler would hold the whole event loop meanwhile. False if the
   * lock is taken: the batch is tried again a moment later (`NOT_NOW`), the server serving other
   * requests meanwhile. After `BUSY_TIMEOUT_MS` of that, or when the events must be written now, it
   * waits for the lock as any other write does.
   */
  private beginBatch(): boolean {
    const waitForLock =
      this.mustWrite ||
      (this.busySince !== undefined && performance.now() - this.busySince > BUSY_TIMEOUT_MS);
    if (!waitForLock) this.raw.exec(NO_LOCK_WAIT);
    try {
      this.statements.beginImmediate.run();
    } catch (error) {
      if (waitForLock || !isBusy(error)) throw error;
      this.busySince ??= performance.now();
      return false;
    } finally {
      if (!waitForLock) this.raw.exec(LOCK_WAIT);
    }
    this.busySince = undefined;
    return true;
  }

  private write(event: StoredEvent, change: SessionChange | undefined): void {
    const e = eventColumns(event);
    this.statements.insertEvent.run(e.session_id, e.seq, e.kind, e.at, e.payload);
    if (change === undefined) return;
    const c = changeColumns(change);
    this.statements.updateSession.run(
      c.status,
      c.reward,
      c.finished,
      c.end_reason,
      c.ended_at,
      c.trajectory,
      c.turns,
      c.tool_errors,
      c.cost_usd,
      c.author,
      c.rejected_drafts,
      c.search_text,
      event.sessionId,
    );
  }

  /** Through the FTS5 index (`0005-catalog-text`): each word quoted, so none is read as an operator. */
  protected textMatch(words: string[]): Expression<SqlBool> {
    const match = words.map((w) => `"${w}"`).join(' ');
    return sql<SqlBool>`sessions.rowid in (select rowid from sessions_text where sessions_text match ${match})`;
  }

  override async eventCount(sessionId: string): Promise<number | undefined> {
    return eventCountOf(
      this.statements.eventCount.get(sessionId, sessionId) as { last: number | null } | undefined,
    );
  }

  override async deleteSession(id: string): Promise<boolean> {
    this.writePending(); // events appended before the delete are written (or refused) before it
    return this.transaction(() => {
      this.statements.deleteEvents.run(id);
      this.statements.deleteAnnotations.run(id);
      this.statements.deleteReservation.run(id);
      return Number(this.statements.deleteSession.run(id).changes) > 0;
    });
  }

  /** Writes the events waiting for a group commit now, waiting for the write lock if need be. */
  private writePending(): void {
    this.mustWrite = true;
    try {
      this.appends.flush();
    } finally {
      this.mustWrite = false;
    }
  }

  override async close(): Promise<void> {
    this.writePending();
    await this.appends.drain();
    await this.checkpointer?.stop();
    await super.close();
    if (this.raw.isOpen) this.raw.close();
  }

  /** A write transaction, the lock taken first (see `ImmediateSqliteDialect`). */
  private transaction<T>(fn: () => T): T {
    this.statements.beginImmediate.run();
    try {
      const result = fn();
      this.statements.commit.run();
      return result;
    } catch (error) {
      if (this.raw.isTransaction) this.statements.rollback.run();
      throw error;
    }
  }
}

interface PendingAppend {
  event: StoredEvent;
  change: SessionChange | undefined;
}

interface HotStatements {
  beginImmediate: StatementSync;
  commit: StatementSync;
  rollback: StatementSync;
  insertEvent: StatementSync;
  updateSession: StatementSync;
  deleteEvents: StatementSync;
  deleteAnnotations: StatementSync;
  deleteReservation: StatementSync;
  deleteSession: StatementSync;
  eventCount: StatementSync;
}

function prepareHotStatements(raw: DatabaseSync, db: Kysely<Database>): HotStatements {
  const probe = { session_id: '\u0001', seq: -1, kind: '\u0002', at: '\u0003', payload: '\u0004' };
  const change = {
    status: '\u0006',
    reward: -2,
    finished: -3,
    end_reason: '\u0007',
    ended_at: '\u0008',
    trajectory: '\u0009',
    turns: -4,
    tool_errors: -5,
    cost_usd: -6,
    author: '\u000e',
    rejected_drafts: -7,
    search_text: '\u0010',
  };
  return {
    beginImmediate: raw.prepare('BEGIN IMMEDIATE'),
    commit: raw.prepare('COMMIT'),
    rollback: raw.prepare('ROLLBACK'),
    insertEvent: prepared(raw, db.insertInto('events').values(probe), Object.values(probe)),
    updateSession: prepared(raw, db.updateTable('sessions').set(change).where('id', '=', '\u000a'), [
      ...Object.values(change),
      '\u000a',
    ]),
    deleteEvents: prepared(raw, db.deleteFrom('events').where('session_id', '=', '\u000b'), ['\u000b']),
    deleteAnnotations: prepared(raw, db.deleteFrom('annotations').where('session_id', '=', '\u000d'), [
      '\u000d',
    ]),
    deleteReservation: prepared(
      raw,
      db.deleteFrom('review_reservations').where('session_id', '=', '\u0010'),
      ['\u0010'],
    ),
    deleteSession: prepared(raw, db.deleteFrom('sessions').where('id', '=', '\u000c'), ['\u000c']),
    eventCount: prepared(raw, eventCountQuery(db, '\u000f'), ['\u000f', '\u000f']),
  };
}

/**
 * Prepares the SQL Kysely generates for a query. The query is built with one distinct probe value per
 * parameter; the compiled parameters must come out in `order`, which is then the order to pass values.
 */
function prepared(raw: DatabaseSync, query: Compilable, order: readonly unknown[]): StatementSync {
  const compiled = query.compile();
  if (compiled.parameters.length !== order.length || compiled.parameters.some((p, i) => p !== order[i])) {
    throw new Error(`unexpected parameter order in ${compiled.sql}`);
  }
  return raw.prepare(compiled.sql);
}

/** SQLite's `SQLITE_BUSY` (5), with or without an extended code: another connection holds the lock. */
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === 'number' && (code & 0xff) === 5;
}

function translate(error: unknown, event: StoredEvent): unknown {
  const message = error instanceof Error ? error.message : '';
  if (/FOREIGN KEY constraint failed/.test(message)) {
    return new ConflictError(`session ${event.sessionId} no longer exists in the store`);
  }
  if (/UNIQUE constraint failed: events/.test(message)) {
    return new EventSeqTaken(event.sessionId, event.seq);
  }
  return error;
}
