// Text of receipts (issue 10): Shopify's order confirmation/invoice email sent again, by staff from a case or by
// the shopper from the storefront and the customer account. Keys start with "receipt.".
export const receipts = {
  "receipt.sent": "Receipt for order {order} sent to {email}.",
  "receipt.sentToShopper": "Your receipt for order {order} is on its way to {email}.",
  "receipt.error.orderNotFound": "This order does not exist in this store.",
  "receipt.error.noEmail":
    "Order {order} has no email address, so there is nowhere to send its receipt. Receipts only go to the email on the order.",
  "receipt.error.noEmailShopper":
    "Order {order} has no email address, so we can't email its receipt. Contact us and we'll help.",
  "receipt.error.refusedShopper": "The store couldn't send your receipt just now: {reasons} Try again later, or contact us.",
  "receipt.error.unavailableShopper": "We couldn't reach the store to send your receipt. Try again in a few minutes.",
  "receipt.error.caseNotFound": "This case does not exist in this store.",
  "receipt.error.orderNotLinked": "This order is not linked to this case. Link it to the case first.",
  "receipt.error.keyReused": "This request was already used for another action. Reload the page and try again.",
  "receipt.error.inFlight": "This receipt is being sent right now. Wait a moment, then reload.",
  "receipt.rateLimitedOrder": "A receipt for this order was sent several times recently. Check your inbox and spam folder, or try again in {minutes} minute(s).",
  "receipt.rateLimitedIp": "Too many receipt requests from your connection. Try again in {minutes} minute(s).",
  "receipt.event.sent": "Receipt emailed to the order's address",
  "case.event.receipt_sent": "{actor} emailed the receipt of {order} to the order's address",
  "case.event.receipt_requested": "The customer asked for the receipt of {order} ({source}); emailed to the order's address",
  "case.event.receipt_source.storefront": "online store",
  "case.event.receipt_source.customer_account": "customer account",
} as const;
