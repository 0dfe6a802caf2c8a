import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { orderWebhookHandlers } from "../../app/orders/handlers.server";
import { InvalidPayloadError } from "../../app/orders/webhook-payloads";
import type { WebhookOutcome } from "../../app/webhooks/types";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { handlerContext } from "../helpers/webhooks";
import {
  buildOrderForMirror,
  loadWebhookFixture,
  order1001State,
  type RestFulfillment,
  type RestOrder,
} from "../mocks/shopify-admin-orders";

const adminMock = shopifyAdminMock();

const ORDER_1001 = 5940139491234n;
const ORDER_1002 = 5940139491235n;
const FULFILLMENT = 5623847192011n;
const RETURN_1 = 3547267221n;

/** A delivery as the job engine hands it to a handler. */
async function deliver(
  shop: TestShop,
  topic: string,
  payload: unknown,
  triggeredAt: string | null = null,
): Promise<WebhookOutcome> {
  const ctx = await handlerContext(shop.domain, topic, { payload, triggeredAt });
  const handler = orderWebhookHandlers[topic];
  if (!handler) throw new Error(`no handler for ${topic}`);
  return handler(ctx);
}

const fixture = (name: string) => loadWebhookFixture(name);

/** The deliveries of order #1001 in the order Shopify sends them, with their X-Shopify-Triggered-At. */
const IN_ORDER: [topic: string, fixture: string, triggeredAt: string][] = [
  ["orders/create", "orders-create", "2026-11-10T15:30:14Z"],
  ["fulfillments/create", "fulfillments-create", "2026-11-11T14:15:40Z"],
  ["orders/updated", "orders-updated", "2026-11-11T14:15:44Z"],
  ["fulfillments/update", "fulfillments-update", "2026-11-11T23:40:02Z"],
  ["fulfillment_events/create", "fulfillment_events-create-out-for-delivery", "2026-11-13T13:05:31Z"],
  ["fulfillment_events/create", "fulfillment_events-create", "2026-11-13T19:02:17Z"],
  ["refunds/create", "refunds-create", "2026-11-15T16:20:05Z"],
];

/** Everything the mirror holds about one order, in a form two shops can be compared by. */
async function snapshot(shopId: string, shopifyId: bigint) {
  const order = await db.order.findUniqueOrThrow({
    where: { shopId_shopifyId: { shopId, shopifyId } },
    include: {
      customer: true,
      lineItems: { orderBy: { shopifyId: "asc" } },
      fulfillments: { include: { lines: { include: { lineItem: true } }, events: { orderBy: { happenedAt: "asc" } } } },
      refunds: { include: { lines: { include: { lineItem: true } } } },
    },
  });
  return {
    order: {
      name: order.name,
      orderNumber: order.orderNumber,
      email: order.email,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      totalPrice: order.totalPrice.toFixed(2),
      totalRefunded: order.totalRefunded.toFixed(2),
      totalShipping: order.totalShipping.toFixed(2),
      tags: order.tags,
      note: order.note,
      cancelledAt: order.cancelledAt?.toISOString() ?? null,
      shopifyUpdatedAt: order.shopifyUpdatedAt.toISOString(),
      customer: order.customer && { shopifyId: order.customer.shopifyId, email: order.customer.email },
    },
    lineItems: order.lineItems.map((l) => ({
      shopifyId: l.shopifyId,
      title: l.title,
      quantity: l.quantity,
      price: l.price.toFixed(2),
      sku: l.sku,
    })),
    fulfillments: order.fulfillments.map((f) => ({
      shopifyId: f.shopifyId,
      status: f.status,
      shipmentStatus: f.shipmentStatus,
      trackingCompany: f.trackingCompany,
      trackingNumber: f.trackingNumber,
      trackingUrl: f.trackingUrl,
      deliveredAt: f.deliveredAt?.toISOString() ?? null,
      inTransitAt: f.inTransitAt?.toISOString() ?? null,
      shopifyUpdatedAt: f.shopifyUpdatedAt.toISOString(),
      lines: f.lines.map((l) => [l.lineItem.shopifyId, l.quantity]).sort(),
      events: f.events.map((e) => [e.shopifyId, e.status, e.happenedAt.toISOString()]),
    })),
    refunds: order.refunds.map((r) => ({
      shopifyId: r.shopifyId,
      amount: r.amount.toFixed(2),
      currencyCode: r.currencyCode,
      lines: r.lines.map((l) => [l.lineItem?.shopifyId, l.quantity, l.subtotal.toFixed(2)]),
    })),
  };
}

