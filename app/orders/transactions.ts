import { z } from "zod";
import type { TransactionKind, TransactionStatus } from "../generated/prisma/client";
import { idFromGid, MAX_SHOPIFY_ID, type Money } from "./mirror-input";
import { parsePayload } from "./webhook-payloads";

// Payment transactions of an order (sales, authorizations, captures, refunds, voids): the one shape the mirror
// stores them from, and the two sources that produce it — the REST order_transactions/create payload and the
// Admin GraphQL Order.transactions list of OrderForMirror. Transactions never change once Shopify created them.
// Only the card brand and the last four digits are kept, never more of a card number.

export interface TransactionInput {
  shopifyId: bigint;
  orderShopifyId: bigint;
  parentShopifyId: bigint | null;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: Money;
  /** null: take the order's currency. */
  currencyCode: string | null;
  gateway: string | null;
  cardBrand: string | null;
  lastFour: string | null;
  /** Lower-case snake case, the REST spelling ("card_declined"), whichever source it came from. */
  errorCode: string | null;
  message: string | null;
  test: boolean;
  processedAt: Date;
}

const KINDS = new Set<string>([
  "SALE",
  "AUTHORIZATION",
  "CAPTURE",
  "REFUND",
  "VOID",
  "CHANGE",
  "EMV_AUTHORIZATION",
  "SUGGESTED_REFUND",
]);
const STATUSES = new Set<string>(["SUCCESS", "FAILURE", "PENDING", "ERROR", "AWAITING_RESPONSE", "UNKNOWN"]);

/** "sale" / "SALE" → SALE; a kind this app does not know → null (the transaction is not mirrored). */
export function transactionKindOf(value: string | null | undefined): TransactionKind | null {
  const upper = (value ?? "").trim().toUpperCase();
  return KINDS.has(upper) ? (upper as TransactionKind) : null;
}

/** "failure" / "FAILURE" → FAILURE; anything Shopify adds later → UNKNOWN rather than a failure to mirror. */
export function transactionStatusOf(value: string | null | undefined): TransactionStatus {
  const upper = (value ?? "").trim().toUpperCase();
  return STATUSES.has(upper) ? (upper as TransactionStatus) : "UNKNOWN";
}

/** "CARD_DECLINED" / "card_declined" → "card_declined"; empty → null. */
export function transactionErrorCodeOf(value: string | null | undefined): string | null {
  const code = (value ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  return code || null;
}

/** The last four digits of a masked number ("•••• •••• •••• 4242" → "4242"), or null when it shows fewer. */
export function lastFourOf(masked: string | null | undefined): string | null {
  const digits = (masked ?? "").replace(/\D/g, "");
  return digits.length >= 4 ? digits.slice(-4) : null;
}

export const isFailedTransaction = (status: TransactionStatus) => status === "FAILURE" || status === "ERROR";

// ───────────────────────────── REST: order_transactions/create ─────────────────────────────

const NumericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,19}$/)])
  .refine(
    (v) => /^\d{1,19}$/.test(typeof v === "number" ? v.toFixed(0) : String(v)) && BigInt(v) <= MAX_SHOPIFY_ID,
    "id out of range",
  );
const optionalString = z.string().nullish().catch(null);
const optionalDate = z
  .string()
  .transform((value, ctx) => {
    const date = new Date(value);
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
      ctx.addIssue({ code: "custom", message: "not a date" });
      return z.NEVER;
    }
    return date;
  })
  .nullish()
  .catch(null);

/** The parts of an order_transactions/create payload the mirror keeps. */
export const TransactionPayload = z.object({
  id: NumericId.nullish().catch(null),
  admin_graphql_api_id: optionalString,
  order_id: NumericId.nullish().catch(null),
  kind: z.string({ error: "missing" }),
  status: optionalString,
  amount: z
    .union([z.string(), z.number()], { error: "missing" })
    .transform((v) => String(v).trim())
    .pipe(z.string().regex(/^-?\d+(\.\d+)?$/, "not an amount")),
  currency: optionalString,
  gateway: optionalString,
  error_code: optionalString,
  message: optionalString,
  test: z.boolean().nullish().catch(null),
  processed_at: optionalDate,
  created_at: optionalDate,
  parent_id: NumericId.nullish().catch(null),
  payment_details: z
    .object({ credit_card_company: optionalString, credit_card_number: optionalString })
    .nullish()
    .catch(null),
});

