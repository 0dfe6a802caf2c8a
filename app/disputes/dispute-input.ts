import { z } from "zod";
import type { DisputeKind, DisputeStatus } from "../generated/prisma/enums";
import { parsePayload } from "../orders/webhook-payloads";
import { idFromGid, MAX_SHOPIFY_ID } from "../orders/mirror-input";

// One Shopify Payments dispute as the mirror stores it, from either source: the disputes/create and
// disputes/update webhooks (REST shape: id, order_id, type "chargeback"/"inquiry", amount as a string, currency,
// reason, network_reason_code, status, evidence_due_by, evidence_sent_on, finalized_on, initiated_at) or the Admin
// API's shopifyPaymentsAccount.disputes (GraphQL shape). Both become a DisputeInput.

export interface DisputeInput {
  shopifyId: bigint;
  orderShopifyId: bigint | null;
  kind: DisputeKind;
  status: DisputeStatus;
  /** Lower case, REST spelling: fraudulent, product_not_received, subscription_canceled, … */
  reason: string;
  networkReasonCode: string | null;
  /** Decimal string, e.g. "84.00". */
  amount: string;
  currencyCode: string;
  evidenceDueBy: Date | null;
  evidenceSentOn: Date | null;
  finalizedOn: Date | null;
  initiatedAt: Date;
}

const STATUSES: Record<string, DisputeStatus> = {
  needs_response: "NEEDS_RESPONSE",
  under_review: "UNDER_REVIEW",
  charge_refunded: "CHARGE_REFUNDED",
  accepted: "ACCEPTED",
  won: "WON",
  lost: "LOST",
  // A dispute kept from becoming a formal chargeback (GraphQL PREVENTED): settled in the merchant's favour.
  prevented: "PREVENTED",
};

/** Where a status stands: a dispute never moves back to a lower rank. */
export function disputeStatusRank(status: DisputeStatus): number {
  if (status === "NEEDS_RESPONSE") return 0;
  if (status === "UNDER_REVIEW") return 1;
  return 2;
}

export const isFinalDispute = (status: DisputeStatus) => disputeStatusRank(status) === 2;

/** Shopify's reason in the one spelling the catalogue knows (GraphQL SUBSCRIPTION_CANCELLED → subscription_canceled). */
export function normaliseReason(reason: string): string {
  const lower = reason.trim().toLowerCase();
  return lower === "subscription_cancelled" ? "subscription_canceled" : lower;
}

const Status = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => v in STATUSES, "not a dispute status Shopify sends")
  .transform((v) => STATUSES[v]);
const Kind = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => v === "chargeback" || v === "inquiry", "must be chargeback or inquiry")
  .transform((v): DisputeKind => (v === "chargeback" ? "CHARGEBACK" : "INQUIRY"));
const Amount = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d{1,14}(\.\d{1,4})?$/.test(v), "must be an amount like 84.00");
const Currency = z.string().regex(/^[A-Za-z]{3}$/, "must be a three-letter currency code").transform((v) => v.toUpperCase());
const Timestamp = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), "must be a date and time")
  .transform((v) => new Date(v));
const optionalTimestamp = Timestamp.nullish().catch(null).transform((v) => v ?? null);
const NumericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,19}$/)])
  .refine((v) => /^\d{1,19}$/.test(typeof v === "number" ? v.toFixed(0) : String(v)) && BigInt(v) <= MAX_SHOPIFY_ID, "id out of range")
  .transform((v) => BigInt(v));

/** The REST payload of disputes/create and disputes/update (only what the mirror uses). */
const DisputePayload = z.object({
  id: NumericId,
  order_id: NumericId.nullish().transform((v) => v ?? null),
  type: Kind,
  amount: Amount,
  currency: Currency,
  reason: z.string().min(1, "must name a reason"),
  network_reason_code: z.union([z.string(), z.number()]).nullish().catch(null).transform((v) => (v === null || v === undefined ? null : String(v))),
  status: Status,
  evidence_due_by: optionalTimestamp,
  evidence_sent_on: optionalTimestamp,
  finalized_on: optionalTimestamp,
  initiated_at: Timestamp,
});

/** Parses a disputes/* delivery; InvalidPayloadError (unprocessable: not retried) names each missing part. */
export function disputeInputFromPayload(payload: unknown, topic: string): DisputeInput {
  const p = parsePayload(DisputePayload, payload, topic);
  return {
    shopifyId: p.id,
    orderShopifyId: p.order_id,
    kind: p.type,
    status: p.status,
    reason: normaliseReason(p.reason),
    networkReasonCode: p.network_reason_code,
    amount: p.amount,
    currencyCode: p.currency,
    evidenceDueBy: p.evidence_due_by,
    evidenceSentOn: p.evidence_sent_on,
    finalizedOn: p.finalized_on,
    initiatedAt: p.initiated_at,
  };
}

const Gid = z.string().refine((v) => idFromGid(v) !== null, "not a Shopify GID");

/** One node of shopifyPaymentsAccount.disputes (app/shopify/operations/disputes.ts). */
export const DisputeNode = z.object({
  id: Gid,
  legacyResourceId: z.string().regex(/^\d{1,19}$/).optional(),
  status: Status,
  type: Kind,
  reasonDetails: z.object({ reason: z.string().min(1), networkReasonCode: z.string().nullish() }),
  amount: z.object({ amount: Amount, currencyCode: Currency }),
  evidenceDueBy: optionalTimestamp,
  evidenceSentOn: optionalTimestamp,
  finalizedOn: optionalTimestamp,
  initiatedAt: Timestamp,
  order: z.object({ id: Gid }).nullish(),
});

export function disputeInputFromNode(node: z.output<typeof DisputeNode>): DisputeInput {
  return {
    shopifyId: node.legacyResourceId ? BigInt(node.legacyResourceId) : idFromGid(node.id)!,
    orderShopifyId: node.order ? idFromGid(node.order.id) : null,
    kind: node.type,
    status: node.status,
    reason: normaliseReason(node.reasonDetails.reason),
    networkReasonCode: node.reasonDetails.networkReasonCode ?? null,
    amount: node.amount.amount,
    currencyCode: node.amount.currencyCode,
    evidenceDueBy: node.evidenceDueBy,
    evidenceSentOn: node.evidenceSentOn,
    finalizedOn: node.finalizedOn,
    initiatedAt: node.initiatedAt,
  };
}
