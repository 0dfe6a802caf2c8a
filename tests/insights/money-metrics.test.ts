import { beforeAll, describe, expect, it } from "vitest";
import { formatCount, formatRate } from "../../app/components/insights/format";
import db from "../../app/db.server";
import { reportCsv } from "../../app/insights/csv";
import { rebuildShopInsights } from "../../app/insights/rollup/run.server";
import { getPaymentsReport, npsScore } from "../../app/insights/payments-metrics.server";
import type { InsightsQuery, InsightsReport } from "../../app/insights/report-types";
import { createTestCase, createTestOrder } from "../helpers/builders";
import Insights, { loader as insightsLoader } from "../../app/routes/app.insights._index";
import { loader as retentionLoader } from "../../app/routes/app.insights.retention";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { insightsReportFixture } from "../fixtures/insights-report";

// Issue 10's metrics on a hand-computed fixture. The shop is in Europe/Berlin (UTC+1 in November; summer time
// ended 2026-10-25), so the period 2026-11-01 … 11-07 is [2026-10-31T23:00Z, 2026-11-07T23:00Z) and the previous
// one (10-25 … 10-31) is [2026-10-24T22:00Z, 2026-10-31T23:00Z).

const at = (iso: string) => new Date(iso);
const query: InsightsQuery = {
  period: { from: "2026-11-01", to: "2026-11-07" },
  previous: { from: "2026-10-25", to: "2026-10-31" },
  filters: {},
};
const LATER = at("2027-03-01T12:00:00Z"); // every 90-day window of November is over
const ctx = (orders = { value: 200, previous: 0 }, now = LATER) => ({ timezone: "Europe/Berlin", currencyCode: "EUR", orders, now });

let shop: TestShop;
let other: TestShop;
let bare: TestShop;
let seq = 0;
const next = () => BigInt(Date.now()) * 1000n + BigInt(++seq);

async function customer(shopId: string) {
  return db.customer.create({ data: { shopId, shopifyId: next(), email: `c${seq}@example.com` } });
}

async function dispute(shopId: string, initiatedAt: string, reason: string, amount: string, currencyCode = "EUR") {
  await db.dispute.create({
    data: { shopId, shopifyId: next(), kind: "CHARGEBACK", status: "NEEDS_RESPONSE", reason, amount, currencyCode, initiatedAt: at(initiatedAt) },
  });
}

async function contract(shopId: string, createdAt: string, cancelledAt: string | null) {
  return db.subscriptionContract.create({
    data: {
      shopId,
      shopifyId: next(),
      status: cancelledAt ? "CANCELLED" : "ACTIVE",
      shopifyCreatedAt: at(createdAt),
      shopifyUpdatedAt: at(createdAt),
      cancelledAt: cancelledAt ? at(cancelledAt) : null,
    },
  });
}

async function attempt(shopId: string, contractShopifyId: bigint, attemptedAt: string, status: "SUCCESS" | "FAILURE", recoveredAt: string | null = null) {
  await db.subscriptionBillingAttempt.create({
    data: { shopId, shopifyId: next(), contractShopifyId, status, attemptedAt: at(attemptedAt), recoveredAt: recoveredAt ? at(recoveredAt) : null },
  });
}

async function nps(shopId: string, score: number | null, requestedAt: string, respondedAt: string | null, comment: string | null = null) {
  const c = await customer(shopId);
  await db.npsResponse.create({
    data: { shopId, customerId: c.id, period: "2026-11", score, comment, requestedAt: at(requestedAt), respondedAt: respondedAt ? at(respondedAt) : null },
  });
}

async function order(shopId: string, customerId: string, processedAt: string, cancelled = false) {
  await createTestOrder(shopId, { customerId, processedAt: at(processedAt), shopifyCreatedAt: at(processedAt), cancelledAt: cancelled ? at(processedAt) : null });
}

