import { ValidationError } from '../errors.ts';

/**
 * Calendar dates of billing documents. Documents carry dates (`YYYY-MM-DD`, EN 16931 has no time of issue)
 * counted in UTC, the clock every instant in the product is stored in.
 */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const isBillingPeriod = (value: string): boolean => PERIOD.test(value);

export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  // Rejects 2026-02-30: the date must survive a round trip through Date.
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** The UTC calendar date of an instant. */
export const dateOf = (instant: Date | string): string => new Date(instant).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return dateOf(at);
}

/** First and last day of a `YYYY-MM` month (N3: a month's invoice is dated its last day). */
export function periodBounds(period: string): { start: string; end: string } {
  const match = PERIOD.exec(period);
  if (!match) {
    throw new ValidationError([{ field: 'period', message: 'A month as YYYY-MM, e.g. "2026-03"' }]);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { start: `${period}-01`, end: `${period}-${String(last).padStart(2, '0')}` };
}
