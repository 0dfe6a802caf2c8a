import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { MAX_BODY_LENGTH, replyToCase } from "../cases/messages.server";
import { requireUuid } from "./requests.server";

// Telling every customer who asked that a request shipped, in their own case thread, in one action.
//
// Each reply is an ordinary staff reply (replyToCase: OUTBOUND message, QUEUED, a send-email job through the
// outbox), so it threads, shows in the timeline and is retried like any other. Idempotent: a mention records the
// reply that notified it (notifiedAt, notifiedMessageId) and is never notified again.
//
// Claim, then send (docs/decisions/0017-feedback-loop.md). No transaction is held while replies are written: on the
// embedded database (PGlite: one session, one transaction at a time) replyToCase's own transaction would wait for
// ours for ever, and on PostgreSQL it would hold two connections per click. Instead a short transaction locks the
// request row (FOR UPDATE, so concurrent clicks take turns), reads the mentions not yet notified and CLAIMS the ones
// this click will notify (notifiedAt = now), then commits. The replies are written afterwards, one by one; a
// reply stored sets notifiedMessageId on its mentions, a reply refused (AppError: merged away, no address…)
// releases its mentions' claim (notifiedAt = null) so a later click retries them. A second click that arrives
// meanwhile sees the claims and skips those mentions, so each customer is notified once.
//
// The trade-off, chosen on purpose: if the process dies between the claim and the reply, that mention stays
// claimed without a reply (notifiedAt set, notifiedMessageId null) and its customer is not told — one notice lost,
// rather than the risk of sending it twice. Staff can still reply from the case.

/** Cases notified per click; a request with more mentions is finished by clicking again ("remaining"). */
export const NOTIFY_BATCH = 200;

const NotifyInput = z.object({
  body: z
    .string({ error: "Write the message to send." })
    .trim()
    .min(1, { error: "Write the message to send: it is empty." })
    .max(MAX_BODY_LENGTH, { error: `The message is longer than ${MAX_BODY_LENGTH.toLocaleString("en")} characters.` }),
});

export function defaultShippedMessage(title: string): string {
  return [
    "Hi,",
    "",
    `Some time ago you asked us about “${title}”. Good news: it is now available.`,
    "",
    "Thank you for the suggestion — feedback like yours helps us decide what to build next. If you have any questions, just reply to this email.",
  ].join("\n");
}

export interface NotifyResult {
  /** Replies queued by this call. */
  notified: number;
  /** Mentions whose case has no customer email (a guest without address, or a redacted customer). */
  skippedNoEmail: number;
  /** Mentions that could not be notified for another reason (e.g. the case was merged away). */
  failed: { caseNumber: number; reason: string }[];
  /** Mentions left for another click (more than NOTIFY_BATCH waiting). */
  remaining: number;
}

/**
 * Queues the shipped message as a staff reply in the case of every mention not yet notified (at most NOTIFY_BATCH
 * threads per call). Claims the mentions in a short locked transaction, then sends outside it; a refused reply
 * releases its claim for a later click. At-most-once: a process that dies between claim and reply loses that one
 * notice instead of ever sending it twice (see the comment at the top of this file).
 */
export async function notifyShipped(
  shopId: string,
  staffId: string | null,
  requestId: string,
  raw: { body: unknown }
): Promise<NotifyResult> {
  const id = requireUuid(requestId);
  const parsed = NotifyInput.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
  const body = parsed.data.body;

  // 1. Lock, read, claim, commit.
  const claimed = await db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM "FeedbackRequest" WHERE "shopId" = ${shopId}::uuid AND id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0)
        throw new AppError("not_found", "This feedback request does not exist. Open Feedback to find it.");
      if (locked[0].status !== "SHIPPED")
        throw new AppError("bad_request", "Mark the request as Shipped before telling customers about it.");

      // Read after the lock: a click that held it before us has committed its claims.
      const pending = await tx.feedbackMention.findMany({
        where: { shopId, requestId: id, notifiedAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          case: {
            select: {
              id: true,
              number: true,
              customerEmail: true,
              mergedInto: { select: { id: true, customerEmail: true } },
            },
          },
        },
      });
      let skippedNoEmail = 0;
      let remaining = 0;
      // One reply per thread: two mentions ending in one case (a merge) share it.
      const targets = new Map<string, { caseId: string; mentions: { id: string; caseNumber: number }[] }>();
      for (const mention of pending) {
        // A merged case's conversation continues in the case it was merged into.
        const target = mention.case.mergedInto ?? mention.case;
        if (!target.customerEmail) {
          skippedNoEmail += 1;
          continue;
        }
        let group = targets.get(target.id);
        if (!group) {
          if (targets.size >= NOTIFY_BATCH) {
            remaining += 1;
            continue;
          }
          group = { caseId: target.id, mentions: [] };
          targets.set(target.id, group);
        }
        group.mentions.push({ id: mention.id, caseNumber: mention.case.number });
      }
      const ids = [...targets.values()].flatMap((g) => g.mentions.map((m) => m.id));
      if (ids.length > 0)
        await tx.feedbackMention.updateMany({
          where: { shopId, id: { in: ids }, notifiedAt: null },
          data: { notifiedAt: new Date() },
        });
      return { groups: [...targets.values()], skippedNoEmail, remaining };
    },
    { maxWait: 30_000, timeout: 30_000 }
  );

  // 2. Send, outside any transaction of ours.
  const result: NotifyResult = {
    notified: 0,
    skippedNoEmail: claimed.skippedNoEmail,
    failed: [],
    remaining: claimed.remaining,
  };
  const release = (mentionIds: string[]) =>
    db.feedbackMention.updateMany({
      where: { shopId, id: { in: mentionIds }, notifiedMessageId: null },
      data: { notifiedAt: null },
    });
  let next = 0;
  try {
    for (; next < claimed.groups.length; next++) {
      const group = claimed.groups[next];
      const mentionIds = group.mentions.map((m) => m.id);
      let messageId: string;
      try {
        const reply = await replyToCase(shopId, staffId, group.caseId, { body });
        if ("conflict" in reply) throw new AppError("conflict", "The conversation changed; reload and try again.");
        messageId = reply.messageId;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        await release(mentionIds);
        for (const m of group.mentions) result.failed.push({ caseNumber: m.caseNumber, reason: error.message });
        continue;
      }
      result.notified += 1;
      await db.feedbackMention.updateMany({
        where: { shopId, id: { in: mentionIds } },
        data: { notifiedAt: new Date(), notifiedMessageId: messageId },
      });
    }
  } catch (error) {
    // Unexpected (database down…): give back the claims of the replies not yet attempted, so a later click sends
    // them. The group being sent keeps its claim: its reply may already be stored (lost rather than sent twice).
    await release(claimed.groups.slice(next + 1).flatMap((g) => g.mentions.map((m) => m.id))).catch(() => undefined);
    throw error;
  }
  if (result.notified > 0)
    await db.feedbackRequest.updateMany({ where: { id, shopId }, data: { notifiedAt: new Date() } });
  return result;
}
