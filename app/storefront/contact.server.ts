import { z } from "zod";
import db from "../db.server";
import { sameEmail } from "../customers/email-match.server";
import { AppError } from "../errors.server";
import { CaseTopic, type CaseStatus, type Channel } from "../generated/prisma/enums";
import type { Prisma } from "../generated/prisma/client";
import { linkCaseToOrders } from "../cases/order-context.server";
import { outreachBecomesSupport } from "../cases/outreach.server";
import { acknowledgeNewCase } from "../channels/automation.server";
import { getShopSettings } from "../shops/settings.server";
import { earlierDue, openSlaDue, resumeSla, slaDeadlines, SLA_CASE_SELECT } from "../insights/sla.server";
import { classifyNewCase } from "../insights/classify-case.server";
import { OrderRef, parseOrThrow, ShopperEmail } from "./orders.server";
import { STOREFRONT_TEXT, TOPIC_SUBJECTS } from "./text.server";

// The storefront contact form (and the customer-account "Get help" action): a shopper's message joins THAT
// customer's open case — same email, waiting (open, pending or snoozed), not merged — or opens a new one, linked
// to the order when the number is the customer's own. A contact about an order looked up in the last 24 hours
// marks that lookup as followed up (the insights' self-service resolution counts lookups that were not).

const HOUR = 3600_000;
const FOLLOW_UP_WINDOW_MS = 24 * HOUR;

const TOPICS = Object.values(CaseTopic) as CaseTopic[];

const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v ?? undefined), z.string().max(max, message).optional());

export const ContactInput = z.object({
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(200, "Keep your name under 200 characters."),
  email: z.preprocess((v) => v ?? "", ShopperEmail),
  orderNumber: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v ?? undefined), OrderRef.optional()),
  topic: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase().replace(/[\s-]+/g, "_") : v),
    z.enum(TOPICS, { error: "Choose what your message is about." }),
  ),
  subject: optionalText(200, "Keep the subject under 200 characters."),
  message: z
    .string({ error: "Write your message." })
    .trim()
    .min(1, "Write your message.")
    .max(10_000, "Keep your message under 10,000 characters."),
});
export type ContactInput = z.input<typeof ContactInput>;

export interface ContactResult {
  caseId: string;
  number: number;
  appended: boolean;
  message: string;
}

export type ContactChannel = Extract<Channel, "STOREFRONT" | "CUSTOMER_ACCOUNT">;
/** The channels a customer writes in by: one open case per customer across all of them. */
export type CustomerChannel = ContactChannel | "EMAIL";

/** What an email adds to the stored message (HTML already sanitised, attachments already size-checked). */
export interface MessageExtras {
  bodyHtml?: string | null;
  externalMessageId?: string | null;
  inReplyTo?: string | null;
  toEmails?: string[];
  ccEmails?: string[];
  attachments?: { filename: string; contentType: string; size: number; content: Uint8Array | null }[];
}

/**
 * Stores the shopper's message on their open case or a new one. `shopifyCustomerId` is the signed-in customer
 * (app proxy's logged_in_customer_id, or the customer-account session token's subject), when there is one.
 */
export async function submitContact(
  shopId: string,
  raw: unknown,
  channel: ContactChannel,
  options: { shopifyCustomerId?: bigint | null; now?: Date } = {},
): Promise<ContactResult> {
  const input = parseOrThrow(ContactInput, raw);
  const settings = await getShopSettings(shopId);
  const channelOn = channel === "STOREFRONT" ? settings.channels.storefront : settings.channels.customerAccount;
  if (!channelOn) throw new AppError("forbidden", "This store doesn't take messages here right now. Please email the store instead.");
  if (settings.topics[input.topic]?.enabled === false) throw new AppError("bad_request", "Choose another topic: this one isn't offered by the store.");

  // Who is writing: the signed-in customer, else the mirror's customer with this email (not a proof of identity,
  // so it only names the case's customer; orders are linked below only when they match the email).
  const signedIn = options.shopifyCustomerId
    ? await db.customer.findUnique({
        where: { shopId_shopifyId: { shopId, shopifyId: options.shopifyCustomerId } },
        select: { id: true, email: true, redactedAt: true },
      })
    : null;
  // A typed email proves nothing: only a signed-in customer (Shopify vouches for them) is matched to a customer
  // record. A guest's message still joins the open case with that email (one conversation per customer), but is
  // flagged as from an unverified sender and never names the case's customer.
  const customer = signedIn && !signedIn.redactedAt ? signedIn : null;

  // The order is linked only when it is this customer's: their email on the order, or the signed-in customer's order.
  const order =
    input.orderNumber !== undefined
      ? await db.order.findFirst({
          where: {
            shopId,
            ...(input.orderNumber.number !== undefined ? { orderNumber: input.orderNumber.number } : { shopifyId: input.orderNumber.shopifyOrderId }),
            redactedAt: null,
            OR: [
              { email: sameEmail(input.email) },
              ...(signedIn && !signedIn.redactedAt ? [{ customerId: signedIn.id }] : []),
            ],
          },
          orderBy: { processedAt: "desc" },
          select: { id: true, name: true },
        })
      : null;

  const given = input.orderNumber?.number ?? null;
  const subject =
    input.subject ??
    `${TOPIC_SUBJECTS[input.topic] ?? TOPIC_SUBJECTS.OTHER}${order ? ` (${order.name})` : given !== null ? ` (order ${given})` : ""}`;
  const bodyText =
    given !== null && !order ? `${input.message}\n\n(Order number given: ${given})` : input.message;

  const result = await openOrAppendCase(shopId, {
    channel,
    email: customer?.email ?? input.email,
    name: input.name,
    customerId: customer?.id ?? null,
    topic: input.topic,
    subject,
    bodyText,
    orderId: order?.id ?? null,
    match: "any-open",
    unverifiedSender: !customer,
    now: options.now,
  });

  await markFollowUp(shopId, { caseId: result.caseId, orderId: order?.id ?? null, customerId: customer?.id ?? null, now: options.now ?? new Date() });
  return { ...result, message: STOREFRONT_TEXT.contactReceived(input.name.split(/\s+/)[0], input.email) };
}

