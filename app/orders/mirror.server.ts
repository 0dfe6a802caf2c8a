import db from "../db.server";
import {
  Prisma,
  type FulfillmentState,
  type FulfillmentStatus,
  type FinancialStatus,
  type ShipmentStatus,
  type TransactionStatus,
} from "../generated/prisma/client";
import type { ShopRecord } from "../shops/shops.server";
import { scheduleFirstOrderCare } from "../channels/first-order-care.server";
import { linkParkedDisputes } from "../disputes/apply-dispute.server";
import {
  appendOrderTimeline,
  linkNewOrderToCases,
  type OrderEventType,
  type OrderFact,
  type OrderRef,
} from "../cases/order-context.server";
import type {
  CustomerInput,
  FulfillmentEventInput,
  FulfillmentInput,
  LineItemInput,
  OrderInput,
  RefundInput,
  ReturnEvent,
  ReturnInput,
} from "./mirror-input";
import type { TransactionInput } from "./transactions";

// Writes Shopify's order data into the mirror. Every write for one order runs in a transaction that first
// takes a PostgreSQL advisory lock on (shop, order): concurrent workers handling deliveries of the same order
// queue up instead of interleaving their read-compare-write. Each record is versioned by Shopify's
// updated_at (or the delivery's triggered-at); an equal or older version changes nothing ("stale"), so a
// delivery applied twice, or late, is harmless. Immutable records (refunds, carrier events) are versioned by
// their existence. What changed becomes facts on the timelines of the cases linked to the order.

type Tx = Prisma.TransactionClient;

export type MirrorOutcome = "applied" | "stale";
/** The delivery needs the order (or the fulfillment) mirrored first: fetch it from the Admin API. */
export type MirrorMissing = "order_missing" | "fulfillment_missing";

const orderSelect = {
  id: true,
  shopifyId: true,
  name: true,
  orderNumber: true,
  customerId: true,
  email: true,
  currencyCode: true,
  redactedAt: true,
  shopifyUpdatedAt: true,
  cancelledAt: true,
} as const;
type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

/** What one application changed, and what happened, while holding the order's lock. */
interface Batch {
  changed: boolean;
  created: boolean;
  facts: OrderFact[];
}

const newBatch = (): Batch => ({ changed: false, created: false, facts: [] });

/** Runs `work` in a transaction holding the advisory lock of this shop's order. */
async function withOrderLock<T>(shopId: string, orderShopifyId: bigint, work: (tx: Tx) => Promise<T>): Promise<T> {
  const key = `order:${shopId}:${orderShopifyId}`;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      return work(tx);
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

async function findOrder(tx: Tx, shopId: string, shopifyId: bigint): Promise<OrderRow | null> {
  return tx.order.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId } }, select: orderSelect });
}

/** After the writes: coherent totals and statuses, links for a new order, the timeline. */
async function finish(tx: Tx, shop: ShopRecord, order: OrderRow, batch: Batch): Promise<MirrorOutcome> {
  if (batch.changed) await reconcileOrder(tx, shop.id, order.id);
  if (batch.facts.some((f) => f.type === "delivered"))
    await markWhetherAllDelivered(tx, shop.id, order.id, batch.facts);
  const ref: OrderRef = {
    id: order.id,
    name: order.name,
    orderNumber: order.orderNumber,
    customerId: order.customerId,
    email: order.email,
  };
  if (batch.created) {
    await linkNewOrderToCases(tx, shop.id, ref);
    // Disputes that arrived before their order (parked by app/disputes) are linked now, and get their case.
    await linkParkedDisputes(tx, shop.id, { ...ref, shopifyId: order.shopifyId });
  }
  const added = await appendOrderTimeline(tx, shop, ref, batch.facts);
  const deliveries = batch.facts.filter((f) => f.type === "delivered");
  if (deliveries.length > 0)
    await scheduleFirstOrderCare(tx, shop, order.id, new Date(Math.max(...deliveries.map((f) => f.occurredAt.getTime()))));
  return batch.changed || added > 0 ? "applied" : "stale";
}

// ───────────────────────────── Entry points ─────────────────────────────

/** A whole order (webhook or Admin API), with whatever fulfillments, refunds and returns it carries. */
export async function applyOrder(shop: ShopRecord, input: OrderInput): Promise<MirrorOutcome> {
  return withOrderLock(shop.id, input.shopifyId, async (tx) => {
    const batch = newBatch();
    const order = await writeOrder(tx, shop.id, input, batch);
    for (const fulfillment of input.fulfillments) await writeFulfillment(tx, shop.id, order, fulfillment, batch);
    // Returns before refunds, so that a refund can point at the return it settled.
    for (const ret of input.returns) await writeReturn(tx, shop.id, order, ret, batch);
    for (const refund of input.refunds) await writeRefund(tx, shop.id, order, refund, batch);
    for (const transaction of input.transactions ?? []) await writeTransaction(tx, shop.id, order, transaction, batch);
    return finish(tx, shop, order, batch);
  });
}

