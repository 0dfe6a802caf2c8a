import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";
import { createInstalledShop } from "../helpers/shopify";
import { deliver, deliverAndProcess } from "../helpers/webhooks";
import { runDueJobs } from "../../app/jobs/worker.server";

// The whole path, as Shopify drives it: signed deliveries to the route, the relay, the job, the mirror.
describe("order webhooks end to end", () => {
  it("mirrors an order, then its fulfillment and delivery, arriving out of order and twice", async () => {
    const shop = await createInstalledShop();
    const order = loadWebhookFixture<{ id: number }>("orders-create");
    const fulfillment = loadWebhookFixture("fulfillments-create");
    const delivered = loadWebhookFixture("fulfillment_events-create");

    // The carrier event first, then the fulfillment, then the order itself — and the order twice.
    for (const [topic, body] of [
      ["fulfillment_events/create", delivered],
      ["fulfillments/create", fulfillment],
      ["orders/create", order],
      ["orders/create", order],
    ] as const) {
      expect((await deliver({ shop: shop.domain, topic, body, webhookId: `${topic}-${JSON.stringify(body).length}` })).status).toBe(200);
    }
    await runDueJobs();

    const events = await db.webhookEvent.findMany({ where: { shopDomain: shop.domain }, orderBy: { receivedAt: "asc" } });
    expect(events).toHaveLength(3); // the repeated order delivery was a no-op
    expect(events.every((e) => ["PROCESSED", "STALE"].includes(e.state))).toBe(true);

    const mirrored = await db.order.findMany({ where: { shopId: shop.shopId }, include: { fulfillments: { include: { events: true } } } });
    expect(mirrored).toHaveLength(1);
    expect(mirrored[0].shopifyId).toBe(BigInt(order.id));
    const [shipment] = mirrored[0].fulfillments;
    expect(shipment.trackingNumber).toBeTruthy();
    expect(shipment.shipmentStatus).toBe("DELIVERED");
    expect(shipment.deliveredAt).toBeInstanceOf(Date);
    // The carrier's delivery event, once, whether it came by webhook or with the order fetched from Shopify.
    const deliveredEvents = shipment.events.filter((e) => e.status === "DELIVERED");
    expect(deliveredEvents).toHaveLength(1);
    expect(deliveredEvents[0].shopifyId).toBe(BigInt((delivered as { id: number }).id));
  });

  it("fails a delivery that can never apply at once, keeping its reason for the merchant", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: { name: "#1001" } });
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain } });
    expect(event).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(event.lastError).toMatch(/orders\/create payload cannot be applied/);
  });
});

describe("privacy webhooks end to end", () => {
  it("arrive at /webhooks/compliance and are processed (shop/redact, 48 h after uninstall, erases the shop)", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "app/uninstalled", body: { id: 1 } });
    const body = { shop_id: 954889, shop_domain: shop.domain };
    const response = await deliverAndProcess({ shop: shop.domain, topic: "shop/redact", body, path: "compliance" });
    expect(response.status).toBe(200);
    expect(await db.shop.count({ where: { id: shop.shopId } })).toBe(0);
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("refuses a non-privacy topic at /webhooks/compliance", async () => {
    const shop = await createInstalledShop();
    const response = await deliver({ shop: shop.domain, topic: "orders/create", body: {}, path: "compliance" });
    expect(response.status).toBe(400);
  });
});
