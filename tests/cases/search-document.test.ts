import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { redactCustomer } from "../../app/compliance/redact-customer.server";
import { createInstalledShop } from "../helpers/shopify";
import { createTestCase, createTestOrder } from "../helpers/builders";

/** Case ids of the shop whose search document matches the words (english configuration, all words). */
async function matching(shopId: string, words: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "Case" WHERE "shopId" = ${shopId}::uuid AND "searchVector" @@ plainto_tsquery('english', ${words})`;
  return rows.map((r) => r.id).sort();
}

async function addMessage(shopId: string, caseId: string, bodyText: string) {
  return db.message.create({ data: { shopId, caseId, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText } });
}

describe("the case search document (database triggers)", () => {
  it("covers subject, customer, linked order names and every message body, stemmed", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { name: "#4521", orderNumber: 4521 });
    const kase = await createTestCase(shop.shopId, { subject: "Parcel never arrived", customerName: "Jane Doe", customerEmail: "jane@example.com" });
    const other = await createTestCase(shop.shopId, { subject: "Sizing question" });
    await addMessage(shop.shopId, kase.id, "The jackets were refunded twice?");
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: kase.id, orderId: order.id } });

    expect(await matching(shop.shopId, "arrive")).toEqual([kase.id]);
    expect(await matching(shop.shopId, "jane@example.com")).toEqual([kase.id]);
    expect(await matching(shop.shopId, "4521")).toEqual([kase.id]);
    expect(await matching(shop.shopId, "refund jacket")).toEqual([kase.id]);
    expect(await matching(shop.shopId, "sizing")).toEqual([other.id]);

    await db.caseOrder.deleteMany({ where: { caseId: kase.id } });
    expect(await matching(shop.shopId, "4521")).toEqual([]);
  });

  it("follows a message moved to another case and forgets redacted words", async () => {
    const shop = await createInstalledShop();
    const a = await createTestCase(shop.shopId, { subject: "First", customerEmail: "sam@example.com", customerName: "Sam Smith" });
    const b = await createTestCase(shop.shopId, { subject: "Second", customerEmail: "sam@example.com" });
    const message = await addMessage(shop.shopId, a.id, "My flamingo umbrella is broken");
    expect(await matching(shop.shopId, "flamingo")).toEqual([a.id]);

    await db.message.update({ where: { id: message.id }, data: { caseId: b.id } });
    expect(await matching(shop.shopId, "flamingo")).toEqual([b.id]);

    await redactCustomer({ shopId: shop.shopId, shopDomain: shop.domain, customer: { email: "sam@example.com", shopifyCustomerId: null, phone: null, orderIds: [] } });
    expect(await matching(shop.shopId, "flamingo")).toEqual([]);
    expect(await matching(shop.shopId, "sam@example.com")).toEqual([]);
    expect(await matching(shop.shopId, "smith")).toEqual([]);
  });

  it("never fails a message insert on a very long thread", async () => {
    const shop = await createInstalledShop();
    const kase = await createTestCase(shop.shopId);
    const words = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36)}`).join(" ");
    for (let i = 0; i < 6; i++) await addMessage(shop.shopId, kase.id, words(5000, `w${i}x`));
    await addMessage(shop.shopId, kase.id, "x".repeat(2_000_000));
    expect(await db.message.count({ where: { caseId: kase.id } })).toBe(7);
  });
});
