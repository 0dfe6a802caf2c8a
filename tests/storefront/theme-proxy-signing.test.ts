// The demo forwarder signs /apps/support/* requests the way Shopify's app proxy does; the proof is that the
// library's own verification (authenticate.public.appProxy, used by every /proxy route) accepts them.
// Its own file: shopify() is built once per module graph with this file's (test) secret.
import { describe, expect, it } from "vitest";
import { signedProxyUrl } from "../../app/demo/storefront-proxy.server";
import { authenticate } from "../../app/shopify.server";
import { createInstalledShop } from "../helpers/shopify";

describe("app proxy signing", () => {
  it("is accepted by authenticate.public.appProxy; a changed parameter, another secret or a stale timestamp is refused", async () => {
    const shop = await createInstalledShop();
    // Repeated keys (joined with "," before signing) and characters that need encoding.
    const storefront = new URL("https://northwind.example/apps/support/orders/lookup?number=%231001&email=ada%2Bx%40example.com&extra=1&extra=2");
    const sign = (options: { secret?: string; customerId?: string | null; timestamp?: number } = {}) =>
      signedProxyUrl(storefront, "https://casefile.test", {
        shop: shop.domain,
        secret: options.secret ?? "test-api-secret",
        customerId: options.customerId === undefined ? "7412958000001" : options.customerId,
        timestamp: options.timestamp,
      });
    const signed = sign();
    expect(signed.pathname).toBe("/proxy/orders/lookup");
    expect(Object.fromEntries(signed.searchParams)).toMatchObject({
      number: "#1001",
      email: "ada+x@example.com",
      shop: shop.domain,
      logged_in_customer_id: "7412958000001",
      path_prefix: "/apps/support",
      timestamp: expect.stringMatching(/^\d{10}$/),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await authenticate.public.appProxy(new Request(signed))).session?.shop).toBe(shop.domain);
    // A guest: Shopify sends logged_in_customer_id empty, and it is signed too.
    expect((await authenticate.public.appProxy(new Request(sign({ customerId: null })))).session?.shop).toBe(shop.domain);

    const tampered = new URL(signed);
    tampered.searchParams.set("logged_in_customer_id", "1");
    await expect(authenticate.public.appProxy(new Request(tampered))).rejects.toMatchObject({ status: 400 });
    await expect(authenticate.public.appProxy(new Request(sign({ secret: "another-secret" })))).rejects.toMatchObject({ status: 400 });
    await expect(authenticate.public.appProxy(new Request(sign({ timestamp: Math.floor(Date.now() / 1000) - 600 })))).rejects.toMatchObject({ status: 400 });
  });
});
