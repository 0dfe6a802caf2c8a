import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader as searchLoader } from "../../app/routes/proxy.articles._index";
import { loader as articleLoader } from "../../app/routes/proxy.articles.$slug";
import { action as casesAction, loader as casesLoader } from "../../app/routes/proxy.cases";
import { loader as lookupLoader } from "../../app/routes/proxy.orders.lookup";
import { searchArticles } from "../../app/storefront/articles.server";
import { submitContact } from "../../app/storefront/contact.server";
import { CONTACT_LIMITS } from "../../app/storefront/rate-limit.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { signedProxyRequest, type ProxyRequestOptions } from "../helpers/proxy";
import { body, buildOrder, daysAgo, storefrontShop, type StorefrontSetup } from "./proxy-fixtures";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

type Args = Parameters<typeof casesAction>[0];
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as unknown as Args;

async function article(shopId: string, slug: string, title: string, text: string, extra: { published?: boolean; viewCount?: number } = {}) {
  return db.helpArticle.create({ data: { shopId, slug, title, body: text, published: extra.published ?? true, viewCount: extra.viewCount ?? 0, topic: "RETURN" } });
}

const search = (s: StorefrontSetup, q: string | null, extra: Record<string, string> = {}) =>
  searchLoader(args(signedProxyRequest("/proxy/articles", { shop: s.shop.domain, query: { ...(q === null ? {} : { q }), ...extra } })));

describe("GET /proxy/articles (help search)", () => {
  it("ranks title matches above body matches, matches the last word as a prefix, and shows only published articles of the shop", async () => {
    const s = await storefrontShop();
    const other = await storefrontShop();
    await article(s.shop.shopId, "shipping-times", "Shipping times", "Orders ship in 2 days. Returns are covered elsewhere.");
    await article(s.shop.shopId, "returns", "How do I return an item?", "You can return most items within 30 days of delivery.");
    await article(s.shop.shopId, "draft-returns", "Returns (draft)", "Not yet published.", { published: false });
    await article(other.shop.shopId, "returns", "Another shop's returns", "Return things to another shop.");

    const r = await search(s, "retu");
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const answer = await body<{ query: string; articles: { slug: string; title: string; excerpt: string; topic: string }[] }>(r);
    expect(answer.query).toBe("retu");
    expect(answer.articles.map((a) => a.slug)).toEqual(["returns", "shipping-times"]);
    expect(answer.articles[0]).toEqual({ slug: "returns", title: "How do I return an item?", topic: "return", excerpt: "You can return most items within 30 days of delivery." });

    // Stems: "returning items" finds the article that says "return … items".
    expect((await searchArticles(s.shop.shopId, "returning items")).map((a) => a.slug)).toEqual(["returns"]);
    expect(await searchArticles(s.shop.shopId, "zebra")).toEqual([]);
    // Punctuation and operators are only words to us.
    expect((await searchArticles(s.shop.shopId, "ship & | ! ( times")).map((a) => a.slug)).toEqual(["shipping-times"]);
  });

  it("lists the most viewed articles for an empty search, and refuses bad parameters", async () => {
    const s = await storefrontShop();
    await article(s.shop.shopId, "a", "Sizing guide", "How our sizes run.", { viewCount: 3 });
    await article(s.shop.shopId, "b", "Where is my order?", "Track it with your number.", { viewCount: 40 });
    const r = await search(s, "");
    expect((await body<{ articles: { slug: string }[] }>(r)).articles.map((a) => a.slug)).toEqual(["b", "a"]);
    expect((await search(s, null, { limit: "1" })).status).toBe(200);
    const bad = await search(s, "x", { limit: "99" });
    expect(bad.status).toBe(400);
    expect((await body<{ error: { message: string } }>(bad)).error.message).toBe("limit can be at most 20");
    const long = await search(s, "x".repeat(201));
    expect(long.status).toBe(400);
  });
});

