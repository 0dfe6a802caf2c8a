import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import * as page from "../../app/routes/app.settings.nps";
import { getShopSettings } from "../../app/shops/settings.server";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

describe("Settings → NPS survey", () => {
  const PATH = "/app/settings/nps";
  const ON = { enabled: true, period: "quarterly", sendDay: 5, minDaysSinceOrder: 14, maxDaysSinceOrder: 120 };
  const save = async (shop: TestShop, body: unknown) =>
    page.action({ request: await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), params: {}, context: {} });

  it("is off by default; an admin turns it on with a period, send day and order window", async () => {
    const shop = await createInstalledShop();
    expect((await getShopSettings(shop.shopId)).nps).toEqual({ enabled: false, period: "monthly", sendDay: 1, minDaysSinceOrder: 7, maxDaysSinceOrder: 90 });
    const response = await save(shop, { intent: "save", nps: ON });
    expect(response.status).toBe(200);
    expect((await getShopSettings(shop.shopId)).nps).toEqual(ON);

    const loaded = await page.loader({ request: await embeddedRequest(PATH, shop), params: {}, context: {} });
    expect(await loaded.clone().json()).toMatchObject({ canEdit: true, nps: ON });
    const html = await renderRoute(PATH, page.default, loaded);
    expect(html).toContain("Send the NPS survey");
    expect(html).toContain('value="120"');
  });

  it("refuses bad input with a 400 naming the field and keeps the stored settings", async () => {
    const shop = await createInstalledShop();
    for (const [nps, message] of [
      [{ ...ON, sendDay: 29 }, "must be a whole number from 1 to 28"],
      [{ ...ON, period: "weekly" }, "choose monthly or quarterly"],
      [{ ...ON, minDaysSinceOrder: 120 }, "must be smaller than the maximum"],
      [{ ...ON, enabled: "yes" }, "must be true or false"],
    ] as const) {
      const bad = await save(shop, { intent: "save", nps });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain(message);
    }
    expect((await getShopSettings(shop.shopId)).nps.enabled).toBe(false);
  });

  it("agents get 403 when saving", async () => {
    const shop = await createInstalledShop();
    await db.staff.create({ data: { shopId: shop.shopId, email: "grace@example.com", firstName: "Grace", lastName: "Admin", role: "ADMIN" } });
    await db.staff.update({ where: { id: shop.staffId }, data: { role: "AGENT" } });
    const response = await save(shop, { intent: "save", nps: ON });
    expect(response.status).toBe(403);
    expect((await getShopSettings(shop.shopId)).nps.enabled).toBe(false);
  });
});
