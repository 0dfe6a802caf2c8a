import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { buildEvidencePack, compareAddresses, evidenceFilename } from "../../app/insights/evidence-pack.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";
import { XSS_BODY, seedDisputedOrder } from "../routes/evidence-fixture";

describe("buildEvidencePack", () => {
  it("gathers the order, customer, shipments, refunds, returns and every conversation with the customer", async () => {
    const shop = await createInstalledShop();
    const { order, linked, byEmail } = await seedDisputedOrder(shop);
    const now = new Date("2026-11-25T12:00:00Z");

    const pack = await buildEvidencePack(shop.shopId, order.id, { now });

    expect(pack.generatedAt).toEqual(now);
    expect(pack.shop).toEqual({ name: "Test Shop", domain: shop.domain, timeZone: "America/New_York", currencyCode: "USD" });
    expect(pack.order).toMatchObject({
      name: "#1001",
      shopifyId: "5555000001",
      financialStatus: "PARTIALLY_REFUNDED",
      fulfillmentStatus: "FULFILLED",
      disputeCount: 1,
      paymentGateways: ["shopify_payments"],
      subtotal: "100.00",
      shipping: "10.00",
      tax: "8.00",
      discounts: "10.00",
      discountCodes: ["WELCOME10"],
      total: "108.00",
      refunded: "20.00",
    });
    expect(pack.redactedAt).toBeNull();
    expect(pack.customer).toEqual({
      name: "Ann Buyer",
      email: "Ann_B@Example.com",
      phone: "+1 555 0100",
      shopifyId: "6100000001",
      firstOrderAt: new Date("2025-06-01T12:00:00Z"),
      ordersCount: 3,
      totalSpent: "312.50",
      spentCurrency: "USD",
    });
    expect(pack.shippingAddress).toEqual({ name: "Ann Buyer", company: null, lines: ["1 Main St", "Springfield IL 62701", "United States"], phone: null });
    expect(pack.addressMatch).toEqual({ same: false, differing: ["zip"] });

    expect(pack.lineItems.map((l) => [l.title, l.variantTitle, l.sku, l.quantity, l.price, l.requiresShipping])).toEqual([
      ["Blue mug", "Large", "MUG-BL-L", 2, "30.00", true],
      ["Gift card", null, "GC-50", 1, "40.00", false],
    ]);

    expect(pack.fulfillments).toHaveLength(1);
    const [f] = pack.fulfillments;
    expect(f.carrier).toBe("UPS");
    expect(f.tracking).toEqual([{ number: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" }]);
    expect(f.deliveredAt).toEqual(new Date("2026-11-05T18:30:00Z"));
    expect(f.items).toEqual([{ title: "Blue mug — Large", quantity: 2 }]);
    expect(f.events.map((e) => [e.status, e.at.toISOString(), e.place])).toEqual([
      ["IN_TRANSIT", "2026-11-03T22:00:00.000Z", "Chicago"],
      ["DELIVERED", "2026-11-05T18:30:00.000Z", "Springfield, IL, US"],
    ]);

    expect(pack.refunds).toEqual([
      expect.objectContaining({ amount: "20.00", note: "Chipped mug refunded", restocked: true, returnName: "#1001-R1", items: [{ title: "Blue mug — Large", quantity: 1, subtotal: "20.00" }] }),
    ]);
    expect(pack.returns).toEqual([
      expect.objectContaining({
        name: "#1001-R1",
        status: "CLOSED",
        reverseTracking: { carrier: "USPS", number: "9400100000000000000000", url: null },
        items: [{ title: "Blue mug — Large", quantity: 1, reason: "DEFECTIVE", note: "Chipped rim" }],
      }),
    ]);

    // Both of the customer's cases, oldest first; the stranger whose address differs by one character is not.
    expect(pack.cases.map((c) => [c.number, c.linkedToOrder])).toEqual([
      [linked.number, true],
      [byEmail.number, false],
    ]);
    expect(pack.casesTotal).toBe(2);
    const [first, second] = pack.cases;
    expect(first.messages.map((m) => [m.direction, m.text])).toEqual([
      ["INBOUND", XSS_BODY],
      ["OUTBOUND", "It is on its way with UPS."],
    ]);
    expect(first.messages[1].author).toBe("Ada Agent");
    expect(first.notesExcluded).toBe(1);
    expect(first.messageCount).toBe(2);
    expect(second.messages.map((m) => m.text)).toEqual(["I never got my mugs."]);
    expect(pack.messagesShown).toBe(3);
    expect(pack.messagesTotal).toBe(3);

    expect(pack.orderActions).toEqual([
      expect.objectContaining({ kind: "REFUND", status: "SUCCEEDED", staffName: "Ada Agent", caseNumber: linked.number, amount: "20.00", currencyCode: "USD", reason: "Chipped on arrival" }),
    ]);
    // The delivery event written on both cases is one event, naming both.
    expect(pack.orderEvents.map((e) => [e.type, e.caseNumbers])).toEqual([["delivered", [linked.number, byEmail.number]]]);
    expect(pack.selfService.map((s) => [s.kind, s.at.toISOString()])).toEqual([["ORDER_LOOKUP", "2026-11-04T12:00:00.000Z"]]);
  });

  it("includes internal notes only when asked", async () => {
    const shop = await createInstalledShop();
    const { order } = await seedDisputedOrder(shop);

    const pack = await buildEvidencePack(shop.shopId, order.id, { includeNotes: true });

    expect(pack.includeNotes).toBe(true);
    expect(pack.cases[0].messages.map((m) => m.direction)).toEqual(["INBOUND", "OUTBOUND", "NOTE"]);
    expect(pack.cases[0].notesExcluded).toBe(0);
    expect(pack.messagesTotal).toBe(4);
  });

  it("shows nothing personal for a customer whose data was erased", async () => {
    const shop = await createInstalledShop();
    const { order, customer } = await seedDisputedOrder(shop);
    await db.customer.update({ where: { id: customer.id }, data: { redactedAt: new Date("2026-11-22T10:00:00Z") } });
    await db.order.update({ where: { id: order.id }, data: { redactedAt: new Date("2026-11-22T10:00:00Z") } });

    const pack = await buildEvidencePack(shop.shopId, order.id);

    expect(pack.redactedAt).toEqual(new Date("2026-11-22T10:00:00Z"));
    expect(pack.customer).toBeNull();
    expect(pack.shippingAddress).toBeNull();
    expect(pack.billingAddress).toBeNull();
    expect(pack.addressMatch).toBeNull();
    // Non-personal records stay: amounts, shipments, the case linked to the order.
    expect(pack.order.total).toBe("108.00");
    expect(pack.fulfillments[0].deliveredAt).toEqual(new Date("2026-11-05T18:30:00Z"));
    expect(pack.cases.some((c) => c.linkedToOrder)).toBe(true);
  });

  it("keeps every message of a long thread, and counts what a limit leaves out", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { email: "long@example.com" });
    const c = await createTestCase(shop.shopId, { customerEmail: "long@example.com" });
    const start = Date.parse("2026-11-01T00:00:00Z");
    await db.message.createMany({
      data: Array.from({ length: 450 }, (_, i) => ({
        shopId: shop.shopId,
        caseId: c.id,
        direction: i % 2 === 0 ? ("INBOUND" as const) : ("OUTBOUND" as const),
        channel: "EMAIL" as const,
        authorType: i % 2 === 0 ? ("CUSTOMER" as const) : ("STAFF" as const),
        bodyText: `message ${i}`,
        createdAt: new Date(start + i * 60_000),
      })),
    });

    const all = await buildEvidencePack(shop.shopId, order.id);
    expect(all.cases[0].messages).toHaveLength(450);
    expect(all.cases[0].messages[449].text).toBe("message 449");
    expect([all.messagesShown, all.messagesTotal]).toEqual([450, 450]);

    const capped = await buildEvidencePack(shop.shopId, order.id, { messageLimit: 100 });
    expect(capped.cases[0].messages.map((m) => m.text).slice(-1)).toEqual(["message 99"]);
    expect([capped.messagesShown, capped.messagesTotal, capped.cases[0].messageCount]).toEqual([100, 450, 450]);
  });

  it("finds nothing for another shop's order or a malformed id", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const foreign = await createTestOrder(other.shopId);

    await expect(buildEvidencePack(shop.shopId, foreign.id)).rejects.toMatchObject({ status: 404 });
    await expect(buildEvidencePack(shop.shopId, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
  });

  it("does not include another shop's cases with the same email", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { email: "same@example.com" });
    const mine = await createTestCase(shop.shopId, { customerEmail: "same@example.com" });
    await createTestCase(other.shopId, { customerEmail: "same@example.com", subject: "Other shop" });

    const pack = await buildEvidencePack(shop.shopId, order.id);

    expect(pack.cases.map((c) => c.id)).toEqual([mine.id]);
    expect(pack.customer).toMatchObject({ email: "same@example.com", shopifyId: null, ordersCount: null });
  });
});

