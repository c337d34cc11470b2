import Table from 'cli-table3';
import { tableStyle } from './colour.ts';
import { wrapText } from './play/wrap.ts';

/**
 * Column widths that fit `space`: each column's need, the widest narrowed one character at a time
 * until they fit, first no narrower than its preferred minimum, then than its least.
 */
export function fitWidths(
  needs: readonly number[],
  preferred: readonly number[],
  least: readonly number[],
  space: number,
): number[] {
  const widths = needs.map((n, i) => Math.max(n, least[i]!));
  let total = widths.reduce((a, b) => a + b, 0);
  for (const floor of [preferred, least]) {
    while (total > space) {
      let widest = -1;
      widths.forEach((w, i) => {
        if (w > Math.max(floor[i]!, least[i]!) && (widest === -1 || w > widths[widest]!)) widest = i;
      });
      if (widest === -1) break;
      widths[widest]! -= 1;
      total -= 1;
    }
  }
  return widths;
}

/**
 * A table of plain cells that fits `columns`: every column as wide as its longest line, the widest
 * narrowed first, and the text of a narrowed column wrapped at spaces.
 */
export function fittedTable(
  head: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  columns: number = process.stdout.columns ?? 100,
): string {
  const cells = rows.map((row) => row.map(String));
  const needs = head.map((h, i) =>
    Math.max(h.length, ...cells.map((row) => Math.max(...(row[i] ?? '').split('\n').map((l) => l.length)))),
  );
  // n columns: n + 1 borders and a space each side of every cell.
  const space = Math.max(8 * head.length, columns) - (3 * head.length + 1);
  const widths = fitWidths(
    needs,
    needs.map((n) => Math.min(n, 16)),
    needs.map((n) => Math.min(n, 6)),
    space,
  );
  const table = new Table({
    head: head.map((h, i) => wrapText(h, widths[i]!)),
    style: tableStyle(),
    wordWrap: false,
    colWidths: widths.map((w) => w + 2),
  });
  for (const row of cells) table.push(row.map((cell, i) => wrapText(cell, widths[i]!)));
  return table.toString();
}
