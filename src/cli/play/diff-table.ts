import Table from 'cli-table3';
import { dictKeys, type PyDict, type PyValue } from '../../core/python/index.ts';
import type { RecordDiff } from '../../core/state/index.ts';
import { tableStyle } from '../colour.ts';
import { prettyValue } from './pretty.ts';
import { wrapText } from './wrap.ts';

export interface DiffLabels {
  /** Heading of the column with the `before` side of each change. */
  before: string;
  /** Heading of the column with the `after` side. */
  after: string;
  /** Said of a record only the `after` side has (e.g. "new record"). */
  added: string;
  /** Said of a record only the `before` side has (e.g. "removed record"). */
  removed: string;
}

/** A record path such as `payment_methods.gift_card_1.balance` or `items[0].price`. */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '(record)' : out;
}

/** A name (table, id, field path) cut into lines of `width`, preferably after `_`, `.`, `-` or `[`. */
export function breakName(name: string, width: number): string {
  const lines: string[] = [];
  let rest = name;
  while (rest.length > width) {
    const head = rest.slice(0, width);
    const at = Math.max(head.lastIndexOf('_'), head.lastIndexOf('.'), head.lastIndexOf('-'));
    const bracket = head.lastIndexOf('[');
    const cut = at >= width / 3 ? at + 1 : bracket >= width / 3 ? bracket : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines.join('\n');
}

/** A value laid out as JSON in lines of `width`: containers indented, long lines wrapped under their indent. */
export function valueLines(value: PyValue | undefined, width: number): string {
  if (value === undefined) return '(absent)';
  return prettyValue(value, width)
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^\s*/.exec(line)![0];
      return wrapText(line.trimStart(), width, indent, `${indent}  `);
    })
    .join('\n');
}

interface Row {
  field: string;
  before: PyValue | undefined;
  after: PyValue | undefined;
}

const longest = (texts: readonly string[]) => Math.max(0, ...texts.map((t) => t.length));

/** A column heading in lines of `width`, broken between words. */
function heading(text: string, width: number): string {
  return wrapText(text, width);
}

/** The changed fields of records both sides have: record (table and id), field, before, after. */
function changedTable(diffs: readonly RecordDiff[], labels: DiffLabels, columns: number): string {
  const rows = diffs.map((d) => ({
    diff: d,
    rows: d.changes.map((c): Row => ({ field: fieldPath(c.path), before: c.before, after: c.after })),
  }));
  const names = diffs.flatMap((d) => [d.table, d.id]);
  const fields = rows.flatMap((r) => r.rows.map((row) => row.field));
  // Four columns: five borders and a space each side of every cell.
  const space = Math.max(48, columns) - 13;
  const recordWidth = Math.min(Math.max(8, longest(names)), Math.floor(space * 0.2));
  const fieldWidth = Math.min(Math.max(8, longest(fields)), Math.floor(space * 0.24));
  const valueRoom = Math.floor((space - recordWidth - fieldWidth) / 2);
  const sides = rows.flatMap((r) => r.rows.flatMap((row) => [row.before, row.after]));
  const widest = Math.max(
    labels.before.length,
    labels.after.length,
    ...sides.map((v) => longest(valueLines(v, valueRoom).split('\n'))),
  );
  const valueWidth = Math.max(10, Math.min(valueRoom, widest));
  const widths = [recordWidth, fieldWidth, valueWidth, valueWidth];
  const table = new Table({
    head: ['record', 'field', labels.before, labels.after].map((h, i) => heading(h, widths[i]!)),
    style: tableStyle(),
    wordWrap: false,
    colWidths: widths.map((w) => w + 2),
  });
  for (const { diff, rows: list } of rows) {
    const record = `${breakName(diff.table, recordWidth)}\n${breakName(diff.id, recordWidth)}`;
    list.forEach((row, i) => {
      const cells = [
        breakName(row.field, fieldWidth),
        valueLines(row.before, valueWidth),
        valueLines(row.after, valueWidth),
      ];
      table.push(i === 0 ? [{ content: record, rowSpan: list.length }, ...cells] : cells);
    });
  }
  return table.toString();
}

/** A record only one side has, field by field under a line naming it: field, and its value. */
function wholeRecord(d: RecordDiff, labels: DiffLabels, columns: number): string {
  const added = d.kind === 'added';
  const record = (added ? d.after : d.before) as PyDict | undefined;
  const title = `${d.table} ${d.id} (${added ? labels.added : labels.removed})`;
  const side = added ? labels.after : labels.before;
  const keys = record === undefined ? [] : dictKeys(record);
  // Two columns: three borders and a space each side of every cell.
  const space = Math.max(40, columns) - 7;
  const fieldWidth = Math.min(Math.max(8, longest(keys)), Math.floor(space * 0.3));
  const valueRoom = space - fieldWidth;
  const values = keys.map((k) => valueLines(record![k] as PyValue, valueRoom));
  const valueWidth = Math.max(
    10,
    Math.min(valueRoom, Math.max(side.length, ...values.map((v) => longest(v.split('\n'))))),
  );
  const table = new Table({
    head: [heading('field', fieldWidth), heading(side, valueWidth)],
    style: tableStyle(),
    wordWrap: false,
    colWidths: [fieldWidth + 2, valueWidth + 2],
  });
  keys.forEach((k, i) => {
    table.push([breakName(k, fieldWidth), values[i]!]);
  });
  return `${wrapText(title, columns)}\n${table.toString()}`;
}

/**
 * Record differences laid out to fit `columns`: one table of the changed fields (record, field, the two
 * sides as JSON), then each record only one side has, field by field. Names too long for their column
 * break after `_` or `.`; values wrap within theirs.
 */
export function renderDiff(
  diffs: readonly RecordDiff[],
  labels: DiffLabels,
  columns: number = process.stdout.columns ?? 100,
): string {
  const changed = diffs.filter((d) => d.kind === 'changed');
  const parts = changed.length > 0 ? [changedTable(changed, labels, columns)] : [];
  for (const d of diffs) if (d.kind !== 'changed') parts.push(wholeRecord(d, labels, columns));
  return parts.join('\n');
}