async function contact(shopId: string, customerId: string | null, createdAt: string, overrides: Parameters<typeof createTestCase>[1] = {}) {
  return createTestCase(shopId, { customerId, createdAt: at(createdAt), ...overrides });
}

beforeAll(async () => {
  shop = await createInstalledShop();
  other = await createInstalledShop();
  bare = await createInstalledShop();
  const s = shop.shopId;
  await db.shop.update({ where: { id: s }, data: { ianaTimezone: "Europe/Berlin", currencyCode: "EUR" } });

  // Disputes: 4 in the period (one 30 minutes after it began in Berlin, one 30 minutes before it ended, one in US
  // dollars), one just after it, one in the previous period; another shop's dispute never counts.
  await dispute(s, "2026-10-31T23:30:00Z", "fraudulent", "50.00");
  await dispute(s, "2026-11-04T12:00:00Z", "fraudulent", "40.00", "USD");
  await dispute(s, "2026-11-03T12:00:00Z", "fraudulent", "30.00");
  await dispute(s, "2026-11-07T22:30:00Z", "product_not_received", "20.00");
  await dispute(s, "2026-11-07T23:30:00Z", "fraudulent", "999.00");
  await dispute(s, "2026-10-28T12:00:00Z", "unrecognized", "15.00");
  await dispute(other.shopId, "2026-11-03T12:00:00Z", "fraudulent", "70.00");

  // Billing contacts: topic BILLING, the payment_failed signal, both (counted once) → 3. Not counted: the app's own
  // SYSTEM message, a case merged into another, another topic.
  await contact(s, null, "2026-11-02T10:00:00Z", { topic: "BILLING" });
  await contact(s, null, "2026-11-03T10:00:00Z", { topic: "OTHER", signals: ["payment_failed"] });
  const kept = await contact(s, null, "2026-11-04T10:00:00Z", { topic: "BILLING", signals: ["payment_failed"] });
  await contact(s, null, "2026-11-04T11:00:00Z", { topic: "BILLING", channel: "SYSTEM" });
  await contact(s, null, "2026-11-04T12:00:00Z", { topic: "BILLING", mergedIntoId: kept.id });
  await contact(s, null, "2026-11-05T10:00:00Z", { topic: "REFUND" });
  await contact(s, null, "2026-10-27T10:00:00Z", { topic: "BILLING" }); // previous period

  // Subscriptions (period start 2026-10-31T23:00Z; previous start 2026-10-24T22:00Z).
  const a = await contract(s, "2026-09-01T12:00:00Z", null); // active at both starts
  await contract(s, "2026-09-01T12:00:00Z", "2026-11-03T12:00:00Z"); // B: active at start, cancelled in the period
  const c = await contract(s, "2026-09-01T12:00:00Z", "2026-10-27T12:00:00Z"); // C: cancelled in the previous period
  await contract(s, "2026-11-02T12:00:00Z", "2026-11-05T12:00:00Z"); // D: started and cancelled inside the period
  const e = await contract(s, "2026-11-02T12:00:00Z", null); // E: started inside the period
  await contract(s, "2026-10-31T22:30:00Z", null); // F: 30 minutes before the period began (Berlin): previous period's
  // Billing cycles (a failed charge with its retries until a success counts once), 5 failed attempts in the period:
  // A fails twice, then is paid inside the period (one cycle, recovered); A fails again, paid after the period ended
  // (one cycle, recovered); E fails and is retried, never paid (one cycle). Previous period: C fails, never paid.
  await attempt(s, a.shopifyId, "2026-11-02T12:00:00Z", "FAILURE", "2026-11-04T12:00:00Z");
  await attempt(s, a.shopifyId, "2026-11-03T12:00:00Z", "FAILURE", "2026-11-04T12:00:00Z");
  await attempt(s, a.shopifyId, "2026-11-04T12:00:00Z", "SUCCESS");
  await attempt(s, a.shopifyId, "2026-11-06T12:00:00Z", "FAILURE", "2026-12-01T12:00:00Z");
  await attempt(s, a.shopifyId, "2026-12-01T12:00:00Z", "SUCCESS");
  await attempt(s, e.shopifyId, "2026-11-06T08:00:00Z", "FAILURE");
  await attempt(s, e.shopifyId, "2026-11-07T08:00:00Z", "FAILURE");
  await attempt(s, c.shopifyId, "2026-10-26T12:00:00Z", "FAILURE");

  // NPS: answers in the period 10, 10, 9, 8, 6, 3 (asked in the period) and 9 (asked in the previous period);
  // one asked in the period and not answered. Promoters 4, detractors 2 of 7 → (4 − 2) / 7 × 100.
  for (const score of [10, 10, 9, 8, 6, 3]) await nps(s, score, "2026-11-01T09:00:00Z", "2026-11-02T09:00:00Z");
  await nps(s, 9, "2026-10-28T09:00:00Z", "2026-11-02T09:00:00Z");
  await nps(s, null, "2026-11-03T09:00:00Z", null);
  await nps(other.shopId, 0, "2026-11-01T09:00:00Z", "2026-11-02T09:00:00Z");

  // Retention after contact.
  const c1 = await customer(s); // contacted Nov 2, ordered 43 days later → retained
  await contact(s, c1.id, "2026-11-02T12:00:00Z", { topic: "RETURN" });
  await order(s, c1.id, "2026-12-15T12:00:00Z");
  const c2 = await customer(s); // contacted Nov 3, next order after 109 days → not retained
  await contact(s, c2.id, "2026-11-03T12:00:00Z");
  await order(s, c2.id, "2027-02-20T12:00:00Z");
  const c3 = await customer(s); // only an app message (SYSTEM): not a contact; ordered Nov 4 and again Nov 20 → retained
  await contact(s, c3.id, "2026-11-04T12:00:00Z", { channel: "SYSTEM" });
  await order(s, c3.id, "2026-11-04T10:00:00Z");
  await order(s, c3.id, "2026-11-20T10:00:00Z");
  const c4 = await customer(s); // ordered Nov 5, no contact, never again → not retained
  await order(s, c4.id, "2026-11-05T10:00:00Z");
  const c5 = await customer(s); // ordered Nov 6 10:00 then contacted 12:00: contacted, the earlier order does not count
  await order(s, c5.id, "2026-11-06T10:00:00Z");
  await contact(s, c5.id, "2026-11-06T12:00:00Z");
  const c6 = await customer(s); // only a cancelled order: in neither group
  await order(s, c6.id, "2026-11-02T10:00:00Z", true);

  // Billing contacts are read from the case rollup, as every other case figure of the dashboard.
  await rebuildShopInsights(s, LATER);
});

