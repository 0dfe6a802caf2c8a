import type {
  FinancialStatus,
  FulfillmentState,
  FulfillmentStatus,
  ReturnStatus,
  ShipmentStatus,
} from "../generated/prisma/client";
import type { TransactionInput } from "./transactions";

/**
 * The one shape the order mirror is written from. Two mappers produce it: the REST webhook payloads
 * (webhook-payloads.ts) and the Admin GraphQL OrderForMirror answer (graphql-order.ts); mirror.server.ts
 * writes it. A field left `undefined` means "this source does not say" (keep what is stored); `null` means
 * "Shopify says there is none".
 */

/** A decimal amount as Shopify sends it ("12.50"), in the shop's currency. */
export type Money = string;

/** Addresses are kept in Shopify's REST shape (snake_case), whichever source they came from. */
export type AddressJson = Record<string, string | number | boolean | null>;

export interface CustomerInput {
  shopifyId: bigint;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  tags?: string[];
  ordersCount?: number;
  totalSpent?: Money;
  currencyCode?: string | null;
  /** Shopify's updated_at of this version; null when the source does not say. */
  updatedAt: Date | null;
}

export interface LineItemInput {
  shopifyId: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  /** REST payloads do not carry product type, tags or images: undefined keeps what the Admin API gave. */
  productType?: string | null;
  productTags?: string[];
  imageUrl?: string | null;
  quantity: number;
  price: Money;
  totalDiscount: Money;
  requiresShipping: boolean;
}

export interface FulfillmentLineInput {
  lineItemShopifyId: bigint;
  quantity: number;
  /** Shopify's FulfillmentLineItem id (GraphQL only). */
  shopifyId: bigint | null;
}

export interface FulfillmentEventInput {
  shopifyId: bigint;
  fulfillmentShopifyId: bigint;
  orderShopifyId: bigint;
  status: ShipmentStatus;
  message: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  estimatedDeliveryAt: Date | null;
  happenedAt: Date;
}

export interface FulfillmentInput {
  shopifyId: bigint;
  orderShopifyId: bigint;
  name: string | null;
  status: FulfillmentState;
  /** undefined: the source does not say (keep); null: no carrier status yet. */
  shipmentStatus?: ShipmentStatus | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  estimatedDeliveryAt?: Date | null;
  deliveredAt?: Date | null;
  inTransitAt?: Date | null;
  createdAt: Date;
  /** The version: Shopify's updated_at (or the delivery's triggered-at). */
  updatedAt: Date;
  /** Empty when the source lists no lines (then stored lines are kept). */
  lines: FulfillmentLineInput[];
  events: FulfillmentEventInput[];
}

export interface RefundLineInput {
  shopifyId: bigint | null;
  lineItemShopifyId: bigint | null;
  quantity: number;
  restockType: string | null;
  subtotal: Money;
  totalTax: Money;
}

export interface RefundInput {
  shopifyId: bigint;
  orderShopifyId: bigint;
  amount: Money;
  shippingAmount: Money;
  /** null: take the order's currency. */
  currencyCode: string | null;
  note: string | null;
  restocked: boolean;
  returnShopifyId: bigint | null;
  processedAt: Date;
  createdAt: Date;
  lines: RefundLineInput[];
}

export type ReturnEvent = "requested" | "approved" | "declined" | "cancelled" | "closed" | "reopened" | "processed";

export interface ReturnLineInput {
  shopifyId: bigint | null;
  lineItemShopifyId: bigint | null;
  quantity: number;
  reason: string;
  customerNote: string | null;
}

export interface ReturnInput {
  shopifyId: bigint;
  orderShopifyId: bigint | null;
  name?: string | null;
  /** undefined: the source does not say (returns/process). */
  status?: ReturnStatus;
  /** What the delivery reports happened (webhooks); GraphQL answers derive it from the status. */
  event: ReturnEvent | null;
  declineReason?: string | null;
  declineNote?: string | null;
  reverseCarrier?: string | null;
  reverseTrackingNumber?: string | null;
  reverseTrackingUrl?: string | null;
  reverseLabelUrl?: string | null;
  requestedAt?: Date | null;
  approvedAt?: Date | null;
  closedAt?: Date | null;
  /** The version: updated_at, the delivery's triggered-at, or the time an Admin API answer was read. */
  version: Date | null;
  /** undefined when the source lists no lines or only some of them (then stored lines are kept). */
  lines?: ReturnLineInput[];
}

