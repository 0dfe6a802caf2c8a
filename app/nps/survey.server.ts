import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { queueEmail } from "../channels/email/outbox.server";
import { SURVEY_COMMENT_MAX_LENGTH } from "../channels/shopper-limits";
import db from "../db.server";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";
import { safeTimeZone } from "../insights/rollup/days";
import { getShopSettings, type ShopSettings } from "../shops/settings.server";
import { npsLink } from "./links.server";

/**
 * The NPS survey (issue 10): "How likely are you to recommend us?" 0–10 and an optional comment, at most once per
 * customer per period (a calendar month or quarter in the shop's time zone: "2026-11", "2026-Q4").
 *  - An hourly job (send-nps-surveys) goes through the shops with the survey on whose send day of the period has
 *    come, and sends a capped batch per shop per run to eligible customers: an email address, not erased by a
 *    privacy request, an order (not cancelled) placed between maxDaysSinceOrder and minDaysSinceOrder days ago and
 *    none since (their latest order falls in that window), and no survey yet this period. Later runs continue where the cap stopped.
 *  - Sending claims the NpsResponse row first (unique shop × customer × period, INSERT … ON CONFLICT DO NOTHING), so
 *    a re-run or two racing workers never send twice. The email goes through the existing email path: like the
 *    first-order check-in, it is the outbound message of a RESOLVED case (channel SYSTEM, topic OTHER), marked
 *    `outreach` so support figures and the open views leave it out; a reply threads into that case, reopens it for
 *    staff and makes it an ordinary case (outreach false) counted from then.
 *  - The customer answers once (/nps/<token>): the first answer is stored, later ones are refused.
 */

export type NpsSettings = ShopSettings["nps"];

/** How many surveys one shop sends per run at most (the job runs hourly). */
export const NPS_BATCH_CAP = 200;

