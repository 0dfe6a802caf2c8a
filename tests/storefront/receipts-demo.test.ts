// The demo storefront (/demo/storefront) with "Email me my receipt": the demo proxy forwarder signs the POST like
// Shopify's app proxy and the receipt route answers it; the Admin API is the shared mock. A file of its own: the
// Shopify app instance keeps the secret it was first built with, and demo mode signs with the demo secret.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { DEMO_API_KEY, DEMO_API_SECRET, resetEnvCache } from "../../app/env.server";
import { action as forwardAction } from "../../app/routes/apps.support.$";
import { ensureShop } from "../../app/shops/shops.server";
import { createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());
const invoiceCalls = () => mock.callsTo("OrderInvoiceSend");

describe("demo storefront: the receipt through the demo proxy forwarder", () => {
  let domain: string;
  let shopId: string;

  beforeEach(async () => {
    domain = `demo-receipt-${Date.now()}.myshopify.com`;
    const shop = await ensureShop(domain, { name: "Northwind Outfitters", currencyCode: "USD", ianaTimezone: "UTC" });
    shopId = shop.id;
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "demo", isOnline: false, accessToken: "demo", scope: "read_orders" } });
    await createTestOrder(shopId, { email: "ada@example.com", name: "#4321", orderNumber: 4321 });
    Object.assign(process.env, { DEMO_MODE: "1", SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: DEMO_API_SECRET, DEMO_SHOP: domain });
    resetEnvCache();
  });

  afterEach(() => {
    Object.assign(process.env, { DEMO_MODE: "0", SHOPIFY_API_KEY: "test-api-key", SHOPIFY_API_SECRET: "test-api-secret" });
    delete process.env.DEMO_SHOP;
    resetEnvCache();
  });

  it("a guest's POST /apps/support/orders/:number/receipt is signed, forwarded and sent to the order's email", async () => {
    const response = await forwardAction({
      request: new Request("http://localhost:3000/apps/support/orders/4321/receipt", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ email: "ADA@example.com" }),
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
    expect((await response.json()).receipt.sentTo).toBe("a•••@example.com");
    expect(invoiceCalls().map((c) => (c.variables.email as { to: string }).to)).toEqual(["ada@example.com"]);
    expect(await db.orderAction.count({ where: { shopId, kind: "SEND_RECEIPT", status: "SUCCEEDED" } })).toBe(1);
  });
});
