import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { startCaptureServer, type CaptureServer } from "../../app/channels/email/capture-server.server";
import { saveSmtpSettings } from "../../app/channels/email/smtp-settings.server";
import { articlesForPurchase, sendFirstOrderCare } from "../../app/channels/first-order-care.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { deliverAndProcess } from "../helpers/webhooks";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";

// First-order care, end to end: the fixtures' order #1001 ships and is delivered through real webhooks, the
// check-in job is scheduled daysAfterDelivery later, and running it sends one email through the capture SMTP server.

const ORDER_1001 = 5940139491234n;
const SOFIA = "sofia.reyes@example.com";
const DAY = 24 * 3600_000;

let smtp: CaptureServer;
beforeAll(async () => {
  smtp = await startCaptureServer({ port: 0 });
});
afterAll(async () => {
  await smtp.stop();
});
beforeEach(() => {
  smtp.setBehaviour({});
  smtp.messages.length = 0;
});

async function shopWith(firstOrderCare?: { enabled: boolean; daysAfterDelivery: number }): Promise<TestShop> {
  const shop = await createInstalledShop();
  await saveSmtpSettings(shop.shopId, { host: "127.0.0.1", port: String(smtp.port), security: "none", fromAddress: "help@shop.example", fromName: "Shop", replyDomain: "reply.shop.example" });
  if (firstOrderCare) await updateShopSettings(shop.shopId, { automation: { firstOrderCare } });
  const articles = [
    { slug: "merino-care", title: "Caring for your merino wool", body: "Wash merino wool cold and dry it flat.", published: true, viewCount: 3 },
    { slug: "sweater-storage", title: "Storing sweaters over summer", body: "Fold your sweaters; never hang them.", published: true, viewCount: 1 },
    { slug: "returns", title: "How do I return an item?", body: "Within 30 days of delivery.", published: true, viewCount: 90, topic: "RETURN" as const },
    { slug: "sizing", title: "Finding your size", body: "Measure your chest.", published: true, viewCount: 50 },
    { slug: "merino-draft", title: "Merino wool secrets", body: "Unpublished draft about merino wool.", published: false, viewCount: 0 },
  ];
  await db.helpArticle.createMany({ data: articles.map((a) => ({ shopId: shop.shopId, ...a })) });
  return shop;
}

async function firstOrder(shop: TestShop, processedAt = new Date()) {
  const order = await createTestOrder(shop.shopId, { shopifyId: ORDER_1001, name: "#1001", orderNumber: 1001, email: SOFIA, processedAt });
  await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: BigInt(Date.now()), title: "Merino Wool Sweater", productType: "Sweaters", quantity: 1, price: "89.00" },
  });
  return order;
}

async function webhook(shop: TestShop, topic: string, fixture: string) {
  const response = await deliverAndProcess({ shop: shop.domain, topic, body: loadWebhookFixture(fixture) as object, webhookId: randomUUID() });
  expect(response.status).toBe(200);
  await runDueJobs();
}

async function shipAndDeliver(shop: TestShop) {
  await webhook(shop, "fulfillments/create", "fulfillments-create");
  await webhook(shop, "fulfillment_events/create", "fulfillment_events-create");
}

const careJobs = (orderId: string) =>
  db.$queryRaw<{ id: string; run_at: Date; payload: Record<string, unknown> }[]>`
    SELECT j.id::text, j.run_at, j.payload FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'send-first-order-care' AND j.key = ${`first-order-care:${orderId}`}`;

const makeDue = (orderId: string) =>
  db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 minute' WHERE key = ${`first-order-care:${orderId}`}`;

