import { openReturnCase } from "../cases/return-cases.server";
import type { WebhookContext, WebhookHandler, WebhookOutcome } from "../webhooks/types";
import { fetchOrderForMirror, fetchReturnOrderId } from "./admin-order.server";
import {
  applyCustomerUpdate,
  applyFulfillment,
  applyFulfillmentEvent,
  applyOrder,
  applyRefund,
  applyReturn,
  applyTransaction,
  orderOfMirroredReturn,
  type MirrorMissing,
  type MirrorOutcome,
} from "./mirror.server";
import {
  customerInputFromUpdatePayload,
  fulfillmentEventInputFromPayload,
  fulfillmentInputFromPayload,
  orderInputFromPayload,
  refundInputFromPayload,
  returnInputFromPayload,
} from "./webhook-payloads";
import { transactionInputFromPayload } from "./transactions";

// One handler per order-related topic. Each parses the payload (InvalidPayloadError when it lacks what the
// mirror needs), applies it to the mirror and returns applied / stale / ignored. A delivery about an order
// the mirror does not have yet (a fulfillment before its order, a refund for an order from before install)
// first mirrors the order from the Admin API, then applies itself.

/** Queued deliveries of a shop that has since uninstalled the app: its token is gone, nothing to do. */
const uninstalled = (ctx: WebhookContext) => ctx.shop.state === "UNINSTALLED";

const applyOrderDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = orderInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt, ctx.shop.currencyCode);
  return applyOrder(ctx.shop, input);
};

/** Mirrors the order from the Admin API; false when Shopify no longer has it. */
async function mirrorOrderFromAdmin(ctx: WebhookContext, orderShopifyId: bigint): Promise<boolean> {
  const input = await fetchOrderForMirror(await ctx.admin(), orderShopifyId);
  if (!input) return false;
  await applyOrder(ctx.shop, input);
  return true;
}

/** Applies a delivery that needs its order in the mirror, fetching the order first when it is not. */
async function withOrder(
  ctx: WebhookContext,
  orderShopifyId: bigint,
  apply: () => Promise<MirrorOutcome | MirrorMissing>,
): Promise<WebhookOutcome> {
  const first = await apply();
  if (first === "applied" || first === "stale") return first;
  if (!(await mirrorOrderFromAdmin(ctx, orderShopifyId))) return "ignored";
  const second = await apply();
  if (second === "order_missing" || second === "fulfillment_missing") {
    // The Admin API does not list it (yet): let the job engine retry later.
    throw new Error(
      `${ctx.topic}: order ${orderShopifyId} was fetched from the Admin API but still lacks what this delivery refers to`,
    );
  }
  // The order itself came into the mirror with this delivery.
  return "applied";
}

const applyFulfillmentDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = fulfillmentInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  return withOrder(ctx, input.orderShopifyId, () => applyFulfillment(ctx.shop, input));
};

const applyFulfillmentEventDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = fulfillmentEventInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  if (!input) return "ignored"; // a carrier status this app does not know
  return withOrder(ctx, input.orderShopifyId, () => applyFulfillmentEvent(ctx.shop, input));
};

const applyRefundDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = refundInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  return withOrder(ctx, input.orderShopifyId, () => applyRefund(ctx.shop, input));
};

const applyTransactionDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = transactionInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  return withOrder(ctx, input.orderShopifyId, () => applyTransaction(ctx.shop, input));
};

const applyReturnDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = returnInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  // Some returns/* payloads name only the return: find its order in the mirror, else ask Shopify.
  const orderShopifyId =
    input.orderShopifyId ??
    (await orderOfMirroredReturn(ctx.shop.id, input.shopifyId)) ??
    (await fetchReturnOrderId(await ctx.admin(), input.shopifyId));
  if (orderShopifyId === null) return "ignored";
  const withOrderId = { ...input, orderShopifyId };
  const outcome = await withOrder(ctx, orderShopifyId, () => applyReturn(ctx.shop, withOrderId));
  // A customer's return request becomes a case (once per return; see app/cases/return-cases.server.ts).
  if (ctx.topic === "returns/request" && outcome !== "ignored") await openReturnCase(ctx.shop, input.shopifyId);
  return outcome;
};

const applyCustomerDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  return applyCustomerUpdate(ctx.shop, customerInputFromUpdatePayload(ctx.payload, ctx.topic, ctx.triggeredAt));
};

/** Order-related topics and their handlers, for the registry that dispatches stored deliveries. */
export const orderWebhookHandlers: Record<string, WebhookHandler> = {
  "orders/create": applyOrderDelivery,
  "orders/updated": applyOrderDelivery,
  "orders/cancelled": applyOrderDelivery,
  "fulfillments/create": applyFulfillmentDelivery,
  "fulfillments/update": applyFulfillmentDelivery,
  "fulfillment_events/create": applyFulfillmentEventDelivery,
  "refunds/create": applyRefundDelivery,
  "order_transactions/create": applyTransactionDelivery,
  "returns/request": applyReturnDelivery,
  "returns/approve": applyReturnDelivery,
  "returns/decline": applyReturnDelivery,
  "returns/cancel": applyReturnDelivery,
  "returns/close": applyReturnDelivery,
  "returns/reopen": applyReturnDelivery,
  "returns/process": applyReturnDelivery,
  "customers/update": applyCustomerDelivery,
};