/** order_transactions/create: one payment transaction, stored once. */
export async function applyTransaction(
  shop: ShopRecord,
  input: TransactionInput,
): Promise<MirrorOutcome | MirrorMissing> {
  return withOrderLock(shop.id, input.orderShopifyId, async (tx) => {
    const order = await findOrder(tx, shop.id, input.orderShopifyId);
    if (!order) return "order_missing";
    const batch = newBatch();
    await writeTransaction(tx, shop.id, order, input, batch);
    return finish(tx, shop, order, batch);
  });
}

export async function applyFulfillment(
  shop: ShopRecord,
  input: FulfillmentInput,
): Promise<MirrorOutcome | MirrorMissing> {
  return withOrderLock(shop.id, input.orderShopifyId, async (tx) => {
    const order = await findOrder(tx, shop.id, input.orderShopifyId);
    if (!order) return "order_missing";
    const batch = newBatch();
    await writeFulfillment(tx, shop.id, order, input, batch);
    return finish(tx, shop, order, batch);
  });
}

export async function applyFulfillmentEvent(
  shop: ShopRecord,
  input: FulfillmentEventInput,
): Promise<MirrorOutcome | MirrorMissing> {
  return withOrderLock(shop.id, input.orderShopifyId, async (tx) => {
    const order = await findOrder(tx, shop.id, input.orderShopifyId);
    if (!order) return "order_missing";
    const fulfillment = await tx.fulfillment.findUnique({
      where: { shopId_shopifyId: { shopId: shop.id, shopifyId: input.fulfillmentShopifyId } },
      select: fulfillmentSelect,
    });
    if (!fulfillment || fulfillment.orderId !== order.id) return "fulfillment_missing";
    const batch = newBatch();
    await writeFulfillmentEvent(tx, shop.id, order, fulfillment, input, batch);
    if (batch.changed) await deriveFromEvents(tx, shop.id, fulfillment.id);
    return finish(tx, shop, order, batch);
  });
}

export async function applyRefund(shop: ShopRecord, input: RefundInput): Promise<MirrorOutcome | MirrorMissing> {
  return withOrderLock(shop.id, input.orderShopifyId, async (tx) => {
    const order = await findOrder(tx, shop.id, input.orderShopifyId);
    if (!order) return "order_missing";
    const batch = newBatch();
    await writeRefund(tx, shop.id, order, input, batch);
    return finish(tx, shop, order, batch);
  });
}

export async function applyReturn(
  shop: ShopRecord,
  input: ReturnInput & { orderShopifyId: bigint },
): Promise<MirrorOutcome | MirrorMissing> {
  return withOrderLock(shop.id, input.orderShopifyId, async (tx) => {
    const order = await findOrder(tx, shop.id, input.orderShopifyId);
    if (!order) return "order_missing";
    const batch = newBatch();
    await writeReturn(tx, shop.id, order, input, batch);
    return finish(tx, shop, order, batch);
  });
}

/** The Shopify order a mirrored return belongs to, if the return is mirrored. */
export async function orderOfMirroredReturn(shopId: string, returnShopifyId: bigint): Promise<bigint | null> {
  const found = await db.return.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: returnShopifyId } },
    select: { order: { select: { shopifyId: true } } },
  });
  return found?.order.shopifyId ?? null;
}

/**
 * customers/update: refreshes a customer the mirror knows (from an order). Customers it has never seen are
 * ignored: they have no orders here, and case intake records the people who write in.
 */
export async function applyCustomerUpdate(shop: ShopRecord, input: CustomerInput): Promise<MirrorOutcome | "ignored"> {
  const existing = await db.customer.findUnique({
    where: { shopId_shopifyId: { shopId: shop.id, shopifyId: input.shopifyId } },
    select: { id: true, redactedAt: true },
  });
  if (!existing || existing.redactedAt) return "ignored";
  const { count } = await db.customer.updateMany({
    where: newerCustomerVersion(shop.id, input),
    data: customerData(input),
  });
  return count > 0 ? "applied" : "stale";
}

// ───────────────────────────── Customers ─────────────────────────────

function customerData(c: CustomerInput) {
  return {
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    ...(c.tags !== undefined ? { tags: c.tags } : {}),
    ...(c.ordersCount !== undefined ? { ordersCount: c.ordersCount } : {}),
    ...(c.totalSpent !== undefined ? { totalSpent: c.totalSpent } : {}),
    ...(c.currencyCode !== undefined ? { currencyCode: c.currencyCode } : {}),
    shopifyUpdatedAt: c.updatedAt,
  };
}

/** Only a newer version (or any version over an unversioned row) overwrites; redacted rows stay erased. */
function newerCustomerVersion(shopId: string, c: CustomerInput): Prisma.CustomerWhereInput {
  return {
    shopId,
    shopifyId: c.shopifyId,
    redactedAt: null,
    ...(c.updatedAt
      ? { OR: [{ shopifyUpdatedAt: null }, { shopifyUpdatedAt: { lt: c.updatedAt } }] }
      : { shopifyUpdatedAt: null }),
  };
}

