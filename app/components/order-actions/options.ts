// Shopify's enum values offered by the order-action forms (Admin 2026-07), shared by the modals and the server.

/** OrderCancelReason */
export const CANCEL_REASONS = ["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** ReturnDeclineReason */
export const DECLINE_REASONS = ["RETURN_PERIOD_ENDED", "FINAL_SALE", "OTHER"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
