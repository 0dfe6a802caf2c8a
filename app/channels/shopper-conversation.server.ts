import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type pg from "pg";
import db, { rawPool } from "../db.server";
import { AppError } from "../errors.server";
import type { CaseStatus } from "../generated/prisma/client";
import { t } from "../i18n/en";
import { earlierDue, openSlaDue, resumeSla, SLA_CASE_SELECT } from "../insights/sla.server";
import { outreachBecomesSupport } from "../cases/outreach.server";
import { getShopSettings } from "../shops/settings.server";
import { verifyLinkToken, type LinkKind } from "./links.server";

// What a shopper sees and does behind a signed conversation link: the customer's messages and the staff's
// replies (never internal notes, timeline events or staff email addresses; staff by first name), and a reply
// form whose messages land in the same case (reopening it when it was resolved).

export { SHOPPER_REPLY_MAX_LENGTH } from "./shopper-limits";
import { SHOPPER_REPLY_MAX_LENGTH } from "./shopper-limits";
/** Replies per case per hour: a brake on a leaked link being used to flood a case. */
export const SHOPPER_REPLY_LIMIT = { points: 20, durationSeconds: 3600 } as const;

const DONE: CaseStatus[] = ["RESOLVED", "CLOSED"];

export type LinkTarget =
  | { state: "ok"; shopId: string; caseId: string }
  | { state: "invalid" | "expired" | "not_found" };

/** HTTP status of a link that can't be opened: tampered 401, expired 410, unknown case 404. */
export const LINK_STATUS = { invalid: 401, expired: 410, not_found: 404 } as const;

/**
 * Checks a signed link and finds its case in the shop it names. A case merged into another leads to the case
 * it was merged into (the conversation continues there), in the same shop.
 */
export async function resolveLink(token: string, kind: LinkKind, now: Date = new Date()): Promise<LinkTarget> {
  const check = verifyLinkToken(token, kind, now);
  if (!check.ok) return { state: check.reason };
  const { shopId, caseId } = check.payload;
  const c = await db.case.findFirst({ where: { id: caseId, shopId }, select: { id: true, mergedIntoId: true } });
  if (!c) return { state: "not_found" };
  if (c.mergedIntoId) {
    const target = await db.case.findFirst({ where: { id: c.mergedIntoId, shopId }, select: { id: true } });
    if (target) return { state: "ok", shopId, caseId: target.id };
  }
  return { state: "ok", shopId, caseId: c.id };
}

export interface ShopperMessage {
  id: string;
  from: "customer" | "staff";
  author: string;
  body: string;
  at: string;
}

export interface ShopperConversation {
  shopName: string;
  number: number;
  subject: string;
  status: "open" | "waiting" | "resolved";
  messages: ShopperMessage[];
}

function shopperStatus(status: CaseStatus): ShopperConversation["status"] {
  if (DONE.includes(status)) return "resolved";
  return status === "PENDING" ? "waiting" : "open";
}

/** The conversation as the shopper may see it: customer messages and replies to the customer, oldest first. */
export async function shopperConversation(shopId: string, caseId: string): Promise<ShopperConversation> {
  const c = await db.case.findFirst({
    where: { id: caseId, shopId },
    select: { number: true, subject: true, status: true, shop: { select: { name: true, domain: true } } },
  });
  if (!c) throw new AppError("not_found", t("shopper.link.notFoundBody"));
  const shopName = c.shop.name ?? c.shop.domain.replace(/\.myshopify\.com$/, "");
  const rows = await db.message.findMany({
    // NOTE (internal notes) never leaves the admin.
    where: { shopId, caseId, direction: { in: ["INBOUND", "OUTBOUND"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, direction: true, authorType: true, bodyText: true, createdAt: true, authorStaff: { select: { firstName: true } } },
  });
  return {
    shopName,
    number: c.number,
    subject: c.subject,
    status: shopperStatus(c.status),
    messages: rows.map((m) => {
      const fromCustomer = m.direction === "INBOUND";
      const first = m.authorStaff?.firstName?.trim();
      return {
        id: m.id,
        from: fromCustomer ? "customer" : "staff",
        author: fromCustomer ? t("shopper.you") : first ? t("shopper.staffFrom", { name: first, shop: shopName }) : t("shopper.team", { shop: shopName }),
        body: m.bodyText,
        at: m.createdAt.toISOString(),
      };
    }),
  };
}

// ───────────────────────────── Rate limit ─────────────────────────────

let limiter: { pool: pg.Pool; replies: RateLimiterPostgres } | undefined;

function replyLimiter(): RateLimiterPostgres {
  const pool = rawPool();
  if (!limiter || limiter.pool !== pool) {
    // The storefront's rate-limit table (keys "<prefix>:<shopId>:…"; its trigger files each row under the shop).
    limiter = {
      pool,
      replies: new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: "storefront_rate_limits",
        tableCreated: true,
        keyPrefix: "shopper-reply",
        points: SHOPPER_REPLY_LIMIT.points,
        duration: SHOPPER_REPLY_LIMIT.durationSeconds,
      }),
    };
  }
  return limiter.replies;
}

