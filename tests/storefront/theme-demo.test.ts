// The demo storefront (/demo/storefront), its asset route and the demo app-proxy forwarder (/apps/support/*):
// demo mode only; requests signed so that the real proxy verification (authenticate.public.appProxy) accepts them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { DEMO_API_KEY, DEMO_API_SECRET, resetEnvCache } from "../../app/env.server";
import { routePath, signedProxyUrl } from "../../app/demo/storefront-proxy.server";
import { ensureShop } from "../../app/shops/shops.server";
import { loader as pageLoader } from "../../app/routes/demo.storefront";
import { loader as assetLoader } from "../../app/routes/demo.storefront.assets.$file";
import { action as forwardAction, loader as forwardLoader } from "../../app/routes/apps.support.$";
import { createTestFulfillment, createTestOrder } from "../helpers/builders";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

describe("demo forwarder plumbing", () => {
  it("a shopper cannot pass their own shop, customer id or signature", () => {
    const sneaky = new URL("https://northwind.example/apps/support/orders?logged_in_customer_id=42&shop=other.myshopify.com&signature=abc");
    const signed = signedProxyUrl(sneaky, "https://casefile.test", { shop: "demo.myshopify.com", secret: "s", customerId: null });
    expect(signed.searchParams.getAll("logged_in_customer_id")).toEqual([""]);
    expect(signed.searchParams.getAll("shop")).toEqual(["demo.myshopify.com"]);
    expect(signed.searchParams.getAll("signature")).toHaveLength(1);
  });

  it("maps Remix flat-route files to the proxy paths they serve", () => {
    expect(routePath("../routes/proxy.orders._index.tsx")).toBe("/proxy/orders");
    expect(routePath("../routes/proxy.orders.lookup.tsx")).toBe("/proxy/orders/lookup");
    expect(routePath("../routes/proxy.orders.$number.tsx")).toBe("/proxy/orders/:number");
    expect(routePath("../routes/proxy.$.tsx")).toBe("/proxy/*");
  });
});

describe("outside demo mode", () => {
  it("the demo page, its assets and the forwarder answer 404", async () => {
    expect((await pageLoader(args(new Request("http://localhost/demo/storefront")))).status).toBe(404);
    expect((await assetLoader(args(new Request("http://localhost/x"), { file: "support-help.js" }))).status).toBe(404);
    expect((await forwardLoader(args(new Request("http://localhost/apps/support/articles?q=x")))).status).toBe(404);
    expect((await forwardAction(args(new Request("http://localhost/apps/support/cases", { method: "POST", body: "{}" })))).status).toBe(404);
  });
});

