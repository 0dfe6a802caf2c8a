import { UnprocessableDeliveryError } from "../webhooks/types";
import { z } from "zod";
import {
  financialStatusOf,
  fulfillmentStateOf,
  fulfillmentStatusOf,
  idFromGid,
  MAX_SHOPIFY_ID,
  returnReasonOf,
  returnStatusOf,
  shipmentStatusOf,
  splitTags,
  type AddressJson,
  type CustomerInput,
  type FulfillmentEventInput,
  type FulfillmentInput,
  type LineItemInput,
  type Money,
  type OrderInput,
  type RefundInput,
  type ReturnEvent,
  type ReturnInput,
} from "./mirror-input";

// The parts of Shopify's webhook payloads (API 2026-07) that the mirror uses, parsed with zod: payloads are
// untrusted, so an optional field that is missing or malformed becomes null/undefined, while a payload
// without what the mirror cannot do without (an id, the order it belongs to, a name) is refused with
// InvalidPayloadError naming what is missing. Order, fulfillment, refund and customer topics carry REST
// shapes; the returns/* topics carry GraphQL-style payloads (admin_graphql_api_id, lowercase status, nested
// order) and often only a few fields.

/** A payload the mirror cannot apply. The message names each missing or malformed part. */
export class InvalidPayloadError extends UnprocessableDeliveryError {
  constructor(readonly topic: string, readonly issues: string[]) {
    super(`${topic} payload cannot be applied: ${issues.join("; ")}`);
    this.name = "InvalidPayloadError";
  }
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, topic: string): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join(".") : "payload"}: ${issue.message}`,
  );
  throw new InvalidPayloadError(topic, issues);
}

// ───────────────────────────── Building blocks ─────────────────────────────

/** Ids arrive as JSON numbers; digits in a string are accepted too. Beyond a bigint it is not an id. */
const NumericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,19}$/)])
  // zod runs refinements on values that failed the union too: anything but digits is no id here either.
  .refine((v) => /^\d{1,19}$/.test(typeof v === "number" ? v.toFixed(0) : String(v)) && BigInt(v) <= MAX_SHOPIFY_ID, "id out of range");
const optionalId = NumericId.nullish().catch(null);
const optionalString = z.string().nullish().catch(null);
const optionalBoolean = z.boolean().nullish().catch(null);
const optionalInt = z.number().int().nullish().catch(null);

const DECIMAL = /^-?\d+(\.\d+)?$/;
const optionalMoney = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(DECIMAL))
  .nullish()
  .catch(null);
const MoneySet = z.object({
  shop_money: z.object({ amount: optionalMoney, currency_code: optionalString }).nullish().catch(null),
});
const optionalMoneySet = MoneySet.nullish().catch(null);

const optionalDate = z
  .string()
  .transform((value, ctx) => {
    const date = new Date(value);
    // Outside years 1–9999 JavaScript still has a date, but the database does not.
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
      ctx.addIssue({ code: "custom", message: "not a date" });
      return z.NEVER;
    }
    return date;
  })
  .nullish()
  .catch(null);

/** A Shopify object reference: the GID wins (exact for any size), else the numeric id. */
const Ref = z.object({ id: optionalId, admin_graphql_api_id: optionalString });
type RefShape = z.infer<typeof Ref>;

function refId(ref: RefShape | null | undefined): bigint | null {
  if (!ref) return null;
  return idFromGid(ref.admin_graphql_api_id) ?? (ref.id != null ? BigInt(ref.id) : null);
}

const requireId = (label: string) => (value: RefShape, ctx: z.RefinementCtx) => {
  if (refId(value) === null) ctx.addIssue({ code: "custom", message: `${label} has no id`, path: ["id"] });
};

const Address = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]).catch(null))
  .nullish()
  .catch(null);

const money = (value: string | null | undefined, fallback: Money = "0"): Money => value ?? fallback;

/** Shopify sends tags as "a, b" on most payloads and as ["a", "b"] on some. */
const TagList = z.union([z.string(), z.array(z.string())]).nullish().catch(null);

// ───────────────────────────── Customers ─────────────────────────────

export const CustomerPayload = Ref.extend({
  email: optionalString,
  first_name: optionalString,
  last_name: optionalString,
  phone: optionalString,
  tags: TagList,
  orders_count: optionalInt,
  total_spent: optionalMoney,
  currency: optionalString,
  updated_at: optionalDate,
}).superRefine(requireId("customer"));

export function customerInputFromPayload(c: z.output<typeof CustomerPayload>): CustomerInput {
  return {
    shopifyId: refId(c)!,
    email: c.email?.trim() || null,
    firstName: c.first_name ?? null,
    lastName: c.last_name ?? null,
    phone: c.phone ?? null,
    ...(c.tags != null ? { tags: splitTags(c.tags) } : {}),
    ...(c.orders_count != null ? { ordersCount: c.orders_count } : {}),
    ...(c.total_spent != null ? { totalSpent: c.total_spent } : {}),
    ...(c.currency ? { currencyCode: c.currency } : {}),
    updatedAt: c.updated_at ?? null,
  };
}

// ───────────────────────────── Fulfillments and their events ─────────────────────────────

const FulfillmentLine = Ref.extend({ quantity: optionalInt });

export const FulfillmentPayload = Ref.extend({
  order_id: optionalId,
  name: optionalString,
  status: optionalString,
  shipment_status: optionalString,
  tracking_company: optionalString,
  tracking_number: optionalString,
  tracking_numbers: z.array(z.string()).nullish().catch(null),
  tracking_url: optionalString,
  tracking_urls: z.array(z.string()).nullish().catch(null),
  created_at: optionalDate,
  updated_at: optionalDate,
  line_items: z.array(FulfillmentLine).nullish().catch(null),
}).superRefine(requireId("fulfillment"));

type FulfillmentShape = z.output<typeof FulfillmentPayload>;

function fulfillmentInput(f: FulfillmentShape, orderShopifyId: bigint, fallbackVersion: Date): FulfillmentInput {
  const numbers = unique([...(f.tracking_numbers ?? []), ...(f.tracking_number ? [f.tracking_number] : [])]);
  const urls = unique([...(f.tracking_urls ?? []), ...(f.tracking_url ? [f.tracking_url] : [])]);
  const updatedAt = f.updated_at ?? fallbackVersion;
  const shipment = f.shipment_status === undefined ? undefined : shipmentStatusOf(f.shipment_status);
  return {
    shopifyId: refId(f)!,
    orderShopifyId,
    name: f.name ?? null,
    status: fulfillmentStateOf(f.status),
    ...(shipment !== undefined ? { shipmentStatus: shipment } : {}),
    trackingCompany: f.tracking_company ?? null,
    trackingNumbers: numbers,
    trackingUrls: urls,
    createdAt: f.created_at ?? updatedAt,
    updatedAt,
    lines: (f.line_items ?? []).flatMap((line) => {
      const id = refId(line);
      return id !== null && line.quantity != null
        ? [{ lineItemShopifyId: id, quantity: line.quantity, shopifyId: null }]
        : [];
    }),
    events: [],
  };
}

/** fulfillments/create, fulfillments/update. */
export function fulfillmentInputFromPayload(
  payload: unknown,
  topic: string,
  triggeredAt: Date | null,
): FulfillmentInput {
  const f = parsePayload(
    FulfillmentPayload.superRefine((v, ctx) => {
      if (v.order_id == null)
        ctx.addIssue({ code: "custom", message: "fulfillment names no order", path: ["order_id"] });
      if (!v.updated_at && !triggeredAt)
        ctx.addIssue({
          code: "custom",
          message: "no updated_at and no X-Shopify-Triggered-At to order it by",
          path: ["updated_at"],
        });
    }),
    payload,
    topic,
  );
  return fulfillmentInput(f, BigInt(f.order_id!), (f.updated_at ?? triggeredAt)!);
}

export const FulfillmentEventPayload = Ref.extend({
  fulfillment_id: optionalId,
  order_id: optionalId,
  status: optionalString,
  message: optionalString,
  city: optionalString,
  province: optionalString,
  country: optionalString,
  estimated_delivery_at: optionalDate,
  happened_at: optionalDate,
  created_at: optionalDate,
}).superRefine((v, ctx) => {
  requireId("fulfillment event")(v, ctx);
  if (v.fulfillment_id == null)
    ctx.addIssue({ code: "custom", message: "event names no fulfillment", path: ["fulfillment_id"] });
  if (v.order_id == null) ctx.addIssue({ code: "custom", message: "event names no order", path: ["order_id"] });
});

/** fulfillment_events/create. Null when the status is one this app does not know (nothing to mirror). */
export function fulfillmentEventInputFromPayload(
  payload: unknown,
  topic: string,
  triggeredAt: Date | null,
): FulfillmentEventInput | null {
  const e = parsePayload(FulfillmentEventPayload, payload, topic);
  const status = shipmentStatusOf(e.status);
  if (!status) return null;
  const happenedAt = e.happened_at ?? e.created_at ?? triggeredAt;
  if (!happenedAt)
    throw new InvalidPayloadError(topic, ["happened_at: missing, and no created_at or X-Shopify-Triggered-At"]);
  return {
    shopifyId: refId(e)!,
    fulfillmentShopifyId: BigInt(e.fulfillment_id!),
    orderShopifyId: BigInt(e.order_id!),
    status,
    message: e.message ?? null,
    city: e.city ?? null,
    province: e.province ?? null,
    country: e.country ?? null,
    estimatedDeliveryAt: e.estimated_delivery_at ?? null,
    happenedAt,
  };
}

// ───────────────────────────── Refunds ─────────────────────────────

const RefundLine = z.object({
  id: optionalId,
  quantity: optionalInt,
  line_item_id: optionalId,
  line_item: Ref.nullish().catch(null),
  restock_type: optionalString,
  subtotal: optionalMoney,
  total_tax: optionalMoney,
  subtotal_set: optionalMoneySet,
  total_tax_set: optionalMoneySet,
});

const RefundTransaction = z.object({
  kind: optionalString,
  status: optionalString,
  amount: optionalMoney,
  currency: optionalString,
});

export const RefundPayload = Ref.extend({
  order_id: optionalId,
  note: optionalString,
  restock: optionalBoolean,
  created_at: optionalDate,
  processed_at: optionalDate,
  return: Ref.nullish().catch(null),
  refund_line_items: z
    .array(RefundLine.catch({} as z.output<typeof RefundLine>))
    .nullish()
    .catch(null),
  transactions: z
    .array(RefundTransaction.catch({} as z.output<typeof RefundTransaction>))
    .nullish()
    .catch(null),
  refund_shipping_lines: z
    .array(z.object({ subtotal_amount_set: optionalMoneySet }))
    .nullish()
    .catch(null),
}).superRefine(requireId("refund"));

type RefundShape = z.output<typeof RefundPayload>;

function refundInput(r: RefundShape, orderShopifyId: bigint, fallbackTime: Date): RefundInput {
  const lines = (r.refund_line_items ?? []).flatMap((l) => {
    if (l.quantity == null) return [];
    return [
      {
        shopifyId: l.id != null ? BigInt(l.id) : null,
        lineItemShopifyId: refId(l.line_item) ?? (l.line_item_id != null ? BigInt(l.line_item_id) : null),
        quantity: l.quantity,
        restockType: l.restock_type ?? null,
        subtotal: money(l.subtotal_set?.shop_money?.amount ?? l.subtotal),
        totalTax: money(l.total_tax_set?.shop_money?.amount ?? l.total_tax),
      },
    ];
  });
  const shipping = sum((r.refund_shipping_lines ?? []).map((s) => s.subtotal_amount_set?.shop_money?.amount ?? "0"));
  const refunds = (r.transactions ?? []).filter(
    (t) => t.kind === "refund" && t.status === "success" && t.amount != null,
  );
  // The money that moved; a refund without transactions (restock only, store credit) falls back to its lines.
  const amount =
    refunds.length > 0
      ? sum(refunds.map((t) => t.amount!))
      : sum([...lines.flatMap((l) => [l.subtotal, l.totalTax]), shipping]);
  const currency =
    refunds.find((t) => t.currency)?.currency ??
    (r.refund_line_items ?? []).find((l) => l.subtotal_set?.shop_money?.currency_code)?.subtotal_set?.shop_money
      ?.currency_code ??
    null;
  const processedAt = r.processed_at ?? r.created_at ?? fallbackTime;
  return {
    shopifyId: refId(r)!,
    orderShopifyId,
    amount,
    shippingAmount: shipping,
    currencyCode: currency,
    note: r.note ?? null,
    restocked: r.restock ?? lines.some((l) => l.restockType != null && l.restockType !== "no_restock"),
    returnShopifyId: refId(r.return),
    processedAt,
    createdAt: r.created_at ?? processedAt,
    lines,
  };
}

/** refunds/create. */
export function refundInputFromPayload(payload: unknown, topic: string, triggeredAt: Date | null): RefundInput {
  const r = parsePayload(
    RefundPayload.superRefine((v, ctx) => {
      if (v.order_id == null) ctx.addIssue({ code: "custom", message: "refund names no order", path: ["order_id"] });
      if (!v.processed_at && !v.created_at && !triggeredAt)
        ctx.addIssue({
          code: "custom",
          message: "no processed_at, created_at or X-Shopify-Triggered-At",
          path: ["processed_at"],
        });
    }),
    payload,
    topic,
  );
  return refundInput(r, BigInt(r.order_id!), (r.processed_at ?? r.created_at ?? triggeredAt)!);
}

// ───────────────────────────── Orders ─────────────────────────────

const LineItemPayload = Ref.extend({
  product_id: optionalId,
  variant_id: optionalId,
  title: optionalString,
  name: optionalString,
  variant_title: optionalString,
  sku: optionalString,
  vendor: optionalString,
  quantity: z.number().int().nonnegative(),
  price: optionalMoney,
  price_set: optionalMoneySet,
  total_discount: optionalMoney,
  total_discount_set: optionalMoneySet,
  requires_shipping: optionalBoolean,
}).superRefine(requireId("line item"));

export const OrderPayload = Ref.extend({
  name: z.string().min(1),
  order_number: optionalInt,
  number: optionalInt,
  email: optionalString,
  contact_email: optionalString,
  phone: optionalString,
  financial_status: optionalString,
  fulfillment_status: optionalString,
  currency: optionalString,
  subtotal_price: optionalMoney,
  total_price: optionalMoney,
  total_tax: optionalMoney,
  total_discounts: optionalMoney,
  total_shipping_price_set: optionalMoneySet,
  discount_codes: z
    .array(z.object({ code: optionalString }))
    .nullish()
    .catch(null),
  shipping_lines: z
    .array(z.object({ title: optionalString }))
    .nullish()
    .catch(null),
  payment_gateway_names: z.array(z.string()).nullish().catch(null),
  shipping_address: Address,
  billing_address: Address,
  tags: TagList,
  note: optionalString,
  order_status_url: optionalString,
  cancelled_at: optionalDate,
  cancel_reason: optionalString,
  closed_at: optionalDate,
  processed_at: optionalDate,
  created_at: optionalDate,
  updated_at: optionalDate,
  // A guest checkout has no customer; an unusable customer object is treated the same way.
  customer: CustomerPayload.nullish().catch(null),
  line_items: z.array(LineItemPayload),
  fulfillments: z.array(FulfillmentPayload).nullish(),
  refunds: z.array(RefundPayload).nullish(),
  // Net terms (B2B, draft orders): null when the order has none; undefined (absent) keeps what is stored.
  payment_terms: z
    .object({
      payment_terms_name: optionalString,
      payment_schedules: z
        .array(z.object({ due_at: optionalDate }))
        .nullish()
        .catch(null),
    })
    .nullish()
    .catch(undefined),
}).superRefine(requireId("order"));

function lineItemInput(l: z.output<typeof LineItemPayload>): LineItemInput {
  return {
    shopifyId: refId(l)!,
    productId: l.product_id != null ? BigInt(l.product_id) : null,
    variantId: l.variant_id != null ? BigInt(l.variant_id) : null,
    title: l.title ?? l.name ?? "Item",
    variantTitle: l.variant_title ?? null,
    sku: l.sku || null,
    vendor: l.vendor ?? null,
    quantity: l.quantity,
    price: money(l.price_set?.shop_money?.amount ?? l.price),
    totalDiscount: money(l.total_discount_set?.shop_money?.amount ?? l.total_discount),
    requiresShipping: l.requires_shipping ?? true,
  };
}

/** orders/create, orders/updated, orders/cancelled: the whole order, with its fulfillments and refunds. */
export function orderInputFromPayload(
  payload: unknown,
  topic: string,
  triggeredAt: Date | null,
  shopCurrency: string,
): OrderInput {
  const o = parsePayload(
    OrderPayload.superRefine((v, ctx) => {
      if (!v.updated_at && !triggeredAt)
        ctx.addIssue({
          code: "custom",
          message: "no updated_at and no X-Shopify-Triggered-At to order it by",
          path: ["updated_at"],
        });
    }),
    payload,
    topic,
  );
  const shopifyId = refId(o)!;
  const updatedAt = (o.updated_at ?? triggeredAt)!;
  const processedAt = o.processed_at ?? o.created_at ?? updatedAt;
  return {
    shopifyId,
    name: o.name,
    orderNumber: o.order_number ?? numberFromName(o.name) ?? o.number ?? 0,
    email: o.email?.trim() || o.contact_email?.trim() || null,
    phone: o.phone ?? null,
    financialStatus: financialStatusOf(o.financial_status),
    fulfillmentStatus: fulfillmentStatusOf(o.fulfillment_status),
    currencyCode: o.currency || shopCurrency,
    subtotalPrice: money(o.subtotal_price),
    totalShipping: money(o.total_shipping_price_set?.shop_money?.amount),
    totalTax: money(o.total_tax),
    totalPrice: money(o.total_price),
    totalDiscounts: money(o.total_discounts),
    discountCodes: (o.discount_codes ?? []).flatMap((d) => (d.code ? [d.code] : [])),
    shippingMethod: o.shipping_lines?.find((s) => s.title)?.title ?? null,
    paymentGateways: o.payment_gateway_names ?? [],
    shippingAddress: (o.shipping_address as AddressJson | null) ?? null,
    billingAddress: (o.billing_address as AddressJson | null) ?? null,
    tags: splitTags(o.tags),
    note: o.note ?? null,
    statusPageUrl: o.order_status_url ?? null,
    cancelledAt: o.cancelled_at ?? null,
    cancelReason: o.cancel_reason ?? null,
    closedAt: o.closed_at ?? null,
    processedAt,
    createdAt: o.created_at ?? processedAt,
    updatedAt,
    customer: o.customer ? customerInputFromPayload(o.customer) : null,
    lineItems: o.line_items.map(lineItemInput),
    fulfillments: (o.fulfillments ?? []).map((f) => fulfillmentInput(f, shopifyId, updatedAt)),
    refunds: (o.refunds ?? []).map((r) => refundInput(r, shopifyId, updatedAt)),
    returns: [],
    ...(o.payment_terms !== undefined
      ? {
          paymentTermsName: o.payment_terms?.payment_terms_name || null,
          paymentDueAt: o.payment_terms?.payment_schedules?.find((p) => p.due_at)?.due_at ?? null,
        }
      : {}),
  };
}

// ───────────────────────────── Returns (GraphQL-style payloads) ─────────────────────────────

const ReturnLine = Ref.extend({
  quantity: optionalInt,
  return_reason: optionalString,
  return_reason_definition: z.object({ handle: optionalString }).nullish().catch(null),
  return_reason_note: optionalString,
  customer_note: optionalString,
  fulfillment_line_item: Ref.extend({ line_item: Ref.nullish().catch(null) })
    .nullish()
    .catch(null),
});

export const ReturnPayload = Ref.extend({
  status: optionalString,
  name: optionalString,
  order: Ref.nullish().catch(null),
  order_id: optionalId,
  admin_graphql_api_order_id: optionalString,
  created_at: optionalDate,
  updated_at: optionalDate,
  decline: z.object({ reason: optionalString, note: optionalString }).nullish().catch(null),
  return_line_items: z.array(ReturnLine).nullish().catch(null),
  total_return_line_items: optionalInt,
}).superRefine(requireId("return"));

const RETURN_EVENTS: Record<string, ReturnEvent> = {
  "returns/request": "requested",
  "returns/approve": "approved",
  "returns/decline": "declined",
  "returns/cancel": "cancelled",
  "returns/close": "closed",
  "returns/reopen": "reopened",
  "returns/process": "processed",
};

/** What each topic implies for the status when the payload does not carry one. */
const STATUS_AFTER: Partial<Record<ReturnEvent, ReturnInput["status"]>> = {
  requested: "REQUESTED",
  approved: "OPEN",
  declined: "DECLINED",
  cancelled: "CANCELED",
  closed: "CLOSED",
  reopened: "OPEN",
};

/** returns/request|approve|decline|cancel|close|reopen|process. */
export function returnInputFromPayload(payload: unknown, topic: string, triggeredAt: Date | null): ReturnInput {
  const r = parsePayload(ReturnPayload, payload, topic);
  const event = RETURN_EVENTS[topic] ?? null;
  const version = r.updated_at ?? triggeredAt ?? null;
  const when = version ?? r.created_at ?? null;
  const status = returnStatusOf(r.status) ?? (event ? STATUS_AFTER[event] : undefined);
  const lineItems = r.return_line_items ?? [];
  // A payload may list none or only some lines (total_return_line_items says how many there are): then the
  // stored lines stay as they are.
  const complete =
    lineItems.length > 0 && (r.total_return_line_items == null || r.total_return_line_items === lineItems.length);
  return {
    shopifyId: refId(r)!,
    orderShopifyId:
      refId(r.order) ?? idFromGid(r.admin_graphql_api_order_id) ?? (r.order_id != null ? BigInt(r.order_id) : null),
    ...(r.name ? { name: r.name } : {}),
    ...(status ? { status } : {}),
    event,
    ...(r.decline
      ? {
          declineReason: r.decline.reason ? returnReasonOf(r.decline.reason) : null,
          declineNote: r.decline.note ?? null,
        }
      : {}),
    ...(r.created_at || event === "requested" ? { requestedAt: r.created_at ?? when } : {}),
    ...(event === "approved" ? { approvedAt: when } : {}),
    ...(event === "closed" ? { closedAt: when } : {}),
    ...(event === "reopened" ? { closedAt: null } : {}),
    version,
    ...(complete
      ? {
          lines: lineItems.map((l) => ({
            shopifyId: refId(l),
            lineItemShopifyId: refId(l.fulfillment_line_item?.line_item),
            quantity: l.quantity ?? 0,
            reason: returnReasonOf(l.return_reason ?? l.return_reason_definition?.handle),
            customerNote: l.customer_note || l.return_reason_note || null,
          })),
        }
      : {}),
  };
}

// ───────────────────────────── customers/update ─────────────────────────────

export function customerInputFromUpdatePayload(
  payload: unknown,
  topic: string,
  triggeredAt: Date | null,
): CustomerInput {
  const c = parsePayload(CustomerPayload, payload, topic);
  const input = customerInputFromPayload(c);
  return { ...input, updatedAt: input.updatedAt ?? triggeredAt };
}

// ───────────────────────────── small helpers ─────────────────────────────

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

function numberFromName(name: string): number | null {
  const digits = /(\d+)/.exec(name);
  return digits ? Number(digits[1]) : null;
}

/** Exact decimal sum of money strings (4 places, as the database keeps them). */
export function sum(values: Money[]): Money {
  const SCALE = 10_000n;
  let total = 0n;
  for (const value of values) {
    const [whole, fraction = ""] = value.replace(/^-/, "").split(".");
    const units = BigInt(whole || "0") * SCALE + BigInt((fraction + "0000").slice(0, 4));
    total += value.startsWith("-") ? -units : units;
  }
  const sign = total < 0n ? "-" : "";
  const abs = total < 0n ? -total : total;
  const fraction = (abs % SCALE)
    .toString()
    .padStart(4, "0")
    .replace(/0{1,2}$/, "");
  return `${sign}${abs / SCALE}.${fraction.length < 2 ? fraction.padEnd(2, "0") : fraction}`;
}
