import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";
import { enqueue, TASKS } from "../jobs/queue.server";
import { getShopSettings } from "../shops/settings.server";
import { queueEmail } from "./email/outbox.server";
import { conversationLink, surveyLink } from "./links.server";

// The one-question satisfaction survey ("How did we do?", 1–5 and a comment) sent after a case is resolved.
//  - When a case becomes RESOLVED and the shop's settings.satisfaction.enabled, a job is scheduled
//    settings.satisfaction.sendAfterHours later (job key per case: resolving again only moves it).
//  - The job sends once per case: if the case is still resolved and has no SatisfactionRating, it creates the
//    rating (requestedAt; staffId = the assignee at resolution) and an OUTBOUND system message carrying the
//    survey link and the conversation link, and hands the message to the email channel.
//  - The shopper answers once (caseId is unique on SatisfactionRating); a second answer changes nothing.

export { SURVEY_COMMENT_MAX_LENGTH } from "./shopper-limits";
import { SURVEY_COMMENT_MAX_LENGTH } from "./shopper-limits";

/** Called when cases became RESOLVED: schedules each one's survey when the shop has surveys on. */
export async function scheduleSatisfactionSurveys(shopId: string, caseIds: string[], { now = new Date() }: { now?: Date } = {}): Promise<number> {
  if (caseIds.length === 0) return 0;
  const settings = await getShopSettings(shopId);
  if (!settings.satisfaction.enabled) return 0;
  const runAt = new Date(now.getTime() + settings.satisfaction.sendAfterHours * 3600 * 1000);
  // The rating is credited to whoever had the case when it was resolved, even if it is reassigned meanwhile.
  const cases = await db.case.findMany({ where: { shopId, id: { in: caseIds } }, select: { id: true, assigneeId: true } });
  for (const c of cases) {
    await enqueue({
      task: TASKS.sendSatisfactionSurvey,
      payload: { shopId, caseId: c.id, staffId: c.assigneeId },
      jobKey: `satisfaction:${c.id}`,
      runAt,
      maxAttempts: 5,
    });
  }
  return cases.length;
}

const SurveyJob = z.object({ shopId: z.uuid(), caseId: z.uuid(), staffId: z.uuid().nullish() });

export type SurveySendOutcome = "sent" | "disabled" | "not_resolved" | "already_requested" | "no_email" | "not_found";

