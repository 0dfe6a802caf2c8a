import type { WebhookHandler } from "../webhooks/types";
import { applyDisputeMirroringOrder } from "./apply-with-order.server";
import { disputeInputFromPayload } from "./dispute-input";

// disputes/create and disputes/update (Shopify Payments chargebacks and inquiries). The payload is parsed
// (InvalidPayloadError — unprocessable, not retried — when it lacks an id, status, amount, …) and applied
// (app/disputes/apply-dispute.server.ts). A dispute about an order the mirror lacks first mirrors the order from
// the Admin API, the way the order topics do (app/orders/handlers.server.ts); when Shopify no longer has the
// order, the dispute is stored unlinked and linked once the order arrives. Nothing here can move money.

const applyDisputeDelivery: WebhookHandler = async (ctx) => {
  if (ctx.shop.state === "UNINSTALLED") return "ignored";
  const input = disputeInputFromPayload(ctx.payload, ctx.topic);
  // Mirrors a missing order first; when Shopify no longer has it, the dispute is parked until it arrives.
  const outcome = await applyDisputeMirroringOrder(ctx.shop, input, () => ctx.admin());
  return outcome === "order_missing" ? "ignored" : outcome;
};

/** Dispute topics and their handlers, for the registry that dispatches stored deliveries. */
export const disputeWebhookHandlers: Record<string, WebhookHandler> = {
  "disputes/create": applyDisputeDelivery,
  "disputes/update": applyDisputeDelivery,
};