/** Insert-if-absent then update-if-newer: safe against concurrent orders of the same customer. */
async function upsertCustomer(tx: Tx, shopId: string, c: CustomerInput): Promise<string> {
  await tx.customer.createMany({
    data: [{ shopId, shopifyId: c.shopifyId, ...customerData(c) }],
    skipDuplicates: true,
  });
  await tx.customer.updateMany({ where: newerCustomerVersion(shopId, c), data: customerData(c) });
  const row = await tx.customer.findUniqueOrThrow({
    where: { shopId_shopifyId: { shopId, shopifyId: c.shopifyId } },
    select: { id: true },
  });
  return row.id;
}

// ───────────────────────────── Orders and line items ─────────────────────────────

async function writeOrder(tx: Tx, shopId: string, input: OrderInput, batch: Batch): Promise<OrderRow> {
  const existing = await findOrder(tx, shopId, input.shopifyId);
  if (existing && input.updatedAt <= existing.shopifyUpdatedAt) return existing;

  // Payloads of apps without protected-customer-data access leave out the customer, email and addresses:
  // a later version without them keeps what an earlier one said.
  const customerId = input.customer ? await upsertCustomer(tx, shopId, input.customer) : existing?.customerId ?? null;
  // After customers/redact, a late delivery must not bring the personal fields back.
  const personal = existing?.redactedAt
    ? {}
    : {
        email: input.email ?? existing?.email ?? null,
        phone: input.phone,
        ...(input.shippingAddress
          ? { shippingAddress: input.shippingAddress }
          : existing
          ? {}
          : { shippingAddress: Prisma.DbNull }),
        ...(input.billingAddress
          ? { billingAddress: input.billingAddress }
          : existing
          ? {}
          : { billingAddress: Prisma.DbNull }),
        note: input.note,
      };
  const data = {
    name: input.name,
    orderNumber: input.orderNumber,
    customerId,
    ...personal,
    ...(input.financialStatus ? { financialStatus: input.financialStatus } : {}),
    fulfillmentStatus: input.fulfillmentStatus,
    currencyCode: input.currencyCode,
    subtotalPrice: input.subtotalPrice,
    totalShipping: input.totalShipping,
    totalTax: input.totalTax,
    totalPrice: input.totalPrice,
    totalDiscounts: input.totalDiscounts,
    ...(input.totalRefunded !== undefined ? { totalRefunded: input.totalRefunded } : {}),
    discountCodes: input.discountCodes,
    shippingMethod: input.shippingMethod,
    paymentGateways: input.paymentGateways,
    tags: input.tags,
    statusPageUrl: input.statusPageUrl,
    cancelledAt: input.cancelledAt,
    cancelReason: input.cancelReason,
    ...(input.disputeCount !== undefined ? { disputeCount: input.disputeCount } : {}),
    ...(input.paymentTermsName !== undefined ? { paymentTermsName: input.paymentTermsName } : {}),
    ...(input.paymentDueAt !== undefined ? { paymentDueAt: input.paymentDueAt } : {}),
    closedAt: input.closedAt,
    processedAt: input.processedAt,
    shopifyCreatedAt: input.createdAt,
    shopifyUpdatedAt: input.updatedAt,
    syncedAt: new Date(),
  };
  const order = existing
    ? await tx.order.update({ where: { id: existing.id, shopId }, data, select: orderSelect })
    : await tx.order.create({ data: { shopId, shopifyId: input.shopifyId, ...data }, select: orderSelect });
  batch.changed = true;
  if (!existing) {
    batch.created = true;
    batch.facts.push({
      type: "order_created",
      dedupeKey: `order:${input.shopifyId}:created`,
      occurredAt: input.processedAt,
      actorType: "CUSTOMER",
      data: { orderName: input.name, totalPrice: input.totalPrice, currency: input.currencyCode },
    });
  }
  if (input.cancelledAt && !existing?.cancelledAt) {
    batch.facts.push({
      type: "order_cancelled",
      dedupeKey: `order:${input.shopifyId}:cancelled`,
      occurredAt: input.cancelledAt,
      actorType: "SHOPIFY",
      data: { orderName: input.name, reason: input.cancelReason },
    });
  }
  await writeLineItems(tx, shopId, order.id, input.lineItems);
  return order;
}

async function writeLineItems(tx: Tx, shopId: string, orderId: string, lines: LineItemInput[]): Promise<void> {
  for (const line of lines) {
    const data = {
      productId: line.productId,
      variantId: line.variantId,
      title: line.title,
      variantTitle: line.variantTitle,
      sku: line.sku,
      vendor: line.vendor,
      quantity: line.quantity,
      price: line.price,
      totalDiscount: line.totalDiscount,
      requiresShipping: line.requiresShipping,
      // REST payloads do not carry these: keep what the Admin API gave.
      ...(line.productType !== undefined ? { productType: line.productType } : {}),
      ...(line.productTags !== undefined ? { productTags: line.productTags } : {}),
      ...(line.imageUrl !== undefined ? { imageUrl: line.imageUrl } : {}),
    };
    await tx.lineItem.upsert({
      where: { shopId_shopifyId: { shopId, shopifyId: line.shopifyId } },
      create: { shopId, orderId, shopifyId: line.shopifyId, ...data },
      update: data,
    });
  }
}

