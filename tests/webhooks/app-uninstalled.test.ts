import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action, loader } from "../../app/routes/webhooks.app.uninstalled";
import { action as scopesAction } from "../../app/routes/webhooks.app.scopes_update";
import { createInstalledShop, signedWebhook } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

describe("POST /webhooks/app/uninstalled", () => {
  it("deletes the shop's sessions and marks it uninstalled, keeping its data", async () => {
    const shop = await createInstalledShop();
    await db.customer.create({ data: { shopId: shop.shopId, email: "kept@example.com" } });
    const body = JSON.stringify({ id: 1, name: "Test Shop", domain: shop.domain });

    const response = await action(args(signedWebhook({ shop: shop.domain, topic: "app/uninstalled", body })));

    expect(response.status).toBe(200);
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    const stored = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } });
    expect(stored.state).toBe("UNINSTALLED");
    expect(stored.uninstalledAt).toBeInstanceOf(Date);
    expect(await db.customer.count({ where: { shopId: shop.shopId } })).toBe(1);
  });

  it("is a no-op for a delivery repeated after the sessions are gone", async () => {
    const shop = await createInstalledShop();
    const body = JSON.stringify({ id: 1, domain: shop.domain });
    const webhookId = crypto.randomUUID();
    expect((await action(args(signedWebhook({ shop: shop.domain, topic: "app/uninstalled", body, webhookId })))).status).toBe(200);
    expect((await action(args(signedWebhook({ shop: shop.domain, topic: "app/uninstalled", body, webhookId })))).status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).state).toBe("UNINSTALLED");
  });

  it("refuses a bad signature with 401 and changes nothing", async () => {
    const shop = await createInstalledShop();
    const request = signedWebhook({ shop: shop.domain, topic: "app/uninstalled", body: "{}", secret: "not-the-app-secret" });

    const response = await action(args(request));

    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/HMAC/);
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(2);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).state).toBe("INSTALLED");
  });

  it("answers 400 when Shopify's headers are missing", async () => {
    const shop = await createInstalledShop();
    const request = signedWebhook({ shop: shop.domain, topic: "app/uninstalled", body: "{}", headers: { "x-shopify-topic": null, "x-shopify-hmac-sha256": null } });
    const response = await action(args(request));
    expect(response.status).toBe(400);
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(2);
  });

  it("answers 400 for a correctly signed body that is not JSON", async () => {
    const shop = await createInstalledShop();
    const response = await action(args(signedWebhook({ shop: shop.domain, topic: "app/uninstalled", body: "{not json" })));
    expect(response.status).toBe(400);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).state).toBe("INSTALLED");
  });

  it("answers 405 with Allow: POST to other methods", async () => {
    const response = await loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("POST /webhooks/app/scopes_update", () => {
  it("records the granted scopes on the shop and its sessions", async () => {
    const shop = await createInstalledShop();
    const body = JSON.stringify({ id: 1, previous: ["read_orders"], current: ["read_orders", "write_orders"], updated_at: new Date().toISOString() });
    const response = await scopesAction(args(signedWebhook({ shop: shop.domain, topic: "app/scopes_update", body })));
    expect(response.status).toBe(200);
    const sessions = await db.session.findMany({ where: { shop: shop.domain } });
    expect(sessions.map((s) => s.scope)).toEqual(["read_orders,write_orders", "read_orders,write_orders"]);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).scopes).toBe("read_orders,write_orders");
  });
});
