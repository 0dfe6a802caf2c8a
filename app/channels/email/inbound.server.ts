import { createHmac, timingSafeEqual } from "node:crypto";
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from "mailparser";
import EmailReplyParser from "email-reply-parser";
import sanitizeHtml from "sanitize-html";
import db from "../../db.server";
import { env } from "../../env.server";
import { AppError } from "../../errors.server";
import { Prisma } from "../../generated/prisma/client";
import { sameEmail } from "../../customers/email-match.server";
import { MAX_DATA_IMAGE_CHARS, htmlToPlainText, sanitizeMessageHtml } from "../../cases/sanitize.server";
import { openOrAppendCase, type MessageExtras } from "../../storefront/contact.server";
import { getShopSettings } from "../../shops/settings.server";
import { t } from "../../i18n/en";
import { parseReplyToken } from "./reply-token.server";

// Inbound email: a forwarding service (Postmark, SendGrid, Mailgun, Cloudflare Email Workers) POSTs the raw
// RFC 822 message to the shop's inbound address. The message threads into a case — the reply+token address it
// was sent to, else the stored message it answers (In-Reply-To/References), else the customer's open case (the
// storefront's openOrAppendCase: one conversation per customer across channels), else a new case. Auto-replies
// and bounces are acknowledged and dropped, so two auto-responders never loop through a case.

export const MAX_EMAIL_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
const MAX_BODY_CHARS = 100_000;

/** PostgreSQL text can't hold NUL: a stray one in an email must not turn it into a database error. */
const noNul = (s: string) => s.split("\u0000").join("");

const MB = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const KB = (bytes: number) => (bytes >= 1024 * 1024 ? MB(bytes) : `${Math.max(1, Math.round(bytes / 1024))} KB`);

// ───────────────────────────── The per-shop address ─────────────────────────────

/** The secret path segment of a shop's inbound address: HMAC-SHA256(app secret, "inbound:" + domain), 32 hex chars. */
export function inboundSecretFor(shopDomain: string): string {
  return createHmac("sha256", env().SHOPIFY_API_SECRET).update(`inbound:${shopDomain.toLowerCase()}`).digest("hex").slice(0, 32);
}

/** The URL a merchant pastes into their forwarding service (Postmark, SendGrid, Mailgun, Cloudflare). */
export function inboundAddressFor(shopDomain: string, appUrl: string = env().SHOPIFY_APP_URL): string {
  return `${appUrl.replace(/\/+$/, "")}/inbound/email/${encodeURIComponent(shopDomain.toLowerCase())}/${inboundSecretFor(shopDomain)}`;
}

/** Compares the secret from the URL in constant time. */
export function inboundSecretMatches(shopDomain: string, given: string): boolean {
  const expected = Buffer.from(inboundSecretFor(shopDomain));
  const actual = Buffer.from(given.toLowerCase());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The installed shop an inbound address belongs to; 401 for a wrong secret, 404 for no such installed shop. */
export async function shopForInbound(shopDomain: string, secret: string): Promise<{ id: string; domain: string }> {
  if (!inboundSecretMatches(shopDomain, secret)) throw new AppError("unauthorized", t("emailInbound.error.secret"));
  const shop = await db.shop.findFirst({ where: { domain: shopDomain.toLowerCase(), state: "INSTALLED" }, select: { id: true, domain: true } });
  if (!shop) throw new AppError("not_found", t("emailInbound.error.shop"));
  return shop;
}

// ───────────────────────────── The request body ─────────────────────────────

const FORM_FIELDS = ["email", "body-mime", "raw", "message"];

/**
 * The raw RFC 822 message from the request body: the body itself (message/rfc822, text/plain,
 * application/octet-stream…), or the raw-MIME field of a provider's envelope — Postmark's JSON `RawEmail`
 * ("Include raw email content"), SendGrid Inbound Parse's `email` ("POST the raw, full MIME message"),
 * Mailgun's `body-mime` (forward with a MIME URL).
 */
export async function rawEmailFrom(contentType: string | null, body: Uint8Array): Promise<Uint8Array> {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new AppError("bad_request", t("emailInbound.error.json"));
    }
    const raw = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>).RawEmail : undefined;
    if (typeof raw !== "string" || !raw) throw new AppError("bad_request", t("emailInbound.error.json"));
    return new TextEncoder().encode(raw);
  }
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? type } }).formData();
    } catch {
      throw new AppError("bad_request", t("emailInbound.error.form"));
    }
    for (const name of FORM_FIELDS) {
      const value = form.get(name);
      if (typeof value === "string" && value) return new TextEncoder().encode(value);
      if (value && typeof value === "object" && value.size > 0) return new Uint8Array(await value.arrayBuffer());
    }
    throw new AppError("bad_request", t("emailInbound.error.form"));
  }
  return body;
}

