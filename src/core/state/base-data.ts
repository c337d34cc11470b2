import { deepFreeze, type PyDict, type PyValue } from '../python/index.ts';

/** One table: records keyed by id, in the order the source listed them. */
export interface Table {
  readonly name: string;
  readonly ids: readonly string[];
  readonly records: ReadonlyMap<string, Readonly<PyDict>>;
}

/**
 * The base data of a domain, loaded once per process and never mutated: every record is deeply
 * frozen, so an episode can only change data through its own overlay.
 */
export class BaseData {
  readonly tables: ReadonlyMap<string, Table>;

  private constructor(tables: Map<string, Table>) {
    this.tables = tables;
  }

  /** Builds base data from table name -> (id -> record), keeping the given orders. */
  static fromTables(tables: Iterable<[string, Iterable<[string, PyValue]>]>): BaseData {
    const out = new Map<string, Table>();
    for (const [name, rows] of tables) {
      const records = new Map<string, Readonly<PyDict>>();
      for (const [id, record] of rows) {
        if (record === null || typeof record !== 'object' || Array.isArray(record)) {
          throw new TypeError(`table "${name}": record "${id}" is not an object`);
        }
        records.set(id, deepFreeze(record));
      }
      out.set(name, { name, ids: Object.freeze([...records.keys()]), records });
    }
    return new BaseData(out);
  }

  table(name: string): Table {
    const table = this.tables.get(name);
    if (table === undefined) throw new RangeError(`no table named "${name}"`);
    return table;
  }
}