describe("order webhooks, one topic at a time", () => {
  it("orders/create mirrors the order, its lines and its customer", async () => {
    const shop = await createInstalledShop();
    expect(await deliver(shop, "orders/create", fixture("orders-create"), "2026-11-10T15:30:14Z")).toBe("applied");

    const order = await db.order.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } },
      include: { lineItems: { orderBy: { shopifyId: "asc" } }, customer: true },
    });
    expect(order).toMatchObject({
      name: "#1001",
      orderNumber: 1001,
      email: "sofia.reyes@example.com",
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      currencyCode: "USD",
      shippingMethod: "Standard Shipping",
      discountCodes: ["WELCOME10"],
      paymentGateways: ["shopify_payments"],
    });
    expect(order.totalPrice.toFixed(2)).toBe("168.63");
    expect(order.subtotalPrice.toFixed(2)).toBe("148.50");
    expect(order.totalShipping.toFixed(2)).toBe("6.95");
    expect(order.totalTax.toFixed(2)).toBe("13.18");
    expect(order.processedAt.toISOString()).toBe("2026-11-10T15:30:11.000Z");
    expect(order.shopifyUpdatedAt.toISOString()).toBe("2026-11-10T15:30:14.000Z");
    expect(order.shippingAddress).toMatchObject({ city: "Brooklyn", zip: "11217", country_code: "US" });
    expect(
      order.lineItems.map((l) => [l.title, l.variantTitle, l.quantity, l.price.toFixed(2), l.totalDiscount.toFixed(2)]),
    ).toEqual([
      ["Trailhead Rain Jacket", "M / Slate Blue", 1, "129.00", "0.00"],
      ["Merino Hiking Socks", "L", 2, "18.00", "0.00"],
    ]);
    expect(order.customer).toMatchObject({
      shopifyId: 7029431102139n,
      email: "sofia.reyes@example.com",
      firstName: "Sofia",
      lastName: "Reyes",
    });
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(0);
  });

  it("orders/cancelled records the cancellation", async () => {
    const shop = await createInstalledShop();
    expect(await deliver(shop, "orders/cancelled", fixture("orders-cancelled"), "2026-11-12T21:05:09Z")).toBe(
      "applied",
    );
    const order = await db.order.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1002 } },
    });
    expect(order).toMatchObject({ name: "#1002", financialStatus: "VOIDED", cancelReason: "customer" });
    expect(order.cancelledAt?.toISOString()).toBe("2026-11-12T21:05:08.000Z");
  });

  it("orders/updated brings the newer version and its fulfillments", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/create", fixture("orders-create"));
    expect(await deliver(shop, "orders/updated", fixture("orders-updated"))).toBe("applied");
    const { order, fulfillments } = await snapshot(shop.shopId, ORDER_1001);
    expect(order).toMatchObject({
      fulfillmentStatus: "FULFILLED",
      tags: ["gift-wrap"],
      note: "Please wrap the socks separately.",
    });
    expect(fulfillments).toEqual([
      expect.objectContaining({ shopifyId: FULFILLMENT, status: "SUCCESS", trackingNumber: "1Z999AA10123456784" }),
    ]);
  });

  it("fulfillments/create and /update keep tracking, lines and the carrier status", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/create", fixture("orders-create"));
    expect(await deliver(shop, "fulfillments/create", fixture("fulfillments-create"))).toBe("applied");
    expect(await deliver(shop, "fulfillments/update", fixture("fulfillments-update"))).toBe("applied");

    const f = await db.fulfillment.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: FULFILLMENT } },
      include: { lines: { include: { lineItem: true } } },
    });
    expect(f).toMatchObject({
      name: "#1001.1",
      status: "SUCCESS",
      shipmentStatus: "IN_TRANSIT",
      trackingCompany: "UPS",
      trackingNumber: "1Z999AA10123456784",
      trackingNumbers: ["1Z999AA10123456784"],
      trackingUrl: expect.stringContaining("ups.com"),
    });
    expect(f.inTransitAt?.toISOString()).toBe("2026-11-11T23:40:02.000Z");
    expect(f.lines.map((l) => [l.lineItem.title, l.quantity]).sort()).toEqual([
      ["Merino Hiking Socks", 2],
      ["Trailhead Rain Jacket", 1],
    ]);
    // The order had not heard of the fulfillment yet, but the mirror knows every item shipped.
    expect(
      (await db.order.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: ORDER_1001 } })).fulfillmentStatus,
    ).toBe("FULFILLED");
  });

  it("fulfillment_events/create records carrier events and the delivery", async () => {
    const shop = await createInstalledShop();
    for (const [topic, name, at] of IN_ORDER.slice(0, 4)) await deliver(shop, topic, fixture(name), at);
    expect(
      await deliver(shop, "fulfillment_events/create", fixture("fulfillment_events-create-out-for-delivery")),
    ).toBe("applied");
    expect(await deliver(shop, "fulfillment_events/create", fixture("fulfillment_events-create"))).toBe("applied");

    const f = await db.fulfillment.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: FULFILLMENT } },
      include: { events: { orderBy: { happenedAt: "asc" } } },
    });
    expect(f.shipmentStatus).toBe("DELIVERED");
    expect(f.deliveredAt?.toISOString()).toBe("2026-11-13T19:02:17.000Z");
    expect(f.estimatedDeliveryAt?.toISOString()).toBe("2026-11-14T01:00:00.000Z");
    expect(f.events.map((e) => [e.status, e.message, e.city])).toEqual([
      ["OUT_FOR_DELIVERY", "Out for delivery", "Brooklyn"],
      ["DELIVERED", "Delivered: left at front door", "Brooklyn"],
    ]);
  });

  it("refunds/create records the refund and keeps the order's totals and status coherent", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/create", fixture("orders-create"));
    expect(await deliver(shop, "refunds/create", fixture("refunds-create"))).toBe("applied");

    const refund = await db.refund.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: 1023456789012n } },
      include: { lines: { include: { lineItem: true } } },
    });
    expect(refund).toMatchObject({ currencyCode: "USD", note: "One pair arrived with a hole", restocked: false });
    expect(refund.amount.toFixed(2)).toBe("17.64");
    expect(
      refund.lines.map((l) => [
        l.lineItem?.title,
        l.quantity,
        l.subtotal.toFixed(2),
        l.totalTax.toFixed(2),
        l.restockType,
      ]),
    ).toEqual([["Merino Hiking Socks", 1, "16.20", "1.44", "no_restock"]]);
    const order = await db.order.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: ORDER_1001 } });
    expect(order.totalRefunded.toFixed(2)).toBe("17.64");
    expect(order.financialStatus).toBe("PARTIALLY_REFUNDED");
  });

  it("returns/* follow the return through request, approval, processing, closing and reopening", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/create", fixture("orders-create"));
    await deliver(shop, "fulfillments/create", fixture("fulfillments-create"));
    const where = { shopId_shopifyId: { shopId: shop.shopId, shopifyId: RETURN_1 } };

    expect(await deliver(shop, "returns/request", fixture("returns-request"), "2026-11-16T14:02:11Z")).toBe("applied");
    const requested = await db.return.findUniqueOrThrow({ where, include: { lines: { include: { lineItem: true } } } });
    expect(requested).toMatchObject({ name: "#1001-R1", status: "REQUESTED", approvedAt: null });
    expect(requested.requestedAt.toISOString()).toBe("2026-11-16T14:02:11.000Z");
    expect(requested.lines.map((l) => [l.lineItem?.title, l.quantity, l.reason, l.customerNote])).toEqual([
      ["Trailhead Rain Jacket", 1, "SIZE_TOO_LARGE", "Could I get a size S instead?"],
    ]);

    expect(await deliver(shop, "returns/approve", fixture("returns-approve"), "2026-11-16T18:30:40Z")).toBe("applied");
    const approved = await db.return.findUniqueOrThrow({ where, include: { lines: true } });
    expect(approved.status).toBe("OPEN");
    expect(approved.approvedAt?.toISOString()).toBe("2026-11-16T18:30:40.000Z");
    expect(approved.lines).toHaveLength(1); // the approve payload lists no lines: the request's stay

    expect(await deliver(shop, "returns/process", fixture("returns-process"), "2026-11-20T15:00:00Z")).toBe("applied");
    expect(await deliver(shop, "returns/close", fixture("returns-close"), "2026-11-20T15:00:05Z")).toBe("applied");
    const closed = await db.return.findUniqueOrThrow({ where });
    expect(closed.status).toBe("CLOSED");
    expect(closed.closedAt?.toISOString()).toBe("2026-11-20T15:00:05.000Z");

    expect(await deliver(shop, "returns/reopen", fixture("returns-reopen"), "2026-11-21T10:00:00Z")).toBe("applied");
    expect(await db.return.findUniqueOrThrow({ where })).toMatchObject({ status: "OPEN", closedAt: null });
  });

  it("returns/decline and returns/cancel record the outcome, even for a return first seen then", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/create", fixture("orders-create"));
    expect(await deliver(shop, "returns/decline", fixture("returns-decline"), "2026-11-17T12:00:00Z")).toBe("applied");
    expect(await deliver(shop, "returns/cancel", fixture("returns-cancel"), "2026-11-17T12:10:00Z")).toBe("applied");
    const returns = await db.return.findMany({ where: { shopId: shop.shopId }, orderBy: { shopifyId: "asc" } });
    expect(returns.map((r) => [r.shopifyId, r.status, r.declineReason, r.declineNote])).toEqual([
      [3547267222n, "DECLINED", "FINAL_SALE", "Worn socks are final sale."],
      [3547267223n, "CANCELED", null, null],
    ]);
  });

  it("customers/update refreshes a mirrored customer, ignores unknown ones and older versions", async () => {
    const shop = await createInstalledShop();
    expect(await deliver(shop, "customers/update", fixture("customers-update"))).toBe("ignored");
    await deliver(shop, "orders/create", fixture("orders-create"));
    expect(await deliver(shop, "customers/update", fixture("customers-update"))).toBe("applied");
    const customer = await db.customer.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: 7029431102139n } });
    expect(customer).toMatchObject({ lastName: "Reyes-Marín", phone: "+17185550142", tags: ["vip", "newsletter"] });
    expect(await deliver(shop, "customers/update", fixture("customers-update"))).toBe("stale");
    // An order delivered late carries an older copy of the customer: it does not undo the update.
    await deliver(shop, "orders/updated", fixture("orders-updated"));
    expect(
      await db.customer.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: 7029431102139n } }),
    ).toMatchObject({ lastName: "Reyes-Marín" });
  });
});