describe("GET /proxy/articles/:slug", () => {
  it("answers the article, counts the view and records it with the search that led there", async () => {
    const s = await storefrontShop();
    const a = await article(s.shop.shopId, "returns", "Returns", "Within 30 days.");
    const r = await articleLoader(
      args(signedProxyRequest("/proxy/articles/returns", { shop: s.shop.domain, query: { q: "retu" }, loggedInCustomerId: s.ada.shopifyId }), { slug: "returns" }),
    );
    expect(r.status).toBe(200);
    expect(await body(r)).toEqual({ article: { slug: "returns", title: "Returns", topic: "return", body: "Within 30 days.", updatedAt: expect.any(String) } });
    expect((await db.helpArticle.findUniqueOrThrow({ where: { id: a.id } })).viewCount).toBe(1);
    expect(await db.selfServiceEvent.findMany({ where: { shopId: s.shop.shopId } })).toEqual([
      expect.objectContaining({ kind: "ARTICLE_VIEW", articleId: a.id, query: "retu", customerId: s.ada.id }),
    ]);

    await article(s.shop.shopId, "draft", "Draft", "x", { published: false });
    for (const slug of ["draft", "missing"]) {
      const missing = await articleLoader(args(signedProxyRequest(`/proxy/articles/${slug}`, { shop: s.shop.domain }), { slug }));
      expect(missing.status).toBe(404);
    }
  });
});

const contact = (s: StorefrontSetup, payload: unknown, extra: Partial<ProxyRequestOptions> = {}) =>
  casesAction(args(signedProxyRequest("/proxy/cases", { shop: s.shop.domain, body: payload, ...extra })));

const MESSAGE = { name: "Ada Lovelace", email: "Ada@Example.com", topic: "where_is_my_order", message: "Where is my parcel?" };

