import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { startCaptureServer, type CaptureServer } from "../../app/channels/email/capture-server.server";
import { emailSubject } from "../../app/channels/email/outbox.server";
import { parseReplyToken, replyTokenFor } from "../../app/channels/email/reply-token.server";
import { saveSmtpSettings } from "../../app/channels/email/smtp-settings.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import CaseWorkspace, { action, loader } from "../../app/routes/app.cases.$id";
import { renderRoute } from "../helpers/render";
import { allowConsoleError } from "../helpers/console";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

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

async function shopWithSmtp(extra: Record<string, string> = {}): Promise<TestShop> {
  const shop = await createInstalledShop();
  await saveSmtpSettings(shop.shopId, {
    host: "127.0.0.1",
    port: String(smtp.port),
    security: "none",
    fromAddress: "help@shop.example",
    fromName: "Test Shop Support",
    replyDomain: "reply.shop.example",
    ...extra,
  });
  return shop;
}

async function post(shop: TestShop, caseId: string, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${caseId}`, shop, { method: "POST", body: new URLSearchParams(fields) });
  return action({ request, params: { id: caseId }, context: {} });
}

/** Makes the send-email jobs that are waiting for their backoff due now (graphile-worker's own table). */
async function makeRetriesDue() {
  await db.$executeRawUnsafe(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE task_id IN (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'send-email')`);
}

describe("replies from the case view are emailed through SMTP", () => {
  it("sends the reply with threading headers and a per-case Reply-To, then marks it SENT", async () => {
    const shop = await shopWithSmtp();
    const c = await createTestCase(shop.shopId, { subject: "Where is my order?", customerEmail: "buyer@example.com", customerName: "Bea Buyer" });
    await db.message.create({
      data: {
        shopId: shop.shopId,
        caseId: c.id,
        direction: "INBOUND",
        channel: "EMAIL",
        authorType: "CUSTOMER",
        authorEmail: "buyer@example.com",
        bodyText: "Where is it?",
        externalMessageId: "<first@mail.buyer.example>",
        createdAt: new Date(Date.now() - 60_000),
      },
    });

    const response = await post(shop, c.id, { intent: "reply", body: "It ships today.\n\nThanks for waiting!" });
    expect(response.status).toBe(200);
    const { messageId } = (await response.json()) as { messageId: string };
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ deliveryStatus: "QUEUED" });

    await runDueJobs();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.envelope.to).toEqual(["buyer@example.com"]);
    expect(mail.to).toContain("buyer@example.com");
    expect(mail.from).toBe('"Test Shop Support" <help@shop.example>');
    expect(mail.subject).toBe(`Re: Where is my order? [#${c.number}]`);
    expect(mail.inReplyTo).toBe("<first@mail.buyer.example>");
    expect(mail.references).toEqual(["<first@mail.buyer.example>"]);
    // The reply, then the shopper's link to the whole conversation (a signed /c/ link).
    expect(mail.text).toMatch(/^It ships today\.\n\nThanks for waiting!\n\n--\nView this conversation or reply online: https:\/\/\S+\/c\/\S+\.\S+/);
    expect(mail.html).toContain("<p>It ships today.</p><p>Thanks for waiting!</p>");
    const token = await replyTokenFor(shop.shopId, c.id);
    expect(mail.replyTo).toContain(`reply+${token}@reply.shop.example`);
    expect(parseReplyToken(mail.replyTo, shop.shopId)).toEqual({ caseNumber: c.number });

    const stored = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(stored).toMatchObject({ deliveryStatus: "SENT", deliveryError: null, externalMessageId: mail.messageId });
    expect(stored.sentAt).toBeInstanceOf(Date);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@reply\.shop\.example>$/);

    // The next reply threads on both earlier messages.
    const second = await post(shop, c.id, { intent: "reply", body: "Here is the tracking link." });
    expect(second.status).toBe(200);
    await runDueJobs();
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1].inReplyTo).toBe(mail.messageId);
    expect(smtp.messages[1].references).toEqual(["<first@mail.buyer.example>", mail.messageId]);
    expect(smtp.messages[1].subject).toBe(`Re: Where is my order? [#${c.number}]`);
  });

  it("a permanent refusal (550) leaves the reply FAILED with the server's reason; retry sends it", async () => {
    const shop = await shopWithSmtp();
    const c = await createTestCase(shop.shopId);
    smtp.setBehaviour({ rejectRecipient: { code: 550, message: "5.1.1 Mailbox does not exist" } });
    const response = await post(shop, c.id, { intent: "reply", body: "Hello" });
    const { messageId } = (await response.json()) as { messageId: string };
    await runDueJobs();
    const failed = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(failed.deliveryStatus).toBe("FAILED");
    expect(failed.deliveryError).toBe("The email server refused the recipient: Mailbox does not exist (550).");
    expect(smtp.messages).toHaveLength(0);
    // Staff see it on the case with the reason and a Retry button.
    const path = `/app/cases/${c.id}`;
    const html = await renderRoute(path, CaseWorkspace, await loader({ request: await embeddedRequest(path, shop), params: { id: c.id }, context: {} }), "/app/cases/:id");
    expect(html).toContain("Not sent: The email server refused the recipient: Mailbox does not exist (550).");
    expect(html).toMatch(/<button[^>]*aria-label="Send the reply of [^"]+ again"/);

    // Retrying someone else's message id is a 404; retrying this one re-sends it.
    const other = await createTestCase(shop.shopId);
    expect((await post(shop, other.id, { intent: "retry-send", messageId })).status).toBe(404);
    smtp.setBehaviour({});
    const retry = await post(shop, c.id, { intent: "retry-send", messageId });
    expect(retry.status).toBe(200);
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ deliveryStatus: "QUEUED", deliveryError: null });
    await runDueJobs();
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ deliveryStatus: "SENT" });
    expect(smtp.messages).toHaveLength(1);
    // A sent reply is not sent twice.
    expect((await post(shop, c.id, { intent: "retry-send", messageId })).status).toBe(409);
  });

  it("a refused login fails at once with the reason", async () => {
    const shop = await shopWithSmtp({ user: "shop", password: "wrong" });
    smtp.setBehaviour({ auth: { user: "shop", pass: "right" } });
    const c = await createTestCase(shop.shopId);
    const { messageId } = (await (await post(shop, c.id, { intent: "reply", body: "Hello" })).json()) as { messageId: string };
    await runDueJobs();
    const failed = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(failed.deliveryStatus).toBe("FAILED");
    expect(failed.deliveryError).toMatch(/^The email server refused the user name or password: .*Authentication credentials invalid/);
  });

  it("a temporary refusal (451) is retried with backoff and then sent", async () => {
    const shop = await shopWithSmtp();
    const c = await createTestCase(shop.shopId);
    smtp.setBehaviour({ rejectData: { code: 451, message: "4.3.0 Try again later" } });
    const { messageId } = (await (await post(shop, c.id, { intent: "reply", body: "Hello" })).json()) as { messageId: string };
    allowConsoleError(1); // the job engine logs the failed attempt
    await runDueJobs();
    const waiting = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(waiting.deliveryStatus).toBe("QUEUED");
    expect(waiting.deliveryError).toMatch(/^Temporary problem \(attempt 1 of 5\), trying again: The email server refused the message: Try again later \(451\)/);

    const path = `/app/cases/${c.id}`;
    const html = await renderRoute(path, CaseWorkspace, await loader({ request: await embeddedRequest(path, shop), params: { id: c.id }, context: {} }), "/app/cases/:id");
    expect(html).toContain(">Queued<");
    expect(html).toContain("Temporary problem (attempt 1 of 5), trying again");

    smtp.setBehaviour({});
    await makeRetriesDue();
    await runDueJobs();
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ deliveryStatus: "SENT", deliveryError: null });
    expect(smtp.messages).toHaveLength(1);
    // The retry sent the Message-ID chosen before the first attempt.
    expect(smtp.messages[0].messageId).toBe(waiting.externalMessageId);
  });

  it("resend tracking is emailed like any reply", async () => {
    const shop = await shopWithSmtp();
    const order = await createTestOrder(shop.shopId, { fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shop.shopId, order.id, { trackingCompany: "DHL", trackingNumber: "JD0001", trackingUrl: "https://dhl.example/JD0001" });
    const c = await createTestCase(shop.shopId, { customerEmail: "jo@example.com", customerName: "Jo Buyer" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    const response = await post(shop, c.id, { intent: "resend-tracking", orderId: order.id });
    expect(response.status).toBe(200);
    const { messageId } = (await response.json()) as { messageId: string };
    await runDueJobs();
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ deliveryStatus: "SENT" });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toBe('"Jo Buyer" <jo@example.com>');
    expect(smtp.messages[0].text).toContain("https://dhl.example/JD0001");
  });

  it("without an email server the reply fails visibly instead of waiting forever", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const { messageId } = (await (await post(shop, c.id, { intent: "reply", body: "Hello" })).json()) as { messageId: string };
    await runDueJobs();
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      deliveryStatus: "FAILED",
      deliveryError: expect.stringMatching(/No email server is set up/),
    });
  });
});