// ───────────────────────────── Receiving ─────────────────────────────

export type InboundResult =
  | { outcome: "ignored"; reason: string }
  | { outcome: "duplicate"; caseId: string; caseNumber: number; messageId: string }
  | { outcome: "stored"; caseId: string; caseNumber: number; messageId: string; appended: boolean; threadedBy: ThreadedBy };

export type ThreadedBy = "reply_token" | "in_reply_to" | "open_case" | "new_case";

/** Parses, filters, threads and stores one raw email for the shop. Throws AppError (400/403) for unusable input. */
export async function receiveEmail(shop: { id: string; domain: string }, raw: Uint8Array, options: { now?: Date } = {}): Promise<InboundResult> {
  const settings = await getShopSettings(shop.id);
  if (!settings.channels.email) throw new AppError("forbidden", t("emailInbound.error.channelOff"));

  const mail = await parseMime(raw);
  const from = firstAddress(mail.from);
  if (!from) throw new AppError("bad_request", t("emailInbound.error.noFrom"));

  const ignored = autoReplyReason(mail, from, shop.id);
  if (ignored) return { outcome: "ignored", reason: ignored };

  const externalMessageId = noNul(mail.messageId ?? "").trim().slice(0, 998) || null;
  if (externalMessageId) {
    const seen = await findDuplicate(shop.id, externalMessageId);
    if (seen) return seen;
  }

  const { caseId: threadCaseId, threadedBy } = await findThread(shop.id, mail);
  const email = from.address.toLowerCase();
  const name = noNul(from.name ?? "").trim().slice(0, 200) || null;
  const customer = await db.customer.findFirst({
    where: { shopId: shop.id, email: sameEmail(email), redactedAt: null },
    orderBy: { updatedAt: "desc" },
    select: { id: true },
  });

  const { text, html } = visibleBody(mail);
  const { stored: attachments, notes } = keptAttachments(mail.attachments ?? []);
  const subject = cleanSubject(noNul(mail.subject ?? "")) || t("emailInbound.noSubject", { from: name ?? email });

  // "#1001" is linked by linkCaseToOrders; a bare "order 1001" is linked only when it is this customer's order.
  const bare = bareOrderNumber(`${mail.subject ?? ""}\n${text}`);
  const order =
    bare !== null
      ? await db.order.findFirst({
          where: { shopId: shop.id, orderNumber: bare, redactedAt: null, OR: [{ email: sameEmail(email) }, ...(customer ? [{ customerId: customer.id }] : [])] },
          orderBy: { processedAt: "desc" },
          select: { id: true },
        })
      : null;

  const bodyText = noNul([text || htmlToPlainText(html) || "", ...notes].filter(Boolean).join("\n\n")).slice(0, MAX_BODY_CHARS);
  const extras: MessageExtras = {
    bodyHtml: noNul(html) || null,
    externalMessageId,
    inReplyTo: noNul(mail.inReplyTo ?? "").trim().slice(0, 998) || null,
    toEmails: addresses(mail.to).slice(0, 50),
    ccEmails: addresses(mail.cc).slice(0, 50),
    attachments,
  };

  try {
    const result = await openOrAppendCase(shop.id, {
      channel: "EMAIL",
      email,
      name,
      customerId: customer?.id ?? null,
      topic: "OTHER",
      subject,
      bodyText: bodyText || subject,
      orderId: order?.id ?? null,
      match: "any-open",
      threadCaseId,
      message: extras,
      now: options.now,
    });
    return {
      outcome: "stored",
      caseId: result.caseId,
      caseNumber: result.number,
      messageId: result.messageId,
      appended: result.appended,
      threadedBy: threadCaseId ? threadedBy : result.appended ? "open_case" : "new_case",
    };
  } catch (error) {
    // The same email delivered twice at once: the second insert hits the unique Message-ID and rolls back.
    if (externalMessageId && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const seen = await findDuplicate(shop.id, externalMessageId);
      if (seen) return seen;
    }
    throw error;
  }
}

async function parseMime(raw: Uint8Array): Promise<ParsedMail> {
  if (raw.byteLength === 0) throw new AppError("bad_request", t("emailInbound.error.empty"));
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    throw new AppError("bad_request", t("emailInbound.error.unreadable", { reason: error instanceof Error ? error.message : String(error) }));
  }
  if (mail.headers.size === 0 || !mail.headers.has("from")) throw new AppError("bad_request", t("emailInbound.error.notMime"));
  return mail;
}

async function findDuplicate(shopId: string, externalMessageId: string): Promise<InboundResult | null> {
  const seen = await db.message.findFirst({
    where: { shopId, externalMessageId },
    select: { id: true, case: { select: { id: true, number: true } } },
  });
  return seen ? { outcome: "duplicate", caseId: seen.case.id, caseNumber: seen.case.number, messageId: seen.id } : null;
}

