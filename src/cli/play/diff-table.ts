import Table from 'cli-table3';
import { dictKeys, type PyDict, type PyValue } from '../../core/python/index.ts';
import type { RecordDiff } from '../../core/state/index.ts';
import { tableStyle } from '../colour.ts';
import { fitWidths } from '../table.ts';
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
    // A path's dots first, then the words of a name, then an index; else at the width.
    const dot = head.lastIndexOf('.');
    const word = Math.max(head.lastIndexOf('_'), head.lastIndexOf('-'));
    const bracket = head.lastIndexOf('[');
    const cut =
      dot >= width / 3 ? dot + 1 : word >= width / 3 ? word + 1 : bracket >= width / 3 ? bracket : width;
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

/**
 * The changed fields of records both sides have, in one table: a line naming each record (table and
 * id, across the table), then a row per field with its two sides.
 */
function changedTable(diffs: readonly RecordDiff[], labels: DiffLabels, columns: number): string {
  const rows = diffs.map((d) => ({
    diff: d,
    rows: d.changes.map((c): Row => ({ field: fieldPath(c.path), before: c.before, after: c.after })),
  }));
  const fields = rows.flatMap((r) => r.rows.map((row) => row.field));
  // Three columns: four borders and a space each side of every cell.
  const space = Math.max(40, columns) - 10;
  const sides = rows.flatMap((r) => r.rows.flatMap((row) => [row.before, row.after]));
  const valueNeed = Math.max(
    labels.before.length,
    labels.after.length,
    ...sides.map((v) => longest(valueLines(v, space).split('\n'))),
  );
  const widths = fitWidths(
    [Math.max(5, longest(fields)), valueNeed, valueNeed],
    [16, 20, 20],
    [8, 10, 10],
    space,
  );
  const [fieldWidth, beforeWidth, afterWidth] = widths as [number, number, number];
  const whole = widths.reduce((a, b) => a + b, 0) + 6;
  const table = new Table({
    head: ['field', labels.before, labels.after].map((h, i) => heading(h, widths[i]!)),
    style: tableStyle(),
    wordWrap: false,
    colWidths: widths.map((w) => w + 2),
  });
  for (const { diff, rows: list } of rows) {
    const name = `${diff.table} ${diff.id}`;
    const record =
      name.length <= whole ? name : `${breakName(diff.table, whole)}\n${breakName(diff.id, whole)}`;
    table.push([{ content: record, colSpan: 3 }]);
    for (const row of list)
      table.push([
        breakName(row.field, fieldWidth),
        valueLines(row.before, beforeWidth),
        valueLines(row.after, afterWidth),
      ]);
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
  const fieldNeed = Math.min(Math.max(5, longest(keys)), Math.floor(space * 0.4));
  const valueNeed = Math.max(
    side.length,
    ...keys.map((k) => longest(valueLines(record![k] as PyValue, space - fieldNeed).split('\n'))),
  );
  const [fieldWidth, valueWidth] = fitWidths([fieldNeed, valueNeed], [16, 24], [8, 10], space) as [
    number,
    number,
  ];
  const values = keys.map((k) => valueLines(record![k] as PyValue, valueWidth));
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
