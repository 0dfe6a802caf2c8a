import { z } from "zod";
import db from "../db.server";
import { forgetCachedSessions } from "../auth/session-storage.server";
import { markShopUninstalled } from "../shops/shops.server";
import type { WebhookHandler } from "./types";
import { READ_SUBSCRIPTIONS_SCOPE, hasScopes } from "../subscriptions/scopes";
import { registerSubscriptionWebhooks } from "../subscriptions/webhooks.server";

const ScopesUpdate = z.object({ current: z.array(z.string()) });

/** app/* topics: the app's own lifecycle on a shop. */
export const appWebhookHandlers: Record<string, WebhookHandler> = {
  /** Sessions deleted (the tokens are dead), shop marked uninstalled, its pending work ignored. */
  "app/uninstalled": async ({ shop }) => {
    await markShopUninstalled(shop.domain);
    return "applied";
  },
  /** Keep the stored sessions' and the shop's scopes equal to what the merchant granted. */
  "app/scopes_update": async ({ shop, payload, admin }) => {
    const parsed = ScopesUpdate.safeParse(payload);
    if (!parsed.success) throw new Error("app/scopes_update payload has no `current` list of scopes");
    const scope = parsed.data.current.join(",");
    await db.$transaction([
      db.session.updateMany({ where: { shop: shop.domain }, data: { scope } }),
      db.shop.updateMany({ where: { id: shop.id }, data: { scopes: scope } }),
    ]);
    forgetCachedSessions();
    // Subscriptions granted (from Settings or the Shopify admin): subscribe the shop to their topics (idempotent).
    if (hasScopes(scope, [READ_SUBSCRIPTIONS_SCOPE]) && shop.state !== "UNINSTALLED") await registerSubscriptionWebhooks(await admin());
    return "applied";
  },
};
