import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { usesInProcessJobs } from "../../app/jobs/queue.server";
import { useEmbeddedDatabase } from "../helpers/embedded";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";
import { createInstalledShop } from "../helpers/shopify";
import { deliver, deliverAndProcess } from "../helpers/webhooks";

// The same intake and processing on the embedded default (PGlite on loopback), where jobs run in-process.
describe("webhooks on the embedded database", () => {
  useEmbeddedDatabase("webhooks");

  it("stores, deduplicates and applies deliveries with the in-process job runner", async () => {
    expect(usesInProcessJobs()).toBe(true);
    const shop = await createInstalledShop();
    const order = loadWebhookFixture<{ id: number }>("orders-create");

    for (let i = 0; i < 3; i++) {
      const response = await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: order, webhookId: "same-delivery" });
      expect(response.status).toBe(200);
    }

    const events = await db.webhookEvent.findMany({ where: { shopDomain: shop.domain } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ state: "PROCESSED", attempts: 1 });
    const mirrored = await db.order.findMany({ where: { shopId: shop.shopId }, include: { lineItems: true } });
    expect(mirrored.map((o) => o.shopifyId)).toEqual([BigInt(order.id)]);
    expect(mirrored[0].lineItems.length).toBeGreaterThan(0);
  });

  it("takes concurrent deliveries on several pool connections (one PGlite session: no named statements)", async () => {
    const shop = await createInstalledShop();
    const order = loadWebhookFixture<{ id: number }>("orders-create");
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => deliver({ shop: shop.domain, topic: "orders/updated", body: { ...order, id: order.id + i }, webhookId: `parallel-${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(12);
  });

  it("refuses a forged delivery and stores nothing", async () => {
    const shop = await createInstalledShop();
    const response = await deliver({ shop: shop.domain, topic: "orders/create", body: "{}", secret: "forged" });
    expect(response.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });
});
