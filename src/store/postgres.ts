import { userInfo } from 'node:os';
import { type Expression, Kysely, PostgresDialect, type SqlBool, sql } from 'kysely';
import pg from 'pg';
import { ConflictError, InputError } from '../core/errors.ts';
import { EventSeqTaken } from './errors.ts';
import { changeColumns, eventColumns, eventCountOf, KyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';
import { fulfilled, rejected, TurnBatch } from './turn-batch.ts';
import type { SessionChange, StoredEvent } from './types.ts';

/** The operating system's name for the user running Sigma; empty where the system has none for it. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Many events in one insert: the columns as arrays, one row per index. */
const INSERT_EVENTS = `insert into events (session_id, seq, kind, at, payload)
  select * from unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[])`;

/** The last seq of each of the sessions `$1` that exist (a session with no events has null). */
const EVENT_COUNTS = `select s.id, (select max(e.seq) from events e where e.session_id = s.id) as last
  from sessions s where s.id = any($1::text[])`;

/** A refused insert as the store's errors: a taken seq, or a session that no longer exists. */
function translate(error: unknown, event: StoredEvent): unknown {
  const code = (error as { code?: string }).code;
  if (code === '23505') return new EventSeqTaken(event.sessionId, event.seq);
  if (code === '23503') return new ConflictError(`session ${event.sessionId} no longer exists in the store`);
  return error;
}

/**
 * The least time between two batches of inserts (or of lookups): under load, the requests of this
 * interval share one statement, one round trip and one commit (a WAL flush); a request that finds the
 * store idle for this long goes at the next turn.
 */
const BATCH_INTERVAL_MS = 1;
/** Connections in the pool: enough to overlap writes of different sessions on two cores. */
const POOL_SIZE = 16;

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database`; a `schema` query parameter selects (and creates) a schema. */
  url: string;
  poolSize?: number;
}

/**
 * The store for teams: PostgreSQL by URL. Each event is written with its session's change, if any, in
 * one statement (a data-modifying CTE): one round trip, committed (and flushed, with the server's
 * default `synchronous_commit`) before the request is answered.
 */
export class PostgresStore extends KyselyStore {
  readonly kind = 'postgres';
  /** The schema the tables live in (`public` unless the URL names one). */
  readonly schema: string;
  private readonly pool: pg.Pool;
  /** The event insert as Kysely builds it, run as a named (server-side prepared) statement. */
  private insertEventSql: string | undefined;
  private readonly inserts = new TurnBatch<StoredEvent, void>(
    (events) => this.insertBatch(events),
    () => true,
    BATCH_INTERVAL_MS,
  );
  private readonly counts = new TurnBatch<string, number | undefined>(
    (ids) => this.countBatch(ids),
    () => true,
    BATCH_INTERVAL_MS,
  );

  private constructor(db: Kysely<Database>, pool: pg.Pool, schema: string) {
    super(db);
    this.pool = pool;
    this.schema = schema;
  }

  static open(options: PostgresStoreOptions): PostgresStore {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new InputError('the PostgreSQL store URL is not a valid URL (postgres://user@host:port/db)');
    }
    const schema = url.searchParams.get('schema') ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new InputError(`invalid schema name "${schema}": use lower-case letters, digits and "_"`);
    }
    url.searchParams.delete('schema');
    // Without a user in the URL, pg takes $PGUSER or $USER, and fails when neither is set (a service, a
    // container): fall back to the operating system's user name, as psql does.
    if (url.username === '')
      url.username = encodeURIComponent(process.env.PGUSER || process.env.USER || osUser());
    const pool = new pg.Pool({
      connectionString: url.toString(),
      max: options.poolSize ?? POOL_SIZE,
      options: `-c search_path=${schema}`,
    });
    // An idle connection that breaks (server restart) must not crash the process: the pool replaces it.
    pool.on('error', () => {});
    return new PostgresStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool, schema);
  }

  /** Through the GIN index of the text's tsvector (`0005-catalog-text`), every word required. */
  protected textMatch(words: string[]): Expression<SqlBool> {
    return sql<SqlBool>`to_tsvector('simple', coalesce(search_text, '')) @@ plainto_tsquery('simple', ${words.join(' ')})`;
  }

  async migrate(): Promise<void> {
    await sql`create schema if not exists ${sql.id(this.schema)}`.execute(this.db);
    await migrateToLatest(this.db as Kysely<unknown>, this.schema);
  }

  /**
   * Group commit: the events without a row change (tool calls, most replies) appended while the event
   * loop is busy are inserted together at its next turn, as one statement (one round trip, one commit),
   * and each caller's promise settles once it is committed. A batch that fails is inserted again event by
   * event, so one taken `seq` fails only its own caller. An event with a change is written with it in
   * one statement (a data-modifying CTE).
   */
  async appendEvent(event: StoredEvent, change?: SessionChange): Promise<void> {
    if (change === undefined) return this.inserts.add(event);
    try {
      await this.db
        .with('inserted', (db) => db.insertInto('events').values(eventColumns(event)).returning('seq'))
        .updateTable('sessions')
        .set(changeColumns(change))
        .where('id', '=', event.sessionId)
        .execute();
    } catch (error) {
      throw translate(error, event);
    }
  }

  private async insertBatch(events: StoredEvent[]): Promise<PromiseSettledResult<void>[]> {
    const rows = events.map(eventColumns);
    if (rows.length > 1) {
      try {
        await this.pool.query({
          name: 'sigma_insert_events',
          text: INSERT_EVENTS,
          values: [
            rows.map((r) => r.session_id),
            rows.map((r) => r.seq),
            rows.map((r) => r.kind),
            rows.map((r) => r.at),
            rows.map((r) => r.payload),
          ],
        });
        return events.map(() => fulfilled(undefined));
      } catch {
        // One of them is refused (a taken seq, a session gone): each alone, below.
      }
    }
    return Promise.all(
      rows.map((e, i) =>
        this.pool
          .query({
            name: 'sigma_insert_event',
            text: this.insertEvent(),
            values: [e.session_id, e.seq, e.kind, e.at, e.payload],
          })
          .then(
            () => fulfilled(undefined),
            (error: unknown) => rejected(translate(error, events[i]!)),
          ),
      ),
    );
  }

  /**
   * The event counts asked for while the event loop was busy, in one query (see
   * `SessionStore.eventCount`): a server sharing the store asks before each request.
   */
  private async countBatch(ids: string[]): Promise<PromiseSettledResult<number | undefined>[]> {
    const result = await this.pool.query<{ id: string; last: number | null }>({
      name: 'sigma_event_counts',
      text: EVENT_COUNTS,
      values: [[...new Set(ids)]],
    });
    const counts = new Map(result.rows.map((row) => [row.id, eventCountOf(row)]));
    return ids.map((id) => fulfilled(counts.get(id)));
  }

  override eventCount(sessionId: string): Promise<number | undefined> {
    return this.counts.add(sessionId);
  }

  override async close(): Promise<void> {
    await Promise.all([this.inserts.drain(), this.counts.drain()]);
    await super.close();
  }

  private insertEvent(): string {
    if (this.insertEventSql === undefined) {
      const probe = { session_id: '\u0001', seq: -1, kind: '\u0002', at: '\u0003', payload: '\u0004' };
      const compiled = this.db.insertInto('events').values(probe).compile();
      if (compiled.parameters.some((p, i) => p !== Object.values(probe)[i]))
        throw new Error(`unexpected parameter order in ${compiled.sql}`);
      this.insertEventSql = compiled.sql;
    }
    return this.insertEventSql;
  }
}
