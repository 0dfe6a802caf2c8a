import { getJwt } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { CUSTOMER_ACCOUNT_LIMITS } from "../../app/customer-account/rate-limit.server";
import * as casesRoute from "../../app/routes/api.customer-account.cases";
import * as orderRoute from "../../app/routes/api.customer-account.orders.$orderId";
import * as returnsRoute from "../../app/routes/api.customer-account.returns";
import { createTestFulfillment, createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { API_KEY, API_SECRET, APP_URL, createInstalledShop, type TestShop } from "../helpers/shopify";

// The customer account extensions' endpoints, called as Shopify's customer account pages call them: from the
// extension's origin, with the customer's session token (HS256 with the app secret; sub = the customer's GID).

const mock = shopifyAdminMock();
const ORIGIN = "https://extensions.shopifycdn.com";
const DAY = 86_400_000;

const ADA = 7_001n;
const BEN = 7_002n;

interface Fixture {
  shop: TestShop;
  adaOrder: { id: string; shopifyId: bigint; name: string; orderNumber: number };
  benOrder: { id: string; shopifyId: bigint };
  shirt: { id: string; shopifyId: bigint };
  fulfillmentLineShopifyId: bigint;
  fulfillmentShopifyId: bigint;
}

let fx: Fixture;

async function customer(shopId: string, shopifyId: bigint, email: string, firstName: string) {
  return db.customer.create({ data: { shopId, shopifyId, email, firstName, lastName: "Tester" } });
}

/** Ada's delivered order (2 shirts, one parcel) and Ben's, in one installed shop. */
async function setup(): Promise<Fixture> {
  const shop = await createInstalledShop();
  const ada = await customer(shop.shopId, ADA, "ada@example.com", "Ada");
  const ben = await customer(shop.shopId, BEN, "ben@example.com", "Ben");
  const adaOrder = await createTestOrder(shop.shopId, { customerId: ada.id, email: "ada@example.com", fulfillmentStatus: "FULFILLED", totalPrice: "90.00" });
  const benOrder = await createTestOrder(shop.shopId, { customerId: ben.id, email: "ben@example.com" });
  const shirt = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: adaOrder.id, shopifyId: 880_001n + BigInt(Date.now() % 100000), title: "Linen shirt", variantTitle: "M / Blue", quantity: 2, price: "45.00" },
  });
  const fulfillment = await createTestFulfillment(shop.shopId, adaOrder.id, {
    shipmentStatus: "DELIVERED",
    trackingCompany: "Canada Post",
    trackingNumber: "7023456789",
    trackingUrl: "https://tracking.example/7023456789",
    deliveredAt: new Date(Date.now() - 3 * DAY),
  });
  const fulfillmentLineShopifyId = 990_001n + BigInt(Date.now() % 100000);
  await db.fulfillmentLineItem.create({
    data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, lineItemId: shirt.id, shopifyId: fulfillmentLineShopifyId, quantity: 2 },
  });
  return { shop, adaOrder, benOrder, shirt, fulfillmentLineShopifyId, fulfillmentShopifyId: fulfillment.shopifyId };
}

async function tokenFor(shop: TestShop, customerId: bigint | string, overrides: Record<string, unknown> = {}, secret = API_SECRET()) {
  const store = shop.domain.replace(/\.myshopify\.com$/, "");
  const sub = typeof customerId === "bigint" ? `gid://shopify/Customer/${customerId}` : customerId;
  const { token } = await getJwt(store, API_KEY(), secret, { sub, iss: undefined, sid: undefined, ...overrides });
  return token;
}

function request(path: string, init: { method?: string; token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ Origin: ORIGIN, ...init.headers });
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers.set("Content-Type", "application/json");
  }
  return new Request(new URL(path, APP_URL()), { method: init.method ?? "GET", headers, body });
}

const getOrder = (orderId: string, init: Parameters<typeof request>[1] = {}) =>
  orderRoute.loader({ request: request(`/api/customer-account/orders/${encodeURIComponent(orderId)}`, init), params: { orderId }, context: {} });

