import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { complianceWebhookHandlers } from "../../app/compliance/handlers.server";
import type { Prisma } from "../../app/generated/prisma/client";
import type { WebhookContext } from "../../app/webhooks/types";
import { createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { handlerContext } from "../helpers/webhooks";

// Issue 10's tables under the privacy webhooks: customers/data_request exports the customer's NPS answers,
// subscription contracts (with billing attempts), disputes and order transactions; customers/redact erases the NPS
// comment and keeps the score (anonymous, still counted).

let seq = 0;
const unique = () => BigInt(Date.now()) * 1000n + BigInt(++seq);

function fixture(name: string, shopDomain: string, overrides: Record<string, unknown> = {}): Prisma.InputJsonObject {
  const raw = readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), "utf8");
  return { ...JSON.parse(raw.replaceAll("{shop}.myshopify.com", shopDomain)), ...overrides };
}

async function contextFor(domain: string, topic: string, payload: unknown): Promise<WebhookContext> {
  return handlerContext(domain, topic, {
    payload,
    triggeredAt: "2026-11-20T10:00:00Z",
    webhookId: crypto.randomUUID(),
    eventId: null,
    admin: () => Promise.reject(new Error("compliance handlers do not call the Admin API")),
  });
}
const run = async (topic: string, ctx: WebhookContext) => complianceWebhookHandlers[topic](ctx);

/** A customer with one row in every new table, and their NPS comment naming them. */
async function seedCustomer(shop: TestShop, email: string, name: string) {
  const shopifyId = unique();
  const customer = await db.customer.create({ data: { shopId: shop.shopId, shopifyId, email, firstName: name } });
  const order = await createTestOrder(shop.shopId, { customerId: customer.id, email, shopifyId: unique() });
  await db.orderTransaction.create({
    data: {
      shopId: shop.shopId,
      orderId: order.id,
      shopifyId: unique(),
      kind: "SALE",
      status: "FAILURE",
      amount: "42.00",
      currencyCode: "USD",
      gateway: "shopify_payments",
      cardBrand: "Visa",
      lastFour: "4242",
      errorCode: "card_declined",
      processedAt: new Date("2026-11-02T10:00:00Z"),
    },
  });
  const contract = await db.subscriptionContract.create({
    data: {
      shopId: shop.shopId,
      shopifyId: unique(),
      customerId: customer.id,
      status: "ACTIVE",
      planName: "Coffee beans 1 kg × 2",
      shopifyCreatedAt: new Date("2026-09-01T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-09-01T10:00:00Z"),
    },
  });
  await db.subscriptionBillingAttempt.create({
    data: {
      shopId: shop.shopId,
      shopifyId: unique(),
      contractId: contract.id,
      contractShopifyId: contract.shopifyId,
      status: "FAILURE",
      errorCode: "insufficient_funds",
      attemptedAt: new Date("2026-11-01T10:00:00Z"),
      recoveredAt: new Date("2026-11-03T10:00:00Z"),
    },
  });
  await db.dispute.create({
    data: {
      shopId: shop.shopId,
      shopifyId: unique(),
      orderId: order.id,
      customerId: customer.id,
      kind: "CHARGEBACK",
      status: "NEEDS_RESPONSE",
      reason: "product_not_received",
      amount: "42.00",
      currencyCode: "USD",
      initiatedAt: new Date("2026-11-05T10:00:00Z"),
    },
  });
  const nps = await db.npsResponse.create({
    data: {
      shopId: shop.shopId,
      customerId: customer.id,
      period: "2026-11",
      score: 3,
      comment: `${name} here: the parcel never came`,
      requestedAt: new Date("2026-11-01T10:00:00Z"),
      respondedAt: new Date("2026-11-02T10:00:00Z"),
    },
  });
  return { customer, shopifyId, order, nps };
}

describe("privacy of payments, subscriptions and NPS", () => {
  it("customers/data_request exports the customer's NPS answers, subscriptions, disputes and transactions only", async () => {
    const shop = await createInstalledShop();
    const her = await seedCustomer(shop, "hazel@example.com", "Hazel");
    await seedCustomer(shop, "ivo@example.com", "Ivo");

    const payload = fixture("customers-data_request", shop.domain, { customer: { id: Number(her.shopifyId), email: "hazel@example.com" }, orders_requested: [] });
    expect(await run("customers/data_request", await contextFor(shop.domain, "customers/data_request", payload))).toBe("applied");
    const [request] = await db.complianceRequest.findMany({ where: { shopId: shop.shopId } });
    const data = request.export as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

    expect(data.summary).toMatchObject({ npsResponses: 1, subscriptionContracts: 1, disputes: 1, orders: 1 });
    expect(data.npsResponses).toEqual([
      { period: "2026-11", score: 3, comment: "Hazel here: the parcel never came", requestedAt: "2026-11-01T10:00:00.000Z", respondedAt: "2026-11-02T10:00:00.000Z" },
    ]);
    expect(data.subscriptionContracts).toHaveLength(1);
    expect(data.subscriptionContracts[0]).toMatchObject({
      status: "ACTIVE",
      planName: "Coffee beans 1 kg × 2",
      billingAttempts: [{ status: "FAILURE", errorCode: "insufficient_funds", recoveredAt: "2026-11-03T10:00:00.000Z" }],
    });
    expect(data.disputes).toEqual([
      expect.objectContaining({ kind: "CHARGEBACK", reason: "product_not_received", amount: "42", currencyCode: "USD", order: her.order.name }),
    ]);
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0].transactions).toEqual([
      expect.objectContaining({ kind: "SALE", status: "FAILURE", amount: "42", cardBrand: "Visa", lastFour: "4242", errorCode: "card_declined" }),
    ]);
    expect(JSON.stringify(data)).not.toContain("Ivo");
  });

  it("customers/redact erases the NPS comment and keeps the anonymous score; others keep theirs", async () => {
    const shop = await createInstalledShop();
    const her = await seedCustomer(shop, "hazel@example.com", "Hazel");
    const him = await seedCustomer(shop, "ivo@example.com", "Ivo");

    const payload = fixture("customers-redact", shop.domain, { customer: { id: Number(her.shopifyId), email: "hazel@example.com" }, orders_to_redact: [] });
    expect(await run("customers/redact", await contextFor(shop.domain, "customers/redact", payload))).toBe("applied");

    expect(await db.npsResponse.findUniqueOrThrow({ where: { id: her.nps.id } })).toMatchObject({ score: 3, comment: null, period: "2026-11" });
    expect(await db.npsResponse.findUniqueOrThrow({ where: { id: him.nps.id } })).toMatchObject({ score: 3, comment: "Ivo here: the parcel never came" });
    // The rows the payment figures count stay.
    expect(await db.dispute.count({ where: { shopId: shop.shopId } })).toBe(2);
    expect(await db.subscriptionContract.count({ where: { shopId: shop.shopId } })).toBe(2);
  });
});
