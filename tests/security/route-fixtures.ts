import fs from "node:fs";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { signLinkToken, type LinkKind } from "../../app/channels/links.server";
import { signNpsToken } from "../../app/nps/links.server";
import { inboundSecretFor } from "../../app/channels/email/inbound.server";
import db from "../../app/db.server";
import { DEFAULT_SCOPES } from "../../app/shopify.server";
import { SUBSCRIPTION_SCOPES } from "../../app/subscriptions/scopes";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { signedProxyRequest } from "../helpers/proxy";
import { API_KEY, API_SECRET, APP_URL, createInstalledShop, embeddedRequest, uniqueShopDomain, type TestShop } from "../helpers/shopify";

// Cross-shop access, route by route (issue 9, "Security and bad input"): every loader and action that reads or
// writes shop-owned data by an id, number, slug, token or secret is called AS shop A with shop B's identifiers and
// must refuse (404/403/401, or 400 where the input is malformed for shop A), leave every row of shop B as it was,
// and never put shop B's data in the response. tests/security/cross-shop.test.ts enumerates app/routes, so a new
// route file must be added here (CROSS_SHOP) or, when it takes no shop-owned id, to NO_IDS with the reason.

export type RouteFn = "loader" | "action";

export interface ShopWorld {
  shop: TestShop;
  agent: { id: string };
  customer: { id: string; shopifyId: bigint; email: string };
  order: { id: string; shopifyId: bigint; orderNumber: number; name: string; email: string };
  productId: bigint;
  returnId: string;
  caseId: string;
  otherCaseId: string;
  messageId: string;
  failedReplyId: string;
  macroId: string;
  tag: { id: string; name: string };
  savedViewId: string;
  article: { id: string; slug: string };
  feedback: { requestId: string; mentionId: string };
  dataRequestId: string;
  webhookEventId: string;
  contractShopifyId: bigint;
  npsResponseId: string;
}

export interface World {
  /** The shop making the requests. */
  a: ShopWorld;
  /** The shop whose ids are used. */
  b: ShopWorld;
}

/**
 * Text that only shop B's rows contain and no request ever sends: if a response body holds one of them, shop B's
 * data leaked to shop A.
 */
export const B_MARKERS = ["Zebra-subject", "Zebra-body", "zebra-customer@", "Zebraman", "Zebra-article-body", "Zebra-feedback-desc", "Zebra-macro-body", "Zebra-line"];

let seq = 0;