/** Lookups of the same order (or, without an order, by the same customer) in the last 24 hours were followed up. */
async function markFollowUp(shopId: string, ref: { caseId: string; orderId: string | null; customerId: string | null; now: Date }) {
  const about = ref.orderId ? { orderId: ref.orderId } : ref.customerId ? { customerId: ref.customerId } : null;
  if (!about) return;
  await db.selfServiceEvent.updateMany({
    where: {
      shopId,
      // A receipt request is self-service like a lookup: a case about the same order soon after means it did not help.
      kind: { in: ["ORDER_LOOKUP", "RECEIPT_REQUESTED"] },
      followUpCaseId: null,
      createdAt: { gte: new Date(ref.now.getTime() - FOLLOW_UP_WINDOW_MS), lte: ref.now },
      ...about,
    },
    data: { followUpCaseId: ref.caseId },
  });
}

export interface CaseMessageInput {
  channel: CustomerChannel;
  /** Lower-cased; null only when the customer's email is unknown (then a new case is always opened). */
  email: string | null;
  name: string | null;
  customerId: string | null;
  topic: CaseTopic;
  subject: string;
  bodyText: string;
  orderId: string | null;
  /**
   * Which open case takes the message: "any-open" — the customer's most recently active waiting case;
   * "return-for-order" — their waiting RETURN case linked to `orderId` (a return request of another order opens its own case);
   * "new" — always a new case.
   */
  match: "any-open" | "return-for-order" | "new";
  /**
   * The case this message answers (an email's reply token or In-Reply-To): it takes the message whatever its
   * status — a resolved or closed case reopens — or, when merged, the case it was merged into. Another shop's id
   * is ignored (the usual matching applies).
   */
  threadCaseId?: string | null;
  /** Nobody vouched for the sender (a guest's web form): the message gets an `unverified_sender` event for staff. */
  unverifiedSender?: boolean;
  message?: MessageExtras;
  now?: Date;
}

/**
 * Appends an INBOUND customer message to the customer's open case, or opens a case (next per-shop number,
 * SLA deadlines from the shop's settings) — under an advisory lock per (shop, email), so two quick submits
 * open one case. Links the order (as the customer's) and the orders the message names.
 */
