import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { conversationFooter, conversationLink, createLinkToken, signLinkToken, surveyLink, verifyLinkToken } from "../../app/channels/links.server";
import { SHOPPER_REPLY_LIMIT } from "../../app/channels/shopper-conversation.server";
import ConversationPage, { action, loader } from "../../app/routes/c.$token";
import { createTestCase } from "../helpers/builders";
import { renderInRoute } from "../helpers/render";
import { createInstalledShop } from "../helpers/shopify";

type Args = Parameters<typeof loader>[0];
const args = (request: Request, token: string) => ({ request, params: { token }, context: {} }) as unknown as Args;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const body = (r: Response): Promise<any> => r.json();
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const get = (token: string) => loader(args(new Request(`https://casefile.test/c/${token}`), token));
const post = (token: string, body: string) =>
  action(args(new Request(`https://casefile.test/c/${token}`, { method: "POST", body: new URLSearchParams({ body }) }), token));

async function conversationCase() {
  const shop = await createInstalledShop();
  const c = await createTestCase(shop.shopId, { customerName: "Jamie Buyer", subject: "Parcel missing", status: "PENDING" });
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, minutes));
  await db.message.create({
    data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorEmail: "buyer@example.com", bodyText: "Where is my parcel?", createdAt: at(0) },
  });
  await db.message.create({
    data: { shopId: shop.shopId, caseId: c.id, direction: "NOTE", channel: "ADMIN", authorType: "STAFF", authorStaffId: shop.staffId, bodyText: "Internal: carrier says lost, refund?", createdAt: at(1) },
  });
  await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: c.id,
      direction: "OUTBOUND",
      channel: "EMAIL",
      authorType: "STAFF",
      authorStaffId: shop.staffId,
      authorName: "Ada Agent",
      authorEmail: `ada+${shop.userId}@example.com`,
      bodyText: "Sorry! A replacement ships today.",
      deliveryStatus: "SENT",
      createdAt: at(2),
    },
  });
  await db.caseEvent.create({ data: { shopId: shop.shopId, caseId: c.id, type: "assigned", actorType: "STAFF", staffId: shop.staffId, data: { secret: "internal-event-marker" } } });
  return { shop, c };
}

describe("signed shopper links", () => {
  it("signs links on the app's public URL, verifies them, and refuses tampered, expired, wrong-kind and other-shop tokens", async () => {
    const { shop, c } = await conversationCase();
    const url = conversationLink(shop.shopId, c.id);
    expect(url).toMatch(/^https:\/\/casefile\.test\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(surveyLink(shop.shopId, c.id)).toMatch(/^https:\/\/casefile\.test\/survey\//);
    const token = tokenOf(url);
    expect(verifyLinkToken(token, "conversation")).toMatchObject({ ok: true, payload: { shopId: shop.shopId, caseId: c.id, kind: "conversation" } });
    expect((await get(token)).status).toBe(200);

    // Tampered payload (another case id with the old signature), tampered signature, wrong kind, garbage → 401.
    const [data, sig] = token.split(".");
    const forgedData = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(data, "base64url").toString()), caseId: crypto.randomUUID() })).toString("base64url");
    const flipped = sig.slice(0, -2) + (sig.endsWith("AA") ? "BB" : "AA");
    for (const bad of [`${forgedData}.${sig}`, `${data}.${flipped}`, tokenOf(surveyLink(shop.shopId, c.id)), "not-a-token", ""]) {
      expect(verifyLinkToken(bad, "conversation").ok).toBe(false);
      const res = await get(bad);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ state: "invalid" });
      expect((await post(bad, "hello")).status).toBe(401);
    }

    // Expired (signed correctly) → 410, and no reply is stored through it.
    const expired = createLinkToken(shop.shopId, c.id, "conversation", { expiresInDays: 1, now: new Date(Date.now() - 2 * 86_400_000) });
    expect(verifyLinkToken(expired, "conversation")).toEqual({ ok: false, reason: "expired" });
    expect((await get(expired)).status).toBe(410);
    expect((await post(expired, "hello")).status).toBe(410);

    // A validly signed token naming another shop with this case's id finds nothing (every read is shop-scoped).
    const other = await createInstalledShop();
    const crossShop = signLinkToken({ shopId: other.shopId, caseId: c.id, kind: "conversation", exp: Math.floor(Date.now() / 1000) + 3600 });
    expect((await get(crossShop)).status).toBe(404);
    expect((await post(crossShop, "hello")).status).toBe(404);
    expect(await db.message.count({ where: { caseId: c.id, bodyText: "hello" } })).toBe(0);
  });

  it("offers a footer with the conversation link for outbound emails", async () => {
    const { shop, c } = await conversationCase();
    const footer = conversationFooter(shop.shopId, c.id);
    const url = /https:\/\/casefile\.test\/c\/\S+/.exec(footer)![0];
    expect(verifyLinkToken(tokenOf(url), "conversation").ok).toBe(true);
  });
});

