import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayIn, isCalendarDay } from './day.js';

test('isCalendarDay accepts real yyyy-MM-dd dates only', () => {
  for (const day of ['2026-01-31', '2024-02-29', '2000-02-29', '1999-12-31']) assert.equal(isCalendarDay(day), true, day);
  for (const day of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-04-31', '2026-1-05', '26-01-05', '2026-01-05T00:00', '']) {
    assert.equal(isCalendarDay(day), false, day);
  }
});

test('dayIn puts an instant on its day in the given time zone', () => {
  const instant = new Date('2026-03-15T23:30:00Z');
  assert.equal(dayIn(instant, 'UTC'), '2026-03-15');
  assert.equal(dayIn(instant, 'Asia/Tokyo'), '2026-03-16');
  assert.equal(dayIn(new Date('2026-03-15T02:00:00Z'), 'America/New_York'), '2026-03-14');
});
