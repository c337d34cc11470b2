import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { DataError } from '../core/errors.ts';
import { factColumns, finishedColumns } from './catalog-facts.ts';
import type { Database } from './schema.ts';
import type { SessionSetupRecord } from './types.ts';

/** The columns of the list's index (`0004-catalog`), in its order. */
const CATALOG_INDEX_COLUMNS = [
  'created_at',
  'id',
  'domain',
  'task_id',
  'task_index',
  'finished',
  'reward',
  'end_reason',
  'author',
  'customer_strategy',
  'customer_model',
  'tool_errors',
  'turns',
  'cost_usd',
] as const;

/**
 * The schema's history, oldest first. A migration is never edited once released: a change is a new
 * entry. The same migrations run on SQLite and PostgreSQL (portable types only).
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-sessions-and-events': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('split', 'text', (c) => c.notNull())
        .addColumn('task_index', 'integer', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('setup', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reward', 'double precision')
        .addColumn('finished', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('end_reason', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('trajectory', 'text')
        .execute();
      await db.schema.createIndex('sessions_created_at').on('sessions').column('created_at').execute();
      await db.schema
        .createIndex('sessions_domain_created_at')
        .on('sessions')
        .columns(['domain', 'created_at'])
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['session_id', 'seq'])
        .addForeignKeyConstraint('events_session_fk', ['session_id'], 'sessions', ['id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table events`.execute(db);
      await sql`drop table sessions`.execute(db);
    },
  },
  '0002-runs-and-attempts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('run_attempts')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('attempt_id', 'text', (c) => c.notNull())
        .addColumn('task_index', 'integer', (c) => c.notNull())
        .addColumn('trial', 'integer', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('reward', 'double precision', (c) => c.notNull())
        .addColumn('termination', 'text', (c) => c.notNull())
        .addColumn('usage', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_attempts_pk', ['run_id', 'attempt_id'])
        .addForeignKeyConstraint('run_attempts_run_fk', ['run_id'], 'runs', ['id'])
        .execute();
      await db.schema
        .createTable('run_faults')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('attempt_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('run_faults_run_fk', ['run_id'], 'runs', ['id'])
        .execute();
      await db.schema.createIndex('run_faults_run').on('run_faults').column('run_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table run_faults`.execute(db);
      await sql`drop table run_attempts`.execute(db);
      await sql`drop table runs`.execute(db);
    },
  },
  '0003-annotations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('annotations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('error_source', 'text')
        .addColumn('error_type', 'text')
        .addColumn('rating', 'text')
        .addColumn('text', 'text')
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('annotations_session_fk', ['session_id'], 'sessions', ['id'])
        .execute();
      await db.schema
        .createIndex('annotations_session')
        .on('annotations')
        .columns(['session_id', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table annotations`.execute(db);
    },
  },
  '0004-catalog': {
    // The facts the trajectory list filters and sorts by, kept in the row (see `catalog-facts.ts`), filled
    // for the sessions stored before, and the indexes its pages take.
    async up(db: Kysely<unknown>) {
      const columns: Array<[string, 'text' | 'integer' | 'double precision']> = [
        ['customer_strategy', 'text'],
        ['customer_model', 'text'],
        ['turns', 'integer'],
        ['tool_errors', 'integer'],
        ['cost_usd', 'double precision'],
        ['author', 'text'],
      ];
      for (const [name, type] of columns) {
        await db.schema.alterTable('sessions').addColumn(name, type).execute();
      }
      const sessions = db as unknown as Kysely<Database>;
      const rows = await sessions.selectFrom('sessions').select(['id', 'setup', 'trajectory']).execute();
      for (const row of rows) {
        await sessions
          .updateTable('sessions')
          .set(columnsOf0004(factColumns(JSON.parse(row.setup) as SessionSetupRecord, row.trajectory)))
          .where('id', '=', row.id)
          .execute();
      }
      // Two indexes hold every column the list filters, sorts and counts by, with the id: a page, its
      // count and a deep offset are read from an index alone, never from the wide rows (setup and
      // trajectory). In creation order (all sessions, and by domain), for the default sort; other sorts
      // scan one and keep the top rows. They replace 0001's indexes of the same first columns, which
      // the planner would otherwise pick and then read every matching row.
      await sql`drop index sessions_created_at`.execute(db);
      await sql`drop index sessions_domain_created_at`.execute(db);
      await db.schema
        .createIndex('sessions_catalog')
        .on('sessions')
        .columns([...CATALOG_INDEX_COLUMNS])
        .execute();
      await db.schema
        .createIndex('sessions_catalog_domain')
        .on('sessions')
        .columns(['domain', ...CATALOG_INDEX_COLUMNS.filter((c) => c !== 'domain')])
        .execute();
      await db.schema
        .createIndex('annotations_rating')
        .on('annotations')
        .columns(['rating', 'session_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop index annotations_rating`.execute(db);
      await sql`drop index sessions_catalog`.execute(db);
      await sql`drop index sessions_catalog_domain`.execute(db);
      await db.schema.createIndex('sessions_created_at').on('sessions').column('created_at').execute();
      await db.schema
        .createIndex('sessions_domain_created_at')
        .on('sessions')
        .columns(['domain', 'created_at'])
        .execute();
      for (const name of [
        'customer_strategy',
        'customer_model',
        'turns',
        'tool_errors',
        'cost_usd',
        'author',
      ]) {
        await db.schema.alterTable('sessions').dropColumn(name).execute();
      }
    },
  },

  '0005-catalog-text': {
    // Free text over the messages' text and the rejected copilot drafts, for the trajectory list: two
    // columns written with the trajectory (`catalog-facts.ts`), filled for the sessions stored before.
    // SQLite searches an FTS5 index of `search_text` (an external-content table over the sessions' rows,
    // kept by triggers, so every write of the row keeps it); PostgreSQL a GIN index of its tsvector.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sessions').addColumn('rejected_drafts', 'integer').execute();
      await db.schema.alterTable('sessions').addColumn('search_text', 'text').execute();
      const sessions = db as unknown as Kysely<Database>;
      const rows = await sessions
        .selectFrom('sessions')
        .select(['id', 'trajectory'])
        .where('trajectory', 'is not', null)
        .execute();
      for (const row of rows) {
        const f = finishedColumns(row.trajectory);
        await sessions
          .updateTable('sessions')
          .set({ rejected_drafts: f.rejected_drafts, search_text: f.search_text })
          .where('id', '=', row.id)
          .execute();
      }
      // The covering indexes of `0004-catalog` again, with `rejected_drafts` too, so that filter is read
      // from the index like the others, not from each wide row.
      await recreateCatalogIndexes(db, [...CATALOG_INDEX_COLUMNS, 'rejected_drafts']);
      if (isPostgres(db)) {
        await sql`create index sessions_search_text on sessions using gin (to_tsvector('simple', coalesce(search_text, '')))`.execute(
          db,
        );
        return;
      }
      await sql`create virtual table sessions_text using fts5(search_text, content='sessions', content_rowid='rowid')`.execute(
        db,
      );
      await sql`insert into sessions_text(sessions_text) values ('rebuild')`.execute(db);
      await sql`create trigger sessions_text_insert after insert on sessions when new.search_text is not null begin
        insert into sessions_text(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
      await sql`create trigger sessions_text_delete after delete on sessions when old.search_text is not null begin
        insert into sessions_text(sessions_text, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(
        db,
      );
      await sql`create trigger sessions_text_update after update of search_text on sessions
        when new.search_text is not old.search_text begin
        insert into sessions_text(sessions_text, rowid, search_text)
          select 'delete', old.rowid, old.search_text where old.search_text is not null;
        insert into sessions_text(rowid, search_text)
          select new.rowid, new.search_text where new.search_text is not null; end`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (isPostgres(db)) {
        await sql`drop index sessions_search_text`.execute(db);
      } else {
        for (const name of ['sessions_text_insert', 'sessions_text_delete', 'sessions_text_update']) {
          await sql`drop trigger ${sql.id(name)}`.execute(db);
        }
        await sql`drop table sessions_text`.execute(db);
      }
      await recreateCatalogIndexes(db, [...CATALOG_INDEX_COLUMNS]);
      await db.schema.alterTable('sessions').dropColumn('search_text').execute();
      await db.schema.alterTable('sessions').dropColumn('rejected_drafts').execute();
    },
  },

  '0006-review-reservations': {
    // The review queue's holds: one row per session a reviewer has been given, until it expires. The
    // session id is the key, so taking a session is one insert-or-take-over-if-expired statement.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('review_reservations')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('review_reservations_reviewer')
        .on('review_reservations')
        .columns(['reviewer', 'expires_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table review_reservations`.execute(db);
    },
  },

  '0007-sort-indexes': {
    // The list sorted by reward, in its order (reward, then the creation time, then the id): a deep page
    // (offset 50,000 of 100,000) is read along this narrow index instead of sorting a scan of the
    // covering one (2–30 ms instead of ~100). The reward filters are written `+reward` so this index is
    // used for the order only.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('sessions_by_reward')
        .on('sessions')
        .columns(['reward', 'created_at', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop index sessions_by_reward`.execute(db);
    },
  },
};

/** The list's two covering indexes (`0004-catalog`), made again over `columns`. */
async function recreateCatalogIndexes(db: Kysely<unknown>, columns: string[]): Promise<void> {
  await sql`drop index sessions_catalog`.execute(db);
  await sql`drop index sessions_catalog_domain`.execute(db);
  await db.schema.createIndex('sessions_catalog').on('sessions').columns(columns).execute();
  await db.schema
    .createIndex('sessions_catalog_domain')
    .on('sessions')
    .columns(['domain', ...columns.filter((c) => c !== 'domain')])
    .execute();
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The fact columns `0004-catalog` added (the later ones are filled by their own migration). */
function columnsOf0004(columns: ReturnType<typeof factColumns>) {
  const { customer_strategy, customer_model, turns, tool_errors, cost_usd, author } = columns;
  return { customer_strategy, customer_model, turns, tool_errors, cost_usd, author };
}

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** The migrator over Sigma's migrations (`migrateToLatest` runs it; tests step it down and up). */
export function schemaMigrator(db: Kysely<unknown>, schema?: string): Migrator {
  return new Migrator({ db, provider: new StaticProvider(), migrationTableSchema: schema });
}

/**
 * Brings the schema up to date; a failure names the migration. On PostgreSQL, `schema` must be given:
 * without it Kysely takes its bookkeeping tables in any schema of the database for this one's.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<void> {
  const migrator = schemaMigrator(db, schema);
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError('store', `migration ${failed} failed: ${reason}`, { cause: error });
  }
}
