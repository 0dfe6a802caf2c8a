import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action } from "../../app/routes/app.cases.$id";
import { mergeCases } from "../../app/cases/merge-cases.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

async function post(shop: TestShop, id: string, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${id}`, shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  return action({ request, params: { id }, context: {} });
}

const inbound = (shopId: string, caseId: string, bodyText: string, createdAt = new Date()) =>
  db.message.create({ data: { shopId, caseId, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText, createdAt } });

describe("merge", () => {
  it("refuses cases of different customers with a clear 400, and nothing moves", async () => {
    const shop = await createInstalledShop();
    const a = await createTestCase(shop.shopId, { customerEmail: "a@example.com" });
    const b = await createTestCase(shop.shopId, { customerEmail: "b@example.com" });
    await inbound(shop.shopId, b.id, "from b");
    const r = await post(shop, a.id, { intent: "merge", otherCaseId: b.id });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/different customers/);
    expect(await db.message.count({ where: { caseId: b.id } })).toBe(1);
    expect((await db.case.findUniqueOrThrow({ where: { id: b.id } })).mergedIntoId).toBeNull();
    // Itself, and another shop's case.
    expect((await post(shop, a.id, { intent: "merge", otherCaseId: a.id })).status).toBe(400);
    const other = await createInstalledShop();
    const theirs = await createTestCase(other.shopId, { customerEmail: "a@example.com" });
    expect((await post(shop, a.id, { intent: "merge", otherCaseId: theirs.id })).status).toBe(404);
  });

  it("two crossing merges at once leave one case open, never both closed into each other", async () => {
    const shop = await createInstalledShop();
    const a = await createTestCase(shop.shopId, { customerEmail: "pat@example.com" });
    const b = await createTestCase(shop.shopId, { customerEmail: "pat@example.com" });
    await inbound(shop.shopId, a.id, "first");
    await inbound(shop.shopId, b.id, "second");
    const results = await Promise.allSettled([mergeCases(shop.shopId, shop.staffId, a.id, b.id), mergeCases(shop.shopId, shop.staffId, b.id, a.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    // 409 when the two met under the lock; 400 ("already merged") when the second started after the first finished.
    expect([400, 409]).toContain((rejected.reason as { status: number }).status);
    const cases = await db.case.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(cases.filter((c) => c.mergedIntoId === null)).toHaveLength(1);
    expect(await db.message.count({ where: { caseId: cases.find((c) => c.mergedIntoId === null)!.id } })).toBe(2);
  });

  it("merging an open case into a resolved one reopens it, so the waiting message is seen", async () => {
    const shop = await createInstalledShop();
    const open = await createTestCase(shop.shopId, { customerEmail: "kim@example.com", status: "OPEN" });
    const done = await createTestCase(shop.shopId, { customerEmail: "kim@example.com", status: "RESOLVED", resolvedAt: new Date() });
    await inbound(shop.shopId, open.id, "still waiting");
    await mergeCases(shop.shopId, shop.staffId, open.id, done.id);
    const target = await db.case.findUniqueOrThrow({ where: { id: done.id } });
    expect(target).toMatchObject({ status: "OPEN", resolvedAt: null, reopenCount: 1 });
    expect(await db.caseEvent.count({ where: { caseId: done.id, type: "status_changed" } })).toBe(1);
  });

  it("moves messages, events and order links to the target; the source is closed and points at it; both record it", async () => {
    const shop = await createInstalledShop();
    const order1 = await createTestOrder(shop.shopId);
    const order2 = await createTestOrder(shop.shopId);
    const target = await createTestCase(shop.shopId, { customerEmail: "Jo@Example.com", tags: ["vip"] });
    const source = await createTestCase(shop.shopId, { customerEmail: "jo@example.com", tags: ["late"] });
    await inbound(shop.shopId, target.id, "first");
    await inbound(shop.shopId, source.id, "second");
    await inbound(shop.shopId, source.id, "third");
    await db.caseOrder.createMany({
      data: [
        { shopId: shop.shopId, caseId: target.id, orderId: order1.id },
        { shopId: shop.shopId, caseId: source.id, orderId: order1.id },
        { shopId: shop.shopId, caseId: source.id, orderId: order2.id },
      ],
    });
    // The same shipment seen by both cases stays once on the target.
    await db.caseEvent.createMany({
      data: [
        { shopId: shop.shopId, caseId: target.id, orderId: order1.id, type: "order_shipped", dedupeKey: "fulfillment:1:shipped" },
        { shopId: shop.shopId, caseId: source.id, orderId: order1.id, type: "order_shipped", dedupeKey: "fulfillment:1:shipped" },
        { shopId: shop.shopId, caseId: source.id, orderId: order2.id, type: "delivered", dedupeKey: "fulfillment:2:delivered" },
      ],
    });

    const r = await post(shop, target.id, { intent: "merge", otherCaseId: source.id });
    expect(r.status).toBe(200);
    expect((await r.json()).merged).toMatchObject({ targetId: target.id, targetNumber: target.number, sourceNumber: source.number, moved: { messages: 2, orders: 1 } });

    expect((await db.message.findMany({ where: { caseId: target.id }, orderBy: { createdAt: "asc" } })).map((m) => m.bodyText)).toEqual(["first", "second", "third"]);
    expect(await db.message.count({ where: { caseId: source.id } })).toBe(0);
    expect((await db.caseOrder.findMany({ where: { caseId: target.id } })).map((l) => l.orderId).sort()).toEqual([order1.id, order2.id].sort());
    expect(await db.caseOrder.count({ where: { caseId: source.id } })).toBe(0);
    const targetEvents = await db.caseEvent.findMany({ where: { caseId: target.id } });
    expect(targetEvents.map((e) => e.type).sort()).toEqual(["delivered", "merged", "order_shipped"]);
    expect(targetEvents.find((e) => e.type === "merged")?.data).toMatchObject({ fromCaseId: source.id, fromNumber: source.number });
    expect((await db.caseEvent.findMany({ where: { caseId: source.id } })).map((e) => e.type)).toEqual(["merged_into"]);

    const after = await db.case.findUniqueOrThrow({ where: { id: source.id } });
    expect(after).toMatchObject({ mergedIntoId: target.id, status: "CLOSED" });
    expect((await db.case.findUniqueOrThrow({ where: { id: target.id } })).tags.sort()).toEqual(["late", "vip"]);

    // A merged case cannot be merged again, nor replied to.
    const again = await mergeCases(shop.shopId, shop.staffId, source.id, target.id).catch((e: Error) => e);
    expect((again as Error).message).toMatch(/already merged/);
    expect((await post(shop, source.id, { intent: "reply", body: "hi" })).status).toBe(400);
  });
});

describe("split", () => {
  it("moves one message into a new case of the same customer with the next number, linked to its orders", async () => {
    const shop = await createInstalledShop();
    const customer = await db.customer.create({ data: { shopId: shop.shopId, email: "jo@example.com", firstName: "Jo" } });
    const named = await createTestOrder(shop.shopId, { email: "someone-else@example.com" });
    const c = await createTestCase(shop.shopId, { customerId: customer.id, customerEmail: "jo@example.com", customerName: "Jo", topic: "WHERE_IS_MY_ORDER" });
    await inbound(shop.shopId, c.id, "Where is my order?", new Date(Date.now() - 120_000));
    const other = await inbound(shop.shopId, c.id, `Also, can I return ${named.name}? It doesn't fit.`, new Date(Date.now() - 60_000));
    const nextNumber = (await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).nextCaseNumber;

    const r = await post(shop, c.id, { intent: "split", messageId: other.id, subject: "Return of a jacket" });
    expect(r.status).toBe(200);
    const { created } = await r.json();
    expect(created.number).toBe(nextNumber);
    const fresh = await db.case.findUniqueOrThrow({ where: { id: created.caseId } });
    expect(fresh).toMatchObject({ shopId: shop.shopId, subject: "Return of a jacket", status: "OPEN", customerId: customer.id, customerEmail: "jo@example.com", customerName: "Jo" });
    expect((await db.message.findUniqueOrThrow({ where: { id: other.id } })).caseId).toBe(fresh.id);
    expect(await db.message.count({ where: { caseId: c.id } })).toBe(1);
    expect((await db.caseEvent.findMany({ where: { caseId: fresh.id } })).map((e) => [e.type, e.data])).toEqual([["split_from", expect.objectContaining({ fromNumber: c.number, messageId: other.id })]]);
    expect((await db.caseEvent.findMany({ where: { caseId: c.id } })).map((e) => [e.type, e.data])).toEqual([["split_to", expect.objectContaining({ toNumber: fresh.number })]]);
    expect((await db.caseOrder.findMany({ where: { caseId: fresh.id } })).map((l) => l.orderId)).toEqual([named.id]);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).nextCaseNumber).toBe(nextNumber + 1);
  });

  it("a 'sender not verified' mark moves with its message when it is split off", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { customerEmail: "jo@example.com" });
    await inbound(shop.shopId, c.id, "First", new Date(Date.now() - 120_000));
    const guest = await inbound(shop.shopId, c.id, "Please change my address", new Date(Date.now() - 60_000));
    await db.caseEvent.create({ data: { shopId: shop.shopId, caseId: c.id, type: "unverified_sender", data: { messageId: guest.id } } });
    const r = await post(shop, c.id, { intent: "split", messageId: guest.id, subject: "Address change" });
    const { created } = await r.json();
    expect(await db.caseEvent.count({ where: { caseId: created.caseId, type: "unverified_sender" } })).toBe(1);
    expect(await db.caseEvent.count({ where: { caseId: c.id, type: "unverified_sender" } })).toBe(0);
  });

  it("refuses to split a case's only message, or a message of another case", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const only = await inbound(shop.shopId, c.id, "only");
    const r = await post(shop, c.id, { intent: "split", messageId: only.id });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/only message/);
    const elsewhere = await createTestCase(shop.shopId);
    const foreign = await inbound(shop.shopId, elsewhere.id, "elsewhere");
    expect((await post(shop, c.id, { intent: "split", messageId: foreign.id })).status).toBe(404);
  });
});
