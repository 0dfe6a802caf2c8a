import { z } from "zod";
import db, { rawPool } from "../db.server";
import { AppError } from "../errors.server";
import { AdminGraphqlError, adminGraphql } from "../shopify/admin-client.server";
import { RETURN_APPROVE_REQUEST_MUTATION } from "../shopify/operations/order-actions";
import { RETURN_REQUEST_MUTATION } from "../shopify/operations/storefront";
import { offlineAdmin } from "../shopify.server";
import { applyReturn } from "../orders/mirror.server";
import { gidFor, idFromGid, returnStatusOf, type ReturnLineInput } from "../orders/mirror-input";
import { RETURN_REASONS, autoApproves, getReturnPolicy, type ReturnPolicyView, type ReturnReason } from "../returns/return-policy.server";
import type { ShopRecord } from "../shops/shops.server";
import { markReturnCase } from "../cases/return-cases.server";
import { openOrAppendCase } from "./contact.server";
import { lineQuantities, loadCustomerOrder, OrderRef, parseOrThrow, type MirroredOrder, type OrderRefInput } from "./orders.server";
import { RETURN_REASON_LABELS, STOREFRONT_TEXT } from "./text.server";

// Self-service returns (docs/storefront-api.md): what a signed-in customer may return under the shop's policy,
// and the return request itself — Shopify's returnRequest (status REQUESTED), approved at once when the shop's
// auto-approve rules allow. Guests cannot request returns (Shopify requires customer-account authentication for
// self-service returns from 2026-12-01), so every function here takes the signed-in customer's Shopify id.

