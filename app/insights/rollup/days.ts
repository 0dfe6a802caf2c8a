import { TZDate } from "@date-fns/tz";

/**
 * Local calendar days (YYYY-MM-DD) in a shop's time zone, and the UTC instants they span.
 *
 * A local day is [00:00, next day's 00:00) in the zone, so it lasts 23 or 25 hours on a DST change. Day arithmetic
 * (next day, ranges) works on the calendar and never adds 24 h to an instant. An unknown zone counts as UTC, like the
 * database triggers (casefile_insight_day) do, so the job and the triggers always agree on a timestamp's day.
 */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

export function safeTimeZone(timezone: string | null | undefined): string {
  if (!timezone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return timezone;
  } catch {
    return "UTC";
  }
}

export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function parts(day: string): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a day (YYYY-MM-DD): ${day}`);
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local day an instant falls on in `timezone`. */
export function localDay(instant: Date, timezone: string): string {
  const local = new TZDate(instant.getTime(), safeTimeZone(timezone));
  return `${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The instant the local day starts (00:00 in the zone; the first existing minute when midnight is skipped by DST). */
export function dayStart(day: string, timezone: string): Date {
  const [y, m, d] = parts(day);
  return new Date(new TZDate(y, m, d, 0, 0, 0, 0, safeTimeZone(timezone)).getTime());
}

/** [start, end) of a local day as UTC instants. */
export function dayRange(day: string, timezone: string): { start: Date; end: Date } {
  return { start: dayStart(day, timezone), end: dayStart(addDays(day, 1), timezone) };
}

/** Calendar arithmetic on a day string (no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2, d2) - Date.UTC(y1, m1, d1)) / MS_PER_DAY);
}

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export function eachDay(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  const out: string[] = [];
  for (let i = 0; i <= n; i++) out.push(addDays(from, i));
  return out;
}

/** A day as the Date Prisma reads and writes for a @db.Date column (midnight UTC). */
export function dayAsDate(day: string): Date {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m, d));
}

/** A @db.Date value read back from Prisma (midnight UTC) as a day string. */
export function dateAsDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
