// Date checks for input from URLs and forms (browser-safe). JavaScript's Date accepts impossible days
// (2026-02-31 rolls over to March) and years PostgreSQL cannot store; these accept only what round-trips.

const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

const inRange = (date: Date) => {
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

/** A real calendar day written YYYY-MM-DD, between 1970 and 9999. */
export function isCalendarDay(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const date = new Date(`${raw}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && inRange(date) && date.toISOString().slice(0, 10) === raw;
}

/** An instant exactly as Date#toISOString writes it (2026-11-25T10:00:00.000Z), between 1970 and 9999. */
export function isIsoInstant(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(raw)) return false;
  const date = new Date(raw);
  return !Number.isNaN(date.getTime()) && inRange(date) && date.toISOString() === raw;
}