/** The job: sends the survey for one case, at most once. */
export async function sendSatisfactionSurvey(payload: Record<string, unknown>, { now = new Date() }: { now?: Date } = {}): Promise<SurveySendOutcome> {
  const parsed = SurveyJob.safeParse(payload);
  if (!parsed.success) throw new Error("send-satisfaction-survey needs a shopId and a caseId");
  const { shopId, caseId, staffId } = parsed.data;
  const settings = await getShopSettings(shopId);
  if (!settings.satisfaction.enabled) return "disabled";

  const outcome = await db.$transaction(async (tx) => {
    // One survey per case even when two jobs race: the case row is the lock, the unique rating the record.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Case" WHERE "shopId" = ${shopId}::uuid AND id = ${caseId}::uuid FOR UPDATE`;
    if (locked.length === 0) return { result: "not_found" as const };
    const c = await tx.case.findFirstOrThrow({
      where: { id: caseId, shopId },
      select: {
        number: true,
        subject: true,
        status: true,
        mergedIntoId: true,
        assigneeId: true,
        customerId: true,
        customerEmail: true,
        customerName: true,
        shop: { select: { name: true, domain: true, email: true } },
        rating: { select: { id: true } },
      },
    });
    if (c.rating) return { result: "already_requested" as const };
    if (c.status !== "RESOLVED" || c.mergedIntoId) return { result: "not_resolved" as const };
    if (!c.customerEmail) return { result: "no_email" as const };
    // The assignee at resolution (from the job), if still a member of this shop's team; else the current one.
    const resolver = staffId === undefined ? c.assigneeId : staffId && (await tx.staff.findFirst({ where: { id: staffId, shopId }, select: { id: true } }))?.id;
    await tx.satisfactionRating.create({ data: { shopId, caseId, staffId: resolver ?? null, customerId: c.customerId, requestedAt: now } });
    const shopName = c.shop.name ?? c.shop.domain.replace(/\.myshopify\.com$/, "");
    const firstName = c.customerName?.trim().split(/\s+/)[0];
    const message = await tx.message.create({
      data: {
        shopId,
        caseId,
        direction: "OUTBOUND",
        channel: "EMAIL",
        authorType: "SYSTEM",
        authorName: shopName,
        authorEmail: c.shop.email,
        subject: t("shopper.email.surveySubject", { number: c.number }),
        toEmails: [c.customerEmail],
        bodyText: t("shopper.email.surveyBody", {
          name: firstName || t("shopper.email.customerFallbackName"),
          number: c.number,
          subject: c.subject,
          surveyUrl: surveyLink(shopId, caseId, { now }),
          conversationUrl: conversationLink(shopId, caseId, { now }),
          shop: shopName,
        }),
        deliveryStatus: "QUEUED",
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.caseEvent.create({
      data: { shopId, caseId, type: "survey_sent", actorType: "SYSTEM", data: { messageId: message.id, to: c.customerEmail }, occurredAt: now },
    });
    return { result: "sent" as const, messageId: message.id };
  });
  if (outcome.result !== "sent") return outcome.result;
  await queueEmail(shopId, outcome.messageId);
  return "sent";
}

// ───────────────────────────── Answers ─────────────────────────────

export const SurveyAnswer = z.object({
  score: z.coerce
    .number({ error: () => t("shopper.survey.badScore") })
    .int({ error: () => t("shopper.survey.badScore") })
    .min(1, { error: () => t("shopper.survey.badScore") })
    .max(5, { error: () => t("shopper.survey.badScore") }),
  comment: z
    .string()
    .optional()
    // Control characters go, as in a shopper's reply (a NUL cannot even be stored in PostgreSQL text).
    // eslint-disable-next-line no-control-regex
    .transform((s) => s?.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim() || null),
});

export interface SurveyState {
  shopName: string;
  number: number;
  subject: string;
  answered: { score: number; respondedAt: string } | null;
}

export async function surveyState(shopId: string, caseId: string): Promise<SurveyState> {
  const c = await db.case.findFirst({
    where: { id: caseId, shopId },
    select: { number: true, subject: true, shop: { select: { name: true, domain: true } }, rating: { select: { score: true, respondedAt: true } } },
  });
  if (!c) throw new AppError("not_found", t("shopper.link.notFoundBody"));
  const r = c.rating;
  return {
    shopName: c.shop.name ?? c.shop.domain.replace(/\.myshopify\.com$/, ""),
    number: c.number,
    subject: c.subject,
    answered: r?.respondedAt && r.score !== null ? { score: r.score, respondedAt: r.respondedAt.toISOString() } : null,
  };
}

/**
 * Stores the shopper's answer: the first answer for a case wins (the rating row is claimed only while it has
 * no answer); later answers return "already_answered" and change nothing. A survey reached without a prior
 * request (none was recorded) still stores one rating, with the case's current assignee.
 */
export async function answerSurvey(
  shopId: string,
  caseId: string,
  input: { score: unknown; comment?: unknown },
  { now = new Date() }: { now?: Date } = {},
): Promise<{ result: "stored" | "already_answered"; score: number }> {
  const parsed = SurveyAnswer.safeParse({ score: input.score === "" ? undefined : input.score, comment: typeof input.comment === "string" ? input.comment : undefined });
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? t("shopper.survey.badScore"));
  const { score, comment } = parsed.data;
  if (comment && comment.length > SURVEY_COMMENT_MAX_LENGTH) {
    throw new AppError("bad_request", t("shopper.survey.commentTooLong", { length: comment.length.toLocaleString("en"), max: SURVEY_COMMENT_MAX_LENGTH.toLocaleString("en") }));
  }
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Case" WHERE "shopId" = ${shopId}::uuid AND id = ${caseId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", t("shopper.link.notFoundBody"));
    const existing = await tx.satisfactionRating.findFirst({ where: { shopId, caseId }, select: { id: true, respondedAt: true, score: true } });
    if (existing?.respondedAt) return { result: "already_answered" as const, score: existing.score ?? score };
    if (existing) {
      await tx.satisfactionRating.updateMany({ where: { id: existing.id, shopId, respondedAt: null }, data: { score, comment, respondedAt: now } });
    } else {
      const c = await tx.case.findFirstOrThrow({ where: { id: caseId, shopId }, select: { assigneeId: true, customerId: true } });
      await tx.satisfactionRating.create({ data: { shopId, caseId, staffId: c.assigneeId, customerId: c.customerId, score, comment, requestedAt: now, respondedAt: now } });
    }
    await tx.caseEvent.create({ data: { shopId, caseId, type: "survey_answered", actorType: "CUSTOMER", data: { score }, occurredAt: now } });
    return { result: "stored" as const, score };
  });
}
