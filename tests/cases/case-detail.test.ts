import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader } from "../../app/routes/app.cases.$id";
import { timelinePage } from "../../app/cases/case-detail.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request, id: string) => ({ request, params: { id }, context: {} });
const at = (iso: string) => new Date(iso);

async function openCase(shop: TestShop, id: string, query = "") {
  return loader(args(await embeddedRequest(`/app/cases/${id}${query}`, shop), id));
}

/** A customer with one delivered + refunded order and a return, on a case with messages and events. */
async function scenario(shop: TestShop, customerShopifyId = 9_000_000_006n) {
  const customer = await db.customer.create({
    data: { shopId: shop.shopId, shopifyId: customerShopifyId, email: "jo@example.com", firstName: "Jo", lastName: "Buyer", ordersCount: 0 },
  });
  const order = await createTestOrder(shop.shopId, {
    customerId: customer.id,
    email: "jo@example.com",
    totalPrice: "120.00",
    totalRefunded: "20.00",
    financialStatus: "PARTIALLY_REFUNDED",
    fulfillmentStatus: "FULFILLED",
  });
  const line = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: 11_000_001n, title: "Trail Runner", variantTitle: "42", quantity: 1, price: "100.00" },
  });
  await createTestFulfillment(shop.shopId, order.id, {
    trackingCompany: "UPS",
    trackingNumber: "1ZTRACK",
    trackingUrl: "https://www.ups.com/track?tracknum=1ZTRACK",
    shipmentStatus: "DELIVERED",
    deliveredAt: at("2026-11-03T15:00:00Z"),
    estimatedDeliveryAt: at("2026-11-03T00:00:00Z"),
  });
  await createTestFulfillment(shop.shopId, order.id, { trackingUrl: "javascript:alert(1)", trackingNumber: "BAD" });
  const refund = await db.refund.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: 12_000_001n, amount: "20.00", currencyCode: "USD", processedAt: at("2026-11-05T10:00:00Z"), shopifyCreatedAt: at("2026-11-05T10:00:00Z") },
  });
  await db.refundLineItem.create({ data: { shopId: shop.shopId, refundId: refund.id, lineItemId: line.id, quantity: 1, subtotal: "20.00" } });
  const ret = await db.return.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: 13_000_001n, name: "#R1", status: "REQUESTED", requestedAt: at("2026-11-06T10:00:00Z") },
  });
  await db.returnLineItem.create({ data: { shopId: shop.shopId, returnId: ret.id, lineItemId: line.id, quantity: 1, reason: "SIZE_TOO_SMALL", customerNote: "Too tight" } });

  const c = await createTestCase(shop.shopId, { customerId: customer.id, customerEmail: "jo@example.com", customerName: "Jo Buyer", subject: "Where are my shoes?" });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
  const m1 = await db.message.create({
    data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorName: "Jo Buyer", bodyText: "Where are they?", bodyHtml: '<p>Where are <b>they</b>?</p><img src="x" onerror="alert(1)"><script>alert(1)</script>', createdAt: at("2026-11-01T10:00:00Z") },
  });
  await db.caseEvent.create({
    data: { shopId: shop.shopId, caseId: c.id, orderId: order.id, type: "order_shipped", actorType: "SHOPIFY", dedupeKey: "fulfillment:1:shipped", data: { orderName: order.name, carrier: "UPS", trackingNumber: "1ZTRACK", trackingUrl: "javascript:alert(1)" }, occurredAt: at("2026-11-01T12:00:00Z") },
  });
  const m2 = await db.message.create({
    data: { shopId: shop.shopId, caseId: c.id, direction: "NOTE", channel: "ADMIN", authorType: "STAFF", authorStaffId: shop.staffId, authorName: "Ada Agent", bodyText: "Checking with UPS", createdAt: at("2026-11-02T09:00:00Z") },
  });
  await db.caseEvent.create({
    data: { shopId: shop.shopId, caseId: c.id, orderId: order.id, type: "delivered", actorType: "SHOPIFY", dedupeKey: "fulfillment:1:delivered", data: { orderName: order.name, carrier: "UPS" }, occurredAt: at("2026-11-03T15:00:00Z") },
  });
  await db.caseEvent.create({
    data: { shopId: shop.shopId, caseId: c.id, type: "suggestion", actorType: "SYSTEM", dedupeKey: "suggestion:fulfillment:1:delivered", data: { kind: "order_delivered", text: `Order ${order.name} was delivered — reply and resolve?` }, occurredAt: at("2026-11-03T15:00:01Z") },
  });
  const m3 = await db.message.create({
    data: { shopId: shop.shopId, caseId: c.id, direction: "OUTBOUND", channel: "EMAIL", authorType: "STAFF", authorName: "Ada Agent", bodyText: "It was delivered!", deliveryStatus: "SENT", createdAt: at("2026-11-02T10:00:00Z") },
  });
  return { customer, order, case: c, messages: [m1, m2, m3] };
}

