import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCalendarDay, isCalendarDay } from './calendar-day.js';

test('real yyyy-MM-dd days are accepted, impossible or misshapen ones are not', () => {
  for (const day of ['2026-01-01', '2024-02-29', '2027-12-31']) assert.equal(isCalendarDay(day), true, day);
  for (const day of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '20260101', '2026-01-01T00:00:00Z', '', 20260101, null]) {
    assert.equal(isCalendarDay(day), false, String(day));
  }
});

test('assertCalendarDay names the field and shows the accepted form', () => {
  assert.throws(() => assertCalendarDay('2026-02-30', 'date_from'), /date_from must be a calendar day written yyyy-MM-dd .*"2026-02-30"/);
});