describe("the same delivery applied three times", () => {
  const cases: [string, string, string][] = [
    ["orders/create", "orders-create", "2026-11-10T15:30:14Z"],
    ["orders/cancelled", "orders-cancelled", "2026-11-12T21:05:09Z"],
    ["fulfillments/create", "fulfillments-create", "2026-11-11T14:15:40Z"],
    ["fulfillments/update", "fulfillments-update", "2026-11-11T23:40:02Z"],
    ["fulfillment_events/create", "fulfillment_events-create", "2026-11-13T19:02:17Z"],
    ["refunds/create", "refunds-create", "2026-11-15T16:20:05Z"],
    ["returns/request", "returns-request", "2026-11-16T14:02:11Z"],
    ["returns/approve", "returns-approve", "2026-11-16T18:30:40Z"],
    ["returns/decline", "returns-decline", "2026-11-17T12:00:00Z"],
    ["returns/close", "returns-close", "2026-11-20T15:00:05Z"],
  ];

  it.each(cases)("%s: applied once, then stale, and nothing is duplicated", async (topic, name, at) => {
    const shop = await createInstalledShop();
    if (!topic.startsWith("orders/"))
      await deliver(shop, "orders/create", fixture("orders-create"), "2026-11-10T15:30:14Z");
    if (topic.startsWith("fulfillment_events/"))
      await deliver(shop, "fulfillments/create", fixture("fulfillments-create"), "2026-11-11T14:15:40Z");
    const counts = () =>
      Promise.all([
        db.order.count({ where: { shopId: shop.shopId } }),
        db.lineItem.count({ where: { shopId: shop.shopId } }),
        db.customer.count({ where: { shopId: shop.shopId } }),
        db.fulfillment.count({ where: { shopId: shop.shopId } }),
        db.fulfillmentLineItem.count({ where: { shopId: shop.shopId } }),
        db.fulfillmentEvent.count({ where: { shopId: shop.shopId } }),
        db.refund.count({ where: { shopId: shop.shopId } }),
        db.refundLineItem.count({ where: { shopId: shop.shopId } }),
        db.return.count({ where: { shopId: shop.shopId } }),
        db.returnLineItem.count({ where: { shopId: shop.shopId } }),
      ]);

    const outcomes = [await deliver(shop, topic, fixture(name), at)];
    const after = await counts();
    outcomes.push(await deliver(shop, topic, fixture(name), at), await deliver(shop, topic, fixture(name), at));

    expect(outcomes).toEqual(["applied", "stale", "stale"]);
    expect(await counts()).toEqual(after);
  });
});

