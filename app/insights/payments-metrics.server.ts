/**
 * The payments, subscriptions and NPS side of the insights report (PaymentsReport, NpsReport), issue 10. These
 * tables are small next to cases and orders (a shop has few disputes, billing attempts and survey answers), so the
 * figures are read live with indexed range queries on (shopId, <time>) — no rollup table. Periods are the report's
 * local days in the shop's time zone: [first day 00:00, day after the last day 00:00).
 *
 * Definitions (also in the dashboard's help texts):
 * - disputesPer100Orders = disputes (chargebacks and inquiries) initiated in the period / orders placed in the
 *   period × 100 (orders from InsightOrderDaily, the same count as the Orders figure); null when no orders. The
 *   by-reason table counts the period's disputes per Shopify reason, each also per 100 orders.
 * - Amounts are never added across currencies: disputeAmount (and each reason's amount) sums the disputes in the
 *   shop's currency only; disputes in other currencies are counted in `disputes` and listed per currency in
 *   disputeAmountOtherCurrencies (current period).
 * - billingContactsPer100Orders = support contacts opened in the period about billing / orders × 100. A contact is a
 *   case a customer opened (channel SYSTEM, the app's own messages, left out; merged-away duplicates left out);
 *   about billing = topic BILLING or the classifier's payment_failed signal, each case counted once.
 * - paymentRecovery counts failed billing cycles, not attempts: a contract's consecutive failed attempts up to the
 *   success that ends them (Shopify's retries of one charge) are one failure. A failure's cycle is (contract, the
 *   success that recovered it — recoveredAt, or none yet); the cycle counts in the period of its first failed
 *   attempt. failed = cycles that began in the period; recovered = those later paid (at any time, also after the
 *   period ended); rate = recovered / failed. Recent failures may still be recovered, so a period's rate can rise.
 * - subscriptionCancellation: activeAtStart = contracts created before the period began and not cancelled before it;
 *   started = contracts created in the period; cancelled = contracts cancelled in the period (cancelledAt in it);
 *   rate = cancelled / (activeAtStart + started) — every contract that could be cancelled in the period, so the
 *   rate never exceeds 100%. cancelledAt is the
 *   cancellation that stands (app/subscriptions/mirror.server.ts): a contract reactivated later counts as never
 *   cancelled (also in past periods), one cancelled again counts at its latest cancellation.
 * - retentionAfterContact (window 90 days): contacted = customers with a contact opened in the period, from their
 *   first such contact; notContacted = customers who placed an order in the period and opened no contact in it, from
 *   their first order in the period. Retained = placed an order (not cancelled) in the 90 days after that moment.
 *   Only customers whose 90 days are over count (customers / retained / rate); the others are `pending`.
 * - NPS: of the answers given in the period (respondedAt, score 0–10), score = %promoters (9–10) − %detractors
 *   (0–6), from −100 to 100; null with no answers. responseRate = surveys sent in the period that were answered /
 *   surveys sent in the period.
 * The channel / topic / assignee filters apply to cases in the support figures; these figures ignore them.
 */
import db from "../db.server";
import { RETENTION_WINDOW_DAYS } from "./retention-window";
import { dayStart, addDays } from "./rollup/days";
import type { Figure, InsightsPeriod, InsightsQuery, MoneyFigure, NpsReport, PaymentsReport, RetentionGroup, RetentionReport } from "./report-types";

export { RETENTION_WINDOW_DAYS };

