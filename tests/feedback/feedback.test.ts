import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { AppError } from "../../app/errors.server";
import { notifyShipped } from "../../app/feedback/notify-shipped.server";
import { caseFeedback, getRequest, listRequests, setRequestStatus, tagMessage, untagMention } from "../../app/feedback/requests.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

async function customer(shopId: string, firstName: string, totalSpent: string, extra: { redactedAt?: Date } = {}) {
  return db.customer.create({ data: { shopId, firstName, email: `${firstName.toLowerCase()}@example.com`, totalSpent, currencyCode: "USD", ...extra } });
}

/** A case with one inbound customer message. */
async function caseWithMessage(shopId: string, opts: { customerId?: string | null; email?: string | null; text?: string } = {}) {
  const c = await createTestCase(shopId, { customerId: opts.customerId ?? null, customerEmail: opts.email === undefined ? "buyer@example.com" : opts.email });
  const m = await db.message.create({
    data: { shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText: opts.text ?? "Could you make it waterproof?", createdAt: new Date(Date.now() - 60_000) },
  });
  return { c, m };
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: "none", message: "" };
};

const queuedSendJobs = (messageIds: string[]) =>
  db.$queryRaw<{ key: string }[]>`
    SELECT j.key FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'send-email' AND j.key = ANY(${messageIds.map((id) => `send-email:${id}`)}::text[])`;

