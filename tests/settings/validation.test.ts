import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action as hoursAction } from "../../app/routes/app.settings.hours";
import { action as returnsAction, loader as returnsLoader } from "../../app/routes/app.settings.returns";
import { action as topicsAction } from "../../app/routes/app.settings.topics";
import { getShopSettings, topicOptions } from "../../app/shops/settings.server";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });
type Action = (a: ReturnType<typeof args>) => Promise<Response>;

async function post(action: Action, path: string, shop: TestShop, body: Record<string, unknown>) {
  const response = await action(
    args(await embeddedRequest(path, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } })),
  );
  return { status: response.status, body: await response.json() };
}

const ALL_TOPICS = ["WHERE_IS_MY_ORDER", "RETURN", "REFUND", "CANCEL", "BILLING", "PRODUCT_QUESTION", "DAMAGED_OR_WRONG", "ACCOUNT", "OTHER"];

describe("topics", () => {
  it("saves labels and enabled topics; refuses turning every topic off", async () => {
    const shop = await createInstalledShop();
    const topics = Object.fromEntries(ALL_TOPICS.map((t) => [t, { enabled: t !== "BILLING", label: t === "RETURN" ? " Returns & exchanges " : "" }]));
    expect((await post(topicsAction, "/app/settings/topics", shop, { intent: "save", topics })).status).toBe(200);
    const options = topicOptions(await getShopSettings(shop.shopId));
    expect(options.find((o) => o.topic === "RETURN")).toEqual({ topic: "RETURN", label: "Returns & exchanges", enabled: true });
    expect(options.find((o) => o.topic === "BILLING")).toEqual({ topic: "BILLING", label: null, enabled: false });

    const none = Object.fromEntries(ALL_TOPICS.map((t) => [t, { enabled: false }]));
    const refused = await post(topicsAction, "/app/settings/topics", shop, { intent: "save", topics: none });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("The settings were not saved. Topics: keep at least one topic enabled, so shoppers can say what they need.");
    const unknown = await post(topicsAction, "/app/settings/topics", shop, { intent: "save", topics: { SHIPPING: { enabled: true } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fieldErrors["topics.SHIPPING"]).toBe("Topic SHIPPING: unknown topic");
    expect(topicOptions(await getShopSettings(shop.shopId)).find((o) => o.topic === "BILLING")?.enabled).toBe(false);
  });
});

describe("business hours and SLA", () => {
  const valid = {
    businessHours: {
      timezone: "Europe/Berlin",
      days: { mon: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "18:00" }], tue: [{ open: "09:00", close: "17:00" }], sat: [], sun: [] },
      holidays: ["2026-12-25", "2026-12-24", "2026-12-25"],
    },
    sla: {
      policies: {
        URGENT: { firstResponseHours: "1", resolutionHours: "8" },
        HIGH: { firstResponseHours: "2", resolutionHours: "24" },
        NORMAL: { firstResponseHours: "4", resolutionHours: "48" },
        LOW: { firstResponseHours: "48", resolutionHours: "120" },
      },
      topics: { RETURN: { firstResponseHours: "", resolutionHours: "96" }, BILLING: { firstResponseHours: "", resolutionHours: "" } },
      businessHoursOnly: true,
      pauseWhilePending: false,
    },
  };

  it("persists a valid update (holidays sorted, deduplicated)", async () => {
    const shop = await createInstalledShop();
    const { status } = await post(hoursAction, "/app/settings/hours", shop, { intent: "save", ...valid });
    expect(status).toBe(200);
    const settings = await getShopSettings(shop.shopId);
    expect(settings.businessHours.timezone).toBe("Europe/Berlin");
    expect(settings.businessHours.days.mon).toHaveLength(2);
    expect(settings.businessHours.holidays).toEqual(["2026-12-24", "2026-12-25"]);
    expect(settings.sla).toEqual({
      policies: {
        URGENT: { firstResponseHours: 1, resolutionHours: 8 },
        HIGH: { firstResponseHours: 2, resolutionHours: 24 },
        NORMAL: { firstResponseHours: 4, resolutionHours: 48 },
        LOW: { firstResponseHours: 48, resolutionHours: 120 },
      },
      // Blank fields mean "the priority's target": BILLING has none of its own.
      topics: { RETURN: { resolutionHours: 96 } },
      businessHoursOnly: true,
      pauseWhilePending: false,
    });
    // Other sections are untouched by this save.
    expect(settings.refunds.agentLimit).toBe("100.00");
  });

  it("names each problem: bad time zone, overlapping or reversed hours, impossible dates, targets", async () => {
    const shop = await createInstalledShop();
    const { status, body } = await post(hoursAction, "/app/settings/hours", shop, {
      intent: "save",
      businessHours: {
        timezone: "Mars/Olympus",
        days: { mon: [{ open: "09:00", close: "12:00" }, { open: "11:00", close: "14:00" }], tue: [{ open: "17:00", close: "09:00" }] },
        holidays: ["2026-02-30"],
      },
      sla: {
        ...valid.sla,
        policies: { ...valid.sla.policies, NORMAL: { firstResponseHours: "48", resolutionHours: "24" }, LOW: { firstResponseHours: "x", resolutionHours: "0" } },
        topics: { SHIPPING: { resolutionHours: "5" }, RETURN: { firstResponseHours: "10", resolutionHours: "5000" } },
      },
    });
    expect(status).toBe(400);
    expect(body.error.details.fieldErrors).toEqual({
      "businessHours.timezone": "Time zone: unknown time zone (use an IANA name such as Europe/Berlin)",
      "businessHours.days.mon": "Monday: opening intervals overlap",
      "businessHours.days.tue.0": "Tuesday, interval 1: closing time must be after opening time",
      "businessHours.holidays.0": "Holiday 1: not a calendar date",
      "sla.policies.NORMAL.firstResponseHours": "Normal priority, first response target: must not be longer than the resolution target",
      "sla.policies.LOW.firstResponseHours": "Low priority, first response target: enter a number of hours",
      "sla.policies.LOW.resolutionHours": "Low priority, resolution target: must be more than 0 hours",
      "sla.topics.RETURN.resolutionHours": "Topic RETURN, resolution target: at most 2,160 hours (90 days)",
      "sla.topics.SHIPPING": "Topic SHIPPING, targets: unknown topic",
    });
    expect(body.error.message).toMatch(/^The settings were not saved\. Time zone: unknown time zone/);
    expect((await getShopSettings(shop.shopId)).businessHours.timezone).toBe("UTC");
  });
});

