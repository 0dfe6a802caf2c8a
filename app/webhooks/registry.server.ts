import type { WebhookHandler } from "./types";
import { appWebhookHandlers } from "./app-handlers.server";
import { orderWebhookHandlers } from "../orders/handlers.server";
import { complianceWebhookHandlers } from "../compliance/handlers.server";
import { disputeWebhookHandlers } from "../disputes/handlers.server";
import { subscriptionWebhookHandlers } from "../subscriptions/handlers.server";

/** Topic → handler, for the job that processes stored deliveries. Kept in step with ./topics by a test. */
export const webhookHandlers: Record<string, WebhookHandler> = {
  ...appWebhookHandlers,
  ...orderWebhookHandlers,
  ...disputeWebhookHandlers,
  ...complianceWebhookHandlers,
  ...subscriptionWebhookHandlers,
};
