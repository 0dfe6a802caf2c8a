import { getHmac, getJwt } from "@shopify/shopify-api/test-helpers";
import db from "../../app/db.server";
import { DEFAULT_SCOPES } from "../../app/shopify.server";
import { ensureShop } from "../../app/shops/shops.server";

export const API_KEY = () => process.env.SHOPIFY_API_KEY!;
export const API_SECRET = () => process.env.SHOPIFY_API_SECRET!;
export const APP_URL = () => process.env.SHOPIFY_APP_URL!;

let counter = 0;
export function uniqueShopDomain(prefix = "test-shop"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}.myshopify.com`;
}

export interface TestShop {
  domain: string;
  shopId: string;
  staffId: string;
  userId: number;
}

/**
 * An installed shop as Shopify leaves it after token exchange: the shop row, its offline and online
 * sessions (valid, with the app's scopes) and the staff member of the online session.
 */
export async function createInstalledShop(domain = uniqueShopDomain(), userId = 902541635): Promise<TestShop> {
  const shop = await ensureShop(domain, { name: "Test Shop", currencyCode: "USD", ianaTimezone: "UTC" });
  const scope = DEFAULT_SCOPES.join(",");
  const expires = new Date(Date.now() + 24 * 3600 * 1000);
  await db.session.createMany({
    data: [
      { id: `offline_${domain}`, shop: domain, state: "installed", isOnline: false, scope, accessToken: "shpat_offline_test" },
      {
        id: `${domain}_${userId}`,
        shop: domain,
        state: "installed",
        isOnline: true,
        scope,
        expires,
        accessToken: "shpua_online_test",
        userId: BigInt(userId),
        firstName: "Ada",
        lastName: "Agent",
        email: `ada+${userId}@example.com`,
        accountOwner: true,
      },
    ],
  });
  const staff = await db.staff.create({
    data: { shopId: shop.id, shopifyUserId: BigInt(userId), email: `ada+${userId}@example.com`, firstName: "Ada", lastName: "Agent", role: "ADMIN" },
  });
  return { domain, shopId: shop.id, staffId: staff.id, userId };
}

/** A request from the embedded admin: App Bridge sends the session token as a bearer token. */
export async function embeddedRequest(path: string, shop: TestShop, init: RequestInit = {}): Promise<Request> {
  const store = shop.domain.replace(/\.myshopify\.com$/, "");
  const { token } = await getJwt(store, API_KEY(), API_SECRET(), { sub: String(shop.userId) });
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return new Request(new URL(path, APP_URL()), { ...init, headers });
}

export interface WebhookOptions {
  shop: string;
  topic: string;
  body: string;
  webhookId?: string;
  secret?: string;
  method?: string;
  headers?: Record<string, string | null>;
}

/** A webhook delivery signed the way Shopify signs it (HMAC-SHA256 of the raw body, base64). */
export function signedWebhook({ shop, topic, body, webhookId = crypto.randomUUID(), secret = API_SECRET(), method = "POST", headers = {} }: WebhookOptions): Request {
  const all: Record<string, string | null> = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": shop,
    "x-shopify-hmac-sha256": getHmac(body, secret),
    "x-shopify-webhook-id": webhookId,
    "x-shopify-api-version": "2026-07",
    "x-shopify-event-id": crypto.randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    ...headers,
  };
  const h = new Headers();
  for (const [k, v] of Object.entries(all)) if (v !== null) h.set(k, v);
  return new Request(new URL(`/webhooks/${topic}`, APP_URL()), { method, headers: h, body: method === "GET" || method === "HEAD" ? undefined : body });
}
