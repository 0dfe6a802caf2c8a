import { createElement } from "react";
import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import type { CustomerPanel as Panel, SubscriptionsResult } from "../../app/cases/customer-panel.server";
import { CustomerPanel } from "../../app/components/case/CustomerPanel";
import SubscriptionsSettings, { loader } from "../../app/routes/app.settings.subscriptions";
import { createInstalledShop, embeddedRequest } from "../helpers/shopify";
import { renderInRoute, renderRoute } from "../helpers/render";

// The subscriptions section of the case panel and the Settings → Subscriptions page, server-rendered.

const panel: Panel = {
  customer: {
    id: "c",
    shopifyId: "7430001",
    name: "Lena Park",
    email: "lena.park@example.com",
    phone: null,
    tags: [],
    redacted: false,
  },
  lifetime: { orders: 3, spent: "96.00", currencyCode: "USD", firstTimeBuyer: false },
  otherCases: [],
  mergeCandidates: [],
  orders: [],
};

const contract = {
  id: "gid://shopify/SubscriptionContract/743000101",
  status: "ACTIVE",
  nextBillingDate: "2026-12-05T00:00:00.000Z",
  interval: "1:MONTH",
  items: ["Trailhead Coffee Beans (1 lb / Whole bean) × 2"],
  lastPaymentStatus: "SUCCEEDED",
  lastFailedPayment: {
    at: "2026-11-03T10:00:00.000Z",
    reason: "the card was declined",
    recoveredAt: "2026-11-05T10:00:00.000Z",
  },
  cancelledAt: null,
};

const render = (subscriptions: SubscriptionsResult) =>
  renderInRoute("/app/cases/c1", "/app/cases/:id", () =>
    createElement(CustomerPanel, { caseId: "c1", panel, subscriptions, timeZone: "UTC" })
  );

describe("the case panel's subscriptions", () => {
  it("shows plan, next billing, the failed payment in words and its recovery, and the email button when allowed", () => {
    const html = render({ state: "ok", contracts: [contract], source: "mirror", canEmail: true });
    expect(html).toContain("Trailhead Coffee Beans (1 lb / Whole bean) × 2");
    expect(html).toContain("Next billing");
    expect(html).toContain("the card was declined");
    expect(html).toContain("Paid after retry on");
    expect(html).toContain("Send payment method update email");
  });

  it("offers no email without the scopes, or for a cancelled subscription", () => {
    expect(render({ state: "ok", contracts: [contract], source: "mirror", canEmail: false })).not.toContain(
      "Send payment method update email"
    );
    const cancelled = { ...contract, status: "CANCELLED", cancelledAt: "2026-11-20T00:00:00.000Z" };
    const html = render({ state: "ok", contracts: [cancelled], source: "mirror", canEmail: true });
    expect(html).not.toContain("Send payment method update email");
    expect(html).toContain("Cancelled");
  });

  it("tells staff how to turn subscriptions on when the store has not", () => {
    expect(render({ state: "unavailable", reason: "scope" })).toContain(
      "An admin can turn them on in Settings → Subscriptions."
    );
  });
});

describe("Settings → Subscriptions", () => {
  it("shows Off with a Turn on button, then On once Shopify granted the scopes", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { scopes: "read_orders,read_customers" } });
    const path = "/app/settings/subscriptions";
    const page = async () =>
      renderRoute(
        path,
        SubscriptionsSettings,
        await loader({ request: await embeddedRequest(path, shop), params: {}, context: {} })
      );

    let html = await page();
    expect(html).toContain("Subscriptions are off.");
    expect(html).toContain(">Turn on<");

    await db.shop.update({
      where: { id: shop.shopId },
      data: {
        scopes:
          "read_orders,read_customers,read_own_subscription_contracts,read_customer_payment_methods,write_customers",
      },
    });
    html = await page();
    expect(html).toContain("Subscriptions are on");
    expect(html).not.toContain(">Turn on<");
  });
});
