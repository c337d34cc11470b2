import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import { InputError } from '../core/errors.ts';
import { KyselyAnnotationStore } from './annotation-store.ts';
import { factColumns, finishedColumns } from './catalog-facts.ts';
import { KyselyReviewStore } from './review-store.ts';
import { RunStore } from './run-store.ts';
import type { Database, SessionsTable } from './schema.ts';
import type {
  SessionChange,
  SessionFilter,
  SessionRow,
  SessionSort,
  SessionStatus,
  SessionStore,
  SessionSummary,
  StoredEvent,
} from './types.ts';

/** Columns of the summary kept in the row (everything but the setup and the trajectory). */
const SUMMARY_COLUMNS = [
  'id',
  'created_at',
  'domain',
  'split',
  'task_index',
  'task_id',
  'status',
  'reward',
  'finished',
  'end_reason',
  'ended_at',
] as const;

/** The catalog's facts kept in the row (`catalog-facts.ts`). */
const FACT_COLUMNS = [
  'customer_strategy',
  'customer_model',
  'turns',
  'tool_errors',
  'cost_usd',
  'author',
  'rejected_drafts',
] as const;

/** What each sort orders by before the creation time. */
const SORT_COLUMNS: Record<SessionSort, ReadonlyArray<keyof SessionsTable & string>> = {
  date: [],
  reward: ['reward'],
  domain: ['domain'],
  task: ['domain', 'task_index'],
  turns: ['turns'],
  cost: ['cost_usd'],
  toolErrors: ['tool_errors'],
};

/** A query over the sessions that can be ordered by their columns. */
type SortableQuery = SelectQueryBuilder<Database, 'sessions', object>;

function annotationCount(eb: ExpressionBuilder<Database, 'sessions'>) {
  return eb
    .selectFrom('annotations')
    .select((a) => a.fn.countAll().as('n'))
    .whereRef('annotations.session_id', '=', 'sessions.id')
    .as('annotation_count');
}

/**
 * The event count and the time of the last event, read from the events (by their primary key) rather
 * than written on every event: a tool call then writes its event and nothing else.
 */
function derived(eb: ExpressionBuilder<Database, 'sessions'>) {
  return [
    eb
      .selectFrom('events')
      .select((e) => e.fn.countAll().as('n'))
      .whereRef('events.session_id', '=', 'sessions.id')
      .as('event_count'),
    eb
      .selectFrom('events')
      .select('at')
      .whereRef('events.session_id', '=', 'sessions.id')
      .orderBy('seq', 'desc')
      .limit(1)
      .as('last_event_at'),
  ];
}

/**
 * The session's last event `seq` (through the events' primary key: one lookup, not a count), on its row,
 * so no row means no session. Its parameters are `sessionId` twice.
 */
export function eventCountQuery(db: Kysely<Database>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select((eb) =>
      eb
        .selectFrom('events')
        .select((e) => e.fn.max('seq').as('n'))
        .where('events.session_id', '=', sessionId)
        .as('last'),
    )
    .where('id', '=', sessionId);
}

/** `eventCountQuery`'s row as an event count (undefined: no such session). */
export function eventCountOf(row: { last: unknown } | undefined): number | undefined {
  if (row === undefined) return undefined;
  return row.last === null || row.last === undefined ? 0 : Number(row.last) + 1;
}

/**
 * The store over a Kysely database: the queries are the same for SQLite and PostgreSQL; the backends
 * differ in how they connect, in what a duplicate key looks like, and in how they run a transaction.
 */
export abstract class KyselyStore implements SessionStore {
  abstract readonly kind: string;
  protected readonly db: Kysely<Database>;

  /** The batch runs kept in the same database. */
  readonly runs: RunStore;
  readonly annotations: KyselyAnnotationStore;
  readonly reviews: KyselyReviewStore;

  constructor(db: Kysely<Database>) {
    this.db = db;
    this.runs = new RunStore(db);
    this.annotations = new KyselyAnnotationStore(db);
    this.reviews = new KyselyReviewStore(db);
  }