/** Our ids of the order's line items, by Shopify id. */
async function lineItemIds(tx: Tx, shopId: string, orderId: string): Promise<Map<bigint, string>> {
  const rows = await tx.lineItem.findMany({ where: { shopId, orderId }, select: { id: true, shopifyId: true } });
  return new Map(rows.map((r) => [r.shopifyId, r.id]));
}

// ───────────────────────────── Fulfillments and carrier events ─────────────────────────────

const fulfillmentSelect = {
  id: true,
  orderId: true,
  shopifyId: true,
  name: true,
  status: true,
  shipmentStatus: true,
  trackingCompany: true,
  trackingNumber: true,
  trackingUrl: true,
  deliveredAt: true,
  inTransitAt: true,
  shopifyUpdatedAt: true,
} as const;
type FulfillmentRow = Prisma.FulfillmentGetPayload<{ select: typeof fulfillmentSelect }>;

/** Carrier statuses that are worth a line on a case's timeline. */
const SHIPMENT_EVENT: Partial<Record<ShipmentStatus, OrderEventType>> = {
  IN_TRANSIT: "in_transit",
  OUT_FOR_DELIVERY: "out_for_delivery",
  DELIVERED: "delivered",
  FAILURE: "delivery_failed",
  ATTEMPTED_DELIVERY: "delivery_attempted",
  DELAYED: "delayed",
};

function trackingData(
  order: OrderRow,
  f: Pick<FulfillmentRow, "shopifyId" | "name" | "trackingCompany" | "trackingNumber" | "trackingUrl">,
) {
  return {
    orderName: order.name,
    fulfillmentId: String(f.shopifyId),
    fulfillmentName: f.name,
    carrier: f.trackingCompany,
    trackingNumber: f.trackingNumber,
    trackingUrl: f.trackingUrl,
  };
}

async function writeFulfillment(
  tx: Tx,
  shopId: string,
  order: OrderRow,
  f: FulfillmentInput,
  batch: Batch,
): Promise<void> {
  const existing = await tx.fulfillment.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: f.shopifyId } },
    select: fulfillmentSelect,
  });
  if (existing && existing.orderId !== order.id) {
    throw new Error(`Fulfillment ${f.shopifyId} belongs to another order than ${order.name} in the mirror`);
  }
  let row = existing;
  const newer = !existing || f.updatedAt > existing.shopifyUpdatedAt;
  if (newer) {
    const shipment = f.shipmentStatus;
    const data = {
      name: f.name,
      status: f.status,
      trackingCompany: f.trackingCompany,
      trackingNumber: f.trackingNumbers[0] ?? null,
      trackingUrl: f.trackingUrls[0] ?? null,
      trackingNumbers: f.trackingNumbers,
      trackingUrls: f.trackingUrls,
      shopifyCreatedAt: f.createdAt,
      shopifyUpdatedAt: f.updatedAt,
      ...(shipment !== undefined ? { shipmentStatus: shipment } : {}),
      ...(f.estimatedDeliveryAt !== undefined ? { estimatedDeliveryAt: f.estimatedDeliveryAt } : {}),
      // REST payloads carry no times for these: the version that first reported the status stands in.
      ...(f.inTransitAt !== undefined
        ? { inTransitAt: f.inTransitAt }
        : shipment === "IN_TRANSIT" && !existing?.inTransitAt
        ? { inTransitAt: f.updatedAt }
        : {}),
      ...(f.deliveredAt !== undefined
        ? { deliveredAt: f.deliveredAt }
        : shipment === "DELIVERED" && !existing?.deliveredAt
        ? { deliveredAt: f.updatedAt }
        : {}),
    };
    row = existing
      ? await tx.fulfillment.update({ where: { id: existing.id, shopId }, data, select: fulfillmentSelect })
      : await tx.fulfillment.create({
          data: { shopId, orderId: order.id, shopifyId: f.shopifyId, ...data },
          select: fulfillmentSelect,
        });
    if (f.lines.length > 0) await writeFulfillmentLines(tx, shopId, order.id, row.id, f);
    batch.changed = true;

    if (f.status === "SUCCESS" && existing?.status !== "SUCCESS") {
      batch.facts.push({
        type: "order_shipped",
        dedupeKey: `fulfillment:${f.shopifyId}:shipped`,
        occurredAt: f.createdAt,
        actorType: "SHOPIFY",
        data: trackingData(order, row),
      });
    }
    const type = shipment ? SHIPMENT_EVENT[shipment] : undefined;
    // A carrier event of the same status carries the better time; let it speak.
    if (type && shipment !== existing?.shipmentStatus && !f.events.some((e) => e.status === shipment)) {
      batch.facts.push({
        type,
        dedupeKey: `fulfillment:${f.shopifyId}:${type}`,
        occurredAt: (shipment === "DELIVERED" ? f.deliveredAt : null) ?? f.updatedAt,
        actorType: "SHOPIFY",
        data: { ...trackingData(order, row), status: shipment },
      });
    }
  }
  let eventsAdded = false;
  for (const event of f.events) {
    if (await writeFulfillmentEvent(tx, shopId, order, row!, event, batch)) eventsAdded = true;
  }
  // Carrier events already mirrored may be newer than this version of the fulfillment.
  if (eventsAdded || (newer && existing)) await deriveFromEvents(tx, shopId, row!.id);
}

