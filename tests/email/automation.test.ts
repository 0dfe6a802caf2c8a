import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { startCaptureServer, type CaptureServer } from "../../app/channels/email/capture-server.server";
import { saveSmtpSettings } from "../../app/channels/email/smtp-settings.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { submitContact } from "../../app/storefront/contact.server";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import * as page from "../../app/routes/app.settings.automation";
import { getShopSettings } from "../../app/shops/settings.server";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { deliverAndProcess } from "../helpers/webhooks";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";

const ORDER_1001 = 5940139491234n;
const SOFIA = "sofia.reyes@example.com";
const UPS_URL = "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA10123456784";

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

async function shopWithSmtp(automation?: Record<string, unknown>): Promise<TestShop> {
  const shop = await createInstalledShop();
  await saveSmtpSettings(shop.shopId, { host: "127.0.0.1", port: String(smtp.port), security: "none", fromAddress: "help@shop.example", fromName: "Shop", replyDomain: "reply.shop.example" });
  if (automation) await updateShopSettings(shop.shopId, { automation });
  return shop;
}

/** Order #1001 (the webhook fixtures' order) linked to a case of Sofia's in the given status. */
async function caseOnOrder(shop: TestShop, status: "OPEN" | "RESOLVED" = "OPEN") {
  const order = await createTestOrder(shop.shopId, { shopifyId: ORDER_1001, name: "#1001", orderNumber: 1001, email: SOFIA });
  const c = await createTestCase(shop.shopId, { subject: "Where is my jacket?", customerEmail: SOFIA, customerName: "Sofia Reyes", status });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id, linkedBy: "CUSTOMER" } });
  return c;
}

async function shipped(shop: TestShop, webhookId: string = randomUUID()) {
  const response = await deliverAndProcess({ shop: shop.domain, topic: "fulfillments/create", body: loadWebhookFixture("fulfillments-create") as object, webhookId });
  expect(response.status).toBe(200);
  await runDueJobs();
}

const systemMessages = (caseId: string) => db.message.findMany({ where: { caseId, direction: "OUTBOUND", authorType: "SYSTEM" } });

