import { Session } from "@shopify/shopify-api";
import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { onShopAuthenticated } from "../../app/auth/after-auth.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { unauthenticated } from "../../app/shopify.server";
import { shopifyAdminMock } from "../helpers/msw";
import { uniqueShopDomain } from "../helpers/shopify";

const adminMock = shopifyAdminMock();

// onShopAuthenticated queues the backfill (a graphile job).
afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

function sessionFor(shop: string, userId: number, accountOwner: boolean) {
  return new Session({
    id: `${shop}_${userId}`,
    shop,
    state: "s",
    isOnline: true,
    scope: "read_orders",
    accessToken: "shpua_x",
    onlineAccessInfo: {
      expires_in: 3600,
      associated_user_scope: "read_orders",
      associated_user: { id: userId, first_name: "Sam", last_name: "Staff", email: `sam${userId}@example.com`, email_verified: true, account_owner: accountOwner, locale: "en", collaborator: false },
    },
  });
}

describe("after authentication", () => {
  it("records the shop's profile from the Admin API and the staff member, first one as admin", async () => {
    const domain = uniqueShopDomain();
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "s", accessToken: "shpat_offline", scope: "read_orders" } });
    const { admin } = await unauthenticated.admin(domain);

    await onShopAuthenticated(sessionFor(domain, 11, false), admin);
    await onShopAuthenticated(sessionFor(domain, 12, false), admin);

    const calls = adminMock.callsTo("ShopInfo");
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ shop: domain, apiVersion: "2026-07", accessToken: "shpat_offline" });

    const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
    expect(shop).toMatchObject({ name: "Northwind Outfitters", currencyCode: "USD", ianaTimezone: "America/New_York", state: "INSTALLED" });
    const staff = await db.staff.findMany({ where: { shopId: shop.id }, orderBy: { shopifyUserId: "asc" } });
    expect(staff.map((s) => [Number(s.shopifyUserId), s.role])).toEqual([
      [11, "ADMIN"],
      [12, "AGENT"],
    ]);
  });

  it("fails loudly (so Shopify's auth flow retries) when the profile query is refused", async () => {
    const domain = uniqueShopDomain();
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "s", accessToken: "shpat_offline", scope: "read_orders" } });
    adminMock.use("ShopInfo", () => ({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }));
    const { admin } = await unauthenticated.admin(domain);
    await expect(onShopAuthenticated(sessionFor(domain, 21, true), admin)).rejects.toThrow();
    expect(await db.shop.findUnique({ where: { domain } })).toBeNull();
  });
});