// ───────────────────────────── Auto-replies and bounces ─────────────────────────────

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object" && "value" in value && typeof value.value === "string") return value.value;
  if (typeof value === "object" && "text" in value && typeof value.text === "string") return value.text;
  return String(value);
}

/** Why the email is an automatic one (never a case), or null for a person's email. */
export function autoReplyReason(mail: ParsedMail, from: { address: string }, shopId: string): string | null {
  const autoSubmitted = headerText(mail, "auto-submitted").trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return `auto_submitted:${autoSubmitted.split(/[;\s]/)[0]}`;
  if (mail.headers.has("x-autoreply") || mail.headers.has("x-autorespond")) return "autoreply_header";
  const precedence = headerText(mail, "precedence").trim().toLowerCase();
  if (["bulk", "junk", "auto_reply", "list"].includes(precedence)) return `precedence:${precedence}`;
  const contentType = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value?.toLowerCase() === "multipart/report") return `report:${contentType.params?.["report-type"]?.toLowerCase() ?? "unknown"}`;
  const local = from.address.split("@")[0]?.toLowerCase() ?? "";
  if (local === "mailer-daemon" || local === "postmaster") return "bounce_sender";
  const returnPath = mail.headerLines.find((h) => h.key === "return-path");
  if (returnPath && /^return-path:\s*<\s*>\s*$/i.test(returnPath.line.trim())) return "null_return_path";
  // Our own reply address writing to us: a loop through a misconfigured forward.
  if (parseReplyToken(from.address, shopId)) return "from_reply_address";
  return null;
}

// ───────────────────────────── Threading ─────────────────────────────

async function findThread(shopId: string, mail: ParsedMail): Promise<{ caseId: string | null; threadedBy: ThreadedBy }> {
  // 1. The signed reply address the customer answered to.
  const deliveredTo = mail.headerLines
    .filter((h) => ["delivered-to", "x-original-to", "envelope-to", "x-forwarded-to"].includes(h.key))
    .map((h) => h.line.slice(h.line.indexOf(":") + 1).trim());
  for (const address of [...addresses(mail.to), ...addresses(mail.cc), ...deliveredTo]) {
    const token = parseReplyToken(address, shopId);
    if (!token) continue;
    const found = await db.case.findFirst({ where: { shopId, number: token.caseNumber }, select: { id: true } });
    if (found) return { caseId: found.id, threadedBy: "reply_token" };
  }
  // 2. A stored message of this shop it answers.
  const refs = [mail.inReplyTo ?? "", ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])]
    .flatMap((r) => r.split(/\s+/))
    .map((r) => r.trim())
    .filter(Boolean)
    .slice(-50);
  if (refs.length > 0) {
    const ids = [...new Set(refs.flatMap((r) => [r, r.replace(/^<|>$/g, ""), `<${r.replace(/^<|>$/g, "")}>`]))];
    const answered = await db.message.findFirst({
      where: { shopId, externalMessageId: { in: ids } },
      orderBy: { createdAt: "desc" },
      select: { caseId: true },
    });
    if (answered) return { caseId: answered.caseId, threadedBy: "in_reply_to" };
  }
  // 3./4. The customer's open case, else a new one (openOrAppendCase).
  return { caseId: null, threadedBy: "open_case" };
}

// ───────────────────────────── Content ─────────────────────────────

function firstAddress(field: AddressObject | AddressObject[] | undefined): { address: string; name: string | null } | null {
  for (const group of Array.isArray(field) ? field : field ? [field] : []) {
    for (const entry of group.value) {
      const address = noNul(entry.address ?? "");
      if (address.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(address)) return { address, name: entry.name || null };
    }
  }
  return null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const out: string[] = [];
  const walk = (list: { address?: string; group?: { address?: string }[] }[]) => {
    for (const entry of list) {
      if (entry.address) out.push(noNul(entry.address).toLowerCase().slice(0, 320));
      if (entry.group) walk(entry.group);
    }
  };
  for (const group of Array.isArray(field) ? field : field ? [field] : []) walk(group.value);
  return [...new Set(out)];
}

function cleanSubject(subject: string | undefined): string {
  let s = (subject ?? "").replace(/\s+/g, " ").trim();
  for (let i = 0; i < 5; i++) s = s.replace(/^(re|fwd?|aw|sv|antw)\s*(\[\d+\])?\s*:\s*/i, "");
  return s.slice(0, 200);
}

const QUOTE_CLASSES = ["gmail_quote", "gmail_signature", "yahoo_quoted", "moz-cite-prefix", "moz-signature", "protonmail_quote", "ms-outlook-mobile-signature"];
const QUOTE_IDS = ["appendonsend", "divrplyfwdmsg", "mail-editor-reference-message-container", "signature"];