describe("POST /proxy/cases (contact)", () => {
  it("opens a case, then appends to the signed-in customer's open case, and links their order", async () => {
    const s = await storefrontShop();
    const order = await buildOrder(s.shop.shopId, { number: 1001, email: "ada@example.com", customerId: s.ada.id });
    const asAda = { loggedInCustomerId: s.ada.shopifyId };

    const first = await contact(s, { ...MESSAGE, orderNumber: "#1001" }, asAda);
    expect(first.status).toBe(201);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const a = await body<{ case: { number: number; appended: boolean }; message: string }>(first);
    expect(a).toEqual({
      case: { number: expect.any(Number), appended: false },
      message: "Thanks, Ada. We received your message and will reply to ada@example.com.",
      conversationUrl: expect.stringMatching(/^https?:\/\/[^/]+\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
    });

    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId, number: a.case.number }, include: { messages: true, orders: true } });
    expect(kase).toMatchObject({
      subject: "Where is my order? (#1001)",
      topic: "WHERE_IS_MY_ORDER",
      channel: "STOREFRONT",
      status: "OPEN",
      customerEmail: "ada@example.com",
      customerName: "Ada Lovelace",
      customerId: s.ada.id,
    });
    expect(kase.firstResponseDueAt).not.toBeNull();
    expect(kase.messages).toEqual([
      expect.objectContaining({ direction: "INBOUND", channel: "STOREFRONT", authorType: "CUSTOMER", authorEmail: "ada@example.com", bodyText: "Where is my parcel?", bodyHtml: null }),
    ]);
    expect(kase.orders).toEqual([expect.objectContaining({ orderId: order.id, linkedBy: "CUSTOMER" })]);

    await db.case.update({ where: { id: kase.id }, data: { status: "PENDING" } });
    const second = await contact(s, { ...MESSAGE, email: "ada@example.com", topic: "OTHER", message: "Any news?" }, asAda);
    expect(await body(second)).toMatchObject({ case: { number: a.case.number, appended: true } });
    const after = await db.case.findUniqueOrThrow({ where: { id: kase.id }, include: { messages: { orderBy: { createdAt: "asc" } } } });
    expect(after.status).toBe("OPEN");
    expect(after.messages.map((m) => m.bodyText)).toEqual(["Where is my parcel?", "Any news?"]);

    // A guest typing Ada's email proves nothing, but it is one conversation: the message joins Ada's open case,
    // flagged as from an unverified sender, and the case stays Ada's.
    const guest = await body<{ case: { number: number; appended: boolean } }>(await contact(s, { ...MESSAGE, message: "Change my address to …" }));
    expect(guest.case).toEqual({ number: a.case.number, appended: true });
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ customerId: s.ada.id, customerEmail: "ada@example.com" });
    const guestMessage = await db.message.findFirstOrThrow({ where: { caseId: kase.id, bodyText: "Change my address to …" } });
    const flags = await db.caseEvent.findMany({ where: { caseId: kase.id, type: "unverified_sender" } });
    expect(flags).toEqual([expect.objectContaining({ actorType: "CUSTOMER", data: { messageId: guestMessage.id } })]);
    expect(await db.message.count({ where: { caseId: kase.id } })).toBe(3);

    // Someone else gets their own case; a resolved or merged case is not appended to.
    const bob = await body<{ case: { number: number; appended: boolean } }>(await contact(s, { ...MESSAGE, name: "Bob", email: "bob@example.com" }));
    expect(bob.case).toMatchObject({ appended: false });
    expect(bob.case.number).not.toBe(a.case.number);
    await db.case.update({ where: { id: kase.id }, data: { status: "RESOLVED" } });
    // Ada's case is resolved: her next message opens a new case, never back into the resolved one.
    const third = await body<{ case: { number: number; appended: boolean } }>(await contact(s, MESSAGE, asAda));
    expect(third.case).toMatchObject({ appended: false });
    expect(third.case.number).not.toBe(a.case.number);
  });

  it("does not link an order whose email is someone else's", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1002, email: "bob@example.com", customerId: s.bob.id });
    const r = await body<{ case: { number: number } }>(await contact(s, { ...MESSAGE, orderNumber: "1002" }));
    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId, number: r.case.number }, include: { orders: true, messages: true } });
    expect(kase.orders).toEqual([]);
    expect(kase.subject).toBe("Where is my order? (order 1002)");
    expect(kase.messages[0].bodyText).toMatch(/Order number given: 1002/);
  });

  it("does not link someone else's order named in the message text", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 4242, email: "bob@example.com", customerId: s.bob.id });
    const r = await body<{ case: { number: number } }>(await contact(s, { ...MESSAGE, message: "What about #4242?" }));
    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId, number: r.case.number }, include: { orders: true } });
    expect(kase.orders).toEqual([]);
  });

  it("marks an order lookup of the last 24 hours as followed up by the case", async () => {
    const s = await storefrontShop();
    const order = await buildOrder(s.shop.shopId, { number: 1001, email: "ada@example.com", fulfillment: { createdAt: daysAgo(2) } });
    const lookup = await lookupLoader(args(signedProxyRequest("/proxy/orders/lookup", { shop: s.shop.domain, query: { number: "1001", email: "ada@example.com" } })));
    expect(lookup.status).toBe(200);
    const old = await db.selfServiceEvent.create({ data: { shopId: s.shop.shopId, kind: "ORDER_LOOKUP", orderId: order.id, createdAt: daysAgo(2) } });

    const r = await body<{ case: { number: number } }>(await contact(s, { ...MESSAGE, orderNumber: "1001" }));
    const kase = await db.case.findFirstOrThrow({ where: { shopId: s.shop.shopId, number: r.case.number } });
    const events = await db.selfServiceEvent.findMany({ where: { shopId: s.shop.shopId, kind: "ORDER_LOOKUP" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.id === old.id ? "old" : "recent", e.followUpCaseId])).toEqual([
      ["old", null],
      ["recent", kase.id],
    ]);
  });

  it("answers a form post without JavaScript with a redirect back, or a small confirmation page", async () => {
    const s = await storefrontShop();
    const form = (extra: Record<string, string> = {}) => new URLSearchParams({ ...MESSAGE, ...extra });

    const withReturnTo = await contact(s, form({ return_to: "/pages/contact?x=1" }));
    expect(withReturnTo.status).toBe(303);
    expect(withReturnTo.headers.get("location")).toMatch(/^\/pages\/contact\?x=1&contact=sent&case=\d+$/);

    const withReferer = await contact(s, form(), { headers: { referer: "https://shop.example.com/pages/help#form" } });
    expect(withReferer.status).toBe(303);
    expect(withReferer.headers.get("location")).toMatch(/^\/pages\/help\?contact=sent&case=\d+$/);

    const offSite = await contact(s, form({ return_to: "//evil.example/phish" }));
    expect(offSite.status).toBe(200);
    expect(offSite.headers.get("content-type")).toMatch(/text\/html/);
    const html = await offSite.text();
    expect(html).toMatch(/Message sent/);
    expect(html).toMatch(/Thanks, Ada/);
    expect(html).not.toMatch(/evil/);

    const multipart = new FormData();
    for (const [k, v] of Object.entries(MESSAGE)) multipart.set(k, v);
    expect((await contact(s, multipart)).status).toBe(200);

    const invalid = await contact(s, form({ email: "nope", message: "" }), { headers: { referer: "https://shop.example.com/pages/help" } });
    expect(invalid.status).toBe(400);
    const page = await invalid.text();
    expect(page).toMatch(/Your message was not sent/);
    expect(page).toMatch(/Enter a valid email address/);
    expect(page).toMatch(/Write your message/);
    expect(page).toMatch(/href="\/pages\/help"/);
    expect(await db.message.count({ where: { shopId: s.shop.shopId } })).toBe(4);
  });

  it("refuses bad input with clear 400s, wrong methods with 405, and bad signatures with 401", async () => {
    const s = await storefrontShop();
    const missing = await contact(s, { email: "ada@example.com" });
    expect(missing.status).toBe(400);
    const err = await body<{ error: { code: string; details: { fieldErrors: Record<string, string> } } }>(missing);
    expect(err.error.details.fieldErrors).toMatchObject({ name: "Enter your name.", topic: "Choose what your message is about.", message: "Write your message." });
    expect((await contact(s, { ...MESSAGE, topic: "complaints" })).status).toBe(400);
    expect((await contact(s, { ...MESSAGE, message: "x".repeat(10_001) })).status).toBe(400);
    expect((await contact(s, "[1,2]", { headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await contact(s, "name=x", { headers: { "content-type": "text/plain" } })).status).toBe(400);

    const get = await casesLoader(args(signedProxyRequest("/proxy/cases", { shop: s.shop.domain })));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await contact(s, MESSAGE, { secret: "forged" })).status).toBe(401);
    expect(await db.case.count({ where: { shopId: s.shop.shopId } })).toBe(0);
  });

  it("respects the shop's channel and topic settings", async () => {
    const s = await storefrontShop();
    await updateShopSettings(s.shop.shopId, { topics: { BILLING: { enabled: false } } });
    const off = await contact(s, { ...MESSAGE, topic: "billing" });
    expect(off.status).toBe(400);
    await updateShopSettings(s.shop.shopId, { channels: { email: true, storefront: false, customerAccount: true } });
    expect((await contact(s, MESSAGE)).status).toBe(403);
    // The customer-account channel is still on.
    const viaAccount = await submitContact(s.shop.shopId, MESSAGE, "CUSTOMER_ACCOUNT", { shopifyCustomerId: s.ada.shopifyId });
    expect(viaAccount.appended).toBe(false);
    const kase = await db.case.findFirstOrThrow({ where: { id: viaAccount.caseId } });
    expect(kase).toMatchObject({ channel: "CUSTOMER_ACCOUNT", customerId: s.ada.id });
  });

  it("limits messages per IP with 429 and Retry-After (JSON and form alike)", async () => {
    const s = await storefrontShop();
    for (let i = 0; i < CONTACT_LIMITS.perIp.points; i++) {
      expect((await contact(s, MESSAGE, { ip: "198.51.100.9" })).status).toBe(201);
    }
    const blocked = await contact(s, MESSAGE, { ip: "198.51.100.9" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await body<{ error: { message: string } }>(blocked)).error.message).toMatch(/several messages in a short time/);
    const blockedForm = await contact(s, new URLSearchParams(MESSAGE), { ip: "198.51.100.9" });
    expect(blockedForm.status).toBe(429);
    expect(blockedForm.headers.get("retry-after")).not.toBeNull();
    expect(await blockedForm.text()).toMatch(/several messages/);
    expect((await contact(s, MESSAGE, { ip: "198.51.100.10" })).status).toBe(201);
  });

  it("does not append to a case merged into another", async () => {
    const s = await storefrontShop();
    const target = await createTestCase(s.shop.shopId, { customerEmail: "someone@example.com", status: "OPEN" });
    await createTestCase(s.shop.shopId, { customerEmail: "ada@example.com", status: "OPEN", mergedIntoId: target.id });
    const r = await body<{ case: { appended: boolean } }>(await contact(s, MESSAGE));
    expect(r.case.appended).toBe(false);
  });
});
