import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { startCaptureServer, type CaptureServer } from "../../app/channels/email/capture-server.server";
import { saveSmtpSettings } from "../../app/channels/email/smtp-settings.server";
import { customerNeedsHelp } from "../../app/channels/automation.server";
import { createLinkToken } from "../../app/channels/links.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import { updateReturnPolicy } from "../../app/returns/return-policy.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { submitContact } from "../../app/storefront/contact.server";
import * as helpPage from "../../app/routes/help.$token";
import { createTestFulfillment, createTestOrder } from "../helpers/builders";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, type TestShop } from "../helpers/shopify";

const JANE = "jane@example.com";

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

async function shippedOrder(shop: TestShop) {
  const order = await createTestOrder(shop.shopId, { email: JANE, fulfillmentStatus: "FULFILLED" });
  await createTestFulfillment(shop.shopId, order.id, { trackingUrl: "https://track.example/1Z1", trackingCompany: "UPS", deliveredAt: null, estimatedDeliveryAt: new Date("2030-06-03T12:00:00Z") });
  return order;
}

const ask = (shop: TestShop, topic: string, orderNumber?: number) =>
  submitContact(shop.shopId, { name: "Jane Doe", email: JANE, topic, message: "Hello?", ...(orderNumber ? { orderNumber: String(orderNumber) } : {}) }, "STOREFRONT");

const helpUrl = (text: string) => {
  const match = /https?:\/\/\S+\/help\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text);
  expect(match, "the email links the needs-help page").not.toBeNull();
  return match![1];
};

const helpArgs = (token: string, method = "GET") => ({ request: new Request(`http://localhost/help/${token}`, { method }), params: { token }, context: {} });

describe("automatic answers", () => {
  it("answers a new 'where is my order' case with status, tracking and the needs-help link; the case waits on the customer", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true }, autoAcknowledge: { enabled: true } });
    const order = await shippedOrder(shop);
    const { caseId } = await ask(shop, "WHERE_IS_MY_ORDER", order.orderNumber);
    await runDueJobs();

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.envelope.to).toEqual([JANE]);
    expect(mail.text).toContain("This is an automatic answer.");
    expect(mail.text).toContain(`Your order ${order.name} is shipped.`);
    expect(mail.text).toContain("Track your parcel: https://track.example/1Z1");
    expect(mail.text).toContain("Expected delivery: June 3, 2030.");
    expect(mail.text).toContain("I still need help");
    expect(mail.text).not.toContain("we received your message");
    helpUrl(mail.text ?? "");

    const c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.status).toBe("PENDING");
    // Waiting on the customer stops the SLA clock: nothing is due until they answer or ask for help.
    expect(c.slaPausedAt).not.toBeNull();
    expect(c.slaDueAt).toBeNull();
    const events = (await db.caseEvent.findMany({ where: { caseId } })).map((e) => e.type);
    expect(events).toContain("automatic_answer_sent");
    expect(events).not.toContain("automatic_acknowledgement_sent");
  });

  it("answers a new return case with the policy, the order's return window and the returns link", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true } });
    await updateReturnPolicy(shop.shopId, { enabled: true, windowDays: 14, windowStartsAt: "FULFILLMENT", excludedTags: [], excludedProductTypes: [], restockingFeePercent: "10", returnShippingFee: "5.00", reasons: ["UNWANTED"], instructions: "Pack items in their original box." });
    const order = await shippedOrder(shop);
    const { caseId } = await ask(shop, "RETURN", order.orderNumber);
    await runDueJobs();

    expect(smtp.messages).toHaveLength(1);
    const text = smtp.messages[0].text ?? "";
    expect(text).toContain("This is an automatic answer.");
    expect(text).toContain("you can return items within 14 days of shipping");
    expect(text).toContain("A restocking fee of 10");
    expect(text).toMatch(/Return shipping costs 5(\.00)? USD/);
    expect(text).toMatch(new RegExp(`Your order ${order.name} can be returned until `));
    expect(text).toContain("Pack items in their original box.");
    expect(text).toContain(`https://${shop.domain}/account`);
    helpUrl(text);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe("PENDING");
  });

  it("keeps the SLA clock running when the shop doesn't pause while pending", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true } });
    await updateShopSettings(shop.shopId, { sla: { pauseWhilePending: false } });
    const order = await shippedOrder(shop);
    const { caseId } = await ask(shop, "WHERE_IS_MY_ORDER", order.orderNumber);
    const before = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    await runDueJobs();
    const c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ status: "PENDING", slaPausedAt: null });
    expect(c.slaDueAt).toEqual(before.slaDueAt);
    expect(c.slaDueAt).not.toBeNull();
  });

  it("with the setting off (the default) a WISMO case gets the plain acknowledgement and stays open", async () => {
    const shop = await shopWithSmtp({ autoAcknowledge: { enabled: true } });
    const order = await shippedOrder(shop);
    const { caseId } = await ask(shop, "WHERE_IS_MY_ORDER", order.orderNumber);
    await runDueJobs();
    expect(smtp.messages).toHaveLength(1);
    const text = smtp.messages[0].text ?? "";
    expect(text).toContain("we received your message");
    expect(text).not.toContain("automatic answer");
    expect(text).not.toMatch(/\/help\//);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe("OPEN");
  });

  it("a WISMO case without a linked order gets no answer (nothing to say), only the acknowledgement if on", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true } });
    const { caseId } = await ask(shop, "WHERE_IS_MY_ORDER");
    await runDueJobs();
    expect(smtp.messages).toHaveLength(0);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe("OPEN");
  });
});

