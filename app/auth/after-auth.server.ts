import type { Session } from "@shopify/shopify-api";
import { z } from "zod";
import db from "../db.server";
import { ensureShop } from "../shops/shops.server";
import { SHOP_INFO_QUERY } from "../shopify/operations/shop";
import { enqueueBackfill } from "../sync/enqueue.server";
import { hasBackfill } from "../sync/sync-runs.server";

interface GraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

const ShopInfo = z.object({
  data: z.object({
    shop: z.object({
      name: z.string(),
      email: z.string().nullish(),
      currencyCode: z.string(),
      ianaTimezone: z.string(),
    }),
  }),
});

/**
 * On install and on every token exchange: record the shop (name, currency, time zone) and the staff member,
 * and import its recent orders once (the backfill; a pending one is replaced, not doubled, by its job key).
 */
export async function onShopAuthenticated(session: Session, admin: GraphqlClient): Promise<void> {
  const response = await admin.graphql(SHOP_INFO_QUERY);
  const parsed = ShopInfo.safeParse(await response.json());
  const info = parsed.success ? parsed.data.data.shop : undefined;
  const shop = await ensureShop(session.shop, {
    scopes: session.scope ?? null,
    ...(info ? { name: info.name, email: info.email ?? null, currencyCode: info.currencyCode, ianaTimezone: info.ianaTimezone } : {}),
  });
  await upsertStaffFromSession(shop.id, session);
  if (!(await hasBackfill(shop.id))) await enqueueBackfill(shop.id);
}

/** Online sessions name the staff member; the first one to open the app (or the owner) becomes an admin. */
export async function upsertStaffFromSession(shopId: string, session: Session) {
  const user = session.onlineAccessInfo?.associated_user;
  if (!user) return null;
  const existingAdmins = await db.staff.count({ where: { shopId, role: "ADMIN" } });
  const profile = {
    email: user.email,
    firstName: user.first_name || null,
    lastName: user.last_name || null,
    accountOwner: user.account_owner,
    lastSeenAt: new Date(),
  };
  return db.staff.upsert({
    where: { shopId_shopifyUserId: { shopId, shopifyUserId: BigInt(user.id) } },
    create: {
      shopId,
      shopifyUserId: BigInt(user.id),
      ...profile,
      role: user.account_owner || existingAdmins === 0 ? "ADMIN" : "AGENT",
    },
    update: profile,
  });
}