describe("buildEvidencePack: the customer's two addresses", () => {
  it("finds cases under the order's email and under the customer record's email when they differ", async () => {
    const shop = await createInstalledShop();
    const customer = await db.customer.create({ data: { shopId: shop.shopId, shopifyId: 42n, email: "home@example.com" } });
    const order = await createTestOrder(shop.shopId, { customerId: customer.id, email: "work@example.com" });
    const viaOrderEmail = await createTestCase(shop.shopId, { customerEmail: "WORK@example.com" });
    const viaRecordEmail = await createTestCase(shop.shopId, { customerEmail: "home@EXAMPLE.com" });
    await createTestCase(shop.shopId, { customerEmail: "other@example.com" });

    const pack = await buildEvidencePack(shop.shopId, order.id);

    expect(pack.cases.map((c) => c.id).sort()).toEqual([viaOrderEmail.id, viaRecordEmail.id].sort());
    expect(pack.casesTotal).toBe(2);
  });
});

describe("compareAddresses", () => {
  it("ignores case, spaces and punctuation, and names the fields that differ", () => {
    const a = { first_name: "Ann", last_name: "Buyer", address1: "1 Main St.", city: "Springfield", province_code: "IL", zip: "62701", country_code: "US" };
    expect(compareAddresses(a, { ...a, address1: "1 MAIN ST", city: "springfield" })).toEqual({ same: true, differing: [] });
    expect(compareAddresses(a, { ...a, country_code: "CA", zip: "H2X 1Y4" })).toEqual({ same: false, differing: ["zip", "country"] });
    expect(compareAddresses(a, null)).toBeNull();
  });
});

describe("evidenceFilename", () => {
  it("keeps only safe characters of the order name", () => {
    expect(evidenceFilename("#1001")).toBe("evidence-1001.html");
    expect(evidenceFilename('#10"01\r\nX')).toBe("evidence-10-01-X.html");
    expect(evidenceFilename("###")).toBe("evidence-order.html");
  });
});
