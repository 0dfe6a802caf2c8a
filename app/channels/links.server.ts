import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../env.server";
import { t } from "../i18n/en";

/**
 * Signed links for shoppers: the conversation page (/c/<token>), the satisfaction survey (/survey/<token>) and
 * the "I still need help" page under an automatic answer (/help/<token>).
 * A token is base64url(JSON payload {shopId, caseId, kind, exp}) + "." + base64url(HMAC-SHA256 over that
 * first part, keyed with SHOPIFY_API_SECRET). No database row: a link is valid while its signature matches and
 * `exp` (seconds since the epoch) is in the future. The kind is signed too, so a survey token never opens a
 * conversation and the other way round. The payload names the shop: every read behind a link is scoped by it.
 */

export type LinkKind = "conversation" | "survey" | "needs-help";

export const CONVERSATION_LINK_DAYS = 90;
export const SURVEY_LINK_DAYS = 30;
export const NEEDS_HELP_LINK_DAYS = 30;
const DAY_SECONDS = 24 * 3600;

const LinkPayload = z.object({
  shopId: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(["conversation", "survey", "needs-help"]),
  exp: z.number().int().positive(),
});
export type LinkPayload = z.infer<typeof LinkPayload>;

export type LinkCheck = { ok: true; payload: LinkPayload } | { ok: false; reason: "invalid" | "expired" };

function sign(data: string): Buffer {
  return createHmac("sha256", env().SHOPIFY_API_SECRET).update(`shopper-link:${data}`).digest();
}

/** Signs a link payload (exported for tests, which forge expired or tampered tokens). */
export function signLinkToken(payload: LinkPayload): string {
  const data = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${data}.${sign(data).toString("base64url")}`;
}

export function createLinkToken(shopId: string, caseId: string, kind: LinkKind, { expiresInDays, now = new Date() }: { expiresInDays: number; now?: Date }): string {
  const exp = Math.floor(now.getTime() / 1000) + Math.max(1, Math.round(expiresInDays * DAY_SECONDS));
  return signLinkToken({ shopId, caseId, kind, exp });
}

/**
 * Checks a token for the wanted kind: a bad signature, a malformed payload or the wrong kind is "invalid"; a
 * signature that matches but a passed `exp` is "expired". The signature is compared in constant time.
 */
export function verifyLinkToken(token: string, kind: LinkKind, now: Date = new Date()): LinkCheck {
  const invalid = { ok: false, reason: "invalid" } as const;
  if (typeof token !== "string" || token.length > 1024) return invalid;
  const parts = token.split(".");
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return invalid;
  const given = Buffer.from(parts[1], "base64url");
  const expected = sign(parts[0]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
  } catch {
    return invalid;
  }
  const parsed = LinkPayload.safeParse(decoded);
  if (!parsed.success || parsed.data.kind !== kind) return invalid;
  if (parsed.data.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: parsed.data };
}

function appUrl(path: string): string {
  return new URL(path, env().SHOPIFY_APP_URL).toString();
}

/** The shopper's link to read and answer a case's conversation. */
export function conversationLink(shopId: string, caseId: string, { expiresInDays = CONVERSATION_LINK_DAYS, now }: { expiresInDays?: number; now?: Date } = {}): string {
  return appUrl(`/c/${createLinkToken(shopId, caseId, "conversation", { expiresInDays, now })}`);
}

/** The shopper's one-question satisfaction survey for a case. */
export function surveyLink(shopId: string, caseId: string, { expiresInDays = SURVEY_LINK_DAYS, now }: { expiresInDays?: number; now?: Date } = {}): string {
  return appUrl(`/survey/${createLinkToken(shopId, caseId, "survey", { expiresInDays, now })}`);
}

/** The "I still need help" button under an automatic answer (/help/<token>): hands the case to staff. */
export function needsHelpLink(shopId: string, caseId: string, { expiresInDays = NEEDS_HELP_LINK_DAYS, now }: { expiresInDays?: number; now?: Date } = {}): string {
  return appUrl(`/help/${createLinkToken(shopId, caseId, "needs-help", { expiresInDays, now })}`);
}

/**
 * The line every outbound email to the customer ends with (plain text): where to read and answer the
 * conversation online. The email channel appends it to the message body it sends.
 */
export function conversationFooter(shopId: string, caseId: string, opts: { now?: Date } = {}): string {
  return `\n\n--\n${t("shopper.email.footer", { url: conversationLink(shopId, caseId, opts) })}`;
}
