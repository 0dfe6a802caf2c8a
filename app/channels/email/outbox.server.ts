import { randomUUID } from "node:crypto";
import db from "../../db.server";
import { AppError } from "../../errors.server";
import { enqueue, TASKS } from "../../jobs/queue.server";
import { conversationFooter } from "../links.server";
import { escapeHtml } from "./html";
import { replyAddress } from "./reply-token.server";
import { createSmtpTransport, isTransientSmtpError, loadSmtpConfig, smtpErrorInWords, SmtpSetupError, type SmtpConfig } from "./smtp-settings.server";

/**
 * The outbox: staff replies (Message OUTBOUND, QUEUED) are sent by a job, so a slow or failing mail server
 * never holds up the case view. Each message ends SENT (with sentAt) or FAILED (with the server's reason in
 * deliveryError) — never silently lost. Temporary refusals (4xx, connection trouble) are retried by the job
 * engine with backoff; permanent ones (5xx, authentication, missing settings) fail at once.
 */

export const SEND_EMAIL_MAX_ATTEMPTS = 5;

/** Queues the sending of one outbound message (at most one pending job per message). */
export async function queueEmail(shopId: string, messageId: string): Promise<void> {
  await enqueue({ task: TASKS.sendEmail, payload: { shopId, messageId }, jobKey: `send-email:${messageId}`, maxAttempts: SEND_EMAIL_MAX_ATTEMPTS });
}

/** Sends a FAILED message again: it goes back to QUEUED and gets a new job. */
export async function retrySend(shopId: string, messageId: string, scope: { caseId?: string } = {}): Promise<void> {
  const message = /^[0-9a-f-]{36}$/i.test(messageId)
    ? await db.message.findFirst({
        where: { id: messageId, shopId, direction: "OUTBOUND", ...(scope.caseId ? { caseId: scope.caseId } : {}) },
        select: { id: true, deliveryStatus: true },
      })
    : null;
  if (!message) throw new AppError("not_found", "This reply is not on this case any more. Reload the case.");
  if (message.deliveryStatus === "SENT") throw new AppError("conflict", "This reply has already been sent.");
  if (message.deliveryStatus === "QUEUED") return; // already on its way
  const updated = await db.message.updateMany({
    where: { id: message.id, shopId, deliveryStatus: "FAILED" },
    data: { deliveryStatus: "QUEUED", deliveryError: null },
  });
  if (updated.count > 0) await queueEmail(shopId, message.id);
}

const stripRe = (subject: string) => subject.replace(/^\s*((re|aw|sv|fwd?)\s*:\s*)+/i, "").trim();

