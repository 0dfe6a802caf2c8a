/**
 * Order-side rollups of the insights dashboard (issue 8): what was bought, refunded, returned, cancelled and
 * disputed per day, and what customers bought after talking to support. Written here, read only by
 * app/insights/commerce-metrics.server.ts. Everything is set-based SQL scoped by shop.
 *
 * Definitions (each tested on a hand-computed fixture in tests/insights/commerce-*.test.ts):
 *
 * Order day: the calendar day of Order.processedAt in the shop's time zone. A refund, return, dispute or
 * cancellation is credited to the day its order was placed (not the day it happened), so every rate is "out of
 * the orders placed in the period".
 *
 * InsightOrderDaily, per order day:
 * - orders: every order placed that day, cancelled ones included (the denominator of every rate).
 * - revenue: sum of totalPrice of the orders placed that day that are NOT cancelled (gross: refunds are not
 *   taken off; they are refundAmount).
 * - cancelled: orders with cancelledAt set.
 * - refundedOrders: orders with at least one Refund of amount > 0; refundAmount: the sum of those refunds.
 * - returnedOrders: orders with at least one Return whose status is not CANCELED or DECLINED
 *   (REQUESTED, OPEN and CLOSED count: the buyer asked to send something back and it was not refused).
 * - disputedOrders: orders with Order.disputeCount > 0 (chargebacks and inquiries from Order.disputes).
 * - paymentFailedContacts: orders linked (CaseOrder) to at least one case whose signals contain 'payment_failed'.
 *
 * InsightProductDaily, per order day and product (LineItem.productId as text, "title:<title>" when the line has
 * no product, e.g. a custom item), over the orders of that day that are not cancelled (a cancellation's refund
 * lines are a cancellation, not a product refund): sold = line quantities; returned = ReturnLineItem quantities of
 * those lines in returns not CANCELED/DECLINED; refunded = RefundLineItem quantities of those lines.
 * InsightReturnReasonDaily: the same returned quantities by ReturnLineItem.reason (lines whose line item is gone
 * still count for their reason).
 *
 * Customer rollups (rebuilt periodically by rebuildCustomerRollups; orders below are non-cancelled orders of a
 * known customer, the customer row kept by redaction so anonymous counts stay):
 * - InsightRevenueDaily, per local day a case was resolved (Case.resolvedAt; merged-away cases left out):
 *   resolvedCustomers = distinct customers (customerId not null) with a case resolved that day; for each, the
 *   window is (first resolution that day, +30 days]; reorderedCustomers = those with an order placed in their
 *   window; ordersAfter / revenueAfter = those orders' count and sum of totalPrice. complete = the day ended more
 *   than 30 days before the rebuild (the windows are closed). A customer resolved on two days counts on both.
 * - InsightCohort, per local month of a customer's first case (any case, merged ones included: it was a contact):
 *   customers; retained[k] (k = 0..5) = customers with an order in calendar month +k+1; revenueAfter = their
 *   orders placed after the first contact (all of them, not only those months).
 * - InsightCustomerMonthly, per local month of orders: buyers = customers with an order that month;
 *   repeatBuyers = of them, those whose lifetime count of orders in the mirror is >= 2 at the rebuild;
 *   contactedBuyers = of them, those with a case created in that month or in the 90 days before it starts;
 *   contactedRepeatBuyers = both.
 */