export async function openOrAppendCase(
  shopId: string,
  input: CaseMessageInput,
): Promise<{ caseId: string; number: number; appended: boolean; messageId: string }> {
  const now = input.now ?? new Date();
  const email = input.email?.toLowerCase() ?? null;
  const settings = await getShopSettings(shopId);

  const outcome = await db.$transaction(async (tx) => {
    if (email) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`contact:${shopId}:${email}`}, 0))`;
    const threaded = input.threadCaseId ? await threadTarget(tx, shopId, input.threadCaseId) : null;
    const existing = threaded
      ? threaded
      : email && input.match !== "new"
      ? await tx.case.findFirst({
          where: {
            shopId,
            // Exact, case-insensitive, on the (shopId, lower(customerEmail)) index.
            id: { in: await waitingCaseIdsWithEmail(tx, shopId, email) },
            ...(input.match === "return-for-order" ? { topic: "RETURN", orders: { some: { orderId: input.orderId ?? "" } } } : {}),
          },
          orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
          select: CASE_FOR_APPEND,
        })
      : null;

    let caseId: string;
    let number: number;
    if (existing) {
      caseId = existing.id;
      number = existing.number;
      const reopen = existing.status !== "OPEN";
      const linkCustomer = !existing.customerId && input.customerId ? { customerId: input.customerId } : {};
      await tx.case.updateMany({
        where: { shopId, id: existing.id },
        data: existing.outreach
          ? // The customer answers an outreach message (the NPS survey): from now on an ordinary support case.
            { lastMessageAt: now, lastActivityAt: now, ...outreachBecomesSupport(settings, existing, input.channel, now), ...linkCustomer }
          : {
              lastMessageAt: now,
              lastActivityAt: now,
              ...(reopen ? { status: "OPEN", snoozedUntil: null } : {}),
              // A resolved or closed case the customer answers is open again, with its open SLA deadline back.
              ...(DONE.includes(existing.status)
                ? {
                    reopenCount: { increment: 1 },
                    resolvedAt: null,
                    closedAt: null,
                    slaDueAt: earlierDue(openSlaDue(existing), existing.externalDueAt),
                  }
                : {}),
              // Waiting on the customer with the SLA clock stopped: the answer starts it again (app/insights/sla.server.ts).
              ...(existing.status === "PENDING" ? resumeSla(settings, existing, now) : {}),
              ...linkCustomer,
            },
      });
      if (reopen) {
        await tx.caseEvent.create({
          data: { shopId, caseId, type: "status_changed", actorType: "CUSTOMER", data: { from: existing.status, to: "OPEN", reason: "customer_message" }, occurredAt: now },
        });
      }
    } else {
      const { nextCaseNumber } = await tx.shop.update({ where: { id: shopId }, data: { nextCaseNumber: { increment: 1 } }, select: { nextCaseNumber: true } });
      number = nextCaseNumber - 1;
      const { firstResponseDueAt, resolutionDueAt } = slaDeadlines(settings, { priority: "NORMAL", topic: input.topic, openedAt: now });
      const created = await tx.case.create({
        data: {
          shopId,
          number,
          subject: input.subject.slice(0, 200),
          status: "OPEN",
          topic: input.topic,
          channel: input.channel,
          customerId: input.customerId,
          customerEmail: email,
          customerName: input.name,
          firstResponseDueAt,
          resolutionDueAt,
          slaDueAt: firstResponseDueAt,
          lastMessageAt: now,
          lastActivityAt: now,
          createdAt: now,
        },
        select: { id: true },
      });
      caseId = created.id;
    }
    const extras = input.message ?? {};
    const message = await tx.message.create({
      data: {
        shopId,
        caseId,
        direction: "INBOUND",
        channel: input.channel,
        authorType: "CUSTOMER",
        authorName: input.name,
        authorEmail: email,
        subject: input.subject.slice(0, 200),
        bodyText: input.bodyText,
        deliveryStatus: "RECEIVED",
        createdAt: now,
        bodyHtml: extras.bodyHtml || null,
        externalMessageId: extras.externalMessageId ?? null,
        inReplyTo: extras.inReplyTo ?? null,
        toEmails: extras.toEmails ?? [],
        ccEmails: extras.ccEmails ?? [],
      },
      select: { id: true },
    });
    if (extras.attachments?.length) {
      await tx.messageAttachment.createMany({
        data: extras.attachments.map((a) => ({
          shopId,
          messageId: message.id,
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
          content: a.content ? Buffer.from(a.content) : null,
        })),
      });
    }
    if (input.unverifiedSender) {
      await tx.caseEvent.create({
        data: { shopId, caseId, type: "unverified_sender", actorType: "CUSTOMER", data: { messageId: message.id }, occurredAt: now },
      });
    }
    if (input.orderId) {
      await tx.caseOrder.createMany({ data: [{ shopId, caseId, orderId: input.orderId, linkedBy: "CUSTOMER" }], skipDuplicates: true });
    }
    return { caseId, number, appended: existing !== null, messageId: message.id };
  });
  // Orders named in a web form's text are linked only when they are this customer's (anyone can type "#1001").
  await linkCaseToOrders(shopId, outcome.caseId, { namedOrdersOfCustomerOnly: input.channel !== "EMAIL" });
  if (!outcome.appended) await classifyNewCase(shopId, outcome.caseId, now);
  if (!outcome.appended) await acknowledgeNewCase(shopId, outcome.caseId);
  return outcome;
}

async function waitingCaseIdsWithEmail(tx: Prisma.TransactionClient, shopId: string, email: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Case"
    WHERE "shopId" = ${shopId}::uuid AND lower("customerEmail") = lower(${email})
      AND status IN ('OPEN', 'PENDING', 'SNOOZED') AND "mergedIntoId" IS NULL
    ORDER BY "lastActivityAt" DESC, id DESC LIMIT 50`;
  return rows.map((r) => r.id);
}

const DONE: CaseStatus[] = ["RESOLVED", "CLOSED"];
// SLA_CASE_SELECT whole: resuming the clock needs externalDueAt (a dispute's evidence due date caps the resolution).
const CASE_FOR_APPEND = {
  ...SLA_CASE_SELECT,
  outreach: true,
  id: true,
  number: true,
  customerId: true,
  mergedIntoId: true,
} as const;

/** The shop's case a threaded message goes to: the case itself, or the case it was merged into (a few hops at most). */
async function threadTarget(tx: Prisma.TransactionClient, shopId: string, caseId: string) {
  let id: string | null = caseId;
  for (let hop = 0; id && hop < 5; hop++) {
    const found: Prisma.CaseGetPayload<{ select: typeof CASE_FOR_APPEND }> | null = await tx.case.findFirst({ where: { shopId, id }, select: CASE_FOR_APPEND });
    if (!found) return null;
    if (!found.mergedIntoId) return found;
    id = found.mergedIntoId;
  }
  return null;
}
