import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { tagMessage } from "../../app/feedback/requests.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import CaseWorkspace, { action as caseAction, loader as caseLoader } from "../../app/routes/app.cases.$id";
import FeedbackRequestPage, { action as requestAction, loader as requestLoader } from "../../app/routes/app.feedback.$id";
import FeedbackList, { loader as listLoader } from "../../app/routes/app.feedback._index";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });

async function postCase(shop: TestShop, id: string, fields: Record<string, string>) {
  return caseAction({ request: await embeddedRequest(`/app/cases/${id}`, shop, form(fields)), params: { id }, context: {} });
}
async function postRequest(shop: TestShop, id: string, fields: Record<string, string>) {
  return requestAction({ request: await embeddedRequest(`/app/feedback/${id}`, shop, form(fields)), params: { id }, context: {} });
}
async function loadRequest(shop: TestShop, id: string) {
  return requestLoader({ request: await embeddedRequest(`/app/feedback/${id}`, shop), params: { id }, context: {} }).catch((r: unknown) => r as Response);
}

async function caseWithMessage(shop: TestShop, email: string | null = "jo@example.com") {
  const customer = await db.customer.create({ data: { shopId: shop.shopId, email: email ?? undefined, firstName: "Jo", lastName: "Buyer", totalSpent: "120.00" } });
  const c = await createTestCase(shop.shopId, { customerId: customer.id, customerEmail: email, customerName: "Jo Buyer" });
  const m = await db.message.create({
    data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorName: "Jo Buyer", bodyText: "Please add a dark mode", createdAt: new Date(Date.now() - 60_000) },
  });
  return { c, m };
}

describe("tagging from the case view", () => {
  it("tags a message (new request, product from the case's order), refuses the same case twice, and untags", async () => {
    const shop = await createInstalledShop();
    const { c, m } = await caseWithMessage(shop);
    const order = await createTestOrder(shop.shopId);
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    await db.lineItem.create({ data: { shopId: shop.shopId, orderId: order.id, shopifyId: 1n, productId: 4242n, title: "Desk Lamp", quantity: 1, price: "30.00" } });

    const tagged = await postCase(shop, c.id, { intent: "feedback-tag", messageId: m.id, kind: "FEATURE_REQUEST", requestId: "", newTitle: "Dark mode", description: "", productId: "4242", productTitle: "Desk Lamp" });
    expect(tagged.status).toBe(200);
    const body = await tagged.json();
    expect(body).toMatchObject({ ok: true, intent: "feedback-tag", title: "Dark mode", created: true });
    expect(await db.feedbackRequest.findUniqueOrThrow({ where: { id: body.requestId } })).toMatchObject({ productId: 4242n, productTitle: "Desk Lamp", kind: "FEATURE_REQUEST" });

    const twice = await postCase(shop, c.id, { intent: "feedback-tag", messageId: m.id, kind: "FEATURE_REQUEST", requestId: body.requestId });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.message).toContain("already tagged with “Dark mode”");

    const noTitle = await postCase(shop, c.id, { intent: "feedback-tag", messageId: m.id, kind: "FEATURE_REQUEST", requestId: "", newTitle: "" });
    expect(noTitle.status).toBe(400);

    // The case page shows the tag on the message and the action.
    const path = `/app/cases/${c.id}`;
    const html = await renderRoute(path, CaseWorkspace, await caseLoader({ request: await embeddedRequest(path, shop), params: { id: c.id }, context: {} }), "/app/cases/:id");
    expect(html).toContain("Tag as feedback");
    expect(html).toContain("Feature request: Dark mode");

    const untag = await postCase(shop, c.id, { intent: "feedback-untag", mentionId: body.mentionId });
    expect(untag.status).toBe(200);
    expect(await db.feedbackMention.count({ where: { caseId: c.id } })).toBe(0);
    expect((await postCase(shop, c.id, { intent: "feedback-untag", mentionId: body.mentionId })).status).toBe(404);
  });

  it("another shop's message or request is a 404", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const mine = await caseWithMessage(shop);
    const theirs = await caseWithMessage(other);
    const theirTag = await tagMessage(other.shopId, null, { caseId: theirs.c.id, messageId: theirs.m.id, kind: "FEATURE_REQUEST", newTitle: "Gift wrap" });

    expect((await postCase(shop, mine.c.id, { intent: "feedback-tag", messageId: theirs.m.id, kind: "FEATURE_REQUEST", newTitle: "x" })).status).toBe(404);
    expect((await postCase(shop, mine.c.id, { intent: "feedback-tag", messageId: mine.m.id, kind: "FEATURE_REQUEST", requestId: theirTag.requestId })).status).toBe(404);
    // Their mention, through my case: not found, and still there.
    expect((await postCase(shop, mine.c.id, { intent: "feedback-untag", mentionId: theirTag.mentionId })).status).toBe(404);
    expect(await db.feedbackMention.count({ where: { id: theirTag.mentionId } })).toBe(1);

    expect((await loadRequest(shop, theirTag.requestId)).status).toBe(404);
    expect((await loadRequest(shop, "not-a-uuid")).status).toBe(404);
    expect((await postRequest(shop, theirTag.requestId, { intent: "status", status: "SHIPPED" })).status).toBe(404);
    expect((await postRequest(shop, theirTag.requestId, { intent: "notify", body: "Hi" })).status).toBe(404);
    expect((await postRequest(shop, theirTag.requestId, { intent: "untag", mentionId: theirTag.mentionId })).status).toBe(404);
    expect((await db.feedbackRequest.findUniqueOrThrow({ where: { id: theirTag.requestId } })).status).toBe("OPEN");
  });
});

