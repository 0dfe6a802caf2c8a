import type { AddressInfo } from "node:net";
import http from "node:http";
import { describe, expect, it } from "vitest";
import { webhookFastPath } from "../../scripts/lib/http-server";
import { ingestWebhook } from "../../app/webhooks/ingest.server";
import db from "../../app/db.server";
import { createInstalledShop, signedWebhook } from "../helpers/shopify";

async function serve(handler: ReturnType<typeof webhookFastPath>) {
  const server = http.createServer((req, res) => handler(req, res, (error) => res.writeHead(500).end(String(error))));
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe("the production server's webhook fast path", () => {
  it("hands the intake the exact bytes, headers and topic of Shopify's request", async () => {
    let seen: { method: string; body: string; topic: string | undefined; hmac: string | null } | undefined;
    const server = await serve(
      webhookFastPath(async (request, topic) => {
        seen = { method: request.method, body: await request.text(), topic, hmac: request.headers.get("x-shopify-hmac-sha256") };
        return new Response(null, { status: 202, headers: { "x-test": "1" } });
      }),
    );
    try {
      const body = '{"id": 1, "note": "ünïcode ✓"}';
      const response = await fetch(`${server.base}/webhooks/orders/create`, { method: "POST", headers: { "x-shopify-hmac-sha256": "abc" }, body });
      expect(response.status).toBe(202);
      expect(response.headers.get("x-test")).toBe("1");
      expect(seen).toEqual({ method: "POST", body, topic: "orders/create", hmac: "abc" });

      const tooLarge = await fetch(`${server.base}/webhooks/orders/create`, { method: "POST", body: "x".repeat(5 * 1024 * 1024 + 1) });
      expect(tooLarge.status).toBe(413);
      expect((await tooLarge.json()).error.message).toMatch(/limited to/);
    } finally {
      await server.close();
    }
  });

  it("stores a real signed delivery through the same intake as the Remix route", async () => {
    const shop = await createInstalledShop();
    const server = await serve(webhookFastPath(ingestWebhook));
    try {
      const signed = signedWebhook({ shop: shop.domain, topic: "app/scopes_update", body: JSON.stringify({ current: ["read_orders"] }) });
      const response = await fetch(`${server.base}/webhooks/app/scopes_update`, { method: "POST", headers: signed.headers, body: await signed.text() });
      expect(response.status).toBe(200);
      expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(1);

      const bad = await fetch(`${server.base}/webhooks/app/scopes_update`, { method: "POST", headers: { ...Object.fromEntries(signed.headers), "x-shopify-hmac-sha256": "forged" }, body: "{}" });
      expect(bad.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