async function buildShop(label: "a" | "b", userId: number): Promise<ShopWorld> {
  const z = label === "b";
  const n = ++seq;
  const shop = await createInstalledShop(uniqueShopDomain(`cross-${label}`), userId);
  const agent = await db.staff.create({
    data: { shopId: shop.shopId, shopifyUserId: BigInt(userId + 1), email: `${label}-agent-${n}@example.com`, firstName: "Sam", lastName: z ? "Zebraman" : "Agent", role: "AGENT" },
  });
  const email = z ? "zebra-customer@example.com" : "alpha-customer@example.com";
  const customerShopifyId = BigInt((z ? 8_200_000_000 : 8_100_000_000) + n);
  const customer = await db.customer.create({ data: { shopId: shop.shopId, shopifyId: customerShopifyId, email, firstName: "Cleo", lastName: z ? "Zebraman" : "Alpha" } });
  const orderNumber = (z ? 9_000 : 4_000) + n;
  const order = await createTestOrder(shop.shopId, {
    name: `#${orderNumber}`,
    orderNumber,
    shopifyId: BigInt((z ? 6_200_000_000 : 6_100_000_000) + n),
    customerId: customer.id,
    email,
    fulfillmentStatus: "FULFILLED",
    shopifyCreatedAt: new Date(Date.now() - 5 * 86_400_000),
    processedAt: new Date(Date.now() - 5 * 86_400_000),
  });
  const ret = await db.return.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: BigInt((z ? 4_200_000 : 4_100_000) + n), name: `${order.name}-R1`, requestedAt: new Date() },
  });
  const productId = BigInt((z ? 3_200_000 : 3_100_000) + n);
  const line = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: BigInt((z ? 2_200_000 : 2_100_000) + n), productId, title: z ? "Zebra-line shirt" : "Alpha shirt", quantity: 1, price: "45.00" },
  });
  const fulfillment = await createTestFulfillment(shop.shopId, order.id, { shipmentStatus: "DELIVERED", deliveredAt: new Date(Date.now() - 2 * 86_400_000) });
  await db.fulfillmentLineItem.create({ data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, lineItemId: line.id, shopifyId: BigInt((z ? 1_200_000 : 1_100_000) + n), quantity: 1 } });

  const subject = z ? "Zebra-subject parcel" : "Alpha parcel";
  const c = await createTestCase(shop.shopId, { subject, customerId: customer.id, customerEmail: email, customerName: "Cleo" });
  const other = await createTestCase(shop.shopId, { subject: `${subject} again`, customerId: customer.id, customerEmail: email });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
  const message = await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: c.id,
      direction: "INBOUND",
      channel: "EMAIL",
      authorType: "CUSTOMER",
      authorEmail: email,
      bodyText: z ? "Zebra-body where is it" : "Alpha body",
    },
  });
  // A reply that failed to send (what "retry-send" retries).
  const failed = await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: c.id,
      direction: "OUTBOUND",
      channel: "EMAIL",
      authorType: "STAFF",
      authorStaffId: shop.staffId,
      toEmails: [email],
      bodyText: z ? "Zebra-body our answer" : "Alpha answer",
      deliveryStatus: "FAILED",
      deliveryError: "SMTP down",
    },
  });
  const macro = await db.macro.create({ data: { shopId: shop.shopId, name: z ? "Zebra macro" : "Alpha macro", body: z ? "Zebra-macro-body {{shop.name}}" : "Alpha macro body" } });
  const tagName = z ? "zebra-tag" : "alpha-tag";
  const tag = await db.tag.create({ data: { shopId: shop.shopId, name: tagName } });
  await db.case.update({ where: { id: c.id }, data: { tags: [tagName] } });
  const view = await db.savedView.create({ data: { shopId: shop.shopId, staffId: shop.staffId, name: z ? "Zebra view" : "Alpha view", filters: {} } });
  const article = await db.helpArticle.create({
    data: { shopId: shop.shopId, slug: z ? `zebra-returns-${n}` : `alpha-returns-${n}`, title: z ? "Zebra returns" : "Alpha returns", body: z ? "Zebra-article-body returns in 30 days" : "Alpha article", published: true },
  });
  const request = await db.feedbackRequest.create({
    data: { shopId: shop.shopId, kind: "PRODUCT_FEEDBACK", title: z ? "Zebra feature" : "Alpha feature", titleKey: z ? "zebra feature" : "alpha feature", description: z ? "Zebra-feedback-desc" : "Alpha desc", productId },
  });
  const mention = await db.feedbackMention.create({ data: { shopId: shop.shopId, requestId: request.id, caseId: c.id, messageId: message.id, customerId: customer.id } });
  const dataRequest = await db.complianceRequest.create({
    data: { shopId: shop.shopId, kind: "CUSTOMER_DATA_REQUEST", shopifyCustomerId: customerShopifyId, customerEmail: email, export: { customer: { email } }, completedAt: new Date() },
  });
  // Payment, subscription and dispute rows (issue 10), so the snapshot shows they are left alone.
  await db.orderTransaction.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: order.shopifyId + 1n, kind: "SALE", status: "FAILURE", amount: "12.0000", currencyCode: "USD", errorCode: "card_declined", processedAt: new Date() },
  });
  const contract = await db.subscriptionContract.create({
    data: { shopId: shop.shopId, shopifyId: customerShopifyId * 100n + 3n, customerId: customer.id, customerShopifyId, status: "ACTIVE", planName: z ? "Zebra-line plan" : "Alpha plan", shopifyCreatedAt: new Date(), shopifyUpdatedAt: new Date() },
  });
  await db.subscriptionBillingAttempt.create({
    data: { shopId: shop.shopId, shopifyId: customerShopifyId + 4n, contractId: contract.id, contractShopifyId: contract.shopifyId, status: "FAILURE", errorCode: "card_declined", attemptedAt: new Date() },
  });
  await db.dispute.create({
    data: { shopId: shop.shopId, shopifyId: customerShopifyId + 5n, orderId: order.id, orderShopifyId: order.shopifyId, customerId: customer.id, caseId: c.id, kind: "CHARGEBACK", status: "NEEDS_RESPONSE", reason: "fraudulent", amount: "12.0000", currencyCode: "USD", initiatedAt: new Date() },
  });
  const nps = await db.npsResponse.create({ data: { shopId: shop.shopId, customerId: customer.id, period: "2026-11" } });
  await db.shop.update({ where: { id: shop.shopId }, data: { scopes: [...DEFAULT_SCOPES, ...SUBSCRIPTION_SCOPES].join(",") } });
  const event = await db.webhookEvent.create({
    data: { shopDomain: shop.domain, topic: "orders/updated", webhookId: `wh-${label}-${n}`, payload: { id: 1 }, state: "FAILED", attempts: 5, lastError: "boom" },
  });
  return {
    shop,
    agent: { id: agent.id },
    customer: { id: customer.id, shopifyId: customerShopifyId, email },
    order: { id: order.id, shopifyId: order.shopifyId, orderNumber, name: order.name, email },
    productId,
    returnId: ret.id,
    caseId: c.id,
    otherCaseId: other.id,
    messageId: message.id,
    failedReplyId: failed.id,
    macroId: macro.id,
    tag: { id: tag.id, name: tagName },
    savedViewId: view.id,
    article: { id: article.id, slug: article.slug },
    feedback: { requestId: request.id, mentionId: mention.id },
    dataRequestId: dataRequest.id,
    webhookEventId: event.id,
    contractShopifyId: contract.shopifyId,
    npsResponseId: nps.id,
  };
}

export async function buildWorld(): Promise<World> {
  const a = await buildShop("a", 910_001);
  const b = await buildShop("b", 920_001);
  return { a, b };
}

// ───────────────────────────── Shop B's rows, before and after ─────────────────────────────

/** Every model with a shopId column, read from prisma/schema.prisma so a new table is snapshotted without a change here. */
export const SHOP_MODELS: string[] = [...fs.readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8").matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
  .filter((m) => /^\s+shopId\s/m.test(m[2]))
  .map((m) => m[1][0].toLowerCase() + m[1].slice(1))
  .sort();

const stable = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v && typeof v === "object" && "toFixed" in v && "d" in v ? String(v) : v));

/** Every row shop B owns (and its webhook log and shop row), as sorted JSON: equal snapshots = nothing changed. */
export async function snapshotShop(w: ShopWorld): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const delegates = db as unknown as Record<string, { findMany(args: unknown): Promise<unknown[]> }>;
  for (const model of SHOP_MODELS) {
    const rows = await delegates[model].findMany({ where: { shopId: w.shop.shopId } });
    out[model] = rows.map(stable).sort();
  }
  out.webhookEvent = (await db.webhookEvent.findMany({ where: { shopDomain: w.shop.domain } })).map(stable).sort();
  out.shop = [stable(await db.shop.findUnique({ where: { id: w.shop.shopId } }))];
  return out;
}

