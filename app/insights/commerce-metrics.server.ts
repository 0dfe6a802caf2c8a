/**
 * The order and revenue side of the insights report (CommerceReport, CustomerReport), read from the rollup
 * tables only (InsightOrderDaily, InsightProductDaily, InsightReturnReasonDaily, InsightRevenueDaily,
 * InsightCohort, InsightCustomerMonthly): a few indexed range reads per page view, whatever the shop's size.
 * What each stored figure means is documented in app/insights/rollup/orders.server.ts.
 *
 * Report definitions:
 * - Every order rate is out of the orders placed in the period (cancelled ones included): refundRate =
 *   refundedOrders / orders, returnRate, cancellationRate, disputeRate likewise; null when no orders.
 * - revenue: totalPrice of the period's orders that were not cancelled; refundAmount: refunds of the period's orders.
 * - ticketsPer100Orders = cases created in the period (ctx.caseVolume, from the support side) / orders × 100.
 * - paymentFailureContacts: orders placed in the period linked to a case flagged payment_failed.
 * - products: the 50 with most units returned (then most sold), with returnRate = returned / sold and refundRate =
 *   refunded / sold; the title is the one on the most recent day. returnReasons: units per reason, share of all.
 * - afterSupport: sums of the resolution days in the period (a customer resolved on two days counts twice);
 *   complete once every day's 30-day window has closed.
 * - repeatPurchase: buyer-months of the calendar months the period touches (a customer buying in two of those
 *   months counts in each); contacted = a case that month or in the 90 days before it.
 * - cohorts: the 12 months of first contact ending with the period's last month; retained[k] = share of the
 *   cohort with an order in month +k+1, null while that month has not begun.
 * The channel / topic / assignee filters apply to cases, not orders: these figures ignore them.
 */
import { TZDate } from "@date-fns/tz";
import db from "../db.server";
import { localDayRange, validZone } from "./rollup/orders.server";
import type { CommerceReport, CustomerReport, Figure, InsightsQuery, MoneyFigure } from "./report-types";

export interface CommerceContext {
  timezone: string;
  currencyCode: string;
  /**
   * Cases created in the period and the previous one (the support side's figure); may be a promise, awaited after
   * this side's own queries so that the two sides run at once.
   */
  caseVolume: Figure | Promise<Figure>;
}

interface OrderSums {
  orders: number;
  revenue: string;
  cancelled: number;
  refundedOrders: number;
  refundAmount: string;
  returnedOrders: number;
  disputedOrders: number;
  paymentFailedContacts: number;
}