/** "Re: <case subject> [#<number>]" */
export function replySubject(caseSubject: string, caseNumber: number): string {
  const base = stripRe(caseSubject).replace(/\s*\[#\d+\]\s*$/, "");
  return `Re: ${base || "Your request"} [#${caseNumber}]`;
}

/**
 * Replies read "Re: <case subject> [#n]"; a message stored with a subject of its own (an automatic update,
 * a survey) keeps it, with the case number so answers still thread.
 */
export function emailSubject(messageSubject: string | null, caseSubject: string, caseNumber: number): string {
  const own = messageSubject?.trim();
  if (!own || /^re\s*:/i.test(own)) return replySubject(caseSubject, caseNumber);
  return /\[#\d+\]\s*$/.test(own) ? own : `${own} [#${caseNumber}]`;
}

function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body style="font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;font-size:14px;line-height:1.5;color:#202223">${paragraphs.join("")}</body></html>`;
}

type JobInfo = { attempt: number; maxAttempts: number };

/**
 * The send-email job: sends one queued outbound message. Idempotent: a message that is no longer QUEUED
 * (sent, or failed and not retried) is left alone. Throws only to ask the job engine for a retry.
 */
export async function sendQueuedEmail(payload: Record<string, unknown>, info: JobInfo = { attempt: 1, maxAttempts: 1 }): Promise<void> {
  const shopId = String(payload.shopId ?? "");
  const messageId = String(payload.messageId ?? "");
  if (!/^[0-9a-f-]{36}$/i.test(shopId) || !/^[0-9a-f-]{36}$/i.test(messageId)) throw new Error("send-email needs a shopId and a messageId");
  const message = await db.message.findFirst({
    where: { id: messageId, shopId, direction: "OUTBOUND" },
    select: {
      id: true,
      caseId: true,
      bodyText: true,
      createdAt: true,
      deliveryStatus: true,
      externalMessageId: true,
      subject: true,
      authorName: true,
      authorType: true,
      case: { select: { number: true, subject: true, customerEmail: true, customerName: true, shop: { select: { name: true } } } },
    },
  });
  if (!message || message.deliveryStatus !== "QUEUED") return;

  let config: SmtpConfig | null = null;
  try {
    config = await loadSmtpConfig(shopId);
    if (!config) throw new SmtpSetupError("No email server is set up, so the reply could not be sent. An admin can add one in Settings → Email, then retry.");
    const to = message.case.customerEmail;
    if (!to) throw new SmtpSetupError("The case has no customer email address.");

    // The Message-ID is fixed before the first attempt, so a retry sends the same one (threads stay whole).
    const messageIdHeader = message.externalMessageId ?? `<${randomUUID()}@${config.replyDomain}>`;
    if (!message.externalMessageId) {
      await db.message.updateMany({ where: { id: message.id, shopId }, data: { externalMessageId: messageIdHeader } });
    }
    const earlier = await db.message.findMany({
      where: {
        shopId,
        caseId: message.caseId,
        externalMessageId: { not: null },
        NOT: { id: message.id },
        direction: { in: ["INBOUND", "OUTBOUND"] },
        OR: [{ createdAt: { lt: message.createdAt } }, { createdAt: message.createdAt, id: { lt: message.id } }],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { externalMessageId: true },
    });
    const references = earlier.map((m) => normaliseMessageId(m.externalMessageId!)).filter(Boolean);
    const shopName = message.case.shop.name ?? config.fromAddress;

    // Every email carries the shopper's link to the whole conversation (the survey's own text already has it).
    const text = message.authorType === "SYSTEM" ? message.bodyText : message.bodyText + conversationFooter(shopId, message.caseId);
    const transport = createSmtpTransport(config);
    try {
      await transport.sendMail({
        from: { name: config.fromName || shopName, address: config.fromAddress },
        to: message.case.customerName ? { name: message.case.customerName, address: to } : to,
        replyTo: { name: config.fromName || shopName, address: replyAddress(shopId, message.case.number, config.replyDomain) },
        subject: emailSubject(message.subject, message.case.subject, message.case.number),
        messageId: messageIdHeader,
        ...(references.length > 0 ? { inReplyTo: references[references.length - 1], references: references.slice(-20) } : {}),
        headers: { "X-Casefile-Case": String(message.case.number) },
        text,
        html: textToHtml(text),
      });
    } finally {
      transport.close();
    }
    await db.message.updateMany({
      where: { id: message.id, shopId, deliveryStatus: "QUEUED" },
      data: { deliveryStatus: "SENT", sentAt: new Date(), deliveryError: null },
    });
  } catch (error) {
    const reason = smtpErrorInWords(error, config);
    if (isTransientSmtpError(error) && info.attempt < info.maxAttempts) {
      // Still queued: the job engine tries again later. The reason shows meanwhile.
      await db.message.updateMany({
        where: { id: message.id, shopId, deliveryStatus: "QUEUED" },
        data: { deliveryError: `Temporary problem (attempt ${info.attempt} of ${info.maxAttempts}), trying again: ${reason}` },
      });
      throw new Error(`Sending message ${message.id} failed for now: ${reason}`);
    }
    await db.message.updateMany({ where: { id: message.id, shopId, deliveryStatus: "QUEUED" }, data: { deliveryStatus: "FAILED", deliveryError: reason } });
  }
}

/** "<id@host>" whatever the stored form. */
function normaliseMessageId(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, "");
  return bare ? `<${bare}>` : "";
}
