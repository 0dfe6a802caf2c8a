import type { WebhookHandler } from "../webhooks/types";
import { answerCustomerDataRequest } from "./answer-data-request.server";
import { handleCustomerRedact } from "./redact-customer.server";
import { handleShopRedact } from "./redact-shop.server";

/**
 * Shopify's mandatory privacy topics. They run even for an uninstalled (or never stored) shop: the job that
 * processes deliveries then passes a stand-in shop with an empty id, which the customer handlers answer with
 * "ignored" (nothing is held) and shop/redact with a clean-up by domain.
 */
export const complianceWebhookHandlers: Record<string, WebhookHandler> = {
  "customers/data_request": answerCustomerDataRequest,
  "customers/redact": handleCustomerRedact,
  "shop/redact": handleShopRedact,
};