async function writeFulfillmentLines(
  tx: Tx,
  shopId: string,
  orderId: string,
  fulfillmentId: string,
  f: FulfillmentInput,
): Promise<void> {
  const ids = await lineItemIds(tx, shopId, orderId);
  const quantities = new Map<string, { quantity: number; shopifyId: bigint | null }>();
  for (const line of f.lines) {
    const lineItemId = ids.get(line.lineItemShopifyId);
    if (!lineItemId) continue; // a line the mirror does not have (beyond the first page of the order)
    const seen = quantities.get(lineItemId);
    quantities.set(lineItemId, {
      quantity: (seen?.quantity ?? 0) + line.quantity,
      shopifyId: seen?.shopifyId ?? line.shopifyId,
    });
  }
  await tx.fulfillmentLineItem.deleteMany({ where: { shopId, fulfillmentId } });
  await tx.fulfillmentLineItem.createMany({
    data: [...quantities].map(([lineItemId, v]) => ({
      shopId,
      fulfillmentId,
      lineItemId,
      quantity: v.quantity,
      shopifyId: v.shopifyId,
    })),
  });
}

/** Records a carrier event once; true when it was new. */
async function writeFulfillmentEvent(
  tx: Tx,
  shopId: string,
  order: OrderRow,
  fulfillment: FulfillmentRow,
  e: FulfillmentEventInput,
  batch: Batch,
): Promise<boolean> {
  const created = await tx.fulfillmentEvent.createMany({
    data: [
      {
        shopId,
        fulfillmentId: fulfillment.id,
        shopifyId: e.shopifyId,
        status: e.status,
        message: e.message,
        city: e.city,
        province: e.province,
        country: e.country,
        estimatedDeliveryAt: e.estimatedDeliveryAt,
        happenedAt: e.happenedAt,
      },
    ],
    skipDuplicates: true,
  });
  if (created.count === 0) return false;
  batch.changed = true;
  const type = SHIPMENT_EVENT[e.status];
  if (!type) return true;
  batch.facts.push({
    type,
    dedupeKey: `fulfillment:${fulfillment.shopifyId}:${type}`,
    occurredAt: e.happenedAt,
    actorType: "SHOPIFY",
    data: {
      ...trackingData(order, fulfillment),
      status: e.status,
      message: e.message,
      city: e.city,
      province: e.province,
      country: e.country,
      estimatedDeliveryAt: e.estimatedDeliveryAt?.toISOString() ?? null,
      happenedAt: e.happenedAt.toISOString(),
    },
  });
  return true;
}

/**
 * The fulfillment's carrier state from its events: the latest event wins over the fulfillment's own
 * shipment_status unless the fulfillment version is newer; delivery and transit times come from the events.
 */
async function deriveFromEvents(tx: Tx, shopId: string, fulfillmentId: string): Promise<void> {
  const [fulfillment, events] = await Promise.all([
    tx.fulfillment.findUniqueOrThrow({
      where: { id: fulfillmentId, shopId },
      select: {
        shipmentStatus: true,
        shopifyUpdatedAt: true,
        deliveredAt: true,
        inTransitAt: true,
        estimatedDeliveryAt: true,
      },
    }),
    tx.fulfillmentEvent.findMany({
      where: { shopId, fulfillmentId },
      orderBy: [{ happenedAt: "asc" }, { shopifyId: "asc" }],
      select: { status: true, happenedAt: true, estimatedDeliveryAt: true },
    }),
  ]);
  const last = events.at(-1);
  if (!last) return;
  const data: Prisma.FulfillmentUpdateInput = {};
  if (fulfillment.shipmentStatus === null || last.happenedAt >= fulfillment.shopifyUpdatedAt) {
    if (fulfillment.shipmentStatus !== last.status) data.shipmentStatus = last.status;
  }
  const delivered = events.find((e) => e.status === "DELIVERED");
  if (delivered && fulfillment.deliveredAt?.getTime() !== delivered.happenedAt.getTime())
    data.deliveredAt = delivered.happenedAt;
  const inTransit = events.find((e) => e.status === "IN_TRANSIT");
  if (inTransit && (!fulfillment.inTransitAt || inTransit.happenedAt < fulfillment.inTransitAt))
    data.inTransitAt = inTransit.happenedAt;
  const estimate = events.filter((e) => e.estimatedDeliveryAt).at(-1)?.estimatedDeliveryAt;
  if (estimate && fulfillment.estimatedDeliveryAt?.getTime() !== estimate.getTime())
    data.estimatedDeliveryAt = estimate;
  if (Object.keys(data).length > 0) await tx.fulfillment.update({ where: { id: fulfillmentId, shopId }, data });
}

