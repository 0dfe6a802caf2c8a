import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { classifyNewCase } from "../../app/insights/classify-case.server";
import { openOrAppendCase, submitContact } from "../../app/storefront/contact.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

// Default SLA calendar: Mon–Fri 09:00–17:00 UTC. 2026-11-25 is a Wednesday.
const OPENED = new Date("2026-11-25T10:00:00Z");

async function caseWithMessage(shopId: string, fields: { topic?: "OTHER" | "RETURN" | "WHERE_IS_MY_ORDER"; priority?: "LOW" | "NORMAL" | "HIGH" | "URGENT"; firstResponseAt?: Date }, message: { subject: string; body: string }) {
  const c = await createTestCase(shopId, {
    subject: message.subject,
    topic: fields.topic ?? "OTHER",
    // Cases are created without a suggestion: only the classifier writes suggestedTopic.
    suggestedTopic: null,
    priority: fields.priority ?? "NORMAL",
    createdAt: OPENED,
    firstResponseAt: fields.firstResponseAt ?? null,
    firstResponseDueAt: new Date("2026-11-30T10:00:00Z"),
    resolutionDueAt: new Date("2026-12-08T10:00:00Z"),
    slaDueAt: fields.firstResponseAt ? new Date("2026-12-08T10:00:00Z") : new Date("2026-11-30T10:00:00Z"),
  });
  await db.message.create({
    data: { shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", subject: message.subject, bodyText: message.body, createdAt: OPENED },
  });
  return c;
}

describe("classifyNewCase", () => {
  it("a 'never got it' email about a delivered order: topic, urgent, HIGH priority, SLA from HIGH targets, timeline event", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shop.shopId, order.id, { shipmentStatus: "DELIVERED", deliveredAt: new Date("2026-11-24T12:00:00Z") });
    const c = await caseWithMessage(shop.shopId, {}, { subject: "Parcel", body: "Tracking says it was delivered yesterday but I never received it." });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id, linkedBy: "AUTO" } });

    const result = await classifyNewCase(shop.shopId, c.id, OPENED);
    expect(result?.topic).toBe("WHERE_IS_MY_ORDER");

    const after = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.topic).toBe("WHERE_IS_MY_ORDER");
    expect(after.suggestedTopic).toBe("WHERE_IS_MY_ORDER");
    expect(after.urgent).toBe(true);
    expect(after.signals).toContain("delivered_not_received");
    expect(after.priority).toBe("HIGH");
    // HIGH: 4 business hours → Wed 14:00; 24 business hours → Mon Nov 30 10:00.
    expect(after.firstResponseDueAt).toEqual(new Date("2026-11-25T14:00:00Z"));
    expect(after.resolutionDueAt).toEqual(new Date("2026-11-30T10:00:00Z"));
    expect(after.slaDueAt).toEqual(new Date("2026-11-25T14:00:00Z"));

    const events = await db.caseEvent.findMany({ where: { caseId: c.id, type: "classified" } });
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ topic: "WHERE_IS_MY_ORDER", signals: expect.arrayContaining(["delivered_not_received"]), priorityTo: "HIGH" });
  });

  it("keeps the topic the shopper chose, but records the classifier's as suggestedTopic", async () => {
    const shop = await createInstalledShop();
    const c = await caseWithMessage(shop.shopId, { topic: "RETURN" }, { subject: "My money", body: "You received my parcel back two weeks ago. Where is my refund?" });
    await classifyNewCase(shop.shopId, c.id, OPENED);
    const after = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.topic).toBe("RETURN");
    expect(after.suggestedTopic).toBe("REFUND");
    expect(after.priority).toBe("NORMAL");
    // Nothing changed that SLAs depend on.
    expect(after.firstResponseDueAt).toEqual(new Date("2026-11-30T10:00:00Z"));
  });

  it("never lowers priority, and leaves due times alone once answered", async () => {
    const shop = await createInstalledShop();
    const urgent = await caseWithMessage(shop.shopId, { priority: "URGENT" }, { subject: "hi", body: "THIS IS A JOKE!!! I will file a chargeback." });
    await classifyNewCase(shop.shopId, urgent.id, OPENED);
    expect((await db.case.findUniqueOrThrow({ where: { id: urgent.id } })).priority).toBe("URGENT");

    const answered = await caseWithMessage(
      shop.shopId,
      { firstResponseAt: new Date("2026-11-25T10:30:00Z") },
      { subject: "Card", body: "My card was declined, and then I was charged twice. I am going to my bank to dispute it." },
    );
    await classifyNewCase(shop.shopId, answered.id, OPENED);
    const after = await db.case.findUniqueOrThrow({ where: { id: answered.id } });
    expect(after.topic).toBe("BILLING");
    expect(after.priority).toBe("HIGH");
    expect(after.signals).toEqual(expect.arrayContaining(["payment_failed", "double_charge", "chargeback_threat"]));
    expect(after.firstResponseDueAt).toEqual(new Date("2026-11-30T10:00:00Z"));
    expect(after.resolutionDueAt).toEqual(new Date("2026-12-08T10:00:00Z"));
  });

  it("does nothing for another shop's case", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const c = await caseWithMessage(shop.shopId, {}, { subject: "cancel", body: "Please cancel my order." });
    expect(await classifyNewCase(other.shopId, c.id, OPENED)).toBeNull();
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).topic).toBe("OTHER");
  });

  it("runs when the storefront form opens a case with topic Other, not when a message joins an open case", async () => {
    const shop = await createInstalledShop();
    const first = await submitContact(shop.shopId, { name: "Ana Ruiz", email: "ana@example.com", topic: "OTHER", message: "Please cancel my order, I ordered the wrong size by mistake." }, "STOREFRONT");
    const c = await db.case.findUniqueOrThrow({ where: { id: first.caseId } });
    expect(c.topic).toBe("CANCEL");
    expect(c.suggestedTopic).toBe("CANCEL");
    await submitContact(shop.shopId, { name: "Ana Ruiz", email: "ana@example.com", topic: "OTHER", message: "Also my card was declined!" }, "STOREFRONT");
    expect(await db.caseEvent.count({ where: { caseId: first.caseId, type: "classified" } })).toBe(1);
    expect((await db.case.findUniqueOrThrow({ where: { id: first.caseId } })).topic).toBe("CANCEL");
  });

  it("an email case (topic Other) is classified before the automatic answer, which sees the topic", async () => {
    const shop = await createInstalledShop();
    await updateShopSettings(shop.shopId, { automation: { autoAnswers: { enabled: true } } });
    const order = await createTestOrder(shop.shopId, { email: "li@example.com", fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shop.shopId, order.id, { trackingUrl: "https://track.example/1Z2", deliveredAt: null });
    const { caseId } = await openOrAppendCase(shop.shopId, {
      channel: "EMAIL",
      email: "li@example.com",
      name: "Li Wei",
      customerId: null,
      topic: "OTHER",
      subject: `Where is my order ${order.name}?`,
      bodyText: "Hi, it's been a week and the tracking hasn't moved. When will it arrive?",
      orderId: null,
      match: "any-open",
    });
    const c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.topic).toBe("WHERE_IS_MY_ORDER");
    expect(c.signals).toContain("in_transit");
    const answer = await db.caseEvent.findFirst({ where: { caseId, type: "automatic_answer_sent" } });
    expect(answer?.data).toMatchObject({ topic: "WHERE_IS_MY_ORDER" });
  });
});