describe("demo mode", () => {
  let domain: string;
  let shopId: string;
  let customerShopifyId: bigint;

  beforeEach(async () => {
    domain = `demo-sf-${Date.now()}.myshopify.com`;
    const shop = await ensureShop(domain, { name: "Northwind Outfitters", currencyCode: "USD", ianaTimezone: "UTC" });
    shopId = shop.id;
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "demo", isOnline: false, accessToken: "demo", scope: "read_orders" } });
    customerShopifyId = BigInt(7_412_958_000_000 + Math.floor(Math.random() * 1e6));
    const customer = await db.customer.create({
      data: { shopId, shopifyId: customerShopifyId, email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", ordersCount: 1 },
    });
    const order = await createTestOrder(shopId, { customerId: customer.id, email: "ada@example.com", name: "#4321", orderNumber: 4321, fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shopId, order.id, { shipmentStatus: "DELIVERED", deliveredAt: new Date(Date.now() - 2 * 86400_000), trackingUrl: "https://ups.example/track/1" });
    Object.assign(process.env, { DEMO_MODE: "1", SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: DEMO_API_SECRET, DEMO_SHOP: domain });
    resetEnvCache();
  });

  afterEach(() => {
    Object.assign(process.env, { DEMO_MODE: "0", SHOPIFY_API_KEY: "test-api-key", SHOPIFY_API_SECRET: "test-api-secret" });
    delete process.env.DEMO_SHOP;
    resetEnvCache();
  });

  it("?blocks=none renders the same page without the app blocks' markup and assets (the Lighthouse baseline)", async () => {
    const bare = await (await pageLoader(args(new Request("http://localhost:3000/demo/storefront?as=guest&blocks=none")))).text();
    const full = await (await pageLoader(args(new Request("http://localhost:3000/demo/storefront?as=guest")))).text();
    expect(bare).toContain("Northwind Outfitters");
    expect(bare).toContain('<main id="content">');
    expect(bare).not.toMatch(/data-sp-(tracking|returns|help)|\/demo\/storefront\/assets\//);
    expect(full).toMatch(/data-sp-tracking[\s\S]*\/demo\/storefront\/assets\//);
  });

  it("renders the store page with the three blocks from their Liquid, as guest and as the demo customer", async () => {
    const guest = await pageLoader(args(new Request("http://localhost:3000/demo/storefront?as=guest")));
    expect(guest.status).toBe(200);
    expect(guest.headers.get("content-type")).toMatch(/text\/html/);
    expect(guest.headers.get("set-cookie")).toMatch(/demo_storefront_customer=;.*Max-Age=0/);
    const html = await guest.text();
    expect(html).toContain("Northwind Outfitters");
    expect(html).toMatch(/data-sp-tracking[\s\S]*data-sp-returns[\s\S]*data-sp-help/);
    expect(html).toContain('data-signed-in="false"');
    expect(html).toContain("Signed-in demo customer Ada Lovelace");
    expect(html).toContain("use order #4321 with the email ada@example.com");
    // No script arrives with the page: the inline loader fetches a block's script on first use.
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toMatch(/const src = "\/demo\/storefront\/assets\/support-tracking\.js\?v=[0-9a-z]+";/);
    // The blocks' first-paint styles are inline (no render-blocking request); the rest is linked by the scripts.
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).toMatch(/<style>[\s\S]*\.sp-form\{/);
    expect(html).toMatch(/data-sp-css="\/demo\/storefront\/assets\/support\.css\?v=[0-9a-z]+"/);

    const signedIn = await pageLoader(args(new Request("http://localhost:3000/demo/storefront?as=customer&locale=fr")));
    expect(signedIn.headers.get("set-cookie")).toContain(`demo_storefront_customer=${customerShopifyId}`);
    const fr = await signedIn.text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('data-signed-in="true"');
    expect(fr).toContain("Vos commandes récentes");
    expect(fr).toContain('value="ada@example.com"');
  });

  it("serves only the extension's own assets, with the right content type", async () => {
    const js = await assetLoader(args(new Request("http://localhost/x"), { file: "support-tracking.js" }));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toContain("data-sp-tracking");
    const css = await assetLoader(args(new Request("http://localhost/x"), { file: "support.css" }));
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    // Like Shopify's CDN: the URL asset_url writes (?v=) is cached for a year; any other URL is revalidated.
    expect(js.headers.get("cache-control")).toBe("no-cache");
    const page = await (await pageLoader(args(new Request("http://localhost:3000/demo/storefront?as=guest")))).text();
    const versioned = /"(\/demo\/storefront\/assets\/support-tracking\.js\?v=[0-9a-z]+)"/.exec(page)![1];
    const cached = await assetLoader(args(new Request(`http://localhost${versioned}`), { file: "support-tracking.js" }));
    expect(cached.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const stale = await assetLoader(args(new Request("http://localhost/x?v=old"), { file: "support-tracking.js" }));
    expect(stale.headers.get("cache-control")).toBe("no-cache");
    for (const file of ["../blocks/returns.liquid", "missing.js", "..%2Fshopify.extension.toml", ""]) {
      expect((await assetLoader(args(new Request("http://localhost/x"), { file }))).status, file).toBe(404);
    }
  });

  it("forwards a guest lookup, signed, to the real proxy route", async () => {
    const response = await forwardLoader(args(new Request("http://localhost:3000/apps/support/orders/lookup?number=4321&email=ADA%40example.com", { headers: { accept: "application/json" } })));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.order).toMatchObject({ name: "#4321", status: "delivered" });
    expect(body.order.fulfillments[0]).toMatchObject({ trackingUrl: "https://ups.example/track/1" });

    const wrong = await forwardLoader(args(new Request("http://localhost:3000/apps/support/orders/lookup?number=4321&email=eve%40example.com")));
    expect(wrong.status).toBe(404);
  });

  it("signs in the demo customer from the storefront cookie; without it the signed-in endpoints refuse", async () => {
    const cookie = `other=1; demo_storefront_customer=${customerShopifyId}`;
    const mine = await forwardLoader(args(new Request("http://localhost:3000/apps/support/orders", { headers: { cookie } })));
    expect(mine.status).toBe(200);
    expect((await mine.json()).orders.map((o: { name: string }) => o.name)).toEqual(["#4321"]);

    const guest = await forwardLoader(args(new Request("http://localhost:3000/apps/support/orders")));
    expect(guest.status).toBe(401);
  });

  it("forwards a JSON POST (contact form) with its body, and answers 404 for paths the proxy does not have", async () => {
    const response = await forwardAction(
      args(
        new Request("http://localhost:3000/apps/support/cases", {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ name: "Ada", email: "ada@example.com", topic: "where_is_my_order", message: "Where is #4321?", orderNumber: "4321" }),
        }),
      ),
    );
    expect(response.status).toBe(201);
    expect((await response.json()).case.number).toBeGreaterThan(0);
    expect(await db.case.count({ where: { shopId, customerEmail: "ada@example.com" } })).toBe(1);

    expect((await forwardLoader(args(new Request("http://localhost:3000/apps/support/nothing/here")))).status).toBe(404);
  });
});
