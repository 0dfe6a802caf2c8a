// Text of the payments & subscriptions insights (keys "insights.payments.*", "insights.nps.*"), the NPS survey page
// shoppers answer (/nps/<token>, "nps.page.*"), its email ("nps.email.*") and its settings page ("nps.settings.*").
export const nps = {
  "insights.report.payments": "Payments & subscriptions",
  "insights.report.dispute-reasons": "Dispute reasons",
  "insights.report.nps": "Net Promoter Score",

  "insights.payments.section": "Payments & subscriptions",
  "insights.payments.section.help":
    "Disputes and billing contacts are counted on the day they were opened, per 100 orders placed in the period. Amounts are in the shop's currency: disputes in other currencies are counted but their amounts are listed apart, never converted. These figures ignore the channel, topic and assignee filters.",
  "insights.payments.disputes": "Disputes",
  "insights.payments.disputeAmount": "Disputed amount",
  "insights.payments.disputeAmount.other": "Disputes in {currency} only. Not added: {amounts}",
  "insights.payments.disputesPer100": "Disputes per 100 orders",
  "insights.payments.billingContacts": "Billing contacts",
  "insights.payments.billingContactsPer100": "Billing contacts per 100 orders",
  "insights.payments.billingContacts.note": "Topic Billing or a failed payment, per case",
  "insights.payments.reasons": "Disputes by reason",
  "insights.payments.reasons.empty": "No disputes were opened in this period.",
  "insights.payments.column.reason": "Reason",
  "insights.payments.column.disputes": "Disputes",
  "insights.payments.column.per100": "Per 100 orders",
  "insights.payments.column.amount": "Amount ({currency})",
  "insights.payments.column.share": "Share",

  "insights.payments.subscriptions": "Subscriptions",
  "insights.payments.subscriptions.help":
    "Payment recovery: failed billing cycles that began in the period (a charge that failed, with all its retries until one succeeded, counts once) and of those the ones later paid (also after the period ended). Cancellation rate: contracts cancelled in the period, out of the contracts that could be cancelled in it — those active when the period began plus those started during it.",
  "insights.payments.subscriptions.none":
    "No subscription contracts have been received from Shopify for this shop. Payment recovery and cancellation rates appear once a subscription app creates contracts.",
  "insights.payments.failed": "Failed billing cycles",
  "insights.payments.recovered": "Later paid",
  "insights.payments.recoveryRate": "Payment recovery rate",
  "insights.payments.activeAtStart": "Active at period start",
  "insights.payments.started": "Started in period",
  "insights.payments.cancelled": "Cancelled in period",
  "insights.payments.cancellationRate": "Cancellation rate",

  "insights.payments.retention": "Retention after a support contact",
  "insights.payments.retention.help":
    "Customers who contacted support in the period (from their first contact), compared with customers who ordered in the period without contacting support (from their first order): the share who placed another order within {days} days. Only customers whose {days} days are over are counted.",
  "insights.payments.retention.contacted": "Contacted support",
  "insights.payments.retention.notContacted": "Did not contact support",
  "insights.payments.retention.note": "{retained} of {customers} customers",
  "insights.payments.retention.pending": "{count} more still inside their {days} days (counted later)",
  "insights.payments.retention.loading": "Loading retention after a support contact",

  "insights.nps.section": "Net Promoter Score",
  "insights.nps.section.help":
    "Answers to “How likely are you to recommend us?” (0–10) given in the period: % promoters (9–10) minus % detractors (0–6), from −100 to 100. Response rate: surveys sent in the period that were answered.",
  "insights.nps.score": "NPS",
  "insights.nps.responses": "Answers",
  "insights.nps.responseRate": "Response rate",
  "insights.nps.groups": "{promoters} promoters, {passives} passives, {detractors} detractors",
  "insights.nps.empty": "No NPS answers in this period. Turn the survey on in Settings → NPS survey.",
  "insights.nps.column.score": "Score",
  "insights.nps.column.answers": "Answers",

  "nps.page.title": "How likely are you to recommend {shop}?",
  "nps.page.pageTitle": "A quick question from {shop}",
  "nps.page.scale": "0 = not at all likely, 10 = extremely likely",
  "nps.page.low": "Not at all likely",
  "nps.page.high": "Extremely likely",
  "nps.page.comment": "What is the main reason for your score? (optional)",
  "nps.page.submit": "Send",
  "nps.page.method": "Send your answer with the form on the survey page.",
  "nps.page.thanksTitle": "Thank you!",
  "nps.page.thanksBody": "Your answer ({score} out of 10) was sent to {shop}.",
  "nps.page.alreadyTitle": "You have already answered",
  "nps.page.alreadyBody": "Thank you — your answer was recorded on {date}. There is one answer per survey.",
  "nps.answer.badScore": "Choose a score from 0 to 10.",
  "nps.answer.commentTooLong": "Your comment is {length} characters long; please keep it under {max}.",

  "case.event.nps_survey_sent": "NPS survey emailed to the customer ({period})",
  "nps.email.subject": "How likely are you to recommend {shop}?",
  "nps.email.body":
    "Hi {name},\n\nThank you for shopping with {shop}. One quick question: on a scale from 0 to 10, how likely are you to recommend us to a friend?\n\nAnswer here (it takes ten seconds): {url}\n\nThank you!\n{shop}",

  "nps.settings.title": "NPS survey",
  "nps.settings.subtitle": "Ask customers once a month or quarter how likely they are to recommend your shop.",
  "nps.settings.enabled": "Send the NPS survey",
  "nps.settings.enabled.help":
    "Off by default. Each customer gets at most one survey per period, by email, with a link to answer 0–10 and an optional comment.",
  "nps.settings.period": "Survey period",
  "nps.settings.period.monthly": "Monthly",
  "nps.settings.period.quarterly": "Quarterly",
  "nps.settings.sendDay": "Send on day of the period",
  "nps.settings.sendDay.help": "Surveys go out from this day of each month (or of each quarter's first month) onwards.",
  "nps.settings.minDays": "Customers whose order is at least",
  "nps.settings.maxDays": "and at most",
  "nps.settings.daysSuffix": "days old",
  "nps.settings.who.help":
    "Only customers with an email address, not erased by a privacy request, with an order (not cancelled) placed within this window, who were not surveyed this period. At most 200 surveys go out per hour; the rest follow in the next runs.",
  "nps.settings.saved": "NPS survey settings saved",
  "nps.settings.error.days": "The first number of days must be smaller than the second.",
} as const;
