// Text of Shopify Payments disputes (chargebacks and inquiries): the case banner, the case opened for a dispute,
// its timeline events and its section of the evidence pack. Keys "dispute.*".
export const disputes = {
  "dispute.kind.CHARGEBACK": "Chargeback",
  "dispute.kind.INQUIRY": "Inquiry",

  // Shopify's reason codes (REST lower case; the GraphQL enum lower-cased), in plain words.
  "dispute.reason.fraudulent": "payment not authorised by the cardholder",
  "dispute.reason.general": "no reason given",
  "dispute.reason.unrecognized": "charge not recognised",
  "dispute.reason.duplicate": "charged twice",
  "dispute.reason.subscription_canceled": "charged after a cancelled subscription",
  "dispute.reason.product_unacceptable": "product defective or not as described",
  "dispute.reason.not_as_described": "product not as described",
  "dispute.reason.product_not_received": "product not received",
  "dispute.reason.credit_not_processed": "refund not received",
  "dispute.reason.incorrect_account_details": "incorrect account details",
  "dispute.reason.insufficient_funds": "insufficient funds",
  "dispute.reason.bank_cannot_process": "bank could not process the payment",
  "dispute.reason.debit_not_authorized": "debit not authorised",
  "dispute.reason.customer_initiated": "cancelled by the customer",
  "dispute.reason.noncompliant": "payment did not follow card network rules",

  "dispute.status.NEEDS_RESPONSE": "Needs response",
  "dispute.status.UNDER_REVIEW": "Under review",
  "dispute.status.CHARGE_REFUNDED": "Charge refunded",
  "dispute.status.ACCEPTED": "Accepted",
  "dispute.status.WON": "Won",
  "dispute.status.PREVENTED": "Prevented (no chargeback)",
  "dispute.status.LOST": "Lost",

  // The case a dispute opens, and its first (internal) note.
  "dispute.case.subject": "{kind}: {reason} — order {order} ({amount})",
  "dispute.case.subjectNoOrder": "{kind}: {reason} ({amount})",
  "dispute.case.note":
    "Shopify Payments reports a {kind} on order {order}: {reason}, {amount}. Evidence is due {due}. Submit your response in Shopify admin (Orders → the order → Submit response); the evidence pack of the order collects what this app holds.",
  "dispute.case.noteNoDue": "Shopify Payments reports a {kind} on order {order}: {reason}, {amount}.",
  "dispute.case.noDue": "no due date given",

  // The case view.
  "dispute.banner.title": "{kind} on order {order}: {reason}",
  "dispute.banner.amount": "Disputed amount: {amount}",
  "dispute.banner.status": "Status: {status}",
  "dispute.banner.evidenceDue": "Evidence due {at} ({relative})",
  "dispute.banner.evidenceSent": "Evidence sent {at}",
  "dispute.banner.finalized": "Decided {at}",
  "dispute.banner.overdue": "overdue",
  "dispute.banner.dueToday": "due today",
  "dispute.banner.dueInDays": "in {days} days",
  "dispute.banner.dueInOneDay": "in 1 day",
  "dispute.banner.respondInShopify": "Respond in Shopify admin; nothing here moves money.",
  "dispute.banner.orderUnknown": "The order of this dispute is not in the app yet.",
  "dispute.sla.external": "Chargeback evidence",
  "dispute.sla.evidenceDue": "Evidence due {at}",

  // Timeline.
  "dispute.event.opened": "{kind} opened on order {order}: {reason}, {amount}",
  "dispute.event.updated": "{kind} on order {order} is now: {status}",
  "dispute.event.won": "{kind} on order {order} was won",
  "dispute.event.lost": "{kind} on order {order} was lost",

  // Evidence pack.
  "dispute.evidence.heading": "Disputes",
  "dispute.evidence.kind": "Type",
  "dispute.evidence.reason": "Reason",
  "dispute.evidence.networkCode": "Card network reason code",
  "dispute.evidence.amount": "Amount",
  "dispute.evidence.status": "Status",
  "dispute.evidence.initiated": "Opened",
  "dispute.evidence.due": "Evidence due",
  "dispute.evidence.sent": "Evidence sent",
  "dispute.evidence.finalized": "Decided",
} as const;