export async function getCommerceReport(
  shopId: string,
  query: InsightsQuery,
  ctx: CommerceContext,
  now: Date = new Date(),
): Promise<{ commerce: CommerceReport; customers: CustomerReport }> {
  const { period, previous } = query;
  const timezone = validZone(ctx.timezone);
  const lastMonth = monthOf(period.to);
  const firstCohort = addMonths(lastMonth, -11);

  const [sums, seriesRows, reasonRows, productRows, revenueRows, monthlyRows, cohortRows] = await Promise.all([
    db.$queryRaw<(OrderSums & { which: string })[]>`
      SELECT CASE WHEN day BETWEEN ${period.from}::date AND ${period.to}::date THEN 'cur' ELSE 'prev' END AS which,
        coalesce(sum(orders), 0)::int AS orders,
        round(coalesce(sum(revenue), 0), 2)::text AS revenue,
        coalesce(sum(cancelled), 0)::int AS cancelled,
        coalesce(sum("refundedOrders"), 0)::int AS "refundedOrders",
        round(coalesce(sum("refundAmount"), 0), 2)::text AS "refundAmount",
        coalesce(sum("returnedOrders"), 0)::int AS "returnedOrders",
        coalesce(sum("disputedOrders"), 0)::int AS "disputedOrders",
        coalesce(sum("paymentFailedContacts"), 0)::int AS "paymentFailedContacts"
      FROM "InsightOrderDaily"
      WHERE "shopId" = ${shopId}::uuid
        AND (day BETWEEN ${period.from}::date AND ${period.to}::date OR day BETWEEN ${previous.from}::date AND ${previous.to}::date)
      GROUP BY 1`,
    db.$queryRaw<{ day: string; orders: number; refundedOrders: number; returnedOrders: number }[]>`
      SELECT day::text AS day, orders, "refundedOrders", "returnedOrders" FROM "InsightOrderDaily"
      WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${period.from}::date AND ${period.to}::date`,
    db.$queryRaw<{ reason: string; quantity: number }[]>`
      SELECT reason, sum(quantity)::int AS quantity FROM "InsightReturnReasonDaily"
      WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${period.from}::date AND ${period.to}::date
      GROUP BY reason ORDER BY 2 DESC, reason`,
    db.$queryRaw<{ productKey: string; title: string; sold: number; returned: number; refunded: number }[]>`
      SELECT "productKey", (max(ARRAY[day::text, title]))[2] AS title, -- the title on the latest day, hash-aggregated
        sum(sold)::int AS sold, sum(returned)::int AS returned, sum(refunded)::int AS refunded
      FROM "InsightProductDaily"
      WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${period.from}::date AND ${period.to}::date
      GROUP BY "productKey" ORDER BY sum(returned) DESC, sum(sold) DESC, "productKey" LIMIT 50`,
    db.$queryRaw<{ resolved: number; reordered: number; orders: number; revenue: string; incomplete: number }[]>`
      SELECT coalesce(sum("resolvedCustomers"), 0)::int AS resolved, coalesce(sum("reorderedCustomers"), 0)::int AS reordered,
        coalesce(sum("ordersAfter"), 0)::int AS orders, round(coalesce(sum("revenueAfter"), 0), 2)::text AS revenue,
        count(*) FILTER (WHERE NOT complete)::int AS incomplete
      FROM "InsightRevenueDaily"
      WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${period.from}::date AND ${period.to}::date`,
    db.$queryRaw<{ buyers: number; repeatBuyers: number; contactedBuyers: number; contactedRepeatBuyers: number }[]>`
      SELECT coalesce(sum(buyers), 0)::int AS buyers, coalesce(sum("repeatBuyers"), 0)::int AS "repeatBuyers",
        coalesce(sum("contactedBuyers"), 0)::int AS "contactedBuyers",
        coalesce(sum("contactedRepeatBuyers"), 0)::int AS "contactedRepeatBuyers"
      FROM "InsightCustomerMonthly"
      WHERE "shopId" = ${shopId}::uuid AND month BETWEEN ${monthOf(period.from)}::date AND ${lastMonth}::date`,
    db.$queryRaw<{ month: string; customers: number; retained: number[]; revenueAfter: string }[]>`
      SELECT month::text AS month, customers, retained, round("revenueAfter", 2)::text AS "revenueAfter"
      FROM "InsightCohort"
      WHERE "shopId" = ${shopId}::uuid AND month BETWEEN ${firstCohort}::date AND ${lastMonth}::date
      ORDER BY month`,
  ]);

  const empty: OrderSums = {
    orders: 0,
    revenue: "0.00",
    cancelled: 0,
    refundedOrders: 0,
    refundAmount: "0.00",
    returnedOrders: 0,
    disputedOrders: 0,
    paymentFailedContacts: 0,
  };
  const cur = sums.find((r) => r.which === "cur") ?? empty;
  const prev = sums.find((r) => r.which === "prev") ?? empty;
  const { currencyCode } = ctx;

  const rate = (part: (s: OrderSums) => number): Figure => ({ value: ratio(part(cur), cur.orders), previous: ratio(part(prev), prev.orders) });
  const money = (part: (s: OrderSums) => string): MoneyFigure => ({ value: part(cur), previous: part(prev), currencyCode });
  const per100 = (cases: number | null, orders: number) => (cases === null || orders === 0 ? null : (cases / orders) * 100);

  const caseVolume = await ctx.caseVolume;
  const byDay = new Map(seriesRows.map((r) => [r.day, r]));
  const totalReturned = reasonRows.reduce((a, r) => a + r.quantity, 0);

  const commerce: CommerceReport = {
    orders: { value: cur.orders, previous: prev.orders },
    revenue: money((s) => s.revenue),
    ticketsPer100Orders: { value: per100(caseVolume.value, cur.orders), previous: per100(caseVolume.previous, prev.orders) },
    refundRate: rate((s) => s.refundedOrders),
    refundAmount: money((s) => s.refundAmount),
    returnRate: rate((s) => s.returnedOrders),
    cancellationRate: rate((s) => s.cancelled),
    disputeRate: rate((s) => s.disputedOrders),
    paymentFailureContacts: { value: cur.paymentFailedContacts, previous: prev.paymentFailedContacts },
    returnReasons: reasonRows.map((r) => ({ reason: r.reason, quantity: r.quantity, share: ratio(r.quantity, totalReturned) })),
    products: productRows.map((p) => ({
      productKey: p.productKey,
      title: p.title,
      sold: p.sold,
      returned: p.returned,
      refunded: p.refunded,
      returnRate: ratio(p.returned, p.sold),
      refundRate: ratio(p.refunded, p.sold),
    })),
    series: daysBetween(period.from, period.to).map((day) => {
      const r = byDay.get(day);
      return { day, orders: r?.orders ?? 0, refundedOrders: r?.refundedOrders ?? 0, returnedOrders: r?.returnedOrders ?? 0 };
    }),
  };

  // The period's windows are closed once the day 30 days after its last day is over, and every row says so.
  const rev = revenueRows[0];
  const windowsClosed = localDayRange(addDays(period.to, 31), timezone).start.getTime() <= now.getTime();
  const monthly = monthlyRows[0];
  const notContactedBuyers = monthly.buyers - monthly.contactedBuyers;
  const notContactedRepeat = monthly.repeatBuyers - monthly.contactedRepeatBuyers;
  const currentMonth = monthOf(todayIn(timezone, now));

  const customers: CustomerReport = {
    afterSupport: {
      resolvedCustomers: rev.resolved,
      reorderedCustomers: rev.reordered,
      reorderRate: ratio(rev.reordered, rev.resolved),
      ordersAfter: rev.orders,
      revenueAfter: rev.revenue,
      currencyCode,
      complete: windowsClosed && rev.incomplete === 0,
    },
    repeatPurchase: {
      contacted: {
        buyers: monthly.contactedBuyers,
        repeatBuyers: monthly.contactedRepeatBuyers,
        rate: ratio(monthly.contactedRepeatBuyers, monthly.contactedBuyers),
      },
      notContacted: { buyers: notContactedBuyers, repeatBuyers: notContactedRepeat, rate: ratio(notContactedRepeat, notContactedBuyers) },
    },
    cohorts: cohortRows.map((c) => ({
      month: c.month,
      customers: c.customers,
      retained: Array.from({ length: 6 }, (_, k) =>
        addMonths(c.month, k + 1) > currentMonth ? null : ratio(c.retained[k] ?? 0, c.customers),
      ),
      revenueAfter: c.revenueAfter,
    })),
  };

  return { commerce, customers };
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

// Calendar arithmetic on YYYY-MM-DD strings (zone-free: these are already local days).
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < 3700; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The first day of the month of a YYYY-MM-DD day. */
function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(month: string, n: number): string {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

function todayIn(timezone: string, now: Date): string {
  const t = new TZDate(now.getTime(), timezone);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-${String(t.getDate()).padStart(2, "0")}`;
}
