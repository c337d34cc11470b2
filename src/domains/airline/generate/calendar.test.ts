import { describe, expect, it } from 'vitest';
import {
  addDays,
  clock,
  clockMinutes,
  daysBetween,
  SCHEDULE_DATES,
  spokenBirthday,
  spokenDate,
  stamp,
} from './calendar.ts';

describe('the airline calendar', () => {
  it('covers May 1 to 30 and moves dates across months', () => {
    expect(SCHEDULE_DATES).toHaveLength(30);
    expect([SCHEDULE_DATES[0], SCHEDULE_DATES.at(-1)]).toEqual(['2024-05-01', '2024-05-30']);
    expect(addDays('2024-05-31', 1)).toBe('2024-06-01');
    expect(addDays('2024-05-01', -1)).toBe('2024-04-30');
    expect(daysBetween('2024-04-30', '2024-05-30')).toBe(30);
  });

  it('writes clock times and timestamps the way the schedule does', () => {
    expect(clock(0)).toBe('00:00:00');
    expect(clock(21 * 60 + 30)).toBe('21:30:00');
    expect(clockMinutes('01:30:00+1')).toBe(25 * 60 + 30);
    expect(stamp('2024-05-15', -24)).toBe('2024-05-14T23:36:00');
    expect(stamp('2024-05-15', 24 * 60 + 59)).toBe('2024-05-16T00:59:00');
  });

  it('says dates as a customer would', () => {
    expect(spokenDate('2024-05-07')).toBe('May 7');
    expect(spokenBirthday('1985-03-07')).toBe('March 7, 1985');
  });
});