// ───────────────────────────── Requests ─────────────────────────────

export interface RouteCall {
  request: Request;
  params: Record<string, string>;
}

const form = (fields: Record<string, string>) => {
  const body = new URLSearchParams(fields);
  return { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } };
};
const jsonBody = (body: unknown) => ({ method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

/** An embedded-admin request as shop A's admin. */
async function admin(w: World, urlPath: string, params: Record<string, string> = {}, init: RequestInit = {}): Promise<RouteCall> {
  return { request: await embeddedRequest(urlPath, w.a.shop, init), params };
}

/** A customer account extension request for shop A's storefront, with the session token of `customerShopifyId`. */
async function customerAccount(w: World, urlPath: string, customerShopifyId: bigint, params: Record<string, string> = {}, body?: unknown): Promise<RouteCall> {
  const store = w.a.shop.domain.replace(/\.myshopify\.com$/, "");
  const { token } = await getJwt(store, API_KEY(), API_SECRET(), { sub: `gid://shopify/Customer/${customerShopifyId}`, iss: undefined, sid: undefined });
  const headers = new Headers({ Origin: "https://extensions.shopifycdn.com", Authorization: `Bearer ${token}` });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  const request = new Request(new URL(urlPath, APP_URL()), { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { request, params };
}

/** A storefront request through shop A's app proxy (signed for shop A), optionally as a signed-in customer. */
function proxy(w: World, urlPath: string, options: { customer?: bigint | null; query?: Record<string, string>; body?: unknown } = {}, params: Record<string, string> = {}): RouteCall {
  return {
    request: signedProxyRequest(urlPath, { shop: w.a.shop.domain, loggedInCustomerId: options.customer ?? null, query: options.query, body: options.body }),
    params,
  };
}

/** A shopper link whose payload names shop A but one of shop B's cases (validly signed: the worst case). */
function mixedToken(w: World, kind: LinkKind): string {
  return signLinkToken({ shopId: w.a.shop.shopId, caseId: w.b.caseId, kind, exp: Math.floor(Date.now() / 1000) + 3600 });
}

function shopperLink(w: World, prefix: string, kind: LinkKind, post: Record<string, string> | null): RouteCall {
  const token = mixedToken(w, kind);
  const init = post ? form(post) : {};
  return { request: new Request(new URL(`/${prefix}/${token}`, APP_URL()), init), params: { token } };
}

/** Shop B's NPS survey of the customer (made with the world), linked with a token that names shop A. */
async function npsSurveyLink(w: World, post: Record<string, string> | null): Promise<RouteCall> {
  const token = signNpsToken({ shopId: w.a.shop.shopId, responseId: w.b.npsResponseId, kind: "nps", exp: Math.floor(Date.now() / 1000) + 3600 });
  return { request: new Request(new URL(`/nps/${token}`, APP_URL()), post ? form(post) : {}), params: { token } };
}

async function expectNpsUnanswered(w: World): Promise<void> {
  const row = await db.npsResponse.findFirst({ where: { shopId: w.b.shop.shopId, customerId: w.b.customer.id } });
  if (row?.respondedAt || row?.score !== null || row?.comment) throw new Error("shop B's NPS survey was answered through shop A");
}

// ───────────────────────────── The registry ─────────────────────────────

export interface CrossShopCase {
  name: string;
  fn: RouteFn;
  call: (w: World) => Promise<RouteCall> | RouteCall;
  /** The statuses that count as refused (or, for lists and filters, 200 without shop B's data). */
  expect: number[];
  /** Shop B's markers the request itself sent (echoed back, e.g. "we will reply to <the email you typed>"). */
  echoes?: string[];
  /** More assertions on the answer (the body is already checked for shop B's markers). */
  check?: (response: Response, body: string, w: World) => Promise<void> | void;
}

export interface RouteEntry {
  cases: CrossShopCase[];
  /** An exported loader/action with no cross-shop case, and why (e.g. "always 405"). */
  notExercised?: Partial<Record<RouteFn, string>>;
}

const NOT_FOUND = [404];

const CASE_INTENTS = [
  "note", "reply", "status", "snooze", "assign", "priority", "topic", "addTag", "removeTag", "merge", "split", "render-macro",
  "resend-tracking", "retry-send", "feedback-tag", "feedback-untag",
] as const;

/** Case actions on shop B's case (the URL names it). */
const caseIntents = (w: World): Record<(typeof CASE_INTENTS)[number], Record<string, string>> => ({
  note: { intent: "note", body: "hello" },
  reply: { intent: "reply", body: "hello" },
  status: { intent: "status", status: "CLOSED" },
  snooze: { intent: "snooze", until: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16) },
  assign: { intent: "assign", assigneeId: w.a.agent.id },
  priority: { intent: "priority", priority: "URGENT" },
  topic: { intent: "topic", topic: "BILLING" },
  addTag: { intent: "addTag", tag: "vip" },
  removeTag: { intent: "removeTag", tag: w.b.tag.name },
  merge: { intent: "merge", otherCaseId: w.b.otherCaseId },
  split: { intent: "split", messageId: w.b.messageId },
  "render-macro": { intent: "render-macro", macroId: w.a.macroId },
  "resend-tracking": { intent: "resend-tracking", orderId: w.b.order.id },
  "retry-send": { intent: "retry-send", messageId: w.b.failedReplyId },
  "feedback-tag": { intent: "feedback-tag", kind: "PRODUCT_FEEDBACK", messageId: w.b.messageId, requestId: w.b.feedback.requestId },
  "feedback-untag": { intent: "feedback-untag", mentionId: w.b.feedback.mentionId },
});

const FOREIGN_FIELDS = [
  "merge with B's case", "split B's message", "assign to B's staff", "render B's macro", "resend B's tracking", "retry B's message",
  "tag into B's feedback request", "untag B's mention",
] as const;

/** Case actions on shop A's own case that name one of shop B's records in the form. */
const foreignFieldIntents = (w: World): Record<(typeof FOREIGN_FIELDS)[number], Record<string, string>> => ({
  "merge with B's case": { intent: "merge", otherCaseId: w.b.caseId },
  "split B's message": { intent: "split", messageId: w.b.messageId },
  "assign to B's staff": { intent: "assign", assigneeId: w.b.agent.id },
  "render B's macro": { intent: "render-macro", macroId: w.b.macroId },
  "resend B's tracking": { intent: "resend-tracking", orderId: w.b.order.id },
  "retry B's message": { intent: "retry-send", messageId: w.b.failedReplyId },
  "tag into B's feedback request": { intent: "feedback-tag", kind: "PRODUCT_FEEDBACK", messageId: w.a.messageId, requestId: w.b.feedback.requestId },
  "untag B's mention": { intent: "feedback-untag", mentionId: w.b.feedback.mentionId },
});

/** The error message of a refusal contains this text. */
const expectMessage =
  (text: string) =>
  (_response: Response, body: string): void => {
    if (!body.includes(text)) throw new Error(`expected the refusal to say "${text}", got ${body.slice(0, 300)}`);
  };

export const CROSS_SHOP: Record<string, RouteEntry> = {
  "app.cases.$id.tsx": {
    cases: [
      { name: "open B's case", fn: "loader", expect: NOT_FOUND, call: (w) => admin(w, `/app/cases/${w.b.caseId}`, { id: w.b.caseId }) },
      // Every intent on B's case (the URL names it).
      ...CASE_INTENTS.map(
        (intent): CrossShopCase => ({
          name: `${intent} on B's case`,
          fn: "action",
          expect: NOT_FOUND,
          call: (w) => admin(w, `/app/cases/${w.b.caseId}`, { id: w.b.caseId }, form(caseIntents(w)[intent])),
        }),
      ),
      // A's own case, with one of B's records in the form.
      ...FOREIGN_FIELDS.map(
        (label): CrossShopCase => ({
          name: `${label} (on A's case)`,
          fn: "action",
          // Naming someone who is not on this shop's team is the form's documented 400.
          expect: label === "assign to B's staff" ? [400] : NOT_FOUND,
          call: (w) => admin(w, `/app/cases/${w.a.caseId}`, { id: w.a.caseId }, form(foreignFieldIntents(w)[label])),
        }),
      ),
    ],
  },
  "app.cases._index.tsx": {
    cases: [
      {
        name: "inbox filtered by B's staff, saved view and text",
        fn: "loader",
        expect: [200],
        call: (w) => admin(w, `/app/cases?assignee=${w.b.agent.id}&saved=${w.b.savedViewId}&q=Zebra`),
      },
      {
        name: "bulk change of one of B's cases",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, "/app/cases", {}, form({ intent: "update", caseIds: w.b.caseId, kind: "status", status: "CLOSED" })),
      },
      {
        name: "bulk change of several of B's cases (changes none)",
        fn: "action",
        expect: [200],
        call: (w) => admin(w, "/app/cases", {}, form({ intent: "update", caseIds: `${w.b.caseId},${w.b.otherCaseId}`, kind: "status", status: "CLOSED" })),
        check: async (response) => {
          if (response.status === 200) {
            const body = (await response.clone().json()) as { updated: number };
            if (body.updated !== 0) throw new Error(`expected 0 of B's cases updated, got ${body.updated}`);
          }
        },
      },
      {
        name: "bulk assign of A's case to B's staff",
        fn: "action",
        expect: [400],
        check: expectMessage("isn't an active member of this shop's team"),
        call: (w) => admin(w, "/app/cases", {}, form({ intent: "update", caseIds: w.a.caseId, kind: "assign", assigneeId: w.b.agent.id })),
      },
      {
        name: "update B's saved view",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, "/app/cases", {}, form({ intent: "update-view", id: w.b.savedViewId, search: "view=all" })),
      },
      { name: "rename B's saved view", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, "/app/cases", {}, form({ intent: "rename-view", id: w.b.savedViewId, name: "Mine now" })) },
      { name: "delete B's saved view", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, "/app/cases", {}, form({ intent: "delete-view", id: w.b.savedViewId })) },
    ],
  },
  "app.cases.$id.presence.tsx": {
    cases: [
      { name: "who is on B's case", fn: "loader", expect: NOT_FOUND, call: (w) => admin(w, `/app/cases/${w.b.caseId}/presence`, { id: w.b.caseId }) },
      {
        name: "heartbeat on B's case",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/cases/${w.b.caseId}/presence`, { id: w.b.caseId }, form({ intent: "heartbeat", typing: "1" })),
      },
      { name: "leave B's case", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, `/app/cases/${w.b.caseId}/presence`, { id: w.b.caseId }, form({ intent: "leave" })) },
    ],
  },
  "app.cases.$id.order-actions.tsx": {
    notExercised: { loader: "always 405 (POST only), reads nothing" },
    cases: [
      {
        name: "refund B's order from B's case",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/cases/${w.b.caseId}/order-actions`, { id: w.b.caseId }, form({ intent: "refund", orderId: w.b.order.id, idempotencyKey: "cross-shop-key-1", amount: "1.00" })),
      },
      ...(["refund", "cancel", "approve-return", "decline-return", "process-return"] as const).map(
        (intent): CrossShopCase => ({
          name: `${intent} B's order from A's case`,
          fn: "action",
          expect: NOT_FOUND,
          // Refused because the order is not A's case's (not because some other field was wrong).
          check: expectMessage("This order is not linked to this case."),
          call: (w) =>
            admin(
              w,
              `/app/cases/${w.a.caseId}/order-actions`,
              { id: w.a.caseId },
              form({ intent, orderId: w.b.order.id, idempotencyKey: `cross-shop-${intent}`, amount: "1.00", reason: "OTHER", returnId: w.b.returnId }),
            ),
        }),
      ),
    ],
  },
  "app.cases.$id.customer-actions.tsx": {
    notExercised: { loader: "always 405 (POST only), reads nothing" },
    cases: [
      {
        name: "payment method update email from B's case for B's subscription",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) =>
          admin(
            w,
            `/app/cases/${w.b.caseId}/customer-actions`,
            { id: w.b.caseId },
            form({ intent: "send-payment-method-update", contractId: String(w.b.contractShopifyId), idempotencyKey: "cross-shop-payment-method-1" }),
          ),
      },
    ],
  },
  "app.orders.$id.evidence.tsx": {
    cases: [{ name: "evidence pack of B's order", fn: "loader", expect: NOT_FOUND, call: (w) => admin(w, `/app/orders/${w.b.order.id}/evidence`, { id: w.b.order.id }) }],
  },
  "app.privacy.$id.download.ts": {
    cases: [
      { name: "download B's data export", fn: "loader", expect: NOT_FOUND, call: (w) => admin(w, `/app/privacy/${w.b.dataRequestId}/download`, { id: w.b.dataRequestId }) },
    ],
  },
  "app.insights.export.$report.tsx": {
    cases: [
      {
        name: "CSV filtered by B's staff member",
        fn: "loader",
        expect: [200],
        call: (w) => admin(w, `/app/insights/export/volume?assignee=${w.b.agent.id}`, { report: "volume" }),
      },
    ],
  },
  "app.insights.retention.tsx": {
    cases: [{ name: "retention card filtered by B's staff member (filters do not apply; A's own figure)", fn: "loader", expect: [200], call: (w) => admin(w, `/app/insights/retention?assignee=${w.b.agent.id}`) }],
  },
  "app.insights._index.tsx": {
    cases: [{ name: "dashboard filtered by B's staff member", fn: "loader", expect: [200], call: (w) => admin(w, `/app/insights?assignee=${w.b.agent.id}`) }],
  },
  "app.help.$id.tsx": {
    cases: [
      { name: "open B's article", fn: "loader", expect: NOT_FOUND, call: (w) => admin(w, `/app/help/${w.b.article.id}`, { id: w.b.article.id }) },
      {
        name: "save B's article",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/help/${w.b.article.id}`, { id: w.b.article.id }, jsonBody({ intent: "save", title: "Taken", body: "Taken over", slug: "taken", published: true })),
      },
      { name: "delete B's article", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, `/app/help/${w.b.article.id}`, { id: w.b.article.id }, jsonBody({ intent: "delete" })) },
    ],
  },
  "app.feedback.$id.tsx": {
    cases: [
      { name: "open B's feedback request", fn: "loader", expect: NOT_FOUND, call: (w) => admin(w, `/app/feedback/${w.b.feedback.requestId}`, { id: w.b.feedback.requestId }) },
      {
        name: "set status of B's request",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/feedback/${w.b.feedback.requestId}`, { id: w.b.feedback.requestId }, form({ intent: "status", status: "SHIPPED" })),
      },
      {
        name: "notify B's customers",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/feedback/${w.b.feedback.requestId}`, { id: w.b.feedback.requestId }, form({ intent: "notify", body: "It shipped" })),
      },
      {
        name: "untag B's mention from B's request",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/feedback/${w.b.feedback.requestId}`, { id: w.b.feedback.requestId }, form({ intent: "untag", mentionId: w.b.feedback.mentionId })),
      },
      {
        name: "untag B's mention from A's request",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, `/app/feedback/${w.a.feedback.requestId}`, { id: w.a.feedback.requestId }, form({ intent: "untag", mentionId: w.b.feedback.mentionId })),
      },
    ],
  },
  "app.feedback._index.tsx": {
    cases: [{ name: "requests filtered by B's product", fn: "loader", expect: [200], call: (w) => admin(w, `/app/feedback?productId=${w.b.productId}`) }],
  },
  "app.settings.macros.tsx": {
    cases: [
      { name: "macro list (the session shop's only)", fn: "loader", expect: [200], call: (w) => admin(w, "/app/settings/macros") },
      {
        name: "update B's macro",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, "/app/settings/macros", {}, jsonBody({ intent: "update", macroId: w.b.macroId, name: "Taken", body: "Taken", topic: "" })),
      },
      { name: "delete B's macro", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, "/app/settings/macros", {}, jsonBody({ intent: "delete", macroId: w.b.macroId })) },
    ],
  },
  "app.settings.tags.tsx": {
    cases: [
      { name: "tag list (the session shop's only)", fn: "loader", expect: [200], call: (w) => admin(w, "/app/settings/tags") },
      {
        name: "rename B's tag",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, "/app/settings/tags", {}, jsonBody({ intent: "update", tagId: w.b.tag.id, name: "taken", color: "" })),
      },
      { name: "delete B's tag", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, "/app/settings/tags", {}, jsonBody({ intent: "delete", tagId: w.b.tag.id })) },
    ],
  },
  "app.settings.team.tsx": {
    cases: [
      { name: "team list (the session shop's only)", fn: "loader", expect: [200], call: (w) => admin(w, "/app/settings/team") },
      {
        name: "change B's team member",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => admin(w, "/app/settings/team", {}, jsonBody({ intent: "member", staffId: w.b.agent.id, role: "ADMIN", refundLimit: "", active: false })),
      },
    ],
  },
  "app.sync.tsx": {
    cases: [
      {
        name: "sync problems list (the session shop's only)",
        fn: "loader",
        expect: [200],
        call: (w) => admin(w, "/app/sync"),
        check: (_response, body, w) => {
          if (body.includes(w.b.webhookEventId)) throw new Error("shop B's failed webhook is listed for shop A");
        },
      },{ name: "retry B's failed webhook", fn: "action", expect: NOT_FOUND, call: (w) => admin(w, "/app/sync", {}, form({ intent: "retry", eventId: w.b.webhookEventId })) }],
  },

  // Customer account extensions: a session token of shop A, naming B's order or B's customer.
  "api.customer-account.orders.$orderId.tsx": {
    notExercised: { action: "preflight/405 only, reads nothing" },
    cases: [
      {
        name: "A's customer asks for B's order",
        fn: "loader",
        expect: NOT_FOUND,
        call: (w) => customerAccount(w, `/api/customer-account/orders/${w.b.order.shopifyId}`, w.a.customer.shopifyId, { orderId: String(w.b.order.shopifyId) }),
      },
      {
        name: "B's customer id in a token of shop A asks for B's order",
        fn: "loader",
        expect: NOT_FOUND,
        call: (w) => customerAccount(w, `/api/customer-account/orders/${w.b.order.shopifyId}`, w.b.customer.shopifyId, { orderId: String(w.b.order.shopifyId) }),
      },
    ],
  },
  "api.customer-account.orders.$orderId.receipt.tsx": {
    notExercised: { loader: "preflight/405 only, reads nothing" },
    cases: [
      {
        name: "A's customer asks for B's receipt",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => customerAccount(w, `/api/customer-account/orders/${w.b.order.shopifyId}/receipt`, w.a.customer.shopifyId, { orderId: String(w.b.order.shopifyId) }, {}),
      },
      {
        name: "B's customer id in a token of shop A asks for B's receipt",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => customerAccount(w, `/api/customer-account/orders/${w.b.order.shopifyId}/receipt`, w.b.customer.shopifyId, { orderId: String(w.b.order.shopifyId) }, {}),
      },
    ],
  },
  "api.customer-account.cases.tsx": {
    notExercised: { loader: "405 only (POST endpoint)" },
    cases: [
      {
        name: "help request about B's order",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) =>
          customerAccount(w, "/api/customer-account/cases", w.b.customer.shopifyId, {}, { orderId: String(w.b.order.shopifyId), topic: "WHERE_IS_MY_ORDER", message: "Where?" }),
      },
    ],
  },
  "api.customer-account.returns.tsx": {
    notExercised: { loader: "405 only (POST endpoint)" },
    cases: [
      {
        name: "return of B's order",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => customerAccount(w, "/api/customer-account/returns", w.a.customer.shopifyId, {}, { orderId: String(w.b.order.shopifyId), items: [] }),
      },
    ],
  },
  "api.customer-account.conversations.tsx": {
    notExercised: { action: "preflight/405 only, reads nothing" },
    cases: [
      {
        name: "B's customer id in a token of shop A lists conversations",
        fn: "loader",
        expect: [200],
        call: (w) => customerAccount(w, "/api/customer-account/conversations", w.b.customer.shopifyId),
        check: async (response) => {
          const body = (await response.clone().json()) as { conversations: unknown[] };
          if (body.conversations.length !== 0) throw new Error(`expected no conversations, got ${body.conversations.length}`);
        },
      },
    ],
  },

  // App proxy: signed for shop A, naming B's order numbers, slugs or customers.
  "proxy.orders.$number.tsx": {
    notExercised: { action: "405 only (GET endpoint)" },
    cases: [
      {
        name: "A's customer asks for B's order number",
        fn: "loader",
        expect: NOT_FOUND,
        call: (w) => proxy(w, `/proxy/orders/${w.b.order.orderNumber}`, { customer: w.a.customer.shopifyId }, { number: String(w.b.order.orderNumber) }),
      },
      {
        name: "B's customer id signed for shop A asks for B's order",
        fn: "loader",
        expect: NOT_FOUND,
        call: (w) => proxy(w, `/proxy/orders/${w.b.order.orderNumber}`, { customer: w.b.customer.shopifyId }, { number: String(w.b.order.orderNumber) }),
      },
    ],
  },
  "proxy.orders.$number.receipt.tsx": {
    notExercised: { loader: "405 only (POST endpoint)" },
    cases: [
      {
        name: "guest asks for B's receipt with B's order number and email",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => proxy(w, `/proxy/orders/${w.b.order.orderNumber}/receipt`, { body: { email: w.b.order.email } }, { number: String(w.b.order.orderNumber) }),
      },
      {
        name: "B's customer id signed for shop A asks for B's receipt",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => proxy(w, `/proxy/orders/${w.b.order.orderNumber}/receipt`, { customer: w.b.customer.shopifyId, body: {} }, { number: String(w.b.order.orderNumber) }),
      },
    ],
  },
  "proxy.orders.lookup.tsx": {
    notExercised: { action: "405 only (GET endpoint)" },
    cases: [
      {
        name: "guest lookup of B's order number and email",
        fn: "loader",
        expect: NOT_FOUND,
        call: (w) => proxy(w, "/proxy/orders/lookup", { query: { number: String(w.b.order.orderNumber), email: w.b.order.email } }),
      },
    ],
  },
  "proxy.orders._index.tsx": {
    notExercised: { action: "405 only (GET endpoint)" },
    cases: [
      {
        name: "B's customer id signed for shop A lists orders",
        fn: "loader",
        expect: [200],
        call: (w) => proxy(w, "/proxy/orders", { customer: w.b.customer.shopifyId }),
        check: async (response) => {
          const body = (await response.clone().json()) as { orders: unknown[] };
          if (body.orders.length !== 0) throw new Error(`expected no orders, got ${body.orders.length}`);
        },
      },
    ],
  },
  "proxy.conversations.tsx": {
    cases: [
      {
        name: "B's customer id signed for shop A lists conversations",
        fn: "loader",
        expect: [200],
        call: (w) => proxy(w, "/proxy/conversations", { customer: w.b.customer.shopifyId }),
        check: async (response) => {
          const body = (await response.clone().json()) as { conversations: unknown[] };
          if (body.conversations.length !== 0) throw new Error(`expected no conversations, got ${body.conversations.length}`);
        },
      },
    ],
  },
  "proxy.returns.eligibility.tsx": {
    notExercised: { action: "405 only (GET endpoint)" },
    cases: [
      {
        name: "eligibility of B's order number",
        fn: "loader",
        expect: NOT_FOUND,
        call: (w) => proxy(w, "/proxy/returns/eligibility", { customer: w.a.customer.shopifyId, query: { order: String(w.b.order.orderNumber) } }),
      },
    ],
  },
  "proxy.returns._index.tsx": {
    notExercised: { loader: "405 only (POST endpoint)" },
    cases: [
      {
        name: "return request for B's order number",
        fn: "action",
        expect: NOT_FOUND,
        call: (w) => proxy(w, "/proxy/returns", { customer: w.b.customer.shopifyId, body: { order: String(w.b.order.orderNumber), items: [{ lineItemId: "1", quantity: 1, reason: "OTHER" }] } }),
      },
    ],
  },
  "proxy.articles.$slug.tsx": {
    notExercised: { action: "405 only (GET endpoint)" },
    cases: [{ name: "B's published article by slug", fn: "loader", expect: NOT_FOUND, call: (w) => proxy(w, `/proxy/articles/${w.b.article.slug}`, {}, { slug: w.b.article.slug }) }],
  },
  "proxy.articles._index.tsx": {
    notExercised: { action: "405 only (GET endpoint)" },
    cases: [
      {
        name: "help search for B's article text",
        fn: "loader",
        expect: [200],
        call: (w) => proxy(w, "/proxy/articles", { query: { q: "Zebra returns" } }),
        check: async (response) => {
          const body = (await response.clone().json()) as { articles: unknown[] };
          if (body.articles.length !== 0) throw new Error(`expected no articles, got ${body.articles.length}`);
        },
      },
    ],
  },
  "proxy.cases.tsx": {
    notExercised: { loader: "405 only (POST endpoint)" },
    cases: [
      {
        name: "contact form naming B's order and customer email",
        fn: "action",
        expect: [201],
        echoes: ["zebra-customer@"],
        call: (w) =>
          proxy(w, "/proxy/cases", { body: { name: "Cleo", email: w.b.customer.email, orderNumber: String(w.b.order.orderNumber), topic: "WHERE_IS_MY_ORDER", message: "Where is it?" } }),
        check: async (_response, _body, w) => {
          // The case opens in shop A (the shop whose storefront was used) and is linked to none of B's orders.
          const links = await db.caseOrder.count({ where: { orderId: w.b.order.id, shopId: w.a.shop.shopId } });
          if (links !== 0) throw new Error("a case of shop A was linked to shop B's order");
        },
      },
    ],
  },

  // Shopper links: validly signed, but the payload pairs shop A with one of B's cases.
  "c.$token.tsx": {
    cases: [
      { name: "conversation page", fn: "loader", expect: NOT_FOUND, call: (w) => shopperLink(w, "c", "conversation", null) },
      { name: "reply into the conversation", fn: "action", expect: NOT_FOUND, call: (w) => shopperLink(w, "c", "conversation", { body: "Taken over" }) },
    ],
  },
  "survey.$token.tsx": {
    cases: [
      { name: "survey page", fn: "loader", expect: NOT_FOUND, call: (w) => shopperLink(w, "survey", "survey", null) },
      { name: "answer the survey", fn: "action", expect: NOT_FOUND, call: (w) => shopperLink(w, "survey", "survey", { score: "1", comment: "bad" }) },
    ],
  },
  // The NPS survey link: validly signed, but the payload pairs shop A with shop B's survey; B's answer stays unset.
  "nps.$token.tsx": {
    cases: [
      { name: "NPS survey page", fn: "loader", expect: NOT_FOUND, call: (w) => npsSurveyLink(w, null), check: (_r, _b, w) => expectNpsUnanswered(w) },
      { name: "answer the NPS survey", fn: "action", expect: NOT_FOUND, call: (w) => npsSurveyLink(w, { score: "0", comment: "Taken over" }), check: (_r, _b, w) => expectNpsUnanswered(w) },
    ],
  },
  "help.$token.tsx": {
    cases: [
      { name: "needs-help page", fn: "loader", expect: NOT_FOUND, call: (w) => shopperLink(w, "help", "needs-help", null) },
      { name: "hand the case to staff", fn: "action", expect: NOT_FOUND, call: (w) => shopperLink(w, "help", "needs-help", {}) },
    ],
  },
  "inbound.email.$shop.$secret.tsx": {
    notExercised: { loader: "always 405 (POST only), reads nothing" },
    cases: [
      {
        name: "email to shop A's address with shop B's secret",
        fn: "action",
        expect: [401],
        call: (w) => {
          const secret = inboundSecretFor(w.b.shop.domain);
          const raw = `From: zebra-customer@example.com\r\nTo: help@example.com\r\nSubject: Hi\r\nMessage-ID: <x-${Date.now()}@example.com>\r\n\r\nHello`;
          return {
            request: new Request(new URL(`/inbound/email/${w.a.shop.domain}/${secret}`, APP_URL()), { method: "POST", body: raw, headers: { "content-type": "message/rfc822" } }),
            params: { shop: w.a.shop.domain, secret },
          };
        },
      },
    ],
  },
};

