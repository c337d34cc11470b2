/**
 * The airline's calendar. The tools book at a fixed moment (2024-05-15 15:00 EST), and the schedule
 * covers May 2024 up to the 30th: flights before today have flown (or were cancelled), today's are
 * landed, in the air, on time or delayed depending on the clock, and later ones are open for booking.
 */

export const NOW = '2024-05-15T15:00:00';
export const TODAY = '2024-05-15';
/** Minutes after midnight of `TODAY` at `NOW`. */
export const NOW_MINUTES = 15 * 60;
/** The moment 24 hours before `NOW`: reservations created after it may still be cancelled freely. */
export const DAY_BEFORE_NOW = '2024-05-14T15:00:00';

export const FIRST_DAY = 1;
export const LAST_DAY = 30;

/** The schedule's dates, in order: '2024-05-01' to '2024-05-30'. */
export const SCHEDULE_DATES: readonly string[] = Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, i) =>
  mayDate(FIRST_DAY + i),
);

/** The date of a day in May 2024, e.g. 20 -> '2024-05-20'. */
export function mayDate(day: number): string {
  return `2024-05-${String(day).padStart(2, '0')}`;
}

/** The day of the month of a schedule date. */
export function dayOf(date: string): number {
  return Number(date.slice(8, 10));
}

/** Moves a date by whole days (any month, any year). */
export function addDays(date: string, days: number): string {
  if (days === 0) return date;
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from date `a` to date `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** 'HH:MM:SS' for minutes after midnight (0 <= minutes < 1440). */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
}

/** Minutes after midnight of a schedule clock time ('21:30:00', or '01:30:00+1' for the next day). */
export function clockMinutes(time: string): number {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return time.endsWith('+1') ? minutes + 24 * 60 : minutes;
}

/** A timestamp 'YYYY-MM-DDTHH:MM:00' for minutes counted from midnight of `date` (may be negative or past 24h). */
export function stamp(date: string, minutes: number): string {
  const days = Math.floor(minutes / (24 * 60));
  return `${addDays(date, days)}T${clock(minutes - days * 24 * 60)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** How a customer says a date: '2024-05-20' -> 'May 20'. */
export function spokenDate(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
}

/** How a customer says a date of birth: '1985-03-07' -> 'March 7, 1985'. */
export function spokenBirthday(date: string): string {
  return `${spokenDate(date)}, ${date.slice(0, 4)}`;
}
