import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import {
  linkCaseToOrders,
  mentionPattern,
  orderNamesIn,
  suggestionFor,
  type OrderFact,
} from "../../app/cases/order-context.server";
import { orderWebhookHandlers } from "../../app/orders/handlers.server";
import type { WebhookOutcome } from "../../app/webhooks/types";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { handlerContext } from "../helpers/webhooks";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";

async function deliver(
  shop: TestShop,
  topic: string,
  fixtureName: string,
  triggeredAt: string | null = null,
): Promise<WebhookOutcome> {
  return orderWebhookHandlers[topic](await handlerContext(shop.domain, topic, { payload: loadWebhookFixture(fixtureName), triggeredAt }));
}

const SOFIA = "sofia.reyes@example.com";

const STORY: [topic: string, fixture: string, triggeredAt: string][] = [
  ["orders/create", "orders-create", "2026-11-10T15:30:14Z"],
  ["fulfillments/create", "fulfillments-create", "2026-11-11T14:15:40Z"],
  ["orders/updated", "orders-updated", "2026-11-11T14:15:44Z"],
  ["fulfillments/update", "fulfillments-update", "2026-11-11T23:40:02Z"],
  ["fulfillment_events/create", "fulfillment_events-create-out-for-delivery", "2026-11-13T13:05:31Z"],
  ["fulfillment_events/create", "fulfillment_events-create", "2026-11-13T19:02:17Z"],
  ["refunds/create", "refunds-create", "2026-11-15T16:20:05Z"],
  ["returns/request", "returns-request", "2026-11-16T14:02:11Z"],
  ["returns/approve", "returns-approve", "2026-11-16T18:30:40Z"],
  ["returns/process", "returns-process", "2026-11-20T15:00:00Z"],
  ["returns/close", "returns-close", "2026-11-20T15:00:05Z"],
];

async function play(shop: TestShop, story = STORY) {
  for (const [topic, name, at] of story) await deliver(shop, topic, name, at);
}

const timeline = (caseId: string) =>
  db.caseEvent.findMany({
    where: { caseId },
    orderBy: [{ occurredAt: "asc" }, { type: "asc" }],
    select: { type: true, occurredAt: true, data: true, dedupeKey: true, actorType: true },
  });

describe("linking orders to cases", () => {
  it("a new order joins the waiting cases of its customer, not resolved ones, not another shop's", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const open = await createTestCase(shop.shopId, { customerEmail: SOFIA, status: "OPEN" });
    const snoozed = await createTestCase(shop.shopId, { customerEmail: SOFIA, status: "SNOOZED", topic: "OTHER" });
    const resolved = await createTestCase(shop.shopId, { customerEmail: SOFIA, status: "RESOLVED" });
    const stranger = await createTestCase(shop.shopId, { customerEmail: "someone.else@example.com" });
    const elsewhere = await createTestCase(other.shopId, { customerEmail: SOFIA });

    await deliver(shop, "orders/create", "orders-create");

    const links = await db.caseOrder.findMany({
      where: { order: { shopifyId: 5940139491234n } },
      select: { caseId: true, linkedBy: true, shopId: true },
    });
    expect(links.map((l) => l.caseId).sort()).toEqual([open.id, snoozed.id].sort());
    expect(links.every((l) => l.linkedBy === "AUTO" && l.shopId === shop.shopId)).toBe(true);
    for (const c of [resolved, stranger, elsewhere])
      expect(await db.caseEvent.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("a new order joins a waiting case that names it, by subject or by the customer's message", async () => {
    const shop = await createInstalledShop();
    const bySubject = await createTestCase(shop.shopId, {
      subject: "Order #1001 never arrived",
      customerEmail: "gift.giver@example.com",
    });
    const byMessage = await createTestCase(shop.shopId, { subject: "Help", customerEmail: "partner@example.com" });
    await db.message.create({
      data: {
        shopId: shop.shopId,
        caseId: byMessage.id,
        direction: "INBOUND",
        channel: "EMAIL",
        authorType: "CUSTOMER",
        bodyText: "My wife ordered it (#1001), can you check?",
      },
    });
    await createTestCase(shop.shopId, { subject: "Where is #10010?", customerEmail: "x@example.com" });
    const staffNote = await createTestCase(shop.shopId, { subject: "Question", customerEmail: "y@example.com" });
    await db.message.create({
      data: {
        shopId: shop.shopId,
        caseId: staffNote.id,
        direction: "NOTE",
        channel: "ADMIN",
        authorType: "STAFF",
        bodyText: "Maybe #1001?",
      },
    });

    await deliver(shop, "orders/create", "orders-create");

    const linked = await db.caseOrder.findMany({ where: { shopId: shop.shopId }, select: { caseId: true } });
    expect(linked.map((l) => l.caseId).sort()).toEqual([bySubject.id, byMessage.id].sort());
  });

  it("a case opened later links the orders it names and its customer's recent orders", async () => {
    const shop = await createInstalledShop();
    await deliver(shop, "orders/create", "orders-create");
    await deliver(shop, "orders/cancelled", "orders-cancelled");

    const named = await createTestCase(shop.shopId, { subject: "Damaged jacket", customerEmail: "friend@example.com" });
    await db.message.create({
      data: {
        shopId: shop.shopId,
        caseId: named.id,
        direction: "INBOUND",
        channel: "EMAIL",
        authorType: "CUSTOMER",
        bodyText: "It's about # 1002 and #1001.",
      },
    });
    expect(await linkCaseToOrders(shop.shopId, named.id)).toBe(2);

    const customer = await db.customer.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: 7029431102139n } });
    const own = await createTestCase(shop.shopId, { subject: "Hello", customerId: customer.id, customerEmail: null });
    expect(await linkCaseToOrders(shop.shopId, own.id)).toBe(1);
    expect(await linkCaseToOrders(shop.shopId, own.id)).toBe(0);

    const other = await createInstalledShop();
    expect(await linkCaseToOrders(other.shopId, own.id)).toBe(0);
  });

  it("order names are read the way customers write them, and matched as whole names", () => {
    expect(orderNamesIn("Order #1001, also # 1002 and #12 and #1001 again; total 1003")).toEqual(["#1001", "#1002"]);
    expect(mentionPattern("#1001")).toBe("#1001($|[^[:alnum:]])");
    expect(mentionPattern("NW1001")).toBe("(^|[^[:alnum:]])NW1001($|[^[:alnum:]])");
    expect(mentionPattern("#1001.1")).toBe("#1001\\.1($|[^[:alnum:]])");
  });
});

