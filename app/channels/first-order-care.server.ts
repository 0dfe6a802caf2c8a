import { z } from "zod";
import db from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { enqueue, TASKS, usesInProcessJobs } from "../jobs/queue.server";
import { getShopSettings, parseShopSettings } from "../shops/settings.server";
import { queueEmail } from "./email/outbox.server";

/**
 * First-order care: a few days (settings.automation.firstOrderCare.daysAfterDelivery) after a first-time buyer's
 * order is delivered, the customer gets one personal check-in listing up to 3 published help articles about what
 * they bought. Off by default.
 *  - The order mirror calls scheduleFirstOrderCare (inside its transaction) when a shipment of an order is
 *    delivered; the job is keyed per order and keeps its run time, so a second delivery event changes nothing.
 *  - The job sends at most once per order (the order row is the lock, the "first_order_care_sent" event the record):
 *    it opens a RESOLVED case (channel SYSTEM, topic PRODUCT_QUESTION) holding the outbound message, so the inbox
 *    stays clean and the customer's reply threads into it and reopens it.
 */

type Tx = Prisma.TransactionClient;

export const FIRST_ORDER_CARE_EVENT = "first_order_care_sent";
export const FIRST_ORDER_CARE_NOTE = "This is an automatic message. Reply to this email if you have any question — a person will answer.";
const MAX_ARTICLES = 3;
const STALE_DELIVERY_DAYS = 30;
const jobKey = (orderId: string) => `first-order-care:${orderId}`;

/** True when no other non-cancelled order of the same customer (by customer or email) came before this one. */
async function isFirstOrder(
  tx: Tx,
  shopId: string,
  order: { id: string; customerId: string | null; email: string | null; processedAt: Date },
): Promise<boolean> {
  if (order.customerId) {
    const customer = await tx.customer.findFirst({ where: { id: order.customerId, shopId }, select: { ordersCount: true } });
    if (customer && customer.ordersCount > 1) return false;
  }
  const who: Prisma.OrderWhereInput[] = [];
  if (order.customerId) who.push({ customerId: order.customerId });
  if (order.email) who.push({ email: { equals: order.email, mode: "insensitive" } });
  if (who.length === 0) return false;
  const earlier = await tx.order.count({
    where: { shopId, id: { not: order.id }, cancelledAt: null, processedAt: { lte: order.processedAt }, OR: who },
  });
  return earlier === 0;
}

/**
 * Called by the order mirror, in its transaction, when a shipment of the order was just delivered. Schedules the
 * check-in when the shop has it on and this is the customer's first order. Returns whether a job was scheduled.
 */
export async function scheduleFirstOrderCare(
  tx: Tx,
  shop: { id: string; settings: unknown },
  orderId: string,
  deliveredAt: Date,
  { now = new Date() }: { now?: Date } = {},
): Promise<boolean> {
  const settings = parseShopSettings(shop.settings).automation.firstOrderCare;
  if (!settings.enabled) return false;
  // A delivery older than the longest check-in delay is history (a backfill or a late sync), not news.
  if (now.getTime() - deliveredAt.getTime() > STALE_DELIVERY_DAYS * 24 * 3600 * 1000) return false;
  const order = await tx.order.findFirst({
    where: { id: orderId, shopId: shop.id },
    select: { id: true, customerId: true, email: true, processedAt: true, cancelledAt: true, redactedAt: true },
  });
  if (!order || order.cancelledAt || order.redactedAt) return false;
  const sent = await tx.caseEvent.findFirst({ where: { shopId: shop.id, orderId, type: FIRST_ORDER_CARE_EVENT }, select: { id: true } });
  if (sent) return false;
  if (!(await isFirstOrder(tx, shop.id, order))) return false;
  const runAt = new Date(now.getTime() + settings.daysAfterDelivery * 24 * 3600 * 1000);
  const payload = { shopId: shop.id, orderId };
  if (usesInProcessJobs()) {
    // The embedded demo database has no graphile-worker schema: the in-process queue takes it after the commit.
    setTimeout(() => void enqueue({ task: TASKS.sendFirstOrderCare, payload, jobKey: jobKey(orderId), runAt, maxAttempts: 5 }).catch(() => undefined), 1000);
    return true;
  }
  // In the mirror's transaction, so the job exists only if the delivery was stored; preserve_run_at: a second
  // delivery event for the same order neither duplicates nor postpones the check-in.
  await tx.$executeRaw`SELECT graphile_worker.add_job('send-first-order-care', ${JSON.stringify(payload)}::json, run_at := ${runAt}::timestamptz, max_attempts := 5, job_key := ${jobKey(orderId)}::text, job_key_mode := 'preserve_run_at')`;
  return true;
}

