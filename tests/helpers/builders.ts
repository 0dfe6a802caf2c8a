import db from "../../app/db.server";
import type { Prisma } from "../../app/generated/prisma/client";

// Test data builders: each test states only what matters to it.

let sequence = 0;
const next = () => ++sequence;

export async function createTestOrder(shopId: string, overrides: Partial<Prisma.OrderUncheckedCreateInput> = {}) {
  const n = next();
  const now = new Date();
  return db.order.create({
    data: {
      shopId,
      shopifyId: BigInt(5_000_000_000_000 + n),
      name: `#${1000 + n}`,
      orderNumber: 1000 + n,
      email: `buyer${n}@example.com`,
      currencyCode: "USD",
      totalPrice: "49.00",
      subtotalPrice: "45.00",
      totalShipping: "4.00",
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      processedAt: now,
      shopifyCreatedAt: now,
      shopifyUpdatedAt: now,
      ...overrides,
    },
  });
}

export async function createTestCase(shopId: string, overrides: Partial<Prisma.CaseUncheckedCreateInput> = {}) {
  const shop = await db.shop.update({ where: { id: shopId }, data: { nextCaseNumber: { increment: 1 } } });
  return db.case.create({
    data: {
      shopId,
      number: shop.nextCaseNumber - 1,
      subject: "Where is my order?",
      channel: "EMAIL",
      topic: "WHERE_IS_MY_ORDER",
      customerEmail: "buyer@example.com",
      ...overrides,
    },
  });
}

export async function createTestFulfillment(shopId: string, orderId: string, overrides: Partial<Prisma.FulfillmentUncheckedCreateInput> = {}) {
  const n = next();
  const now = new Date();
  return db.fulfillment.create({
    data: {
      shopId,
      orderId,
      shopifyId: BigInt(7_000_000_000_000 + n),
      status: "SUCCESS",
      shipmentStatus: "IN_TRANSIT",
      trackingCompany: "UPS",
      trackingNumber: `1Z999AA1${String(n).padStart(10, "0")}`,
      shopifyCreatedAt: now,
      shopifyUpdatedAt: now,
      ...overrides,
    },
  });
}
