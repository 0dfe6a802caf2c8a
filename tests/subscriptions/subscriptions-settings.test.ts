import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action, loader } from "../../app/routes/app.settings.subscriptions";
import { SUBSCRIPTION_TOPICS } from "../../app/webhooks/topics";
import { shopifyAdminMock } from "../helpers/msw";
import { APP_URL, createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { deliverAndProcess } from "../helpers/webhooks";

// Settings → Subscriptions: the grant is read from Shopify, recorded on the shop, and the shop is subscribed to the
// subscription topics once (shop-specific webhooks, docs/decisions/0018-optional-subscription-scopes.md).

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

const PATH = "/app/settings/subscriptions";
const BASE = "read_orders,write_orders,read_customers,read_fulfillments,read_returns,write_returns,read_products";
const granted = (scopes: string) => () => ({
  currentAppInstallation: { accessScopes: scopes.split(",").map((handle) => ({ handle })) },
});

async function turnOn(shop: TestShop) {
  const request = await embeddedRequest(PATH, shop, {
    method: "POST",
    body: JSON.stringify({ intent: "turn-on" }),
    headers: { "content-type": "application/json" },
  });
  const response = await action({ request, params: {}, context: {} });
  return {
    status: response.status,
    body: (await response.json()) as { ok?: boolean; message?: string; error?: { message: string } },
  };
}

async function status(shop: TestShop) {
  const response = await loader({ request: await embeddedRequest(PATH, shop), params: {}, context: {} });
  return ((await response.json()) as { status: { readGranted: boolean; emailGranted: boolean; missing: string[] } })
    .status;
}

const enumName = (topic: string) => topic.toUpperCase().replaceAll("/", "_");

describe("turning subscriptions on", () => {
  it("shows them off, then records Shopify's grant and subscribes the shop to each topic once", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { scopes: BASE } });
    expect(await status(shop)).toEqual({
      readGranted: false,
      emailGranted: false,
      missing: ["read_own_subscription_contracts", "read_customer_payment_methods", "write_customers"],
    });

    const { status: code, body } = await turnOn(shop);
    expect(code).toBe(200);
    expect(body).toMatchObject({ ok: true, message: "Subscriptions are on." });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).scopes).toContain(
      "read_own_subscription_contracts"
    );
    expect(await status(shop)).toEqual({ readGranted: true, emailGranted: true, missing: [] });

    const creates = mock.callsTo("SubscriptionWebhookCreate").map((c) => c.variables);
    expect(creates).toEqual(
      SUBSCRIPTION_TOPICS.map((topic) => ({
        topic: enumName(topic),
        webhookSubscription: { uri: `${APP_URL()}/webhooks/${topic}`, format: "JSON" },
      }))
    );

    // Turned on again: Shopify already lists them, nothing is created twice.
    mock.reset();
    mock.use("SubscriptionWebhookSubscriptions", () => ({
      webhookSubscriptions: {
        nodes: SUBSCRIPTION_TOPICS.map((t) => ({
          id: `gid://shopify/WebhookSubscription/${t.length}`,
          topic: enumName(t),
          uri: `${APP_URL()}/webhooks/${t}`,
        })),
      },
    }));
    expect((await turnOn(shop)).status).toBe(200);
    expect(mock.callsTo("SubscriptionWebhookCreate")).toHaveLength(0);
  });

  it("stays off with a 400 when the merchant did not grant reading subscriptions", async () => {
    const shop = await createInstalledShop();
    mock.use("GrantedAccessScopes", granted(BASE));
    const { status: code, body } = await turnOn(shop);
    expect(code).toBe(400);
    expect(body.error?.message).toBe(
      "Shopify has not granted the permission to read subscription contracts. Choose Turn on and approve the permissions."
    );
    expect(mock.callsTo("SubscriptionWebhookCreate")).toHaveLength(0);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).scopes).toBe(BASE);
  });

  it("registers the topics when app/scopes_update reports the grant (granted from Shopify admin)", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({
      shop: shop.domain,
      topic: "app/scopes_update",
      body: { id: 1, previous: BASE.split(","), current: [...BASE.split(","), "read_own_subscription_contracts"] },
    });
    expect(mock.callsTo("SubscriptionWebhookCreate")).toHaveLength(SUBSCRIPTION_TOPICS.length);

    mock.reset();
    await deliverAndProcess({
      shop: shop.domain,
      topic: "app/scopes_update",
      body: { id: 2, previous: [], current: BASE.split(",") },
    });
    expect(mock.calls).toHaveLength(0);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).scopes).toBe(BASE);
  });
});