// ───────────────────────────── Refunds ─────────────────────────────

async function writeRefund(tx: Tx, shopId: string, order: OrderRow, r: RefundInput, batch: Batch): Promise<void> {
  const existing = await tx.refund.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: r.shopifyId } },
    select: { id: true },
  });
  if (existing) return; // refunds never change once issued
  const ids = await lineItemIds(tx, shopId, order.id);
  const settled = r.returnShopifyId
    ? await tx.return.findUnique({
        where: { shopId_shopifyId: { shopId, shopifyId: r.returnShopifyId } },
        select: { id: true, orderId: true },
      })
    : null;
  const currencyCode = r.currencyCode ?? order.currencyCode;
  await tx.refund.create({
    data: {
      shopId,
      orderId: order.id,
      shopifyId: r.shopifyId,
      amount: r.amount,
      shippingAmount: r.shippingAmount,
      currencyCode,
      note: r.note,
      restocked: r.restocked,
      returnId: settled && settled.orderId === order.id ? settled.id : null,
      processedAt: r.processedAt,
      shopifyCreatedAt: r.createdAt,
      lines: {
        createMany: {
          data: r.lines.map((l) => ({
            shopId,
            lineItemId: l.lineItemShopifyId !== null ? ids.get(l.lineItemShopifyId) ?? null : null,
            shopifyId: l.shopifyId,
            quantity: l.quantity,
            restockType: l.restockType,
            subtotal: l.subtotal,
            totalTax: l.totalTax,
          })),
        },
      },
    },
  });
  batch.changed = true;
  batch.facts.push({
    type: "refund_issued",
    dedupeKey: `refund:${r.shopifyId}`,
    occurredAt: r.processedAt,
    actorType: "SHOPIFY",
    data: {
      orderName: order.name,
      refundId: String(r.shopifyId),
      amount: r.amount,
      currency: currencyCode,
      note: r.note,
    },
  });
}

// ───────────────────────────── Payment transactions ─────────────────────────────

/** Statuses Shopify never moves a transaction out of. */
const FINAL_TRANSACTION_STATUSES: readonly TransactionStatus[] = ["SUCCESS", "FAILURE", "ERROR"];

/**
 * A transaction is stored once, at first sight. Its amount, kind and card never change; its outcome can: a PENDING,
 * AWAITING_RESPONSE or UNKNOWN transaction seen again (a later delivery, an order fetch) with a final status
 * (SUCCESS, FAILURE, ERROR) takes that status with its error code, message and processed time. A final status is
 * never moved back (a late redelivery of the pending state changes nothing), nor replaced by another one.
 */
async function writeTransaction(tx: Tx, shopId: string, order: OrderRow, t: TransactionInput, batch: Batch): Promise<void> {
  if (FINAL_TRANSACTION_STATUSES.includes(t.status)) {
    const settled = await tx.orderTransaction.updateMany({
      where: { shopId, shopifyId: t.shopifyId, orderId: order.id, status: { notIn: [...FINAL_TRANSACTION_STATUSES] } },
      data: { status: t.status, errorCode: t.errorCode, message: t.message, processedAt: t.processedAt },
    });
    if (settled.count > 0) {
      batch.changed = true;
      return;
    }
  }
  const created = await tx.orderTransaction.createMany({
    data: [
      {
        shopId,
        orderId: order.id,
        shopifyId: t.shopifyId,
        parentShopifyId: t.parentShopifyId,
        kind: t.kind,
        status: t.status,
        amount: t.amount,
        currencyCode: t.currencyCode ?? order.currencyCode,
        gateway: t.gateway,
        cardBrand: t.cardBrand,
        lastFour: t.lastFour,
        errorCode: t.errorCode,
        message: t.message,
        test: t.test,
        processedAt: t.processedAt,
      },
    ],
    skipDuplicates: true,
  });
  if (created.count > 0) batch.changed = true;
}

// ───────────────────────────── Returns ─────────────────────────────

const RETURN_EVENT_TYPE: Record<ReturnEvent, OrderEventType> = {
  requested: "return_requested",
  approved: "return_approved",
  declined: "return_declined",
  cancelled: "return_cancelled",
  closed: "return_closed",
  reopened: "return_reopened",
  processed: "return_processed",
};

