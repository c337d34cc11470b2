import type { PyNum } from './value.ts';

/**
 * Number literals as Python reads them, shared by every reader of Python-syntax text in Sigma: JSON
 * (`parsePyJson`, as `json.loads`), the task files `sigma data fetch` converts, and the `calculate`
 * tool's expressions. Each reader finds where a literal ends by its own grammar; this decides what the
 * literal's text means.
 */

/** CPython's default limit on the digits of an int converted from decimal text (`sys.int_info`). */
export const INT_MAX_STR_DIGITS = 4300;

/**
 * The value of a decimal number literal (digits, optionally signed, with a fraction or an exponent; no
 * underscores): an int (`bigint`) when it has neither, else a float, correctly rounded as `float()`.
 */
export function decimalLiteral(text: string): PyNum {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // '.', 'E', 'e'
    if (c === 46 || c === 69 || c === 101) return Number(text);
  }
  return BigInt(text);
}

/** Whether Python refuses a decimal int literal for its leading zeros: `007` is refused, `000` is not. */
export function hasLeadingZeros(digits: string): boolean {
  return digits.length > 1 && digits[0] === '0' && /[1-9]/.test(digits);
}