describe("reply tokens", () => {
  it("verify the shop and case number and refuse edits", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const token = await replyTokenFor(shop.shopId, c.id);
    expect(parseReplyToken(`Support <reply+${token}@reply.example>`, shop.shopId)).toEqual({ caseNumber: c.number });
    expect(parseReplyToken(`REPLY+${token.toUpperCase()}@Reply.Example`, shop.shopId)).toEqual({ caseNumber: c.number });
    expect(parseReplyToken(`reply+${token}@reply.example`, other.shopId)).toBeNull();
    expect(parseReplyToken(`reply+${c.number + 1}${token.slice(String(c.number).length)}@reply.example`, shop.shopId)).toBeNull();
    expect(parseReplyToken("help@shop.example", shop.shopId)).toBeNull();
  });
});

describe("subjects", () => {
  it("replies read Re: <case subject> [#n]; a message's own subject is kept with the case number", () => {
    expect(emailSubject("Re: Where is my order?", "Where is my order?", 7)).toBe("Re: Where is my order? [#7]");
    expect(emailSubject(null, "RE: Fwd: Broken zip [#7]", 7)).toBe("Re: Broken zip [#7]");
    expect(emailSubject("Your order has shipped", "Where is my order?", 7)).toBe("Your order has shipped [#7]");
    expect(emailSubject("How did we do? [#7]", "Where is my order?", 7)).toBe("How did we do? [#7]");
  });
});