async function writeReturn(tx: Tx, shopId: string, order: OrderRow, r: ReturnInput, batch: Batch): Promise<void> {
  const existing = await tx.return.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: r.shopifyId } },
    select: {
      id: true,
      orderId: true,
      status: true,
      name: true,
      shopifyUpdatedAt: true,
      approvedAt: true,
      requestedAt: true,
    },
  });
  if (existing && existing.orderId !== order.id)
    throw new Error(`Return ${r.shopifyId} belongs to another order than ${order.name} in the mirror`);
  const when = r.version ?? new Date();
  const milestones: { event: ReturnEvent; at: Date }[] = [];
  let name = existing?.name ?? r.name ?? null;

  if (!existing) {
    const status = r.status ?? "REQUESTED";
    const requestedAt = r.requestedAt ?? when;
    const approvedAt = r.approvedAt ?? (status === "OPEN" || status === "CLOSED" ? when : null);
    const closedAt = r.closedAt ?? (status === "CLOSED" ? when : null);
    const created = await tx.return.create({
      data: {
        shopId,
        orderId: order.id,
        shopifyId: r.shopifyId,
        name: r.name ?? null,
        status,
        declineReason: r.declineReason ?? null,
        declineNote: r.declineNote ?? null,
        reverseCarrier: r.reverseCarrier ?? null,
        reverseTrackingNumber: r.reverseTrackingNumber ?? null,
        reverseTrackingUrl: r.reverseTrackingUrl ?? null,
        reverseLabelUrl: r.reverseLabelUrl ?? null,
        requestedAt,
        approvedAt,
        closedAt,
        shopifyUpdatedAt: r.version,
      },
      select: { id: true },
    });
    if (r.lines) await writeReturnLines(tx, shopId, order.id, created.id, r);
    batch.changed = true;
    name = r.name ?? null;
    // First sight of a return: its history so far, as far as this source tells it.
    milestones.push({ event: "requested", at: requestedAt });
    if (r.approvedAt) milestones.push({ event: "approved", at: r.approvedAt });
    if (status === "DECLINED") milestones.push({ event: "declined", at: when });
    if (status === "CANCELED") milestones.push({ event: "cancelled", at: when });
    if (status === "CLOSED") milestones.push({ event: "closed", at: closedAt ?? when });
  } else {
    const newer = r.version
      ? !existing.shopifyUpdatedAt || r.version > existing.shopifyUpdatedAt
      : r.status !== undefined && r.status !== existing.status;
    if (newer) {
      const data: Prisma.ReturnUpdateInput = {
        ...(r.status ? { status: r.status } : {}),
        ...(r.name ? { name: r.name } : {}),
        ...(r.declineReason !== undefined ? { declineReason: r.declineReason } : {}),
        ...(r.declineNote !== undefined ? { declineNote: r.declineNote } : {}),
        ...(r.reverseCarrier !== undefined ? { reverseCarrier: r.reverseCarrier } : {}),
        ...(r.reverseTrackingNumber !== undefined ? { reverseTrackingNumber: r.reverseTrackingNumber } : {}),
        ...(r.reverseTrackingUrl !== undefined ? { reverseTrackingUrl: r.reverseTrackingUrl } : {}),
        ...(r.reverseLabelUrl !== undefined ? { reverseLabelUrl: r.reverseLabelUrl } : {}),
        ...(r.requestedAt ? { requestedAt: r.requestedAt } : {}),
        ...(r.approvedAt !== undefined
          ? { approvedAt: r.approvedAt }
          : r.status === "OPEN" && !existing.approvedAt
          ? { approvedAt: when }
          : {}),
        ...(r.closedAt !== undefined ? { closedAt: r.closedAt } : r.status === "CLOSED" ? { closedAt: when } : {}),
        ...(r.version ? { shopifyUpdatedAt: r.version } : {}),
      };
      await tx.return.update({ where: { id: existing.id, shopId }, data });
      if (r.lines) await writeReturnLines(tx, shopId, order.id, existing.id, r);
      batch.changed = true;
      if (r.name) name = r.name;
    }
  }
  // What the delivery reports happened is a fact even when a newer state is already stored.
  if (r.event && !milestones.some((m) => m.event === r.event)) {
    const known =
      r.event === "approved"
        ? r.approvedAt
        : r.event === "closed"
        ? r.closedAt
        : r.event === "requested"
        ? r.requestedAt
        : null;
    milestones.push({ event: r.event, at: known ?? when });
  }

  for (const m of milestones) {
    batch.facts.push({
      type: RETURN_EVENT_TYPE[m.event],
      dedupeKey: `return:${r.shopifyId}:${m.event}`,
      occurredAt: m.at,
      actorType: m.event === "requested" || m.event === "cancelled" ? "CUSTOMER" : "SHOPIFY",
      data: {
        orderName: order.name,
        returnId: String(r.shopifyId),
        returnName: name,
        ...(m.event === "declined"
          ? { declineReason: r.declineReason ?? null, declineNote: r.declineNote ?? null }
          : {}),
        ...(r.lines && m.event === "requested"
          ? { items: r.lines.map((l) => ({ quantity: l.quantity, reason: l.reason })) }
          : {}),
      },
    });
  }
}

