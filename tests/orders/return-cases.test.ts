import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { markReturnCase, openReturnCase, returnCaseKey } from "../../app/cases/return-cases.server";
import db from "../../app/db.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { deliverAndProcess } from "../helpers/webhooks";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";

const RETURN_1 = 3547267221n;
const ORDER_1001 = 5940139491234n;
const SOFIA = "sofia.reyes@example.com";

/** A signed delivery to POST /webhooks/<topic>, then the jobs it queued: as Shopify sends it. */
async function send(shop: TestShop, topic: string, fixture: string, webhookId: string = randomUUID()) {
  const response = await deliverAndProcess({ shop: shop.domain, topic, body: loadWebhookFixture(fixture) as object, webhookId });
  expect(response.status).toBe(200);
}

async function shopWithOrder() {
  const shop = await createInstalledShop();
  await send(shop, "orders/create", "orders-create");
  await send(shop, "fulfillments/create", "fulfillments-create");
  const order = await db.order.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyId: ORDER_1001 } });
  return { shop, order };
}

const returnCases = (shopId: string) =>
  db.case.findMany({
    where: { shopId, topic: "RETURN" },
    include: { orders: { select: { orderId: true } }, messages: { select: { direction: true, authorType: true, channel: true, bodyText: true } } },
  });

describe("return requests become cases", () => {
  it("a customer's return request (e.g. from Shopify's customer account) opens a RETURN case linked to the order, once", async () => {
    const { shop, order } = await shopWithOrder();
    const casesBefore = await db.case.count({ where: { shopId: shop.shopId } });

    const webhookId = randomUUID();
    await send(shop, "returns/request", "returns-request", webhookId);
    const [opened, ...more] = await returnCases(shop.shopId);
    expect(more).toEqual([]);
    expect(opened).toMatchObject({
      status: "OPEN",
      topic: "RETURN",
      channel: "CUSTOMER_ACCOUNT",
      customerEmail: SOFIA,
      subject: "Return request #1001-R1 for order #1001",
      orders: [{ orderId: order.id }],
    });
    expect(opened.customerId).toBe(order.customerId);
    // Not classified (its topic comes from Shopify): no suggestion, so classifier accuracy does not count it.
    expect(opened.suggestedTopic).toBeNull();
    expect(opened.slaDueAt).not.toBeNull();
    expect(opened.messages).toEqual([
      {
        direction: "INBOUND",
        authorType: "CUSTOMER",
        channel: "CUSTOMER_ACCOUNT",
        bodyText: "Return requested for order #1001 (#1001-R1):\n- 1 × Trailhead Rain Jacket – M / Slate Blue: Size too large — “Could I get a size S instead?”",
      },
    ]);
    const events = await db.caseEvent.findMany({ where: { caseId: opened.id }, orderBy: { type: "asc" }, select: { type: true, dedupeKey: true, actorType: true } });
    expect(events).toEqual([
      { type: "return_case_linked", dedupeKey: returnCaseKey(RETURN_1), actorType: "SYSTEM" },
      { type: "return_requested", dedupeKey: `return:${RETURN_1}:requested`, actorType: "CUSTOMER" },
    ]);

    // Shopify delivers again (same id, and as a new delivery): nothing more.
    await send(shop, "returns/request", "returns-request", webhookId);
    await send(shop, "returns/request", "returns-request");
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(casesBefore + 1);
    expect(await db.message.count({ where: { caseId: opened.id } })).toBe(1);
    expect(await db.caseEvent.count({ where: { caseId: opened.id } })).toBe(2);

    // Later return events are timeline entries on the same case, not new cases.
    await send(shop, "returns/approve", "returns-approve");
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(casesBefore + 1);
    expect(await db.caseEvent.findFirst({ where: { caseId: opened.id, type: "return_approved" } })).not.toBeNull();
  });

  it("joins the customer's waiting RETURN case for the order (as the storefront flow opens it) instead of opening a second", async () => {
    const { shop, order } = await shopWithOrder();
    const storefrontCase = await createTestCase(shop.shopId, { topic: "RETURN", channel: "STOREFRONT", customerEmail: SOFIA, status: "PENDING", subject: "Return #1001" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: storefrontCase.id, orderId: order.id, linkedBy: "AUTO" } });
    // A RETURN case that is already resolved, and a waiting case about something else, are not joined.
    const resolved = await createTestCase(shop.shopId, { topic: "RETURN", customerEmail: SOFIA, status: "RESOLVED" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: resolved.id, orderId: order.id, linkedBy: "AUTO" } });

    await send(shop, "returns/request", "returns-request");
    await send(shop, "returns/request", "returns-request");

    expect((await returnCases(shop.shopId)).map((c) => c.id).sort()).toEqual([storefrontCase.id, resolved.id].sort());
    const events = await db.caseEvent.findMany({ where: { caseId: storefrontCase.id }, select: { type: true } });
    expect(events.map((e) => e.type).sort()).toEqual(["return_case_linked", "return_requested"]);
    expect(await db.caseEvent.count({ where: { caseId: resolved.id, dedupeKey: returnCaseKey(RETURN_1) } })).toBe(0);
    // Nothing is written as if the customer had said it on the existing case.
    expect(await db.message.count({ where: { caseId: storefrontCase.id } })).toBe(0);
  });

  it("a flow that marked its own case for the return is left alone, even when that case is closed since", async () => {
    const { shop, order } = await shopWithOrder();
    const own = await createTestCase(shop.shopId, { topic: "RETURN", channel: "STOREFRONT", customerEmail: SOFIA, status: "RESOLVED" });
    await db.$transaction((tx) => markReturnCase(tx, { shopId: shop.shopId, caseId: own.id, orderId: order.id, returnShopifyId: RETURN_1, source: "storefront" }));

    await send(shop, "returns/request", "returns-request");
    expect((await returnCases(shop.shopId)).map((c) => c.id)).toEqual([own.id]);
  });

  it("a return the mirror does not hold opens nothing; another shop's return is not seen", async () => {
    const { shop } = await shopWithOrder();
    const other = await createInstalledShop();
    expect(await openReturnCase(await db.shop.findUniqueOrThrow({ where: { id: other.shopId } }), RETURN_1)).toEqual({ kind: "not_mirrored" });
    await send(shop, "returns/request", "returns-request");
    expect(await db.case.count({ where: { shopId: other.shopId } })).toBe(0);
    // Two workers on the same return at once still open one case.
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } });
    await db.caseEvent.deleteMany({ where: { shopId: shop.shopId } });
    await db.case.deleteMany({ where: { shopId: shop.shopId } });
    const outcomes = await Promise.all([openReturnCase(row, RETURN_1), openReturnCase(row, RETURN_1)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["already", "opened"]);
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(1);
  });
});
