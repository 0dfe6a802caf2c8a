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
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/cancel",
  "returns/close",
  "returns/reopen",
  "returns/process",
  "customers/update",
] as const;

export const APP_TOPICS = ["app/uninstalled", "app/scopes_update"] as const;

/** Mandatory privacy topics (subscribed as compliance_topics); processed even for uninstalled shops. */
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export const WEBHOOK_TOPICS: readonly string[] = [...ORDER_TOPICS, ...APP_TOPICS, ...COMPLIANCE_TOPICS];

export function isKnownTopic(topic: string): boolean {
  return WEBHOOK_TOPICS.includes(topic);
}

export function isComplianceTopic(topic: string): boolean {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}

/** Shopify sends topics as `orders/create` in headers (older deliveries: `ORDERS_CREATE`). */
export function normaliseTopic(topic: string): string {
  return topic.includes("/") ? topic.toLowerCase() : topic.toLowerCase().replace("_", "/");
}
