import { dictKeys, dictSet, type PyDict, strRepr } from '../../../core/python/index.ts';
import { lookup, ToolError } from '../../../core/tools/tool.ts';

/**
 * How a search shows a flight on one date: its fixed fields (all but the calendar of dates) followed by
 * that date's record (status, seats, prices), merged as Python's `dict.update` does.
 */
export function flightOnDate(flight: Readonly<PyDict>, onDate: Readonly<PyDict>): PyDict {
  const result: PyDict = {};
  for (const key of dictKeys(flight)) if (key !== 'dates') dictSet(result, key, flight[key]!);
  for (const key of dictKeys(onDate)) dictSet(result, key, onDate[key]!);
  return result;
}

/** Whether a flight's record for one date still sells seats. */
export function isOpen(onDate: Readonly<PyDict>): boolean {
  return lookup(onDate, 'status') === 'available';
}

/** The flight's record for a date when the flight runs that day and still sells seats. */
export function availableOn(flight: Readonly<PyDict>, date: string): Readonly<PyDict> | undefined {
  const dates = lookup<PyDict>(flight, 'dates');
  if (!Object.hasOwn(dates, date)) return undefined;
  const onDate = dates[date] as PyDict;
  return isOpen(onDate) ? onDate : undefined;
}

// The characters Python's int() ignores around a number (str.isspace, which is wider than JavaScript's \s).
const SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const INT_LITERAL = new RegExp(`^[${SPACE}]*([+-]?)(\\p{Nd}(?:_?\\p{Nd})*)[${SPACE}]*$`, 'u');
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** The value of a Unicode decimal digit: digits come in runs of ten starting at zero. */
function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  let start = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/** Python's `int(text)` for a short decimal text; a bad literal fails with Python's ValueError text. */
export function pyInt(text: string): number {
  const match = INT_LITERAL.exec(text);
  if (match === null) throw new ToolError(`invalid literal for int() with base 10: ${strRepr(text)}`);
  let value = 0;
  for (const digit of match[2]!.replaceAll('_', '')) value = value * 10 + digitValue(digit);
  return match[1] === '-' ? -value : value;
}
