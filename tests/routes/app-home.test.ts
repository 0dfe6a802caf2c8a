import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { loader } from "../../app/routes/app._index";
import { loader as layoutLoader } from "../../app/routes/app";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop, embeddedRequest } from "../helpers/shopify";
import { ensureShop } from "../../app/shops/shops.server";

const args = (request: Request) => ({ request, params: {}, context: {} });

shopifyAdminMock();

describe("app home", () => {
  it("shows real counts for the authenticated shop only", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { fulfillmentStatus: "FULFILLED" });
    await createTestOrder(shop.shopId);
    await createTestFulfillment(shop.shopId, order.id);
    await createTestCase(shop.shopId, { status: "OPEN" });
    await createTestCase(shop.shopId, { status: "OPEN", assigneeId: shop.staffId, topic: "RETURN" });
    await createTestCase(shop.shopId, { status: "PENDING" });
    await createTestCase(shop.shopId, { status: "RESOLVED", resolvedAt: new Date() });
    await db.refund.create({
      data: { shopId: shop.shopId, orderId: order.id, shopifyId: 1n, amount: "12.50", currencyCode: "USD", processedAt: new Date(), shopifyCreatedAt: new Date() },
    });
    // Another shop's data never shows up.
    await createTestCase(other.shopId, { status: "OPEN" });
    await createTestOrder(other.shopId);

    const response = await loader(args(await embeddedRequest("/app", shop)));
    const { overview } = await response.json();

    expect(overview.cases).toMatchObject({ OPEN: 2, PENDING: 1, RESOLVED: 1, total: 4, unassignedOpen: 1, resolvedLast7Days: 1 });
    expect(overview.openByTopic).toHaveLength(2);
    expect(overview.openByTopic).toEqual(
      expect.arrayContaining([
        { topic: "WHERE_IS_MY_ORDER", count: 1 },
        { topic: "RETURN", count: 1 },
      ]),
    );
    expect(overview.orders).toEqual({ mirrored: 2, unfulfilled: 1, inTransit: 1, deliveredLast30Days: 0 });
    expect(overview.refunds).toEqual({ last30Days: 1, amountLast30Days: "12.5", currencyCode: "USD" });
  });

  it("refuses a request without a session token", async () => {
    const request = new Request("https://casefile.test/app", { headers: { authorization: "Bearer not-a-jwt" } });
    await expect(loader(args(request))).rejects.toSatisfy((r: unknown) => r instanceof Response && r.status === 401);
  });
});

describe("demo mode", () => {
  afterEach(() => {
    process.env.DEMO_MODE = "0";
    process.env.SHOPIFY_API_KEY = "test-api-key";
    process.env.SHOPIFY_API_SECRET = "test-api-secret";
    delete process.env.DEMO_SHOP;
    resetEnvCache();
  });

  it("lands a plain browser request in the app as the demo staff member", async () => {
    const demo = await import("../../app/env.server");
    const domain = `demo-${Date.now()}.myshopify.com`;
    const shop = await ensureShop(domain, { name: "Northwind Outfitters" });
    await db.staff.create({ data: { shopId: shop.id, email: "dana@example.com", firstName: "Dana", lastName: "Demo", role: "ADMIN" } });
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "demo", accessToken: "demo", scope: "read_orders" } });
    await createTestCase(shop.id, { status: "OPEN" });
    Object.assign(process.env, { DEMO_MODE: "1", SHOPIFY_API_KEY: demo.DEMO_API_KEY, SHOPIFY_API_SECRET: demo.DEMO_API_SECRET, DEMO_SHOP: domain });
    resetEnvCache();

    const plain = new Request("http://localhost:3000/app");
    const layout = await (await layoutLoader(args(plain))).json();
    expect(layout).toMatchObject({ demo: true, shopName: "Northwind Outfitters", staffName: "Dana Demo" });
    const { overview } = await (await loader(args(plain))).json();
    expect(overview.cases.OPEN).toBe(1);
  });
});
