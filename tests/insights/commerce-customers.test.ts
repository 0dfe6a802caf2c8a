import { beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { redactCustomer } from "../../app/compliance/redact-customer.server";
import { getCommerceReport } from "../../app/insights/commerce-metrics.server";
import { rebuildCustomerRollups } from "../../app/insights/rollup/orders.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { uniqueShopDomain } from "../helpers/shopify";

// Customer rollups (revenue after support, cohorts by first-contact month, buyers per month) and the
// CustomerReport, on a hand-computed fixture (a UTC shop; the rebuild runs "now" = 2026-11-25 12:00 UTC).

const NOW = new Date("2026-11-25T12:00:00Z");
const t = (iso: string) => new Date(iso);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

describe("customer rollups", () => {
  let shopId: string;
  let domain: string;
  const ids: Record<string, string> = {};

  async function snapshot() {
    const revenue = await db.insightRevenueDaily.findMany({ where: { shopId }, orderBy: { day: "asc" } });
    const cohorts = await db.insightCohort.findMany({ where: { shopId }, orderBy: { month: "asc" } });
    const monthly = await db.insightCustomerMonthly.findMany({ where: { shopId }, orderBy: { month: "asc" } });
    return {
      revenue: revenue.map((r) => [dayOf(r.day), r.resolvedCustomers, r.reorderedCustomers, r.ordersAfter, r.revenueAfter.toFixed(2), r.complete]),
      cohorts: cohorts.map((c) => [dayOf(c.month), c.customers, c.retained, c.revenueAfter.toFixed(2)]),
      monthly: monthly.map((m) => [dayOf(m.month), m.buyers, m.repeatBuyers, m.contactedBuyers, m.contactedRepeatBuyers]),
    };
  }

  beforeAll(async () => {
    domain = uniqueShopDomain("cohorts");
    const shop = await db.shop.create({ data: { domain, ianaTimezone: "UTC" } });
    shopId = shop.id;
    for (const [n, name] of ["A", "B", "C", "D", "E"].entries()) {
      const c = await db.customer.create({ data: { shopId, shopifyId: BigInt(8_800 + n), email: `${name.toLowerCase()}@example.com` } });
      ids[name] = c.id;
    }
    const order = (who: string, at: string, price: string, cancelled = false) =>
      createTestOrder(shopId, {
        customerId: ids[who],
        email: `${who.toLowerCase()}@example.com`,
        processedAt: t(at),
        totalPrice: price,
        cancelledAt: cancelled ? t(at) : null,
      });
    const resolvedCase = (who: string | null, created: string, resolved: string, extra: object = {}) =>
      createTestCase(shopId, {
        customerId: who ? ids[who] : null,
        customerEmail: who ? `${who.toLowerCase()}@example.com` : "guest@example.com",
        status: "RESOLVED",
        createdAt: t(created),
        resolvedAt: t(resolved),
        ...extra,
      });

    // A: first contact in June, another in October.
    await resolvedCase("A", "2026-06-10T09:00:00Z", "2026-06-12T10:00:00Z");
    await resolvedCase("A", "2026-10-01T09:00:00Z", "2026-10-01T18:00:00Z");
    await order("A", "2026-05-01T12:00:00Z", "10.00"); // before any contact
    await order("A", "2026-06-20T12:00:00Z", "20.00"); // within 30 days of the 06-12 resolution
    await order("A", "2026-07-15T12:00:00Z", "30.00"); // June cohort, month +1
    await order("A", "2026-09-10T12:00:00Z", "99.00", true); // cancelled: never counts
    await order("A", "2026-10-15T12:00:00Z", "40.00"); // within 30 days of 10-01; June cohort, month +4

    // B: first contact a merged-away case on 06-19 (a contact for the cohort, not a resolution for revenue).
    const b = await resolvedCase("B", "2026-06-20T09:00:00Z", "2026-06-21T08:00:00Z");
    await resolvedCase("B", "2026-06-19T00:00:00Z", "2026-06-19T12:00:00Z", { mergedIntoId: b.id, status: "CLOSED" });
    await order("B", "2026-06-21T07:00:00Z", "15.00"); // after first contact, before the resolution
    await order("B", "2026-07-21T08:00:00Z", "25.00"); // exactly 30 days after the resolution: inside

    // C: contacted in August, resolved on 11-20 (window still open at the rebuild), ordered on 11-22.
    await resolvedCase("C", "2026-08-05T09:00:00Z", "2026-11-20T10:00:00Z");
    await order("C", "2026-11-22T12:00:00Z", "50.00");

    // D: never contacted support, bought twice in July.
    await order("D", "2026-07-05T12:00:00Z", "5.00");
    await order("D", "2026-07-25T12:00:00Z", "5.00");

    // E: resolved on 06-12 too, never ordered. A guest's case the same day has no customer: not counted.
    await resolvedCase("E", "2026-06-11T09:00:00Z", "2026-06-12T15:00:00Z");
    await resolvedCase(null, "2026-06-11T09:00:00Z", "2026-06-12T16:00:00Z");

    // Older than the 400 days rebuilt: a row there stays as it was.
    await db.insightRevenueDaily.create({
      data: { shopId, day: t("2025-01-05"), resolvedCustomers: 7, reorderedCustomers: 3, ordersAfter: 4, revenueAfter: "12.00", complete: true },
    });
  });

  const EXPECTED = {
    revenue: [
      ["2025-01-05", 7, 3, 4, "12.00", true],
      ["2026-06-12", 2, 1, 1, "20.00", true], // A (a2) and E (nothing)
      ["2026-06-21", 1, 1, 1, "25.00", true], // B (b2 on the 30th day); the merged case's 06-19 makes no row
      ["2026-10-01", 1, 1, 1, "40.00", true], // A (a4)
      ["2026-11-20", 1, 1, 1, "50.00", false], // C, window open until 12-20
    ],
    cohorts: [
      // June: A, B, E. July: A and B; October: A. Revenue after first contact: A 20+30+40, B 15+25.
      ["2026-06-01", 3, [2, 0, 0, 1, 0, 0], "130.00"],
      // August: C, who ordered in November (+3).
      ["2026-08-01", 1, [0, 0, 1, 0, 0, 0], "50.00"],
    ],
    monthly: [
      ["2026-05-01", 1, 1, 0, 0], // A, 4 orders in all; no case in Feb–May
      ["2026-06-01", 2, 2, 2, 2], // A, B
      ["2026-07-01", 3, 3, 2, 2], // A, B (June cases are within 90 days), D (never contacted)
      ["2026-10-01", 1, 1, 1, 1], // A
      ["2026-11-01", 1, 0, 1, 0], // C: one order in all; the 08-05 case is within 90 days of 11-01
    ],
  };

  it("rebuilds revenue after support, cohorts and buyers per month", async () => {
    await rebuildCustomerRollups(shopId, NOW);
    expect(await snapshot()).toEqual(EXPECTED);
    // Running it again replaces rather than adds.
    await rebuildCustomerRollups(shopId, NOW);
    expect(await snapshot()).toEqual(EXPECTED);
  });

  it("keeps every count after a customer is redacted", async () => {
    await redactCustomer({
      shopId,
      shopDomain: domain,
      customer: { shopifyCustomerId: 8_800n, email: "a@example.com", phone: null, orderIds: [] },
      now: NOW,
    });
    const a = await db.customer.findUniqueOrThrow({ where: { id: ids.A } });
    expect(a.email).toBeNull();
    expect(a.redactedAt).not.toBeNull();
    expect(await db.case.count({ where: { shopId, customerId: ids.A, customerEmail: null } })).toBe(2);
    await rebuildCustomerRollups(shopId, NOW);
    expect(await snapshot()).toEqual(EXPECTED);
  });

  it("builds the customer report: after support, repeat purchase contacted vs not, cohort shares", async () => {
    await rebuildCustomerRollups(shopId, NOW);
    const report = (from: string, to: string) =>
      getCommerceReport(
        shopId,
        { period: { from, to }, previous: { from: "2026-01-01", to: "2026-01-02" }, filters: {} },
        { timezone: "UTC", currencyCode: "EUR", caseVolume: { value: null, previous: null } },
        NOW,
      ).then((r) => r.customers);

    const june = await report("2026-06-01", "2026-06-30");
    expect(june.afterSupport).toEqual({
      resolvedCustomers: 3,
      reorderedCustomers: 2,
      reorderRate: 2 / 3,
      ordersAfter: 2,
      revenueAfter: "45.00",
      currencyCode: "EUR",
      complete: true,
    });

    const november = await report("2026-11-01", "2026-11-24");
    expect(november.afterSupport).toMatchObject({ resolvedCustomers: 1, reorderedCustomers: 1, revenueAfter: "50.00", complete: false });
    // November alone: C bought once, contacted in August (within 90 days).
    expect(november.repeatPurchase).toEqual({
      contacted: { buyers: 1, repeatBuyers: 0, rate: 0 },
      notContacted: { buyers: 0, repeatBuyers: 0, rate: null },
    });
    // Months June–November: buyers 2+3+1+1, of whom contacted 2+2+1+1 (repeat 2+2+1+0); not contacted: D in July.
    const summer = await report("2026-06-15", "2026-11-24");
    expect(summer.repeatPurchase).toEqual({
      contacted: { buyers: 6, repeatBuyers: 5, rate: 5 / 6 },
      notContacted: { buyers: 1, repeatBuyers: 1, rate: 1 },
    });
    // Cohorts of the 12 months to November; months not begun yet (December on) are null.
    expect(summer.cohorts).toEqual([
      { month: "2026-06-01", customers: 3, retained: [2 / 3, 0, 0, 1 / 3, 0, null], revenueAfter: "130.00" },
      { month: "2026-08-01", customers: 1, retained: [0, 0, 1, null, null, null], revenueAfter: "50.00" },
    ]);
  });
});
