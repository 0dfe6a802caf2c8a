import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AdminGraphql } from "../auth/staff.server";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { OrderAction, Prisma } from "../generated/prisma/client";
import { t } from "../i18n/en";
import { claimOrderAction } from "../orders/actions/claim-order-action.server";
import { asShopifyFailure, throwOnUserErrors, type ShopifyUserError } from "../orders/actions/run-order-action.server";
import { gidFor } from "../orders/mirror-input";
import { AdminGraphqlError, adminGraphql } from "../shopify/admin-client.server";
import { ORDER_INVOICE_SEND_MUTATION } from "../shopify/operations/receipts";
import type { ShopRecord } from "../shops/shops.server";

/**
 * Emails an order's receipt (Shopify's order invoice, `orderInvoiceSend`) — the one path for the staff "Send
 * receipt" action and the shopper's "Email me my receipt" (storefront tracking block, customer account).
 *
 * - The receipt only ever goes to the order's own email, read here from the mirror (`email.to`); no caller can
 *   name another address. An order without an email is a 400 in plain words.
 * - Every request is logged: an OrderAction (kind SEND_RECEIPT) is written PENDING with who asked (staff id, or the
 *   shopper's channel and customer) before Shopify is called, and completed SUCCEEDED or FAILED with the reason.
 * - When the order is linked to an open case (or the staff member's case), the case timeline gets "receipt_sent".
 * - A shopper's request counts as a self-service event (RECEIPT_REQUESTED), like an order lookup.
 * - Nothing here moves money: orderInvoiceSend sends an email only.
 *
 * Callers prove ownership first (the shopper's order lookup rules, or staff's access to the shop) and pass the
 * mirror's order id; rate limits are the caller's (app/storefront/rate-limit.server.ts for shoppers).
 */

export type ReceiptActor =
  | { type: "STAFF"; staffId: string | null; caseId?: string | null }
  | { type: "CUSTOMER"; customerId?: string | null; channel: "STOREFRONT" | "CUSTOMER_ACCOUNT" };

export interface SendReceiptInput {
  /** The mirror's order id (uuid). */
  orderId: string;
  actor: ReceiptActor;
  /** A staff form's key: a repeated submit answers with the first outcome instead of sending again. */
  idempotencyKey?: string;
}

export interface ReceiptOutcome {
  ok: true;
  message: string;
  /** The order's email, masked ("j•••@example.com"): what a shopper may be shown. */
  sentTo: string;
  order: { id: string; name: string };
  action: { id: string; kind: "SEND_RECEIPT"; status: "SUCCEEDED" };
  /** True when this answers a repeated submit of a receipt already sent. */
  replayed: boolean;
}

const SendReceiptInput = z.object({
  orderId: z.uuid({ error: "orderId must be an order id from this store" }),
  idempotencyKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, "idempotencyKey must be 8–100 letters, digits, - or _")
    .optional(),
});

const InvoiceAnswer = z.object({
  orderInvoiceSend: z
    .object({
      order: z.object({ id: z.string(), name: z.string().nullish() }).nullish(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() })),
    })
    .nullable(),
});

const OPEN_CASE_STATUSES = ["OPEN", "PENDING", "SNOOZED"] as const;