describe("payments & subscriptions metrics", () => {
  it("dispute rate: disputes initiated in the period (shop's days) per 100 orders, by reason, amounts per currency", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx());
    expect(payments.disputes).toEqual({ value: 4, previous: 1 });
    // The USD dispute is counted, but its amount is never added to euros: it is listed apart.
    expect(payments.disputeAmount).toEqual({ value: "100.00", previous: "15.00", currencyCode: "EUR" });
    expect(payments.disputeAmountOtherCurrencies).toEqual([{ currencyCode: "USD", count: 1, amount: "40.00" }]);
    expect(payments.disputesPer100Orders.value).toBeCloseTo(2, 10); // 4 / 200 × 100
    expect(payments.disputesPer100Orders.previous).toBeNull(); // no orders in the previous period: "—", not NaN
    expect(payments.disputeReasons).toEqual([
      { reason: "fraudulent", count: 3, per100Orders: 1.5, amount: "80.00", share: 3 / 4 },
      { reason: "product_not_received", count: 1, per100Orders: 0.5, amount: "20.00", share: 1 / 4 },
    ]);
    const none = await getPaymentsReport(shop.shopId, query, ctx({ value: 0, previous: 0 }));
    expect(none.payments.disputeReasons.map((r) => r.per100Orders)).toEqual([null, null]);
  });

  it("billing contacts per 100 orders: BILLING topic or payment_failed, each case once, no SYSTEM or merged cases", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx());
    expect(payments.billingContacts).toEqual({ value: 3, previous: 1 });
    expect(payments.billingContactsPer100Orders.value).toBeCloseTo(1.5, 10);
  });

  it("zero orders: every per-100 figure is null, shown as a dash", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx({ value: 0, previous: 0 }));
    expect(payments.disputesPer100Orders).toEqual({ value: null, previous: null });
    expect(payments.billingContactsPer100Orders).toEqual({ value: null, previous: null });
    expect(formatCount(payments.disputesPer100Orders.value, 2)).toBe("—");
    expect(formatRate(null)).toBe("—");
  });

  it("payment recovery: failed billing cycles of the period (retries count once) later paid, also after the period ended", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx());
    // 5 failed attempts in the period, 3 cycles: A until Nov 4 (paid), A until Dec 1 (paid), E (never paid).
    expect(payments.paymentRecovery.failed).toEqual({ value: 3, previous: 1 });
    expect(payments.paymentRecovery.recovered).toEqual({ value: 2, previous: 0 });
    expect(payments.paymentRecovery.rate).toEqual({ value: 2 / 3, previous: 0 });
  });

  it("subscription cancellation: cancelled in the period / (active at its start + started in it), never over 100%", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx());
    expect(payments.hasSubscriptions).toBe(true);
    // Active at 2026-10-31T23:00Z: A, B, F (C was cancelled before); started in the period: D, E. Cancelled: B and D.
    // Previous period (from 2026-10-24T22:00Z): active A, B, C; started F; cancelled C.
    expect(payments.subscriptionCancellation.activeAtStart).toEqual({ value: 3, previous: 3 });
    expect(payments.subscriptionCancellation.started).toEqual({ value: 2, previous: 1 });
    expect(payments.subscriptionCancellation.cancelled).toEqual({ value: 2, previous: 1 });
    expect(payments.subscriptionCancellation.rate).toEqual({ value: 2 / 5, previous: 1 / 4 });
  });

  it("a period where every contract starts and is cancelled rates 100%, not more", async () => {
    const fresh = await createInstalledShop();
    await db.shop.update({ where: { id: fresh.shopId }, data: { ianaTimezone: "Europe/Berlin", currencyCode: "EUR" } });
    await contract(fresh.shopId, "2026-09-01T12:00:00Z", "2026-11-03T12:00:00Z");
    await contract(fresh.shopId, "2026-11-02T12:00:00Z", "2026-11-04T12:00:00Z");
    await contract(fresh.shopId, "2026-11-03T12:00:00Z", "2026-11-05T12:00:00Z");
    const { payments } = await getPaymentsReport(fresh.shopId, query, ctx());
    expect(payments.subscriptionCancellation.rate.value).toBe(1);
  });

  it("a shop without subscription contracts says so and divides by nothing", async () => {
    const { payments, nps: score } = await getPaymentsReport(bare.shopId, query, ctx());
    expect(payments.hasSubscriptions).toBe(false);
    expect(payments.paymentRecovery.rate).toEqual({ value: null, previous: null });
    expect(payments.subscriptionCancellation.rate).toEqual({ value: null, previous: null });
    expect(payments.retentionAfterContact?.contacted).toEqual({ customers: 0, retained: 0, rate: null, pending: 0 });
    expect(score.score).toEqual({ value: null, previous: null });
  });

  it("retention after contact: contacted vs ordered-without-contact, another order within 90 days", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx());
    expect(payments.retentionAfterContact).toEqual({
      windowDays: 90,
      contacted: { customers: 3, retained: 1, rate: 1 / 3, pending: 0 }, // c1 yes; c2, c5 no
      notContacted: { customers: 2, retained: 1, rate: 1 / 2, pending: 0 }, // c3 yes; c4 no
    });
  });

  it("retention counts only customers whose 90 days are over; the others are pending", async () => {
    const { payments } = await getPaymentsReport(shop.shopId, query, ctx(undefined, at("2027-02-01T00:00:00Z")));
    // On Feb 1 00:00 only c1's 90 days (to Jan 31 12:00) are over; c2's end Feb 1 12:00, c3's Feb 2, c4's, c5's later.
    expect(payments.retentionAfterContact?.contacted).toEqual({ customers: 1, retained: 1, rate: 1, pending: 2 });
    expect(payments.retentionAfterContact?.notContacted).toEqual({ customers: 0, retained: 0, rate: null, pending: 2 });
  });
});

