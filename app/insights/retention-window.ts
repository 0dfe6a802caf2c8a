/** Retention after a support contact: a customer is retained when they order again within this many days. */
export const RETENTION_WINDOW_DAYS = 90;