export interface OrderInput {
  shopifyId: bigint;
  name: string;
  orderNumber: number;
  email: string | null;
  phone: string | null;
  financialStatus: FinancialStatus | null;
  fulfillmentStatus: FulfillmentStatus;
  currencyCode: string;
  subtotalPrice: Money;
  totalShipping: Money;
  totalTax: Money;
  totalPrice: Money;
  totalDiscounts: Money;
  /** Shopify's own total (GraphQL); REST payloads leave it to the mirrored refunds. */
  totalRefunded?: Money;
  discountCodes: string[];
  shippingMethod: string | null;
  paymentGateways: string[];
  shippingAddress: AddressJson | null;
  billingAddress: AddressJson | null;
  tags: string[];
  note: string | null;
  statusPageUrl: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  /** Order.disputes (GraphQL) counted; REST webhook payloads do not carry it (undefined keeps what is stored). */
  disputeCount?: number;
  closedAt: Date | null;
  processedAt: Date;
  createdAt: Date;
  /** The version: Shopify's updated_at (or the delivery's triggered-at). */
  updatedAt: Date;
  customer: CustomerInput | null;
  lineItems: LineItemInput[];
  fulfillments: FulfillmentInput[];
  refunds: RefundInput[];
  returns: ReturnInput[];
  /** Payment transactions (GraphQL); REST order payloads carry none (undefined: keep what is stored). */
  transactions?: TransactionInput[];
  /** Payment terms ("Net 30") and the next due date; undefined when the source does not say, null when there are none. */
  paymentTermsName?: string | null;
  paymentDueAt?: Date | null;
}

// ───────────────────────────── Helpers shared by both mappers ─────────────────────────────

const GID = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/;

/** The largest id PostgreSQL's bigint (and so the mirror) holds; Shopify's ids are far below it. */
export const MAX_SHOPIFY_ID = 9_223_372_036_854_775_807n;

/** The numeric id inside a GID ("gid://shopify/Order/123" → 123n), or null (also when it exceeds a bigint). */
export function idFromGid(gid: string | null | undefined): bigint | null {
  if (!gid) return null;
  const match = GID.exec(gid);
  if (!match || match[1].length > 19) return null;
  const id = BigInt(match[1]);
  return id <= MAX_SHOPIFY_ID ? id : null;
}

export function gidFor(type: string, id: bigint | string | number): string {
  return `gid://shopify/${type}/${id}`;
}

const SHIPMENT_STATUSES = new Set<string>([
  "LABEL_PRINTED",
  "LABEL_PURCHASED",
  "CONFIRMED",
  "READY_FOR_PICKUP",
  "PICKED_UP",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "ATTEMPTED_DELIVERY",
  "DELAYED",
  "DELIVERED",
  "FAILURE",
  "CARRIER_PICKED_UP",
]);

/** "in_transit" / "IN_TRANSIT" → IN_TRANSIT; anything Shopify adds later → null rather than a failure. */
export function shipmentStatusOf(value: string | null | undefined): ShipmentStatus | null {
  if (!value) return null;
  const upper = value.trim().toUpperCase();
  return SHIPMENT_STATUSES.has(upper) ? (upper as ShipmentStatus) : null;
}

const FULFILLMENT_STATES = new Set<string>(["PENDING", "OPEN", "SUCCESS", "CANCELLED", "ERROR", "FAILURE"]);

export function fulfillmentStateOf(value: string | null | undefined): FulfillmentState {
  const upper = (value ?? "").trim().toUpperCase();
  return FULFILLMENT_STATES.has(upper) ? (upper as FulfillmentState) : "SUCCESS";
}

const FINANCIAL_STATUSES = new Set<string>([
  "PENDING",
  "AUTHORIZED",
  "PARTIALLY_PAID",
  "PAID",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "VOIDED",
  "EXPIRED",
]);

export function financialStatusOf(value: string | null | undefined): FinancialStatus | null {
  const upper = (value ?? "").trim().toUpperCase();
  return FINANCIAL_STATUSES.has(upper) ? (upper as FinancialStatus) : null;
}

/** REST: null / "partial" / "fulfilled" / "restocked"; GraphQL: OrderDisplayFulfillmentStatus. */
export function fulfillmentStatusOf(value: string | null | undefined): FulfillmentStatus {
  switch ((value ?? "").trim().toUpperCase()) {
    case "FULFILLED":
      return "FULFILLED";
    case "PARTIAL":
    case "PARTIALLY_FULFILLED":
      return "PARTIALLY_FULFILLED";
    case "RESTOCKED":
      return "RESTOCKED";
    case "ON_HOLD":
      return "ON_HOLD";
    case "SCHEDULED":
      return "SCHEDULED";
    case "IN_PROGRESS":
      return "IN_PROGRESS";
    default:
      return "UNFULFILLED";
  }
}

const RETURN_STATUSES = new Set<string>(["REQUESTED", "OPEN", "DECLINED", "CANCELED", "CLOSED"]);

export function returnStatusOf(value: string | null | undefined): ReturnStatus | undefined {
  let upper = (value ?? "").trim().toUpperCase();
  if (upper === "CANCELLED") upper = "CANCELED";
  return RETURN_STATUSES.has(upper) ? (upper as ReturnStatus) : undefined;
}

/** "size_too_small", "size-too-small", "SIZE_TOO_SMALL" → SIZE_TOO_SMALL. */
export function returnReasonOf(value: string | null | undefined): string {
  const reason = (value ?? "")
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  return reason || "UNKNOWN";
}

/** Shopify's tags string ("vip, gift") → ["vip", "gift"]. */
export function splitTags(value: string | string[] | null | undefined): string[] {
  if (Array.isArray(value)) return value.map((t) => t.trim()).filter(Boolean);
  return (value ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}