const postReturn = (init: Parameters<typeof request>[1]) =>
  returnsRoute.action({ request: request("/api/customer-account/returns", { method: "POST", ...init }), params: {}, context: {} });

const postCase = (init: Parameters<typeof request>[1]) =>
  casesRoute.action({ request: request("/api/customer-account/cases", { method: "POST", ...init }), params: {}, context: {} });

function expectCors(response: Response) {
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(response.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  expect(response.headers.get("Cache-Control")).toBe("no-store");
}

beforeEach(async () => {
  fx = await setup();
});

describe("GET /api/customer-account/orders/:orderId", () => {
  it("answers the customer's own order: tracking, returns and what can be returned, with CORS, recording a lookup", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const response = await getOrder(String(fx.adaOrder.shopifyId), { token });
    expect(response.status).toBe(200);
    expectCors(response);
    const body = await response.json();
    expect(body.order).toMatchObject({ id: `gid://shopify/Order/${fx.adaOrder.shopifyId}`, name: fx.adaOrder.name, status: "delivered" });
    expect(body.order.fulfillments).toEqual([
      expect.objectContaining({ carrier: "Canada Post", trackingNumber: "7023456789", trackingUrl: "https://tracking.example/7023456789", status: "delivered" }),
    ]);
    expect(body.eligibility).toMatchObject({ eligible: true });
    expect(body.eligibility.lineItems).toEqual([
      expect.objectContaining({ lineItemId: `gid://shopify/LineItem/${fx.shirt.shopifyId}`, returnableQuantity: 2, eligible: true }),
    ]);
    expect(await db.selfServiceEvent.count({ where: { shopId: fx.shop.shopId, kind: "ORDER_LOOKUP", orderId: fx.adaOrder.id } })).toBe(1);
  });

  it("takes the order's GID too; the menu item's check (?view=menu) is not counted as a lookup", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const gid = `gid://shopify/Order/${fx.adaOrder.shopifyId}`;
    const response = await orderRoute.loader({
      request: request(`/api/customer-account/orders/${encodeURIComponent(gid)}?view=menu`, { token }),
      params: { orderId: gid },
      context: {},
    });
    expect(response.status).toBe(200);
    expect(await db.selfServiceEvent.count({ where: { shopId: fx.shop.shopId, kind: "ORDER_LOOKUP" } })).toBe(0);
  });

  it("another customer's order is the same 404 as an order that does not exist", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const others = await getOrder(String(fx.benOrder.shopifyId), { token });
    const unknown = await getOrder("5999999999999", { token });
    expect(others.status).toBe(404);
    expect(unknown.status).toBe(404);
    expectCors(others);
    expect(await others.json()).toEqual(await unknown.json());
    // Ben sees his own.
    expect((await getOrder(String(fx.benOrder.shopifyId), { token: await tokenFor(fx.shop, BEN) })).status).toBe(200);
  });

  it("refuses a missing, forged or expired token, or one that is not a customer's, with a readable 401", async () => {
    const now = Date.now() / 1000;
    const cases = [
      null,
      "not-a-jwt",
      await tokenFor(fx.shop, ADA, {}, "some-other-secret"),
      await tokenFor(fx.shop, ADA, { exp: now - 60, nbf: now - 3600, iat: now - 3600 }),
      await tokenFor(fx.shop, "902541635"),
    ];
    for (const token of cases) {
      const response = await getOrder(String(fx.adaOrder.shopifyId), { token });
      expect(response.status, `token ${String(token).slice(0, 20)}`).toBe(401);
      expectCors(response);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
  });

  it("a token for a shop that is not installed finds nothing (404)", async () => {
    const token = await tokenFor(fx.shop, ADA, { dest: "https://unknown-shop.myshopify.com" });
    const response = await getOrder(String(fx.adaOrder.shopifyId), { token });
    expect(response.status).toBe(404);
    await db.shop.update({ where: { id: fx.shop.shopId }, data: { state: "UNINSTALLED" } });
    expect((await getOrder(String(fx.adaOrder.shopifyId), { token: await tokenFor(fx.shop, ADA) })).status).toBe(404);
  });

  it("says which order id is wrong (400) and that other methods are not allowed (405)", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const bad = await getOrder("order-one", { token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/order id is not valid/);
    const post = await orderRoute.action({
      request: request(`/api/customer-account/orders/${fx.adaOrder.shopifyId}`, { method: "POST", token, body: {} }),
      params: { orderId: String(fx.adaOrder.shopifyId) },
      context: {},
    });
    expect(post.status).toBe(405);
    expect(post.headers.get("Allow")).toBe("GET, OPTIONS");
    expectCors(post);
  });

  it("answers the CORS preflight without a token", async () => {
    const preflight = await orderRoute.action({
      request: request(`/api/customer-account/orders/${fx.adaOrder.shopifyId}`, {
        method: "OPTIONS",
        headers: { "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
      }),
      params: { orderId: String(fx.adaOrder.shopifyId) },
      context: {},
    });
    expect(preflight.status).toBe(204);
    expectCors(preflight);
    expect(preflight.headers.get("Access-Control-Max-Age")).toBe("7200");
  });
});