describe("the order's history on the case timeline", () => {
  it("each change is appended once, however often and in whatever order the deliveries come", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, {
      customerEmail: SOFIA,
      topic: "OTHER",
      lastActivityAt: new Date("2026-11-01T00:00:00Z"),
    });

    await play(shop);
    const once = await timeline(c.id);
    expect(once.map((e) => [e.type, e.occurredAt.toISOString()])).toEqual([
      ["order_created", "2026-11-10T15:30:11.000Z"],
      ["order_shipped", "2026-11-11T14:15:40.000Z"],
      ["in_transit", "2026-11-11T23:40:02.000Z"],
      ["out_for_delivery", "2026-11-13T13:05:31.000Z"],
      ["delivered", "2026-11-13T19:02:17.000Z"],
      ["refund_issued", "2026-11-15T16:20:05.000Z"],
      ["return_requested", "2026-11-16T14:02:11.000Z"],
      ["return_approved", "2026-11-16T18:30:40.000Z"],
      ["return_processed", "2026-11-20T15:00:00.000Z"],
      ["return_closed", "2026-11-20T15:00:05.000Z"],
    ]);
    expect(once.find((e) => e.type === "order_shipped")).toMatchObject({
      actorType: "SHOPIFY",
      dedupeKey: "fulfillment:5623847192011:shipped",
      data: {
        orderName: "#1001",
        carrier: "UPS",
        trackingNumber: "1Z999AA10123456784",
        trackingUrl: expect.stringContaining("1Z999AA10123456784"),
      },
    });
    expect(once.find((e) => e.type === "refund_issued")?.data).toMatchObject({ amount: "17.64", currency: "USD" });
    expect(once.find((e) => e.type === "order_created")?.actorType).toBe("CUSTOMER");
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).lastActivityAt.toISOString()).toBe(
      "2026-11-20T15:00:05.000Z",
    );

    // Replayed twice, then again backwards: nothing new.
    await play(shop);
    await play(shop, [...STORY].reverse());
    expect(await timeline(c.id)).toEqual(once);
  });

  it("a case linked to an order shuffled into the mirror gets the same events", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { customerEmail: SOFIA, topic: "OTHER" });
    const shuffled = [STORY[2], STORY[5], STORY[6], STORY[0], STORY[4], STORY[3], STORY[1]];
    await play(shop, shuffled);
    const types = (await timeline(c.id)).map((e) => e.type);
    expect(types.sort()).toEqual([
      "delivered",
      "in_transit",
      "order_created",
      "order_shipped",
      "out_for_delivery",
      "refund_issued",
    ]);
  });

  it("cancellation and declined or cancelled returns are on the timeline too", async () => {
    const shop = await createInstalledShop();
    const liam = await createTestCase(shop.shopId, { customerEmail: "liam.chen@example.com", topic: "OTHER" });
    const sofia = await createTestCase(shop.shopId, { customerEmail: SOFIA, topic: "OTHER" });
    await deliver(shop, "orders/cancelled", "orders-cancelled", "2026-11-12T21:05:09Z");
    await play(shop, [
      STORY[0],
      ["returns/decline", "returns-decline", "2026-11-17T12:00:00Z"],
      ["returns/cancel", "returns-cancel", "2026-11-17T12:10:00Z"],
    ]);

    expect((await timeline(liam.id)).map((e) => [e.type, e.data])).toEqual([
      ["order_created", expect.objectContaining({ orderName: "#1002" })],
      ["order_cancelled", { orderName: "#1002", reason: "customer" }],
    ]);
    expect((await timeline(sofia.id)).map((e) => e.type)).toEqual([
      "order_created",
      "return_declined",
      "return_requested",
      "return_cancelled",
      "return_requested",
    ]);
    const declined = (await timeline(sofia.id)).find((e) => e.type === "return_declined");
    expect(declined?.data).toMatchObject({ declineReason: "FINAL_SALE", declineNote: "Worn socks are final sale." });
  });
});

