import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader as eligibilityLoader } from "../../app/routes/proxy.returns.eligibility";
import { action as returnsAction, loader as returnsLoader } from "../../app/routes/proxy.returns._index";
import { returnEligibility, type ReturnEligibility, type StorefrontReturnRequest } from "../../app/storefront/returns.server";
import { updateReturnPolicy } from "../../app/returns/return-policy.server";
import { openReturnCase } from "../../app/cases/return-cases.server";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { signedProxyRequest } from "../helpers/proxy";
import { addFulfillment, body, buildOrder, daysAgo, storefrontShop, type StorefrontSetup } from "./proxy-fixtures";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

type Args = Parameters<typeof returnsAction>[0];
const args = (request: Request) => ({ request, params: {}, context: {} }) as unknown as Args;
const DAY = 24 * 3600 * 1000;
/** The last millisecond of the UTC calendar day `days` days after `from` (test shops are on UTC). */
const endOfUtcDay = (from: Date, days: number) => {
  const d = new Date(from.getTime() + days * DAY);
  d.setUTCHours(23, 59, 59, 999);
  return d;
};

const POLICY = {
  enabled: true,
  windowDays: 30,
  windowStartsAt: "DELIVERY",
  excludedTags: ["final-sale"],
  excludedProductTypes: ["Gift card"],
  reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "DEFECTIVE", "OTHER"],
  restockingFeePercent: "10",
  returnShippingFee: "6.95",
  instructions: "Pack items in their original packaging.",
};

async function withPolicy(s: StorefrontSetup, extra: Record<string, unknown> = {}) {
  await updateReturnPolicy(s.shop.shopId, { ...POLICY, ...extra });
}

const eligibility = async (s: StorefrontSetup, order: string, customer: bigint | null = s.ada.shopifyId) =>
  eligibilityLoader(args(signedProxyRequest("/proxy/returns/eligibility", { shop: s.shop.domain, loggedInCustomerId: customer, query: { order } })));

const postReturn = (s: StorefrontSetup, payload: unknown, customer: bigint | null = s.ada.shopifyId) =>
  returnsAction(args(signedProxyRequest("/proxy/returns", { shop: s.shop.domain, loggedInCustomerId: customer, body: payload })));