describe("tagging messages", () => {
  it("creates a request, joins it by the same title (case and spacing ignored), and refuses the same case twice", async () => {
    const shop = await createInstalledShop();
    const a = await caseWithMessage(shop.shopId);
    const b = await caseWithMessage(shop.shopId);

    const first = await tagMessage(shop.shopId, shop.staffId, { caseId: a.c.id, messageId: a.m.id, kind: "FEATURE_REQUEST", newTitle: "  Waterproof   Backpack " });
    expect(first.created).toBe(true);
    expect(await db.feedbackRequest.findUniqueOrThrow({ where: { id: first.requestId } })).toMatchObject({ title: "Waterproof Backpack", titleKey: "waterproof backpack", status: "OPEN" });

    const joined = await tagMessage(shop.shopId, shop.staffId, { caseId: b.c.id, messageId: b.m.id, kind: "FEATURE_REQUEST", newTitle: "waterproof backpack" });
    expect(joined).toMatchObject({ created: false, requestId: first.requestId });
    // Same title, other kind: a request of its own.
    const other = await tagMessage(shop.shopId, shop.staffId, { caseId: b.c.id, messageId: b.m.id, kind: "PRODUCT_FEEDBACK", newTitle: "Waterproof backpack" });
    expect(other.requestId).not.toBe(first.requestId);

    const again = await code(tagMessage(shop.shopId, shop.staffId, { caseId: a.c.id, messageId: a.m.id, kind: "FEATURE_REQUEST", requestId: first.requestId }));
    expect(again.code).toBe("conflict");
    expect(again.message).toContain(`#${a.c.number} is already tagged`);
    expect(await db.feedbackMention.count({ where: { requestId: first.requestId } })).toBe(2);
    expect(await db.feedbackMention.findFirstOrThrow({ where: { caseId: a.c.id } })).toMatchObject({ messageId: a.m.id, taggedById: shop.staffId });
  });

  it("only tags customers' messages, needs a title or a request, and finds nothing of another shop", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const mine = await caseWithMessage(shop.shopId);
    const theirs = await caseWithMessage(other.shopId);
    const theirRequest = await tagMessage(other.shopId, other.staffId, { caseId: theirs.c.id, messageId: theirs.m.id, kind: "FEATURE_REQUEST", newTitle: "Gift wrap" });
    const reply = await db.message.create({ data: { shopId: shop.shopId, caseId: mine.c.id, direction: "OUTBOUND", channel: "EMAIL", authorType: "STAFF", bodyText: "Hi" } });

    expect((await code(tagMessage(shop.shopId, null, { caseId: mine.c.id, messageId: reply.id, kind: "FEATURE_REQUEST", newTitle: "x" }))).code).toBe("bad_request");
    expect((await code(tagMessage(shop.shopId, null, { caseId: mine.c.id, messageId: mine.m.id, kind: "FEATURE_REQUEST" }))).message).toContain("Choose an existing request or type a title");
    expect((await code(tagMessage(shop.shopId, null, { caseId: mine.c.id, messageId: mine.m.id, kind: "NOPE" as never, newTitle: "x" }))).code).toBe("bad_request");
    // Their case, their message, their request: not found from my shop.
    expect((await code(tagMessage(shop.shopId, null, { caseId: theirs.c.id, messageId: theirs.m.id, kind: "FEATURE_REQUEST", newTitle: "x" }))).code).toBe("not_found");
    expect((await code(tagMessage(shop.shopId, null, { caseId: mine.c.id, messageId: theirs.m.id, kind: "FEATURE_REQUEST", newTitle: "x" }))).code).toBe("not_found");
    expect((await code(tagMessage(shop.shopId, null, { caseId: mine.c.id, messageId: mine.m.id, kind: "FEATURE_REQUEST", requestId: theirRequest.requestId }))).code).toBe("not_found");
    expect((await code(getRequest(shop.shopId, theirRequest.requestId))).code).toBe("not_found");
    expect((await code(setRequestStatus(shop.shopId, theirRequest.requestId, { status: "SHIPPED" }))).code).toBe("not_found");
    expect((await code(notifyShipped(shop.shopId, null, theirRequest.requestId, { body: "Hi" }))).code).toBe("not_found");
    expect((await code(untagMention(shop.shopId, theirRequest.mentionId))).code).toBe("not_found");
    expect(await db.feedbackMention.count({ where: { shopId: other.shopId } })).toBe(1);
    expect(await listRequests(shop.shopId)).toEqual([]);
  });

  it("links a product from the case's orders and lists it for the tag form", async () => {
    const shop = await createInstalledShop();
    const { c, m } = await caseWithMessage(shop.shopId);
    const order = await createTestOrder(shop.shopId);
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    await db.lineItem.create({ data: { shopId: shop.shopId, orderId: order.id, shopifyId: 91n, productId: 7_001n, title: "Trail Backpack", quantity: 1, price: "89.00" } });
    // Another order, not on this case: not offered.
    const elsewhere = await createTestOrder(shop.shopId);
    await db.lineItem.create({ data: { shopId: shop.shopId, orderId: elsewhere.id, shopifyId: 92n, productId: 7_002n, title: "Tent", quantity: 1, price: "10.00" } });

    expect((await caseFeedback(shop.shopId, c.id)).products).toEqual([{ productId: "7001", title: "Trail Backpack" }]);
    const tagged = await tagMessage(shop.shopId, null, { caseId: c.id, messageId: m.id, kind: "PRODUCT_FEEDBACK", newTitle: "Straps too short", productId: "7001" });
    expect(await db.feedbackRequest.findUniqueOrThrow({ where: { id: tagged.requestId } })).toMatchObject({ productId: 7001n, productTitle: "Trail Backpack" });
    const view = await caseFeedback(shop.shopId, c.id);
    expect(view.tags).toEqual([{ mentionId: tagged.mentionId, messageId: m.id, requestId: tagged.requestId, title: "Straps too short", kind: "PRODUCT_FEEDBACK", status: "OPEN" }]);
    expect((await listRequests(shop.shopId, { productId: "7001" })).map((r) => r.title)).toEqual(["Straps too short"]);
    expect(await listRequests(shop.shopId, { productId: "7002" })).toEqual([]);
    expect((await code(tagMessage(shop.shopId, null, { caseId: c.id, messageId: m.id, kind: "PRODUCT_FEEDBACK", newTitle: "x", productId: "abc" }))).code).toBe("bad_request");
  });
});

