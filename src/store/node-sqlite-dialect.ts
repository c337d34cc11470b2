import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';

/** Prepared statements kept per connection, by SQL text: the server runs a handful of distinct queries. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * Kysely's SQLite dialect over Node's built-in `node:sqlite` (no native addon to build). Kysely expects
 * better-sqlite3's statement shape (`reader`, `all(params)`, `run(params)`); this adapts `StatementSync`
 * to it and reuses prepared statements, so a repeated query is not parsed again.
 */
export function nodeSqliteDialect(db: DatabaseSync): SqliteDialect {
  return new ImmediateSqliteDialect({ database: new NodeSqliteDatabase(db) });
}

/**
 * Kysely's SQLite dialect with its transactions begun `IMMEDIATE`: the write lock is taken first,
 * waiting for it as any write does (busy timeout). A plain `BEGIN` takes it only at the first write,
 * and a transaction that has read by then is refused at once ("database is locked", the busy timeout
 * not waited) if another connection holds the lock: the checkpointer restarting the WAL, another
 * process. Every transaction the store runs writes, so none is held back by taking the lock first.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  private readonly config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class NodeSqliteDatabase implements SqliteDatabase {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached !== undefined) return cached;
    const statement = adapt(this.db.prepare(sql));
    if (this.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(sql, statement);
    return statement;
  }
}

type Param = null | number | bigint | string | NodeJS.ArrayBufferView;

function adapt(statement: StatementSync): SqliteStatement {
  const reader = statement.columns().length > 0;
  return {
    reader,
    all: (parameters) => statement.all(...(parameters as Param[])),
    run: (parameters) => statement.run(...(parameters as Param[])),
    iterate: (parameters) => statement.iterate(...(parameters as Param[])),
  };
}