describe("GET /proxy/returns/eligibility", () => {
  it("lists returnable lines with the policy's window, fees and reasons", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const deliveredAt = daysAgo(10);
    const order = await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [{ title: "Linen shirt", quantity: 2, price: "45.00" }],
      fulfillment: { createdAt: daysAgo(14), deliveredAt },
    });

    const r = await eligibility(s, "#1001");
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const e = await body<ReturnEligibility>(r);
    expect(e).toMatchObject({
      order: { id: `gid://shopify/Order/${order.shopifyId}`, name: "#1001", number: 1001, currencyCode: "USD" },
      eligible: true,
      reason: null,
      policy: { windowDays: 30, windowStartsAt: "DELIVERY", restockingFeePercent: "10.00", returnShippingFee: "6.95", instructions: POLICY.instructions },
    });
    expect(e.reasons.map((x) => x.code)).toEqual(POLICY.reasons);
    expect(e.reasons[0].label).toBe("Size too small");
    expect(e.lineItems).toEqual([
      expect.objectContaining({
        lineItemId: order.lines[0].gid,
        quantity: 2,
        fulfilledQuantity: 2,
        returnableQuantity: 2,
        eligible: true,
        ineligibleReason: null,
        windowDays: 30,
        windowStartsAt: deliveredAt.toISOString(),
        windowEndsAt: endOfUtcDay(deliveredAt, 30).toISOString(),
      }),
    ]);
  });

  it("asks guests to sign in, and refuses another customer's order like an unknown one", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1002, customerId: s.bob.id, email: "bob@example.com", fulfillment: { deliveredAt: daysAgo(1) } });
    const guest = await eligibility(s, "1002", null);
    expect(guest.status).toBe(401);
    expect((await body<{ error: { message: string } }>(guest)).error.message).toMatch(/^Sign in to request a return/);
    const other = await eligibility(s, "1002");
    const unknown = await eligibility(s, "1999");
    expect(other.status).toBe(404);
    expect(await body(other)).toEqual(await body(unknown));
    const bad = await eligibility(s, "");
    expect(bad.status).toBe(400);
    // Extensions may name the order by its GID: the same rules apply.
    const own = await buildOrder(s.shop.shopId, { number: 1003, customerId: s.ada.id, fulfillment: { deliveredAt: daysAgo(1) } });
    const byGid = await eligibility(s, `gid://shopify/Order/${own.shopifyId}`);
    expect(byGid.status).toBe(200);
    expect((await body<ReturnEligibility>(byGid)).order.name).toBe("#1003");
  });

  it("counts the window to the end of its last day: open just before, closed just after", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const deliveredAt = new Date("2026-10-01T12:00:00.000Z");
    await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, fulfillment: { createdAt: new Date("2026-09-28T12:00:00Z"), deliveredAt } });
    const end = new Date("2026-10-31T23:59:59.999Z").getTime();
    // The time of delivery does not shorten the last day: 30 × 24 h after delivery the window is still open.
    const sameHour = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date(deliveredAt.getTime() + 30 * DAY + 60_000));
    expect(sameHour.eligible).toBe(true);
    expect(sameHour.lineItems[0].windowEndsAt).toBe("2026-10-31T23:59:59.999Z");

    const lastMinute = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date(end - 60_000));
    expect(lastMinute.eligible).toBe(true);
    const atEnd = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date(end));
    expect(atEnd.eligible).toBe(true);
    const after = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date(end + 1));
    expect(after).toMatchObject({ eligible: false, reason: "window_closed" });
    expect(after.lineItems[0]).toMatchObject({ eligible: false, ineligibleReason: "window_closed", returnableQuantity: 0 });
  });

  it("counts from the fulfillment when the carrier never reported delivery", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { windowDays: 14 });
    const shippedAt = daysAgo(13);
    await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, fulfillment: { createdAt: shippedAt, deliveredAt: null, shipmentStatus: "IN_TRANSIT" } });
    const open = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 });
    expect(open.lineItems[0]).toMatchObject({ eligible: true, windowStartsAt: shippedAt.toISOString() });
    const lastDay = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, endOfUtcDay(shippedAt, 14));
    expect(lastDay.eligible).toBe(true);
    const closed = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date(endOfUtcDay(shippedAt, 14).getTime() + 1));
    expect(closed.reason).toBe("window_closed");
  });

  it("closes the window at the end of the shop's local day, across a daylight-saving change", async () => {
    const s = await storefrontShop();
    await db.shop.update({ where: { id: s.shop.shopId }, data: { ianaTimezone: "America/New_York" } });
    await withPolicy(s, { windowDays: 7 });
    // 2026-10-30 23:30 EDT; clocks go back on 2026-11-01, so the last day (11-06) ends at 23:59:59.999 EST (UTC−5).
    const deliveredAt = new Date("2026-10-31T03:30:00.000Z");
    await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, fulfillment: { createdAt: new Date("2026-10-28T15:00:00Z"), deliveredAt } });
    const at = (iso: string) => returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date(iso));

    const lastMoment = await at("2026-11-07T04:59:59.999Z");
    expect(lastMoment.eligible).toBe(true);
    expect(lastMoment.lineItems[0]).toMatchObject({ eligible: true, windowStartsAt: deliveredAt.toISOString(), windowEndsAt: "2026-11-07T04:59:59.999Z" });
    // Both a plain 7 × 24 h count and a UTC-day count would already have closed it.
    expect((await at("2026-11-07T03:31:00.000Z")).eligible).toBe(true);
    expect((await at("2026-11-07T00:00:01.000Z")).eligible).toBe(true);
    const justAfter = await at("2026-11-07T05:00:00.000Z");
    expect(justAfter).toMatchObject({ eligible: false, reason: "window_closed" });
  });

  it("counts from the carrier's DELIVERED scan when the shipment has no delivery date", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { windowDays: 14 });
    const shippedAt = new Date("2026-10-01T10:00:00Z");
    const scannedAt = new Date("2026-10-05T15:00:00Z");
    await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      fulfillment: {
        createdAt: shippedAt,
        deliveredAt: null,
        shipmentStatus: "DELIVERED",
        events: [
          { status: "IN_TRANSIT", at: new Date("2026-10-02T08:00:00Z") },
          { status: "DELIVERED", at: scannedAt },
        ],
      },
    });
    const e = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date("2026-10-17T12:00:00Z"));
    expect(e.lineItems[0]).toMatchObject({ eligible: true, windowStartsAt: scannedAt.toISOString(), windowEndsAt: "2026-10-19T23:59:59.999Z" });
    // Counted from the fulfillment it would have closed at the end of 10-15.
    expect((await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date("2026-10-19T23:59:59.999Z"))).eligible).toBe(true);
    expect((await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 }, new Date("2026-10-20T00:00:00Z"))).reason).toBe("window_closed");
  });

  it("does not count pending or open fulfillments as shipped", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, fulfillment: { status: "PENDING", createdAt: daysAgo(1), shipmentStatus: null } });
    const pending = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 });
    expect(pending).toMatchObject({ eligible: false, reason: "not_shipped" });
    expect(pending.lineItems[0]).toMatchObject({ fulfilledQuantity: 0, returnableQuantity: 0, ineligibleReason: "not_shipped", windowStartsAt: null });

    // One shipped unit plus one still in an OPEN fulfillment: only the shipped unit can be returned.
    const order = await buildOrder(s.shop.shopId, {
      number: 1002,
      customerId: s.ada.id,
      lines: [{ title: "Tee", quantity: 2, shipped: 1 }],
      fulfillment: { createdAt: daysAgo(5), deliveredAt: daysAgo(3) },
    });
    await addFulfillment(s.shop.shopId, order, { lines: { 0: 1 }, createdAt: daysAgo(1), status: "OPEN" });
    const partly = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1002 });
    expect(partly.lineItems[0]).toMatchObject({ eligible: true, fulfilledQuantity: 1, returnableQuantity: 1 });
    const tooMany = await postReturn(s, { order: "1002", items: [{ lineItemId: order.lines[0].gid, quantity: 2, reason: "OTHER" }] });
    expect(tooMany.status).toBe(400);
    expect(mock.callsTo("StorefrontReturnRequest")).toHaveLength(0);
  });

  it("excludes final-sale tags and product types, and applies per-product windows", async () => {
    const s = await storefrontShop();
    const longWindowProduct = 555_000_111n;
    await withPolicy(s, { productWindows: [{ productId: `gid://shopify/Product/${longWindowProduct}`, windowDays: 60 }] });
    await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [
        { title: "Clearance scarf", productTags: ["Final-Sale"] },
        { title: "Gift card", productType: "gift card" },
        { title: "Boots", productId: longWindowProduct },
        { title: "Socks" },
      ],
      fulfillment: { createdAt: daysAgo(48), deliveredAt: daysAgo(45) },
    });
    const e = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 });
    const byTitle = Object.fromEntries(e.lineItems.map((l) => [l.title, l]));
    expect(byTitle["Clearance scarf"]).toMatchObject({ eligible: false, ineligibleReason: "final_sale" });
    expect(byTitle["Gift card"]).toMatchObject({ eligible: false, ineligibleReason: "excluded_product_type" });
    expect(byTitle["Boots"]).toMatchObject({ eligible: true, windowDays: 60, returnableQuantity: 1 });
    expect(byTitle["Socks"]).toMatchObject({ eligible: false, ineligibleReason: "window_closed", windowDays: 30 });
    expect(e.eligible).toBe(true);
  });

  it("subtracts returned and refunded quantities; declined returns and unshipped units don't count", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const order = await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [
        { title: "Tee", quantity: 4, price: "20.00" },
        { title: "Cap", quantity: 2, shipped: 1 },
        { title: "Mug", quantity: 1 },
      ],
      fulfillment: { createdAt: daysAgo(5), deliveredAt: daysAgo(3) },
    });
    const [tee, cap, mug] = order.lines;
    const ret = (status: "REQUESTED" | "DECLINED" | "CLOSED", lineItemId: string, quantity: number, n: bigint) =>
      db.return.create({
        data: {
          shopId: s.shop.shopId,
          orderId: order.id,
          shopifyId: n,
          status,
          requestedAt: daysAgo(1),
          lines: { create: [{ shopId: s.shop.shopId, lineItemId, quantity, reason: "SIZE_TOO_SMALL" }] },
        },
      });
    await ret("REQUESTED", tee.id, 1, 4001n);
    await ret("DECLINED", tee.id, 2, 4002n);
    const closed = await ret("CLOSED", mug.id, 1, 4003n);
    await db.refund.create({
      data: {
        shopId: s.shop.shopId,
        orderId: order.id,
        shopifyId: 5001n,
        amount: "20.00",
        currencyCode: "USD",
        processedAt: daysAgo(1),
        shopifyCreatedAt: daysAgo(1),
        lines: { create: [{ shopId: s.shop.shopId, lineItemId: tee.id, quantity: 1 }] },
      },
    });
    // The mug's refund settled its return: counted once.
    await db.refund.create({
      data: {
        shopId: s.shop.shopId,
        orderId: order.id,
        shopifyId: 5002n,
        amount: "45.00",
        currencyCode: "USD",
        returnId: closed.id,
        processedAt: daysAgo(1),
        shopifyCreatedAt: daysAgo(1),
        lines: { create: [{ shopId: s.shop.shopId, lineItemId: mug.id, quantity: 1 }] },
      },
    });

    const e = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 });
    const byTitle = Object.fromEntries(e.lineItems.map((l) => [l.title, l]));
    expect(byTitle.Tee).toMatchObject({ fulfilledQuantity: 4, returnedQuantity: 1, refundedQuantity: 1, returnableQuantity: 2, eligible: true });
    expect(byTitle.Cap).toMatchObject({ fulfilledQuantity: 1, returnableQuantity: 1, eligible: true });
    expect(byTitle.Mug).toMatchObject({ returnableQuantity: 0, eligible: false, ineligibleReason: "already_returned" });
    void cap;
  });

  it("says why an order can't be returned: disabled, cancelled, not shipped", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id });
    await buildOrder(s.shop.shopId, { number: 1002, customerId: s.ada.id, fulfillment: { deliveredAt: daysAgo(1) }, order: { cancelledAt: daysAgo(1) } });
    await buildOrder(s.shop.shopId, { number: 1003, customerId: s.ada.id, fulfillment: { deliveredAt: daysAgo(1) } });
    expect((await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1001 })).reason).toBe("not_shipped");
    expect((await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1002 })).reason).toBe("cancelled");
    await withPolicy(s, { enabled: false });
    const disabled = await returnEligibility(s.shop.shopId, s.ada.shopifyId, { number: 1003 });
    expect(disabled).toMatchObject({ eligible: false, reason: "returns_disabled" });
    expect(disabled.lineItems[0].returnableQuantity).toBe(0);
  });
});

