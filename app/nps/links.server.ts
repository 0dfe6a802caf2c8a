import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../env.server";

/**
 * The signed link of an NPS survey (/nps/<token>), built like the case links of app/channels/links.server.ts:
 * base64url(JSON {shopId, responseId, kind: "nps", exp}) + "." + base64url(HMAC-SHA256 of that first part, keyed with
 * SHOPIFY_API_SECRET under its own prefix, so a case link's signature never verifies here and the other way round).
 * No database row for the link itself: it names the NpsResponse row created when the survey was sent, and every read
 * behind it is scoped by the shop it names.
 */

export const NPS_LINK_DAYS = 60;
const DAY_SECONDS = 24 * 3600;

const NpsLinkPayload = z.object({
  shopId: z.uuid(),
  responseId: z.uuid(),
  kind: z.literal("nps"),
  exp: z.number().int().positive(),
});
export type NpsLinkPayload = z.infer<typeof NpsLinkPayload>;

export type NpsLinkCheck = { ok: true; payload: NpsLinkPayload } | { ok: false; reason: "invalid" | "expired" };

function sign(data: string): Buffer {
  return createHmac("sha256", env().SHOPIFY_API_SECRET).update(`nps-link:${data}`).digest();
}

/** Signs any payload (exported for tests, which forge expired or tampered tokens). */
export function signNpsToken(payload: NpsLinkPayload): string {
  const data = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${data}.${sign(data).toString("base64url")}`;
}

export function createNpsToken(shopId: string, responseId: string, { expiresInDays = NPS_LINK_DAYS, now = new Date() }: { expiresInDays?: number; now?: Date } = {}): string {
  const exp = Math.floor(now.getTime() / 1000) + Math.max(1, Math.round(expiresInDays * DAY_SECONDS));
  return signNpsToken({ shopId, responseId, kind: "nps", exp });
}

/** A bad signature or malformed payload is "invalid"; a good signature past its `exp` is "expired". */
export function verifyNpsToken(token: string, now: Date = new Date()): NpsLinkCheck {
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
  const parsed = NpsLinkPayload.safeParse(decoded);
  if (!parsed.success) return invalid;
  if (parsed.data.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: parsed.data };
}

export function npsLink(shopId: string, responseId: string, opts: { expiresInDays?: number; now?: Date } = {}): string {
  return new URL(`/nps/${createNpsToken(shopId, responseId, opts)}`, env().SHOPIFY_APP_URL).toString();
}
