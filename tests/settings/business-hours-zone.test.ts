import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader as hoursLoader } from "../../app/routes/app.settings.hours";
import { getShopSettings, parseShopSettings, settingsForShop, updateHoursAndSla } from "../../app/shops/settings.server";
import { openOrAppendCase } from "../../app/storefront/contact.server";
import { createInstalledShop, embeddedRequest } from "../helpers/shopify";

const at = (iso: string) => new Date(iso);
const NINE_TO_FIVE = [{ open: "09:00", close: "17:00" }];

describe("the business hours' time zone", () => {
  it("is the shop's own zone when the stored document has none", () => {
    expect(settingsForShop({}, "America/New_York").businessHours.timezone).toBe("America/New_York");
    expect(settingsForShop(null, "America/New_York").businessHours.timezone).toBe("America/New_York");
    // Stored hours without a zone keep their days and take the shop's zone.
    const noZone = settingsForShop({ businessHours: { days: { sat: NINE_TO_FIVE } } }, "Asia/Kolkata");
    expect(noZone.businessHours.timezone).toBe("Asia/Kolkata");
    expect(noZone.businessHours.days.sat).toEqual(NINE_TO_FIVE);
    // A stored zone wins; a shop zone that is not a valid IANA name falls back to UTC.
    expect(settingsForShop({ businessHours: { timezone: "Europe/Berlin" } }, "America/New_York").businessHours.timezone).toBe("Europe/Berlin");
    expect(settingsForShop({}, "Mars/Olympus_Mons").businessHours.timezone).toBe("UTC");
    expect(settingsForShop({}, null).businessHours.timezone).toBe("UTC");
    // Stored hours that no longer parse fall back to the defaults, in the shop's zone.
    expect(settingsForShop({ businessHours: { days: { mon: "always" } } }, "America/New_York").businessHours).toMatchObject({
      timezone: "America/New_York",
      days: { mon: NINE_TO_FIVE },
    });
    // parseShopSettings alone (no shop row) still means UTC.
    expect(parseShopSettings({}).businessHours.timezone).toBe("UTC");
  });

  it("a New York shop that never saved its hours counts SLAs in New York hours, and the Hours page shows that zone", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { ianaTimezone: "America/New_York" } });
    expect((await getShopSettings(shop.shopId)).businessHours.timezone).toBe("America/New_York");

    // Fri Nov 27 20:00Z is 15:00 in New York (EST, UTC−5). NORMAL 24 business hours: 2 (Fri 15–17) + 8 (Mon) + 8 (Tue)
    // + 6 → Wed Dec 2 15:00 EST = 20:00Z. (Counted in UTC hours it would be Wed Dec 2 17:00Z.)
    const { caseId } = await openOrAppendCase(shop.shopId, {
      channel: "STOREFRONT",
      email: "ny@example.com",
      name: "New Yorker",
      customerId: null,
      topic: "PRODUCT_QUESTION",
      subject: "Sizes",
      bodyText: "Do you have this in medium?",
      orderId: null,
      match: "new",
      now: at("2026-11-27T20:00:00Z"),
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ firstResponseDueAt: at("2026-12-02T20:00:00Z") });

    const page = await (await hoursLoader({ request: await embeddedRequest("/app/settings/hours", shop), params: {}, context: {} })).json();
    expect(page.businessHours.timezone).toBe("America/New_York");
    expect(page.timeZones).toContain("America/New_York");

    // Saving hours without a zone keeps the effective one; a saved zone then wins over the shop's.
    const settings = await getShopSettings(shop.shopId);
    const { timezone: _omit, ...hoursWithoutZone } = settings.businessHours;
    expect((await updateHoursAndSla(shop.shopId, { businessHours: hoursWithoutZone, sla: settings.sla })).businessHours.timezone).toBe("America/New_York");
    await updateHoursAndSla(shop.shopId, { businessHours: { ...settings.businessHours, timezone: "Europe/Berlin" }, sla: settings.sla });
    expect((await getShopSettings(shop.shopId)).businessHours.timezone).toBe("Europe/Berlin");
  });
});