describe("the case loader", () => {
  it("returns one timeline of messages, notes and events, oldest first, with the customer panel", async () => {
    const shop = await createInstalledShop();
    const s = await scenario(shop);
    const other = await createTestCase(shop.shopId, { customerId: s.customer.id, customerEmail: "jo@example.com", subject: "Gift wrap?" });

    const response = await openCase(shop, s.case.id);
    expect(response.status).toBe(200);
    const body = await response.json();

    expect(body.case).toMatchObject({ number: s.case.number, subject: "Where are my shoes?", status: "OPEN" });
    expect(body.timeline.map((i: { kind: string; type?: string; direction?: string }) => i.type ?? i.direction)).toEqual([
      "INBOUND",
      "order_shipped",
      "NOTE",
      "OUTBOUND",
      "delivered",
    ]);
    // Stored HTML is sanitised again on the way out; a javascript: tracking link never reaches the page.
    expect((body.timeline[0] as { html: string | null }).html).toBe("<p>Where are <b>they</b>?</p>");
    expect((body.timeline[1] as { data: Record<string, unknown> }).data.trackingUrl).toBeNull();
    expect(body.earlierCursor).toBeNull();
    // The delivered suggestion came after the last reply: it is still open.
    expect(body.suggestions).toEqual([expect.objectContaining({ kind: "order_delivered" })]);

    const panel = body.panel;
    expect(panel.customer).toMatchObject({ name: "Jo Buyer", email: "jo@example.com" });
    expect(panel.lifetime).toEqual({ orders: 1, spent: "100.00", currencyCode: "USD", firstTimeBuyer: true });
    expect(panel.otherCases.map((c: { id: string }) => c.id)).toEqual([other.id]);
    expect(panel.mergeCandidates.map((c: { id: string }) => c.id)).toEqual([other.id]);
    expect(panel.orders).toHaveLength(1);
    const order = panel.orders[0];
    expect(order).toMatchObject({ name: s.order.name, financialStatus: "PARTIALLY_REFUNDED", fulfillmentStatus: "FULFILLED", totalPrice: "120.00" });
    expect(order.lineItems).toEqual([expect.objectContaining({ title: "Trail Runner", variantTitle: "42", quantity: 1, price: "100.00" })]);
    expect(order.fulfillments[0]).toMatchObject({
      carrier: "UPS",
      trackingNumber: "1ZTRACK",
      trackingUrl: "https://www.ups.com/track?tracknum=1ZTRACK",
      deliveredAt: "2026-11-03T15:00:00.000Z",
      estimatedDeliveryAt: "2026-11-03T00:00:00.000Z",
    });
    expect(order.fulfillments[1]).toMatchObject({ trackingNumber: "BAD", trackingUrl: null });
    expect(order.refunds).toEqual([expect.objectContaining({ amount: "20.00", currencyCode: "USD", items: [{ title: "Trail Runner", quantity: 1 }] })]);
    expect(order.returns).toEqual([
      expect.objectContaining({ name: "#R1", status: "REQUESTED", items: [{ title: "Trail Runner", quantity: 1, reason: "SIZE_TOO_SMALL", note: "Too tight" }] }),
    ]);

    // Opening the case marks it read for this staff member (the inbox's unread markers).
    const read = await db.caseRead.findUnique({ where: { staffId_caseId: { staffId: shop.staffId, caseId: s.case.id } } });
    expect(read).not.toBeNull();
  });

  it("a repeat customer is not a first-time buyer; Shopify's totals win when they reach further back", async () => {
    const shop = await createInstalledShop();
    const s = await scenario(shop);
    await createTestOrder(shop.shopId, { customerId: s.customer.id, totalPrice: "30.00" });
    await createTestOrder(shop.shopId, { customerId: s.customer.id, totalPrice: "999.00", cancelledAt: new Date() });
    let panel = (await (await openCase(shop, s.case.id)).json()).panel;
    expect(panel.lifetime).toEqual({ orders: 2, spent: "130.00", currencyCode: "USD", firstTimeBuyer: false });

    await db.customer.update({ where: { id: s.customer.id }, data: { ordersCount: 14, totalSpent: "2310.50", currencyCode: "USD" } });
    panel = (await (await openCase(shop, s.case.id)).json()).panel;
    expect(panel.lifetime).toEqual({ orders: 14, spent: "2310.50", currencyCode: "USD", firstTimeBuyer: false });
  });

  it("another shop's case id, an unknown id and a malformed id are 404", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await createTestCase(other.shopId);
    for (const id of [theirs.id, "0190c4d2-0000-7000-8000-000000000000", "not-a-uuid"]) {
      const thrown = await openCase(shop, id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
      expect(JSON.stringify(await (thrown as Response).json())).not.toContain(theirs.subject + "x");
    }
    expect(await db.caseRead.count({ where: { caseId: theirs.id } })).toBe(0);
  });

  it("a merged case points at the case it was merged into", async () => {
    const shop = await createInstalledShop();
    const target = await createTestCase(shop.shopId, { subject: "Target" });
    const source = await createTestCase(shop.shopId, { mergedIntoId: target.id, status: "CLOSED" });
    const body = await (await openCase(shop, source.id)).json();
    expect(body.case.mergedInto).toEqual({ id: target.id, number: target.number, subject: "Target" });
  });

  it("pages a long timeline with a keyset cursor: latest page first, then earlier pages, nothing lost or repeated", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const t0 = Date.parse("2026-10-01T00:00:00Z");
    await db.message.createMany({
      data: Array.from({ length: 70 }, (_, i) => ({
        shopId: shop.shopId,
        caseId: c.id,
        direction: "INBOUND" as const,
        channel: "EMAIL" as const,
        authorType: "CUSTOMER" as const,
        bodyText: `message ${i}`,
        // Pairs share a timestamp: the id breaks the tie.
        createdAt: new Date(t0 + Math.floor(i / 2) * 60_000),
      })),
    });
    await db.caseEvent.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ shopId: shop.shopId, caseId: c.id, type: "in_transit", data: {}, occurredAt: new Date(t0 + i * 60_000 + 30_000) })),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?before=${encodeURIComponent(cursor)}` : "";
      const body = await (await openCase(shop, c.id, query)).json();
      expect(body.timeline.length).toBeLessThanOrEqual(50);
      const times = body.timeline.map((i: { at: string }) => i.at);
      expect([...times].sort()).toEqual(times);
      seen.unshift(...body.timeline.map((i: { id: string }) => i.id));
      cursor = body.earlierCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(110);
    expect(new Set(seen).size).toBe(110);
    const direct = await timelinePage(shop.shopId, c.id, null, 200);
    expect(direct.items.map((i) => i.id)).toEqual(seen);
  });

  it("a bad earlier-messages cursor is a 400, not a 500", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    for (const before of ["garbage", `99999_${c.id}`, `%2B275760-09-13T00:00:00.000Z_${c.id}`, `2026-02-30T00:00:00.000Z_${c.id}`]) {
      const thrown = await openCase(shop, c.id, `?before=${before}`).catch((e: unknown) => e);
      expect((thrown as Response).status, before).toBe(400);
    }
  });
});

describe("subscriptions in the customer panel", () => {
  it("shows the customer's contracts from the Admin API (status, next billing, last failed payment)", async () => {
    const shop = await createInstalledShop();
    const s = await scenario(shop, 9_000_000_006n);
    const body = await (await openCase(shop, s.case.id)).json();
    const subscriptions = body.subscriptions as { state: string; contracts: Record<string, unknown>[] };
    expect(subscriptions.state).toBe("ok");
    expect(subscriptions.contracts).toHaveLength(2);
    expect(subscriptions.contracts[0]).toMatchObject({ status: "ACTIVE", interval: "1:MONTH", lastFailedPayment: null });
    expect(subscriptions.contracts[0].nextBillingDate).toEqual(expect.any(String));
    expect(subscriptions.contracts[1]).toMatchObject({ status: "PAUSED", lastFailedPayment: { reason: "Card declined", at: expect.any(String) } });
    const calls = shopifyAdminMock().callsTo("CustomerSubscriptionContracts");
    expect(calls).toHaveLength(1);
    expect(calls[0].variables).toEqual({ customerId: "gid://shopify/Customer/9000000006" });
  });

  it("a customer without contracts shows none; a guest is not looked up", async () => {
    const shop = await createInstalledShop();
    const s = await scenario(shop, 9_000_000_001n);
    expect((await (await openCase(shop, s.case.id)).json()).subscriptions).toEqual({ state: "ok", contracts: [], source: "live", canEmail: false });
    const guest = await createTestCase(shop.shopId, { customerEmail: "guest@example.com" });
    shopifyAdminMock().reset();
    expect((await (await openCase(shop, guest.id)).json()).subscriptions).toEqual({ state: "none" });
    expect(shopifyAdminMock().callsTo("CustomerSubscriptionContracts")).toHaveLength(0);
  });

  it("a failing query (missing scope, Shopify error) leaves the rest of the panel and a quiet note", async () => {
    const shop = await createInstalledShop();
    const s = await scenario(shop);
    shopifyAdminMock().use("CustomerSubscriptionContracts", () => ({
      errors: [{ message: "Access denied for subscriptionContracts field. Required access: `read_own_subscription_contracts` access scope.", extensions: { code: "ACCESS_DENIED" } }],
    }));
    let response = await openCase(shop, s.case.id);
    expect(response.status).toBe(200);
    let body = await response.json();
    expect(body.subscriptions).toEqual({ state: "unavailable", reason: "scope" });
    expect(body.panel.orders).toHaveLength(1);

    shopifyAdminMock().use("CustomerSubscriptionContracts", () => ({ errors: [{ message: "Internal error. Looks like something went wrong on our end." }] }));
    response = await openCase(shop, s.case.id);
    body = await response.json();
    expect(body.subscriptions).toEqual({ state: "unavailable", reason: "error" });

    // A shop that has not granted the scope yet is not asked at all.
    await db.shop.update({ where: { id: shop.shopId }, data: { scopes: "read_orders,read_customers" } });
    shopifyAdminMock().reset();
    body = await (await openCase(shop, s.case.id)).json();
    expect(body.subscriptions).toEqual({ state: "unavailable", reason: "scope" });
    expect(shopifyAdminMock().callsTo("CustomerSubscriptionContracts")).toHaveLength(0);
  });
});
