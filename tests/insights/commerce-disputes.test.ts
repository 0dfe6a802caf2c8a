import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { OrderForMirrorOrder, orderInputFromGraphql } from "../../app/orders/admin-order.server";
import { applyOrder } from "../../app/orders/mirror.server";
import { orderInputFromPayload } from "../../app/orders/webhook-payloads";
import { ORDER_FOR_MIRROR_QUERY, backfillOrdersBulkQuery } from "../../app/shopify/operations/orders";
import { createInstalledShop } from "../helpers/shopify";
import { buildOrderForMirror, order1001State } from "../mocks/shopify-admin-orders";

// Order.disputes (chargebacks and inquiries) is read when an order is fetched and kept as Order.disputeCount;
// REST webhooks do not carry it and leave the stored count alone.

describe("order dispute count", () => {
  it("is asked for by the order queries", () => {
    expect(ORDER_FOR_MIRROR_QUERY).toMatch(/disputes \{ id \}/);
    expect(backfillOrdersBulkQuery("created_at:>=2026-01-01")).toMatch(/disputes \{ id \}/);
  });

  it("is the number of disputes Shopify lists, kept when a webhook without it follows", async () => {
    const test = await createInstalledShop();
    const shop = await db.shop.findUniqueOrThrow({ where: { id: test.shopId } });
    const answer = buildOrderForMirror(order1001State());
    const disputed = OrderForMirrorOrder.parse({
      ...answer,
      disputes: [{ id: "gid://shopify/OrderDisputeSummary/1" }, { id: "gid://shopify/OrderDisputeSummary/2" }],
    });
    const input = orderInputFromGraphql(disputed, new Date());
    expect(input.disputeCount).toBe(2);
    await applyOrder(shop, input);
    const shopifyId = input.shopifyId;
    const stored = () => db.order.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId } } });
    expect((await stored()).disputeCount).toBe(2);

    // An orders/updated delivery (REST: no disputes field), newer than the answer: the count stays.
    const payload = JSON.parse(
      readFileSync(new URL("../fixtures/webhooks/orders-updated.json", import.meta.url), "utf8").replaceAll("{shop}.myshopify.com", shop.domain),
    );
    const later = new Date(new Date(input.updatedAt).getTime() + 60_000).toISOString();
    const rest = orderInputFromPayload({ ...payload, id: Number(shopifyId), updated_at: later }, "orders/updated", null, "USD");
    expect(rest.disputeCount).toBeUndefined();
    expect(await applyOrder(shop, rest)).toBe("applied");
    expect((await stored()).disputeCount).toBe(2);

    // A later Admin API answer without disputes sets it back to 0.
    const cleared = OrderForMirrorOrder.parse({ ...answer, disputes: [], updatedAt: new Date(Date.parse(later) + 60_000).toISOString() });
    await applyOrder(shop, orderInputFromGraphql(cleared, new Date()));
    expect((await stored()).disputeCount).toBe(0);
  });
});