describe("deliveries out of order end in the in-order state", () => {
  async function inOrderShop() {
    const shop = await createInstalledShop();
    for (const [topic, name, at] of IN_ORDER) await deliver(shop, topic, fixture(name), at);
    return shop;
  }

  it("the in-order sequence itself", async () => {
    const shop = await inOrderShop();
    const state = await snapshot(shop.shopId, ORDER_1001);
    expect(state.order).toMatchObject({
      financialStatus: "PARTIALLY_REFUNDED",
      fulfillmentStatus: "FULFILLED",
      totalRefunded: "17.64",
      tags: ["gift-wrap"],
    });
    expect(state.fulfillments[0]).toMatchObject({
      shipmentStatus: "DELIVERED",
      deliveredAt: "2026-11-13T19:02:17.000Z",
      inTransitAt: "2026-11-11T23:40:02.000Z",
    });
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(0);
  });

  it("a fulfillment before its order: the order is fetched from the Admin API first", async () => {
    const expected = await snapshot((await inOrderShop()).shopId, ORDER_1001);
    const shop = await createInstalledShop();
    // Shopify's answer now: the whole order as it stands after every delivery (no returns in this story).
    adminMock.use("OrderForMirror", ({ variables }) =>
      variables.id === "gid://shopify/Order/5940139491234"
        ? { order: buildOrderForMirror({ ...order1001State(), returns: [] }) }
        : { order: null },
    );

    expect(await deliver(shop, "fulfillments/create", fixture("fulfillments-create"), "2026-11-11T14:15:40Z")).toBe(
      "applied",
    );
    expect(adminMock.callsTo("OrderForMirror")).toEqual([
      expect.objectContaining({
        shop: shop.domain,
        accessToken: "shpat_offline_test",
        variables: { id: "gid://shopify/Order/5940139491234" },
      }),
    ]);
    // The rest arrives shuffled; every one of them is already reflected.
    const rest = [IN_ORDER[5], IN_ORDER[0], IN_ORDER[6], IN_ORDER[3], IN_ORDER[2], IN_ORDER[4]];
    for (const [topic, name, at] of rest) expect(await deliver(shop, topic, fixture(name), at)).toBe("stale");

    expect(await snapshot(shop.shopId, ORDER_1001)).toEqual(expected);
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(1);
    // The Admin API also brought what REST payloads lack.
    const jacket = await db.lineItem.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: 14826352984194n } });
    expect(jacket).toMatchObject({
      productType: "Outerwear",
      productTags: ["outerwear", "rain"],
      imageUrl: expect.stringContaining("cdn.shopify.com"),
    });
  });

  it("updated before create, an old update after a new one, events before the fulfillment update", async () => {
    const expected = await snapshot((await inOrderShop()).shopId, ORDER_1001);
    const shop = await createInstalledShop();
    const shuffled = [IN_ORDER[2], IN_ORDER[5], IN_ORDER[6], IN_ORDER[0], IN_ORDER[4], IN_ORDER[3], IN_ORDER[1]];
    const outcomes: WebhookOutcome[] = [];
    for (const [topic, name, at] of shuffled) outcomes.push(await deliver(shop, topic, fixture(name), at));

    // orders/updated creates the order with its fulfillment; the late orders/create and the older
    // fulfillments/create change nothing; the fulfillment update still lands, but does not undo the delivery.
    expect(outcomes).toEqual(["applied", "applied", "applied", "stale", "applied", "applied", "stale"]);
    expect(await snapshot(shop.shopId, ORDER_1001)).toEqual(expected);
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(0);
  });

  it("an older orders/updated after a newer one is stale", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/updated", fixture("orders-updated"));
    const newer = await snapshot(shop.shopId, ORDER_1001);
    expect(await deliver(shop, "orders/updated", fixture("orders-create"))).toBe("stale");
    expect(await snapshot(shop.shopId, ORDER_1001)).toEqual(newer);
  });

  it("a version without updated_at is ordered by X-Shopify-Triggered-At", async () => {
    const shop = await createInstalledShop();
    const withoutVersion = (tags: string) => ({ ...fixture("orders-create"), updated_at: undefined, tags });
    expect(await deliver(shop, "orders/updated", withoutVersion("second"), "2026-11-10T16:00:00Z")).toBe("applied");
    expect(await deliver(shop, "orders/updated", withoutVersion("first"), "2026-11-10T15:45:00Z")).toBe("stale");
    expect((await db.order.findFirstOrThrow({ where: { shopId: shop.shopId } })).tags).toEqual(["second"]);
  });

  it("a refund for an order the mirror never saw fetches it; an order Shopify no longer has is ignored", async () => {
    const shop = await createInstalledShop();
    expect(await deliver(shop, "refunds/create", fixture("refunds-create"))).toBe("applied");
    const order = await db.order.findFirstOrThrow({
      where: { shopId: shop.shopId, shopifyId: ORDER_1001 },
      include: { refunds: true, returns: true },
    });
    expect(order.refunds).toHaveLength(1);
    expect(order.returns.map((r) => [r.name, r.status, r.reverseCarrier])).toEqual([["#1001-R1", "OPEN", "USPS"]]);

    const other = await createInstalledShop();
    const orphan = { ...fixture("refunds-create"), order_id: 5940100000000 };
    expect(await deliver(other, "refunds/create", orphan)).toBe("ignored");
    expect(await db.order.count({ where: { shopId: other.shopId } })).toBe(0);
  });

  it("a returns/close that names only the return asks Shopify for its order", async () => {
    const shop = await createInstalledShop();
    const closed = order1001State();
    closed.returns = closed.returns!.map((r) => ({
      ...r,
      status: "CLOSED" as const,
      closedAt: "2026-11-20T10:00:05-05:00",
    }));
    adminMock.use("OrderForMirror", () => ({ order: buildOrderForMirror(closed) }));
    const payload = { id: 3547267221, admin_graphql_api_id: "gid://shopify/Return/3547267221", status: "closed" };
    expect(await deliver(shop, "returns/close", payload, "2026-11-20T15:00:05Z")).toBe("applied");
    expect(adminMock.callsTo("ReturnOrderForMirror")).toHaveLength(1);
    const ret = await db.return.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: RETURN_1 } });
    expect(ret).toMatchObject({ status: "CLOSED" });
    expect(ret.closedAt?.toISOString()).toBe("2026-11-20T15:00:05.000Z");
  });
});

