import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { disputeWebhookHandlers } from "../../app/disputes/handlers.server";
import { UnprocessableDeliveryError } from "../../app/webhooks/types";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";
import { deliver, deliverAndProcess, handlerContext } from "../helpers/webhooks";
import { createTestCase } from "../helpers/builders";
import { runDueJobs } from "../../app/jobs/worker.server";
import { restDispute, type RestDispute } from "../mocks/shopify-admin-disputes";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";

// Signed disputes/create and disputes/update deliveries, through the route, the relay, the job and the mirror.

const adminMock = shopifyAdminMock();
const ORDER_1001 = 5940139491234n;
const HOUR = 3600 * 1000;

/** A due date a few hours out: earlier than the High policy's targets, so it is what the SLA shows. */
const dueIn = (hours: number) => new Date(Date.now() + hours * HOUR);

async function shopWithOrder1001() {
  const shop = await createInstalledShop();
  await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: loadWebhookFixture("orders-create") });
  const order = await db.order.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } } });
  adminMock.calls.length = 0;
  return { shop, order };
}

const deliverDispute = (shop: string, topic: "disputes/create" | "disputes/update", body: RestDispute, webhookId?: string) =>
  deliverAndProcess({ shop, topic, body, webhookId });

const disputeCases = (shopId: string) =>
  db.case.findMany({ where: { shopId, disputes: { some: {} } }, include: { orders: true, events: { orderBy: { createdAt: "asc" } }, disputes: true, messages: true } });

