// yyyy-MM-dd calendar days, as used by the BI report and license expiration dates. Strings of this shape
// compare in calendar order, so callers may compare them with < and >.

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar day written yyyy-MM-dd (2026-02-30 is not). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY_PATTERN.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Throws an Error naming `what` when `value` is not a yyyy-MM-dd calendar day. */
export function assertCalendarDay(value: unknown, what: string): asserts value is string {
  if (!isCalendarDay(value)) {
    throw new Error(`${what} must be a calendar day written yyyy-MM-dd (e.g. 2027-05-22), got ${JSON.stringify(value)}`);
  }
}