describe("concurrent workers", () => {
  it("deliveries of the same order applied at the same moment queue up on the order's lock", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { customerEmail: "sofia.reyes@example.com", topic: "OTHER" });
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, () => deliver(shop, "orders/create", fixture("orders-create"))),
      ...Array.from({ length: 4 }, () => deliver(shop, "orders/updated", fixture("orders-updated"))),
    ]);
    expect(outcomes.filter((o) => o === "applied").length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => o === "applied").length).toBeLessThanOrEqual(2);
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(await db.fulfillment.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(await db.lineItem.count({ where: { shopId: shop.shopId } })).toBe(2);
    expect((await snapshot(shop.shopId, ORDER_1001)).order.shopifyUpdatedAt).toBe("2026-11-11T14:15:44.000Z");
    const events = await db.caseEvent.findMany({ where: { caseId: c.id }, select: { type: true } });
    expect(events.map((e) => e.type).sort()).toEqual(["order_created", "order_shipped"]);
  });

  it("two deliveries about an order the mirror lacks both fetch it; it is mirrored once", async () => {
    const shop = await createInstalledShop();
    const outcomes = await Promise.all([
      deliver(shop, "fulfillments/create", fixture("fulfillments-create")),
      deliver(shop, "refunds/create", fixture("refunds-create")),
      deliver(shop, "fulfillment_events/create", fixture("fulfillment_events-create")),
    ]);
    expect(outcomes).toEqual(["applied", "applied", "applied"]);
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(await db.refund.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(await db.fulfillmentEvent.count({ where: { shopId: shop.shopId } })).toBe(2);
  });
});