describe("disputes/create", () => {
  it("mirrors the dispute and opens a High billing case for the customer, with the evidence due date as its deadline", async () => {
    const { shop, order } = await shopWithOrder1001();
    const due = dueIn(2);
    const response = await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: due.toISOString() }));
    expect(response.status).toBe(200);

    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, topic: "disputes/create" } });
    expect(event.state).toBe("PROCESSED");
    const dispute = await db.dispute.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: 285332461n } } });
    expect(dispute).toMatchObject({
      orderId: order.id,
      orderShopifyId: ORDER_1001,
      customerId: order.customerId,
      kind: "CHARGEBACK",
      status: "NEEDS_RESPONSE",
      reason: "product_not_received",
      networkReasonCode: "13.1",
      currencyCode: "USD",
    });
    expect(dispute.amount.toFixed(2)).toBe("168.63");
    expect(dispute.evidenceDueBy?.toISOString()).toBe(due.toISOString());
    expect(dispute.initiatedAt.toISOString()).toBe("2026-11-24T14:41:17.000Z");

    const [kase] = await disputeCases(shop.shopId);
    expect(kase).toMatchObject({ priority: "HIGH", topic: "BILLING", channel: "SYSTEM", status: "OPEN", customerId: order.customerId });
    expect(kase.subject).toBe("Chargeback: product not received — order #1001 ($168.63)");
    expect(kase.customerEmail).toBe("sofia.reyes@example.com");
    expect(kase.orders.map((o) => o.orderId)).toEqual([order.id]);
    expect(kase.disputes.map((d) => d.id)).toEqual([dispute.id]);
    expect(kase.events.filter((e) => e.type === "dispute_opened")).toHaveLength(1);
    expect(kase.events.find((e) => e.type === "dispute_opened")?.data).toMatchObject({ reason: "product_not_received", amount: "168.63", status: "NEEDS_RESPONSE" });
    // The internal note says what happened; nothing was sent to the customer.
    expect(kase.messages).toHaveLength(1);
    expect(kase.messages[0]).toMatchObject({ direction: "NOTE", authorType: "SYSTEM" });
    // The deadline: evidence due in 2 h comes before the High policy's 4 h first response and 24 h resolution.
    expect(kase.externalDueAt?.toISOString()).toBe(due.toISOString());
    expect(kase.resolutionDueAt?.toISOString()).toBe(due.toISOString());
    expect(kase.slaDueAt?.toISOString()).toBe(due.toISOString());
    expect(kase.firstResponseDueAt!.getTime()).toBeGreaterThan(Date.now());

    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).disputeCount).toBe(1);
    // Nothing here calls Shopify, let alone a mutation.
    expect(adminMock.calls).toHaveLength(0);
  });

  it("delivered twice (the same delivery, and the same event again) keeps one dispute, one case, one event", async () => {
    const { shop } = await shopWithOrder1001();
    const body = restDispute({ evidence_due_by: dueIn(30).toISOString() });
    await deliverDispute(shop.domain, "disputes/create", body, "same-delivery");
    await deliverDispute(shop.domain, "disputes/create", body, "same-delivery");
    await deliverDispute(shop.domain, "disputes/create", body, "another-delivery-same-event");

    const events = await db.webhookEvent.findMany({ where: { shopDomain: shop.domain, topic: "disputes/create" }, orderBy: { receivedAt: "asc" } });
    expect(events.map((e) => e.state)).toEqual(["PROCESSED", "STALE"]);
    expect(await db.dispute.count({ where: { shopId: shop.shopId } })).toBe(1);
    const cases = await disputeCases(shop.shopId);
    expect(cases).toHaveLength(1);
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(cases[0].events.filter((e) => e.type === "dispute_opened")).toHaveLength(1);
  });

  it("joins the customer's waiting case (raised to High) and attaches a second dispute of the same customer to it", async () => {
    const { shop, order } = await shopWithOrder1001();
    const waiting = await createTestCase(shop.shopId, { customerId: order.customerId, priority: "NORMAL", topic: "WHERE_IS_MY_ORDER", customerEmail: order.email });
    const first = dueIn(50);
    const second = dueIn(3);
    await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: first.toISOString() }));
    await deliverDispute(shop.domain, "disputes/create", restDispute({ id: 285332462, type: "inquiry", reason: "unrecognized", amount: "12.00", evidence_due_by: second.toISOString() }));

    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(1);
    const kase = await db.case.findUniqueOrThrow({ where: { id: waiting.id }, include: { orders: true, events: true, disputes: true } });
    expect(kase.priority).toBe("HIGH");
    expect(kase.topic).toBe("WHERE_IS_MY_ORDER"); // staff's topic stays
    expect(kase.orders.map((o) => o.orderId)).toEqual([order.id]);
    expect(kase.disputes).toHaveLength(2);
    expect(kase.events.filter((e) => e.type === "dispute_opened")).toHaveLength(2);
    expect(kase.events.filter((e) => e.type === "priority_changed")).toHaveLength(1);
    // The earliest evidence due date is the deadline.
    expect(kase.externalDueAt?.toISOString()).toBe(second.toISOString());
    expect(kase.resolutionDueAt?.toISOString()).toBe(second.toISOString());
  });

  it("leaves an Urgent case Urgent", async () => {
    const { shop, order } = await shopWithOrder1001();
    const urgent = await createTestCase(shop.shopId, { customerId: order.customerId, priority: "URGENT" });
    await deliverDispute(shop.domain, "disputes/create", restDispute());
    expect((await db.case.findUniqueOrThrow({ where: { id: urgent.id } })).priority).toBe("URGENT");
    expect(await db.dispute.count({ where: { shopId: shop.shopId, caseId: urgent.id } })).toBe(1);
  });
});

