// Formatting and period arithmetic for the insights dashboard (browser-safe, pure). Everything is formatted with a
// fixed "en" locale so the server render and the browser agree.
import { t } from "../../i18n/en";

const NONE = () => t("insights.none");

/** Business minutes as "2 h 15 min", "45 min", "3 h"; null as "—". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return NONE();
  const total = Math.round(minutes);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return t("insights.duration.minutes", { minutes: rest });
  if (rest === 0) return t("insights.duration.hours", { hours: hours.toLocaleString("en") });
  return t("insights.duration.hoursMinutes", { hours: hours.toLocaleString("en"), minutes: rest });
}

/** A fraction 0..1 as "12.5%" (one decimal at most); null as "—". */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return NONE();
  return new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

export function formatCount(value: number | null, maximumFractionDigits = 0): string {
  if (value === null || !Number.isFinite(value)) return NONE();
  return new Intl.NumberFormat("en", { maximumFractionDigits }).format(value);
}

export function formatMoney(amount: string | number | null, currencyCode: string): string {
  if (amount === null || amount === "") return NONE();
  const value = Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode || "USD" }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currencyCode}`.trim();
  }
}

/** "2026-11-03" → "Nov 3, 2026" (a calendar day: no time zone shift). */
export function formatDay(day: string, withYear = true): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat("en", {
    month: "short",
    day: "numeric",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(date);
}

/** "2026-11" or "2026-11-01" → "Nov 2026". */
export function formatMonth(month: string): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}

export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date);
  }
}

/** What the figure is and which way is good: fewer hours to respond is better, more cases is neither. */
export type FigureKind = "count" | "rate" | "duration" | "money" | "score";
export type Better = "higher" | "lower" | "neutral";

export interface Change {
  direction: "up" | "down" | "same";
  /** "12%", "3.5 pts", "0.25"; empty when direction is "same". */
  text: string;
  tone: "success" | "critical" | "subdued";
  /** For screen readers: "better" / "worse" / "". */
  judgement: string;
}

/**
 * The change from the previous period, or null when either figure is missing. Rates change in percentage points,
 * scores by their difference, counts, durations and money by percent (by the difference when the previous was 0).
 */
export function changeOf(
  value: number | null,
  previous: number | null,
  kind: FigureKind,
  better: Better
): Change | null {
  if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  const delta = value - previous;
  let text: string;
  let magnitude: number;
  if (kind === "rate") {
    magnitude = Math.abs(delta) * 100;
    text = t("insights.change.points", { value: formatCount(magnitude, 1) });
  } else if (kind === "score") {
    magnitude = Math.abs(delta);
    text = formatCount(magnitude, 2);
  } else if (previous === 0) {
    magnitude = Math.abs(delta);
    text = kind === "duration" ? formatDuration(magnitude) : formatCount(magnitude, 2);
  } else {
    magnitude = Math.abs(delta / previous);
    text = formatRate(magnitude);
  }
  // Below what the text can show (0.0 pts, 0%) is no change.
  if (delta === 0 || text === formatRate(0) || text === t("insights.change.points", { value: "0" }) || text === "0") {
    return { direction: "same", text: "", tone: "subdued", judgement: "" };
  }
  const direction = delta > 0 ? "up" : "down";
  const good = better === "neutral" ? null : (direction === "up") === (better === "higher");
  return {
    direction,
    text,
    tone: good === null ? "subdued" : good ? "success" : "critical",
    judgement: good === null ? "" : good ? t("insights.better") : t("insights.worse"),
  };
}

// Period presets: computed from the shop's today into explicit from/to, so a link always says which days it shows.

export const PERIOD_PRESETS = ["last7", "last30", "last90", "month"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number] | "custom";

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone). */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, today: string): { from: string; to: string } {
  switch (preset) {
    case "last7":
      return { from: addDays(today, -6), to: today };
    case "last30":
      return { from: addDays(today, -29), to: today };
    case "last90":
      return { from: addDays(today, -89), to: today };
    case "month":
      return { from: `${today.slice(0, 7)}-01`, to: today };
  }
}

/** Which preset a period is, or "custom". */
export function presetOf(period: { from: string; to: string }, today: string): PeriodPreset {
  for (const preset of PERIOD_PRESETS) {
    const p = presetPeriod(preset, today);
    if (p.from === period.from && p.to === period.to) return preset;
  }
  return "custom";
}

/** Today's date (YYYY-MM-DD) in a time zone; UTC when the zone is unknown. */
export function todayIn(timeZone: string, now = new Date()): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format("UTC");
  }
}