describe("shops are kept apart", () => {
  it("a delivery for one shop never touches another shop's copy of the same order", async () => {
    const a = await createInstalledShop();
    const b = await createInstalledShop();
    await deliver(a, "orders/create", fixture("orders-create"));
    await deliver(b, "orders/create", fixture("orders-create"));
    const before = await snapshot(b.shopId, ORDER_1001);

    await deliver(a, "orders/updated", fixture("orders-updated"));
    await deliver(a, "fulfillments/update", fixture("fulfillments-update"));
    await deliver(a, "refunds/create", fixture("refunds-create"));
    await deliver(a, "customers/update", fixture("customers-update"));

    expect(await snapshot(b.shopId, ORDER_1001)).toEqual(before);
    expect(await db.fulfillment.count({ where: { shopId: b.shopId } })).toBe(0);
    expect((await db.customer.findFirstOrThrow({ where: { shopId: b.shopId } })).lastName).toBe("Reyes");
  });

  it("an uninstalled shop's queued deliveries are ignored", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { state: "UNINSTALLED" } });
    expect(await deliver(shop, "orders/create", fixture("orders-create"))).toBe("ignored");
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});

describe("untrusted payloads", () => {
  it("a payload without an id is refused with a message naming it", async () => {
    const shop = await createInstalledShop();
    const { id: _id, admin_graphql_api_id: _gid, ...withoutId } = fixture("orders-create") as unknown as RestOrder;
    await expect(deliver(shop, "orders/create", withoutId)).rejects.toThrow(InvalidPayloadError);
    await expect(deliver(shop, "orders/create", withoutId)).rejects.toThrow(
      /orders\/create payload cannot be applied: id: order has no id/,
    );
    await expect(
      deliver(shop, "fulfillments/create", { ...fixture("fulfillments-create"), order_id: null }),
    ).rejects.toThrow(/order_id: fulfillment names no order/);
    await expect(deliver(shop, "refunds/create", "not an object")).rejects.toThrow(InvalidPayloadError);
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("missing or malformed optional fields do not stop the mirror", async () => {
    const shop = await createInstalledShop();
    const sparse = {
      id: 5940139499999,
      name: "#1077",
      updated_at: "2026-11-18T10:00:00-05:00",
      total_price: "not money",
      customer: { first_name: "No id" },
      shipping_address: "somewhere",
      line_items: [{ id: 14826359999999, quantity: 1, price: 12 }],
    };
    expect(await deliver(shop, "orders/create", sparse)).toBe("applied");
    const order = await db.order.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { lineItems: true } });
    expect(order).toMatchObject({
      name: "#1077",
      orderNumber: 1077,
      customerId: null,
      shippingAddress: null,
      currencyCode: "USD",
    });
    expect(order.totalPrice.toFixed(2)).toBe("0.00");
    expect(order.lineItems.map((l) => [l.title, l.price.toFixed(2)])).toEqual([["Item", "12.00"]]);

    const fulfillment = fixture("fulfillments-create") as unknown as RestFulfillment;
    const noTracking = {
      ...fulfillment,
      id: 5623847199999,
      admin_graphql_api_id: undefined,
      order_id: 5940139499999,
      tracking_numbers: "1Z",
      tracking_urls: null,
      line_items: null,
    };
    expect(await deliver(shop, "fulfillments/create", noTracking)).toBe("applied");
    expect(await db.fulfillment.findFirstOrThrow({ where: { shopId: shop.shopId } })).toMatchObject({
      trackingNumber: "1Z999AA10123456784",
      trackingUrl: expect.stringContaining("ups"),
    });
  });

  it("a carrier status this app does not know is ignored", async () => {
    const shop = await createInstalledShop();
    expect(
      await deliver(shop, "fulfillment_events/create", {
        ...fixture("fulfillment_events-create"),
        status: "teleported",
      }),
    ).toBe("ignored");
  });
});