export interface PaymentsContext {
  timezone: string;
  currencyCode: string;
  /** Orders placed in the period and the previous one (the commerce side's figure; may be a promise, as caseVolume is). */
  orders: Figure | Promise<Figure>;
  now?: Date;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const per100 = (n: number, orders: number | null): number | null => (orders ? (n / orders) * 100 : null);

function range(period: InsightsPeriod, timezone: string): { start: Date; end: Date } {
  return { start: dayStart(period.from, timezone), end: dayStart(addDays(period.to, 1), timezone) };
}

interface PeriodFigures {
  disputes: number;
  /** Disputes in the shop's currency only. */
  disputeAmount: string;
  billingContacts: number;
  failed: number;
  recovered: number;
  activeAtStart: number;
  started: number;
  cancelled: number;
  nps: { responses: number; promoters: number; detractors: number; requested: number; answeredOfRequested: number };
}

async function periodFigures(shopId: string, days: InsightsPeriod, { start, end }: { start: Date; end: Date }, currencyCode: string): Promise<PeriodFigures> {
  const [disputes, contacts, attempts, active, started, cancelled, npsAnswers, npsRequests] = await Promise.all([
    db.$queryRaw<{ n: number; amount: string }[]>`
      SELECT count(*)::int AS n, round(coalesce(sum(amount) FILTER (WHERE "currencyCode" = ${currencyCode}), 0), 2)::text AS amount
      FROM "Dispute"
      WHERE "shopId" = ${shopId}::uuid AND "initiatedAt" >= ${start} AND "initiatedAt" < ${end}`,
    // From the case rollup's day totals (InsightCaseDayTotal: merged-away and outreach cases already left out, one
    // row per day × channel × topic): a BILLING row's created cases, plus the payment_failed cases of other topics —
    // each case once, as the dashboard's other case figures (the Case table itself is a scan of the period).
    db.$queryRaw<{ n: number }[]>`
      SELECT (coalesce(sum(created) FILTER (WHERE topic = 'BILLING'), 0)
        + coalesce(sum("paymentFailureContacts") FILTER (WHERE topic <> 'BILLING'), 0))::int AS n
      FROM "InsightCaseDayTotal"
      WHERE "shopId" = ${shopId}::uuid AND day >= ${days.from}::date AND day <= ${days.to}::date AND channel <> 'SYSTEM'`,
    // The first failed attempt of each cycle (no earlier failure of the same contract recovered by the same success).
    db.$queryRaw<{ failed: number; recovered: number }[]>`
      SELECT count(*)::int AS failed, count(*) FILTER (WHERE a."recoveredAt" IS NOT NULL)::int AS recovered
      FROM "SubscriptionBillingAttempt" a
      WHERE a."shopId" = ${shopId}::uuid AND a."attemptedAt" >= ${start} AND a."attemptedAt" < ${end} AND a.status = 'FAILURE'
        AND NOT EXISTS (
          SELECT 1 FROM "SubscriptionBillingAttempt" e
          WHERE e."shopId" = a."shopId" AND e."contractShopifyId" = a."contractShopifyId" AND e.status = 'FAILURE'
            AND e."recoveredAt" IS NOT DISTINCT FROM a."recoveredAt"
            AND (e."attemptedAt", e.id) < (a."attemptedAt", a.id))`,
    db.subscriptionContract.count({
      where: { shopId, shopifyCreatedAt: { lt: start }, OR: [{ cancelledAt: null }, { cancelledAt: { gte: start } }] },
    }),
    db.subscriptionContract.count({ where: { shopId, shopifyCreatedAt: { gte: start, lt: end } } }),
    db.subscriptionContract.count({ where: { shopId, cancelledAt: { gte: start, lt: end } } }),
    db.$queryRaw<{ responses: number; promoters: number; detractors: number }[]>`
      SELECT count(*)::int AS responses, count(*) FILTER (WHERE score >= 9)::int AS promoters,
        count(*) FILTER (WHERE score <= 6)::int AS detractors
      FROM "NpsResponse"
      WHERE "shopId" = ${shopId}::uuid AND "respondedAt" >= ${start} AND "respondedAt" < ${end} AND score IS NOT NULL`,
    db.$queryRaw<{ requested: number; answered: number }[]>`
      SELECT count(*)::int AS requested, count(*) FILTER (WHERE "respondedAt" IS NOT NULL AND score IS NOT NULL)::int AS answered
      FROM "NpsResponse"
      WHERE "shopId" = ${shopId}::uuid AND "requestedAt" >= ${start} AND "requestedAt" < ${end}`,
  ]);
  return {
    disputes: disputes[0].n,
    disputeAmount: disputes[0].amount,
    billingContacts: contacts[0].n,
    failed: attempts[0].failed,
    recovered: attempts[0].recovered,
    activeAtStart: active,
    started,
    cancelled,
    nps: { ...npsAnswers[0], requested: npsRequests[0].requested, answeredOfRequested: npsRequests[0].answered },
  };
}

/** NPS from counts: %promoters − %detractors (−100…100), null with no answers. */
export function npsScore(responses: number, promoters: number, detractors: number): number | null {
  return responses > 0 ? ((promoters - detractors) / responses) * 100 : null;
}

/**
 * Retention after a support contact over one period (see the definitions above). Customers are matched by
 * customerId (cases and orders without a customer record cannot be followed and are left out).
 */
export async function retentionAfterContact(
  shopId: string,
  { start, end }: { start: Date; end: Date },
  now: Date,
): Promise<{ contacted: RetentionGroup; notContacted: RetentionGroup }> {
  // Counted in the database (one row per group, not one per customer), and a customer's later orders are looked up
  // only once their window has closed (the others are pending whatever they bought).
  const rows = await db.$queryRaw<{ contacted: boolean; anchors: number; closed: number; retained: number }[]>`
    WITH contacts AS (
      SELECT "customerId", min("createdAt") AS at FROM "Case"
      WHERE "shopId" = ${shopId}::uuid AND "createdAt" >= ${start} AND "createdAt" < ${end}
        AND channel <> 'SYSTEM' AND "mergedIntoId" IS NULL AND NOT outreach AND "customerId" IS NOT NULL
      GROUP BY "customerId"
    ), buyers AS (
      SELECT o."customerId", min(o."processedAt") AS at FROM "Order" o
      WHERE o."shopId" = ${shopId}::uuid AND o."processedAt" >= ${start} AND o."processedAt" < ${end}
        AND o."customerId" IS NOT NULL AND o."cancelledAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c."customerId" = o."customerId")
      GROUP BY o."customerId"
    ), anchors AS (
      SELECT "customerId", at, true AS contacted, (at + ${RETENTION_WINDOW_DAYS}::int * interval '1 day') <= ${now} AS closed FROM contacts
      UNION ALL
      SELECT "customerId", at, false AS contacted, (at + ${RETENTION_WINDOW_DAYS}::int * interval '1 day') <= ${now} AS closed FROM buyers
    )
    SELECT a.contacted, count(*)::int AS anchors, count(*) FILTER (WHERE a.closed)::int AS closed,
      count(*) FILTER (WHERE a.closed AND EXISTS (
        SELECT 1 FROM "Order" o
        WHERE o."customerId" = a."customerId" AND o."shopId" = ${shopId}::uuid AND o."cancelledAt" IS NULL
          AND o."processedAt" > a.at AND o."processedAt" <= a.at + ${RETENTION_WINDOW_DAYS}::int * interval '1 day'
      ))::int AS retained
    FROM anchors a
    GROUP BY a.contacted`;
  const group = (contacted: boolean): RetentionGroup => {
    const row = rows.find((r) => r.contacted === contacted) ?? { anchors: 0, closed: 0, retained: 0 };
    return { customers: row.closed, retained: row.retained, rate: ratio(row.retained, row.closed), pending: row.anchors - row.closed };
  };
  return { contacted: group(true), notContacted: group(false) };
}

/** Retention after a support contact over `period` (the shop's days), as the dashboard's card and the CSV show it. */
export async function retentionReport(shopId: string, period: InsightsPeriod, timezone: string, now: Date = new Date()): Promise<RetentionReport> {
  return { windowDays: RETENTION_WINDOW_DAYS, ...(await retentionAfterContact(shopId, range(period, timezone), now)) };
}

export async function getPaymentsReport(
  shopId: string,
  query: InsightsQuery,
  ctx: PaymentsContext,
  { retention: withRetention = true }: { retention?: boolean } = {},
): Promise<{ payments: PaymentsReport; nps: NpsReport }> {
  const now = ctx.now ?? new Date();
  const cur = range(query.period, ctx.timezone);
  const prev = range(query.previous, ctx.timezone);
  const [c, p, reasons, otherCurrencies, distribution, anyContract, retention] = await Promise.all([
    periodFigures(shopId, query.period, cur, ctx.currencyCode),
    periodFigures(shopId, query.previous, prev, ctx.currencyCode),
    db.$queryRaw<{ reason: string; count: number; amount: string }[]>`
      SELECT reason, count(*)::int AS count,
        round(coalesce(sum(amount) FILTER (WHERE "currencyCode" = ${ctx.currencyCode}), 0), 2)::text AS amount
      FROM "Dispute"
      WHERE "shopId" = ${shopId}::uuid AND "initiatedAt" >= ${cur.start} AND "initiatedAt" < ${cur.end}
      GROUP BY reason ORDER BY 2 DESC, reason`,
    db.$queryRaw<{ currencyCode: string; count: number; amount: string }[]>`
      SELECT "currencyCode", count(*)::int AS count, round(sum(amount), 2)::text AS amount FROM "Dispute"
      WHERE "shopId" = ${shopId}::uuid AND "initiatedAt" >= ${cur.start} AND "initiatedAt" < ${cur.end}
        AND "currencyCode" <> ${ctx.currencyCode}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ score: number; n: number }[]>`
      SELECT score, count(*)::int AS n FROM "NpsResponse"
      WHERE "shopId" = ${shopId}::uuid AND "respondedAt" >= ${cur.start} AND "respondedAt" < ${cur.end} AND score IS NOT NULL
      GROUP BY score`,
    db.subscriptionContract.findFirst({ where: { shopId }, select: { id: true } }),
    withRetention ? retentionReport(shopId, query.period, ctx.timezone, now) : null,
  ]);
  const fig = (pick: (f: PeriodFigures) => number): Figure => ({ value: pick(c), previous: pick(p) });
  const money = (pick: (f: PeriodFigures) => string): MoneyFigure => ({ value: pick(c), previous: pick(p), currencyCode: ctx.currencyCode });
  const orders = await ctx.orders;
  const scores = Array.from({ length: 11 }, (_, score) => distribution.find((r) => r.score === score)?.n ?? 0);

  const payments: PaymentsReport = {
    hasSubscriptions: anyContract !== null,
    disputes: fig((f) => f.disputes),
    disputeAmount: money((f) => f.disputeAmount),
    disputesPer100Orders: { value: per100(c.disputes, orders.value), previous: per100(p.disputes, orders.previous) },
    disputeAmountOtherCurrencies: otherCurrencies,
    disputeReasons: reasons.map((r) => ({
      reason: r.reason,
      count: r.count,
      per100Orders: per100(r.count, orders.value),
      amount: r.amount,
      share: ratio(r.count, c.disputes),
    })),
    billingContacts: fig((f) => f.billingContacts),
    billingContactsPer100Orders: { value: per100(c.billingContacts, orders.value), previous: per100(p.billingContacts, orders.previous) },
    paymentRecovery: {
      failed: fig((f) => f.failed),
      recovered: fig((f) => f.recovered),
      rate: { value: ratio(c.recovered, c.failed), previous: ratio(p.recovered, p.failed) },
    },
    subscriptionCancellation: {
      activeAtStart: fig((f) => f.activeAtStart),
      started: fig((f) => f.started),
      cancelled: fig((f) => f.cancelled),
      rate: { value: ratio(c.cancelled, c.activeAtStart + c.started), previous: ratio(p.cancelled, p.activeAtStart + p.started) },
    },
    retentionAfterContact: retention,
  };
  const nps: NpsReport = {
    score: { value: npsScore(c.nps.responses, c.nps.promoters, c.nps.detractors), previous: npsScore(p.nps.responses, p.nps.promoters, p.nps.detractors) },
    responses: fig((f) => f.nps.responses),
    requested: fig((f) => f.nps.requested),
    responseRate: { value: ratio(c.nps.answeredOfRequested, c.nps.requested), previous: ratio(p.nps.answeredOfRequested, p.nps.requested) },
    promoters: c.nps.promoters,
    passives: c.nps.responses - c.nps.promoters - c.nps.detractors,
    detractors: c.nps.detractors,
    distribution: scores,
  };
  return { payments, nps };
}
