import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import db, { rawPool } from "../db.server";
import { AppError } from "../errors.server";
import type { Prisma, ShipmentStatus } from "../generated/prisma/client";
import { gidFor } from "../orders/mirror-input";
import { findCustomerOrders, findGuestOrder } from "./order-query.server";
import { STOREFRONT_TEXT } from "./text.server";

// Orders as the shopper sees them (docs/storefront-api.md, "The order shape"). Everything here reads the local
// order mirror only — no Admin API call — and every query names the shop. A customer only ever sees their own
// orders: a guest must give the order's number and email, a signed-in customer sees orders of their customer id;
// anything else is the same 404, so an answer never tells whether an order number exists.

// ───────────────────────────── Public shape ─────────────────────────────

export const TIMELINE_STEPS = ["ordered", "shipped", "in_transit", "out_for_delivery", "delivered"] as const;
export type TimelineStep = (typeof TIMELINE_STEPS)[number];
export type FulfillmentStage = "shipped" | "in_transit" | "out_for_delivery" | "ready_for_pickup" | "delivered" | "cancelled";
export type OrderStage = TimelineStep | "partially_shipped" | "cancelled";
export type ExceptionKind = "delayed" | "attempted" | "failed";

export interface StorefrontException {
  kind: ExceptionKind;
  at: string;
  message: string | null;
}

export interface StorefrontTimeline {
  current: TimelineStep;
  steps: { key: TimelineStep; state: "complete" | "current" | "upcoming"; at: string | null }[];
  exception: StorefrontException | null;
}

export interface StorefrontLineItem {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  price: string;
  imageUrl: string | null;
  fulfilledQuantity: number;
  refundedQuantity: number;
  returnedQuantity: number;
}

export interface StorefrontLineRef {
  lineItemId: string | null;
  title: string;
  quantity: number;
}

export interface StorefrontFulfillment {
  id: string;
  name: string | null;
  status: FulfillmentStage;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  shippedAt: string;
  inTransitAt: string | null;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  lineItems: StorefrontLineRef[];
  events: { status: string; message: string | null; location: string | null; happenedAt: string }[];
}

export interface StorefrontRefund {
  id: string;
  amount: string;
  currencyCode: string;
  processedAt: string;
  lineItems: StorefrontLineRef[];
}

export interface StorefrontReturn {
  id: string;
  name: string | null;
  status: "requested" | "open" | "declined" | "canceled" | "closed";
  requestedAt: string;
  approvedAt: string | null;
  closedAt: string | null;
  declineReason: string | null;
  lineItems: (StorefrontLineRef & { reason: string })[];
  tracking: { carrier: string | null; number: string | null; url: string | null } | null;
  labelUrl: string | null;
}

export interface StorefrontOrder {
  id: string;
  name: string;
  number: number;
  processedAt: string;
  status: OrderStage;
  exception: StorefrontException | null;
  cancelled: boolean;
  cancelledAt: string | null;
  financialStatus: string;
  fulfillmentStatus: string;
  currencyCode: string;
  totals: { subtotal: string; shipping: string; tax: string; discounts: string; total: string; refunded: string };
  shippingMethod: string | null;
  shipTo: { city: string | null; province: string | null; country: string | null } | null;
  statusPageUrl: string | null;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  timeline: StorefrontTimeline;
  lineItems: StorefrontLineItem[];
  fulfillments: StorefrontFulfillment[];
  refunds: StorefrontRefund[];
  returns: StorefrontReturn[];
}

// ───────────────────────────── What is read from the mirror ─────────────────────────────