describe("NPS", () => {
  it("is % promoters (9–10) − % detractors (0–6) of the period's answers, with response count and rate", async () => {
    const { nps: report } = await getPaymentsReport(shop.shopId, query, ctx());
    expect(report.responses).toEqual({ value: 7, previous: 0 });
    expect(report.score.value).toBeCloseTo(((4 - 2) / 7) * 100, 10);
    expect(report.score.previous).toBeNull();
    expect([report.promoters, report.passives, report.detractors]).toEqual([4, 1, 2]);
    expect(report.distribution).toEqual([0, 0, 0, 1, 0, 0, 1, 0, 1, 2, 2]);
    // Sent in the period: 7, of which 6 answered. Previous period: 1 sent, answered (in November).
    expect(report.requested).toEqual({ value: 7, previous: 1 });
    expect(report.responseRate).toEqual({ value: 6 / 7, previous: 1 });
  });

  it("npsScore handles the edges", () => {
    expect(npsScore(0, 0, 0)).toBeNull();
    expect(npsScore(4, 4, 0)).toBe(100);
    expect(npsScore(4, 0, 4)).toBe(-100);
    expect(npsScore(3, 1, 1)).toBe(0);
  });
});

describe("CSV of the new reports", () => {
  async function report(): Promise<InsightsReport> {
    const { payments, nps: score } = await getPaymentsReport(shop.shopId, query, ctx());
    return { ...insightsReportFixture(), query, currencyCode: "EUR", payments, nps: score };
  }
  const rows = (csv: string) => csv.trimEnd().split("\r\n").map((line) => line.split(","));

  it("payments: one row per figure with the previous value and the period", async () => {
    const csv = rows(reportCsv(await report(), "payments"));
    expect(csv[0]).toEqual(["metric", "unit", "value", "previous", "period_from", "period_to", "previous_from", "previous_to"]);
    const get = (metric: string) => csv.find((r) => r[0] === metric);
    expect(get("disputes")).toEqual(["disputes", "count", "4", "1", "2026-11-01", "2026-11-07", "2026-10-25", "2026-10-31"]);
    expect(get("dispute_amount")?.slice(0, 4)).toEqual(["dispute_amount", "EUR", "100.00", "15.00"]);
    expect(get("dispute_amount_usd")?.slice(0, 4)).toEqual(["dispute_amount_usd", "USD", "40.00", ""]);
    expect(get("disputes_per_100_orders")?.slice(2, 4)).toEqual(["2", ""]);
    expect(get("failed_billing_cycles")?.slice(2, 4)).toEqual(["3", "1"]);
    expect(get("payment_recovery_rate")?.slice(2, 4)).toEqual(["0.666667", "0"]);
    expect(get("subscriptions_started")?.slice(2, 4)).toEqual(["2", "1"]);
    expect(get("subscription_cancellation_rate")?.slice(2, 4)).toEqual(["0.4", "0.25"]);
    expect(get("contacted_retention_rate_90d")?.slice(2, 4)).toEqual(["0.333333", ""]);
    expect(get("not_contacted_retention_rate_90d")?.slice(2, 4)).toEqual(["0.5", ""]);
  });

  it("dispute-reasons and nps: the tables behind the cards", async () => {
    const r = await report();
    expect(rows(reportCsv(r, "dispute-reasons"))).toEqual([
      ["reason", "disputes", "per_100_orders", "amount_eur", "share"],
      ["fraudulent", "3", "1.5", "80.00", "0.75"],
      ["product_not_received", "1", "0.5", "20.00", "0.25"],
    ]);
    const npsCsv = rows(reportCsv(r, "nps"));
    expect(npsCsv[0]).toEqual(["score", "group", "answers", "share"]);
    expect(npsCsv).toHaveLength(12);
    expect(npsCsv[11]).toEqual(["10", "promoter", "2", "0.285714"]);
    expect(npsCsv[7]).toEqual(["6", "detractor", "1", "0.142857"]);
    expect(npsCsv[9]).toEqual(["8", "passive", "1", "0.142857"]);
    const summary = rows(reportCsv(r, "summary"));
    expect(summary.find((row) => row[0] === "nps_score")?.slice(1, 4)).toEqual(["score_-100_to_100", "28.571429", ""]);
  });
});

