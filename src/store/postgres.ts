import { userInfo } from 'node:os';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConflictError, InputError } from '../core/errors.ts';
import { EventSeqTaken } from './errors.ts';
import { changeColumns, eventColumns, eventCountOf, eventCountQuery, KyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';
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
  private eventCountSql: string | undefined;

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

  async migrate(): Promise<void> {
    await sql`create schema if not exists ${sql.id(this.schema)}`.execute(this.db);
    await migrateToLatest(this.db as Kysely<unknown>, this.schema);
  }

  async appendEvent(event: StoredEvent, change?: SessionChange): Promise<void> {
    try {
      if (change === undefined) {
        // The common case (a tool call): one prepared insert, parsed and planned once per connection.
        const e = eventColumns(event);
        await this.pool.query({
          name: 'sigma_insert_event',
          text: this.insertEvent(),
          values: [e.session_id, e.seq, e.kind, e.at, e.payload],
        });
        return;
      }
      await this.db
        .with('inserted', (db) => db.insertInto('events').values(eventColumns(event)).returning('seq'))
        .updateTable('sessions')
        .set(changeColumns(change))
        .where('id', '=', event.sessionId)
        .execute();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23505') {
        throw new EventSeqTaken(event.sessionId, event.seq);
      }
      if (code === '23503')
        throw new ConflictError(`session ${event.sessionId} no longer exists in the store`);
      throw error;
    }
  }

  /** One prepared lookup per request on a shared store (see `SessionStore.eventCount`). */
  override async eventCount(sessionId: string): Promise<number | undefined> {
    this.eventCountSql ??= eventCountQuery(this.db, sessionId).compile().sql;
    const text = this.eventCountSql;
    const result = await this.pool.query<{ last: number | null }>({
      name: 'sigma_event_count',
      text,
      values: [sessionId, sessionId],
    });
    return eventCountOf(result.rows[0]);
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