/** Only what the shopper may see: no notes, tags, staff, payment or address details beyond city/country. */
export const STOREFRONT_ORDER_SELECT = {
  id: true,
  shopifyId: true,
  name: true,
  orderNumber: true,
  customerId: true,
  financialStatus: true,
  fulfillmentStatus: true,
  currencyCode: true,
  subtotalPrice: true,
  totalShipping: true,
  totalTax: true,
  totalPrice: true,
  totalRefunded: true,
  totalDiscounts: true,
  shippingMethod: true,
  shippingAddress: true,
  statusPageUrl: true,
  cancelledAt: true,
  processedAt: true,
  lineItems: {
    select: {
      id: true,
      shopifyId: true,
      productId: true,
      title: true,
      variantTitle: true,
      sku: true,
      productType: true,
      productTags: true,
      quantity: true,
      price: true,
      requiresShipping: true,
      imageUrl: true,
    },
    orderBy: { shopifyId: "asc" },
  },
  fulfillments: {
    select: {
      id: true,
      shopifyId: true,
      name: true,
      status: true,
      shipmentStatus: true,
      trackingCompany: true,
      trackingNumber: true,
      trackingUrl: true,
      trackingNumbers: true,
      trackingUrls: true,
      estimatedDeliveryAt: true,
      deliveredAt: true,
      inTransitAt: true,
      shopifyCreatedAt: true,
      lines: { select: { lineItemId: true, shopifyId: true, quantity: true } },
      events: {
        select: { status: true, message: true, city: true, province: true, country: true, estimatedDeliveryAt: true, happenedAt: true },
        // Newest first: the latest carrier scan is what a shopper looks for.
        orderBy: { happenedAt: "desc" },
      },
    },
    orderBy: { shopifyCreatedAt: "asc" },
  },
  refunds: {
    select: { shopifyId: true, amount: true, currencyCode: true, processedAt: true, returnId: true, lines: { select: { lineItemId: true, quantity: true } } },
    orderBy: { processedAt: "asc" },
  },
  returns: {
    select: {
      shopifyId: true,
      name: true,
      status: true,
      declineReason: true,
      reverseCarrier: true,
      reverseTrackingNumber: true,
      reverseTrackingUrl: true,
      reverseLabelUrl: true,
      requestedAt: true,
      approvedAt: true,
      closedAt: true,
      lines: { select: { lineItemId: true, quantity: true, reason: true } },
    },
    orderBy: { requestedAt: "asc" },
  },
} satisfies Prisma.OrderSelect;

export type MirroredOrder = Prisma.OrderGetPayload<{ select: typeof STOREFRONT_ORDER_SELECT }>;
type MirroredFulfillment = MirroredOrder["fulfillments"][number];

// ───────────────────────────── Input parsing ─────────────────────────────

/** "1001", "#1001", "SB1001" or "#SB-1001" → 1001; the shop's prefix does not matter, the digits do. */
export const OrderNumber = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z
    .string({ error: "Enter your order number, such as 1001." })
    .trim()
    .min(1, "Enter your order number, such as 1001.")
    .max(40, "That order number is too long. Enter it as shown in your confirmation email, such as #1001.")
    .regex(/\d+\s*$/, "Enter your order number as shown in your confirmation email, such as #1001.")
    .transform((s) => Number(/(\d+)\s*$/.exec(s)![1]))
    .refine((n) => Number.isSafeInteger(n) && n > 0 && n < 2 ** 31, "That order number is not valid. Check it and try again."),
);

/**
 * An order as a shopper or an extension names it: its number ("1001", "#1001") or its Shopify GID
 * ("gid://shopify/Order/5550001", what customer-account extensions hold).
 */
export const OrderRef = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.union([
    z
      .string()
      .trim()
      .regex(/^gid:\/\/shopify\/Order\/\d{1,19}$/)
      // Shopify ids are PostgreSQL bigints: a larger number is nobody's order (a 400, not a database error).
      .refine((s) => !/^gid:\/\/shopify\/Order\/\d{1,19}$/.test(s) || BigInt(s.split("/").pop()!) <= 9223372036854775807n, "That order id is not valid.")
      .transform((s): OrderRefInput => ({ shopifyOrderId: BigInt(s.split("/").pop()!) })),
    OrderNumber.transform((number): OrderRefInput => ({ number })),
  ], { error: "Enter your order number, such as 1001." }),
);

export const ShopperEmail = z
  .string({ error: "Enter the email address used for the order." })
  .trim()
  .min(1, "Enter the email address used for the order.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, such as name@example.com."))
  .transform((s) => s.toLowerCase());

export const GuestLookupInput = z.object({ number: OrderNumber, email: ShopperEmail });
export type GuestLookupInput = z.input<typeof GuestLookupInput>;

export interface OrderRefInput {
  shopifyOrderId?: bigint;
  number?: number;
}

// ───────────────────────────── Services ─────────────────────────────

