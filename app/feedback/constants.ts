// Shared by the feedback services and the pages (no server code here: the browser bundle imports it).
export const FEEDBACK_KINDS = ["PRODUCT_FEEDBACK", "FEATURE_REQUEST"] as const;
export const FEEDBACK_STATUSES = ["OPEN", "PLANNED", "SHIPPED", "DECLINED"] as const;
/** Requests listed on one page of /app/feedback (a shop's feedback is hundreds of requests, not millions). */
export const LIST_LIMIT = 250;
