import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";

// Payment transactions of the demo shop's orders, derived from the orders already built (no random draws, so the
// rest of the demo stays exactly as seeded): a card sale (or an authorization, a pending sale, a voided
// authorization) matching each order's financial status, a refund transaction per refund, some orders paid only
// after a declined card, PayPal for a few, and Net 30 terms for wholesale orders. Gift cards (no shipping) are
// part of ordinary orders, so "I can't access what I bought" cases show a paid order with a digital item.

const CARDS = ["Visa", "Mastercard", "Visa", "American Express", "Discover"] as const;
const DECLINES = ["card_declined", "insufficient_funds", "expired_card", "incorrect_cvc"] as const;
const DECLINE_MESSAGES: Record<(typeof DECLINES)[number], string> = {
  card_declined: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "Your card's security code is incorrect.",
};
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

interface DemoRows {
  orders: Prisma.OrderCreateManyInput[];
  lineItems: Prisma.LineItemCreateManyInput[];
  refunds: Prisma.RefundCreateManyInput[];
  caseOrders: Prisma.CaseOrderCreateManyInput[];
}

const asDate = (value: Date | string | null | undefined) => (value ? new Date(value) : null);

/**
 * The transactions of the demo orders. Also fills each order's payment gateways and, for wholesale orders, their
 * payment terms (call before the orders are written).
 */
export function addDemoPayments(shopId: string, rows: DemoRows): Prisma.OrderTransactionCreateManyInput[] {
  const giftCardOrders = new Set(rows.lineItems.filter((l) => l.requiresShipping === false).map((l) => l.orderId));
  const caseLinked = new Set(rows.caseOrders.map((c) => c.orderId));
  // One declined-then-paid order is always on a case, and one with a gift card, so the demo shows both stories.
  const firstLinked = rows.orders.find((o) => caseLinked.has(o.id!) && o.financialStatus === "PAID")?.id;
  const firstGiftCard = rows.orders.find((o) => giftCardOrders.has(o.id!) && o.financialStatus === "PAID")?.id;
  const refundsByOrder = new Map<string, Prisma.RefundCreateManyInput[]>();
  for (const r of rows.refunds) refundsByOrder.set(r.orderId, [...(refundsByOrder.get(r.orderId) ?? []), r]);

  const transactions: Prisma.OrderTransactionCreateManyInput[] = [];
  for (const o of rows.orders) {
    const n = o.orderNumber;
    const processedAt = new Date(o.processedAt);
    const paypal = n % 6 === 0;
    const gateway = paypal ? "paypal" : "shopify_payments";
    o.paymentGateways = [gateway];
    if (o.tags && Array.isArray(o.tags) && o.tags.includes("wholesale")) {
      o.paymentTermsName = "Net 30";
      o.paymentDueAt = new Date(processedAt.getTime() + 30 * DAY);
    }
    const card = paypal ? { cardBrand: null, lastFour: null } : { cardBrand: CARDS[n % CARDS.length], lastFour: String(1000 + ((n * 7919) % 9000)) };
    let seq = 0;
    const id = () => 7_300_000_000_000n + BigInt(n) * 20n + BigInt(seq++);
    const base = { shopId, orderId: o.id!, currencyCode: o.currencyCode, gateway, test: false };

    const declined = !paypal && (n % 8 === 5 || o.id === firstLinked || o.id === firstGiftCard);
    if (declined) {
      const code = DECLINES[n % DECLINES.length];
      transactions.push({
        ...base,
        id: randomUUID(),
        shopifyId: id(),
        kind: "SALE",
        status: "FAILURE",
        amount: String(o.totalPrice),
        cardBrand: CARDS[(n + 1) % CARDS.length],
        lastFour: String(1000 + ((n * 104_729) % 9000)),
        errorCode: code,
        message: DECLINE_MESSAGES[code],
        processedAt: new Date(processedAt.getTime() - 3 * MIN),
      });
    }

    const paymentId = id();
    const status = o.financialStatus ?? "PAID";
    const payment = (kind: "SALE" | "AUTHORIZATION", txStatus: "SUCCESS" | "PENDING", amount: string) =>
      transactions.push({
        ...base,
        ...card,
        id: randomUUID(),
        shopifyId: paymentId,
        kind,
        status: txStatus,
        amount,
        message: txStatus === "SUCCESS" ? "Transaction approved" : null,
        processedAt,
      });
    if (status === "AUTHORIZED" || status === "EXPIRED") payment("AUTHORIZATION", "SUCCESS", String(o.totalPrice));
    else if (status === "PENDING") payment("SALE", "PENDING", String(o.totalPrice));
    else if (status === "PARTIALLY_PAID") payment("SALE", "SUCCESS", (Number(o.totalPrice) / 2).toFixed(2));
    else if (status === "VOIDED") {
      payment("AUTHORIZATION", "SUCCESS", String(o.totalPrice));
      transactions.push({
        ...base,
        id: randomUUID(),
        shopifyId: id(),
        parentShopifyId: paymentId,
        kind: "VOID",
        status: "SUCCESS",
        amount: String(o.totalPrice),
        message: "Transaction approved",
        processedAt: asDate(o.cancelledAt) ?? processedAt,
      });
    } else payment("SALE", "SUCCESS", String(o.totalPrice));

    for (const r of refundsByOrder.get(o.id!) ?? []) {
      transactions.push({
        ...base,
        ...card,
        id: randomUUID(),
        shopifyId: id(),
        parentShopifyId: paymentId,
        kind: "REFUND",
        status: "SUCCESS",
        amount: String(r.amount),
        message: "Transaction approved",
        processedAt: new Date(r.processedAt),
      });
    }
  }
  return transactions;
}
