import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action } from "../../app/routes/app.cases.$id";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request, id: string) => ({ request, params: { id }, context: {} });

async function post(shop: TestShop, id: string, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${id}`, shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  return action(args(request, id));
}

describe("replies and notes", () => {
  it("a reply is stored OUTBOUND by email, QUEUED for the sender, with an event; the first one sets firstResponseAt", async () => {
    const shop = await createInstalledShop();
    const due = new Date(Date.now() + 48 * 3600_000);
    const c = await createTestCase(shop.shopId, { customerEmail: "jo@example.com", subject: "Where is it?", slaDueAt: new Date(), resolutionDueAt: due });
    const response = await post(shop, c.id, { intent: "reply", body: "Hi Jo,\n\nIt ships <today> & arrives soon.", statusAfter: "PENDING" });
    expect(response.status).toBe(200);
    const { messageId } = await response.json();
    const message = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message).toMatchObject({
      shopId: shop.shopId,
      caseId: c.id,
      direction: "OUTBOUND",
      channel: "EMAIL",
      authorType: "STAFF",
      authorStaffId: shop.staffId,
      authorName: "Ada Agent",
      deliveryStatus: "QUEUED",
      toEmails: ["jo@example.com"],
      subject: "Re: Where is it?",
      bodyText: "Hi Jo,\n\nIt ships <today> & arrives soon.",
      bodyHtml: "<p>Hi Jo,</p><p>It ships &lt;today&gt; &amp; arrives soon.</p>",
    });
    const events = await db.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["reply_queued", "status_changed"]);
    expect(events[0].data).toMatchObject({ messageId, to: "jo@example.com" });
    const after = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.status).toBe("PENDING");
    expect(after.firstResponseAt?.getTime()).toBe(message.createdAt.getTime());
    expect(after.lastMessageAt?.getTime()).toBe(message.createdAt.getTime());
    // Pending on the customer stops the SLA clock (the shop's default): nothing is due until it starts again.
    expect(after.slaDueAt).toBeNull();
    expect(after.slaPausedAt?.getTime()).toBeGreaterThanOrEqual(message.createdAt.getTime());
    expect(after.resolutionDueAt?.getTime()).toBe(due.getTime());

    // A second reply does not move the first response.
    await post(shop, c.id, { intent: "reply", body: "One more thing", statusAfter: "" });
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).firstResponseAt?.getTime()).toBe(message.createdAt.getTime());
  });

  it("a note is stored as NOTE (never sent), with an event, and does not count as a response", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const response = await post(shop, c.id, { intent: "note", body: "Customer is VIP — be generous" });
    expect(response.status).toBe(200);
    const { messageId } = await response.json();
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ direction: "NOTE", channel: "ADMIN", deliveryStatus: "NOT_SENT", toEmails: [] });
    expect((await db.caseEvent.findMany({ where: { caseId: c.id } })).map((e) => e.type)).toEqual(["note_added"]);
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).firstResponseAt).toBeNull();
  });

  it("asks to confirm when the customer or a colleague wrote since the page was loaded", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const seen = await db.message.create({ data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText: "Hello", createdAt: new Date(Date.now() - 60_000) } });
    // Nothing newer: the reply goes.
    expect((await post(shop, c.id, { intent: "reply", body: "First", seenMessageId: seen.id })).status).toBe(200);
    const maya = await db.staff.create({ data: { shopId: shop.shopId, email: "maya@example.com", firstName: "Maya" } });
    await db.message.create({ data: { shopId: shop.shopId, caseId: c.id, direction: "OUTBOUND", channel: "EMAIL", authorType: "STAFF", authorStaffId: maya.id, authorName: "Maya", bodyText: "I already answered this", deliveryStatus: "QUEUED" } });

    const conflict = await post(shop, c.id, { intent: "reply", body: "Second", seenMessageId: seen.id });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ conflict: expect.objectContaining({ authorName: "Maya", excerpt: "I already answered this", direction: "OUTBOUND" }) });
    expect(await db.message.count({ where: { caseId: c.id, bodyText: "Second" } })).toBe(0);

    const confirmed = await post(shop, c.id, { intent: "reply", body: "Second", seenMessageId: seen.id, confirmed: "1" });
    expect(confirmed.status).toBe(200);
    expect(await db.message.count({ where: { caseId: c.id, bodyText: "Second" } })).toBe(1);
  });

  it("refuses empty, overlong and unreachable replies with a 400 a person can act on", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const empty = await post(shop, c.id, { intent: "reply", body: "   " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/empty/);
    expect((await post(shop, c.id, { intent: "reply", body: "x".repeat(20_001) })).status).toBe(400);
    const noEmail = await createTestCase(shop.shopId, { customerEmail: null });
    const r = await post(shop, noEmail.id, { intent: "reply", body: "Hi" });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/no customer email/);
    expect((await post(shop, c.id, { intent: "nope" })).status).toBe(400);
  });

  it("another shop's case is a 404 for every write", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await createTestCase(other.shopId);
    const writes: Record<string, string>[] = [{ intent: "reply", body: "hi" }, { intent: "note", body: "hi" }, { intent: "status", status: "RESOLVED" }];
    for (const fields of writes) {
      expect((await post(shop, theirs.id, fields)).status).toBe(404);
    }
    expect(await db.message.count({ where: { caseId: theirs.id } })).toBe(0);
    expect((await db.case.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("OPEN");
  });
});

describe("case properties from the workspace", () => {
  it("status, assignment, priority, topic, tags and snooze go through updateCases and leave events", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const changes: Record<string, string>[] = [
      { intent: "assign", assigneeId: shop.staffId },
      { intent: "priority", priority: "URGENT" },
      { intent: "topic", topic: "REFUND" },
      { intent: "addTag", tag: "vip" },
      { intent: "status", status: "RESOLVED" },
    ];
    for (const fields of changes) {
      const r = await post(shop, c.id, fields);
      expect(r.status, JSON.stringify(fields)).toBe(200);
    }
    const after = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({ assigneeId: shop.staffId, priority: "URGENT", topic: "REFUND", tags: ["vip"], status: "RESOLVED" });
    expect((await post(shop, c.id, { intent: "removeTag", tag: "vip" })).status).toBe(200);
    // Snooze: a wall-clock time in the shop's time zone (UTC for the test shop).
    const day = new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
    const r = await post(shop, c.id, { intent: "snooze", until: `${day}T09:30` });
    expect(r.status).toBe(200);
    const snoozed = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(snoozed.status).toBe("SNOOZED");
    expect(snoozed.snoozedUntil?.toISOString()).toBe(`${day}T09:30:00.000Z`);
    const types = (await db.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["assigned", "priority_changed", "topic_changed", "tags_changed", "status_changed", "tags_changed", "snoozed"]);
    expect(snoozed.tags).toEqual([]);
    expect((await post(shop, c.id, { intent: "snooze", until: "2001-01-01T00:00" })).status).toBe(400);
  });
});

describe("resend tracking", () => {
  it("sends the shipment's tracking link as a reply built from the tracking macro, logged as an event", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shop.shopId, order.id, { trackingCompany: "DHL", trackingNumber: "JD0001", trackingUrl: "https://dhl.example/JD0001" });
    const c = await createTestCase(shop.shopId, { customerEmail: "jo@example.com", customerName: "Jo Buyer" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    await db.macro.create({ data: { shopId: shop.shopId, name: "Tracking", topic: "WHERE_IS_MY_ORDER", body: "Hi {{customer.first_name}}, follow {{order.name}} here: {{order.tracking_url}}" } });

    const r = await post(shop, c.id, { intent: "resend-tracking", orderId: order.id });
    expect(r.status).toBe(200);
    const { messageId } = await r.json();
    const message = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message).toMatchObject({ direction: "OUTBOUND", deliveryStatus: "QUEUED", bodyText: `Hi Jo, follow ${order.name} here: https://dhl.example/JD0001` });
    const event = await db.caseEvent.findFirstOrThrow({ where: { caseId: c.id, type: "tracking_resent" } });
    expect(event).toMatchObject({ orderId: order.id, staffId: shop.staffId });
    expect(event.data).toMatchObject({ trackingUrl: "https://dhl.example/JD0001", carrier: "DHL", trackingNumber: "JD0001" });
  });

  it("an order without tracking, or not linked to the case, is refused", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId);
    const c = await createTestCase(shop.shopId);
    expect((await post(shop, c.id, { intent: "resend-tracking", orderId: order.id })).status).toBe(404);
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    const r = await post(shop, c.id, { intent: "resend-tracking", orderId: order.id });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/no shipment with a tracking link/);
  });
});

describe("macros in the composer", () => {
  it("render-macro returns the text filled for this case, and lists what could not be filled", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { customerName: "Jo Buyer" });
    const macro = await db.macro.create({ data: { shopId: shop.shopId, name: "Hello", body: "Hi {{customer.first_name}}, about {{order.name}}" } });
    const r = await post(shop, c.id, { intent: "render-macro", macroId: macro.id });
    expect(await r.json()).toEqual({ ok: true, intent: "render-macro", text: "Hi Jo, about {{order.name}}", unresolved: ["order.name"] });
    const other = await createInstalledShop();
    const theirs = await db.macro.create({ data: { shopId: other.shopId, name: "Theirs", body: "secret" } });
    expect((await post(shop, c.id, { intent: "render-macro", macroId: theirs.id })).status).toBe(404);
  });
});
