// The parts of the app's answers (docs/storefront-api.md, "The order shape") that the customer account
// extensions show. Kept as plain types: the extensions share no code with the server.

export type StepKey = "ordered" | "shipped" | "in_transit" | "out_for_delivery" | "delivered";
export type OrderStatus = StepKey | "partially_shipped" | "cancelled";
export type FulfillmentStatus = StepKey | "ready_for_pickup" | "cancelled";

export interface ShipmentException {
  kind: "delayed" | "attempted" | "failed";
  at: string;
  message: string | null;
}

export interface TimelineStep {
  key: StepKey;
  state: "complete" | "current" | "upcoming";
  at: string | null;
}

export interface FulfillmentEvent {
  status: string;
  message: string | null;
  location: string | null;
  happenedAt: string;
}

export interface Fulfillment {
  id: string;
  name: string | null;
  status: FulfillmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  shippedAt: string | null;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  lineItems: { lineItemId: string; title: string; quantity: number }[];
  events: FulfillmentEvent[];
}

export type ReturnStatus = "requested" | "open" | "declined" | "canceled" | "closed";

export interface OrderReturn {
  id: string;
  name: string | null;
  status: ReturnStatus;
  requestedAt: string;
  approvedAt: string | null;
  closedAt: string | null;
  declineReason: string | null;
  lineItems: { lineItemId: string; title: string; quantity: number; reason: string }[];
  tracking: { carrier: string | null; number: string | null; url: string | null } | null;
  labelUrl: string | null;
}

export interface Refund {
  id: string;
  amount: string;
  currencyCode: string;
  processedAt: string;
}

export interface StorefrontOrder {
  id: string;
  name: string;
  number: number;
  processedAt: string;
  status: OrderStatus;
  exception: ShipmentException | null;
  cancelled: boolean;
  currencyCode: string;
  /** Shopify's order status page (absent from older app versions). */
  statusPageUrl?: string | null;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  timeline: { current: string; steps: TimelineStep[]; exception: ShipmentException | null };
  fulfillments: Fulfillment[];
  refunds: Refund[];
  returns: OrderReturn[];
}

export interface EligibleLine {
  lineItemId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  price: string;
  quantity: number;
  returnableQuantity: number;
  eligible: boolean;
  ineligibleReason: string | null;
  windowEndsAt: string | null;
}

export interface ReturnEligibility {
  eligible: boolean;
  reason: string | null;
  policy: {
    windowDays: number;
    windowStartsAt: "DELIVERY" | "FULFILLMENT";
    restockingFeePercent: string;
    returnShippingFee: string;
    instructions: string | null;
  };
  reasons: { code: string; label: string }[];
  lineItems: EligibleLine[];
}

/** GET /api/customer-account/orders/:orderId */
export interface OrderAnswer {
  order: StorefrontOrder;
  eligibility: ReturnEligibility;
}

/** POST /api/customer-account/returns (201) */
export interface ReturnAnswer {
  return: {
    id: string;
    name: string | null;
    status: ReturnStatus;
    approved: boolean;
    lineItems: { lineItemId: string; title: string; quantity: number; reason: string }[];
    fees: { restockingFee: string; returnShippingFee: string; currencyCode: string };
  };
  case: { number: number } | null;
}

/** POST /api/customer-account/orders/:orderId/receipt (200): sent to the order's own email, masked. */
export interface ReceiptAnswer {
  receipt: { message: string; sentTo: string; order: { id: string; name: string } };
}

/** POST /api/customer-account/cases (201) */
export interface CaseAnswer {
  case: { number: number; appended: boolean };
  /** The shopper's signed link to read and answer the conversation (absent from older app versions). */
  conversationUrl?: string;
}

/** GET /api/customer-account/conversations */
export interface ConversationsAnswer {
  conversations: { number: number; subject: string; status: "open" | "waiting" | "resolved"; lastActivityAt: string; conversationUrl: string }[];
}

/** An http(s) URL, or null: only such links are shown to the shopper. */
export function safeHttpUrl(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export const HELP_TOPICS = ["where_is_my_order", "return", "refund", "cancel", "damaged_or_wrong", "billing", "product_question", "other"] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];
