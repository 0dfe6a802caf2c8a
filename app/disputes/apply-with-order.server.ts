import type { AdminGraphql } from "../auth/staff.server";
import { fetchOrderForMirror } from "../orders/admin-order.server";
import { applyOrder } from "../orders/mirror.server";
import type { ShopRecord } from "../shops/shops.server";
import { applyDispute, type DisputeOutcome } from "./apply-dispute.server";
import type { DisputeInput } from "./dispute-input";

/**
 * Applies a dispute the way both the disputes/* webhooks and the hourly sync do: about an order the mirror lacks,
 * the order is first mirrored from the Admin API (as the order topics do), then the dispute applied again — and
 * parked (stored unlinked, linked once the order arrives) when Shopify no longer has the order. "order_missing"
 * means parked. The Admin client is asked for only when the order must be fetched.
 */
export async function applyDisputeMirroringOrder(shop: ShopRecord, input: DisputeInput, admin: () => Promise<AdminGraphql>): Promise<DisputeOutcome> {
  const first = await applyDispute(shop, input);
  if (first !== "order_missing") return first;
  const order = input.orderShopifyId !== null ? await fetchOrderForMirror(await admin(), input.orderShopifyId) : null;
  if (order) await applyOrder(shop, order);
  return applyDispute(shop, input, { park: true });
}
