import db from "../db.server";
import { INSIGHT_TABLES } from "../insights/rollup/tables";
import type { WebhookContext, WebhookOutcome } from "../webhooks/types";
import { ShopRedactPayload, assertSameShop, parsePayload } from "./payloads.server";
import { forgetCachedSessions } from "../auth/session-storage.server";

export interface ShopErasure {
  /** False when the shop row was already gone (a repeated request, or a shop we never stored). */
  shopDeleted: boolean;
  sessions: number;
  webhookEvents: number;
}


/**
 * Deletes everything of one shop: its Shop row (every table's rows go with it, by cascade), its sessions and its
 * stored webhook deliveries (both keyed by domain), this shop/redact delivery included. Idempotent: with the
 * shop already gone it deletes whatever is left under the domain.
 */
export async function eraseShop(domain: string): Promise<ShopErasure> {
  const [, shops, sessions, webhookEvents] = await db.$transaction([
    // Insight rollups carry the shop id without a foreign key (rebuilt wholesale, no cascade needed day to day).
    db.$executeRawUnsafe(
      `WITH s AS (SELECT id FROM "Shop" WHERE domain = $1)${INSIGHT_TABLES.map(
        (table, n) => `, d${n} AS (DELETE FROM "${table}" WHERE "shopId" IN (SELECT id FROM s))`,
      ).join("")} SELECT 1`,
      domain,
    ),
    db.shop.deleteMany({ where: { domain } }),
    db.session.deleteMany({ where: { shop: domain } }),
    db.webhookEvent.deleteMany({ where: { shopDomain: domain } }),
  ]);
  forgetCachedSessions();
  return { shopDeleted: shops.count > 0, sessions: sessions.count, webhookEvents: webhookEvents.count };
}

/**
 * shop/redact: Shopify sends it 48 hours after the app was uninstalled. A shop that is installed again by then
 * (the merchant came back) keeps its data: erasing an active shop's inbox would be a loss no one asked for.
 */
export async function handleShopRedact(ctx: WebhookContext): Promise<WebhookOutcome> {
  const request = parsePayload(ctx.topic, ShopRedactPayload, ctx.payload);
  assertSameShop(ctx.topic, request.shopDomain, ctx.shop.domain);

  const shop = await db.shop.findUnique({ where: { domain: ctx.shop.domain }, select: { state: true } });
  if (shop?.state === "INSTALLED") return "ignored";

  const erased = await eraseShop(ctx.shop.domain);
  return erased.shopDeleted || erased.sessions > 0 || erased.webhookEvents > 0 ? "applied" : "ignored";
}