describe("I still need help", () => {
  it("GET shows the button and changes nothing; POST reopens at HIGH priority once", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true } });
    const order = await shippedOrder(shop);
    const { caseId } = await ask(shop, "WHERE_IS_MY_ORDER", order.orderNumber);
    await runDueJobs();
    const token = helpUrl(smtp.messages[0].text ?? "");

    const shown = await helpPage.loader(helpArgs(token));
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Cache-Control")).toContain("no-store");
    const html = await renderRoute(`/help/${token}`, helpPage.default, shown, "/help/:token");
    expect(html).toContain("I still need help");
    expect(html).toContain("<form");
    let c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ status: "PENDING", priority: "NORMAL" });
    expect(await db.caseEvent.count({ where: { caseId, type: "customer_needs_help" } })).toBe(0);

    const first = await helpPage.action(helpArgs(token, "POST"));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ state: "handed_over" });
    c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ status: "OPEN", priority: "HIGH", slaPausedAt: null });
    // The clock runs again, with HIGH's deadlines: the open one is the first response.
    expect(c.slaDueAt).not.toBeNull();
    expect(c.slaDueAt).toEqual(c.firstResponseDueAt);

    // Staff lower the priority; a second press changes nothing.
    await db.case.update({ where: { id: caseId }, data: { priority: "NORMAL", status: "PENDING" } });
    const second = await helpPage.action(helpArgs(token, "POST"));
    expect(await second.json()).toMatchObject({ state: "already" });
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: "PENDING", priority: "NORMAL" });
    expect(await db.caseEvent.count({ where: { caseId, type: "customer_needs_help" } })).toBe(1);
  });

  it("resumes the SLA clock and derives HIGH's due times, counting the paused time", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true } });
    await updateShopSettings(shop.shopId, { sla: { businessHoursOnly: false } });
    const { caseId } = await ask(shop, "RETURN");
    // Opened Mon Nov 23 10:00 at NORMAL; an earlier pause of 1 h; answered automatically and pending since 12:00.
    await db.case.update({
      where: { id: caseId },
      data: {
        status: "PENDING",
        createdAt: new Date("2026-11-23T10:00:00Z"),
        firstResponseAt: null,
        firstResponseDueAt: new Date("2026-11-24T11:00:00Z"),
        resolutionDueAt: new Date("2026-11-26T11:00:00Z"),
        slaDueAt: null,
        slaPausedAt: new Date("2026-11-23T12:00:00Z"),
        slaPausedSeconds: 3600,
      },
    });
    expect(await customerNeedsHelp(shop.shopId, caseId, new Date("2026-11-23T14:00:00Z"))).toMatchObject({ result: "handed_over" });
    // Paused 1 h + 2 h (12:00 → 14:00) = 3 h. HIGH (4 h / 24 h, wall-clock) from Mon 10:00 + 3 h:
    // first response Mon 17:00, resolution Tue 13:00.
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: "OPEN",
      priority: "HIGH",
      slaPausedAt: null,
      slaPausedSeconds: 3 * 3600,
      firstResponseDueAt: new Date("2026-11-23T17:00:00Z"),
      resolutionDueAt: new Date("2026-11-24T13:00:00Z"),
      slaDueAt: new Date("2026-11-23T17:00:00Z"),
    });
  });

  it("keeps URGENT urgent", async () => {
    const shop = await shopWithSmtp({ autoAnswers: { enabled: true } });
    const { caseId } = await ask(shop, "RETURN");
    await db.case.update({ where: { id: caseId }, data: { priority: "URGENT" } });
    const token = createLinkToken(shop.shopId, caseId, "needs-help", { expiresInDays: 1 });
    await helpPage.action(helpArgs(token, "POST"));
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: "OPEN", priority: "URGENT" });
  });

  it("refuses a tampered token (401), another kind of link (401) and an expired one (410)", async () => {
    const shop = await createInstalledShop();
    const { caseId } = await ask(shop, "RETURN");
    const good = createLinkToken(shop.shopId, caseId, "needs-help", { expiresInDays: 1 });
    const tampered = good.slice(0, -2) + (good.endsWith("AA") ? "BB" : "AA");
    expect((await helpPage.action(helpArgs(tampered, "POST"))).status).toBe(401);
    expect((await helpPage.loader(helpArgs(tampered))).status).toBe(401);
    const survey = createLinkToken(shop.shopId, caseId, "survey", { expiresInDays: 1 });
    expect((await helpPage.action(helpArgs(survey, "POST"))).status).toBe(401);
    const expired = createLinkToken(shop.shopId, caseId, "needs-help", { expiresInDays: 1, now: new Date(Date.now() - 3 * 86_400_000) });
    expect((await helpPage.action(helpArgs(expired, "POST"))).status).toBe(410);
    expect(await db.caseEvent.count({ where: { caseId, type: "customer_needs_help" } })).toBe(0);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).priority).toBe("NORMAL");
  });
});
