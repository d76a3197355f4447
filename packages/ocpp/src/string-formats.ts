import * as z from 'zod';

/**
 * The JSON Schema `format`s the OCPP schemas use, as zod string schemas the generated code calls.
 *
 * date-time: the schemas mean RFC 3339, but chargers in the field deviate, so the check is ISO 8601 with the
 * deviations seen in practice allowed: any number of fractional digits (2.0.1 caps them at 3, firmwares send
 * 6 or 9), offsets with or without the colon (`+01:00`, `+0100`), lower-case `t`/`z`, and no offset at all
 * (ISO 8601 local time; chargers that omit it run on UTC, the clock the CSMS hands out in Heartbeat and
 * BootNotification). What it still rejects: dates that do not exist, missing seconds, and anything
 * `Date.parse` cannot read, so code downstream can always turn an accepted value into a Date.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):?(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids DST surprises.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isIsoDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  // Groups 1-6 always take part in a match; the offset groups only when a numeric offset is present.
  const parts = match.slice(1).map((part) => Number(part ?? 0));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] =
    parts;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  // Leap seconds (:60) are valid RFC 3339, but Date.parse rejects them, so they are refused here too.
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (offsetHour > 23 || offsetMinute > 59) return false;
  return !Number.isNaN(Date.parse(value));
}

/**
 * uri: a scheme followed by anything without whitespace (RFC 3986 scheme syntax). Deliberately loose; it is
 * there to catch a bare host or path where the charger needs an absolute location (1.6 UpdateFirmware,
 * GetDiagnostics).
 */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

export function isUri(value: string): boolean {
  return URI.test(value);
}

export function dateTime() {
  return z.string().refine(isIsoDateTime, { message: 'Invalid ISO 8601 date-time' });
}

export function uri() {
  return z.string().refine(isUri, { message: 'Invalid URI (expected an absolute URI with a scheme)' });
}