describe("suggestions for staff", () => {
  const suggestions = (caseId: string) =>
    db.caseEvent
      .findMany({
        where: { caseId, type: "suggestion" },
        orderBy: { createdAt: "asc" },
        select: { data: true, actorType: true },
      })
      .then((rows) => rows.map((r) => r.data));

  it("a delivered order answers where-is-my-order, once, and nothing is sent to the customer", async () => {
    const shop = await createInstalledShop();
    const wismo = await createTestCase(shop.shopId, {
      customerEmail: SOFIA,
      topic: "WHERE_IS_MY_ORDER",
      status: "PENDING",
    });
    await play(shop, STORY.slice(0, 6));
    await play(shop, STORY.slice(0, 6));

    expect(await suggestions(wismo.id)).toEqual([
      {
        kind: "order_delivered",
        text: "Order #1001 was delivered on 13 Nov by UPS — reply with the delivery confirmation and resolve?",
        orderName: "#1001",
        basedOn: "fulfillment:5623847192011:delivered",
      },
    ]);
    expect(await db.message.count({ where: { caseId: wismo.id } })).toBe(0);
    expect((await db.case.findUniqueOrThrow({ where: { id: wismo.id } })).status).toBe("PENDING");
  });

  it("refund, return and cancellation answer their topics; other topics and closed cases get none", async () => {
    const shop = await createInstalledShop();
    const refund = await createTestCase(shop.shopId, { customerEmail: SOFIA, topic: "REFUND" });
    const ret = await createTestCase(shop.shopId, { customerEmail: SOFIA, topic: "RETURN", status: "SNOOZED" });
    const other = await createTestCase(shop.shopId, { customerEmail: SOFIA, topic: "PRODUCT_QUESTION" });
    const cancel = await createTestCase(shop.shopId, { customerEmail: "liam.chen@example.com", topic: "CANCEL" });
    await play(shop, STORY.slice(0, 1));
    // A return case that staff already resolved, linked by hand: it follows the order, without suggestions.
    const resolved = await createTestCase(shop.shopId, {
      subject: "Exchange",
      topic: "RETURN",
      status: "RESOLVED",
      customerEmail: "z@example.com",
    });
    const order = await db.order.findFirstOrThrow({ where: { shopId: shop.shopId, name: "#1001" } });
    await db.caseOrder.create({
      data: { shopId: shop.shopId, caseId: resolved.id, orderId: order.id, linkedBy: "STAFF" },
    });
    await play(shop, STORY.slice(1));
    await deliver(shop, "orders/cancelled", "orders-cancelled", "2026-11-12T21:05:09Z");

    expect((await suggestions(refund.id)).map((s) => (s as { text: string }).text)).toEqual([
      "Order #1001 was refunded $17.64 on 15 Nov — confirm the refund to the customer and resolve?",
    ]);
    expect((await suggestions(ret.id)).map((s) => (s as { kind: string }).kind)).toEqual([
      "return_approved",
      "return_processed",
    ]);
    expect((await suggestions(ret.id))[0]).toMatchObject({
      text: "Return #1001-R1 for order #1001 was approved on 16 Nov — send the return instructions and resolve?",
    });
    expect(await suggestions(cancel.id)).toEqual([
      expect.objectContaining({
        kind: "order_cancelled",
        text: "Order #1002 was cancelled on 12 Nov — confirm the cancellation to the customer and resolve?",
      }),
    ]);
    expect(await suggestions(other.id)).toEqual([]);
    expect(await suggestions(resolved.id)).toEqual([]);
    expect((await timeline(resolved.id)).map((e) => e.type)).toContain("return_approved");
  });

  it("a partial delivery says so, in the shop's time zone", () => {
    const fact: OrderFact = {
      type: "delivered",
      dedupeKey: "fulfillment:1:delivered",
      occurredAt: new Date("2026-11-13T03:30:00Z"),
      actorType: "SHOPIFY",
      data: { carrier: "DHL Express", fulfillmentName: "#1001.2", allDelivered: false },
    };
    expect(
      suggestionFor("WHERE_IS_MY_ORDER", fact, { name: "#1001" }, { ianaTimezone: "America/Los_Angeles" }),
    ).toEqual({
      kind: "order_delivered",
      text: "#1001.2 of order #1001 was delivered on 12 Nov by DHL Express; other items are still on their way — reply with an update?",
    });
    expect(suggestionFor("BILLING", fact, { name: "#1001" }, { ianaTimezone: "UTC" })).toBeNull();
  });
});