// ───────────────────────────── Window (shop's calendar days) ─────────────────────────────

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
    } catch {
      // An unknown zone name (Shopify sends IANA names; a bad row must not break returns): the shop's days are UTC days.
      f = dateFormat("UTC");
    }
    dateFormats.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timeZone`, as a UTC timestamp (so differences give the zone's offset). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(dateFormat(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
}

/** The first instant of the local calendar day `y-m-d` (month 0-based, may overflow) in `timeZone`. */
function startOfLocalDay(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m, d);
  const day = new Date(wall).toISOString().slice(0, 10);
  // Local midnight = wall − offset; the offset may differ either side of a change, so try both and keep the earliest
  // instant that falls on the day (where midnight does not exist, the day starts when the clocks jump forward).
  const first = wall - (wallClock(wall, timeZone) - wall);
  const second = wall - (wallClock(first, timeZone) - first);
  const onDay = [first, second].filter((t) => new Date(wallClock(t, timeZone)).toISOString().slice(0, 10) === day);
  return onDay.length ? Math.min(...onDay) : Math.max(first, second);
}

/**
 * The last moment of a return window of `days` days that starts at `start`: the end of the shop's local calendar day
 * start + days, so neither the time of delivery nor a daylight-saving change shortens it.
 */
export function returnWindowEnd(start: Date, days: number, timeZone: string): Date {
  const local = new Date(wallClock(start.getTime(), timeZone));
  const nextDay = startOfLocalDay(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days + 1, timeZone);
  return new Date(nextDay - 1);
}

type OrderFulfillment = MirroredOrder["fulfillments"][number];

/** Only completed fulfillments are shipped for returns (PENDING/OPEN ones have not left the warehouse). */
const isShipped = (f: { status: string }) => f.status === "SUCCESS";

/** When a shipment was delivered: its delivery date, else the carrier's first DELIVERED (or PICKED_UP) scan. */
function deliveredAtOf(f: OrderFulfillment): Date | null {
  if (f.deliveredAt) return f.deliveredAt;
  let first: Date | null = null;
  for (const e of f.events) if ((e.status === "DELIVERED" || e.status === "PICKED_UP") && (!first || e.happenedAt < first)) first = e.happenedAt;
  return first;
}

/**
 * What each shipment line (by its Shopify FulfillmentLineItem id) still holds once live returns are taken out.
 * Returns record only the order line, so earlier returns are laid on shipment lines the same way new requests are
 * filled — newest shipment first — which is how this module sent them to Shopify.
 */
function shipmentLinesLeft(order: MirroredOrder): { lineItemId: string; shopifyId: bigint; left: number }[] {
  const lines = order.fulfillments
    .filter(isShipped)
    .reverse()
    .flatMap((f) => f.lines.filter((fl): fl is typeof fl & { shopifyId: bigint } => fl.shopifyId !== null).map((fl) => ({ lineItemId: fl.lineItemId, shopifyId: fl.shopifyId, left: fl.quantity })));
  for (const r of order.returns) {
    if (r.status === "DECLINED" || r.status === "CANCELED") continue;
    for (const rl of r.lines) {
      let take = rl.quantity;
      for (const sl of lines) {
        if (take === 0) break;
        if (sl.lineItemId !== rl.lineItemId) continue;
        const n = Math.min(take, sl.left);
        sl.left -= n;
        take -= n;
      }
    }
  }
  return lines;
}

// ───────────────────────────── Eligibility ─────────────────────────────

export type IneligibleReason = "final_sale" | "excluded_product_type" | "not_shipped" | "window_closed" | "already_returned" | "no_shipping_required";
export type OrderIneligibleReason = "returns_disabled" | "cancelled" | "not_shipped" | "window_closed" | "nothing_returnable";

export interface EligibleLine {
  lineItemId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  price: string;
  quantity: number;
  fulfilledQuantity: number;
  returnedQuantity: number;
  refundedQuantity: number;
  returnableQuantity: number;
  eligible: boolean;
  ineligibleReason: IneligibleReason | null;
  windowDays: number;
  windowStartsAt: string | null;
  windowEndsAt: string | null;
}

export interface ReturnEligibility {
  order: { id: string; name: string; number: number; currencyCode: string };
  eligible: boolean;
  reason: OrderIneligibleReason | null;
  policy: {
    windowDays: number;
    windowStartsAt: ReturnPolicyView["windowStartsAt"];
    restockingFeePercent: string;
    returnShippingFee: string;
    instructions: string | null;
  };
  reasons: { code: ReturnReason; label: string }[];
  lineItems: EligibleLine[];
}

interface EligibilityContext {
  order: MirroredOrder;
  policy: ReturnPolicyView;
  eligibility: ReturnEligibility;
}

const lower = (values: string[]) => new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean));

/** Pure: what of this order can be returned under this policy at `now`. */
export function eligibilityOf(order: MirroredOrder, policy: ReturnPolicyView, now: Date, timeZone = "UTC"): ReturnEligibility {
  const excludedTags = lower(policy.excludedTags);
  const excludedTypes = lower(policy.excludedProductTypes);
  const windows = new Map(policy.productWindows.map((w) => [w.productId, w.windowDays]));
  const qty = lineQuantities(order);
  const shipped = order.fulfillments.filter(isShipped);

  const lineItems: EligibleLine[] = order.lineItems.map((l) => {
    const windowDays = (l.productId !== null ? windows.get(String(l.productId)) : undefined) ?? policy.windowDays;
    const fulfilled = shipped.reduce((n, f) => n + f.lines.reduce((m, fl) => m + (fl.lineItemId === l.id ? fl.quantity : 0), 0), 0);
    const returned = qty.returned(l.id);
    const refunded = qty.refunded(l.id);
    const returnable = Math.max(0, Math.min(fulfilled, l.quantity - qty.refundedWithoutReturn(l.id)) - returned);
    // The window runs from the latest shipment holding this line: its delivery, or its fulfillment when the
    // carrier never reported delivery (or the policy counts from fulfillment), to the end of the shop's local day.
    const starts = shipped
      .filter((f) => f.lines.some((fl) => fl.lineItemId === l.id))
      .map((f) => (policy.windowStartsAt === "DELIVERY" ? deliveredAtOf(f) ?? f.shopifyCreatedAt : f.shopifyCreatedAt));
    const start = starts.reduce<Date | null>((a, d) => (!a || d > a ? d : a), null);
    const end = start ? returnWindowEnd(start, windowDays, timeZone) : null;

    let reason: IneligibleReason | null = null;
    if (!l.requiresShipping) reason = "no_shipping_required";
    else if (l.productTags.some((t) => excludedTags.has(t.trim().toLowerCase()))) reason = "final_sale";
    else if (l.productType && excludedTypes.has(l.productType.trim().toLowerCase())) reason = "excluded_product_type";
    else if (fulfilled === 0 || !start) reason = "not_shipped";
    else if (end && now.getTime() > end.getTime()) reason = "window_closed";
    else if (returnable === 0) reason = "already_returned";

    return {
      lineItemId: gidFor("LineItem", l.shopifyId),
      title: l.title,
      variantTitle: l.variantTitle,
      imageUrl: l.imageUrl,
      price: l.price.toFixed(2),
      quantity: l.quantity,
      fulfilledQuantity: fulfilled,
      returnedQuantity: returned,
      refundedQuantity: refunded,
      returnableQuantity: reason ? 0 : returnable,
      eligible: reason === null,
      ineligibleReason: reason,
      windowDays,
      windowStartsAt: start ? start.toISOString() : null,
      windowEndsAt: end ? end.toISOString() : null,
    };
  });

  let reason: OrderIneligibleReason | null = null;
  if (!policy.enabled) reason = "returns_disabled";
  else if (order.cancelledAt) reason = "cancelled";
  else if (!lineItems.some((l) => l.eligible)) {
    const why = new Set(lineItems.map((l) => l.ineligibleReason));
    reason = lineItems.every((l) => l.ineligibleReason === "not_shipped" || l.ineligibleReason === "no_shipping_required") && why.has("not_shipped")
      ? "not_shipped"
      : why.has("window_closed") && [...why].every((r) => r === "window_closed" || r === "final_sale" || r === "excluded_product_type" || r === "no_shipping_required")
        ? "window_closed"
        : "nothing_returnable";
  }
  if (reason === "returns_disabled" || reason === "cancelled") {
    for (const l of lineItems) {
      l.returnableQuantity = 0;
      l.eligible = false;
    }
  }

  return {
    order: { id: gidFor("Order", order.shopifyId), name: order.name, number: order.orderNumber, currencyCode: order.currencyCode },
    eligible: reason === null,
    reason,
    policy: {
      windowDays: policy.windowDays,
      windowStartsAt: policy.windowStartsAt,
      restockingFeePercent: policy.restockingFeePercent,
      returnShippingFee: policy.returnShippingFee,
      instructions: policy.instructions,
    },
    reasons: policy.reasons.map((code) => ({ code, label: RETURN_REASON_LABELS[code] ?? code })),
    lineItems,
  };
}

async function eligibilityContext(shopId: string, shopifyCustomerId: bigint, ref: OrderRefInput, now: Date): Promise<EligibilityContext> {
  const [order, policy, shop] = await Promise.all([
    loadCustomerOrder(shopId, shopifyCustomerId, ref),
    getReturnPolicy(shopId),
    db.shop.findUnique({ where: { id: shopId }, select: { ianaTimezone: true } }),
  ]);
  return { order, policy, eligibility: eligibilityOf(order, policy, now, shop?.ianaTimezone || "UTC") };
}

/** What the signed-in customer can return from one of their orders; another customer's order → 404. */
export async function returnEligibility(
  shopId: string,
  shopifyCustomerId: bigint,
  ref: OrderRefInput,
  now: Date = new Date(),
): Promise<ReturnEligibility> {
  return (await eligibilityContext(shopId, shopifyCustomerId, ref, now)).eligibility;
}

// ───────────────────────────── Return request ─────────────────────────────

const LineItemRef = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z
    .string({ error: "Each item needs its lineItemId." })
    .trim()
    .transform((s, ctx) => {
      const id = /^\d+$/.test(s) ? BigInt(s) : idFromGid(s);
      if (id === null) {
        ctx.addIssue({ code: "custom", message: "An item's lineItemId is not valid. Reload the page and choose the items again." });
        return z.NEVER;
      }
      return id;
    }),
);

export const ReturnRequestInput = z.object({
  order: OrderRef,
  items: z
    .array(
      z.object({
        lineItemId: LineItemRef,
        quantity: z.coerce
          .number({ error: "Enter how many of each item you are returning." })
          .int("Enter a whole number of items.")
          .min(1, "Return at least one of each item you choose."),
        reason: z.enum(RETURN_REASONS, { error: "Choose a reason for each item from the list." }),
        note: z.preprocess(
          (v) => (typeof v === "string" ? v.trim() || undefined : v ?? undefined),
          z.string().max(300, "Keep each item's note under 300 characters.").optional(),
        ),
      }),
      { error: "Choose the items you want to return." },
    )
    .min(1, "Choose at least one item to return.")
    .max(50, "A return can hold at most 50 different items."),
  note: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : v ?? undefined),
    z.string().max(1000, "Keep the note under 1,000 characters.").optional(),
  ),
});
export type ReturnRequestInput = z.input<typeof ReturnRequestInput>;

export interface StorefrontReturnRequest {
  return: {
    id: string;
    name: string | null;
    status: "requested" | "open";
    approved: boolean;
    requestedAt: string;
    lineItems: { lineItemId: string; title: string; quantity: number; reason: ReturnReason }[];
    fees: { restockingFee: string; returnShippingFee: string; currencyCode: string };
  };
  case: { number: number };
  message: string;
}

const UserErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() }));
const RequestedReturn = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    status: z.string(),
    returnLineItems: z
      .object({
        nodes: z.array(
          z.object({
            id: z.string(),
            quantity: z.number(),
            fulfillmentLineItem: z.object({ id: z.string() }).nullish(),
          }),
        ),
      })
      .nullish(),
  })
  .nullish();
const RequestAnswer = z.object({ returnRequest: z.object({ return: RequestedReturn, userErrors: UserErrors }).nullable() });
const ApproveAnswer = z.object({
  returnApproveRequest: z
    .object({ return: z.object({ id: z.string(), name: z.string().nullish(), status: z.string(), requestApprovedAt: z.string().nullish() }).nullish(), userErrors: UserErrors })
    .nullable(),
});

function centsOf(decimal: string): number {
  return Math.round(Number(decimal) * 100);
}
const fromCents = (c: number) => (c / 100).toFixed(2);

/**
 * Sends the signed-in customer's return request to Shopify (returnRequest; approved at once with
 * returnApproveRequest when the auto-approve rules match), mirrors the new return, adds it to the customer's
 * open return case for the order (or opens one, topic RETURN) and records a RETURN_REQUESTED event.
 */
export async function requestReturn(
  shop: Pick<ShopRecord, "id" | "domain">,
  shopifyCustomerId: bigint,
  raw: unknown,
  options: { channel?: "STOREFRONT" | "CUSTOMER_ACCOUNT"; now?: Date } = {},
): Promise<StorefrontReturnRequest> {
  // One request at a time per customer: a double submit must not ask Shopify for two returns of the same items.
  // A session-level advisory lock (the Shopify call sits between the eligibility check and mirroring the return,
  // so a transaction lock cannot span it); the second submit is told to wait instead of queueing a duplicate.
  const client = await rawPool().connect();
  const key = `storefront-return:${shop.id}:${shopifyCustomerId}`;
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key]);
    if (!rows[0]?.locked) {
      throw new AppError("conflict", "Your return request is already being sent. Wait a moment, then reload the page to see it.");
    }
    try {
      return await requestReturnOnce(shop, shopifyCustomerId, raw, options);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    }
  } finally {
    client.release();
  }
}

async function requestReturnOnce(
  shop: Pick<ShopRecord, "id" | "domain">,
  shopifyCustomerId: bigint,
  raw: unknown,
  options: { channel?: "STOREFRONT" | "CUSTOMER_ACCOUNT"; now?: Date },
): Promise<StorefrontReturnRequest> {
  const input = parseOrThrow(ReturnRequestInput, raw);
  const now = options.now ?? new Date();
  const { order, policy, eligibility } = await eligibilityContext(shop.id, shopifyCustomerId, input.order, now);
  if (!eligibility.eligible && (eligibility.reason === "returns_disabled" || eligibility.reason === "cancelled")) {
    throw new AppError(
      "bad_request",
      eligibility.reason === "cancelled" ? `${order.name} was cancelled, so there is nothing to return.` : "This store does not take return requests online. Contact us instead.",
    );
  }

  // Every chosen item must be eligible, with a quantity it still has and a reason the shop accepts.
  const byShopifyId = new Map(order.lineItems.map((l) => [l.shopifyId, l]));
  const seen = new Set<bigint>();
  const chosen = input.items.map((item) => {
    const line = byShopifyId.get(item.lineItemId);
    if (!line) throw new AppError("bad_request", `One of the items is not part of ${order.name}. Reload the page and choose the items again.`);
    if (seen.has(item.lineItemId)) throw new AppError("bad_request", `"${line.title}" is listed twice. Choose each item once with its quantity.`);
    seen.add(item.lineItemId);
    const view = eligibility.lineItems.find((l) => l.lineItemId === gidFor("LineItem", line.shopifyId))!;
    if (!view.eligible) throw new AppError("bad_request", `"${line.title}" can't be returned: ${ineligibleText(view)}.`);
    if (item.quantity > view.returnableQuantity) {
      throw new AppError("bad_request", `You can return at most ${view.returnableQuantity} of "${line.title}".`);
    }
    if (!policy.reasons.includes(item.reason)) {
      throw new AppError("bad_request", `Choose one of the store's return reasons for "${line.title}".`);
    }
    return { item, line };
  });

  // Shopify returns fulfillment line items: spread each quantity over the shipments that carried the line, newest
  // first, using only what earlier live returns have not already taken from each shipment line.
  const chosenByFulfillmentLine = new Map<string, Chosen>();
  const available = shipmentLinesLeft(order);
  const returnLineItems = chosen.flatMap(({ item, line }) => {
    let left = item.quantity;
    const parts: Record<string, unknown>[] = [];
    for (const sl of available) {
      if (left === 0 || sl.lineItemId !== line.id || sl.left === 0) continue;
      const take = Math.min(left, sl.left);
      left -= take;
      chosenByFulfillmentLine.set(gidFor("FulfillmentLineItem", sl.shopifyId), { item, line });
      parts.push({
        fulfillmentLineItemId: gidFor("FulfillmentLineItem", sl.shopifyId),
        quantity: take,
        returnReason: item.reason,
        ...(item.note ? { customerNote: item.note } : {}),
        ...(Number(policy.restockingFeePercent) > 0 ? { restockingFee: { percentage: Number(policy.restockingFeePercent) } } : {}),
      });
    }
    if (left > 0) throw new AppError("conflict", `"${line.title}" can't be returned online yet. Contact us and we'll help.`);
    return parts;
  });

  const restockingCents = chosen.reduce(
    (sum, { item, line }) => sum + Math.round((centsOf(line.price.toFixed(2)) * item.quantity * Number(policy.restockingFeePercent)) / 100),
    0,
  );
  const shippingCents = centsOf(policy.returnShippingFee);
  const fees = { restockingFee: fromCents(restockingCents), returnShippingFee: fromCents(shippingCents), currencyCode: order.currencyCode };

  const variables = {
    input: {
      orderId: gidFor("Order", order.shopifyId),
      returnLineItems,
      ...(shippingCents > 0 ? { returnShippingFee: { amount: { amount: policy.returnShippingFee, currencyCode: order.currencyCode } } } : {}),
    },
  };

  const admin = await callShopify(() => offlineAdmin(shop.domain));
  const requested = await callShopify(() => adminGraphql(admin, RETURN_REQUEST_MUTATION, variables)).then((d) => RequestAnswer.parse(d).returnRequest);
  throwOnUserErrors(requested?.userErrors ?? []);
  if (!requested?.return) throw new AppError("unavailable", STOREFRONT_TEXT.returnUnavailable);
  const created = requested.return;
  const returnShopifyId = idFromGid(created.id);
  if (returnShopifyId === null) throw new AppError("unavailable", STOREFRONT_TEXT.returnUnavailable);

  // Auto-approval: a failure leaves the request REQUESTED for staff, which is still a valid outcome.
  let status = returnStatusOf(created.status) ?? "REQUESTED";
  let approvedAt: Date | null = null;
  if (status === "REQUESTED" && autoApproves(policy.autoApprove, {
      reasons: chosen.map((c) => c.item.reason),
      orderTotal: order.totalPrice.toFixed(2),
      units: chosen.reduce((n, c) => n + c.item.quantity, 0),
    })) {
    try {
      const approved = ApproveAnswer.parse(
        await adminGraphql(admin, RETURN_APPROVE_REQUEST_MUTATION, { input: { id: created.id, notifyCustomer: true } }),
      ).returnApproveRequest;
      if (approved?.return && (approved.userErrors ?? []).length === 0) {
        status = returnStatusOf(approved.return.status) ?? "OPEN";
        approvedAt = approved.return.requestApprovedAt ? new Date(approved.return.requestApprovedAt) : now;
      } else {
        console.warn(`Auto-approval of return ${created.id} was refused: ${(approved?.userErrors ?? []).map((e) => e.message).join("; ")}`);
      }
    } catch (error) {
      console.warn(`Auto-approval of return ${created.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const approved = status === "OPEN";

  // The customer's return case for this order: appended to while open, else a new one (topic RETURN).
  const customer = order.customerId
    ? await db.customer.findFirst({ where: { shopId: shop.id, id: order.customerId }, select: { id: true, email: true, firstName: true, lastName: true } })
    : null;
  const email = (customer?.email ?? "").toLowerCase();
  const itemsText = chosen
    .map(({ item, line }) => `- ${item.quantity} × ${line.title}${line.variantTitle ? ` (${line.variantTitle})` : ""}: ${RETURN_REASON_LABELS[item.reason] ?? item.reason}${item.note ? ` — "${item.note}"` : ""}`)
    .join("\n");
  const bodyText = [
    `Return ${approved ? "requested and approved automatically" : "requested"} for ${order.name}${created.name ? ` (${created.name})` : ""}:`,
    itemsText,
    input.note ? `\nNote: ${input.note}` : "",
    restockingCents > 0 || shippingCents > 0 ? `\nFees shown to the customer: restocking ${fees.restockingFee}, return shipping ${fees.returnShippingFee} ${fees.currencyCode}.` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const kase = await openOrAppendCase(shop.id, {
    channel: options.channel ?? "STOREFRONT",
    email: email || null,
    name: [customer?.firstName, customer?.lastName].filter(Boolean).join(" ") || null,
    customerId: customer?.id ?? null,
    topic: "RETURN",
    subject: `Return request for ${order.name}`,
    bodyText,
    orderId: order.id,
    match: "return-for-order",
  });

  // The webhook's returns/request handler finds this marker and does not open a second case for the return.
  await db.$transaction((tx) =>
    markReturnCase(tx, { shopId: shop.id, caseId: kase.caseId, orderId: order.id, returnShopifyId, returnName: created.name ?? null, source: "storefront" }),
  );

  // Mirror after the case is linked, so the mirror's "return requested" fact lands on its timeline too.
  await applyReturn(
    // The mirror reads only the shop's id.
    { id: shop.id, domain: shop.domain } as ShopRecord,
    {
      shopifyId: returnShopifyId,
      orderShopifyId: order.shopifyId,
      name: created.name ?? null,
      status,
      event: "requested",
      requestedAt: now,
      ...(approvedAt ? { approvedAt } : {}),
      // No version of Shopify's: the returns/request webhook that follows (Shopify's updated_at) still applies.
      version: null,
      // Shopify's own return line ids when it listed them (staff process the return by them), else ours.
      lines: returnLinesOf(created, chosenByFulfillmentLine, chosen),
    },
  );
  await db.selfServiceEvent.create({
    data: { shopId: shop.id, kind: "RETURN_REQUESTED", orderId: order.id, customerId: order.customerId },
  });

  return {
    return: {
      id: created.id,
      name: created.name ?? null,
      status: approved ? "open" : "requested",
      approved,
      requestedAt: now.toISOString(),
      lineItems: chosen.map(({ item, line }) => ({ lineItemId: gidFor("LineItem", line.shopifyId), title: line.title, quantity: item.quantity, reason: item.reason })),
      fees,
    },
    case: { number: kase.number },
    message: approved ? STOREFRONT_TEXT.returnApproved(order.name) : STOREFRONT_TEXT.returnRequested(order.name),
  };
}

type Chosen = { item: z.output<typeof ReturnRequestInput>["items"][number]; line: MirroredOrder["lineItems"][number] };

/**
 * The mirrored lines of the new return: one per Shopify return line item (matched to the request by its
 * fulfillment line item), so each carries Shopify's id; the request's own lines when the answer lists none.
 */
function returnLinesOf(
  created: NonNullable<z.output<typeof RequestedReturn>>,
  byFulfillmentLine: Map<string, Chosen>,
  chosen: Chosen[],
): ReturnLineInput[] {
  const nodes = created.returnLineItems?.nodes ?? [];
  const lines: ReturnLineInput[] = [];
  for (const node of nodes) {
    const hit = node.fulfillmentLineItem ? byFulfillmentLine.get(node.fulfillmentLineItem.id) : undefined;
    if (!hit) continue;
    lines.push({
      shopifyId: idFromGid(node.id),
      lineItemShopifyId: hit.line.shopifyId,
      quantity: node.quantity,
      reason: hit.item.reason,
      customerNote: hit.item.note ?? null,
    });
  }
  if (lines.length > 0 && lines.reduce((n, l) => n + l.quantity, 0) === chosen.reduce((n, c) => n + c.item.quantity, 0)) return lines;
  return chosen.map(({ item, line }) => ({
    shopifyId: null,
    lineItemShopifyId: line.shopifyId,
    quantity: item.quantity,
    reason: item.reason,
    customerNote: item.note ?? null,
  }));
}

function ineligibleText(line: EligibleLine): string {
  switch (line.ineligibleReason) {
    case "final_sale":
    case "excluded_product_type":
      return "it is final sale";
    case "window_closed":
      return `the ${line.windowDays}-day return window has closed`;
    case "not_shipped":
      return "it has not shipped yet";
    case "already_returned":
      return "it has already been returned or refunded";
    case "no_shipping_required":
      return "it is not a shipped item";
    default:
      return "returns are not available for it";
  }
}

async function callShopify<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AdminGraphqlError || error instanceof TypeError || (error instanceof Error && /fetch|network|ECONN/i.test(error.message))) {
      console.warn(`Storefront return request failed: ${error.message}`);
      throw new AppError("unavailable", STOREFRONT_TEXT.returnUnavailable);
    }
    throw error;
  }
}

function throwOnUserErrors(errors: z.output<typeof UserErrors>): void {
  if (errors.length === 0) return;
  throw new AppError("bad_request", `The store could not accept this return: ${errors.map((e) => e.message.replace(/\.$/, "")).join("; ")}.`, {
    shopifyErrors: errors.map((e) => ({ code: e.code ?? null, message: e.message })),
  });
}