describe("POST /proxy/returns", () => {
  async function deliveredOrder(s: StorefrontSetup) {
    return buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [
        { title: "Linen shirt", quantity: 2, price: "45.00" },
        { title: "Clearance scarf", productTags: ["final-sale"] },
      ],
      fulfillment: { createdAt: daysAgo(6), deliveredAt: daysAgo(4) },
    });
  }

  it("sends Shopify's returnRequest with the fulfillment lines, fees and reason, mirrors it and opens a return case", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const order = await deliveredOrder(s);
    const shirt = order.lines[0];

    const r = await postReturn(s, { order: "1001", items: [{ lineItemId: shirt.gid, quantity: 1, reason: "SIZE_TOO_SMALL", note: "Runs small" }], note: "Thanks!" });
    expect(r.status).toBe(201);
    const answer = await body<StorefrontReturnRequest>(r);

    const calls = mock.callsTo("StorefrontReturnRequest");
    expect(calls).toHaveLength(1);
    expect(calls[0].accessToken).toBe("shpat_offline_test");
    expect(calls[0].variables).toEqual({
      input: {
        orderId: `gid://shopify/Order/${order.shopifyId}`,
        returnLineItems: [
          {
            fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${shirt.fulfillmentLineShopifyId}`,
            quantity: 1,
            returnReason: "SIZE_TOO_SMALL",
            customerNote: "Runs small",
            restockingFee: { percentage: 10 },
          },
        ],
        returnShippingFee: { amount: { amount: "6.95", currencyCode: "USD" } },
      },
    });
    expect(mock.callsTo("ReturnApproveRequest")).toHaveLength(0);

    expect(answer).toMatchObject({
      return: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Return\/\d+$/),
        status: "requested",
        approved: false,
        lineItems: [{ lineItemId: shirt.gid, title: "Linen shirt", quantity: 1, reason: "SIZE_TOO_SMALL" }],
        fees: { restockingFee: "4.50", returnShippingFee: "6.95", currencyCode: "USD" },
      },
      message: "Your return request for #1001 was sent. We'll email you when it's reviewed.",
    });

    const mirrored = await db.return.findFirstOrThrow({ where: { shopId: s.shop.shopId, orderId: order.id }, include: { lines: true } });
    expect(mirrored.status).toBe("REQUESTED");
    expect(mirrored.lines).toEqual([
      expect.objectContaining({ lineItemId: shirt.id, quantity: 1, reason: "SIZE_TOO_SMALL", customerNote: "Runs small", shopifyId: mirrored.shopifyId * 100n }),
    ]);
    // Not versioned with our clock: the returns/request webhook that follows still applies Shopify's own data.
    expect(mirrored.shopifyUpdatedAt).toBeNull();

    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId, number: answer.case.number }, include: { messages: true, orders: true, events: true } });
    expect(kase).toMatchObject({ topic: "RETURN", channel: "STOREFRONT", status: "OPEN", customerId: s.ada.id, customerEmail: "ada@example.com" });
    expect(kase.orders.map((o) => o.orderId)).toContain(order.id);
    expect(kase.messages).toHaveLength(1);
    expect(kase.messages[0]).toMatchObject({ direction: "INBOUND", authorType: "CUSTOMER" });
    expect(kase.messages[0].bodyText).toMatch(/1 × Linen shirt: Size too small — "Runs small"/);
    expect(kase.events.map((e) => e.dedupeKey)).toContain(`return:${mirrored.shopifyId}:case`);
    // Shopify's returns/request webhook that follows finds this case instead of opening another.
    const shopRow = await db.shop.findUniqueOrThrow({ where: { id: s.shop.shopId } });
    expect(await openReturnCase(shopRow, mirrored.shopifyId)).toEqual({ kind: "already", caseId: kase.id });

    expect(await db.selfServiceEvent.findMany({ where: { shopId: s.shop.shopId } })).toEqual([
      expect.objectContaining({ kind: "RETURN_REQUESTED", orderId: order.id, customerId: s.ada.id }),
    ]);

    // The other shirt can still be returned; a second request for two is refused (one is already in a return),
    // and joins the same open return case when it goes through.
    const tooMany = await postReturn(s, { order: "1001", items: [{ lineItemId: String(shirt.shopifyId), quantity: 2, reason: "SIZE_TOO_SMALL" }] });
    expect(tooMany.status).toBe(400);
    expect((await body<{ error: { message: string } }>(tooMany)).error.message).toBe('You can return at most 1 of "Linen shirt".');
    const second = await postReturn(s, { order: "1001", items: [{ lineItemId: String(shirt.shopifyId), quantity: 1, reason: "DEFECTIVE" }] });
    expect(second.status).toBe(201);
    expect((await body<StorefrontReturnRequest>(second)).case.number).toBe(answer.case.number);
    expect(await db.message.count({ where: { caseId: kase.id } })).toBe(2);
  });

  it("fills a second return from the shipment lines earlier returns left, across a split shipment", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { restockingFeePercent: "0", returnShippingFee: "0" });
    // 3 tees: 2 in the first parcel, 1 in a later one.
    const order = await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [{ title: "Tee", quantity: 3, shipped: 2 }],
      fulfillment: { createdAt: daysAgo(8), deliveredAt: daysAgo(6) },
    });
    const later = await addFulfillment(s.shop.shopId, order, { lines: { 0: 1 }, createdAt: daysAgo(5), deliveredAt: daysAgo(3) });
    const tee = order.lines[0];
    const fli = (id: bigint | null) => `gid://shopify/FulfillmentLineItem/${id}`;
    const request = (quantity: number) => postReturn(s, { order: "1001", items: [{ lineItemId: tee.gid, quantity, reason: "OTHER" }] });

    expect((await request(1)).status).toBe(201);
    expect((await request(1)).status).toBe(201);
    expect((await request(1)).status).toBe(201);
    const sent = mock.callsTo("StorefrontReturnRequest").map((c) => (c.variables as { input: { returnLineItems: unknown[] } }).input.returnLineItems);
    expect(sent).toEqual([
      [{ fulfillmentLineItemId: fli(later.lineShopifyIds[0]), quantity: 1, returnReason: "OTHER" }],
      [{ fulfillmentLineItemId: fli(tee.fulfillmentLineShopifyId), quantity: 1, returnReason: "OTHER" }],
      [{ fulfillmentLineItemId: fli(tee.fulfillmentLineShopifyId), quantity: 1, returnReason: "OTHER" }],
    ]);
    expect((await request(1)).status).toBe(400);
    expect(mock.callsTo("StorefrontReturnRequest")).toHaveLength(3);
  });

  it("a declined return gives its shipment line back; a request spanning two shipments is split between them", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { restockingFeePercent: "0", returnShippingFee: "0" });
    const order = await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [{ title: "Tee", quantity: 3, shipped: 2 }],
      fulfillment: { createdAt: daysAgo(8), deliveredAt: daysAgo(6) },
    });
    const later = await addFulfillment(s.shop.shopId, order, { lines: { 0: 1 }, createdAt: daysAgo(5), deliveredAt: daysAgo(3) });
    const tee = order.lines[0];
    // An earlier return for one tee (live) and one for two (declined): only the live one holds a shipment line.
    for (const [n, status, quantity] of [[9001n, "OPEN", 1], [9002n, "DECLINED", 2]] as const) {
      await db.return.create({
        data: {
          shopId: s.shop.shopId,
          orderId: order.id,
          shopifyId: n,
          status,
          requestedAt: daysAgo(2),
          lines: { create: [{ shopId: s.shop.shopId, lineItemId: tee.id, quantity, reason: "OTHER" }] },
        },
      });
    }
    const r = await postReturn(s, { order: "1001", items: [{ lineItemId: tee.gid, quantity: 2, reason: "DEFECTIVE" }] });
    expect(r.status).toBe(201);
    expect(mock.callsTo("StorefrontReturnRequest")[0].variables).toEqual({
      input: {
        orderId: `gid://shopify/Order/${order.shopifyId}`,
        returnLineItems: [{ fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${tee.fulfillmentLineShopifyId}`, quantity: 2, returnReason: "DEFECTIVE" }],
      },
    });
    void later;
  });

  it("approves at once when the auto-approve rules match, and not otherwise", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { restockingFeePercent: "0", returnShippingFee: "0", autoApprove: { enabled: true, reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE"], maxOrderTotal: "150.00" } });
    const order = await deliveredOrder(s);
    const shirt = order.lines[0];

    const notMatching = await postReturn(s, { order: "1001", items: [{ lineItemId: shirt.gid, quantity: 1, reason: "DEFECTIVE" }] });
    expect(notMatching.status).toBe(201);
    expect((await body<StorefrontReturnRequest>(notMatching)).return).toMatchObject({ status: "requested", approved: false });
    expect(mock.callsTo("ReturnApproveRequest")).toHaveLength(0);
    expect(mock.callsTo("StorefrontReturnRequest")[0].variables).toEqual({
      input: {
        orderId: `gid://shopify/Order/${order.shopifyId}`,
        returnLineItems: [{ fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${shirt.fulfillmentLineShopifyId}`, quantity: 1, returnReason: "DEFECTIVE" }],
      },
    });

    const matching = await postReturn(s, { order: "1001", items: [{ lineItemId: shirt.gid, quantity: 1, reason: "SIZE_TOO_LARGE" }] });
    expect(matching.status).toBe(201);
    const answer = await body<StorefrontReturnRequest>(matching);
    expect(answer.return).toMatchObject({ status: "open", approved: true });
    expect(answer.message).toMatch(/is approved/);
    const approve = mock.callsTo("ReturnApproveRequest");
    expect(approve).toHaveLength(1);
    expect(approve[0].variables).toEqual({ input: { id: answer.return.id, notifyCustomer: true } });
    const mirrored = await db.return.findFirstOrThrow({ where: { shopId: s.shop.shopId, shopifyId: BigInt(answer.return.id.split("/").pop()!) } });
    expect(mirrored.status).toBe("OPEN");
    expect(mirrored.approvedAt).not.toBeNull();
  });

  it("leaves the request for staff when Shopify refuses the automatic approval", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { autoApprove: { enabled: true, reasons: ["SIZE_TOO_SMALL"] } });
    const order = await deliveredOrder(s);
    mock.use("ReturnApproveRequest", () => ({
      returnApproveRequest: { return: null, userErrors: [{ field: ["input", "id"], message: "Return is not approvable.", code: "INVALID_STATE" }] },
    }));
    const r = await postReturn(s, { order: "1001", items: [{ lineItemId: order.lines[0].gid, quantity: 1, reason: "SIZE_TOO_SMALL" }] });
    expect(r.status).toBe(201);
    expect((await body<StorefrontReturnRequest>(r)).return).toMatchObject({ status: "requested", approved: false });
    expect(mock.callsTo("ReturnApproveRequest")).toHaveLength(1);
    expect((await db.return.findFirstOrThrow({ where: { shopId: s.shop.shopId } })).status).toBe("REQUESTED");
  });

  it("does not auto-approve above the order total limit", async () => {
    const s = await storefrontShop();
    await withPolicy(s, { autoApprove: { enabled: true, reasons: ["SIZE_TOO_SMALL"], maxOrderTotal: "100.00" } });
    const order = await deliveredOrder(s); // total 102.20
    const r = await postReturn(s, { order: "1001", items: [{ lineItemId: order.lines[0].gid, quantity: 1, reason: "SIZE_TOO_SMALL" }] });
    expect((await body<StorefrontReturnRequest>(r)).return.approved).toBe(false);
    expect(mock.callsTo("ReturnApproveRequest")).toHaveLength(0);
  });

  it("a double submit asks Shopify for one return: the second is told to wait (409)", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const order = await deliveredOrder(s);
    const request = { order: "1001", items: [{ lineItemId: order.lines[0].gid, quantity: 1, reason: "SIZE_TOO_SMALL" }] };
    const [a, b] = await Promise.all([postReturn(s, request), postReturn(s, request)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(mock.callsTo("StorefrontReturnRequest")).toHaveLength(1);
  });

  it("appends to the customer's open return case for the order", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const order = await deliveredOrder(s);
    const existing = await createTestCase(s.shop.shopId, { topic: "RETURN", status: "PENDING", customerEmail: "ada@example.com", customerId: s.ada.id });
    await db.caseOrder.create({ data: { shopId: s.shop.shopId, caseId: existing.id, orderId: order.id } });
    const r = await postReturn(s, { order: "1001", items: [{ lineItemId: order.lines[0].gid, quantity: 1, reason: "OTHER" }] });
    expect((await body<StorefrontReturnRequest>(r)).case.number).toBe(existing.number);
    const after = await db.case.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after.status).toBe("OPEN");
  });

  it("refuses guests, ineligible items, bad quantities and reasons with clear errors", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const order = await deliveredOrder(s);
    const [shirt, scarf] = order.lines;

    const guest = await postReturn(s, { order: "1001", items: [{ lineItemId: shirt.gid, quantity: 1, reason: "OTHER" }] }, null);
    expect(guest.status).toBe(401);
    expect((await body<{ error: { message: string } }>(guest)).error.message).toMatch(/^Sign in to request a return/);

    const cases: [unknown, RegExp][] = [
      [{ order: "1001", items: [{ lineItemId: scarf.gid, quantity: 1, reason: "OTHER" }] }, /"Clearance scarf" can't be returned: it is final sale/],
      [{ order: "1001", items: [{ lineItemId: shirt.gid, quantity: 3, reason: "OTHER" }] }, /at most 2 of "Linen shirt"/],
      [{ order: "1001", items: [{ lineItemId: shirt.gid, quantity: 1, reason: "UNWANTED" }] }, /Choose one of the store's return reasons/],
      [{ order: "1001", items: [{ lineItemId: shirt.gid, quantity: 1, reason: "BORED" }] }, /Choose a reason for each item/],
      [{ order: "1001", items: [] }, /Choose at least one item/],
      [{ order: "1001", items: [{ lineItemId: "gid://shopify/LineItem/1", quantity: 1, reason: "OTHER" }] }, /not part of #1001/],
      [{ items: [{ lineItemId: shirt.gid, quantity: 1, reason: "OTHER" }] }, /order number/],
      [{ order: "1001", items: [{ lineItemId: shirt.gid, quantity: 0, reason: "OTHER" }] }, /at least one/],
    ];
    for (const [payload, message] of cases) {
      const r = await postReturn(s, payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect((await body<{ error: { message: string } }>(r)).error.message).toMatch(message);
    }
    const notJson = await returnsAction(
      args(signedProxyRequest("/proxy/returns", { shop: s.shop.domain, loggedInCustomerId: s.ada.shopifyId, body: "{oops", headers: { "content-type": "application/json" } })),
    );
    expect(notJson.status).toBe(400);
    expect(mock.callsTo("StorefrontReturnRequest")).toHaveLength(0);

    const get = await returnsLoader(args(signedProxyRequest("/proxy/returns", { shop: s.shop.domain, loggedInCustomerId: s.ada.shopifyId })));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("passes Shopify's userErrors on in plain words, and answers 503 when Shopify can't be reached", async () => {
    const s = await storefrontShop();
    await withPolicy(s);
    const order = await deliveredOrder(s);
    const item = { lineItemId: order.lines[0].gid, quantity: 1, reason: "OTHER" };

    mock.use("StorefrontReturnRequest", () => ({
      returnRequest: { return: null, userErrors: [{ field: ["input"], message: "Return line item quantity exceeds the returnable quantity.", code: "INVALID" }] },
    }));
    const refused = await postReturn(s, { order: "1001", items: [item] });
    expect(refused.status).toBe(400);
    expect((await body<{ error: { message: string } }>(refused)).error.message).toBe(
      "The store could not accept this return: Return line item quantity exceeds the returnable quantity.",
    );

    mock.use("StorefrontReturnRequest", () => ({ errors: [{ message: "Internal error" }] }));
    const down = await postReturn(s, { order: "1001", items: [item] });
    expect(down.status).toBe(503);
    expect(await db.return.count({ where: { shopId: s.shop.shopId } })).toBe(0);
    expect(await db.case.count({ where: { shopId: s.shop.shopId } })).toBe(0);
  });
});