describe("the feedback pages", () => {
  it("lists requests (or teaches how to tag), shows a request, marks it shipped and notifies the customers once", async () => {
    const shop = await createInstalledShop();
    const empty = await renderRoute("/app/feedback", FeedbackList, await listLoader({ request: await embeddedRequest("/app/feedback", shop), params: {}, context: {} }));
    expect(empty).toContain("Collect what customers ask for");
    expect(empty).toContain("Tag as feedback");

    const a = await caseWithMessage(shop, "jo@example.com");
    const b = await caseWithMessage(shop, null); // a redacted customer: no address
    const tagged = await tagMessage(shop.shopId, shop.staffId, { caseId: a.c.id, messageId: a.m.id, kind: "FEATURE_REQUEST", newTitle: "Dark mode" });
    await tagMessage(shop.shopId, shop.staffId, { caseId: b.c.id, messageId: b.m.id, kind: "FEATURE_REQUEST", requestId: tagged.requestId });

    const list = await renderRoute("/app/feedback?sort=revenue", FeedbackList, await listLoader({ request: await embeddedRequest("/app/feedback?sort=revenue", shop), params: {}, context: {} }));
    expect(list).toContain("Dark mode");
    expect(list).toContain("$240.00"); // two customers of 120.00 each
    const bad = await listLoader({ request: await embeddedRequest("/app/feedback?sort=loudest", shop), params: {}, context: {} }).catch((r: unknown) => r as Response);
    expect(bad.status).toBe(400);

    const path = `/app/feedback/${tagged.requestId}`;
    const page = await renderRoute(path, FeedbackRequestPage, await loadRequest(shop, tagged.requestId), "/app/feedback/:id");
    expect(page).toContain("Dark mode");
    expect(page).toContain(`Case #${a.c.number}`);
    expect(page).toContain("Please add a dark mode");
    expect(page).toContain("Notify 1 customer");

    // Not shipped yet: a clear 400.
    const early = await postRequest(shop, tagged.requestId, { intent: "notify", body: "It shipped" });
    expect(early.status).toBe(400);
    expect((await early.json()).error.message).toContain("Mark the request as Shipped");

    expect((await postRequest(shop, tagged.requestId, { intent: "status", status: "LAUNCHED" })).status).toBe(400);
    const status = await postRequest(shop, tagged.requestId, { intent: "status", status: "SHIPPED" });
    expect(await status.json()).toEqual({ ok: true, intent: "status", status: "SHIPPED" });
    expect((await db.feedbackRequest.findUniqueOrThrow({ where: { id: tagged.requestId } })).shippedAt).toBeInstanceOf(Date);

    const notify = await postRequest(shop, tagged.requestId, { intent: "notify", body: "Dark mode is here." });
    expect(notify.status).toBe(200);
    expect((await notify.json()).result).toEqual({ notified: 1, skippedNoEmail: 1, failed: [], remaining: 0 });
    const again = await postRequest(shop, tagged.requestId, { intent: "notify", body: "Dark mode is here." });
    expect((await again.json()).result).toMatchObject({ notified: 0, skippedNoEmail: 1 });
    const replies = await db.message.findMany({ where: { shopId: shop.shopId, direction: "OUTBOUND" } });
    expect(replies.map((r) => [r.caseId, r.bodyText])).toEqual([[a.c.id, "Dark mode is here."]]);

    const after = await renderRoute(path, FeedbackRequestPage, await loadRequest(shop, tagged.requestId), "/app/feedback/:id");
    expect(after).toContain("Notified");
    expect(after).toContain("No email address");
  });
});

describe("product ids outside int64", () => {
  const tooBig = "9999999999999999999"; // 19 digits, above 9223372036854775807
  const list = async (shop: TestShop, qs: string) =>
    listLoader({ request: await embeddedRequest(`/app/feedback?${qs}`, shop), params: {}, context: {} }).catch((r: unknown) => r as Response);

  it("the list filter refuses a product id above the int64 maximum, or 0, with a 400", async () => {
    const shop = await createInstalledShop();
    for (const productId of [tooBig, "9223372036854775808", "0"]) {
      const res = await list(shop, `productId=${productId}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toBe("The product is not valid. Choose one from the list.");
    }
    // The largest int64 is a valid (if unknown) product: an empty list, not an error.
    const max = await list(shop, "productId=9223372036854775807");
    expect(max.status).toBe(200);
  });

  it("tagging with a product id above the int64 maximum is a 400 and tags nothing", async () => {
    const shop = await createInstalledShop();
    const { c, m } = await caseWithMessage(shop);
    const res = await postCase(shop, c.id, { intent: "feedback-tag", messageId: m.id, kind: "FEATURE_REQUEST", requestId: "", newTitle: "Dark mode", productId: tooBig, productTitle: "Desk Lamp" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("The product is not valid. Choose one from the list.");
    expect(await db.feedbackRequest.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.feedbackMention.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});
