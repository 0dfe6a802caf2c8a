// Text of Settings → Automation (proactive messages to customers): keys "automation.*".
export const automation = {
  "automation.title": "Automatic messages",
  "automation.subtitle": "Messages the app sends to customers on its own, in the case's email thread",
  "automation.overview.summary": "Order updates and acknowledgements sent to customers on their own",
  "automation.about":
    "Automatic messages are emailed through your email server (Settings → Email) and appear on the case timeline, marked as automatic. Each one ends with a link to the conversation so the customer can reply.",
  "automation.orderUpdates.heading": "Order updates",
  "automation.orderUpdates.enabled": "Email customers when an order linked to their open case changes",
  "automation.orderUpdates.help": "Only for cases that are open, pending or snoozed — never for resolved, closed or merged cases. Each change is sent once.",
  "automation.orderUpdates.shipped": "The order ships (with carrier and tracking link)",
  "automation.orderUpdates.delivered": "The order is delivered",
  "automation.orderUpdates.refunded": "A refund is issued",
  "automation.autoAcknowledge.heading": "Acknowledgement of new cases",
  "automation.autoAcknowledge.enabled": "Reply to new cases with a receipt and the order's live status",
  "automation.autoAcknowledge.help":
    "New cases from email and the storefront contact form get a short reply with the linked order's status and tracking link, which answers most \"where is my order\" questions at once.",
  "automation.saved": "Automatic messages saved",
} as const;
