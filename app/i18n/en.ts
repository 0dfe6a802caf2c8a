// The app's one text catalogue. Other languages follow by adding a catalogue with the same keys.
export const en = {
  "app.name": "Casefile Support",
  "nav.home": "Home",
  "demo.banner": "Demo mode: a seeded demo shop, no Shopify account. Admin API calls are answered locally.",
  "home.title": "Support overview",
  "home.cases.heading": "Cases",
  "home.cases.open": "Open",
  "home.cases.pending": "Waiting on customer",
  "home.cases.snoozed": "Snoozed",
  "home.cases.unassigned": "Open and unassigned",
  "home.cases.resolved7d": "Resolved in the last 7 days",
  "home.orders.heading": "Orders in sync",
  "home.orders.mirrored": "Orders mirrored",
  "home.orders.unfulfilled": "Unfulfilled",
  "home.orders.inTransit": "Shipments in transit",
  "home.orders.delivered30d": "Delivered in the last 30 days",
  "home.returns.heading": "Refunds and returns",
  "home.returns.requested": "Return requests waiting",
  "home.returns.refunds30d": "Refunds in the last 30 days",
  "home.returns.refunded30d": "Refunded in the last 30 days",
  "home.topics.heading": "Open cases by topic",
  "home.topics.empty": "No open cases. New cases arrive from the storefront contact form and email.",
  "home.empty.heading": "Your support inbox is ready",
  "home.empty.body":
    "Cases arrive when shoppers write from the contact form on your storefront, from their customer account, or by email. Orders appear here as Shopify sends them.",
  "topic.WHERE_IS_MY_ORDER": "Where is my order",
  "topic.RETURN": "Return or exchange",
  "topic.REFUND": "Refund",
  "topic.CANCEL": "Cancel order",
  "topic.BILLING": "Billing or payment",
  "topic.PRODUCT_QUESTION": "Product question",
  "topic.DAMAGED_OR_WRONG": "Damaged or wrong item",
  "topic.ACCOUNT": "Account or access",
  "topic.OTHER": "Other",
  "error.title": "Something went wrong",
  "error.retry": "Reload the page. If this keeps happening, check /healthz and the server log.",
} as const;

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