describe("GET /c/:token (the shopper's conversation)", () => {
  it("shows the customer's messages and staff replies by first name, never notes, events or staff emails", async () => {
    const { shop, c } = await conversationCase();
    const token = tokenOf(conversationLink(shop.shopId, c.id));
    const res = await get(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const data = await body(res);
    expect(data.conversation).toMatchObject({ subject: "Parcel missing", status: "waiting", shopName: "Test Shop" });
    expect(data.conversation.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ["You", "Where is my parcel?"],
      ["Ada from Test Shop", "Sorry! A replacement ships today."],
    ]);
    const raw = JSON.stringify(data);
    for (const secret of ["Internal: carrier", "internal-event-marker", "Agent", "ada+"]) expect(raw).not.toContain(secret);

    const html = renderInRoute(`/c/${token}`, "/c/:token", ConversationPage, data);
    expect(html).toContain("Where is my parcel?");
    expect(html).toContain("Ada from Test Shop");
    expect(html).toContain('name="body"');
    expect(html).toContain('<label for="reply-body">');
    expect(html).not.toContain("Internal: carrier");
    expect(html).not.toContain("Polaris-Page");
  });

  it("renders a clear page for a link that can't be opened", () => {
    const html = renderInRoute("/c/x", "/c/:token", ConversationPage, { state: "expired" });
    expect(html).toContain("This link has expired");
  });
});

describe("POST /c/:token (the shopper's reply)", () => {
  it("appends the reply to the same case and moves its activity", async () => {
    const { shop, c } = await conversationCase();
    const token = tokenOf(conversationLink(shop.shopId, c.id));
    const before = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    const res = await post(token, "  Thanks, and can you add a gift note?\r\nJamie ");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/c/${token}?sent=sent#reply`);
    const reply = await db.message.findFirstOrThrow({ where: { caseId: c.id, bodyText: { startsWith: "Thanks" } } });
    expect(reply).toMatchObject({ shopId: shop.shopId, direction: "INBOUND", authorType: "CUSTOMER", channel: "STOREFRONT", authorEmail: "buyer@example.com", bodyText: "Thanks, and can you add a gift note?\nJamie", bodyHtml: null });
    const after = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.status).toBe("OPEN"); // was waiting on the customer
    expect(after.lastActivityAt.getTime()).toBeGreaterThan(before.lastActivityAt.getTime());
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(1);
  });

  it("reopens a resolved case with a timeline event", async () => {
    const { shop, c } = await conversationCase();
    await db.case.update({ where: { id: c.id }, data: { status: "RESOLVED", resolvedAt: new Date() } });
    const token = tokenOf(conversationLink(shop.shopId, c.id));
    const res = await post(token, "It arrived broken, actually.");
    expect(res.headers.get("location")).toContain("sent=reopened");
    const after = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({ status: "OPEN", resolvedAt: null, reopenCount: 1 });
    const event = await db.caseEvent.findFirstOrThrow({ where: { caseId: c.id, type: "status_changed" } });
    expect(event).toMatchObject({ actorType: "CUSTOMER", data: { from: "RESOLVED", to: "OPEN", reason: "customer_message" } });
  });

  it("refuses an empty or too long reply (400) and limits replies per case (429)", async () => {
    const { shop, c } = await conversationCase();
    const token = tokenOf(conversationLink(shop.shopId, c.id));
    const empty = await post(token, "   ");
    expect(empty.status).toBe(400);
    expect((await body(empty)).error).toBe("Write a message before sending.");
    const long = await post(token, "x".repeat(5001));
    expect(long.status).toBe(400);
    expect((await body(long)).error).toContain("the limit is 5,000");
    for (let i = 0; i < SHOPPER_REPLY_LIMIT.points; i++) expect((await post(token, `message ${i}`)).status).toBe(302);
    const limited = await post(token, "one more");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await body(limited)).error).toMatch(/wait \d+ minutes/);
    expect(await db.message.count({ where: { caseId: c.id, direction: "INBOUND" } })).toBe(1 + SHOPPER_REPLY_LIMIT.points);
  });
});
