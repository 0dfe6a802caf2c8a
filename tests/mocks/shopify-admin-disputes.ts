import type { OperationResolver } from "./shopify-admin";
import { loadWebhookFixture } from "./shopify-admin-orders";

/**
 * Admin API answers for the dispute sync (app/shopify/operations/disputes.ts): shopifyPaymentsAccount.disputes.
 * By default the store has Shopify Payments and no dispute opened in the window, so the hourly reconciliation of
 * the tests and of demo mode changes nothing; tests answer other states with mock.use("DisputesForSync", …) and
 * the builders below. The REST shape of the same dispute is tests/fixtures/webhooks/disputes-create.json.
 */

export interface RestDispute {
  id: number;
  order_id: number | null;
  type: "chargeback" | "inquiry";
  amount: string;
  currency: string;
  reason: string;
  network_reason_code: string | null;
  status: string;
  evidence_due_by: string | null;
  evidence_sent_on: string | null;
  finalized_on: string | null;
  initiated_at: string;
}

/** The disputes/create fixture (a chargeback on #1001: product not received), with changes. */
export function restDispute(overrides: Partial<RestDispute> = {}): RestDispute {
  return { ...loadWebhookFixture<RestDispute>("disputes-create"), ...overrides };
}

/** The same dispute as a node of shopifyPaymentsAccount.disputes. */
export function disputeNode(rest: RestDispute = restDispute()) {
  return {
    id: `gid://shopify/ShopifyPaymentsDispute/${rest.id}`,
    legacyResourceId: String(rest.id),
    status: rest.status.toUpperCase(),
    type: rest.type.toUpperCase(),
    reasonDetails: { reason: rest.reason.toUpperCase(), networkReasonCode: rest.network_reason_code },
    amount: { amount: rest.amount, currencyCode: rest.currency },
    evidenceDueBy: rest.evidence_due_by,
    evidenceSentOn: rest.evidence_sent_on,
    finalizedOn: rest.finalized_on,
    initiatedAt: rest.initiated_at,
    order: rest.order_id ? { id: `gid://shopify/Order/${rest.order_id}` } : null,
  };
}

/** Answers DisputesForSync with these nodes, one page. */
export function disputesAnswer(nodes: unknown[]): OperationResolver {
  return () => ({
    shopifyPaymentsAccount: { disputes: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } },
  });
}

/** A store without Shopify Payments. */
export const noPaymentsAccount: OperationResolver = () => ({ shopifyPaymentsAccount: null });

/** Spread into the Admin mock's default resolvers. */
export const disputesResolvers: Record<string, OperationResolver> = {
  DisputesForSync: disputesAnswer([]),
};
