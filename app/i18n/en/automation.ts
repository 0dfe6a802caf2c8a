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
  "automation.autoAnswers.heading": "Automatic answers",
  "automation.autoAnswers.enabled": "Answer \"where is my order\" and \"how do I return\" questions automatically",
  "automation.autoAnswers.help":
    "A new case about where an order is (with a linked order) gets its live status, carrier, tracking link and delivery date; a new case about a return gets your return policy, the order's return window and the link to the customer's orders page (https://<your shop domain>/account). The answer is marked as automatic and the case waits on the customer, with an \"I still need help\" button that reopens it for your team at high priority. Other cases get the acknowledgement above, if it's on.",
  "automation.firstOrderCare.heading": "First-order care",
  "automation.firstOrderCare.enabled": "Check in with first-time buyers after their order is delivered",
  "automation.firstOrderCare.help":
    "One email per first order (no earlier order by the same customer or email), listing up to 3 published help articles about what they bought. It is filed as a resolved case; a reply reopens it.",
  "automation.firstOrderCare.days": "Days after delivery",
  "automation.firstOrderCare.daysSuffix": "days",
  "automation.firstOrderCare.daysError": "Enter a whole number of days from 1 to 30",
  "automation.needsHelp.pageTitle": "I still need help",
  "automation.needsHelp.title": "Still need help?",
  "automation.needsHelp.intro": "Our automatic answer about case #{number} didn't solve it? Press the button and a person from our team takes over right away.",
  "automation.needsHelp.button": "I still need help",
  "automation.needsHelp.doneTitle": "Thanks — a person will answer you",
  "automation.needsHelp.alreadyTitle": "We already know you need help",
  "automation.needsHelp.doneBody": "Case #{number} is now with our team, at the top of the queue. We will reply by email; you can also add details to the conversation.",
  "automation.needsHelp.viewConversation": "Read or add to the conversation",
  "automation.saved": "Automatic messages saved",
} as const;