/** "jane.doe@example.com" → "j•••@example.com": enough for the shopper to recognise, too little to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${email[0]}•••${email.slice(at)}`;
}

export async function sendOrderReceipt(shop: ShopRecord, admin: AdminGraphql, input: SendReceiptInput): Promise<ReceiptOutcome> {
  const parsed = SendReceiptInput.safeParse({ orderId: input.orderId, idempotencyKey: input.idempotencyKey });
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((i) => i.message).join(" "));
  const { actor } = input;
  const shopper = actor.type === "CUSTOMER";

  const order = await db.order.findFirst({
    where: { id: parsed.data.orderId, shopId: shop.id, redactedAt: null },
    select: { id: true, shopifyId: true, name: true, email: true, customerId: true },
  });
  if (!order) throw new AppError("not_found", t("receipt.error.orderNotFound"));

  const staffCaseId = actor.type === "STAFF" ? (actor.caseId ?? null) : null;
  if (staffCaseId) {
    const link = await db.caseOrder.findFirst({ where: { shopId: shop.id, caseId: staffCaseId, orderId: order.id, case: { shopId: shop.id } } });
    if (!link) {
      const exists = await db.case.findFirst({ where: { id: staffCaseId, shopId: shop.id }, select: { id: true } });
      throw new AppError("not_found", t(exists ? "receipt.error.orderNotLinked" : "receipt.error.caseNotFound"));
    }
  }

  const to = order.email?.trim() ?? "";
  if (!to) {
    throw new AppError("bad_request", t(shopper ? "receipt.error.noEmailShopper" : "receipt.error.noEmail", { order: order.name }));
  }
  const sentTo = maskEmail(to);

  const source = actor.type === "STAFF" ? "staff" : actor.channel === "STOREFRONT" ? "storefront" : "customer_account";
  const customerId = actor.type === "CUSTOMER" ? (actor.customerId ?? order.customerId) : null;
  // Two submits of the same staff form (same key) at once: one sends, the other answers with its outcome.
  const claim = await claimOrderAction(shop.id, {
    data: {
      caseId: staffCaseId,
      orderId: order.id,
      staffId: actor.type === "STAFF" ? actor.staffId : null,
      kind: "SEND_RECEIPT",
      // Who asked and from where; the recipient is never input, always the order's email.
      input: { source, customerId, recipient: "order_email" },
    },
    idempotencyKey: parsed.data.idempotencyKey ?? `receipt-${randomUUID()}`,
    matches: (r) => r.kind === "SEND_RECEIPT" && r.orderId === order.id,
    messages: { keyReused: "receipt.error.keyReused", inFlight: "receipt.error.inFlight" },
  });
  if (!claim.fresh) return replayed(claim.row, order);
  const row = claim.row;

  try {
    const answer = InvoiceAnswer.parse(
      await adminGraphql(admin, ORDER_INVOICE_SEND_MUTATION, { id: gidFor("Order", order.shopifyId), email: { to } }),
    ).orderInvoiceSend;
    throwRefusal(shopper, answer?.userErrors ?? []);
    if (!answer) throw new AdminGraphqlError("NO_DATA", "orderInvoiceSend returned no payload.", "OrderInvoiceSend");
  } catch (error) {
    const failure = asFailure(shopper, error);
    await db.orderAction.update({
      where: { id: row.id, shopId: shop.id },
      data: {
        status: "FAILED",
        error: failure.message,
        result: { errorCode: failure.code, ...(failure.details ? { details: failure.details as Prisma.InputJsonValue } : {}) },
        completedAt: new Date(),
      },
    });
    throw failure;
  }

  const now = new Date();
  const message = t(shopper ? "receipt.sentToShopper" : "receipt.sent", { order: order.name, email: sentTo });
  const caseIds = staffCaseId
    ? [staffCaseId]
    : (
        await db.caseOrder.findMany({
          where: {
            shopId: shop.id,
            orderId: order.id,
            case: { shopId: shop.id, status: { in: [...OPEN_CASE_STATUSES] }, ...(shopper && order.customerId ? { customerId: order.customerId } : {}) },
          },
          select: { caseId: true },
          take: 5,
        })
      ).map((l) => l.caseId);

  await db.$transaction([
    db.orderAction.update({
      where: { id: row.id, shopId: shop.id },
      data: { status: "SUCCEEDED", result: { sentTo, message, shopifyOrderId: gidFor("Order", order.shopifyId) }, error: null, completedAt: now },
    }),
    ...caseIds.map((caseId) =>
      db.caseEvent.create({
        data: {
          shopId: shop.id,
          caseId,
          orderId: order.id,
          type: "receipt_sent",
          actorType: actor.type,
          staffId: actor.type === "STAFF" ? actor.staffId : null,
          data: { actionId: row.id, source, sentTo, order: order.name },
          dedupeKey: `receipt:${row.id}`,
          occurredAt: now,
        },
      }),
    ),
    ...(actor.type === "STAFF" && staffCaseId ? [db.case.updateMany({ where: { id: staffCaseId, shopId: shop.id }, data: { lastActivityAt: now } })] : []),
    ...(shopper ? [db.selfServiceEvent.create({ data: { shopId: shop.id, kind: "RECEIPT_REQUESTED", orderId: order.id, customerId } })] : []),
  ]);

  return { ok: true, message, sentTo, order: { id: gidFor("Order", order.shopifyId), name: order.name }, action: { id: row.id, kind: "SEND_RECEIPT", status: "SUCCEEDED" }, replayed: false };
}

/** Shopify's refusal (userErrors) in plain words: the staff wording of order actions, or the shopper's. */
function throwRefusal(shopper: boolean, errors: ShopifyUserError[]): void {
  if (errors.length === 0) return;
  if (!shopper) throwOnUserErrors("SEND_RECEIPT", errors);
  const reasons = errors
    .map((e) => e.message.trim())
    .filter(Boolean)
    .map((m) => (/[.!?]$/.test(m) ? m : `${m}.`))
    .join(" ");
  throw new AppError("bad_request", t("receipt.error.refusedShopper", { reasons: reasons || t("orderAction.error.noReason") }), {
    shopify: errors.map((e) => ({ field: e.field ?? null, message: e.message, code: e.code ?? null })),
  });
}

function asFailure(shopper: boolean, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!shopper) return asShopifyFailure("SEND_RECEIPT", error);
  // The shopper is told what to do, not Shopify's internals; the staff-facing reason stays in the logs.
  console.warn(`Receipt request failed: ${error instanceof Error ? error.message : String(error)}`);
  const throttled = error instanceof AdminGraphqlError && error.code === "THROTTLED";
  return new AppError(throttled ? "rate_limited" : "unavailable", t("receipt.error.unavailableShopper"), undefined, throttled ? { "Retry-After": "60" } : undefined);
}

function replayed(row: OrderAction, order: { shopifyId: bigint; name: string }): ReceiptOutcome {
  const stored = (row.result ?? {}) as { message?: string; sentTo?: string };
  return {
    ok: true,
    message: stored.message ?? t("orderAction.done"),
    sentTo: stored.sentTo ?? "",
    order: { id: gidFor("Order", order.shopifyId), name: order.name },
    action: { id: row.id, kind: "SEND_RECEIPT", status: "SUCCEEDED" },
    replayed: true,
  };
}
