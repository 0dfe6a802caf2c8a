/**
 * The insights report (app/insights/report-types.ts): support figures (support-metrics.server.ts) and order /
 * customer figures (commerce-metrics.server.ts), from the daily rollup tables only. Routes parse the query string
 * with parseInsightsQuery, then call getInsightsReport with the validated query.
 */
import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { CaseTopic, Channel } from "../generated/prisma/enums";
import { getCommerceReport } from "./commerce-metrics.server";
import { getPaymentsReport } from "./payments-metrics.server";
import type { InsightsQuery, InsightsReport } from "./report-types";
import { addDays, daysBetween, isDay, localDay, safeTimeZone } from "./rollup/days";
import { getSupportReport } from "./support-metrics.server";

export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_PERIOD_DAYS = 30;

const Day = z.string().trim().refine(isDay, "use a date such as 2026-11-01 (YYYY-MM-DD)");
const blankAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const InsightsQueryParams = z.object({
  from: z.preprocess(blankAsUndefined, Day.optional()),
  to: z.preprocess(blankAsUndefined, Day.optional()),
  channel: z.preprocess(blankAsUndefined, z.enum(Channel, { error: `channel must be one of ${Object.values(Channel).join(", ")}` }).optional()),
  topic: z.preprocess(blankAsUndefined, z.enum(CaseTopic, { error: `topic must be one of ${Object.values(CaseTopic).join(", ")}` }).optional()),
  assignee: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .refine((v) => v === "unassigned" || z.uuid().safeParse(v).success, "assignee must be a staff member's id or \"unassigned\"")
      .optional(),
  ),
});

/**
 * Period and filters from the dashboard's query string (from, to: YYYY-MM-DD in the shop's zone; channel; topic;
 * assignee: a staff id or "unassigned"). Defaults: the last 30 days ending today; with only `from`, 30 days from it
 * (up to today); with only `to`, the 30 days ending then. At most 366 days, ending today at the latest. The
 * comparison period is the same number of days just before. Bad input → AppError 400 naming the problem.
 */
export function parseInsightsQuery(searchParams: URLSearchParams, timezone: string, today: string | Date = new Date()): InsightsQuery {
  const todayDay = typeof today === "string" ? today : localDay(today, safeTimeZone(timezone));
  const raw = Object.fromEntries(["from", "to", "channel", "topic", "assignee"].map((k) => [k, searchParams.get(k) ?? undefined]));
  const parsed = InsightsQueryParams.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`);
    throw new AppError("bad_request", `The report period or filters are not valid. ${problems.join("; ")}.`, {
      fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "query", i.message])),
    });
  }
  const { channel, topic, assignee } = parsed.data;
  const to = parsed.data.to ?? (parsed.data.from ? minDay(addDays(parsed.data.from, DEFAULT_PERIOD_DAYS - 1), todayDay) : todayDay);
  const from = parsed.data.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (to < from) throw new AppError("bad_request", `The period ends (${to}) before it starts (${from}): pick an end date on or after the start date.`);
  if (to > todayDay) throw new AppError("bad_request", `The period ends after today (${todayDay}): pick an end date up to today.`);
  const length = daysBetween(from, to) + 1;
  if (length > MAX_PERIOD_DAYS) {
    throw new AppError("bad_request", `The period is ${length} days long; pick at most ${MAX_PERIOD_DAYS} days.`);
  }
  return {
    period: { from, to },
    previous: { from: addDays(from, -length), to: addDays(from, -1) },
    filters: { ...(channel ? { channel } : {}), ...(topic ? { topic } : {}), ...(assignee ? { assignee } : {}) },
  };
}

const minDay = (a: string, b: string) => (a < b ? a : b);

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The whole dashboard for one shop over a validated query. `retention: false` leaves out retention after a support contact (null), which the
 * dashboard loads apart so the rest of the page never waits for it; CSV exports keep it.
 */
export async function getInsightsReport(
  shopId: string,
  query: InsightsQuery,
  now: Date = new Date(),
  { retention = true }: { retention?: boolean } = {},
): Promise<InsightsReport> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { ianaTimezone: true, currencyCode: true } });
  if (!shop) throw new AppError("not_found", "This shop is not installed.");
  const timezone = safeTimeZone(shop.ianaTimezone);
  // The three sides run at once: commerce needs only the support side's case volume and payments only the order
  // count, each awaited after its own queries. (A side that fails rejects the whole report through Promise.all; the
  // figures handed on are marked handled so that their copy of the failure is not an unhandled rejection.)
  const support = getSupportReport(shopId, query, { timezone, now });
  const caseVolume = handled(support.then((s) => s.support.volume));
  const commerceSide = getCommerceReport(shopId, query, { timezone, currencyCode: shop.currencyCode, caseVolume }, now);
  const orders = handled(commerceSide.then((c) => c.commerce.orders));
  const paymentsSide = getPaymentsReport(shopId, query, { timezone, currencyCode: shop.currencyCode, orders, now }, { retention });
  const [state, pendingDays, supportReports, { commerce, customers }, { payments, nps }] = await Promise.all([
    db.insightState.findUnique({ where: { shopId }, select: { updatedAt: true, rebuiltAt: true } }),
    db.insightDirtyDay.count({ where: { shopId } }),
    support,
    commerceSide,
    paymentsSide,
  ]);
  return {
    query,
    timezone,
    currencyCode: shop.currencyCode,
    updatedAt: state?.rebuiltAt ? state.updatedAt.toISOString() : null,
    pendingDays,
    support: supportReports.support,
    selfService: supportReports.selfService,
    csat: supportReports.csat,
    commerce,
    customers,
    payments,
    nps,
  };
}