/** The new part of the email: quoted history and signatures trimmed from the text, quote blocks dropped from the HTML. */
function visibleBody(mail: ParsedMail): { text: string; html: string } {
  const rawText = (mail.text ?? "").replace(/\r\n/g, "\n");
  let text = rawText ? new EmailReplyParser().parseReply(rawText).trim() : "";
  if (!text) text = rawText.trim(); // an email that is all quote keeps its text

  let html = "";
  if (typeof mail.html === "string" && mail.html) {
    const inline = inlineImages(mail.attachments ?? []);
    const withoutQuotes = sanitizeHtml(mail.html, {
      allowedTags: false,
      allowedAttributes: false,
      allowVulnerableTags: true,
      // The email's own (cid:) images are embedded as data: URLs: they show without loading anything from outside.
      transformTags: { img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: inlineSource(attribs.src, inline) } }) },
      allowedSchemesByTag: { img: ["https", "data"] }, // sanitizeMessageHtml below decides which images stay
      exclusiveFilter: (frame) => {
        const classes = (frame.attribs.class ?? "").toLowerCase().split(/\s+/);
        const id = (frame.attribs.id ?? "").toLowerCase();
        return (
          (frame.tag === "blockquote" && (frame.attribs.type ?? "").toLowerCase() === "cite") ||
          classes.some((c) => QUOTE_CLASSES.includes(c)) ||
          QUOTE_IDS.includes(id)
        );
      },
    });
    html = sanitizeMessageHtml(withoutQuotes);
    if (!text) text = htmlToPlainText(html);
  }
  return { text, html };
}

const INLINE_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** The email's attached raster images by Content-ID (lower-cased), small enough to be embedded as data: URLs. */
function inlineImages(list: Attachment[]): Map<string, Attachment> {
  const byCid = new Map<string, Attachment>();
  for (const a of list) {
    const cid = (a.cid ?? a.contentId ?? "").replace(/^<|>$/g, "").trim().toLowerCase();
    const type = (a.contentType ?? "").toLowerCase();
    // base64 takes 4 characters per 3 bytes.
    if (cid && INLINE_IMAGE_TYPES.has(type) && a.content && Math.ceil(a.content.length / 3) * 4 + 64 <= MAX_DATA_IMAGE_CHARS) byCid.set(cid, a);
  }
  return byCid;
}

/** An <img src>: a cid: reference to an attached image becomes its data: URL; any other source is left to the sanitiser. */
function inlineSource(src: string | undefined, inline: Map<string, Attachment>): string {
  const value = (src ?? "").trim();
  const cid = /^cid:(.+)$/i.exec(value)?.[1];
  if (!cid) return value;
  let key = cid.trim();
  try {
    key = decodeURIComponent(key);
  } catch {
    /* keep as written */
  }
  const image = inline.get(key.replace(/^<|>$/g, "").toLowerCase());
  return image ? `data:${image.contentType.toLowerCase()};base64,${Buffer.from(image.content).toString("base64")}` : value;
}

/** Attachments within the limits, and a note for each one that is not stored (listed by name, content dropped). */
function keptAttachments(list: Attachment[]): { stored: NonNullable<MessageExtras["attachments"]>; notes: string[] } {
  const stored: NonNullable<MessageExtras["attachments"]> = [];
  const notes: string[] = [];
  list.forEach((a, index) => {
    const filename = (a.filename ?? `attachment-${index + 1}`).replace(/\p{Cc}/gu, "").slice(0, 255) || `attachment-${index + 1}`;
    const contentType = noNul(a.contentType || "application/octet-stream").slice(0, 255);
    const size = a.size ?? a.content?.length ?? 0;
    if (index >= MAX_ATTACHMENTS) {
      stored.push({ filename, contentType, size, content: null });
      notes.push(t("emailInbound.attachmentSkipped", { filename, size: KB(size), reason: t("emailInbound.attachmentTooMany", { count: MAX_ATTACHMENTS }) }));
    } else if (size > MAX_ATTACHMENT_BYTES) {
      stored.push({ filename, contentType, size, content: null });
      notes.push(t("emailInbound.attachmentSkipped", { filename, size: KB(size), reason: t("emailInbound.attachmentTooLarge", { limit: `${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB` }) }));
    } else {
      stored.push({ filename, contentType, size, content: a.content ? new Uint8Array(a.content) : null });
    }
  });
  return { stored, notes };
}

/** A bare order number written after "order" ("order 1001", "order no. 1001"); "#1001" is handled by linkCaseToOrders. */
function bareOrderNumber(text: string): number | null {
  const match = /\border\s*(?:no\.?|number|nr\.?)?\s*:?\s*(\d{3,12})(?!\d)/i.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) ? n : null;
}