export interface LookupOptions {
  /** Record a self-service ORDER_LOOKUP event (default true; the benchmark turns it off to time the read alone). */
  record?: boolean;
}

/** A guest's lookup by order number and email. Wrong number and wrong email are the same 404. */
export async function lookupGuestOrder(shopId: string, input: GuestLookupInput, options: LookupOptions = {}): Promise<StorefrontOrder> {
  const { number, email } = parseOrThrow(GuestLookupInput, input);
  const order = await findGuestOrder(shopId, number, email);
  if (!order) throw new AppError("not_found", STOREFRONT_TEXT.orderNotFound);
  if (options.record !== false) await recordOrderLookup(shopId, { orderId: order.id, customerId: order.customerId });
  return toStorefrontOrder(order);
}

/** The mirror's customer row of a Shopify customer id, or null when the app has not seen them. */
export async function findStorefrontCustomer(shopId: string, shopifyCustomerId: bigint) {
  return db.customer.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: shopifyCustomerId } },
    select: { id: true, email: true, firstName: true, lastName: true, redactedAt: true },
  });
}

/** A signed-in customer's most recent orders, newest first (limit 1–20, default 10). */
export async function listCustomerOrders(
  shopId: string,
  shopifyCustomerId: bigint,
  options: { limit?: number } & LookupOptions = {},
): Promise<StorefrontOrder[]> {
  const limit = Math.min(20, Math.max(1, Math.trunc(options.limit ?? 10)));
  const orders = await findCustomerOrders(shopId, shopifyCustomerId, { limit });
  // One event per look at the list, about the newest order (the one a shopper checks), not one per order shown.
  if (options.record !== false && orders[0]) await recordOrderLookup(shopId, { orderId: orders[0].id, customerId: orders[0].customerId });
  return orders.map(toStorefrontOrder);
}

/** The mirrored order of a signed-in customer; another customer's order or an unknown one → the same 404. */
export async function loadCustomerOrder(shopId: string, shopifyCustomerId: bigint, ref: OrderRefInput): Promise<MirroredOrder> {
  if (ref.shopifyOrderId === undefined && ref.number === undefined) {
    throw new AppError("bad_request", "Say which order: its number, such as 1001.");
  }
  const [order] = await findCustomerOrders(shopId, shopifyCustomerId, {
    limit: 1,
    ...(ref.number !== undefined ? { orderNumber: ref.number } : {}),
    ...(ref.shopifyOrderId !== undefined ? { shopifyOrderId: ref.shopifyOrderId } : {}),
  });
  if (!order) throw new AppError("not_found", STOREFRONT_TEXT.customerOrderNotFound);
  return order;
}

export async function getCustomerOrder(
  shopId: string,
  shopifyCustomerId: bigint,
  ref: OrderRefInput,
  options: LookupOptions = {},
): Promise<StorefrontOrder> {
  const order = await loadCustomerOrder(shopId, shopifyCustomerId, ref);
  if (options.record !== false) await recordOrderLookup(shopId, { orderId: order.id, customerId: order.customerId });
  return toStorefrontOrder(order);
}

/**
 * One ORDER_LOOKUP self-service event. Every storefront lookup writes one, so it is a prepared INSERT on the plain pg
 * pool (a third of Prisma's time for it); the time goes as UTC text, as the columns hold UTC without a zone.
 */
export async function recordOrderLookup(shopId: string, event: { orderId: string; customerId: string | null }): Promise<void> {
  await rawPool().query({
    name: "storefront-record-order-lookup",
    text: `INSERT INTO "SelfServiceEvent" (id, "shopId", kind, "orderId", "customerId", "createdAt")
           VALUES ($1::uuid, $2::uuid, 'ORDER_LOOKUP', $3::uuid, $4::uuid, $5::timestamp)`,
    values: [uuidv7(), shopId, event.orderId, event.customerId, new Date().toISOString().replace("Z", "")],
  });
}

// ───────────────────────────── Serializer ─────────────────────────────

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const money = (d: Prisma.Decimal | { toFixed(n: number): string }): string => d.toFixed(2);

const STAGE_RANK: Record<FulfillmentStage, number> = {
  shipped: 1,
  in_transit: 2,
  ready_for_pickup: 3,
  out_for_delivery: 3,
  delivered: 4,
  cancelled: -1,
};