/** The period an instant falls in, in the shop's zone: "2026-11" (monthly) or "2026-Q4" (quarterly). */
export function npsPeriodOf(instant: Date, period: NpsSettings["period"], timezone: string): string {
  const local = new TZDate(instant.getTime(), safeTimeZone(timezone));
  const year = local.getFullYear();
  const month = local.getMonth();
  return period === "quarterly" ? `${year}-Q${Math.floor(month / 3) + 1}` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

/** True once the period's send day has come: day ≥ sendDay in the month (monthly) or the quarter's first month. */
export function sendDayReached(instant: Date, settings: Pick<NpsSettings, "period" | "sendDay">, timezone: string): boolean {
  const local = new TZDate(instant.getTime(), safeTimeZone(timezone));
  if (settings.period === "quarterly" && local.getMonth() % 3 !== 0) return true;
  return local.getDate() >= settings.sendDay;
}

export type NpsShopOutcome = { shopId: string; result: "disabled" | "not_yet" | "sent"; sent: number; period: string | null };

/** The job: every installed shop with the survey on. */
export async function sendNpsSurveys(now: Date = new Date(), { batchCap = NPS_BATCH_CAP }: { batchCap?: number } = {}): Promise<NpsShopOutcome[]> {
  const shops = await db.shop.findMany({
    where: { state: "INSTALLED", settings: { path: ["nps", "enabled"], equals: true } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const outcomes: NpsShopOutcome[] = [];
  for (const shop of shops) outcomes.push(await sendNpsSurveysForShop(shop.id, now, { batchCap }));
  return outcomes;
}

/** One shop's batch: at most `batchCap` surveys to eligible customers not yet surveyed this period. */
export async function sendNpsSurveysForShop(shopId: string, now: Date = new Date(), { batchCap = NPS_BATCH_CAP }: { batchCap?: number } = {}): Promise<NpsShopOutcome> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { ianaTimezone: true, state: true } });
  const settings = (await getShopSettings(shopId)).nps;
  if (!shop || shop.state !== "INSTALLED" || !settings.enabled) return { shopId, result: "disabled", sent: 0, period: null };
  const timezone = safeTimeZone(shop.ianaTimezone);
  const period = npsPeriodOf(now, settings.period, timezone);
  if (!sendDayReached(now, settings, timezone)) return { shopId, result: "not_yet", sent: 0, period };

  const day = 24 * 3600 * 1000;
  const newest = new Date(now.getTime() - settings.minDaysSinceOrder * day);
  const oldest = new Date(now.getTime() - settings.maxDaysSinceOrder * day);
  // Driven by the (shopId, processedAt) index: the window's orders, their customers, minus those whose latest order
  // is newer than the window (someone who ordered yesterday is asked later, about that order) and those surveyed
  // this period. "Latest" counts every order of theirs, cancelled ones too: a fresh order is a fresh experience.
  const eligible = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id::text AS id FROM "Customer" c
    WHERE c."shopId" = ${shopId}::uuid
      AND c.id IN (
        SELECT o."customerId" FROM "Order" o
        WHERE o."shopId" = ${shopId}::uuid AND o."processedAt" >= ${oldest} AND o."processedAt" <= ${newest}
          AND o."customerId" IS NOT NULL AND o."cancelledAt" IS NULL AND o."redactedAt" IS NULL)
      AND NOT EXISTS (
        SELECT 1 FROM "Order" later
        WHERE later."shopId" = ${shopId}::uuid AND later."customerId" = c.id AND later."processedAt" > ${newest})
      AND c.email IS NOT NULL AND btrim(c.email) <> '' AND c."redactedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "NpsResponse" n WHERE n."shopId" = ${shopId}::uuid AND n."customerId" = c.id AND n.period = ${period})
    ORDER BY c.id
    LIMIT ${Math.max(0, Math.floor(batchCap))}`;

  let sent = 0;
  for (const { id } of eligible) {
    const messageId = await sendOne(shopId, id, period, now);
    if (messageId) {
      await queueEmail(shopId, messageId);
      sent += 1;
    }
  }
  return { shopId, result: "sent", sent, period };
}

/** Claims the customer's survey of the period and writes its email; null when it was already claimed. */
async function sendOne(shopId: string, customerId: string, period: string, now: Date): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "NpsResponse" (id, "shopId", "customerId", period, "requestedAt")
      VALUES (gen_random_uuid(), ${shopId}::uuid, ${customerId}::uuid, ${period}, ${now})
      ON CONFLICT ("shopId", "customerId", period) DO NOTHING
      RETURNING id::text AS id`;
    if (claimed.length === 0) return null;
    const responseId = claimed[0].id;
    const customer = await tx.customer.findFirstOrThrow({
      where: { id: customerId, shopId },
      select: { email: true, firstName: true, lastName: true, shop: { select: { name: true, domain: true, email: true } } },
    });
    const email = customer.email!.trim();
    const shopName = customer.shop.name ?? customer.shop.domain.replace(/\.myshopify\.com$/, "");
    const subject = t("nps.email.subject", { shop: shopName });
    const body = t("nps.email.body", {
      name: customer.firstName?.trim() || t("shopper.email.customerFallbackName"),
      shop: shopName,
      url: npsLink(shopId, responseId, { now }),
    });
    const counter = await tx.shop.update({ where: { id: shopId }, data: { nextCaseNumber: { increment: 1 } }, select: { nextCaseNumber: true } });
    const created = await tx.case.create({
      data: {
        shopId,
        number: counter.nextCaseNumber - 1,
        subject,
        status: "RESOLVED",
        resolvedAt: now,
        topic: "OTHER",
        channel: "SYSTEM",
        // Outreach, not support: left out of support figures and the open views until the customer writes in it.
        outreach: true,
        customerId,
        customerEmail: email,
        customerName: [customer.firstName, customer.lastName].filter(Boolean).join(" ") || null,
        createdAt: now,
        lastActivityAt: now,
        lastMessageAt: now,
      },
      select: { id: true },
    });
    const message = await tx.message.create({
      data: {
        shopId,
        caseId: created.id,
        direction: "OUTBOUND",
        channel: "EMAIL",
        authorType: "SYSTEM",
        authorName: shopName,
        authorEmail: customer.shop.email,
        subject,
        toEmails: [email],
        bodyText: body,
        deliveryStatus: "QUEUED",
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.caseEvent.create({
      data: { shopId, caseId: created.id, type: "nps_survey_sent", actorType: "SYSTEM", data: { period, to: email, messageId: message.id }, occurredAt: now },
    });
    return message.id;
  });
}

// ───────────────────────────── Answers ─────────────────────────────

const badScore = () => t("nps.answer.badScore");
export const NpsAnswer = z.object({
  score: z.coerce.number({ error: badScore }).int({ error: badScore }).min(0, { error: badScore }).max(10, { error: badScore }),
  comment: z
    .string()
    .optional()
    // eslint-disable-next-line no-control-regex
    .transform((s) => s?.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim() || null),
});

export interface NpsSurveyState {
  shopName: string;
  period: string;
  answered: { score: number; respondedAt: string } | null;
}

/** The survey behind a link, in the shop the link names; AppError 404 when there is none. */
export async function npsSurveyState(shopId: string, responseId: string): Promise<NpsSurveyState> {
  const row = await db.npsResponse.findFirst({
    where: { id: responseId, shopId },
    select: { period: true, score: true, respondedAt: true, shop: { select: { name: true, domain: true } } },
  });
  if (!row) throw new AppError("not_found", t("shopper.link.notFoundBody"));
  return {
    shopName: row.shop.name ?? row.shop.domain.replace(/\.myshopify\.com$/, ""),
    period: row.period,
    answered: row.respondedAt && row.score !== null ? { score: row.score, respondedAt: row.respondedAt.toISOString() } : null,
  };
}

/**
 * Stores the customer's answer: the first one wins (the row is claimed only while it has no answer); a later one
 * returns "already_answered" and changes nothing. A bad score or an over-long comment is a 400 AppError.
 */
export async function answerNps(
  shopId: string,
  responseId: string,
  input: { score: unknown; comment?: unknown },
  { now = new Date() }: { now?: Date } = {},
): Promise<{ result: "stored" | "already_answered"; score: number; respondedAt: string }> {
  const parsed = NpsAnswer.safeParse({
    score: input.score === "" || input.score === null ? undefined : input.score,
    comment: typeof input.comment === "string" ? input.comment : undefined,
  });
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? badScore());
  const { score, comment } = parsed.data;
  if (comment && comment.length > SURVEY_COMMENT_MAX_LENGTH) {
    throw new AppError("bad_request", t("nps.answer.commentTooLong", { length: comment.length.toLocaleString("en"), max: SURVEY_COMMENT_MAX_LENGTH.toLocaleString("en") }));
  }
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ score: number | null; respondedAt: Date | null }[]>`
      SELECT score, "respondedAt" FROM "NpsResponse" WHERE "shopId" = ${shopId}::uuid AND id = ${responseId}::uuid FOR UPDATE`;
    if (rows.length === 0) throw new AppError("not_found", t("shopper.link.notFoundBody"));
    const existing = rows[0];
    if (existing.respondedAt) {
      return { result: "already_answered" as const, score: existing.score ?? score, respondedAt: existing.respondedAt.toISOString() };
    }
    await tx.npsResponse.updateMany({ where: { id: responseId, shopId, respondedAt: null }, data: { score, comment, respondedAt: now } });
    return { result: "stored" as const, score, respondedAt: now.toISOString() };
  });
}