describe("automatic order updates", () => {
  it("emails the customer once when an order linked to an open case ships, with the tracking link", async () => {
    const shop = await shopWithSmtp({ orderUpdates: { enabled: true } });
    const c = await caseOnOrder(shop);
    await shipped(shop);

    const messages = await systemMessages(c.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ deliveryStatus: "SENT", subject: "Your order #1001 has shipped" });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.envelope.to).toEqual([SOFIA]);
    expect(mail.subject).toBe(`Your order #1001 has shipped [#${c.number}]`);
    expect(mail.text).toContain(UPS_URL);
    expect(mail.text).toContain("Carrier: UPS, tracking number 1Z999AA10123456784");
    expect(mail.text).toContain("This is an automatic update");
    // Staff see both the order event and the update on the timeline.
    const events = await db.caseEvent.findMany({ where: { caseId: c.id }, select: { type: true } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["order_shipped", "automatic_update_sent"]));

    // Shopify re-delivers the same webhook (new delivery id): nothing more is sent.
    await shipped(shop);
    await shipped(shop);
    expect(await systemMessages(c.id)).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it("sends nothing while the setting is off (the default), or for the kind of update switched off", async () => {
    const off = await shopWithSmtp();
    const c1 = await caseOnOrder(off);
    await shipped(off);
    expect(await db.caseEvent.count({ where: { caseId: c1.id, type: "order_shipped" } })).toBe(1);
    expect(await systemMessages(c1.id)).toHaveLength(0);

    const noShipped = await shopWithSmtp({ orderUpdates: { enabled: true, shipped: false } });
    const c2 = await caseOnOrder(noShipped);
    await shipped(noShipped);
    expect(await systemMessages(c2.id)).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it("follows the order through delivery and refund in the same thread, one email each", async () => {
    const shop = await shopWithSmtp({ orderUpdates: { enabled: true } });
    const c = await caseOnOrder(shop);
    await shipped(shop);
    for (const [topic, fixture] of [["fulfillment_events/create", "fulfillment_events-create"], ["refunds/create", "refunds-create"]]) {
      const response = await deliverAndProcess({ shop: shop.domain, topic, body: loadWebhookFixture(fixture) as object, webhookId: randomUUID() });
      expect(response.status).toBe(200);
    }
    await runDueJobs();
    const subjects = (await systemMessages(c.id)).map((m) => m.subject).sort();
    expect(subjects).toEqual(["A refund for your order #1001", "Your order #1001 has shipped", "Your order #1001 was delivered"]);
    expect(smtp.messages).toHaveLength(3);
    // Later updates thread under the earlier ones.
    const refund = smtp.messages.find((m) => m.subject?.startsWith("A refund"))!;
    expect(refund.text).toMatch(/We issued a refund of [\d.]+ USD for your order #1001/);
    expect(Object.keys(refund.headers).map((k) => k.toLowerCase())).toContain("in-reply-to");
  });

  it("never writes to a merged case's customer", async () => {
    const shop = await shopWithSmtp({ orderUpdates: { enabled: true } });
    const c = await caseOnOrder(shop);
    const target = await createTestCase(shop.shopId, { customerEmail: SOFIA });
    await db.case.update({ where: { id: c.id }, data: { mergedIntoId: target.id } });
    await shipped(shop);
    expect(await systemMessages(c.id)).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it("never writes to a resolved case's customer", async () => {
    const shop = await shopWithSmtp({ orderUpdates: { enabled: true } });
    const c = await caseOnOrder(shop, "RESOLVED");
    await shipped(shop);
    expect(await db.caseEvent.count({ where: { caseId: c.id, type: "order_shipped" } })).toBe(1);
    expect(await systemMessages(c.id)).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });
});

describe("auto-acknowledgement of new cases", () => {
  it("answers a new storefront case with the order's live status and tracking link, once", async () => {
    const shop = await shopWithSmtp({ autoAcknowledge: { enabled: true } });
    const order = await createTestOrder(shop.shopId, { email: "jane@example.com", fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shop.shopId, order.id, { trackingUrl: "https://track.example/1Z1", trackingCompany: "UPS" });
    await createTestFulfillment(shop.shopId, order.id, { trackingUrl: "javascript:alert(1)", shopifyCreatedAt: new Date(Date.now() - 86_400_000) });

    const first = await submitContact(shop.shopId, { name: "Jane Doe", email: "jane@example.com", topic: "OTHER", message: "Where is it?", orderNumber: String(order.orderNumber) }, "STOREFRONT");
    await runDueJobs();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.envelope.to).toEqual(["jane@example.com"]);
    expect(mail.text).toContain(`Your order ${order.name} is shipped.`);
    expect(mail.text).toContain("Track your parcel: https://track.example/1Z1");
    expect(mail.text).not.toContain("javascript:");
    expect(mail.text).toContain("This is an automatic update");
    expect(await systemMessages(first.caseId)).toHaveLength(1);
  });

  it("sends nothing while off, and nothing for a message appended to an open case", async () => {
    const off = await shopWithSmtp();
    await submitContact(off.shopId, { name: "Jane", email: "jane@example.com", topic: "OTHER", message: "Hi" }, "STOREFRONT");
    await runDueJobs();
    expect(smtp.messages).toHaveLength(0);

    const on = await shopWithSmtp({ autoAcknowledge: { enabled: true } });
    const c = await createTestCase(on.shopId, { customerEmail: "ann@example.com" });
    const { acknowledgeNewCase } = await import("../../app/channels/automation.server");
    expect(await acknowledgeNewCase(on.shopId, c.id)).not.toBeNull();
    expect(await acknowledgeNewCase(on.shopId, c.id)).toBeNull();
    await runDueJobs();
    expect(smtp.messages).toHaveLength(1);
  });
});

describe("Settings → Automation page", () => {
  const PATH = "/app/settings/automation";
  const ON = {
    orderUpdates: { enabled: true, shipped: true, delivered: false, refunded: true },
    autoAcknowledge: { enabled: true },
    autoAnswers: { enabled: true },
    firstOrderCare: { enabled: true, daysAfterDelivery: 7 },
  };
  const save = async (shop: TestShop, body: unknown) =>
    page.action({ request: await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), params: {}, context: {} });

  it("is off by default; admins save it and see it editable", async () => {
    const shop = await createInstalledShop();
    expect((await getShopSettings(shop.shopId)).automation).toEqual({ orderUpdates: { enabled: false, shipped: true, delivered: true, refunded: true }, autoAcknowledge: { enabled: false }, autoAnswers: { enabled: false }, firstOrderCare: { enabled: false, daysAfterDelivery: 3 } });
    const response = await save(shop, { intent: "save", automation: ON });
    expect(response.status).toBe(200);
    expect((await getShopSettings(shop.shopId)).automation).toEqual(ON);

    const loaded = await page.loader({ request: await embeddedRequest(PATH, shop), params: {}, context: {} });
    const body = await loaded.clone().json();
    expect(body).toMatchObject({ canEdit: true, automation: ON });
    const html = await renderRoute(PATH, page.default, loaded);
    expect(html).toContain("Email customers when an order linked to their open case changes");
    expect(html).toContain("Check in with first-time buyers after their order is delivered");
    expect(html).toContain('value="7"');
    expect(html).not.toContain("You can view these settings");
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const shop = await createInstalledShop();
    const response = await save(shop, { intent: "save", automation: { ...ON, orderUpdates: { ...ON.orderUpdates, shipped: "yes" } } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("Update when the order ships: must be true or false");
    expect((await getShopSettings(shop.shopId)).automation.orderUpdates.enabled).toBe(false);
    for (const days of [0, 31, 2.5, "soon"]) {
      const bad = await save(shop, { intent: "save", automation: { ...ON, firstOrderCare: { enabled: true, daysAfterDelivery: days } } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain("must be a whole number of days from 1 to 30");
    }
    expect((await getShopSettings(shop.shopId)).automation.firstOrderCare.enabled).toBe(false);
  });

  it("agents read it (read-only) and get 403 when saving", async () => {
    const shop = await createInstalledShop();
    await db.staff.create({ data: { shopId: shop.shopId, email: "grace@example.com", firstName: "Grace", lastName: "Admin", role: "ADMIN" } });
    await db.staff.update({ where: { id: shop.staffId }, data: { role: "AGENT" } });
    const loaded = await page.loader({ request: await embeddedRequest(PATH, shop), params: {}, context: {} });
    expect((await loaded.clone().json()).canEdit).toBe(false);
    expect(await renderRoute(PATH, page.default, loaded)).toContain("You can view these settings");

    const response = await save(shop, { intent: "save", automation: ON });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/^Only admins can change settings/);
    expect((await getShopSettings(shop.shopId)).automation.autoAcknowledge.enabled).toBe(false);
  });
});
