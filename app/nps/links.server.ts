import { z } from "zod";
import { env } from "../env.server";
import { expiresIn, signedTokens, type TokenCheck } from "../security/signed-token.server";

/**
 * The signed link of an NPS survey (/nps/<token>), built like the case links of app/channels/links.server.ts:
 * base64url(JSON {shopId, responseId, kind: "nps", exp}) + "." + base64url(HMAC-SHA256 of that first part, keyed with
 * SHOPIFY_API_SECRET under its own prefix, so a case link's signature never verifies here and the other way round).
 * No database row for the link itself: it names the NpsResponse row created when the survey was sent, and every read
 * behind it is scoped by the shop it names.
 */

export const NPS_LINK_DAYS = 60;

const NpsLinkPayload = z.object({
  shopId: z.uuid(),
  responseId: z.uuid(),
  kind: z.literal("nps"),
  exp: z.number().int().positive(),
});
export type NpsLinkPayload = z.infer<typeof NpsLinkPayload>;

export type NpsLinkCheck = TokenCheck<NpsLinkPayload>;

const tokens = signedTokens("nps-link", NpsLinkPayload);

/** Signs any payload (exported for tests, which forge expired or tampered tokens). */
export function signNpsToken(payload: NpsLinkPayload): string {
  return tokens.sign(payload);
}

export function createNpsToken(shopId: string, responseId: string, { expiresInDays = NPS_LINK_DAYS, now = new Date() }: { expiresInDays?: number; now?: Date } = {}): string {
  return signNpsToken({ shopId, responseId, kind: "nps", exp: expiresIn(expiresInDays, now) });
}

/** A bad signature or malformed payload is "invalid"; a good signature past its `exp` is "expired". */
export function verifyNpsToken(token: string, now: Date = new Date()): NpsLinkCheck {
  return tokens.verify(token, now);
}

export function npsLink(shopId: string, responseId: string, opts: { expiresInDays?: number; now?: Date } = {}): string {
  return new URL(`/nps/${createNpsToken(shopId, responseId, opts)}`, env().SHOPIFY_APP_URL).toString();
}
