import { z } from "zod";
import { env } from "../env.server";
import { expiresIn, signedTokens, type TokenCheck } from "../security/signed-token.server";
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

const LinkPayload = z.object({
  shopId: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(["conversation", "survey", "needs-help"]),
  exp: z.number().int().positive(),
});
export type LinkPayload = z.infer<typeof LinkPayload>;

export type LinkCheck = TokenCheck<LinkPayload>;

const tokens = signedTokens("shopper-link", LinkPayload);

/** Signs a link payload (exported for tests, which forge expired or tampered tokens). */
export function signLinkToken(payload: LinkPayload): string {
  return tokens.sign(payload);
}

export function createLinkToken(shopId: string, caseId: string, kind: LinkKind, { expiresInDays, now = new Date() }: { expiresInDays: number; now?: Date }): string {
  return signLinkToken({ shopId, caseId, kind, exp: expiresIn(expiresInDays, now) });
}

/**
 * Checks a token for the wanted kind: a bad signature, a malformed payload or the wrong kind is "invalid"; a
 * signature that matches but a passed `exp` is "expired". The signature is compared in constant time.
 */
export function verifyLinkToken(token: string, kind: LinkKind, now: Date = new Date()): LinkCheck {
  return tokens.verify(token, now, (payload) => payload.kind === kind);
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
