import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { forgetCachedSessions, sessionStorage } from "../../app/auth/session-storage.server";
import db from "../../app/db.server";
import { uniqueShopDomain } from "../helpers/shopify";

function onlineSession(shop: string, id = `${shop}_1001`) {
  return new Session({
    id,
    shop,
    state: "state-123",
    isOnline: true,
    scope: "read_orders,write_orders",
    expires: new Date(Date.now() + 3600_000),
    accessToken: "shpua_test",
    onlineAccessInfo: {
      expires_in: 3600,
      associated_user_scope: "read_orders",
      associated_user: { id: 1001, first_name: "Ada", last_name: "Agent", email: "ada@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
    },
  });
}

describe("Shopify session storage on PostgreSQL", () => {
  it("stores, loads, finds by shop and deletes sessions", async () => {
    const shop = uniqueShopDomain();
    const online = onlineSession(shop);
    const offline = new Session({ id: `offline_${shop}`, shop, state: "s", isOnline: false, accessToken: "shpat_x", scope: "read_orders" });

    expect(await sessionStorage.storeSession(online)).toBe(true);
    expect(await sessionStorage.storeSession(offline)).toBe(true);

    const loaded = await sessionStorage.loadSession(online.id);
    expect(loaded?.id).toBe(online.id);
    expect(loaded?.accessToken).toBe("shpua_test");
    expect(loaded?.onlineAccessInfo?.associated_user.email).toBe("ada@example.com");
    expect(loaded?.isActive("read_orders,write_orders")).toBe(true);

    expect((await sessionStorage.findSessionsByShop(shop)).map((s) => s.id).sort()).toEqual([online.id, offline.id].sort());

    // Storing again updates in place.
    offline.accessToken = "shpat_rotated";
    await sessionStorage.storeSession(offline);
    expect((await sessionStorage.loadSession(offline.id))?.accessToken).toBe("shpat_rotated");

    expect(await sessionStorage.deleteSession(online.id)).toBe(true);
    expect(await sessionStorage.loadSession(online.id)).toBeUndefined();
    expect(await sessionStorage.deleteSessions([offline.id])).toBe(true);
    expect(await sessionStorage.findSessionsByShop(shop)).toEqual([]);
  });

  it("survives concurrent first stores of the same session (token exchange racing itself)", async () => {
    const shop = uniqueShopDomain();
    const results = await Promise.all(Array.from({ length: 5 }, () => sessionStorage.storeSession(onlineSession(shop))));
    expect(results).toEqual([true, true, true, true, true]);
    expect(await sessionStorage.findSessionsByShop(shop)).toHaveLength(1);
  });
});

describe("the short session cache", () => {
  it("serves repeated loads from memory, and forgets on store, delete and bulk changes", async () => {
    const shop = uniqueShopDomain();
    const session = onlineSession(shop);
    await sessionStorage.storeSession(session);
    expect((await sessionStorage.loadSession(session.id))?.accessToken).toBe("shpua_test");

    // A change made behind the storage's back is not seen while the entry is fresh…
    await db.session.update({ where: { id: session.id }, data: { accessToken: "changed-elsewhere" } });
    expect((await sessionStorage.loadSession(session.id))?.accessToken).toBe("shpua_test");
    // …until the code that made it says so (uninstall and redaction do).
    forgetCachedSessions();
    expect((await sessionStorage.loadSession(session.id))?.accessToken).toBe("changed-elsewhere");

    await sessionStorage.deleteSession(session.id);
    expect(await sessionStorage.loadSession(session.id)).toBeUndefined();
  });
});
