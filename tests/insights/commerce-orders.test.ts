import { beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { getCommerceReport } from "../../app/insights/commerce-metrics.server";
import { localDayRange, recomputeOrderDays } from "../../app/insights/rollup/orders.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { uniqueShopDomain } from "../helpers/shopify";

// Order-day rollups (InsightOrderDaily, InsightProductDaily, InsightReturnReasonDaily) and the CommerceReport
// built from them, on a hand-computed fixture in a New York shop (UTC-5 in November).

const TZ = "America/New_York";
let seq = 0;
const id = () => BigInt(9_100_000_000 + ++seq);

async function line(shopId: string, orderId: string, productId: bigint | null, title: string, quantity: number) {
  return db.lineItem.create({ data: { shopId, orderId, shopifyId: id(), productId, title, quantity, price: "10.00" } });
}

async function refund(shopId: string, orderId: string, amount: string, lines: { lineItemId: string; quantity: number }[] = []) {
  const at = new Date("2026-11-12T10:00:00Z");
  const r = await db.refund.create({
    data: { shopId, orderId, shopifyId: id(), amount, currencyCode: "USD", processedAt: at, shopifyCreatedAt: at },
  });
  for (const l of lines) await db.refundLineItem.create({ data: { shopId, refundId: r.id, ...l } });
  return r;
}

async function returnOf(
  shopId: string,
  orderId: string,
  status: "REQUESTED" | "OPEN" | "DECLINED" | "CANCELED" | "CLOSED",
  lines: { lineItemId: string; quantity: number; reason: string }[],
) {
  const r = await db.return.create({ data: { shopId, orderId, shopifyId: id(), status, requestedAt: new Date("2026-11-12T10:00:00Z") } });
  for (const l of lines) await db.returnLineItem.create({ data: { shopId, returnId: r.id, ...l } });
  return r;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

describe("commerce rollups by order day", () => {
  let shopId: string;

  beforeAll(async () => {
    const shop = await db.shop.create({ data: { domain: uniqueShopDomain("commerce"), ianaTimezone: TZ } });
    shopId = shop.id;

    // Day 2026-11-08 (previous period): O5 at 23:59 local.
    await createTestOrder(shopId, { processedAt: new Date("2026-11-09T04:59:00Z"), totalPrice: "40.00" });

    // Day 2026-11-09. O1 at 03:00 UTC on the 10th is 22:00 on the 9th in New York.
    const o1 = await createTestOrder(shopId, { processedAt: new Date("2026-11-10T03:00:00Z"), totalPrice: "100.00" });
    const mug1 = await line(shopId, o1.id, 111n, "Mug", 2);
    await line(shopId, o1.id, null, "Gift wrap", 1);
    await refund(shopId, o1.id, "30.00", [{ lineItemId: mug1.id, quantity: 1 }]);
    await returnOf(shopId, o1.id, "CLOSED", [{ lineItemId: mug1.id, quantity: 1, reason: "DEFECTIVE" }]);

    // O2: cancelled and refunded in full: counts as an order, cancelled and refunded, but no revenue and no product units.
    const o2 = await createTestOrder(shopId, {
      processedAt: new Date("2026-11-09T15:00:00Z"),
      totalPrice: "50.00",
      cancelledAt: new Date("2026-11-09T16:00:00Z"),
    });
    const mug2 = await line(shopId, o2.id, 111n, "Mug", 5);
    await refund(shopId, o2.id, "50.00", [{ lineItemId: mug2.id, quantity: 5 }]);

    // O3: disputed; one declined return (not counted), one requested (counted); a zero refund (not counted).
    const o3 = await createTestOrder(shopId, { processedAt: new Date("2026-11-09T20:00:00Z"), totalPrice: "80.00", disputeCount: 1 });
    const tee3 = await line(shopId, o3.id, 222n, "Tee", 3);
    await returnOf(shopId, o3.id, "DECLINED", [{ lineItemId: tee3.id, quantity: 1, reason: "SIZE_TOO_SMALL" }]);
    await returnOf(shopId, o3.id, "REQUESTED", [{ lineItemId: tee3.id, quantity: 2, reason: "SIZE_TOO_SMALL" }]);
    await refund(shopId, o3.id, "0.00");

    // Day 2026-11-10: O4 with a payment-failure contact (twice: still one order), O6 at 23:59:59 local.
    const o4 = await createTestOrder(shopId, { processedAt: new Date("2026-11-10T12:00:00Z"), totalPrice: "20.00" });
    await line(shopId, o4.id, 222n, "Tee (new name)", 1);
    for (const signals of [["payment_failed"], ["payment_failed", "chargeback_threat"]]) {
      const c = await createTestCase(shopId, { signals });
      await db.caseOrder.create({ data: { shopId, caseId: c.id, orderId: o4.id } });
    }
    const other = await createTestCase(shopId, { signals: ["delivered_not_received"] });
    const o6 = await createTestOrder(shopId, { processedAt: new Date("2026-11-11T04:59:59Z"), totalPrice: "10.00" });
    await line(shopId, o6.id, 111n, "Mug", 1);
    await db.caseOrder.create({ data: { shopId, caseId: other.id, orderId: o6.id } });

    // Another shop's order on the same day never counts.
    const stranger = await db.shop.create({ data: { domain: uniqueShopDomain("stranger"), ianaTimezone: TZ } });
    await createTestOrder(stranger.id, { processedAt: new Date("2026-11-09T20:00:00Z"), totalPrice: "999.00" });
  });

  it("a local day is its [00:00, 24:00) in the shop's zone, 25 hours when DST ends", () => {
    expect(localDayRange("2026-11-09", TZ)).toEqual({
      start: new Date("2026-11-09T05:00:00Z"),
      end: new Date("2026-11-10T05:00:00Z"),
    });
    expect(localDayRange("2026-11-01", TZ)).toEqual({
      start: new Date("2026-11-01T04:00:00Z"),
      end: new Date("2026-11-02T05:00:00Z"),
    });
  });

  it("the triggers mark the local day of an order placed at 03:00 UTC: the day before in New York", async () => {
    const dirty = await db.insightDirtyDay.findMany({ where: { shopId }, orderBy: { day: "asc" } });
    expect(dirty.map((d) => dayOf(d.day))).toEqual(expect.arrayContaining(["2026-11-08", "2026-11-09", "2026-11-10"]));
    expect(dirty.map((d) => dayOf(d.day))).not.toContain("2026-11-11");
  });

  it("counts orders, revenue, cancellations, refunds, returns, disputes and payment-failure contacts per order day", async () => {
    await recomputeOrderDays(shopId, ["2026-11-09", "2026-11-10"], TZ);
    const rows = await db.insightOrderDaily.findMany({ where: { shopId }, orderBy: { day: "asc" } });
    expect(
      rows.map((r) => ({ ...r, day: dayOf(r.day), revenue: r.revenue.toFixed(2), refundAmount: r.refundAmount.toFixed(2) })),
    ).toEqual([
      {
        shopId,
        day: "2026-11-09",
        orders: 3,
        revenue: "180.00", // O1 100 + O3 80; O2 is cancelled
        cancelled: 1,
        refundedOrders: 2, // O1 and O2; O3's refund is 0
        refundAmount: "80.00",
        returnedOrders: 2, // O1 (closed) and O3 (requested; its declined return alone would not count)
        disputedOrders: 1,
        paymentFailedContacts: 0,
      },
      {
        shopId,
        day: "2026-11-10",
        orders: 2,
        revenue: "30.00",
        cancelled: 0,
        refundedOrders: 0,
        refundAmount: "0.00",
        returnedOrders: 0,
        disputedOrders: 0,
        paymentFailedContacts: 1,
      },
    ]);
  });

  it("counts units sold, returned and refunded per product, and returned units per reason", async () => {
    await recomputeOrderDays(shopId, ["2026-11-09", "2026-11-10"], TZ);
    const products = await db.insightProductDaily.findMany({ where: { shopId }, orderBy: [{ day: "asc" }, { productKey: "asc" }] });
    expect(products.map((p) => [dayOf(p.day), p.productKey, p.title, p.sold, p.returned, p.refunded])).toEqual([
      ["2026-11-09", "111", "Mug", 2, 1, 1], // O2's 5 mugs are a cancellation
      ["2026-11-09", "222", "Tee", 3, 2, 0],
      ["2026-11-09", "title:Gift wrap", "Gift wrap", 1, 0, 0],
      ["2026-11-10", "111", "Mug", 1, 0, 0],
      ["2026-11-10", "222", "Tee (new name)", 1, 0, 0],
    ]);
    const reasons = await db.insightReturnReasonDaily.findMany({ where: { shopId }, orderBy: { reason: "asc" } });
    expect(reasons.map((r) => [dayOf(r.day), r.reason, r.quantity])).toEqual([
      ["2026-11-09", "DEFECTIVE", 1],
      ["2026-11-09", "SIZE_TOO_SMALL", 2],
    ]);
  });

  it("replaces the days it is given and leaves the others alone", async () => {
    await recomputeOrderDays(shopId, ["2026-11-10"], TZ);
    await db.order.updateMany({ where: { shopId, totalPrice: "20.00" }, data: { cancelledAt: new Date("2026-11-12T00:00:00Z") } });
    await recomputeOrderDays(shopId, ["2026-11-10", "2026-11-10"], TZ);
    const day10 = await db.insightOrderDaily.findUniqueOrThrow({ where: { shopId_day: { shopId, day: new Date("2026-11-10") } } });
    expect([day10.orders, day10.revenue.toFixed(2), day10.cancelled]).toEqual([2, "10.00", 1]);
    expect(await db.insightProductDaily.count({ where: { shopId } })).toBe(4); // O4's tee went with its cancellation
    expect(await db.insightOrderDaily.count({ where: { shopId } })).toBe(2);
    await db.order.updateMany({ where: { shopId, totalPrice: "20.00" }, data: { cancelledAt: null } });
    await recomputeOrderDays(shopId, ["2026-11-10"], TZ);
  });

  it("builds the commerce report from the rollups, against the previous period", async () => {
    await recomputeOrderDays(shopId, ["2026-11-08", "2026-11-09", "2026-11-10"], TZ);
    const { commerce } = await getCommerceReport(
      shopId,
      { period: { from: "2026-11-09", to: "2026-11-10" }, previous: { from: "2026-11-07", to: "2026-11-08" }, filters: {} },
      { timezone: TZ, currencyCode: "USD", caseVolume: { value: 2, previous: 1 } },
      new Date("2026-11-25T12:00:00Z"),
    );
    expect(commerce.orders).toEqual({ value: 5, previous: 1 });
    expect(commerce.revenue).toEqual({ value: "210.00", previous: "40.00", currencyCode: "USD" });
    expect(commerce.ticketsPer100Orders).toEqual({ value: 40, previous: 100 });
    expect(commerce.refundRate).toEqual({ value: 0.4, previous: 0 });
    expect(commerce.refundAmount).toEqual({ value: "80.00", previous: "0.00", currencyCode: "USD" });
    expect(commerce.returnRate).toEqual({ value: 0.4, previous: 0 });
    expect(commerce.cancellationRate).toEqual({ value: 0.2, previous: 0 });
    expect(commerce.disputeRate).toEqual({ value: 0.2, previous: 0 });
    expect(commerce.paymentFailureContacts).toEqual({ value: 1, previous: 0 });
    expect(commerce.returnReasons).toEqual([
      { reason: "SIZE_TOO_SMALL", quantity: 2, share: 2 / 3 },
      { reason: "DEFECTIVE", quantity: 1, share: 1 / 3 },
    ]);
    expect(commerce.products).toEqual([
      { productKey: "222", title: "Tee (new name)", sold: 4, returned: 2, refunded: 0, returnRate: 0.5, refundRate: 0 },
      { productKey: "111", title: "Mug", sold: 3, returned: 1, refunded: 1, returnRate: 1 / 3, refundRate: 1 / 3 },
      { productKey: "title:Gift wrap", title: "Gift wrap", sold: 1, returned: 0, refunded: 0, returnRate: 0, refundRate: 0 },
    ]);
    expect(commerce.series).toEqual([
      { day: "2026-11-09", orders: 3, refundedOrders: 2, returnedOrders: 2 },
      { day: "2026-11-10", orders: 2, refundedOrders: 0, returnedOrders: 0 },
    ]);
  });

  it("gives null rates and zero series days when nothing was ordered", async () => {
    const { commerce } = await getCommerceReport(
      shopId,
      { period: { from: "2026-10-01", to: "2026-10-03" }, previous: { from: "2026-09-28", to: "2026-09-30" }, filters: {} },
      { timezone: TZ, currencyCode: "USD", caseVolume: { value: 4, previous: null } },
    );
    expect(commerce.orders).toEqual({ value: 0, previous: 0 });
    expect(commerce.refundRate).toEqual({ value: null, previous: null });
    expect(commerce.ticketsPer100Orders).toEqual({ value: null, previous: null });
    expect(commerce.revenue.value).toBe("0.00");
    expect(commerce.series.map((d) => [d.day, d.orders])).toEqual([
      ["2026-10-01", 0],
      ["2026-10-02", 0],
      ["2026-10-03", 0],
    ]);
  });
});