const EXCEPTIONS: Partial<Record<ShipmentStatus, ExceptionKind>> = {
  DELAYED: "delayed",
  ATTEMPTED_DELIVERY: "attempted",
  FAILURE: "failed",
};

export function isActiveFulfillment(f: { status: string }): boolean {
  return f.status === "SUCCESS" || f.status === "OPEN" || f.status === "PENDING";
}

/** Where a shipment is on the timeline, from the carrier's latest status. */
export function fulfillmentStage(f: Pick<MirroredFulfillment, "status" | "shipmentStatus" | "deliveredAt" | "inTransitAt">): FulfillmentStage {
  if (!isActiveFulfillment(f)) return "cancelled";
  if (f.deliveredAt) return "delivered";
  switch (f.shipmentStatus) {
    case "DELIVERED":
    case "PICKED_UP":
      return "delivered";
    case "OUT_FOR_DELIVERY":
    case "ATTEMPTED_DELIVERY":
      return "out_for_delivery";
    case "READY_FOR_PICKUP":
      return "ready_for_pickup";
    case "IN_TRANSIT":
    case "CARRIER_PICKED_UP":
    case "DELAYED":
    case "FAILURE":
      return "in_transit";
    default:
      return f.inTransitAt ? "in_transit" : "shipped";
  }
}

function exceptionOf(f: MirroredFulfillment, stage: FulfillmentStage): StorefrontException | null {
  if (stage === "delivered" || stage === "cancelled" || !f.shipmentStatus) return null;
  const kind = EXCEPTIONS[f.shipmentStatus];
  if (!kind) return null;
  const event = f.events.find((e) => e.status === f.shipmentStatus); // newest first
  return { kind, at: (event?.happenedAt ?? f.shopifyCreatedAt).toISOString(), message: event?.message ?? null };
}

function firstEventAt(fulfillments: MirroredFulfillment[], statuses: ShipmentStatus[]): Date | null {
  let best: Date | null = null;
  for (const f of fulfillments) {
    for (const e of f.events) {
      if (statuses.includes(e.status) && (!best || e.happenedAt < best)) best = e.happenedAt;
    }
  }
  return best;
}

function minDate(dates: (Date | null | undefined)[]): Date | null {
  return dates.reduce<Date | null>((a, d) => (d && (!a || d < a) ? d : a), null);
}
function maxDate(dates: (Date | null | undefined)[]): Date | null {
  return dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);
}

function location(e: { city: string | null; province: string | null; country: string | null }): string | null {
  const parts = [e.city, e.province, e.country].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(", ") : null;
}

function shipToOf(address: Prisma.JsonValue | null): StorefrontOrder["shipTo"] {
  if (!address || typeof address !== "object" || Array.isArray(address)) return null;
  const a = address as Record<string, unknown>;
  const str = (...keys: string[]) => {
    for (const k of keys) if (typeof a[k] === "string" && a[k]) return a[k] as string;
    return null;
  };
  return {
    city: str("city"),
    province: str("provinceCode", "province_code", "province"),
    country: str("countryCodeV2", "countryCode", "country_code", "country"),
  };
}

/** Per line item: shipped (active fulfillments), refunded without a return, and in a live return. */
export function lineQuantities(order: Pick<MirroredOrder, "fulfillments" | "refunds" | "returns">) {
  const fulfilled = new Map<string, number>();
  const refunded = new Map<string, number>();
  const refundedWithoutReturn = new Map<string, number>();
  const returned = new Map<string, number>();
  const add = (m: Map<string, number>, k: string | null, q: number) => {
    if (k) m.set(k, (m.get(k) ?? 0) + q);
  };
  for (const f of order.fulfillments) if (isActiveFulfillment(f)) for (const l of f.lines) add(fulfilled, l.lineItemId, l.quantity);
  for (const r of order.refunds) {
    for (const l of r.lines) {
      add(refunded, l.lineItemId, l.quantity);
      if (!r.returnId) add(refundedWithoutReturn, l.lineItemId, l.quantity);
    }
  }
  for (const r of order.returns) {
    if (r.status === "DECLINED" || r.status === "CANCELED") continue;
    for (const l of r.lines) add(returned, l.lineItemId, l.quantity);
  }
  const get = (m: Map<string, number>, k: string) => m.get(k) ?? 0;
  return {
    fulfilled: (id: string) => get(fulfilled, id),
    refunded: (id: string) => get(refunded, id),
    refundedWithoutReturn: (id: string) => get(refundedWithoutReturn, id),
    returned: (id: string) => get(returned, id),
  };
}