describe("disputes/update", () => {
  it("records the new status on the case and lifts the deadline once the dispute is decided", async () => {
    const { shop } = await shopWithOrder1001();
    const due = dueIn(2);
    await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: due.toISOString() }));
    const opened = (await disputeCases(shop.shopId))[0];
    expect(opened.externalDueAt?.toISOString()).toBe(due.toISOString());

    const won = { ...loadWebhookFixture<RestDispute>("disputes-update"), evidence_due_by: due.toISOString() };
    await deliverDispute(shop.domain, "disputes/update", won);

    const dispute = await db.dispute.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(dispute.status).toBe("WON");
    expect(dispute.evidenceSentOn?.toISOString()).toBe("2026-11-27T16:02:45.000Z");
    expect(dispute.finalizedOn?.toISOString()).toBe("2027-01-19T13:15:00.000Z");
    const [kase] = await disputeCases(shop.shopId);
    expect(kase.events.filter((e) => e.type === "dispute_won")).toHaveLength(1);
    // No external deadline any more: the due times are the High policy's again (4 h / 24 h from opening).
    expect(kase.externalDueAt).toBeNull();
    expect(kase.resolutionDueAt!.getTime()).toBeGreaterThan(due.getTime());
    expect(kase.slaDueAt?.toISOString()).toBe(kase.firstResponseDueAt?.toISOString());
  });

  it("evidence sent (under review) also lifts the deadline; a lost dispute is recorded once", async () => {
    const { shop } = await shopWithOrder1001();
    await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: dueIn(2).toISOString() }));
    await deliverDispute(shop.domain, "disputes/update", restDispute({ status: "under_review", evidence_sent_on: new Date().toISOString() }));
    let [kase] = await disputeCases(shop.shopId);
    expect(kase.externalDueAt).toBeNull();
    expect(kase.events.filter((e) => e.type === "dispute_updated")).toHaveLength(1);

    const lost = restDispute({ status: "lost", evidence_sent_on: new Date().toISOString(), finalized_on: new Date().toISOString() });
    await deliverDispute(shop.domain, "disputes/update", lost);
    await deliverDispute(shop.domain, "disputes/update", lost);
    [kase] = await disputeCases(shop.shopId);
    expect(kase.events.filter((e) => e.type === "dispute_lost")).toHaveLength(1);
    expect(kase.disputes[0].status).toBe("LOST");
  });

  it("an older update arriving after a newer one is stale: nothing moves back", async () => {
    const { shop } = await shopWithOrder1001();
    const due = dueIn(2);
    await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: due.toISOString() }));
    await deliverDispute(shop.domain, "disputes/update", { ...loadWebhookFixture<RestDispute>("disputes-update"), evidence_due_by: due.toISOString() });
    // Shopify's earlier "under review" update, delivered late; then the creation again.
    await deliverDispute(shop.domain, "disputes/update", restDispute({ status: "under_review", evidence_sent_on: "2026-11-27T11:02:45-05:00" }));
    await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: due.toISOString() }));

    const states = await db.webhookEvent.findMany({ where: { shopDomain: shop.domain, topic: { startsWith: "disputes/" } }, orderBy: { receivedAt: "asc" } });
    expect(states.map((e) => e.state)).toEqual(["PROCESSED", "PROCESSED", "STALE", "STALE"]);
    const [kase] = await disputeCases(shop.shopId);
    expect(kase.disputes[0].status).toBe("WON");
    expect(kase.externalDueAt).toBeNull();
    expect(kase.events.map((e) => e.type).filter((type) => type.startsWith("dispute_"))).toEqual(["dispute_opened", "dispute_won"]);
  });

  it("an inquiry that becomes a chargeback moves forward, even back to needs response", async () => {
    const { shop } = await shopWithOrder1001();
    await deliverDispute(shop.domain, "disputes/create", restDispute({ type: "inquiry", evidence_due_by: dueIn(20).toISOString() }));
    await deliverDispute(shop.domain, "disputes/update", restDispute({ type: "inquiry", status: "under_review", evidence_sent_on: new Date().toISOString() }));
    const due = dueIn(3);
    await deliverDispute(shop.domain, "disputes/update", restDispute({ type: "chargeback", status: "needs_response", evidence_due_by: due.toISOString() }));
    const [kase] = await disputeCases(shop.shopId);
    expect(kase.disputes[0]).toMatchObject({ kind: "CHARGEBACK", status: "NEEDS_RESPONSE" });
    expect(kase.events.filter((e) => e.type === "dispute_updated").map((e) => (e.data as { kind: string; status: string }).kind)).toEqual(["INQUIRY", "CHARGEBACK"]);
    // A new round: the chargeback's own evidence dates, and its due date is the case's deadline again.
    expect(kase.disputes[0].evidenceSentOn).toBeNull();
    expect(kase.disputes[0].evidenceDueBy?.toISOString()).toBe(due.toISOString());
    expect(kase.externalDueAt?.toISOString()).toBe(due.toISOString());
  });
});

