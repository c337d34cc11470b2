import { DataError } from '../../errors.ts';
import { isDict, JsonSyntaxError, type PyDict, type PyValue, parsePyJson } from '../../python/index.ts';
import { DeferredRecord } from '../../state/index.ts';
import {
  databaseMembers,
  documentMembers,
  type Member,
  NotMembers,
  type TableMember,
} from './json-members.ts';
import { tableRows } from './tasks.ts';

/** How a layout turns a record as read into the record it keeps (tau2: its data model's full dump). */
export type Normalise = (table: string, record: Readonly<PyDict>) => PyDict;

export type TableRows = Array<[string, PyValue | DeferredRecord]>;

function readRecord(path: string, table: string, normalise: Normalise | undefined) {
  return (source: DeferredRecord, id: string): PyDict => {
    let value: PyValue;
    try {
      value = parsePyJson(source.text.slice(source.start, source.end));
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      // the place in the file, not in the record's text
      const inFile = new JsonSyntaxError(error.reason, source.start + error.position, source.text);
      throw new DataError(path, `table "${table}", record "${id}": invalid JSON: ${inFile.message}`);
    }
    if (normalise === undefined) return value as PyDict;
    try {
      return normalise(table, value as PyDict);
    } catch (error) {
      throw new DataError(path, `table "${table}", record "${id}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}

function deferredRows(
  path: string,
  table: string,
  text: string,
  members: Member[],
  normalise: Normalise | undefined,
): TableRows {
  const read = readRecord(path, table, normalise);
  return members.map(({ key, start, end }): [string, DeferredRecord] => {
    if (text.charCodeAt(start) !== 0x7b) {
      throw new DataError(path, `table "${table}": record "${key}" must be an object`);
    }
    return [key, new DeferredRecord(text, start, end, read)];
  });
}

/** Rows read the slow way, from the whole parsed value: for text the quick scan does not take. */
function eagerRows(path: string, table: string, value: PyValue, normalise: Normalise | undefined): TableRows {
  const rows = tableRows(path, table, value);
  if (normalise === undefined) return rows;
  const read = (record: PyDict, id: string) => {
    try {
      return normalise(table, record);
    } catch (error) {
      throw new DataError(path, `table "${table}", record "${id}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return rows.map(([id, record]): [string, PyValue] => [id, read(record as PyDict, id)]);
}

function parseWhole(path: string, text: string): PyValue {
  try {
    return parsePyJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new DataError(path, `invalid JSON: ${error.message}`);
    throw error;
  }
}

/**
 * A table file (an object of records keyed by id): each record is kept as its text and read into the
 * value model when first used. The file's structure is checked now; a record's own syntax when read.
 */
export function tableFile(path: string, table: string, text: string): TableRows {
  try {
    return deferredRows(path, table, text, documentMembers(text), undefined);
  } catch (error) {
    if (!(error instanceof NotMembers)) throw error;
    return eagerRows(path, table, parseWhole(path, text), undefined);
  }
}

/**
 * A database file (an object of tables, each an object of records keyed by id): its table names, and
 * the rows of the tables asked for, each record deferred as `tableFile` does.
 */
export function databaseFile(
  path: string,
  text: string,
): { names: string[]; rows: (table: string, normalise?: Normalise) => TableRows } {
  let tables: TableMember[] | undefined;
  try {
    tables = databaseMembers(text);
  } catch (error) {
    if (!(error instanceof NotMembers)) throw error;
  }
  if (tables !== undefined) {
    const byName = new Map(tables.map((m) => [m.key, m]));
    return {
      names: [...byName.keys()],
      rows: (table, normalise) => {
        const member = byName.get(table)!;
        if (member.records !== undefined) return deferredRows(path, table, text, member.records, normalise);
        return eagerRows(path, table, parseWhole(path, text.slice(member.start, member.end)), normalise);
      },
    };
  }
  const db = parseWhole(path, text);
  if (!isDict(db)) throw new DataError(path, 'expected a JSON object');
  return {
    names: Object.keys(db),
    rows: (table, normalise) => eagerRows(path, table, db[table] as PyValue, normalise),
  };
}
