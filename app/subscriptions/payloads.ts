import { z } from "zod";
import type { BillingAttemptStatus, SubscriptionStatus } from "../generated/prisma/enums";
import { MAX_SHOPIFY_ID, idFromGid } from "../orders/mirror-input";
import { parsePayload } from "../orders/webhook-payloads";

// The parts of the subscription webhook payloads (REST shapes, API 2026-07) that the mirror uses. A payload without
// what the mirror cannot do without (the contract id, the attempt id) is refused with InvalidPayloadError; anything
// optional that is missing or malformed becomes null.
//
// Ordering: a late redelivery must never outrank newer state, so each delivery needs a time Shopify set — the
// contract's updated_at, else the delivery's X-Shopify-Triggered-At; an attempt's time is X-Shopify-Triggered-At
// (its payload carries none). Without one the delivery is refused as unprocessable (InvalidPayloadError), the way
// transactionInputFromPayload does: processing time would let a redelivery hours later win. revision_id is not
// used as the version: Shopify documents it as the contract's current revision, not as increasing, so ordering by
// it would rest on an undocumented property.

const NumericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,19}$/)])
  .refine(
    (v) => /^\d{1,19}$/.test(typeof v === "number" ? v.toFixed(0) : String(v)) && BigInt(v) <= MAX_SHOPIFY_ID,
    "id out of range"
  )
  .transform((v) => BigInt(v));
const optionalId = NumericId.nullish().catch(null);
const optionalString = z.string().nullish().catch(null);
const optionalDate = z.iso.datetime({ offset: true }).nullish().catch(null);

const STATUSES = [
  "ACTIVE",
  "PAUSED",
  "CANCELLED",
  "EXPIRED",
  "FAILED",
] as const satisfies readonly SubscriptionStatus[];

/** Shopify's lowercase REST status (or the GraphQL enum) as the mirror's status. */
export function subscriptionStatusOf(value: string): SubscriptionStatus | null {
  const upper = value.toUpperCase();
  return (STATUSES as readonly string[]).includes(upper) ? (upper as SubscriptionStatus) : null;
}

const ContractPayload = z.object({
  id: NumericId,
  admin_graphql_api_id: optionalString,
  status: z.string().transform((s, ctx) => {
    const status = subscriptionStatusOf(s);
    if (!status) {
      ctx.addIssue({ code: "custom", message: `unknown status ${s}` });
      return z.NEVER;
    }
    return status;
  }),
  billing_policy: z
    .object({ interval: optionalString, interval_count: z.number().int().positive().nullish().catch(null) })
    .nullish()
    .catch(null),
  currency_code: optionalString,
  customer_id: optionalId,
  admin_graphql_api_customer_id: optionalString,
  origin_order_id: optionalId,
  revision_id: z.union([z.string(), z.number()]).nullish().catch(null),
  created_at: optionalDate,
  updated_at: optionalDate,
});

/** What a subscription_contracts/* delivery says about the contract. */
export interface ContractInput {
  shopifyId: bigint;
  customerShopifyId: bigint | null;
  originOrderShopifyId: bigint | null;
  status: SubscriptionStatus;
  billingInterval: string | null;
  billingIntervalCount: number | null;
  currencyCode: string | null;
  /** Details the REST payload lacks (from the Admin API); undefined keeps what the mirror has. */
  planName?: string | null;
  nextBillingDate?: Date | null;
  createdAt: Date | null;
  /** The version: Shopify's updated_at, else the delivery's triggered-at (required: see the module comment). */
  updatedAt: Date;
}

export function contractInputFromPayload(payload: unknown, topic: string, triggeredAt: Date | null): ContractInput {
  const p = parsePayload(
    ContractPayload.superRefine((v, ctx) => {
      if (!v.updated_at && !triggeredAt)
        ctx.addIssue({ code: "custom", message: "no updated_at or X-Shopify-Triggered-At to order it by", path: ["updated_at"] });
    }),
    payload,
    topic,
  );
  const updatedAt = p.updated_at ? new Date(p.updated_at) : triggeredAt!;
  return {
    shopifyId: p.id,
    customerShopifyId: p.customer_id ?? idFromGid(p.admin_graphql_api_customer_id),
    originOrderShopifyId: p.origin_order_id ?? null,
    status: p.status,
    billingInterval: p.billing_policy?.interval ? p.billing_policy.interval.toUpperCase() : null,
    billingIntervalCount: p.billing_policy?.interval_count ?? null,
    currencyCode: p.currency_code ? p.currency_code.toUpperCase() : null,
    createdAt: p.created_at ? new Date(p.created_at) : null,
    updatedAt,
  };
}

const AttemptPayload = z.object({
  id: NumericId,
  admin_graphql_api_id: optionalString,
  idempotency_key: optionalString,
  order_id: optionalId,
  subscription_contract_id: NumericId,
  ready: z.boolean().nullish().catch(null),
  error_message: optionalString,
  error_code: optionalString,
});

/** What a subscription_billing_attempts/success|failure delivery says. */
export interface AttemptInput {
  shopifyId: bigint;
  contractShopifyId: bigint;
  orderShopifyId: bigint | null;
  status: BillingAttemptStatus;
  errorCode: string | null;
  errorMessage: string | null;
  attemptedAt: Date;
}

export function attemptInputFromPayload(payload: unknown, topic: string, triggeredAt: Date | null): AttemptInput {
  const p = parsePayload(
    AttemptPayload.superRefine((_v, ctx) => {
      if (!triggeredAt) ctx.addIssue({ code: "custom", message: "no X-Shopify-Triggered-At to order it by (the payload carries no time)", path: ["triggered_at"] });
    }),
    payload,
    topic,
  );
  const failed = topic.endsWith("/failure");
  return {
    shopifyId: p.id,
    contractShopifyId: p.subscription_contract_id,
    orderShopifyId: p.order_id ?? null,
    status: failed ? "FAILURE" : "SUCCESS",
    errorCode: failed ? p.error_code?.slice(0, 100) ?? null : null,
    errorMessage: failed ? p.error_message?.slice(0, 1000) ?? null : null,
    attemptedAt: triggeredAt!,
  };
}
