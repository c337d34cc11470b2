/**
 * The time now as an ISO 8601 string (UTC, milliseconds), as messages, events and records carry it.
 * A busy server stamps several messages and events in the same millisecond: the string is made once
 * per millisecond (`toISOString` is a few microseconds, and this is on every request's path).
 */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

let lastMs = Number.NaN;
let lastIso = '';
