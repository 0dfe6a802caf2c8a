import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { PaymentsSection } from "../../app/components/case/PaymentsSection";
import { renderInRoute } from "../helpers/render";
import db from "../../app/db.server";
import { loadCustomerPanel } from "../../app/cases/customer-panel.server";
import { createMacro, renderMacroForCase } from "../../app/cases/macros.server";
import { buildEvidencePack } from "../../app/insights/evidence-pack.server";
import { renderEvidencePackHtml } from "../../app/insights/evidence-pack-document.server";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";

// What staff see about money in a case: the order panel's transactions (the failed attempt flagged, its reason in
// plain words), payment terms, items that need no shipping and whether they were fulfilled; the status page in
// macros; the transactions in the dispute evidence pack.

/** A case about an order paid on the second try, with a gift card (no shipping) delivered and a poster not yet. */
async function setup(shop?: TestShop) {
  shop ??= await createInstalledShop();
  const order = await createTestOrder(shop.shopId, {
    totalPrice: "75.00",
    paymentGateways: ["shopify_payments"],
    paymentTermsName: "Net 30",
    paymentDueAt: new Date("2026-12-20T12:00:00Z"),
    statusPageUrl: "https://northwind.example/orders/status/abc123",
  });
  const c = await createTestCase(shop.shopId, { subject: "I can't access my gift card", topic: "OTHER" });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
  const giftCard = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: order.shopifyId * 10n + 1n, title: "Gift card", variantTitle: "$50", quantity: 1, price: "50.00", requiresShipping: false },
  });
  await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: order.shopifyId * 10n + 2n, title: "Trail map poster", quantity: 1, price: "25.00", requiresShipping: true },
  });
  const ebook = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: order.shopifyId * 10n + 3n, title: "Trail guide e-book", quantity: 1, price: "0.00", requiresShipping: false },
  });
  const digital = await createTestFulfillment(shop.shopId, order.id);
  await db.fulfillmentLineItem.create({
    data: { shopId: shop.shopId, fulfillmentId: digital.id, lineItemId: giftCard.id, quantity: 1, shopifyId: order.shopifyId * 10n + 4n },
  });
  const tx = (shopifyId: bigint, data: Partial<Parameters<typeof db.orderTransaction.create>[0]["data"]>) =>
    db.orderTransaction.create({
      data: {
        shopId: shop.shopId,
        orderId: order.id,
        shopifyId,
        kind: "SALE",
        status: "SUCCESS",
        amount: "75.00",
        currencyCode: "USD",
        gateway: "shopify_payments",
        processedAt: new Date("2026-11-20T10:00:00Z"),
        ...data,
      } as Parameters<typeof db.orderTransaction.create>[0]["data"],
    });
  await tx(order.shopifyId * 10n + 5n, {
    status: "FAILURE",
    errorCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
    cardBrand: "Mastercard",
    lastFour: "5100",
    processedAt: new Date("2026-11-20T09:57:00Z"),
  });
  await tx(order.shopifyId * 10n + 6n, { cardBrand: "Visa", lastFour: "4242" });
  return { shop, order, caseId: c.id, giftCardId: giftCard.id, ebookId: ebook.id };
}

describe("the order panel's payment context", () => {
  it("lists the transactions newest first with the failed attempt flagged and explained", async () => {
    const s = await setup();
    const kase = await db.case.findUniqueOrThrow({ where: { id: s.caseId } });
    const panel = await loadCustomerPanel(s.shop.shopId, kase, "USD");

    const [order] = panel.orders;
    expect(order.id).toBe(s.order.id);
    expect(order.financialStatus).toBe("PAID");
    expect(order.statusPageUrl).toBe("https://northwind.example/orders/status/abc123");
    expect(order.payments).toMatchObject({
      email: s.order.email,
      paymentGateways: ["shopify_payments"],
      paymentTermsName: "Net 30",
      paymentDueAt: "2026-12-20T12:00:00.000Z",
      failedCount: 1,
    });
    expect(order.payments.transactions.map((t) => [t.kind, t.status, t.failed, t.amount, t.cardBrand, t.lastFour])).toEqual([
      ["SALE", "SUCCESS", false, "75.00", "Visa", "4242"],
      ["SALE", "FAILURE", true, "75.00", "Mastercard", "5100"],
    ]);
    const failed = order.payments.transactions[1];
    expect(failed).toMatchObject({ errorCode: "insufficient_funds", errorText: "There were not enough funds on the card.", message: "Your card has insufficient funds." });
    expect(order.payments.transactions[0].errorText).toBeNull();
  });

  it("shows the items that need no shipping, and whether each was fulfilled", async () => {
    const s = await setup();
    const kase = await db.case.findUniqueOrThrow({ where: { id: s.caseId } });
    const { orders } = await loadCustomerPanel(s.shop.shopId, kase, "USD");
    expect(orders[0].payments.noShippingItems).toEqual([
      { id: s.giftCardId, title: "Gift card", variantTitle: "$50", quantity: 1, fulfilledQuantity: 1 },
      { id: s.ebookId, title: "Trail guide e-book", variantTitle: null, quantity: 1, fulfilledQuantity: 0 },
    ]);
  });

  it("explains an error code it has no words for, and a failure without a code", async () => {
    const shop = await createInstalledShop();
    const s = await setup(shop);
    await db.orderTransaction.create({
      data: { shopId: shop.shopId, orderId: s.order.id, shopifyId: s.order.shopifyId * 10n + 7n, kind: "AUTHORIZATION", status: "ERROR", amount: "75.00", currencyCode: "USD", errorCode: "gateway_timeout_x", processedAt: new Date("2026-11-20T09:50:00Z") },
    });
    await db.orderTransaction.create({
      data: { shopId: shop.shopId, orderId: s.order.id, shopifyId: s.order.shopifyId * 10n + 8n, kind: "SALE", status: "FAILURE", amount: "75.00", currencyCode: "USD", processedAt: new Date("2026-11-20T09:40:00Z") },
    });
    const kase = await db.case.findUniqueOrThrow({ where: { id: s.caseId } });
    const { orders } = await loadCustomerPanel(shop.shopId, kase, "USD");
    expect(orders[0].payments.failedCount).toBe(3);
    expect(orders[0].payments.transactions.slice(-2).map((t) => t.errorText)).toEqual([
      "The payment failed (gateway timeout x).",
      "The payment failed; Shopify gave no reason.",
    ]);
  });

  it("does not show another shop's transactions", async () => {
    const s = await setup();
    const other = await createInstalledShop();
    const foreign = await createTestOrder(other.shopId);
    await db.orderTransaction.create({
      data: { shopId: other.shopId, orderId: foreign.id, shopifyId: 99n, kind: "SALE", status: "FAILURE", amount: "1.00", currencyCode: "USD", processedAt: new Date() },
    });
    const kase = await db.case.findUniqueOrThrow({ where: { id: s.caseId } });
    const { orders } = await loadCustomerPanel(s.shop.shopId, kase, "USD");
    expect(orders[0].payments.transactions).toHaveLength(2);
  });
});

