import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { MAX_BODY_LENGTH, replyToCase } from "../cases/messages.server";
import { requireUuid } from "./requests.server";

// Telling every customer who asked that a request shipped, in their own case thread, in one action.
//
// Each reply is an ordinary staff reply (replyToCase: OUTBOUND message, QUEUED, a send-email job through the
// outbox), so it threads, shows in the timeline and is retried like any other. Idempotent: a mention records the
// reply that notified it (notifiedAt, notifiedMessageId) and is never notified again. Concurrent clicks are
// serialised by locking the request row for the whole run; each mention is marked right after its reply is
// stored, so a run that stops half-way resumes where it stopped.

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

export async function notifyShipped(shopId: string, staffId: string | null, requestId: string, raw: { body: unknown }): Promise<NotifyResult> {
  const id = requireUuid(requestId);
  const parsed = NotifyInput.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
  const body = parsed.data.body;

  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text AS status FROM "FeedbackRequest" WHERE "shopId" = ${shopId}::uuid AND id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) throw new AppError("not_found", "This feedback request does not exist. Open Feedback to find it.");
      if (locked[0].status !== "SHIPPED") throw new AppError("bad_request", "Mark the request as Shipped before telling customers about it.");

      // Read after the lock: a run that held it before us has committed its marks.
      const pending = await tx.feedbackMention.findMany({
        where: { shopId, requestId: id, notifiedAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, case: { select: { id: true, number: true, customerEmail: true, mergedInto: { select: { id: true, customerEmail: true } } } } },
      });
      const result: NotifyResult = { notified: 0, skippedNoEmail: 0, failed: [], remaining: 0 };
      // Replies already queued in this run, by case: two mentions ending in one thread (a merge) get one reply.
      const sentTo = new Map<string, string>();
      let attempted = 0;
      for (const mention of pending) {
        // A merged case's conversation continues in the case it was merged into.
        const target = mention.case.mergedInto ?? mention.case;
        if (!target.customerEmail) {
          result.skippedNoEmail += 1;
          continue;
        }
        let messageId = sentTo.get(target.id);
        if (!messageId) {
          if (attempted >= NOTIFY_BATCH) {
            result.remaining += 1;
            continue;
          }
          attempted += 1;
          try {
            const reply = await replyToCase(shopId, staffId, target.id, { body });
            if ("conflict" in reply) throw new AppError("conflict", "The conversation changed; reload and try again.");
            messageId = reply.messageId;
            sentTo.set(target.id, messageId);
            result.notified += 1;
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            result.failed.push({ caseNumber: mention.case.number, reason: error.message });
            continue;
          }
        }
        // Committed at once (not with the lock's transaction): the reply exists, so the mark must too.
        await db.feedbackMention.updateMany({ where: { id: mention.id, shopId }, data: { notifiedAt: new Date(), notifiedMessageId: messageId } });
      }
      if (result.notified > 0) await tx.feedbackRequest.updateMany({ where: { id, shopId }, data: { notifiedAt: new Date() } });
      return result;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