describe("first-order care", () => {
  it("schedules one check-in daysAfterDelivery after a first order is delivered and emails it once, with article links", async () => {
    const shop = await shopWith({ enabled: true, daysAfterDelivery: 5 });
    const order = await firstOrder(shop);
    const before = Date.now();
    await shipAndDeliver(shop);

    const [job, ...more] = await careJobs(order.id);
    expect(more).toEqual([]);
    expect(job.payload).toEqual({ shopId: shop.shopId, orderId: order.id });
    expect(job.run_at.getTime()).toBeGreaterThanOrEqual(before + 5 * DAY - 1000);
    expect(job.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 5 * DAY + 1000);
    // Not due yet: nothing is sent.
    await runDueJobs();
    expect(smtp.messages).toHaveLength(0);

    // A second delivery event for the same order neither adds nor postpones a job.
    await webhook(shop, "fulfillment_events/create", "fulfillment_events-create");
    const again = await careJobs(order.id);
    expect(again).toHaveLength(1);
    expect(again[0].run_at.getTime()).toBe(job.run_at.getTime());

    await makeDue(order.id);
    await runDueJobs();
    await runDueJobs();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.envelope.to).toEqual([SOFIA]);
    expect(mail.subject).toContain("How are you getting on with Merino Wool Sweater?");
    expect(mail.text).toContain(`https://${shop.domain}/apps/support/articles/merino-care`);
    expect(mail.text).toContain(`https://${shop.domain}/apps/support/articles/sweater-storage`);
    expect(mail.text).not.toContain("merino-draft");
    expect(mail.text).toContain("This is an automatic message");

    // Filed as a resolved system case linked to the order, with the event staff see on the timeline.
    const c = await db.case.findFirstOrThrow({ where: { shopId: shop.shopId, channel: "SYSTEM" }, include: { orders: true, events: true, messages: true } });
    expect(c).toMatchObject({ status: "RESOLVED", topic: "PRODUCT_QUESTION", customerEmail: SOFIA });
    expect(c.resolvedAt).not.toBeNull();
    expect(c.orders.map((o) => o.orderId)).toEqual([order.id]);
    expect(c.messages).toHaveLength(1);
    expect(c.messages[0]).toMatchObject({ direction: "OUTBOUND", authorType: "SYSTEM", deliveryStatus: "SENT" });
    expect(c.events.map((e) => e.type)).toContain("first_order_care_sent");

    // Once sent: a later delivery event schedules nothing, and a replayed job sends nothing.
    await webhook(shop, "fulfillment_events/create", "fulfillment_events-create");
    expect(await careJobs(order.id)).toHaveLength(0);
    expect(await sendFirstOrderCare({ shopId: shop.shopId, orderId: order.id })).toBe("already_sent");
    await runDueJobs();
    expect(smtp.messages).toHaveLength(1);
    expect(await db.case.count({ where: { shopId: shop.shopId, channel: "SYSTEM" } })).toBe(1);
  });

  it("sends nothing to a repeat customer", async () => {
    const shop = await shopWith({ enabled: true, daysAfterDelivery: 3 });
    await createTestOrder(shop.shopId, { email: "Sofia.Reyes@example.com", processedAt: new Date(Date.now() - 60 * DAY) });
    const order = await firstOrder(shop);
    await shipAndDeliver(shop);
    expect(await careJobs(order.id)).toHaveLength(0);
  });

  it("counts a cancelled earlier order as no order: the next one is still the first", async () => {
    const shop = await shopWith({ enabled: true, daysAfterDelivery: 3 });
    await createTestOrder(shop.shopId, { email: SOFIA, processedAt: new Date(Date.now() - 60 * DAY), cancelledAt: new Date(Date.now() - 59 * DAY) });
    const order = await firstOrder(shop);
    await shipAndDeliver(shop);
    expect(await careJobs(order.id)).toHaveLength(1);
  });

  it("ignores deliveries older than 30 days (history from a backfill)", async () => {
    const shop = await shopWith({ enabled: true, daysAfterDelivery: 3 });
    const order = await firstOrder(shop);
    await webhook(shop, "fulfillments/create", "fulfillments-create");
    const old = { ...(loadWebhookFixture("fulfillment_events-create") as Record<string, unknown>), happened_at: new Date(Date.now() - 40 * DAY).toISOString() };
    const response = await deliverAndProcess({ shop: shop.domain, topic: "fulfillment_events/create", body: old, webhookId: randomUUID() });
    expect(response.status).toBe(200);
    await runDueJobs();
    expect(await db.fulfillment.count({ where: { orderId: order.id, shipmentStatus: "DELIVERED" } })).toBe(1);
    expect(await careJobs(order.id)).toHaveLength(0);
  });

  it("is off by default and when switched off", async () => {
    const off = await shopWith();
    const order = await firstOrder(off);
    await shipAndDeliver(off);
    expect(await careJobs(order.id)).toHaveLength(0);

    // Switched off after scheduling: the job sends nothing.
    const shop = await shopWith({ enabled: true, daysAfterDelivery: 3 });
    const later = await firstOrder(shop);
    await shipAndDeliver(shop);
    expect(await careJobs(later.id)).toHaveLength(1);
    await updateShopSettings(shop.shopId, { automation: { firstOrderCare: { enabled: false, daysAfterDelivery: 3 } } });
    await makeDue(later.id);
    await runDueJobs();
    await runDueJobs();
    expect(smtp.messages).toHaveLength(0);
    expect(await db.case.count({ where: { shopId: shop.shopId, channel: "SYSTEM" } })).toBe(0);
  });

  it("does not send for a cancelled or fully refunded order", async () => {
    const shop = await shopWith({ enabled: true, daysAfterDelivery: 3 });
    const order = await firstOrder(shop);
    await db.order.update({ where: { id: order.id }, data: { financialStatus: "REFUNDED" } });
    expect(await sendFirstOrderCare({ shopId: shop.shopId, orderId: order.id })).toBe("refunded");
    await db.order.update({ where: { id: order.id }, data: { cancelledAt: new Date() } });
    expect(await sendFirstOrderCare({ shopId: shop.shopId, orderId: order.id })).toBe("cancelled");
    expect(await db.case.count({ where: { shopId: shop.shopId, channel: "SYSTEM" } })).toBe(0);
  });

  it("falls back to the most viewed published articles when nothing matches", async () => {
    const shop = await shopWith();
    const picked = await articlesForPurchase(shop.shopId, [{ title: "Gift card", productType: null }]);
    expect(picked.map((a) => a.slug)).toEqual(["returns", "sizing", "merino-care"]);
  });
});
