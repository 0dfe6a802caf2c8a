import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { findShop } from "../../app/shops/shops.server";
import { createInstalledShop, uniqueShopDomain } from "../helpers/shopify";
import { inTimeZone } from "../helpers/time-zone";

// findShop reads the shop with plain pg (a prepared statement) for the storefront's hot path; it must give exactly
// the record Prisma gives — every column, UTC timestamps, JSON settings — so callers cannot tell the difference.
describe("findShop", () => {
  // pg reads zone-less timestamps in the process's zone unless told otherwise: read them in New York time.
  inTimeZone();

  it("returns the same record as Prisma, column for column", async () => {
    const { domain } = await createInstalledShop();
    await db.shop.update({
      where: { domain },
      data: {
        email: "owner@example.com",
        scopes: "read_orders,write_returns",
        state: "UNINSTALLED",
        uninstalledAt: new Date("2026-11-20T23:59:58.123Z"),
        lastSyncedAt: new Date("2026-01-02T03:04:05.006Z"),
        installedAt: new Date("2025-06-30T12:00:00.000Z"),
        settings: { sla: { businessHoursOnly: true, targets: [1, 2.5] }, note: "ünïcode ✓", empty: null },
        nextCaseNumber: 1234,
      },
    });
    const viaPrisma = await db.shop.findUniqueOrThrow({ where: { domain } });
    const viaPg = await findShop(domain);
    expect(viaPg).toEqual(viaPrisma);
    // Same keys: a column added to Shop must be added to the statement too.
    expect(Object.keys(viaPg!).sort()).toEqual(Object.keys(viaPrisma).sort());
    expect(viaPg!.uninstalledAt).toBeInstanceOf(Date);
    expect(viaPg!.uninstalledAt!.toISOString()).toBe("2026-11-20T23:59:58.123Z");
  });

  it("returns null for a domain it does not know", async () => {
    expect(await findShop(uniqueShopDomain())).toBeNull();
  });
});