describe("PaymentsSection", () => {
  it("renders the failed attempt highlighted with its reason, the digital items, the status page and Send receipt", async () => {
    const s = await setup();
    const kase = await db.case.findUniqueOrThrow({ where: { id: s.caseId } });
    const { orders } = await loadCustomerPanel(s.shop.shopId, kase, "USD");
    const html = renderInRoute(`/app/cases/${s.caseId}`, "/app/cases/:id", () =>
      createElement(PaymentsSection, { caseId: s.caseId, order: orders[0], timeZone: "America/New_York" }),
    );
    expect(html).toContain("Failed");
    expect(html).toContain("There were not enough funds on the card. (insufficient_funds)");
    expect(html).toContain("Mastercard •••• 5100");
    expect(html).toContain("1 failed payment attempt(s)");
    expect(html).toContain("Payment terms: Net 30 · due");
    expect(html.match(/Digital \/ no shipping/g)).toHaveLength(2);
    expect(html).toContain("Not fulfilled yet");
    expect(html).toContain('href="https://northwind.example/orders/status/abc123"');
    expect(html).toContain("Send receipt");

    const noEmail = { ...orders[0], payments: { ...orders[0].payments, email: null } };
    const without = renderInRoute(`/app/cases/${s.caseId}`, "/app/cases/:id", () =>
      createElement(PaymentsSection, { caseId: s.caseId, order: noEmail, timeZone: "America/New_York" }),
    );
    expect(without).toContain("This order has no email address, so no receipt can be sent.");
    expect(without).not.toContain(">Send receipt<");
  });
});

describe("the order status page in macros", () => {
  it("fills {{order.status_page_url}} with the linked order's status page", async () => {
    const s = await setup();
    const macro = await createMacro(s.shop.shopId, s.shop.staffId, {
      name: "Access your download",
      body: "Your order, paid and ready, is on its status page: {{order.status_page_url}}",
    });
    const { text, unresolved } = await renderMacroForCase(s.shop.shopId, s.caseId, macro.body, s.shop.staffId);
    expect(unresolved).toEqual([]);
    expect(text).toBe("Your order, paid and ready, is on its status page: https://northwind.example/orders/status/abc123");
  });
});

describe("the dispute evidence pack", () => {
  it("lists the payment transactions, the failed attempt with its reason, and the payment terms", async () => {
    const s = await setup();
    const pack = await buildEvidencePack(s.shop.shopId, s.order.id);
    expect(pack.transactions.map((t) => [t.status, t.failed, t.lastFour, t.errorText])).toEqual([
      ["FAILURE", true, "5100", "There were not enough funds on the card."],
      ["SUCCESS", false, "4242", null],
    ]);
    expect(pack.paymentTerms).toEqual({ name: "Net 30", dueAt: new Date("2026-12-20T12:00:00Z") });

    const html = renderEvidencePackHtml(pack, { appName: "Casefile Support", nonce: "n0nce" });
    expect(html).toContain("Payment transactions");
    expect(html).toContain('class="failed-row"');
    expect(html).toContain("Mastercard •••• 5100");
    expect(html).toContain("There were not enough funds on the card. (insufficient_funds)");
    expect(html).toContain("Payment terms: Net 30");
  });
});