const WORD = /[\p{L}\p{N}]{4,}/gu;
const STOP = new Set(["with", "from", "this", "that", "your", "size", "pack", "color", "colour", "default", "title"]);

function wordsOf(texts: (string | null)[]): string[] {
  const words = new Set<string>();
  for (const text of texts) for (const w of (text ?? "").toLowerCase().match(WORD) ?? []) if (!STOP.has(w)) words.add(w);
  return [...words];
}

export interface CareArticle {
  slug: string;
  title: string;
}

/** Up to 3 published articles about what was bought: title matches first, then body, product-question articles, most viewed. */
export async function articlesForPurchase(
  shopId: string,
  items: { title: string; productType: string | null }[],
  client: Tx | typeof db = db,
): Promise<CareArticle[]> {
  const articles = await client.helpArticle.findMany({
    where: { shopId, published: true },
    select: { slug: true, title: true, body: true, topic: true, viewCount: true },
    orderBy: [{ viewCount: "desc" }, { slug: "asc" }],
    take: 500,
  });
  const words = wordsOf(items.flatMap((i) => [i.title, i.productType]));
  const scored = articles.map((a, rank) => {
    const title = a.title.toLowerCase();
    const body = a.body.toLowerCase();
    const hits = words.reduce((s, w) => s + (title.includes(w) ? 3 : 0) + (body.includes(w) ? 1 : 0), 0);
    return { a, rank, score: hits > 0 ? hits * 10 + (a.topic === "PRODUCT_QUESTION" ? 5 : 0) : a.topic === "PRODUCT_QUESTION" ? 1 : 0 };
  });
  scored.sort((x, y) => y.score - x.score || x.rank - y.rank);
  return scored.slice(0, MAX_ARTICLES).map(({ a }) => ({ slug: a.slug, title: a.title }));
}

export function articleUrl(shopDomain: string, slug: string): string {
  return `https://${shopDomain}/apps/support/articles/${encodeURIComponent(slug)}`;
}

/** "the Linen Shirt", "the Linen Shirt and the Wool Socks", "the Linen Shirt, the Wool Socks and 2 more items". */
function productsPhrase(titles: string[]): string {
  const unique = [...new Set(titles)];
  if (unique.length === 0) return "your order";
  if (unique.length === 1) return unique[0];
  if (unique.length === 2) return `${unique[0]} and ${unique[1]}`;
  const more = unique.length - 2;
  return `${unique[0]}, ${unique[1]} and ${more === 1 ? unique[2] : `${more} more items`}`;
}

export function firstOrderCareText(input: {
  firstName: string | null;
  orderName: string;
  products: string[];
  articles: CareArticle[];
  shopDomain: string;
  shopName: string;
}): { subject: string; body: string } {
  const what = productsPhrase(input.products);
  const lines = [
    `Hi ${input.firstName || "there"},`,
    "",
    `Your order ${input.orderName} arrived a few days ago — thank you for your first order with ${input.shopName}! How are you getting on with ${what}?`,
  ];
  if (input.articles.length > 0) {
    lines.push("", "A few tips that may help you get the most out of it:");
    for (const a of input.articles) lines.push(`- ${a.title}: ${articleUrl(input.shopDomain, a.slug)}`);
  }
  lines.push("", "If anything isn't right, or you have a question, just reply to this email.", "", FIRST_ORDER_CARE_NOTE);
  return { subject: `How are you getting on with ${what}?`.slice(0, 200), body: lines.join("\n") };
}

const CareJob = z.object({ shopId: z.uuid(), orderId: z.uuid() });

