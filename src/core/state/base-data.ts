import { deepFreeze, type PyDict, type PyValue } from '../python/index.ts';

/** One table: records keyed by id, in the order the source listed them. */
export interface Table {
  readonly name: string;
  readonly ids: readonly string[];
  readonly records: ReadonlyMap<string, Readonly<PyDict>>;
}

/**
 * A base record kept as its JSON text (`text` from `start` to `end`) until it is first read; `read`
 * turns it into the record (parsed into the value model, and normalised where the layout
 * wants it). Loading a domain then costs about one pass over its files.
 */
export class DeferredRecord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly read: (source: DeferredRecord, id: string) => PyDict;
  constructor(
    text: string,
    start: number,
    end: number,
    read: (source: DeferredRecord, id: string) => PyDict,
  ) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.read = read;
  }
}

/** A table's records by id; a deferred record is built and frozen the first time it is read. */
class Records implements ReadonlyMap<string, Readonly<PyDict>> {
  private readonly byId: Map<string, Readonly<PyDict> | DeferredRecord>;

  constructor(byId: Map<string, Readonly<PyDict> | DeferredRecord>) {
    this.byId = byId;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Readonly<PyDict> | undefined {
    const record = this.byId.get(id);
    if (!(record instanceof DeferredRecord)) return record;
    const built = deepFreeze(record.read(record, id));
    this.byId.set(id, built);
    return built;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  keys(): MapIterator<string> {
    return this.byId.keys();
  }

  *values(): MapIterator<Readonly<PyDict>> {
    for (const id of this.byId.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, Readonly<PyDict>]> {
    for (const id of this.byId.keys()) yield [id, this.get(id)!];
  }

  forEach(
    fn: (value: Readonly<PyDict>, key: string, map: ReadonlyMap<string, Readonly<PyDict>>) => void,
    thisArg?: unknown,
  ): void {
    for (const id of this.byId.keys()) fn.call(thisArg, this.get(id)!, id, this);
  }

  [Symbol.iterator](): MapIterator<[string, Readonly<PyDict>]> {
    return this.entries();
  }
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
  static fromTables(tables: Iterable<[string, Iterable<[string, PyValue | DeferredRecord]>]>): BaseData {
    const out = new Map<string, Table>();
    for (const [name, rows] of tables) {
      const records = new Map<string, Readonly<PyDict> | DeferredRecord>();
      for (const [id, record] of rows) {
        if (record instanceof DeferredRecord) {
          records.set(id, record);
          continue;
        }
        if (record === null || typeof record !== 'object' || Array.isArray(record)) {
          throw new TypeError(`table "${name}": record "${id}" is not an object`);
        }
        records.set(id, deepFreeze(record));
      }
      out.set(name, { name, ids: Object.freeze([...records.keys()]), records: new Records(records) });
    }
    return new BaseData(out);
  }

  table(name: string): Table {
    const table = this.tables.get(name);
    if (table === undefined) throw new RangeError(`no table named "${name}"`);
    return table;
  }
}
