import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { env } from "../env.server";

/**
 * Signed, expiring tokens for links sent to shoppers (case links, NPS surveys). A token is
 * base64url(JSON payload) + "." + base64url(HMAC-SHA256 of that first part, keyed with SHOPIFY_API_SECRET under the
 * token's own `purpose`, so one kind of link's signature never verifies as another). No database row: a token is
 * valid while its signature matches and its `exp` (seconds since the epoch) is in the future.
 */

export type TokenCheck<T> = { ok: true; payload: T } | { ok: false; reason: "invalid" | "expired" };

const DAY_SECONDS = 24 * 3600;
const PART = /^[A-Za-z0-9_-]+$/;

/** `exp` for a token made `now` and valid for `days` (at least one second). */
export function expiresIn(days: number, now: Date = new Date()): number {
  return Math.floor(now.getTime() / 1000) + Math.max(1, Math.round(days * DAY_SECONDS));
}

export function signedTokens<T extends { exp: number }>(purpose: string, schema: z.ZodType<T>) {
  const mac = (data: string) => createHmac("sha256", env().SHOPIFY_API_SECRET).update(`${purpose}:${data}`).digest();
  return {
    sign(payload: T): string {
      const data = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
      return `${data}.${mac(data).toString("base64url")}`;
    },
    /**
     * A bad signature, a malformed payload or one `accept` refuses is "invalid"; a good one past its `exp` is
     * "expired". The signature is compared in constant time.
     */
    verify(token: string, now: Date = new Date(), accept: (payload: T) => boolean = () => true): TokenCheck<T> {
      const invalid = { ok: false, reason: "invalid" } as const;
      if (typeof token !== "string" || token.length > 1024) return invalid;
      const parts = token.split(".");
      if (parts.length !== 2 || !PART.test(parts[0]) || !PART.test(parts[1])) return invalid;
      const given = Buffer.from(parts[1], "base64url");
      const expected = mac(parts[0]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
      } catch {
        return invalid;
      }
      const parsed = schema.safeParse(decoded);
      if (!parsed.success || !accept(parsed.data)) return invalid;
      if (parsed.data.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
      return { ok: true, payload: parsed.data };
    },
  };
}