/** Routes that take no shop-owned id (the shop comes from the session, the signed header or nothing at all). */
export const NO_IDS: Record<string, string> = {
  "_index.tsx": "redirect to /app or the login; reads nothing",
  "healthz.ts": "database health only; no shop data",
  "auth.$.tsx": "Shopify OAuth/session entry; the shop comes from Shopify's signed request",
  "auth.login": "login form; takes a shop domain to start OAuth, reads no shop data",
  "webhooks.$.tsx": "HMAC is per app and the shop comes from the signed X-Shopify-Shop-Domain header",
  "apps.support.$.tsx": "demo-only in-process app proxy (404 outside demo mode); forwards to proxy.* which are covered",
  "demo.storefront.tsx": "demo-only page (404 outside demo mode), no ids",
  "demo.storefront.assets.$file.tsx": "demo-only static theme assets from the extension folder; no shop data",
  "app.tsx": "admin layout loader: the session's own shop only",
  "app._index.tsx": "home dashboard of the session's shop; no ids in the URL",
  "app.settings._index.tsx": "settings overview of the session's shop; no ids",
  "app.settings.automation.tsx": "saves the session shop's automation settings object; no record ids",
  "app.settings.email.tsx": "saves the session shop's email settings / sends a test to the staff member; no record ids",
  "app.settings.hours.tsx": "saves the session shop's business hours and SLA; no record ids",
  "app.settings.returns.tsx": "saves the session shop's return policy (one per shop); no record ids",
  "app.settings.topics.tsx": "saves the session shop's topic list (enum values, not rows); no record ids",
  "app.settings.nps.tsx": "saves the session shop's NPS survey settings object; no record ids",
  "app.settings.subscriptions.tsx": "turns subscriptions on for the session's shop (scopes, webhook registration); no record ids",
  "app.privacy.tsx": "lists the session shop's privacy requests (cursor only); downloads are app.privacy.$id.download",
  "app.sent-mail.tsx": "demo-only captured mail (404 outside demo mode); no shop data",
  "app.help._index.tsx": "lists the session shop's articles by text/status; no ids",
};

