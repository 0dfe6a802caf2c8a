import { TZDate } from "@date-fns/tz";
import type { z } from "zod";
import type { BusinessHours as BusinessHoursSchema } from "../shops/settings.server";

/**
 * Time counted in a shop's business hours: opening intervals per weekday in the shop's time zone, holidays
 * (YYYY-MM-DD in that zone) closed all day. Pure functions: SLA deadlines (app/insights/sla.server.ts) and the
 * insights rollups use them.
 *
 * How it counts:
 * - The walk goes day by day, interval by interval (never minute by minute). Each interval's ends are the local
 *   wall-clock times turned into instants with @date-fns/tz, so days with a DST change are as long as they
 *   really are (an interval spanning the change counts the real elapsed time; a local time that does not exist,
 *   such as 02:30 on a spring-forward night, is the instant the clock jumps to).
 * - A start outside the opening hours counts from the next opening; adding lands exactly on a closing time when
 *   the minutes run out there (Fri 16:00 + 60 min with 9–17 is Fri 17:00, not Mon 09:00).
 * - A calendar with no opening interval on any weekday counts wall-clock time (there is nothing else to count,
 *   and a deadline must still exist).
 * - The walk is bounded to MAX_WALK_DAYS days: beyond that (only reachable with huge targets or spans), time is
 *   converted at the calendar's average rate (open minutes per week / minutes per week).
 */
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const WEEK_MINUTES = 7 * 24 * 60;
/** About two years of calendar days. */
export const MAX_WALK_DAYS = 732;

/** JS weekday (0 = Sunday) → the settings' day key. */
const DAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

interface Calendar {
  timezone: string;
  /** Per JS weekday: [openMinute, closeMinute] pairs, sorted. */
  days: [number, number][][];
  /** The same intervals as a string per weekday, for the interval cache key. */
  dayKeys: string[];
  holidays: Set<string>;
  /** Open minutes in a week without holidays; 0 = the calendar is never open (count wall-clock time). */
  weeklyMinutes: number;
}

const toMinute = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const compiled = new WeakMap<BusinessHours, Calendar>();

function calendarOf(hours: BusinessHours): Calendar {
  const cached = compiled.get(hours);
  if (cached) return cached;
  const days = DAY_KEYS.map((key) =>
    (hours.days?.[key] ?? [])
      .map((i) => [toMinute(i.open), toMinute(i.close)] as [number, number])
      .filter(([open, close]) => close > open)
      .sort((a, b) => a[0] - b[0]),
  );
  const calendar: Calendar = {
    timezone: hours.timezone || "UTC",
    days,
    dayKeys: days.map((intervals) => intervals.map(([o, c]) => `${o}-${c}`).join(",")),
    holidays: new Set(hours.holidays ?? []),
    weeklyMinutes: days.reduce((sum, intervals) => sum + intervals.reduce((s, [o, c]) => s + (c - o), 0), 0),
  };
  compiled.set(hours, calendar);
  return calendar;
}

/** A local calendar day, as days since 1970-01-01 (pure calendar arithmetic, no zone involved). */
interface LocalDay {
  y: number;
  m: number;
  d: number;
  weekday: number;
  iso: string;
}

function localDay(dayNumber: number): LocalDay {
  const date = new Date(dayNumber * DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  return { y, m, d, weekday: date.getUTCDay(), iso: `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/** The local day (in the shop's zone) that `at` falls on. */
function dayNumberOf(at: number, timezone: string): number {
  const local = new TZDate(at, timezone);
  return Math.floor(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY);
}

// Interval instants per (zone, day, intervals): a rollup over many cases walks the same days again and again.
const intervalCache = new Map<string, [number, number][]>();
const INTERVAL_CACHE_LIMIT = 50_000;

/** The day's opening intervals as [openMs, closeMs] instants; none on holidays and closed weekdays. */
function openIntervals(calendar: Calendar, dayNumber: number): [number, number][] {
  const day = localDay(dayNumber);
  const intervals = calendar.days[day.weekday];
  if (intervals.length === 0 || calendar.holidays.has(day.iso)) return [];
  const key = `${calendar.timezone}|${dayNumber}|${calendar.dayKeys[day.weekday]}`;
  const hit = intervalCache.get(key);
  if (hit) return hit;
  const instant = (minute: number) => new TZDate(day.y, day.m, day.d, Math.floor(minute / 60), minute % 60, calendar.timezone).getTime();
  const result = intervals.map(([open, close]) => [instant(open), instant(close)] as [number, number]).filter(([o, c]) => c > o);
  if (intervalCache.size >= INTERVAL_CACHE_LIMIT) intervalCache.clear();
  intervalCache.set(key, result);
  return result;
}

/** Wall-clock milliseconds per business millisecond on average (for the part beyond the walk's bound). */
const wallPerBusiness = (calendar: Calendar) => WEEK_MINUTES / calendar.weeklyMinutes;

/** The instant `ms` business milliseconds after `start`. */
export function addBusinessMs(start: Date, ms: number, hours: BusinessHours): Date {
  const from = start.getTime();
  if (!(ms > 0) || Number.isNaN(from)) return new Date(from);
  const calendar = calendarOf(hours);
  if (calendar.weeklyMinutes === 0) return new Date(from + ms);
  let remaining = ms;
  let cursor = from;
  const firstDay = dayNumberOf(from, calendar.timezone);
  for (let n = firstDay; n < firstDay + MAX_WALK_DAYS; n++) {
    for (const [open, close] of openIntervals(calendar, n)) {
      if (close <= cursor) continue;
      const begin = Math.max(open, cursor);
      if (close - begin >= remaining) return new Date(begin + remaining);
      remaining -= close - begin;
      cursor = close;
    }
  }
  // Beyond the bound: the rest at the calendar's average rate, after the last day walked.
  const next = localDay(firstDay + MAX_WALK_DAYS);
  const boundEnd = new TZDate(next.y, next.m, next.d, 0, 0, calendar.timezone).getTime();
  return new Date(Math.max(cursor, boundEnd) + remaining * wallPerBusiness(calendar));
}

/** Business milliseconds between two instants (0 when end is not after start). */
export function businessMsBetween(start: Date, end: Date, hours: BusinessHours): number {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from)) return 0;
  const calendar = calendarOf(hours);
  if (calendar.weeklyMinutes === 0) return to - from;
  const firstDay = dayNumberOf(from, calendar.timezone);
  const lastDay = dayNumberOf(to, calendar.timezone);
  const walkedLast = Math.min(lastDay, firstDay + MAX_WALK_DAYS - 1);
  let total = 0;
  for (let n = firstDay; n <= walkedLast; n++) {
    for (const [open, close] of openIntervals(calendar, n)) {
      const overlap = Math.min(close, to) - Math.max(open, from);
      if (overlap > 0) total += overlap;
    }
  }
  if (walkedLast < lastDay) {
    // Beyond the bound: the rest of the span at the calendar's average rate.
    const next = localDay(walkedLast + 1);
    const boundEnd = new TZDate(next.y, next.m, next.d, 0, 0, calendar.timezone).getTime();
    total += (to - Math.max(from, boundEnd)) / wallPerBusiness(calendar);
  }
  return total;
}

/** The instant `minutes` business minutes after `start`. */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  return addBusinessMs(start, minutes * MINUTE, hours);
}

/** Business minutes between two instants (0 when end is not after start), rounded down. */
export function businessMinutesBetween(start: Date, end: Date, hours: BusinessHours): number {
  return Math.floor(businessMsBetween(start, end, hours) / MINUTE);
}