describe("rollup", () => {
  it("counts cases and sums the spend of distinct customers; sorts by count or by revenue; filters", async () => {
    const shop = await createInstalledShop();
    const ann = await customer(shop.shopId, "Ann", "100.50");
    const ben = await customer(shop.shopId, "Ben", "250.00");
    const dan = await customer(shop.shopId, "Dan", "999.00");
    await customer(shop.shopId, "Eve", "5000.00"); // never asked
    const tag = async (customerId: string | null, kind: "FEATURE_REQUEST" | "PRODUCT_FEEDBACK", title: string) => {
      const { c, m } = await caseWithMessage(shop.shopId, { customerId });
      return tagMessage(shop.shopId, null, { caseId: c.id, messageId: m.id, kind, newTitle: title });
    };
    // Backpack: Ann twice (two cases), Ben, one guest → 4 cases, 2 customers, 100.50 + 250.00 = 350.50.
    const backpack = await tag(ann.id, "FEATURE_REQUEST", "Waterproof backpack");
    await tag(ann.id, "FEATURE_REQUEST", "Waterproof backpack");
    await tag(ben.id, "FEATURE_REQUEST", "Waterproof backpack");
    await tag(null, "FEATURE_REQUEST", "Waterproof backpack");
    // Zipper: Dan only → 1 case, 999.00.
    const zipper = await tag(dan.id, "PRODUCT_FEEDBACK", "Zipper breaks");
    // An empty request (its only mention removed) still lists, with zeros.
    const lonely = await tag(ben.id, "FEATURE_REQUEST", "Gift cards");
    await untagMention(shop.shopId, lonely.mentionId);

    const byCount = await listRequests(shop.shopId, { sort: "count" });
    expect(byCount.map((r) => [r.title, r.mentions, r.customers, r.revenue])).toEqual([
      ["Waterproof backpack", 4, 2, "350.50"],
      ["Zipper breaks", 1, 1, "999.00"],
      ["Gift cards", 0, 0, "0.00"],
    ]);
    expect((await listRequests(shop.shopId, { sort: "revenue" })).map((r) => r.title)).toEqual(["Zipper breaks", "Waterproof backpack", "Gift cards"]);
    expect((await listRequests(shop.shopId, { kind: "PRODUCT_FEEDBACK" })).map((r) => r.id)).toEqual([zipper.requestId]);
    await setRequestStatus(shop.shopId, backpack.requestId, { status: "PLANNED" });
    expect((await listRequests(shop.shopId, { status: "PLANNED" })).map((r) => r.id)).toEqual([backpack.requestId]);
    expect((await code(listRequests(shop.shopId, { sort: "loudest" }))).code).toBe("bad_request");

    const detail = await getRequest(shop.shopId, backpack.requestId);
    expect(detail.totals).toMatchObject({ mentions: 4, customers: 2, revenue: "350.50" });
    expect(detail.mentions[0]).toMatchObject({ excerpt: "Could you make it waterproof?", reachable: true, notifiedAt: null });
  });
});

