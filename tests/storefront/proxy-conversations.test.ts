import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action as customerAccountCases } from "../../app/routes/api.customer-account.cases";
import { loader as conversationPage } from "../../app/routes/c.$token";
import { action as proxyCases } from "../../app/routes/proxy.cases";
import { loader as conversationsLoader } from "../../app/routes/proxy.conversations";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { signedProxyRequest, type ProxyRequestOptions } from "../helpers/proxy";
import { API_KEY, API_SECRET, APP_URL } from "../helpers/shopify";
import { body, storefrontShop, type StorefrontSetup } from "./proxy-fixtures";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

type Args = Parameters<typeof conversationsLoader>[0];
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as unknown as Args;

const list = (s: StorefrontSetup, extra: Partial<ProxyRequestOptions> = {}) =>
  conversationsLoader(args(signedProxyRequest("/proxy/conversations", { shop: s.shop.domain, ...extra })));

type Conversation = { number: number; subject: string; status: string; lastActivityAt: string; conversationUrl: string };

/** Opens the signed link through the shopper's conversation page loader, as a browser following it would. */
async function openLink(url: string) {
  const token = new URL(url).pathname.replace(/^\/c\//, "");
  const response = await conversationPage(args(new Request(url), { token }));
  return { status: response.status, data: (await response.json()) as { state: string; conversation?: { number: number; subject: string } } };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("GET /proxy/conversations", () => {
  it("lists only the signed-in customer's own conversations, newest activity first, each link opening that case", async () => {
    const s = await storefrontShop();
    const other = await storefrontShop();
    const older = await createTestCase(s.shop.shopId, { customerId: s.ada.id, subject: "Wrong size", status: "RESOLVED", lastActivityAt: minutesAgo(60) });
    const newer = await createTestCase(s.shop.shopId, { customerId: s.ada.id, subject: "Where is my parcel?", status: "PENDING", lastActivityAt: minutesAgo(5) });
    await createTestCase(s.shop.shopId, { customerId: s.ada.id, subject: "Merged away", mergedIntoId: newer.id, lastActivityAt: minutesAgo(1) });
    await createTestCase(s.shop.shopId, { customerId: s.bob.id, subject: "Bob's question", lastActivityAt: minutesAgo(2) });
    await createTestCase(s.shop.shopId, { customerEmail: "ada@example.com", subject: "Guest with Ada's email" });
    // Another shop's customer with the same Shopify id never shows up here.
    const twin = await db.customer.create({ data: { shopId: other.shop.shopId, shopifyId: s.ada.shopifyId, email: "ada@example.com" } });
    await createTestCase(other.shop.shopId, { customerId: twin.id, subject: "Other shop" });

    const r = await list(s, { loggedInCustomerId: s.ada.shopifyId });
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const { conversations } = await body<{ conversations: Conversation[] }>(r);
    expect(conversations.map((c) => [c.number, c.subject, c.status])).toEqual([
      [newer.number, "Where is my parcel?", "waiting"],
      [older.number, "Wrong size", "resolved"],
    ]);
    expect(conversations[0].lastActivityAt).toBe(newer.lastActivityAt.toISOString());
    for (const [i, c] of conversations.entries()) {
      const opened = await openLink(c.conversationUrl);
      expect(opened.status).toBe(200);
      expect(opened.data.conversation).toMatchObject({ number: [newer, older][i].number, subject: [newer, older][i].subject });
    }
  });

  it("caps the list at 10 and answers an empty list for a customer the store does not know yet", async () => {
    const s = await storefrontShop();
    for (let i = 0; i < 12; i++) await createTestCase(s.shop.shopId, { customerId: s.bob.id, subject: `Question ${i}`, lastActivityAt: minutesAgo(100 - i) });
    const bob = await body<{ conversations: Conversation[] }>(await list(s, { loggedInCustomerId: s.bob.shopifyId }));
    expect(bob.conversations).toHaveLength(10);
    expect(bob.conversations[0].subject).toBe("Question 11");
    expect(await body(await list(s, { loggedInCustomerId: 99_999_999 }))).toEqual({ conversations: [] });
  });

  it("asks a guest to sign in (401) and refuses a forged or tampered signature (401)", async () => {
    const s = await storefrontShop();
    await createTestCase(s.shop.shopId, { customerId: s.ada.id });
    const guest = await list(s);
    expect(guest.status).toBe(401);
    expect((await body<{ error: { message: string } }>(guest)).error.message).toMatch(/^Sign in/);

    const forged = await list(s, { loggedInCustomerId: s.ada.shopifyId, secret: "not-the-app-secret" });
    expect(forged.status).toBe(401);
    // A guest's signed request with Ada's id slipped in afterwards.
    const tampered = await list(s, { tamper: (p) => p.set("logged_in_customer_id", String(s.ada.shopifyId)) });
    expect(tampered.status).toBe(401);
    expect(JSON.stringify(await body(tampered))).not.toContain("conversationUrl");
  });
});

describe("contact answers carry the conversation link", () => {
  const MESSAGE = { name: "Ada Lovelace", email: "ada@example.com", topic: "other", message: "Can I change my address?" };

  it("POST /proxy/cases (JSON) answers conversationUrl that opens the new case", async () => {
    const s = await storefrontShop();
    const r = await proxyCases(args(signedProxyRequest("/proxy/cases", { shop: s.shop.domain, body: MESSAGE })));
    expect(r.status).toBe(201);
    const answer = await body<{ case: { number: number }; conversationUrl: string }>(r);
    expect(answer.conversationUrl.startsWith(new URL("/c/", APP_URL()).toString())).toBe(true);
    const opened = await openLink(answer.conversationUrl);
    expect(opened.status).toBe(200);
    expect(opened.data.conversation?.number).toBe(answer.case.number);
  });

  it("POST /proxy/cases (plain form, no way back) shows a confirmation page with the conversation link", async () => {
    const s = await storefrontShop();
    const r = await proxyCases(args(signedProxyRequest("/proxy/cases", { shop: s.shop.domain, body: new URLSearchParams(MESSAGE) })));
    expect(r.status).toBe(200);
    const html = await r.text();
    const href = /<a href="([^"]+)">View your conversation<\/a>/.exec(html)?.[1];
    expect(href).toBeDefined();
    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId } });
    expect((await openLink(href!)).data.conversation?.number).toBe(kase.number);
  });

  it("POST /api/customer-account/cases answers conversationUrl that opens the customer's case", async () => {
    const s = await storefrontShop();
    const order = await createTestOrder(s.shop.shopId, { customerId: s.ada.id, email: "ada@example.com" });
    const store = s.shop.domain.replace(/\.myshopify\.com$/, "");
    const { token } = await getJwt(store, API_KEY(), API_SECRET(), { sub: `gid://shopify/Customer/${s.ada.shopifyId}`, iss: undefined, sid: undefined });
    const request = new Request(new URL("/api/customer-account/cases", APP_URL()), {
      method: "POST",
      headers: { Origin: "https://extensions.shopifycdn.com", Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ orderId: `gid://shopify/Order/${order.shopifyId}`, topic: "other", message: "Is it shipped?" }),
    });
    const r = await customerAccountCases(args(request));
    expect(r.status).toBe(201);
    const answer = (await r.json()) as { case: { number: number }; conversationUrl: string };
    const opened = await openLink(answer.conversationUrl);
    expect(opened.status).toBe(200);
    expect(opened.data.conversation?.number).toBe(answer.case.number);
    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId, number: answer.case.number } });
    expect(kase.customerId).toBe(s.ada.id);
  });
});
