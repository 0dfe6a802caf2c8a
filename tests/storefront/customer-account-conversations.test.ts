import { getJwt } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import * as route from "../../app/routes/api.customer-account.conversations";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { API_KEY, API_SECRET, APP_URL, createInstalledShop, type TestShop } from "../helpers/shopify";

// GET /api/customer-account/conversations, called as the customer account "Get help" modal calls it: from the
// extension's origin, with the customer's session token (sub = the customer's GID).

shopifyAdminMock();
const ORIGIN = "https://extensions.shopifycdn.com";
const ADA = 7_101n;
const BEN = 7_102n;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

type Conversation = { number: number; subject: string; status: string; lastActivityAt: string; conversationUrl: string };

let shop: TestShop;
let adaId: string;
let benId: string;

beforeEach(async () => {
  shop = await createInstalledShop();
  adaId = (await db.customer.create({ data: { shopId: shop.shopId, shopifyId: ADA, email: "ada@example.com", firstName: "Ada" } })).id;
  benId = (await db.customer.create({ data: { shopId: shop.shopId, shopifyId: BEN, email: "ben@example.com", firstName: "Ben" } })).id;
});

async function tokenFor(s: TestShop, customer: bigint | string, overrides: Record<string, unknown> = {}, secret = API_SECRET()) {
  const store = s.domain.replace(/\.myshopify\.com$/, "");
  const sub = typeof customer === "bigint" ? `gid://shopify/Customer/${customer}` : customer;
  const { token } = await getJwt(store, API_KEY(), secret, { sub, iss: undefined, sid: undefined, ...overrides });
  return token;
}

function request(init: { method?: string; token?: string | null; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ Origin: ORIGIN, ...init.headers });
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return new Request(new URL("/api/customer-account/conversations", APP_URL()), { method: init.method ?? "GET", headers });
}

const get = (init: Parameters<typeof request>[0] = {}) => route.loader({ request: request(init), params: {}, context: {} });

function expectCors(response: Response) {
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(response.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  expect(response.headers.get("Cache-Control")).toBe("no-store");
}

describe("GET /api/customer-account/conversations", () => {
  it("lists only the token's customer's conversations in this shop, newest activity first, each with its signed link", async () => {
    const older = await createTestCase(shop.shopId, { customerId: adaId, subject: "Wrong size", status: "RESOLVED", lastActivityAt: minutesAgo(60) });
    const newer = await createTestCase(shop.shopId, { customerId: adaId, subject: "Where is my parcel?", status: "PENDING", lastActivityAt: minutesAgo(5) });
    await createTestCase(shop.shopId, { customerId: adaId, subject: "Merged away", mergedIntoId: newer.id, lastActivityAt: minutesAgo(1) });
    await createTestCase(shop.shopId, { customerId: benId, subject: "Ben's question", lastActivityAt: minutesAgo(2) });
    const other = await createInstalledShop();
    const twin = await db.customer.create({ data: { shopId: other.shopId, shopifyId: ADA, email: "ada@example.com" } });
    await createTestCase(other.shopId, { customerId: twin.id, subject: "Other shop" });

    const response = await get({ token: await tokenFor(shop, ADA) });
    expect(response.status).toBe(200);
    expectCors(response);
    const { conversations } = (await response.json()) as { conversations: Conversation[] };
    expect(conversations.map((c) => [c.number, c.subject, c.status])).toEqual([
      [newer.number, "Where is my parcel?", "waiting"],
      [older.number, "Wrong size", "resolved"],
    ]);
    for (const c of conversations) expect(c.conversationUrl).toMatch(/^https?:\/\//);
    expect(new Set(conversations.map((c) => c.conversationUrl)).size).toBe(2);
  });

  it("a customer the store has no conversations with (or does not know yet) gets an empty list", async () => {
    const response = await get({ token: await tokenFor(shop, 7_199n) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ conversations: [] });
  });

  it("refuses a missing, forged or non-customer token with a readable 401, with CORS", async () => {
    await createTestCase(shop.shopId, { customerId: adaId, subject: "Secret" });
    const tokens = [null, await tokenFor(shop, ADA, {}, "not-the-app-secret"), await tokenFor(shop, "gid://shopify/Shop/1")];
    for (const token of tokens) {
      const response = await get({ token });
      expect(response.status).toBe(401);
      expectCors(response);
      const text = JSON.stringify(await response.json());
      expect(text).toContain("Sign in");
      expect(text).not.toContain("Secret");
    }
  });

  it("answers the CORS preflight without a token and only takes GET (405)", async () => {
    const preflight = await route.action({
      request: request({ method: "OPTIONS", headers: { "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" } }),
      params: {},
      context: {},
    });
    expect(preflight.status).toBe(204);
    expectCors(preflight);
    const post = await route.action({ request: request({ method: "POST", token: await tokenFor(shop, ADA) }), params: {}, context: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get("Allow")).toBe("GET, OPTIONS");
    expectCors(post);
  });
});