async function writeReturnLines(
  tx: Tx,
  shopId: string,
  orderId: string,
  returnId: string,
  r: ReturnInput,
): Promise<void> {
  const ids = await lineItemIds(tx, shopId, orderId);
  await tx.returnLineItem.deleteMany({ where: { shopId, returnId } });
  await tx.returnLineItem.createMany({
    data: (r.lines ?? []).map((l) => ({
      shopId,
      returnId,
      lineItemId: l.lineItemShopifyId !== null ? ids.get(l.lineItemShopifyId) ?? null : null,
      shopifyId: l.shopifyId,
      quantity: l.quantity,
      reason: l.reason,
      customerNote: l.customerNote,
    })),
  });
}

// ───────────────────────────── Coherence ─────────────────────────────

const FULFILLMENT_RANK: Partial<Record<FulfillmentStatus, number>> = {
  UNFULFILLED: 0,
  SCHEDULED: 0,
  ON_HOLD: 0,
  IN_PROGRESS: 0,
  PARTIALLY_FULFILLED: 1,
  FULFILLED: 2,
};

/**
 * Keeps the order's totals and statuses true to the mirrored records when deliveries arrive out of order:
 * totalRefunded is never less than the refunds mirrored, a refunded order is not shown as merely paid, and
 * shipped items are not shown as unfulfilled.
 */
async function reconcileOrder(tx: Tx, shopId: string, orderId: string): Promise<void> {
  const [order, refunded, lines, fulfillments] = await Promise.all([
    tx.order.findUniqueOrThrow({
      where: { id: orderId, shopId },
      select: { totalPrice: true, totalRefunded: true, financialStatus: true, fulfillmentStatus: true },
    }),
    tx.refund.aggregate({ where: { shopId, orderId }, _sum: { amount: true } }),
    tx.lineItem.aggregate({ where: { shopId, orderId }, _sum: { quantity: true } }),
    tx.fulfillment.findMany({
      where: { shopId, orderId },
      select: { status: true, lines: { select: { quantity: true } } },
    }),
  ]);
  const sumRefunds = refunded._sum.amount ?? new Prisma.Decimal(0);
  const totalRefunded = Prisma.Decimal.max(sumRefunds, order.totalRefunded);
  const financialStatus = coherentFinancialStatus(order.financialStatus, totalRefunded, order.totalPrice);
  const fulfillmentStatus = coherentFulfillmentStatus(order.fulfillmentStatus, fulfillments, lines._sum.quantity ?? 0);
  if (
    !totalRefunded.equals(order.totalRefunded) ||
    financialStatus !== order.financialStatus ||
    fulfillmentStatus !== order.fulfillmentStatus
  ) {
    await tx.order.update({
      where: { id: orderId, shopId },
      data: { totalRefunded, financialStatus, fulfillmentStatus },
    });
  }
}

export function coherentFinancialStatus(
  given: FinancialStatus,
  totalRefunded: Prisma.Decimal,
  totalPrice: Prisma.Decimal,
): FinancialStatus {
  if (totalRefunded.lte(0)) return given;
  if (given === "VOIDED" || given === "EXPIRED" || given === "REFUNDED") return given;
  return totalPrice.gt(0) && totalRefunded.gte(totalPrice) ? "REFUNDED" : "PARTIALLY_REFUNDED";
}

export function coherentFulfillmentStatus(
  given: FulfillmentStatus,
  fulfillments: { status: FulfillmentState; lines: { quantity: number }[] }[],
  orderedQuantity: number,
): FulfillmentStatus {
  const shipped = fulfillments.filter((f) => f.status === "SUCCESS");
  if (shipped.length === 0) return given;
  const quantity = shipped.reduce((n, f) => n + f.lines.reduce((m, l) => m + l.quantity, 0), 0);
  const computed: FulfillmentStatus =
    orderedQuantity > 0 && quantity >= orderedQuantity ? "FULFILLED" : "PARTIALLY_FULFILLED";
  const rank = FULFILLMENT_RANK[given];
  // RESTOCKED and anything ahead of what the mirror can count stay as Shopify said.
  return rank !== undefined && (FULFILLMENT_RANK[computed] ?? 0) > rank ? computed : given;
}

/** A delivered shipment answers "where is my order" fully only when every shipment has arrived. */
async function markWhetherAllDelivered(tx: Tx, shopId: string, orderId: string, facts: OrderFact[]): Promise<void> {
  const shipped = await tx.fulfillment.findMany({
    where: { shopId, orderId, status: "SUCCESS" },
    select: { shipmentStatus: true },
  });
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId, shopId },
    select: { fulfillmentStatus: true },
  });
  const allDelivered =
    shipped.every((f) => f.shipmentStatus === "DELIVERED") && order.fulfillmentStatus !== "PARTIALLY_FULFILLED";
  for (const fact of facts) {
    if (fact.type === "delivered") fact.data = { ...fact.data, allDelivered };
  }
}