async function consumeReply(shopId: string, caseId: string): Promise<void> {
  try {
    await replyLimiter().consume(`${shopId}:${caseId}`);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError("rate_limited", t("shopper.reply.rateLimited", { minutes: Math.max(1, Math.ceil(seconds / 60)) }), { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
    }
    throw error;
  }
}

// ───────────────────────────── Reply ─────────────────────────────

/** Plain text: line endings normalised, control characters (but tab and newline) dropped, trimmed, length-limited. */
export function cleanShopperText(body: string, max = SHOPPER_REPLY_MAX_LENGTH): string {
  // eslint-disable-next-line no-control-regex
  const text = body.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim();
  if (!text) throw new AppError("bad_request", t("shopper.reply.empty"));
  if (text.length > max) throw new AppError("bad_request", t("shopper.reply.tooLong", { length: text.length.toLocaleString("en"), max: max.toLocaleString("en") }));
  return text;
}

/**
 * The shopper's answer from the conversation page: an INBOUND message (channel STOREFRONT: written on the web,
 * not by email) on the same case. The case's activity moves; a case that was not open (waiting, snoozed,
 * resolved, closed) opens again, with a timeline event — a resolved or closed one counts as reopened.
 */
export async function shopperReply(shopId: string, caseId: string, body: string, { now = new Date() }: { now?: Date } = {}): Promise<{ messageId: string; reopened: boolean }> {
  const text = cleanShopperText(body);
  await consumeReply(shopId, caseId);
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Case" WHERE "shopId" = ${shopId}::uuid AND id = ${caseId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", t("shopper.link.notFoundBody"));
    const c = await tx.case.findFirstOrThrow({
      where: { id: caseId, shopId },
      select: { ...SLA_CASE_SELECT, subject: true, customerEmail: true, customerName: true, outreach: true },
    });
    const message = await tx.message.create({
      data: {
        shopId,
        caseId,
        direction: "INBOUND",
        channel: "STOREFRONT",
        authorType: "CUSTOMER",
        authorName: c.customerName,
        authorEmail: c.customerEmail,
        subject: /^re:/i.test(c.subject) ? c.subject : `Re: ${c.subject}`,
        bodyText: text,
        deliveryStatus: "RECEIVED",
        createdAt: now,
      },
      select: { id: true },
    });
    const reopen = c.status !== "OPEN";
    const wasDone = DONE.includes(c.status);
    // The customer answers an outreach message (the NPS survey): from now on an ordinary support case.
    const converted = c.outreach ? outreachBecomesSupport(await getShopSettings(shopId), c, "STOREFRONT", now) : null;
    await tx.case.updateMany({
      where: { id: caseId, shopId },
      data: converted
        ? { lastMessageAt: now, lastActivityAt: now, ...converted }
        : {
            lastMessageAt: now,
            lastActivityAt: now,
            ...(reopen ? { status: "OPEN", snoozedUntil: null } : {}),
            ...(wasDone
              ? { reopenCount: { increment: 1 }, resolvedAt: null, closedAt: null, slaDueAt: earlierDue(openSlaDue(c), c.externalDueAt) }
              : {}),
            // Waiting on the customer with the SLA clock stopped: the answer starts it again (app/insights/sla.server.ts).
            ...(c.status === "PENDING" && c.slaPausedAt ? resumeSla(await getShopSettings(shopId), c, now) : {}),
          },
    });
    if (reopen) {
      await tx.caseEvent.create({
        data: { shopId, caseId, type: "status_changed", actorType: "CUSTOMER", data: { from: c.status, to: "OPEN", reason: "customer_message" }, occurredAt: now },
      });
    }
    return { messageId: message.id, reopened: wasDone && !converted };
  });
}
