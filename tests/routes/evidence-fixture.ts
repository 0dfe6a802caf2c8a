import db from "../../app/db.server";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import type { TestShop } from "../helpers/shopify";

// One disputed order with everything an evidence pack shows, in a shop on New York time (EST in November).

export const XSS_BODY = `Where is it? <script>alert("xss")</script> "><img src=x onerror=alert(2)> &amp; done`;
export const XSS_SUBJECT = `Parcel "><svg onload=alert(3)> missing`;

export async function seedDisputedOrder(shop: TestShop) {
  await db.shop.update({ where: { id: shop.shopId }, data: { ianaTimezone: "America/New_York", name: "Test Shop" } });
  const customer = await db.customer.create({
    data: {
      shopId: shop.shopId,
      shopifyId: 6_100_000_001n,
      email: "ann_b@example.com",
      firstName: "Ann",
      lastName: "Buyer",
      phone: "+1 555 0100",
      ordersCount: 3,
      totalSpent: "312.50",
      currencyCode: "USD",
    },
  });
  const shippingAddress = { first_name: "Ann", last_name: "Buyer", address1: "1 Main St", city: "Springfield", province_code: "IL", zip: "62701", country_code: "US", country: "United States" };
  const billingAddress = { ...shippingAddress, zip: "62704" };
  const order = await createTestOrder(shop.shopId, {
    name: "#1001",
    orderNumber: 1001,
    shopifyId: 5_555_000_001n,
    customerId: customer.id,
    email: "Ann_B@Example.com",
    subtotalPrice: "100.00",
    totalShipping: "10.00",
    totalTax: "8.00",
    totalDiscounts: "10.00",
    discountCodes: ["WELCOME10"],
    totalPrice: "108.00",
    totalRefunded: "20.00",
    financialStatus: "PARTIALLY_REFUNDED",
    fulfillmentStatus: "FULFILLED",
    paymentGateways: ["shopify_payments"],
    disputeCount: 1,
    shippingAddress,
    billingAddress,
    shopifyCreatedAt: new Date("2026-11-02T15:04:05Z"),
    processedAt: new Date("2026-11-02T15:04:06Z"),
  });
  // An older order of the same customer: "first order on record".
  await createTestOrder(shop.shopId, { customerId: customer.id, processedAt: new Date("2025-06-01T12:00:00Z") });

  const mug = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: 8_000_001n, title: "Blue mug", variantTitle: "Large", sku: "MUG-BL-L", quantity: 2, price: "30.00" },
  });
  await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: 8_000_002n, title: "Gift card", sku: "GC-50", quantity: 1, price: "40.00", requiresShipping: false },
  });

  const fulfillment = await createTestFulfillment(shop.shopId, order.id, {
    trackingCompany: "UPS",
    trackingNumber: "1Z999AA10123456784",
    trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    shipmentStatus: "DELIVERED",
    deliveredAt: new Date("2026-11-05T18:30:00Z"),
    shopifyCreatedAt: new Date("2026-11-03T10:00:00Z"),
  });
  await db.fulfillmentLineItem.create({ data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, lineItemId: mug.id, quantity: 2 } });
  // Inserted out of order: the pack lists them by time.
  await db.fulfillmentEvent.create({
    data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, shopifyId: 9_000_002n, status: "DELIVERED", message: "Left at front door", city: "Springfield", province: "IL", country: "US", happenedAt: new Date("2026-11-05T18:30:00Z") },
  });
  await db.fulfillmentEvent.create({
    data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, shopifyId: 9_000_001n, status: "IN_TRANSIT", message: "Departed facility", city: "Chicago", happenedAt: new Date("2026-11-03T22:00:00Z") },
  });

  const ret = await db.return.create({
    data: {
      shopId: shop.shopId,
      orderId: order.id,
      shopifyId: 9_100_001n,
      name: "#1001-R1",
      status: "CLOSED",
      requestedAt: new Date("2026-11-07T14:00:00Z"),
      approvedAt: new Date("2026-11-07T16:00:00Z"),
      closedAt: new Date("2026-11-12T09:00:00Z"),
      reverseCarrier: "USPS",
      reverseTrackingNumber: "9400100000000000000000",
      lines: { create: { shopId: shop.shopId, lineItemId: mug.id, quantity: 1, reason: "DEFECTIVE", customerNote: "Chipped rim" } },
    },
  });
  await db.refund.create({
    data: {
      shopId: shop.shopId,
      orderId: order.id,
      shopifyId: 9_200_001n,
      amount: "20.00",
      currencyCode: "USD",
      note: "Chipped mug refunded",
      restocked: true,
      returnId: ret.id,
      processedAt: new Date("2026-11-12T09:05:00Z"),
      shopifyCreatedAt: new Date("2026-11-12T09:05:00Z"),
      lines: { create: { shopId: shop.shopId, lineItemId: mug.id, quantity: 1, subtotal: "20.00" } },
    },
  });

  // Case linked to the order, with a hostile message, a staff reply and an internal note.
  const linked = await createTestCase(shop.shopId, {
    subject: XSS_SUBJECT,
    customerId: customer.id,
    customerEmail: "ann_b@example.com",
    customerName: "Ann Buyer",
    createdAt: new Date("2026-11-04T13:00:00Z"),
    status: "RESOLVED",
  });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: linked.id, orderId: order.id, linkedBy: "AUTO" } });
  await db.message.createMany({
    data: [
      { shopId: shop.shopId, caseId: linked.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorName: "Ann Buyer", authorEmail: "ann_b@example.com", bodyText: XSS_BODY, bodyHtml: `<p>${XSS_BODY}</p>`, createdAt: new Date("2026-11-04T13:00:00Z") },
      { shopId: shop.shopId, caseId: linked.id, direction: "OUTBOUND", channel: "EMAIL", authorType: "STAFF", authorStaffId: shop.staffId, bodyText: "It is on its way with UPS.", deliveryStatus: "SENT", sentAt: new Date("2026-11-04T14:00:01Z"), createdAt: new Date("2026-11-04T14:00:00Z") },
      { shopId: shop.shopId, caseId: linked.id, direction: "NOTE", channel: "ADMIN", authorType: "STAFF", authorStaffId: shop.staffId, bodyText: "Internal: carrier photo shows the parcel at the door.", createdAt: new Date("2026-11-06T10:00:00Z") },
    ],
  });
  await db.caseEvent.create({
    data: { shopId: shop.shopId, caseId: linked.id, orderId: order.id, type: "delivered", actorType: "SHOPIFY", dedupeKey: `fulfillment:${fulfillment.shopifyId}:delivered`, occurredAt: new Date("2026-11-05T18:31:00Z") },
  });

  // A later case from the same person, by email only (different letter case), not linked to the order.
  const byEmail = await createTestCase(shop.shopId, {
    subject: "Never received my order",
    customerEmail: "ANN_B@example.com",
    customerName: "Ann B",
    channel: "STOREFRONT",
    createdAt: new Date("2026-11-20T08:00:00Z"),
  });
  await db.message.create({
    data: { shopId: shop.shopId, caseId: byEmail.id, direction: "INBOUND", channel: "STOREFRONT", authorType: "CUSTOMER", authorName: "Ann B", authorEmail: "ANN_B@example.com", bodyText: "I never got my mugs.", createdAt: new Date("2026-11-20T08:00:00Z") },
  });
  // The same delivery event recorded on the second case (written once per case): shown once.
  await db.caseEvent.create({
    data: { shopId: shop.shopId, caseId: byEmail.id, orderId: order.id, type: "delivered", actorType: "SHOPIFY", dedupeKey: `fulfillment:${fulfillment.shopifyId}:delivered`, occurredAt: new Date("2026-11-05T18:31:00Z") },
  });

  // Someone else whose address only matches if "_" were a wildcard: never included.
  const stranger = await createTestCase(shop.shopId, { subject: "Stranger case", customerEmail: "annXb@example.com", customerName: "Someone Else" });
  await db.message.create({
    data: { shopId: shop.shopId, caseId: stranger.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText: "Stranger message", authorEmail: "annXb@example.com" },
  });

  await db.orderAction.create({
    data: {
      shopId: shop.shopId,
      caseId: linked.id,
      orderId: order.id,
      staffId: shop.staffId,
      kind: "REFUND",
      status: "SUCCEEDED",
      idempotencyKey: `refund-${order.id}`,
      input: { amount: "20.00", reason: "Chipped on arrival" },
      createdAt: new Date("2026-11-12T09:04:00Z"),
      completedAt: new Date("2026-11-12T09:05:00Z"),
    },
  });
  await db.selfServiceEvent.create({
    data: { shopId: shop.shopId, kind: "ORDER_LOOKUP", orderId: order.id, customerId: customer.id, createdAt: new Date("2026-11-04T12:00:00Z") },
  });

  return { customer, order, fulfillment, linked, byEmail, stranger };
}
