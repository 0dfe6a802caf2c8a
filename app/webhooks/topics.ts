// Every topic the app subscribes to (shopify.app.toml) and handles (app/webhooks/registry.server.ts); a test
// keeps the three in step. Checked against the Admin 2026-07 WebhookSubscriptionTopic enum.

export const ORDER_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "fulfillments/create",
  "fulfillments/update",
  "fulfillment_events/create",
  "refunds/create",
  "order_transactions/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/cancel",
  "returns/close",
  "returns/reopen",
  "returns/process",
  "customers/update",
] as const;

/** Shopify Payments disputes (app/disputes); need the read_shopify_payments_disputes scope. */
export const DISPUTE_TOPICS = ["disputes/create", "disputes/update"] as const;

export const APP_TOPICS = ["app/uninstalled", "app/scopes_update"] as const;

/**
 * Subscription topics need the optional subscription scope: not in shopify.app.toml but registered per shop
 * (webhookSubscriptionCreate) once the merchant turns subscriptions on (docs/decisions/0018-optional-subscription-scopes.md).
 */
export const SUBSCRIPTION_TOPICS = [
  "subscription_contracts/create",
  "subscription_contracts/update",
  "subscription_billing_attempts/success",
  "subscription_billing_attempts/failure",
] as const;

/** Mandatory privacy topics (subscribed as compliance_topics); processed even for uninstalled shops. */
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export const WEBHOOK_TOPICS: readonly string[] = [...ORDER_TOPICS, ...DISPUTE_TOPICS, ...APP_TOPICS, ...COMPLIANCE_TOPICS, ...SUBSCRIPTION_TOPICS];

export function isKnownTopic(topic: string): boolean {
  return WEBHOOK_TOPICS.includes(topic);
}

export function isComplianceTopic(topic: string): boolean {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}

const BY_ENUM_NAME = new Map(WEBHOOK_TOPICS.map((t) => [t.toUpperCase().replaceAll("/", "_"), t]));

/**
 * Topics arrive as `fulfillment_events/create` (headers) or as the GraphQL enum name `FULFILLMENT_EVENTS_CREATE`
 * (what @shopify/shopify-api reports). The enum form is mapped back through the known topics, since its
 * underscores are ambiguous; an unknown enum name is returned lower-cased.
 */
export function normaliseTopic(topic: string): string {
  if (topic.includes("/")) return topic.toLowerCase();
  return BY_ENUM_NAME.get(topic.toUpperCase()) ?? topic.toLowerCase();
}