describe("the dashboard's Payments & subscriptions section", () => {
  const page = async (test: TestShop) => {
    const url = "/app/insights?from=2026-11-01&to=2026-11-07";
    const response = await insightsLoader({ request: await embeddedRequest(url, test), params: {}, context: {} });
    expect(response.status).toBe(200);
    return renderRoute(url, Insights, response);
  };

  it("shows the figures, with the subscription cards when the shop has contracts", async () => {
    const html = await page(shop);
    expect(html).toContain("Payments &amp; subscriptions");
    expect(html).toContain("Payment recovery rate");
    expect(html).toContain("66.7%"); // recovery 2 / 3
    expect(html).toContain(">40%<"); // cancellation 2 / (3 + 2)
    // Reasons in the dispute wording of the case view, with disputes per 100 orders; the USD amount apart.
    expect(html).toContain("Payment not authorised by the cardholder");
    expect(html).toContain("Per 100 orders");
    expect(html).toContain("Not added:");
    expect(html).toContain("Net Promoter Score");
    expect(html).toContain("Retention after a support contact");
    expect(html).not.toContain("No subscription contracts have been received");
  });

  it("loads retention after the page, from its own route, for the period on screen", async () => {
    // The dashboard leaves it out (a skeleton in its card) and the card asks /app/insights/retention.
    const html = await page(shop);
    expect(html).toContain("Loading retention after a support contact");
    const get = async (test: TestShop, search: string) =>
      retentionLoader({ request: await embeddedRequest(`/app/insights/retention?${search}`, test), params: {}, context: {} });
    const response = await get(shop, "from=2026-11-01&to=2026-11-07");
    expect(response.status).toBe(200);
    // Today is inside every November window: all pending. Contacted c1, c2, c5; ordered without contact c3, c4.
    expect((await response.json()).retention).toEqual({
      windowDays: 90,
      contacted: { customers: 0, retained: 0, rate: null, pending: 3 },
      notContacted: { customers: 0, retained: 0, rate: null, pending: 2 },
    });
    // Another shop's request sees only its own (none); bad dates are a 400 with what to change.
    expect((await (await get(other, "from=2026-11-01&to=2026-11-07")).json()).retention.contacted.pending).toBe(0);
    const bad = await get(shop, "from=2026-11-31&to=2026-11-07");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/date|day|from/i);
  });

  it("hides the subscription figures with an explanation when the shop has no contracts", async () => {
    const html = await page(bare);
    expect(html).toContain("No subscription contracts have been received");
    expect(html).not.toContain("Payment recovery rate");
  });
});
