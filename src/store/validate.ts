import { assertCalendarDay } from '../domain/calendar-day.js';

// Argument checks shared by every BiStore implementation, so both reject bad input with the same message
// (sqlite would otherwise store any text as a day).

export function checkIncrementArgs(day: string, keys: readonly string[]): void {
  assertCalendarDay(day, 'BI day');
  for (const key of keys) {
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
      throw new Error(`BI keys must be non-empty strings of at most 200 characters, got ${JSON.stringify(key)}`);
    }
  }
}

export function checkReportArgs(from: string, to: string): void {
  assertCalendarDay(from, 'BI report start day');
  assertCalendarDay(to, 'BI report end day');
}