  abstract migrate(): Promise<void>;
  abstract appendEvent(event: StoredEvent, change?: SessionChange): Promise<void>;

  async createSession(row: SessionRow, trajectory?: string): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: row.id,
        created_at: row.createdAt,
        domain: row.domain,
        split: row.split,
        task_index: row.taskIndex,
        task_id: row.taskId,
        setup: JSON.stringify(row.setup),
        status: row.status,
        reward: row.reward,
        finished: row.finished ? 1 : 0,
        end_reason: row.endReason,
        ended_at: row.endedAt,
        trajectory: trajectory ?? null,
        ...factColumns(row.setup, trajectory ?? null),
      })
      .execute();
  }

  async getSession(id: string): Promise<SessionRow | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select([...SUMMARY_COLUMNS, 'setup'])
      .select(derived)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return { ...summaryOf(row), setup: JSON.parse(row.setup) };
  }

  /** One lookup per request on a shared store: each backend runs it its own way (prepared, batched). */
  abstract eventCount(sessionId: string): Promise<number | undefined>;

  async listEvents(sessionId: string, fromSeq = 0): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('seq', '>=', fromSeq)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      sessionId: r.session_id,
      seq: Number(r.seq),
      kind: r.kind as StoredEvent['kind'],
      at: r.at,
      payload: JSON.parse(r.payload),
    }));
  }

  async getTrajectory(sessionId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select('trajectory')
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return row?.trajectory ?? undefined;
  }

  async listSessions(filter: SessionFilter): Promise<{ items: SessionSummary[]; total: number }> {
    let query = this.db.selectFrom('sessions');
    if (filter.domain !== undefined) query = query.where('domain', '=', filter.domain);
    if (filter.taskId !== undefined) query = query.where('task_id', '=', filter.taskId);
    // `+reward`: a reward filter is not selective (most rewards are 0 or 1), so it must not steer the
    // planner onto the reward sort's index (`0007-sort-indexes`) and a lookup per row; it is read from
    // the covering index that serves the other filters.
    const reward = sql<number | null>`+reward`;
    if (filter.reward === null) query = query.where(reward, 'is', null);
    else if (filter.reward !== undefined) query = query.where(reward, '=', filter.reward);
    if (filter.rewardMin !== undefined) query = query.where(reward, '>=', filter.rewardMin);
    if (filter.rewardMax !== undefined) query = query.where(reward, '<=', filter.rewardMax);
    if (filter.finished !== undefined) query = query.where('finished', '=', filter.finished ? 1 : 0);
    if (filter.endReason !== undefined) query = query.where('end_reason', '=', filter.endReason);
    if (filter.author !== undefined) query = query.where('author', '=', filter.author);
    if (filter.customerStrategy !== undefined)
      query = query.where('customer_strategy', '=', filter.customerStrategy);
    if (filter.customerModel !== undefined) query = query.where('customer_model', '=', filter.customerModel);
    if (filter.toolErrors === true) query = query.where('tool_errors', '>', 0);
    else if (filter.toolErrors === false) query = query.where('tool_errors', '=', 0);
    if (filter.rejectedDrafts === true) query = query.where('rejected_drafts', '>', 0);
    else if (filter.rejectedDrafts === false) query = query.where('rejected_drafts', '=', 0);
    if (filter.q !== undefined) query = query.where(this.textMatch(searchWords(filter.q)));
    if (filter.annotated !== undefined) {
      const noted = this.db.selectFrom('annotations').select('session_id');
      query = query.where('id', filter.annotated ? 'in' : 'not in', noted);
    }
    if (filter.rating !== undefined) {
      const rated = this.db
        .selectFrom('annotations')
        .select('session_id')
        .where('rating', '=', filter.rating);
      query = query.where('id', 'in', rated);
    }
    if (filter.excludeRating !== undefined) {
      const marked = this.db
        .selectFrom('annotations')
        .select('session_id')
        .where('rating', '=', filter.excludeRating);
      query = query.where('id', 'not in', marked);
    }
    if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
    const order = filter.order ?? 'desc';
    const sorted = <Q extends SortableQuery>(q: Q): Q => {
      // The sort columns, then the creation time in the same direction, then the id: a stable order for
      // paging; nulls (no such fact yet) last in either direction. The date sort is the order of the
      // covering indexes (`0004-catalog`); the others are sorted from a scan of one.
      let out = q;
      for (const column of SORT_COLUMNS[filter.sort ?? 'date']) {
        out = out.orderBy(column, (o) => (order === 'asc' ? o.asc() : o.desc()).nullsLast()) as Q;
      }
      return out.orderBy('created_at', order).orderBy('id') as Q;
    };
    // The page's ids first, then their columns: the per-row counts are worked out for the page's rows
    // only, not for every row an offset skips.
    const ids = sorted(query.select('id')).limit(filter.limit).offset(filter.offset);
    const [rows, count] = await Promise.all([
      sorted(
        this.db
          .selectFrom('sessions')
          .where('id', 'in', ids)
          .select([...SUMMARY_COLUMNS, ...FACT_COLUMNS])
          .select(derived)
          .select(annotationCount),
      ).execute(),
      query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(listedOf), total: Number(count.total) };
  }

  /** The condition that a session's messages hold every one of `words` (see `0005-catalog-text`). */
  protected abstract textMatch(words: string[]): Expression<SqlBool>;

  async deleteSession(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('events').where('session_id', '=', id).execute();
      await tx.deleteFrom('annotations').where('session_id', '=', id).execute();
      await tx.deleteFrom('review_reservations').where('session_id', '=', id).execute();
      const result = await tx.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** The words of a free-text query (letters and digits), at most 20; none is an input error. */
export function searchWords(q: string): string[] {
  const words = [...q.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
  if (words.length === 0)
    throw new InputError(`the free text "${q}" has no words to search for (letters or digits)`);
  return [...new Set(words)].slice(0, 20);
}

/** The values of an event, as columns. */
export function eventColumns(event: StoredEvent) {
  return {
    session_id: event.sessionId,
    seq: event.seq,
    kind: event.kind,
    at: event.at,
    payload: JSON.stringify(event.payload),
  };
}

/** The values of a session change, as columns. */
export function changeColumns(change: SessionChange) {
  return {
    status: change.status,
    reward: change.reward,
    finished: change.finished ? 1 : 0,
    end_reason: change.endReason,
    ended_at: change.endedAt,
    trajectory: change.trajectory,
    ...finishedColumns(change.trajectory),
  };
}

interface SummaryRow {
  id: string;
  created_at: string;
  domain: string;
  split: string;
  task_index: number;
  task_id: string;
  status: string;
  reward: number | null;
  finished: number;
  end_reason: string | null;
  ended_at: string | null;
  event_count: unknown;
  last_event_at: string | null;
}

interface ListedRow extends SummaryRow {
  customer_strategy: string | null;
  customer_model: string | null;
  turns: number | null;
  tool_errors: number | null;
  cost_usd: number | null;
  author: string | null;
  rejected_drafts: number | null;
  annotation_count: unknown;
}

function listedOf(row: ListedRow): SessionSummary {
  return {
    ...summaryOf(row),
    customerStrategy: row.customer_strategy ?? '',
    customerModel: row.customer_model,
    turns: nullableNumber(row.turns),
    toolErrors: nullableNumber(row.tool_errors),
    costUsd: nullableNumber(row.cost_usd),
    author: row.author as SessionSummary['author'],
    rejectedDrafts: nullableNumber(row.rejected_drafts),
    annotationCount: Number(row.annotation_count),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function summaryOf(row: SummaryRow): Omit<SessionRow, 'setup'> {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.last_event_at ?? row.created_at,
    domain: row.domain,
    split: row.split,
    taskIndex: Number(row.task_index),
    taskId: row.task_id,
    status: row.status as SessionStatus,
    reward: row.reward === null ? null : Number(row.reward),
    finished: Number(row.finished) === 1,
    endReason: row.end_reason,
    endedAt: row.ended_at,
    eventCount: Number(row.event_count),
  };
}
