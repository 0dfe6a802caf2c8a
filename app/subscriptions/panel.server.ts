import db from "../db.server";
import { gidFor } from "../orders/mirror-input";
import { billingErrorInWords } from "./error-words";

// The case panel's subscriptions from the mirror (contracts by the customer's Shopify id, so contracts parked
// before their customer reached the mirror show too). The panel falls back to a live read when the mirror has none.

const CONTRACTS_LIMIT = 10;

export interface MirroredContractView {
  id: string;
  status: string;
  nextBillingDate: string | null;
  interval: string | null;
  items: string[];
  lastPaymentStatus: string | null;
  lastFailedPayment: { at: string; reason: string; recoveredAt: string | null } | null;
  cancelledAt: string | null;
}

/** The customer's mirrored contracts, newest first; empty when the mirror has none. */
export async function mirroredSubscriptions(
  shopId: string,
  customerShopifyId: bigint
): Promise<MirroredContractView[]> {
  const rows = await db.subscriptionContract.findMany({
    where: { shopId, customerShopifyId },
    orderBy: [{ shopifyCreatedAt: "desc" }, { id: "desc" }],
    take: CONTRACTS_LIMIT,
    select: {
      shopifyId: true,
      status: true,
      planName: true,
      billingInterval: true,
      billingIntervalCount: true,
      nextBillingDate: true,
      cancelledAt: true,
      billingAttempts: {
        orderBy: { attemptedAt: "desc" },
        take: 5,
        select: { status: true, errorCode: true, errorMessage: true, attemptedAt: true, recoveredAt: true },
      },
    },
  });
  return rows.map((c) => {
    const latest = c.billingAttempts[0];
    const failed = c.billingAttempts.find((a) => a.status === "FAILURE");
    return {
      id: gidFor("SubscriptionContract", c.shopifyId),
      status: c.status,
      nextBillingDate: c.nextBillingDate?.toISOString() ?? null,
      interval: c.billingInterval ? `${c.billingIntervalCount ?? 1}:${c.billingInterval}` : null,
      items: c.planName ? [c.planName] : [],
      lastPaymentStatus: latest ? (latest.status === "SUCCESS" ? "SUCCEEDED" : "FAILED") : null,
      lastFailedPayment: failed
        ? {
            at: failed.attemptedAt.toISOString(),
            reason: billingErrorInWords(failed.errorCode, failed.errorMessage),
            recoveredAt: failed.recoveredAt?.toISOString() ?? null,
          }
        : null,
      cancelledAt: c.cancelledAt?.toISOString() ?? null,
    };
  });
}