describe("disputes for orders the mirror lacks", () => {
  it("fetches an unknown order from the Admin API, then links the dispute to it", async () => {
    const shop = await createInstalledShop();
    await deliverDispute(shop.domain, "disputes/create", restDispute({ evidence_due_by: dueIn(2).toISOString() }));

    expect(adminMock.callsTo("OrderForMirror").map((c) => c.variables.id)).toEqual([`gid://shopify/Order/${ORDER_1001}`]);
    const order = await db.order.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } } });
    const dispute = await db.dispute.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(dispute.orderId).toBe(order.id);
    expect(dispute.customerId).toBe(order.customerId);
    const [kase] = await disputeCases(shop.shopId);
    expect(kase.orders.map((o) => o.orderId)).toEqual([order.id]);
    expect((await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, topic: "disputes/create" } })).state).toBe("PROCESSED");
  });

  it("parks a dispute whose order Shopify no longer has, and links it (opening its case) when the order arrives", async () => {
    const shop = await createInstalledShop();
    const gone = 5940139499999n;
    await deliverDispute(shop.domain, "disputes/create", restDispute({ order_id: Number(gone), evidence_due_by: dueIn(2).toISOString() }));

    expect(adminMock.callsTo("OrderForMirror").map((c) => c.variables.id)).toEqual([`gid://shopify/Order/${gone}`]);
    const parked = await db.dispute.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(parked).toMatchObject({ orderShopifyId: gone, orderId: null, caseId: null, status: "NEEDS_RESPONSE" });
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(0);

    // The order turns up after all (an orders/create delivered late, say).
    const orderPayload = { ...loadWebhookFixture<{ id: number; name: string }>("orders-create"), id: Number(gone), admin_graphql_api_id: `gid://shopify/Order/${gone}`, name: "#1077" };
    await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: orderPayload });
    const linked = await db.dispute.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { order: true, case: { include: { orders: true } } } });
    expect(linked.order?.shopifyId).toBe(gone);
    expect(linked.case?.subject).toBe("Chargeback: product not received — order #1077 ($168.63)");
    expect(linked.case?.orders.map((o) => o.orderId)).toEqual([linked.orderId]);
    expect(linked.case?.priority).toBe("HIGH");
  });
});

describe("malformed and unusable deliveries", () => {
  it("fails a payload without what a dispute needs at once, storing nothing", async () => {
    const shop = await createInstalledShop();
    const broken: Record<string, unknown> = { ...restDispute(), status: "pending_magic", amount: "a lot" };
    delete broken.initiated_at;
    await deliverAndProcess({ shop: shop.domain, topic: "disputes/create", body: broken });
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain } });
    expect(event).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(event.lastError).toMatch(/disputes\/create payload cannot be applied/);
    expect(event.lastError).toMatch(/status/);
    expect(event.lastError).toMatch(/amount/);
    expect(event.lastError).toMatch(/initiated_at/);
    expect(await db.dispute.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("the handler throws UnprocessableDeliveryError for a payload without an id", async () => {
    const shop = await createInstalledShop();
    const ctx = await handlerContext(shop.domain, "disputes/update", { payload: { ...restDispute(), id: "not-an-id" } });
    await expect(disputeWebhookHandlers["disputes/update"](ctx)).rejects.toBeInstanceOf(UnprocessableDeliveryError);
  });

  it("ignores deliveries queued for a shop that has since uninstalled", async () => {
    const shop = await createInstalledShop();
    await deliver({ shop: shop.domain, topic: "disputes/create", body: restDispute() });
    await db.shop.update({ where: { id: shop.shopId }, data: { state: "UNINSTALLED" } });
    await runDueJobs();
    expect(await db.dispute.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});