describe("notifying customers when a request shipped", () => {
  async function shippedRequest() {
    const shop = await createInstalledShop();
    const ann = await customer(shop.shopId, "Ann", "10.00");
    const cat = await customer(shop.shopId, "Cat", "30.00", { redactedAt: new Date() });
    const cases = [];
    let requestId = "";
    for (const [customerId, email] of [
      [ann.id, "ann@example.com"],
      [ann.id, "ann@example.com"],
      [null, "guest@example.com"],
      [cat.id, null], // redacted: the case's email was erased
    ] as const) {
      const { c, m } = await caseWithMessage(shop.shopId, { customerId, email });
      const tagged = await tagMessage(shop.shopId, null, { caseId: c.id, messageId: m.id, kind: "FEATURE_REQUEST", newTitle: "Dark mode" });
      requestId = tagged.requestId;
      cases.push(c);
    }
    return { shop, cases, requestId };
  }

  it("refuses until the request is marked Shipped, and needs a message", async () => {
    const { shop, requestId } = await shippedRequest();
    expect((await code(notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Hi" }))).message).toContain("Mark the request as Shipped");
    await setRequestStatus(shop.shopId, requestId, { status: "SHIPPED" });
    expect((await code(notifyShipped(shop.shopId, shop.staffId, requestId, { body: "   " }))).code).toBe("bad_request");
    expect(await db.message.count({ where: { shopId: shop.shopId, direction: "OUTBOUND" } })).toBe(0);
  });

  it("queues one staff reply per case, skips the redacted customer, and notifies nobody twice", async () => {
    const { shop, cases, requestId } = await shippedRequest();
    await setRequestStatus(shop.shopId, requestId, { status: "SHIPPED" });
    expect((await getRequest(shop.shopId, requestId)).totals).toMatchObject({ toNotify: 3, unreachable: 1 });

    const result = await notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Dark mode is live!" });
    expect(result).toEqual({ notified: 3, skippedNoEmail: 1, failed: [], remaining: 0 });

    const replies = await db.message.findMany({ where: { shopId: shop.shopId, direction: "OUTBOUND" }, orderBy: { createdAt: "asc" } });
    expect(replies).toHaveLength(3);
    expect(new Set(replies.map((r) => r.caseId))).toEqual(new Set([cases[0].id, cases[1].id, cases[2].id]));
    for (const r of replies) {
      expect(r).toMatchObject({ bodyText: "Dark mode is live!", authorType: "STAFF", authorStaffId: shop.staffId, deliveryStatus: "QUEUED", channel: "EMAIL" });
    }
    expect(replies.map((r) => r.toEmails[0]).sort()).toEqual(["ann@example.com", "ann@example.com", "guest@example.com"]);
    // Each reply has its send-email job, exactly as a reply from the case view.
    expect((await queuedSendJobs(replies.map((r) => r.id))).length).toBe(3);
    expect(await db.caseEvent.count({ where: { shopId: shop.shopId, type: "reply_queued" } })).toBe(3);

    const mentions = await db.feedbackMention.findMany({ where: { requestId } });
    const byCase = new Map(mentions.map((m) => [m.caseId, m]));
    for (const r of replies) expect(byCase.get(r.caseId)).toMatchObject({ notifiedMessageId: r.id, notifiedAt: expect.any(Date) });
    expect(byCase.get(cases[3].id)).toMatchObject({ notifiedAt: null, notifiedMessageId: null });
    expect((await db.feedbackRequest.findUniqueOrThrow({ where: { id: requestId } })).notifiedAt).toBeInstanceOf(Date);

    const second = await notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Dark mode is live!" });
    expect(second).toEqual({ notified: 0, skippedNoEmail: 1, failed: [], remaining: 0 });
    expect(await db.message.count({ where: { shopId: shop.shopId, direction: "OUTBOUND" } })).toBe(3);
  });

  it("two clicks at once notify each case once", async () => {
    const { shop, requestId } = await shippedRequest();
    await setRequestStatus(shop.shopId, requestId, { status: "SHIPPED" });
    const [a, b] = await Promise.all([
      notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Shipped" }),
      notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Shipped" }),
    ]);
    expect(a.notified + b.notified).toBe(3);
    expect(await db.message.count({ where: { shopId: shop.shopId, direction: "OUTBOUND" } })).toBe(3);
  });

  it("a refused reply gives its claim back, so a later click retries it", async () => {
    const shop = await createInstalledShop();
    const ok = await caseWithMessage(shop.shopId, { email: "ok@example.com" });
    const tagged = await tagMessage(shop.shopId, null, { caseId: ok.c.id, messageId: ok.m.id, kind: "FEATURE_REQUEST", newTitle: "Dark mode" });
    // A case merged into a case that was itself merged away: replyToCase refuses the middle case.
    const moved = await caseWithMessage(shop.shopId, { email: "moved@example.com" });
    await tagMessage(shop.shopId, null, { caseId: moved.c.id, messageId: moved.m.id, kind: "FEATURE_REQUEST", requestId: tagged.requestId });
    const middle = await createTestCase(shop.shopId, { customerEmail: "moved@example.com" });
    const last = await createTestCase(shop.shopId, { customerEmail: "moved@example.com" });
    await db.case.update({ where: { id: moved.c.id }, data: { mergedIntoId: middle.id } });
    await db.case.update({ where: { id: middle.id }, data: { mergedIntoId: last.id } });
    await setRequestStatus(shop.shopId, tagged.requestId, { status: "SHIPPED" });

    const first = await notifyShipped(shop.shopId, shop.staffId, tagged.requestId, { body: "Shipped" });
    expect(first).toMatchObject({ notified: 1, skippedNoEmail: 0, remaining: 0 });
    expect(first.failed).toEqual([{ caseNumber: moved.c.number, reason: `This case was merged into #${last.number}. Reply there.` }]);
    const refused = await db.feedbackMention.findFirstOrThrow({ where: { caseId: moved.c.id } });
    expect(refused).toMatchObject({ notifiedAt: null, notifiedMessageId: null });

    // Unmerge the middle case: the next click sends the one that failed, and only it.
    await db.case.update({ where: { id: middle.id }, data: { mergedIntoId: null } });
    const second = await notifyShipped(shop.shopId, shop.staffId, tagged.requestId, { body: "Shipped" });
    expect(second).toEqual({ notified: 1, skippedNoEmail: 0, failed: [], remaining: 0 });
    const replies = await db.message.findMany({ where: { shopId: shop.shopId, direction: "OUTBOUND" }, select: { caseId: true } });
    expect(replies.map((r) => r.caseId).sort()).toEqual([ok.c.id, middle.id].sort());
  });
});
