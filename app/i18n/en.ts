// The app's one text catalogue (split by area in app/i18n/en/). Other languages follow by adding a
// catalogue with the same keys.
import { caseView } from "./en/case-view";
import { inbox } from "./en/inbox";
import { orderActions } from "./en/order-actions";
import { settings } from "./en/settings";
import { help } from "./en/help";
import { storefront } from "./en/storefront";
import { email } from "./en/email";
import { shopper } from "./en/shopper";
import { emailInbound } from "./en/email-inbound";
import { automation } from "./en/automation";
import { feedback } from "./en/feedback";
import { insights } from "./en/insights";
import { evidence } from "./en/evidence";
import { subscriptions } from "./en/subscriptions";
import { disputes } from "./en/disputes";
import { nps } from "./en/nps";
import { receipts } from "./en/receipts";
import { payments } from "./en/payments";

export const en = {
  ...payments,
  ...inbox,
  ...caseView,
  ...orderActions,
  ...settings,
  ...help,
  ...storefront,
  ...email,
  ...shopper,
  ...emailInbound,
  ...automation,
  ...feedback,
  ...insights,
  ...evidence,
  ...subscriptions,
  ...disputes,
  ...nps,
  ...receipts,
  "app.name": "Casefile Support",
  "nav.home": "Home",
  "nav.inbox": "Inbox",
  "nav.settings": "Settings",
  "nav.help": "Help center",
  "demo.banner": "Demo mode: a seeded demo shop, no Shopify account. Admin API calls are answered locally.",
  "home.title": "Support overview",
  "home.openInbox": "Open inbox",
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
  "list.newest": "Newest",
  "list.older": "Older",
  "sync.title": "Sync problems",
  "sync.banner.title": "Updates from Shopify that could not be applied",
  "sync.banner.body":
    "Shopify tells the app about new orders, shipments, refunds, returns and customer changes as they happen. Each update below failed every automatic attempt, so the order or customer it concerns may show outdated details here. Retry an update once its cause is fixed; when it succeeds it leaves this list.",
  "sync.empty.heading": "Everything is in sync",
  "sync.empty.body":
    "Every update Shopify sent has been applied. An update that keeps failing after several automatic attempts appears here, with its error and a way to retry it.",
  "sync.resource.singular": "failed update",
  "sync.resource.plural": "failed updates",
  "sync.column.topic": "Update",
  "sync.column.received": "Received",
  "sync.column.attempts": "Attempts",
  "sync.column.error": "Last error",
  "sync.column.action": "Action",
  "sync.noError": "No error recorded",
  "sync.retry": "Retry",
  "sync.retryLabel": "Retry {topic} received {received}",
  "sync.retried": "Retrying {topic}. It leaves this list once it is applied.",
  "sync.retryFailed": "The update could not be retried",
  "sync.orders.heading": "Order sync",
  "sync.orders.body":
    "Your recent orders were imported when the app was installed; every hour the app re-reads orders changed since the last sync, so an update that never arrived is caught up.",
  "sync.orders.backfill": "Import of recent orders",
  "sync.orders.reconcile": "Latest hourly sync",
  "sync.orders.none": "Not run yet",
  "sync.orders.applied": "{count} orders imported or updated",
  "sync.orders.started": "Started {at}",
  "sync.orders.finished": "Finished {at}",
  "sync.orders.failed": "This sync failed",
  "sync.orders.status.RUNNING": "Running",
  "sync.orders.status.COMPLETED": "Completed",
  "sync.orders.status.FAILED": "Failed",
  "sync.orders.syncNow": "Sync now",
  "sync.orders.queued": "Sync started. Orders changed since the last sync are being brought up to date.",
  "privacy.title": "Privacy requests",
  "privacy.banner.title": "Your customers' privacy requests",
  "privacy.banner.body":
    "Shopify forwards the requests your customers make about their personal data. For a data request, download the export of everything this app holds about the customer and send it to them. Erasure requests are carried out automatically and listed here as a record; an erased customer's export can no longer be downloaded.",
  "privacy.empty.heading": "No privacy requests yet",
  "privacy.empty.body":
    "When a customer asks your store for a copy of their data, or for its erasure, Shopify tells the app. Each request appears here, and a data request comes with an export you can download.",
  "privacy.resource.singular": "privacy request",
  "privacy.resource.plural": "privacy requests",
  "privacy.column.kind": "Request",
  "privacy.column.customer": "Customer",
  "privacy.column.requested": "Requested",
  "privacy.column.completed": "Completed",
  "privacy.column.export": "Export",
  "privacy.kind.CUSTOMER_DATA_REQUEST": "Customer data request",
  "privacy.kind.CUSTOMER_REDACT": "Customer erasure",
  "privacy.kind.SHOP_REDACT": "Shop erasure",
  "privacy.customerId": "Shopify customer {id}",
  "privacy.customerUnknown": "Customer not named",
  "privacy.inProgress": "In progress",
  "privacy.download": "Download",
  "privacy.downloadLabel": "Download the data export of {customer}",
  "privacy.exportErased": "Erased",
  "privacy.noExport": "—",
  "privacy.downloadFailed": "The export could not be downloaded. Reload the page and try again.",
} as const;

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