import { TZDate } from "@date-fns/tz";
import db from "../../db.server";
import { AppError } from "../../errors.server";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Days of revenue-after-support rebuilt each run (older days' 30-day windows closed long ago and stay). */
export const REVENUE_REBUILD_DAYS = 400;

/** The UTC instants [start, end) of a local calendar day (YYYY-MM-DD) in `timezone`; DST days are 23 or 25 hours. */
export function localDayRange(day: string, timezone: string): { start: Date; end: Date } {
  if (!DAY_RE.test(day)) throw new AppError("bad_request", `Not a day (YYYY-MM-DD): ${day}`);
  const [y, m, d] = day.split("-").map(Number);
  return {
    start: new Date(new TZDate(y, m - 1, d, timezone).getTime()),
    end: new Date(new TZDate(y, m - 1, d + 1, timezone).getTime()),
  };
}

/**
 * Replaces InsightOrderDaily, InsightProductDaily and InsightReturnReasonDaily for the given local days of one
 * shop, from the order mirror. A day without orders ends with no rows (the report reads it as zeros).
 */
export async function recomputeOrderDays(shopId: string, days: string[], timezone: string): Promise<void> {
  const unique = [...new Set(days)].sort();
  if (unique.length === 0) return;
  const zone = validZone(timezone);
  const starts: string[] = [];
  const ends: string[] = [];
  for (const day of unique) {
    const { start, end } = localDayRange(day, zone);
    starts.push(start.toISOString());
    ends.push(end.toISOString());
  }

  await db.$transaction(
    async (tx) => {
      // Index lookups by order id cost little on SSDs; at the default (4) the planner seq-scans every Refund,
      // Return and CaseOrder of the shop even for one day's orders. A full rebuild still gets hash joins.
      await tx.$executeRaw`SET LOCAL random_page_cost = 1.1`;
      await tx.$executeRaw`DELETE FROM "InsightOrderDaily" WHERE "shopId" = ${shopId}::uuid AND day = ANY(${unique}::date[])`;
      await tx.$executeRaw`DELETE FROM "InsightProductDaily" WHERE "shopId" = ${shopId}::uuid AND day = ANY(${unique}::date[])`;
      await tx.$executeRaw`DELETE FROM "InsightReturnReasonDaily" WHERE "shopId" = ${shopId}::uuid AND day = ANY(${unique}::date[])`;

      // The orders of those days, read once (each day an index range scan on ("shopId", "processedAt")) into a
      // table of this transaction; ANALYZE gives the planner their real number, so a few days use index lookups
      // and a full rebuild uses hash joins.
      await tx.$executeRaw`
        CREATE TEMP TABLE insight_orders (day date, id uuid, "totalPrice" numeric, cancelled boolean, disputed boolean)
        ON COMMIT DROP`;
      await tx.$executeRaw`
        INSERT INTO insight_orders
        SELECT r.day, o.id, o."totalPrice", o."cancelledAt" IS NOT NULL, o."disputeCount" > 0
        FROM unnest(${unique}::date[], ${starts}::timestamp[], ${ends}::timestamp[]) AS r(day, s, e)
        JOIN "Order" o ON o."shopId" = ${shopId}::uuid AND o."processedAt" >= r.s AND o."processedAt" < r.e`;
      await tx.$executeRaw`ANALYZE insight_orders`;

      await tx.$executeRaw`
        INSERT INTO "InsightOrderDaily" ("shopId", day, orders, revenue, cancelled, "refundedOrders", "refundAmount",
                                         "returnedOrders", "disputedOrders", "paymentFailedContacts")
        SELECT ${shopId}::uuid, o.day, count(*),
          coalesce(sum(o."totalPrice") FILTER (WHERE NOT o.cancelled), 0),
          count(*) FILTER (WHERE o.cancelled),
          count(rf.id),
          coalesce(sum(rf.amount), 0),
          count(rt.id),
          count(*) FILTER (WHERE o.disputed),
          count(pf.id)
        FROM insight_orders o
        LEFT JOIN (
          SELECT x.id, sum(rf.amount) AS amount
          FROM insight_orders x JOIN "Refund" rf ON rf."orderId" = x.id AND rf."shopId" = ${shopId}::uuid AND rf.amount > 0
          GROUP BY x.id
        ) rf ON rf.id = o.id
        LEFT JOIN (
          SELECT DISTINCT x.id
          FROM insight_orders x JOIN "Return" rt ON rt."orderId" = x.id AND rt."shopId" = ${shopId}::uuid
          WHERE rt.status NOT IN ('CANCELED', 'DECLINED')
        ) rt ON rt.id = o.id
        LEFT JOIN (
          SELECT DISTINCT x.id
          FROM insight_orders x
          JOIN "CaseOrder" co ON co."orderId" = x.id AND co."shopId" = ${shopId}::uuid
          JOIN "Case" c ON c.id = co."caseId" AND 'payment_failed' = ANY(c.signals) AND NOT c.outreach
        ) pf ON pf.id = o.id
        GROUP BY o.day`;

      // Lines of the orders not cancelled, with what was returned and refunded of each.
      await tx.$executeRaw`
        CREATE TEMP TABLE insight_lines (day date, id uuid, key text, title text, quantity int) ON COMMIT DROP`;
      await tx.$executeRaw`
        INSERT INTO insight_lines
        SELECT o.day, li.id, coalesce(li."productId"::text, 'title:' || li.title), li.title, li.quantity
        FROM insight_orders o JOIN "LineItem" li ON li."orderId" = o.id AND li."shopId" = ${shopId}::uuid
        WHERE NOT o.cancelled`;
      await tx.$executeRaw`ANALYZE insight_lines`;
      await tx.$executeRaw`
        INSERT INTO "InsightProductDaily" (id, "shopId", day, "productKey", title, sold, returned, refunded)
        SELECT gen_random_uuid(), ${shopId}::uuid, l.day, l.key, max(l.title), sum(l.quantity),
          coalesce(sum(ret.q), 0), coalesce(sum(ref.q), 0)
        FROM insight_lines l
        LEFT JOIN (
          SELECT x.id, sum(rli.quantity) AS q
          FROM insight_lines x
          JOIN "ReturnLineItem" rli ON rli."lineItemId" = x.id AND rli."shopId" = ${shopId}::uuid
          JOIN "Return" rt ON rt.id = rli."returnId" AND rt.status NOT IN ('CANCELED', 'DECLINED')
          GROUP BY x.id
        ) ret ON ret.id = l.id
        LEFT JOIN (
          SELECT x.id, sum(rl.quantity) AS q
          FROM insight_lines x JOIN "RefundLineItem" rl ON rl."lineItemId" = x.id AND rl."shopId" = ${shopId}::uuid
          GROUP BY x.id
        ) ref ON ref.id = l.id
        GROUP BY l.day, l.key`;

      await tx.$executeRaw`
        INSERT INTO "InsightReturnReasonDaily" (id, "shopId", day, reason, quantity)
        SELECT gen_random_uuid(), ${shopId}::uuid, o.day, rli.reason, sum(rli.quantity)
        FROM insight_orders o
        JOIN "Return" rt ON rt."orderId" = o.id AND rt."shopId" = ${shopId}::uuid AND rt.status NOT IN ('CANCELED', 'DECLINED')
        JOIN "ReturnLineItem" rli ON rli."returnId" = rt.id
        WHERE NOT o.cancelled
        GROUP BY o.day, rli.reason
        HAVING sum(rli.quantity) > 0`;
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
}

/**
 * Rebuilds the customer-level rollups of one shop (a periodic job, not per change): InsightRevenueDaily for the
 * days from REVENUE_REBUILD_DAYS before `now`, and InsightCohort and InsightCustomerMonthly in full. Local days and
 * months follow the shop's current time zone. Definitions at the top of this file.
 */
export async function rebuildCustomerRollups(shopId: string, now: Date): Promise<void> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { ianaTimezone: true } });
  if (!shop) throw new AppError("not_found", "Shop not found");
  const tz = validZone(shop.ianaTimezone);
  const nowText = now.toISOString();
  const since = new Date(now.getTime() - REVENUE_REBUILD_DAYS * 86_400_000);
  // The first local day rebuilt: rows from it on are replaced; older rows stay as they were.
  const sinceDay = new TZDate(since.getTime(), tz);
  const sinceDayText = `${sinceDay.getFullYear()}-${String(sinceDay.getMonth() + 1).padStart(2, "0")}-${String(sinceDay.getDate()).padStart(2, "0")}`;
  const sinceStart = localDayRange(sinceDayText, tz).start.toISOString();

  await db.$transaction(
    async (tx) => {
      // Whole-shop aggregates: hash tables of a few hundred thousand customers stay in memory.
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      // The shop's orders that count (a known customer, not cancelled), read once with their local month.
      await tx.$executeRaw`
        CREATE TEMP TABLE insight_customer_orders (cid uuid, at timestamp, month date, price numeric) ON COMMIT DROP`;
      await tx.$executeRaw`
        INSERT INTO insight_customer_orders
        SELECT "customerId", "processedAt",
          date_trunc('month', ("processedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date, "totalPrice"
        FROM "Order"
        WHERE "shopId" = ${shopId}::uuid AND "customerId" IS NOT NULL AND "cancelledAt" IS NULL`;
      await tx.$executeRaw`ANALYZE insight_customer_orders`;

      // ── Revenue after support ──
      await tx.$executeRaw`DELETE FROM "InsightRevenueDaily" WHERE "shopId" = ${shopId}::uuid AND day >= ${sinceDayText}::date`;
      await tx.$executeRaw`
        WITH rc AS (
          SELECT c."customerId" AS cid, ((c."resolvedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date AS day,
                 min(c."resolvedAt") AS at
          FROM "Case" c
          WHERE c."shopId" = ${shopId}::uuid AND c."customerId" IS NOT NULL AND c."mergedIntoId" IS NULL AND NOT c.outreach
            AND c."resolvedAt" >= ${sinceStart}::timestamp
          GROUP BY 1, 2
        ),
        per AS (
          SELECT rc.day, rc.cid, count(o.cid) AS n, coalesce(sum(o.price), 0) AS rev
          FROM rc
          LEFT JOIN insight_customer_orders o ON o.cid = rc.cid AND o.at > rc.at AND o.at <= rc.at + interval '30 days'
          GROUP BY rc.day, rc.cid
        )
        INSERT INTO "InsightRevenueDaily" ("shopId", day, "resolvedCustomers", "reorderedCustomers", "ordersAfter",
                                           "revenueAfter", complete)
        SELECT ${shopId}::uuid, day, count(*), count(*) FILTER (WHERE n > 0), sum(n), sum(rev),
          (((day + 31)::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC') <= ${nowText}::timestamp
        FROM per GROUP BY day`;

      // ── Cohorts by month of first contact ──
      await tx.$executeRaw`DELETE FROM "InsightCohort" WHERE "shopId" = ${shopId}::uuid`;
      await tx.$executeRaw`
        WITH fc AS (
          SELECT "customerId" AS cid, min("createdAt") AS at
          FROM "Case" WHERE "shopId" = ${shopId}::uuid AND "customerId" IS NOT NULL AND NOT outreach
          GROUP BY 1
        ),
        fcm AS (
          SELECT cid, at, date_trunc('month', (at AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date AS month FROM fc
        ),
        per AS (
          SELECT fcm.cid, sum(o.price) AS rev,
            array_agg(DISTINCT ((extract(year FROM o.month) - extract(year FROM fcm.month)) * 12
                                + extract(month FROM o.month) - extract(month FROM fcm.month))::int) AS offsets
          FROM fcm JOIN insight_customer_orders o ON o.cid = fcm.cid AND o.at > fcm.at
          GROUP BY fcm.cid
        )
        INSERT INTO "InsightCohort" ("shopId", month, customers, retained, "revenueAfter")
        SELECT ${shopId}::uuid, fcm.month, count(*),
          ARRAY[count(*) FILTER (WHERE 1 = ANY(offsets)), count(*) FILTER (WHERE 2 = ANY(offsets)),
                count(*) FILTER (WHERE 3 = ANY(offsets)), count(*) FILTER (WHERE 4 = ANY(offsets)),
                count(*) FILTER (WHERE 5 = ANY(offsets)), count(*) FILTER (WHERE 6 = ANY(offsets))]::int[],
          coalesce(sum(per.rev), 0)
        FROM fcm LEFT JOIN per ON per.cid = fcm.cid
        GROUP BY fcm.month`;

      // ── Buyers per month: repeat buyers, contacted vs not ──
      await tx.$executeRaw`DELETE FROM "InsightCustomerMonthly" WHERE "shopId" = ${shopId}::uuid`;
      await tx.$executeRaw`
        WITH life AS (SELECT cid, count(*) AS n FROM insight_customer_orders GROUP BY cid),
        bm AS (SELECT DISTINCT cid, month FROM insight_customer_orders),
        contacted AS (
          SELECT DISTINCT bm.cid, bm.month
          FROM bm JOIN "Case" c ON c."customerId" = bm.cid AND c."shopId" = ${shopId}::uuid AND NOT c.outreach
          WHERE c."createdAt" >= ((bm.month::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC') - interval '90 days'
            AND c."createdAt" < (((bm.month + interval '1 month')::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC')
        )
        INSERT INTO "InsightCustomerMonthly" ("shopId", month, buyers, "repeatBuyers", "contactedBuyers", "contactedRepeatBuyers")
        SELECT ${shopId}::uuid, bm.month, count(*),
          count(*) FILTER (WHERE life.n >= 2),
          count(*) FILTER (WHERE contacted.cid IS NOT NULL),
          count(*) FILTER (WHERE contacted.cid IS NOT NULL AND life.n >= 2)
        FROM bm JOIN life ON life.cid = bm.cid
        LEFT JOIN contacted ON contacted.cid = bm.cid AND contacted.month = bm.month
        GROUP BY bm.month`;
    },
    { timeout: 600_000, maxWait: 10_000 },
  );
}

/** The shop's zone when the runtime knows it, else UTC (as the dirty-day triggers do). */
export function validZone(timezone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return timezone;
  } catch {
    return "UTC";
  }
}