describe("POST /api/customer-account/returns", () => {
  it("sends Shopify's returnRequest for the customer's own order with the chosen items, and answers 201", async () => {
    const returnGid = "gid://shopify/Return/6660001";
    mock.use("StorefrontReturnRequest", () => ({ returnRequest: { return: { id: returnGid, name: `${fx.adaOrder.name}-R1`, status: "REQUESTED" }, userErrors: [] } }));
    const token = await tokenFor(fx.shop, ADA);
    const response = await postReturn({
      token,
      body: {
        orderId: `gid://shopify/Order/${fx.adaOrder.shopifyId}`,
        items: [{ lineItemId: `gid://shopify/LineItem/${fx.shirt.shopifyId}`, quantity: 1, reason: "SIZE_TOO_SMALL" }],
        note: "Runs small",
      },
    });
    expect(response.status).toBe(201);
    expectCors(response);
    const body = await response.json();
    expect(body.return).toMatchObject({ id: returnGid, status: "requested", approved: false });
    expect(body.case.number).toEqual(expect.any(Number));

    const [call, ...more] = mock.callsTo("StorefrontReturnRequest");
    expect(more).toEqual([]);
    expect(call.shop).toBe(fx.shop.domain);
    expect(call.variables).toEqual({
      input: {
        orderId: `gid://shopify/Order/${fx.adaOrder.shopifyId}`,
        returnLineItems: [{ fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${fx.fulfillmentLineShopifyId}`, quantity: 1, returnReason: "SIZE_TOO_SMALL" }],
      },
    });
    // The request became the customer's return case, from customer accounts.
    const kase = await db.case.findFirstOrThrow({ where: { shopId: fx.shop.shopId, number: body.case.number } });
    expect(kase).toMatchObject({ topic: "RETURN", channel: "CUSTOMER_ACCOUNT", customerEmail: "ada@example.com" });
  });

  it("another customer's order is a 404 and nothing is sent to Shopify", async () => {
    const token = await tokenFor(fx.shop, BEN);
    const response = await postReturn({
      token,
      body: { orderId: String(fx.adaOrder.shopifyId), items: [{ lineItemId: String(fx.shirt.shopifyId), quantity: 1, reason: "SIZE_TOO_SMALL" }] },
    });
    expect(response.status).toBe(404);
    expect(mock.callsTo("StorefrontReturnRequest")).toEqual([]);
  });

  it("refuses what can't be returned or isn't readable with a 400 that says why, before calling Shopify", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const orderId = String(fx.adaOrder.shopifyId);
    const tooMany = await postReturn({ token, body: { orderId, items: [{ lineItemId: String(fx.shirt.shopifyId), quantity: 3, reason: "SIZE_TOO_SMALL" }] } });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/at most 2/);
    const noItems = await postReturn({ token, body: { orderId, items: [] } });
    expect(noItems.status).toBe(400);
    const noOrder = await postReturn({ token, body: { items: [] } });
    expect(noOrder.status).toBe(400);
    const notJson = await postReturn({ token, rawBody: "orderId=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/JSON/);
    expect(mock.callsTo("StorefrontReturnRequest")).toEqual([]);
  });

  it("needs a token (401), answers its preflight, and only takes POST (405)", async () => {
    const response = await postReturn({ token: null, body: { orderId: "1", items: [] } });
    expect(response.status).toBe(401);
    expectCors(response);
    const preflight = await returnsRoute.action({ request: request("/api/customer-account/returns", { method: "OPTIONS" }), params: {}, context: {} });
    expect(preflight.status).toBe(204);
    expectCors(preflight);
    const get = await returnsRoute.loader({ request: request("/api/customer-account/returns", { token: await tokenFor(fx.shop, ADA) }), params: {}, context: {} });
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST, OPTIONS");
  });
});

describe("POST /api/customer-account/cases", () => {
  it("opens a case linked to the customer's order, then adds the next message to it", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const orderId = `gid://shopify/Order/${fx.adaOrder.shopifyId}`;
    const first = await postCase({ token, body: { orderId, topic: "where_is_my_order", message: "The tracking hasn't moved in days." } });
    expect(first.status).toBe(201);
    expectCors(first);
    const opened = await first.json();
    expect(opened.case).toEqual({ number: expect.any(Number), appended: false });
    const kase = await db.case.findFirstOrThrow({
      where: { shopId: fx.shop.shopId, number: opened.case.number },
      include: { orders: true, messages: { select: { bodyText: true, channel: true } } },
    });
    expect(kase).toMatchObject({ channel: "CUSTOMER_ACCOUNT", topic: "WHERE_IS_MY_ORDER", customerEmail: "ada@example.com", customerName: "Ada Tester" });
    expect(kase.orders.map((o) => o.orderId)).toEqual([fx.adaOrder.id]);
    expect(kase.messages).toEqual([{ bodyText: "The tracking hasn't moved in days.", channel: "CUSTOMER_ACCOUNT" }]);

    const second = await postCase({ token, body: { orderId, topic: "other", message: "Also, can I change the address?" } });
    expect(second.status).toBe(201);
    expect((await second.json()).case).toEqual({ number: opened.case.number, appended: true });
  });

  it("another customer's order is a 404 and no case is opened", async () => {
    const before = await db.case.count({ where: { shopId: fx.shop.shopId } });
    const response = await postCase({ token: await tokenFor(fx.shop, BEN), body: { orderId: String(fx.adaOrder.shopifyId), topic: "other", message: "Hi" } });
    expect(response.status).toBe(404);
    expect(await db.case.count({ where: { shopId: fx.shop.shopId } })).toBe(before);
  });

  it("asks for the missing message and topic (400 with field errors)", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const response = await postCase({ token, body: { orderId: String(fx.adaOrder.shopifyId), topic: "nonsense", message: "  " } });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.details.fieldErrors).toMatchObject({ topic: expect.any(String), message: "Write your message." });
  });

  it("limits how many messages and return requests a customer sends (429 with Retry-After)", async () => {
    const token = await tokenFor(fx.shop, ADA);
    const orderId = String(fx.adaOrder.shopifyId);
    for (let i = 0; i < CUSTOMER_ACCOUNT_LIMITS.write.points; i++) {
      expect((await postCase({ token, body: { orderId, topic: "other", message: `Message ${i}` } })).status).toBe(201);
    }
    const limited = await postCase({ token, body: { orderId, topic: "other", message: "One more" } });
    expect(limited.status).toBe(429);
    expectCors(limited);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.headers.get("Access-Control-Expose-Headers")).toContain("Retry-After");
    // Another customer of the shop is not affected.
    expect((await postCase({ token: await tokenFor(fx.shop, BEN), body: { orderId: String(fx.benOrder.shopifyId), topic: "other", message: "Hi" } })).status).toBe(201);
  });
});