/** The documented order shape. Takes only STOREFRONT_ORDER_SELECT fields, so nothing private can slip in. */
export function toStorefrontOrder(order: MirroredOrder): StorefrontOrder {
  const lines = new Map(order.lineItems.map((l) => [l.id, l]));
  const ref = (lineItemId: string | null, quantity: number): StorefrontLineRef => {
    const line = lineItemId ? lines.get(lineItemId) : undefined;
    return { lineItemId: line ? gidFor("LineItem", line.shopifyId) : null, title: line?.title ?? "Item", quantity };
  };
  const qty = lineQuantities(order);

  const fulfillments: StorefrontFulfillment[] = order.fulfillments.map((f) => {
    const stage = fulfillmentStage(f);
    const latestEstimate = f.events.find((e) => e.estimatedDeliveryAt)?.estimatedDeliveryAt ?? null; // newest first
    return {
      id: gidFor("Fulfillment", f.shopifyId),
      name: f.name,
      status: stage,
      carrier: f.trackingCompany,
      trackingNumber: f.trackingNumber ?? f.trackingNumbers[0] ?? null,
      trackingUrl: webUrl(f.trackingUrl ?? f.trackingUrls[0] ?? null),
      trackingNumbers: f.trackingNumbers.length ? f.trackingNumbers : f.trackingNumber ? [f.trackingNumber] : [],
      trackingUrls: (f.trackingUrls.length ? f.trackingUrls : f.trackingUrl ? [f.trackingUrl] : []).map(webUrl).filter((u): u is string => u !== null),
      shippedAt: f.shopifyCreatedAt.toISOString(),
      inTransitAt: iso(f.inTransitAt ?? firstEventAt([f], ["IN_TRANSIT", "CARRIER_PICKED_UP"])),
      estimatedDeliveryAt: stage === "delivered" ? null : iso(f.estimatedDeliveryAt ?? latestEstimate),
      deliveredAt: iso(f.deliveredAt ?? (stage === "delivered" ? firstEventAt([f], ["DELIVERED", "PICKED_UP"]) : null)),
      lineItems: f.lines.map((l) => ref(l.lineItemId, l.quantity)),
      events: f.events.map((e) => ({ status: e.status.toLowerCase(), message: e.message, location: location(e), happenedAt: e.happenedAt.toISOString() })),
    };
  });

  const active = order.fulfillments.filter(isActiveFulfillment);
  const activeOut = fulfillments.filter((f) => f.status !== "cancelled");
  const shippable = order.lineItems.filter((l) => l.requiresShipping);
  const unshipped = shippable.some((l) => qty.fulfilled(l.id) < l.quantity - qty.refundedWithoutReturn(l.id));

  let stage: OrderStage;
  let least: FulfillmentStage | null = null;
  for (const f of activeOut) if (!least || STAGE_RANK[f.status] < STAGE_RANK[least]) least = f.status;
  if (order.cancelledAt) stage = "cancelled";
  else if (!least) stage = "ordered";
  else if (unshipped) stage = "partially_shipped";
  else stage = least === "ready_for_pickup" ? "out_for_delivery" : (least as TimelineStep);

  const exceptions = active
    .map((f) => exceptionOf(f, fulfillmentStage(f)))
    .filter((e): e is StorefrontException => e !== null)
    .sort((a, b) => b.at.localeCompare(a.at));
  const exception = order.cancelledAt ? null : exceptions[0] ?? null;

  const allDelivered = activeOut.length > 0 && !unshipped && activeOut.every((f) => f.status === "delivered");
  const deliveredAt = allDelivered ? maxDate(activeOut.map((f) => (f.deliveredAt ? new Date(f.deliveredAt) : null))) : null;
  const estimatedDeliveryAt = allDelivered
    ? null
    : maxDate(activeOut.filter((f) => f.status !== "delivered").map((f) => (f.estimatedDeliveryAt ? new Date(f.estimatedDeliveryAt) : null)));

  const current: TimelineStep =
    stage === "cancelled" ? "ordered" : stage === "partially_shipped" ? "shipped" : stage;
  const reachedAt: Record<TimelineStep, Date | null> = {
    ordered: order.processedAt,
    shipped: minDate(active.map((f) => f.shopifyCreatedAt)),
    in_transit: minDate([...active.map((f) => f.inTransitAt), firstEventAt(active, ["IN_TRANSIT", "CARRIER_PICKED_UP"])]),
    out_for_delivery: firstEventAt(active, ["OUT_FOR_DELIVERY", "READY_FOR_PICKUP"]),
    delivered: deliveredAt,
  };
  const currentIndex = TIMELINE_STEPS.indexOf(current);
  const timeline: StorefrontTimeline = {
    current,
    steps: TIMELINE_STEPS.map((key, i) => {
      const state = i < currentIndex || (key === "delivered" && current === "delivered") ? "complete" : i === currentIndex ? "current" : "upcoming";
      return { key, state, at: state === "upcoming" ? null : iso(reachedAt[key]) };
    }),
    exception,
  };

  return {
    id: gidFor("Order", order.shopifyId),
    name: order.name,
    number: order.orderNumber,
    processedAt: order.processedAt.toISOString(),
    status: stage,
    exception,
    cancelled: order.cancelledAt !== null,
    cancelledAt: iso(order.cancelledAt),
    financialStatus: order.financialStatus.toLowerCase(),
    fulfillmentStatus: order.fulfillmentStatus.toLowerCase(),
    currencyCode: order.currencyCode,
    totals: {
      subtotal: money(order.subtotalPrice),
      shipping: money(order.totalShipping),
      tax: money(order.totalTax),
      discounts: money(order.totalDiscounts),
      total: money(order.totalPrice),
      refunded: money(order.totalRefunded),
    },
    shippingMethod: order.shippingMethod,
    shipTo: shipToOf(order.shippingAddress),
    statusPageUrl: webUrl(order.statusPageUrl),
    estimatedDeliveryAt: iso(estimatedDeliveryAt),
    deliveredAt: iso(deliveredAt),
    timeline,
    lineItems: order.lineItems.map((l) => ({
      id: gidFor("LineItem", l.shopifyId),
      title: l.title,
      variantTitle: l.variantTitle,
      sku: l.sku,
      quantity: l.quantity,
      price: money(l.price),
      imageUrl: l.imageUrl,
      fulfilledQuantity: qty.fulfilled(l.id),
      refundedQuantity: qty.refunded(l.id),
      returnedQuantity: qty.returned(l.id),
    })),
    fulfillments,
    refunds: order.refunds.map((r) => ({
      id: gidFor("Refund", r.shopifyId),
      amount: money(r.amount),
      currencyCode: r.currencyCode,
      processedAt: r.processedAt.toISOString(),
      lineItems: r.lines.map((l) => ref(l.lineItemId, l.quantity)),
    })),
    returns: order.returns.map((r) => ({
      id: gidFor("Return", r.shopifyId),
      name: r.name,
      status: r.status.toLowerCase() as StorefrontReturn["status"],
      requestedAt: r.requestedAt.toISOString(),
      approvedAt: iso(r.approvedAt),
      closedAt: iso(r.closedAt),
      declineReason: r.declineReason,
      lineItems: r.lines.map((l) => ({ ...ref(l.lineItemId, l.quantity), reason: l.reason })),
      tracking:
        r.reverseTrackingNumber || r.reverseTrackingUrl
          ? { carrier: r.reverseCarrier, number: r.reverseTrackingNumber, url: webUrl(r.reverseTrackingUrl) }
          : null,
      labelUrl: webUrl(r.reverseLabelUrl),
    })),
  };
}

// ───────────────────────────── Helpers ─────────────────────────────

/** Parses input with a zod schema; a failure is a 400 naming each problem in plain words. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "request";
    fieldErrors[key] ??= issue.message;
  }
  throw new AppError("bad_request", Object.values(fieldErrors).join(" "), { fieldErrors });
}

/**
 * Links shown to shoppers must be web links: tracking and label URLs are set by merchants and apps, and a
 * `javascript:` or `data:` URL would run in the storefront when clicked.
 */
export function webUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}