// ───────────────────────────── Enumeration and the coverage check ─────────────────────────────

export const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");

/** Route module names as Remix sees them: files in app/routes, and folders (their route.tsx). */
export function routeModuleNames(dir = ROUTES_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isDirectory() ? fs.readdirSync(path.join(dir, e.name)).some((f) => /^route\.(tsx?|jsx?)$/.test(f)) : /\.(tsx?|jsx?)$/.test(e.name)))
    .filter((e) => !/\.test\.(tsx?|jsx?)$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

export function routeModulePath(name: string, dir = ROUTES_DIR): string {
  const full = path.join(dir, name);
  if (!fs.statSync(full).isDirectory()) return full;
  const file = fs.readdirSync(full).find((f) => /^route\.(tsx?|jsx?)$/.test(f))!;
  return path.join(full, file);
}

export interface RouteExports {
  name: string;
  fns: RouteFn[];
}

/**
 * What is missing: a route in neither list, a route in both, a listed route that no longer exists, or an exported
 * loader/action of a registered route with no cross-shop case and no reason. Empty = every route is accounted for.
 */
export function coverageProblems(routes: RouteExports[], registry: Record<string, RouteEntry>, noIds: Record<string, string>): string[] {
  const problems: string[] = [];
  const names = new Set(routes.map((r) => r.name));
  for (const route of routes) {
    const entry = registry[route.name];
    const free = route.name in noIds;
    if (!entry && !free) {
      if (route.fns.length === 0) continue; // a module with no loader/action has nothing to call
      problems.push(
        `app/routes/${route.name} exports ${route.fns.join(" and ")} but has no cross-shop case: add it to CROSS_SHOP in tests/security/route-fixtures.ts ` +
          "(call it as shop A with shop B's ids and expect 404/403), or to NO_IDS with the reason it takes no shop-owned id.",
      );
      continue;
    }
    if (entry && free) problems.push(`app/routes/${route.name} is in both CROSS_SHOP and NO_IDS: keep one.`);
    if (free && !noIds[route.name].trim()) problems.push(`app/routes/${route.name} is in NO_IDS without a reason.`);
    if (entry) {
      for (const fn of route.fns) {
        if (!entry.cases.some((c) => c.fn === fn) && !entry.notExercised?.[fn]) {
          problems.push(`app/routes/${route.name} exports ${fn} with no cross-shop case: add one to CROSS_SHOP, or say in notExercised why it reads no shop data.`);
        }
      }
      for (const c of entry.cases) {
        if (!route.fns.includes(c.fn)) problems.push(`CROSS_SHOP["${route.name}"] has a case for ${c.fn}, which the route does not export ("${c.name}").`);
      }
    }
  }
  for (const listed of [...Object.keys(registry), ...Object.keys(noIds)]) {
    if (!names.has(listed)) problems.push(`${listed} is listed in tests/security/route-fixtures.ts but app/routes has no such module: remove it.`);
  }
  return problems;
}