export type FirstOrderCareOutcome = "sent" | "disabled" | "not_found" | "already_sent" | "cancelled" | "refunded" | "redacted" | "no_email";

/** The job: sends the check-in for one order, at most once. */
export async function sendFirstOrderCare(payload: Record<string, unknown>, { now = new Date() }: { now?: Date } = {}): Promise<FirstOrderCareOutcome> {
  const parsed = CareJob.safeParse(payload);
  if (!parsed.success) throw new Error("send-first-order-care needs a shopId and an orderId");
  const { shopId, orderId } = parsed.data;
  const settings = await getShopSettings(shopId);
  if (!settings.automation.firstOrderCare.enabled) return "disabled";

  const outcome = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Order" WHERE "shopId" = ${shopId}::uuid AND id = ${orderId}::uuid FOR UPDATE`;
    if (locked.length === 0) return { result: "not_found" as const };
    const order = await tx.order.findFirstOrThrow({
      where: { id: orderId, shopId },
      select: {
        name: true,
        email: true,
        customerId: true,
        cancelledAt: true,
        redactedAt: true,
        financialStatus: true,
        customer: { select: { email: true, firstName: true, lastName: true, redactedAt: true } },
        lineItems: { select: { title: true, productType: true }, orderBy: { price: "desc" } },
        shop: { select: { name: true, domain: true, email: true } },
      },
    });
    const sent = await tx.caseEvent.findFirst({ where: { shopId, orderId, type: FIRST_ORDER_CARE_EVENT }, select: { id: true } });
    if (sent) return { result: "already_sent" as const };
    if (order.cancelledAt) return { result: "cancelled" as const };
    if (order.financialStatus === "REFUNDED" || order.financialStatus === "VOIDED") return { result: "refunded" as const };
    if (order.redactedAt || order.customer?.redactedAt) return { result: "redacted" as const };
    const email = order.email ?? order.customer?.email ?? null;
    if (!email) return { result: "no_email" as const };

    const shopName = order.shop.name ?? order.shop.domain.replace(/\.myshopify\.com$/, "");
    const articles = await articlesForPurchase(shopId, order.lineItems, tx);
    const text = firstOrderCareText({
      firstName: order.customer?.firstName?.trim() || null,
      orderName: order.name,
      products: order.lineItems.map((l) => l.title),
      articles,
      shopDomain: order.shop.domain,
      shopName,
    });
    const customerName = [order.customer?.firstName, order.customer?.lastName].filter(Boolean).join(" ") || null;
    const shop = await tx.shop.update({ where: { id: shopId }, data: { nextCaseNumber: { increment: 1 } }, select: { nextCaseNumber: true } });
    const created = await tx.case.create({
      data: {
        shopId,
        number: shop.nextCaseNumber - 1,
        subject: text.subject,
        status: "RESOLVED",
        resolvedAt: now,
        topic: "PRODUCT_QUESTION",
        channel: "SYSTEM",
        customerId: order.customerId,
        customerEmail: email,
        customerName,
        createdAt: now,
        lastActivityAt: now,
        lastMessageAt: now,
      },
      select: { id: true },
    });
    await tx.caseOrder.create({ data: { shopId, caseId: created.id, orderId, linkedBy: "AUTO" } });
    const message = await tx.message.create({
      data: {
        shopId,
        caseId: created.id,
        direction: "OUTBOUND",
        channel: "EMAIL",
        authorType: "SYSTEM",
        authorName: shopName,
        authorEmail: order.shop.email,
        subject: text.subject,
        toEmails: [email],
        bodyText: text.body,
        deliveryStatus: "QUEUED",
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.caseEvent.create({
      data: {
        shopId,
        caseId: created.id,
        orderId,
        type: FIRST_ORDER_CARE_EVENT,
        actorType: "SYSTEM",
        data: { orderName: order.name, to: email, articles: articles.map((a) => a.slug), messageId: message.id },
        dedupeKey: `first-order-care:${orderId}`,
        occurredAt: now,
      },
    });
    return { result: "sent" as const, messageId: message.id };
  });
  if (outcome.result !== "sent") return outcome.result;
  await queueEmail(shopId, outcome.messageId);
  return "sent";
}
