import { createHmac, timingSafeEqual } from "node:crypto";
import db from "../../db.server";
import { env } from "../../env.server";
import { AppError } from "../../errors.server";

/**
 * Per-case reply addresses: `reply+<case number>-<signature>@<reply domain>`. The signature is a short HMAC
 * (SHOPIFY_API_SECRET) over the shop and the case number, so an answer threads back into its case and a
 * guessed or edited address (another case number, another shop's token) is not trusted.
 */

const SIGNATURE_LENGTH = 12;

function signature(shopId: string, caseNumber: number): string {
  return createHmac("sha256", env().SHOPIFY_API_SECRET).update(`reply-token:${shopId}:${caseNumber}`).digest("hex").slice(0, SIGNATURE_LENGTH);
}

/** The token for a case number (no database read). */
export function replyTokenForNumber(shopId: string, caseNumber: number): string {
  return `${caseNumber}-${signature(shopId, caseNumber)}`;
}

/** The token of one of the shop's cases: `<case number>-<signature>`. */
export async function replyTokenFor(shopId: string, caseId: string): Promise<string> {
  const c = await db.case.findFirst({ where: { id: caseId, shopId }, select: { number: true } });
  if (!c) throw new AppError("not_found", "This case does not exist in this shop.");
  return replyTokenForNumber(shopId, c.number);
}

/** The full Reply-To address for a case number at a domain. */
export function replyAddress(shopId: string, caseNumber: number, domain: string): string {
  return `reply+${replyTokenForNumber(shopId, caseNumber)}@${domain}`;
}

/**
 * Reads the case number from a reply address (`reply+12-abcdef012345@…`, any letter case, with or without a
 * display name or angle brackets) or a bare token, and verifies its signature for this shop. Null when the
 * address carries no token or the signature does not match.
 */
export function parseReplyToken(address: string, shopId: string): { caseNumber: number } | null {
  const match = /(?:^|[<\s"+])(?:reply\+)?(\d{1,9})-([0-9a-f]{12})(?:@|>|$)/i.exec(address.trim());
  if (!match) return null;
  const caseNumber = Number(match[1]);
  const given = Buffer.from(match[2].toLowerCase());
  const expected = Buffer.from(signature(shopId, caseNumber));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { caseNumber };
}
