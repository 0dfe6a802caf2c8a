import { z } from "zod";
import type { AdminGraphql } from "../auth/staff.server";
import { AdminGraphqlError, adminGraphql } from "../shopify/admin-client.server";
import { DISPUTES_FOR_SYNC_QUERY } from "../shopify/operations/disputes";
import { hasScopes } from "../shops/scopes";
import type { ShopRecord } from "../shops/shops.server";
import { applyDisputeMirroringOrder } from "./apply-with-order.server";
import { disputeInputFromNode, DisputeNode } from "./dispute-input";

// The hourly reconciliation (app/sync/reconcile.server.ts) re-reads the shop's Shopify Payments disputes opened
// in the last DISPUTE_SYNC_DAYS and applies each like a webhook would: a missed disputes/create or /update heals
// within the hour, and what is already stored is a no-op. Needs read_shopify_payments_disputes: a shop that did
// not grant it (or whose answer is ACCESS_DENIED, e.g. scopes not recorded yet) has no disputes access, which is
// not an error; a store without Shopify Payments (shopifyPaymentsAccount: null) simply has none.

/** Disputes stay open for weeks (evidence is due ~3 weeks in, the bank decides within ~75 days). */
export const DISPUTE_SYNC_DAYS = 120;
export const DISPUTE_SCOPE = "read_shopify_payments_disputes";
const PAGE_SIZE = 50;

const DisputesPage = z.object({
  shopifyPaymentsAccount: z
    .object({
      disputes: z.object({
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
        nodes: z.array(z.unknown()),
      }),
    })
    .nullable(),
});

/** Whether to read disputes: the scope is granted, or the shop's scopes were never recorded (try; see above). */
export function mayReadDisputes(shop: Pick<ShopRecord, "scopes">): boolean {
  return shop.scopes === null || hasScopes(shop.scopes, [DISPUTE_SCOPE]);
}

/** Shopify refused the disputes query for lack of access (the scope was not granted, or was taken back). */
function isAccessDenied(error: unknown): boolean {
  return error instanceof AdminGraphqlError && error.errors.some((e) => e.code === "ACCESS_DENIED");
}

export interface DisputeSyncResult {
  read: number;
  applied: number;
  /** Nodes that could not be read (a shape this app does not know): skipped, the rest still apply. */
  skipped: number;
  /** False when the shop has no disputes access (scope not granted, or Shopify answered ACCESS_DENIED). */
  access: boolean;
}

export async function syncDisputes(shop: ShopRecord, admin: AdminGraphql, now = new Date()): Promise<DisputeSyncResult> {
  const result: DisputeSyncResult = { read: 0, applied: 0, skipped: 0, access: true };
  if (!mayReadDisputes(shop)) return { ...result, access: false };
  const since = new Date(now.getTime() - DISPUTE_SYNC_DAYS * 24 * 3600 * 1000);
  let after: string | null = null;
  for (;;) {
    let data: unknown;
    try {
      data = await adminGraphql(admin, DISPUTES_FOR_SYNC_QUERY, { first: PAGE_SIZE, after, query: `initiated_at:>='${since.toISOString()}'` });
    } catch (error) {
      if (isAccessDenied(error)) return { ...result, access: false };
      throw error;
    }
    const page = DisputesPage.parse(data);
    const disputes = page.shopifyPaymentsAccount?.disputes;
    if (!disputes) return result;
    for (const raw of disputes.nodes) {
      result.read += 1;
      const node = DisputeNode.safeParse(raw);
      if (!node.success) {
        result.skipped += 1;
        continue;
      }
      const input = disputeInputFromNode(node.data);
      if ((await applyDisputeMirroringOrder(shop, input, async () => admin)) === "applied") result.applied += 1;
    }
    if (!disputes.pageInfo.hasNextPage || !disputes.pageInfo.endCursor) return result;
    after = disputes.pageInfo.endCursor;
  }
}
