// Shopper-facing text of the storefront endpoints (docs/storefront-api.md). The theme blocks translate their own
// interface; these are the messages the server answers with, in one place so other languages can follow.

export const STOREFRONT_TEXT = {
  orderNotFound: "We couldn't find an order with that number and email address. Check both and try again.",
  customerOrderNotFound: "We couldn't find that order in your account. Check the order number and try again.",
  signInForOrders: "Sign in to see your orders.",
  signInForReturns: "Sign in to request a return. Returns are available to signed-in customers only.",
  badSignature: "This request could not be verified as coming from the store. Reload the page and try again.",
  staleSignature: "This page was open too long and its request has expired. Reload the page and try again.",
  shopNotInstalled: "Support is not available for this store right now.",
  rateLimitedIp: (minutes: number) =>
    `Too many order lookups from your connection. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  rateLimitedOrder: (minutes: number) =>
    `Too many unsuccessful lookups for this order number. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or contact us.`,
  rateLimitedContact: (minutes: number) =>
    `You've sent several messages in a short time. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}; we have your earlier messages.`,
  methodNotAllowed: (allow: string) => `This address only accepts ${allow} requests.`,
  articleNotFound: "This help article is not available. It may have been moved or unpublished.",
  returnRequested: (order: string) => `Your return request for ${order} was sent. We'll email you when it's reviewed.`,
  returnApproved: (order: string) => `Your return for ${order} is approved. We'll email you the return instructions.`,
  returnUnavailable: "We couldn't send your return request to the store just now. Try again in a few minutes.",
  contactReceived: (name: string, email: string) => `Thanks, ${name}. We received your message and will reply to ${email}.`,
} as const;

/** Shopper-facing names of Shopify's ReturnReason values. */
export const RETURN_REASON_LABELS: Record<string, string> = {
  SIZE_TOO_SMALL: "Size too small",
  SIZE_TOO_LARGE: "Size too large",
  UNWANTED: "Changed my mind",
  NOT_AS_DESCRIBED: "Not as described",
  WRONG_ITEM: "Received the wrong item",
  DEFECTIVE: "Damaged or defective",
  STYLE: "Style",
  COLOR: "Color",
  OTHER: "Other",
};

/** Case subjects for the contact form's topics. */
export const TOPIC_SUBJECTS: Record<string, string> = {
  WHERE_IS_MY_ORDER: "Where is my order?",
  RETURN: "Return request",
  REFUND: "Refund question",
  CANCEL: "Cancel my order",
  BILLING: "Billing question",
  PRODUCT_QUESTION: "Product question",
  DAMAGED_OR_WRONG: "Damaged or wrong item",
  ACCOUNT: "Account question",
  OTHER: "Question from the storefront",
};
