import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { replyAddress } from "../../app/channels/email/reply-token.server";
import { submitContact } from "../../app/storefront/contact.server";
import { markCaseRead } from "../../app/cases/reads.server";
import { listCases, readInboxQuery } from "../../app/cases/inbox.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { fixture, postEmail, uniqueMessageId } from "./inbound-helpers";

// Inbound email threading (reply token, In-Reply-To/References, the customer's open case, else a new case),
// what is stored (trimmed text, sanitised HTML, customer and order links) and shop isolation.

const inboxRows = async (shop: TestShop) => (await listCases(shop.shopId, shop.staffId, readInboxQuery(new URLSearchParams({ view: "all" })))).rows;
const messagesOf = (caseId: string) => db.message.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } });

/** A staff reply already sent from the case, with the Message-ID the customer's mail client will answer. */
async function sentReply(shopId: string, caseId: string, externalMessageId = uniqueMessageId()) {
  await db.message.create({
    data: { shopId, caseId, direction: "OUTBOUND", channel: "EMAIL", authorType: "STAFF", bodyText: "Your parcel is out for delivery.", deliveryStatus: "SENT", externalMessageId },
  });
  return externalMessageId;
}

describe("inbound email: a new case", () => {
  it("opens an EMAIL case from a plain email: trimmed text, the Shopify customer matched by email, the named order linked", async () => {
    const shop = await createInstalledShop();
    const customer = await db.customer.create({ data: { shopId: shop.shopId, email: "Jane.Shopper@Example.com", firstName: "Jane" } });
    // A look-alike address must not match (no LIKE wildcards): jane_shopper vs janeXshopper.
    await db.customer.create({ data: { shopId: shop.shopId, email: "janeXshopper@example.com" } });
    const order = await createTestOrder(shop.shopId, { name: "#4321", orderNumber: 4321, email: "jane.shopper@example.com", customerId: customer.id });
    const messageId = uniqueMessageId();

    const r = await postEmail(shop.domain, fixture("plain.eml", { FROM: "JANE.SHOPPER@example.com", ORDER: "4321", MESSAGE_ID: messageId }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ appended: false, threadedBy: "new_case", caseNumber: 1001 });

    const kase = await db.case.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { orders: true } });
    expect(kase).toMatchObject({
      channel: "EMAIL",
      status: "OPEN",
      // Email comes in as OTHER; the classifier (app/insights/classify-case.server.ts) decides the topic.
      topic: "WHERE_IS_MY_ORDER",
      suggestedTopic: "WHERE_IS_MY_ORDER",
      subject: "Where is my parcel? Order #4321",
      customerEmail: "jane.shopper@example.com",
      customerName: "Jane Shopper",
      customerId: customer.id,
    });
    expect(kase.firstResponseDueAt).not.toBeNull();
    expect(kase.lastMessageAt).not.toBeNull();
    expect(kase.orders.map((o) => o.orderId)).toEqual([order.id]);

    const [message] = await messagesOf(kase.id);
    expect(message).toMatchObject({
      direction: "INBOUND",
      channel: "EMAIL",
      authorType: "CUSTOMER",
      authorEmail: "jane.shopper@example.com",
      externalMessageId: messageId,
      toEmails: ["support@shop.example.com"],
      deliveryStatus: "RECEIVED",
    });
    // Quoted history and the signature are trimmed.
    expect(message.bodyText).toBe("Hi there,\n\nMy parcel has not arrived yet. Can you check where it is?\n\nThanks,\nJane");
    expect(message.bodyText).not.toMatch(/Tracking: 1Z999|Sent from my phone|wrote:/);
  });

  it("links a bare order number only when it is the customer's order", async () => {
    const shop = await createInstalledShop();
    const mine = await createTestOrder(shop.shopId, { name: "#5555", orderNumber: 5555, email: "bare@example.com" });
    await createTestOrder(shop.shopId, { name: "#6666", orderNumber: 6666, email: "someone-else@example.com" });
    const raw = (n: number) =>
      fixture("reply.eml", { FROM: "bare@example.com" }).replace("It arrived today, thank you!", `Question about order ${n} please.`);
    const a = await postEmail(shop.domain, raw(5555));
    const links = await db.caseOrder.findMany({ where: { caseId: a.body.caseId as string } });
    expect(links.map((l) => l.orderId)).toEqual([mine.id]);

    const b = await postEmail(shop.domain, raw(6666).replace("bare@example.com", "stranger@example.com"));
    expect(await db.caseOrder.count({ where: { caseId: b.body.caseId as string } })).toBe(0);
  });

  it("keeps only safe HTML: no script, event handlers, javascript: links, iframes or quoted history", async () => {
    const shop = await createInstalledShop();
    const r = await postEmail(shop.domain, fixture("hostile-html.eml", { FROM: "mallory@example.com" }));
    expect(r.status).toBe(200);
    const [message] = await messagesOf(r.body.caseId as string);
    const html = message.bodyHtml ?? "";
    expect(html).toContain("The mug arrived <b>broken</b>.");
    expect(html).toContain('<img src="https://cdn.example.com/photo.jpg" alt="photo" />');
    expect(html).toContain('href="https://example.com/photo"');
    expect(html).not.toMatch(/<script|alert|onerror|onload|onclick|javascript:|<iframe|<style|document\.cookie|OLD QUOTED HISTORY/i);
    expect(message.bodyText).toBe("The mug arrived broken. Photo attached: https://example.com/photo");
  });
});

