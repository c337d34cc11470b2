export { compareCodePoints, type DumpsOptions, dumpString, pyDumps } from './dumps.ts';
export { floatRepr } from './float-repr.ts';
export { add, compare, isNum, mul, neg, sub, sum, toFloat } from './num.ts';
export { decimalLiteral, hasLeadingZeros, INT_MAX_STR_DIGITS } from './number-literal.ts';
export { JsonSyntaxError, parsePyJson, quickPyJson } from './parse.ts';
export { hashablePairRepr, hashableRepr, scalarRepr, strRepr, tupleRepr } from './repr.ts';
export { pyRound } from './round.ts';
export {
  cloneValue,
  deepFreeze,
  dictKeys,
  dictSet,
  fromJs,
  isArrayIndexKey,
  isDict,
  KEY_ORDER,
  MAX_NESTING,
  type PyDict,
  type PyNum,
  type PyValue,
  sameValue,
  setKeyOrder,
  toJs,
} from './value.ts';