describe("return policy", () => {
  it("persists a valid policy and reads it back", async () => {
    const shop = await createInstalledShop();
    const before = await (await returnsLoader(args(await embeddedRequest("/app/settings/returns", shop)))).json();
    expect(before.policy).toMatchObject({ saved: false, windowDays: 30 });

    const { status } = await post(returnsAction, "/app/settings/returns", shop, {
      intent: "save",
      enabled: true,
      windowDays: "45",
      windowStartsAt: "FULFILLMENT",
      excludedTags: "final-sale, clearance, final-sale",
      excludedProductTypes: "Gift Card",
      reasons: ["DEFECTIVE", "WRONG_ITEM"],
      restockingFeePercent: "12.5",
      returnShippingFee: "$6.95",
      instructions: "  Pack it well.  ",
    });
    expect(status).toBe(200);
    const row = await db.returnPolicy.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    expect(row).toMatchObject({
      windowDays: 45,
      windowStartsAt: "FULFILLMENT",
      excludedTags: ["final-sale", "clearance"],
      excludedProductTypes: ["Gift Card"],
      reasons: ["DEFECTIVE", "WRONG_ITEM"],
      instructions: "Pack it well.",
    });
    expect(row.restockingFeePercent.toFixed(2)).toBe("12.50");
    expect(row.returnShippingFee.toFixed(2)).toBe("6.95");
  });

  it("refuses bad values with one clear message per field", async () => {
    const shop = await createInstalledShop();
    const { status, body } = await post(returnsAction, "/app/settings/returns", shop, {
      intent: "save",
      enabled: true,
      windowDays: "0",
      windowStartsAt: "ORDER",
      excludedTags: "",
      excludedProductTypes: "",
      reasons: [],
      restockingFeePercent: "150",
      returnShippingFee: "free",
      instructions: "",
    });
    expect(status).toBe(400);
    expect(body.error.details.fieldErrors).toEqual({
      windowDays: "Return window: the return window must be at least 1 day",
      windowStartsAt: "Window starts: choose delivery or fulfillment",
      reasons: "Return reasons: choose at least one return reason, so shoppers can tell you why",
      restockingFeePercent: "Restocking fee: a percentage can be at most 100",
      returnShippingFee: "Return shipping fee: enter an amount such as 6.95",
    });
    expect(await db.returnPolicy.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});