describe("inbound email: threading", () => {
  it("threads a reply by In-Reply-To or References into the case of the answered message, even for another customer address", async () => {
    const shop = await createInstalledShop();
    const kase = await createTestCase(shop.shopId, { customerEmail: "jane@example.com" });
    const sent = await sentReply(shop.shopId, kase.id);
    // Another open case of the same customer, more recently active: In-Reply-To wins over "open case".
    await createTestCase(shop.shopId, { customerEmail: "jane@example.com", lastActivityAt: new Date(Date.now() + 60_000) });

    const r = await postEmail(shop.domain, fixture("reply.eml", { EXTRA_HEADERS: [`In-Reply-To: ${sent}`] }));
    expect(r.body).toMatchObject({ caseId: kase.id, appended: true, threadedBy: "in_reply_to" });
    const messages = await messagesOf(kase.id);
    expect(messages.at(-1)).toMatchObject({ direction: "INBOUND", channel: "EMAIL", inReplyTo: sent, bodyText: "It arrived today, thank you!" });

    const byRefs = await postEmail(shop.domain, fixture("reply.eml", { FROM: "jane.work@example.com", EXTRA_HEADERS: [`References: <unknown@x> ${sent}`] }));
    expect(byRefs.body).toMatchObject({ caseId: kase.id, threadedBy: "in_reply_to" });
  });

  it("threads by the signed reply+token address in To or Delivered-To", async () => {
    const shop = await createInstalledShop();
    const kase = await createTestCase(shop.shopId, { customerEmail: "jane@example.com" });
    const to = replyAddress(shop.shopId, kase.number, "reply.example.com");
    const r = await postEmail(shop.domain, fixture("reply.eml", { FROM: "jane.other@example.com", TO: to }));
    expect(r.body).toMatchObject({ caseId: kase.id, threadedBy: "reply_token" });

    const viaDelivered = await postEmail(shop.domain, fixture("reply.eml", { FROM: "x@example.com", EXTRA_HEADERS: [`Delivered-To: ${to}`] }));
    expect(viaDelivered.body).toMatchObject({ caseId: kase.id, threadedBy: "reply_token" });

    // A forged token (wrong signature) is not trusted: a new case.
    const forged = to.replace(/-([0-9a-f]{12})@/, "-000000000000@");
    const f = await postEmail(shop.domain, fixture("reply.eml", { FROM: "forger@example.com", TO: forged }));
    expect(f.body).toMatchObject({ threadedBy: "new_case" });
    expect(f.body.caseId).not.toBe(kase.id);
  });

  it("appends a new email (no thread headers) to the customer's open case, case-insensitively", async () => {
    const shop = await createInstalledShop();
    const kase = await createTestCase(shop.shopId, { customerEmail: "jane@example.com", status: "PENDING", lastActivityAt: new Date(Date.now() - 60_000) });
    const before = kase.lastActivityAt;
    await markCaseRead(shop.shopId, shop.staffId, kase.id, new Date(Date.now() - 30_000));
    const r = await postEmail(shop.domain, fixture("plain.eml", { FROM: "Jane@EXAMPLE.com" }));
    expect(r.body).toMatchObject({ caseId: kase.id, appended: true, threadedBy: "open_case" });
    const after = await db.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(after.status).toBe("OPEN"); // the customer answered
    expect(after.lastActivityAt.getTime()).toBeGreaterThan(before.getTime());
    expect(after.lastMessageAt).not.toBeNull();
    // The inbox shows it as updated for the staff member who had read it.
    const [row] = await inboxRows(shop);
    expect(row).toMatchObject({ id: kase.id, unread: true });
  });

  it("storefront contact, then an email from the same customer: one case with both channels", async () => {
    const shop = await createInstalledShop();
    const contact = await submitContact(shop.shopId, { name: "Jane", email: "jane@example.com", topic: "OTHER", message: "Hello from the help page" }, "STOREFRONT");
    const r = await postEmail(shop.domain, fixture("plain.eml"));
    expect(r.body).toMatchObject({ caseId: contact.caseId, appended: true });
    expect(await db.case.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect((await messagesOf(contact.caseId)).map((m) => m.channel)).toEqual(["STOREFRONT", "EMAIL"]);
  });

  it("reopens a resolved case it answers: OPEN, reopenCount + 1, a status event, SLA deadline back", async () => {
    const shop = await createInstalledShop();
    const due = new Date(Date.now() + 3600_000);
    const kase = await createTestCase(shop.shopId, { customerEmail: "jane@example.com", status: "RESOLVED", resolvedAt: new Date(), firstResponseAt: new Date(), resolutionDueAt: due, slaDueAt: null });
    const sent = await sentReply(shop.shopId, kase.id);
    const r = await postEmail(shop.domain, fixture("reply.eml", { EXTRA_HEADERS: [`In-Reply-To: ${sent}`] }));
    expect(r.body).toMatchObject({ caseId: kase.id, threadedBy: "in_reply_to" });
    const after = await db.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(after).toMatchObject({ status: "OPEN", reopenCount: 1, resolvedAt: null, closedAt: null, slaDueAt: due });
    const events = await db.caseEvent.findMany({ where: { caseId: kase.id, type: "status_changed" } });
    expect(events.map((e) => e.data)).toEqual([{ from: "RESOLVED", to: "OPEN", reason: "customer_message" }]);
  });

  it("a new email (no thread) from a customer whose only case is closed opens a new case", async () => {
    const shop = await createInstalledShop();
    const closed = await createTestCase(shop.shopId, { customerEmail: "jane@example.com", status: "CLOSED" });
    const r = await postEmail(shop.domain, fixture("plain.eml"));
    expect(r.body).toMatchObject({ threadedBy: "new_case" });
    expect(r.body.caseId).not.toBe(closed.id);
  });

  it("a reply to a merged case lands in the case it was merged into", async () => {
    const shop = await createInstalledShop();
    const target = await createTestCase(shop.shopId, { customerEmail: "jane@example.com" });
    const merged = await createTestCase(shop.shopId, { customerEmail: "jane@example.com", status: "CLOSED", mergedIntoId: target.id });
    const sent = await sentReply(shop.shopId, merged.id);
    const r = await postEmail(shop.domain, fixture("reply.eml", { EXTRA_HEADERS: [`In-Reply-To: ${sent}`] }));
    expect(r.body.caseId).toBe(target.id);
    expect(await db.message.count({ where: { caseId: merged.id, direction: "INBOUND" } })).toBe(0);
  });

  it("never appends to another shop's case: not by In-Reply-To, not by its reply token, not by the customer's email", async () => {
    const mine = await createInstalledShop();
    const theirs = await createInstalledShop();
    const theirCase = await createTestCase(theirs.shopId, { customerEmail: "jane@example.com" });
    const theirSent = await sentReply(theirs.shopId, theirCase.id);
    // My shop has a case with the same number, for another customer.
    const myCase = await createTestCase(mine.shopId, { customerEmail: "someone@example.com" });
    expect(myCase.number).toBe(theirCase.number);

    const byHeader = await postEmail(mine.domain, fixture("reply.eml", { EXTRA_HEADERS: [`In-Reply-To: ${theirSent}`] }));
    const byToken = await postEmail(mine.domain, fixture("reply.eml", { FROM: "other@example.com", TO: replyAddress(theirs.shopId, theirCase.number, "reply.example.com") }));
    for (const r of [byHeader, byToken]) {
      expect(r.status).toBe(200);
      expect([theirCase.id, myCase.id]).not.toContain(r.body.caseId);
      expect(await db.case.count({ where: { id: r.body.caseId as string, shopId: mine.shopId } })).toBe(1);
    }
    expect(await db.message.count({ where: { caseId: theirCase.id } })).toBe(1); // only their own sent reply
    expect(await db.message.count({ where: { caseId: myCase.id } })).toBe(0);
  });
});