/** order_transactions/create. InvalidPayloadError names what is missing (an id, the order, a known kind, a time). */
export function transactionInputFromPayload(payload: unknown, topic: string, triggeredAt: Date | null): TransactionInput {
  const t = parsePayload(
    TransactionPayload.superRefine((v, ctx) => {
      if (idFromGid(v.admin_graphql_api_id) === null && v.id == null)
        ctx.addIssue({ code: "custom", message: "transaction has no id", path: ["id"] });
      if (v.order_id == null) ctx.addIssue({ code: "custom", message: "transaction names no order", path: ["order_id"] });
      if (transactionKindOf(v.kind) === null)
        ctx.addIssue({ code: "custom", message: `unknown transaction kind "${v.kind}"`, path: ["kind"] });
      if (!v.processed_at && !v.created_at && !triggeredAt)
        ctx.addIssue({ code: "custom", message: "no processed_at, created_at or X-Shopify-Triggered-At", path: ["processed_at"] });
    }),
    payload,
    topic,
  );
  return {
    shopifyId: idFromGid(t.admin_graphql_api_id) ?? BigInt(t.id!),
    orderShopifyId: BigInt(t.order_id!),
    parentShopifyId: t.parent_id != null ? BigInt(t.parent_id) : null,
    kind: transactionKindOf(t.kind)!,
    status: transactionStatusOf(t.status),
    amount: t.amount,
    currencyCode: t.currency || null,
    gateway: t.gateway || null,
    cardBrand: t.payment_details?.credit_card_company || null,
    lastFour: lastFourOf(t.payment_details?.credit_card_number),
    errorCode: transactionErrorCodeOf(t.error_code),
    message: t.message || null,
    test: t.test ?? false,
    processedAt: (t.processed_at ?? t.created_at ?? triggeredAt)!,
  };
}

// ───────────────────────────── GraphQL: Order.transactions ─────────────────────────────

const Gid = z.string().refine((v) => idFromGid(v) !== null, "not a Shopify GID");

/** One Order.transactions entry of OrderForMirror; an unusable entry is dropped, never the whole order. */
export const GraphqlTransaction = z
  .object({
    id: Gid,
    kind: z.string(),
    status: z.string(),
    test: z.boolean().nullish(),
    gateway: z.string().nullish(),
    errorCode: z.string().nullish(),
    processedAt: z.string().nullish(),
    createdAt: z.string().nullish(),
    amountSet: z.object({
      shopMoney: z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currencyCode: z.string() }),
    }),
    paymentDetails: z
      .object({ company: z.string().nullish(), number: z.string().nullish() })
      .partial()
      .nullish()
      .catch(null),
    parentTransaction: z.object({ id: z.string() }).nullish().catch(null),
  })
  .nullable()
  .catch(null);

export function transactionInputFromGraphql(
  t: NonNullable<z.output<typeof GraphqlTransaction>>,
  orderShopifyId: bigint,
): TransactionInput | null {
  const kind = transactionKindOf(t.kind);
  const at = new Date(t.processedAt ?? t.createdAt ?? "");
  if (!kind || Number.isNaN(at.getTime())) return null;
  return {
    shopifyId: idFromGid(t.id)!,
    orderShopifyId,
    parentShopifyId: idFromGid(t.parentTransaction?.id),
    kind,
    status: transactionStatusOf(t.status),
    amount: t.amountSet.shopMoney.amount,
    currencyCode: t.amountSet.shopMoney.currencyCode,
    gateway: t.gateway || null,
    cardBrand: t.paymentDetails?.company || null,
    lastFour: lastFourOf(t.paymentDetails?.number),
    errorCode: transactionErrorCodeOf(t.errorCode),
    message: null,
    test: t.test ?? false,
    processedAt: at,
  };
}
