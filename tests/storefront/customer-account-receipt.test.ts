// "Email me my receipt" from the customer account's order page: POST /api/customer-account/orders/:orderId/receipt
// with the customer's session token. Only the token customer's own order; the receipt goes to the order's email.
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import * as receiptRoute from "../../app/routes/api.customer-account.orders.$orderId.receipt";
import { RECEIPT_LIMITS } from "../../app/storefront/rate-limit.server";
import { createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { API_KEY, API_SECRET, APP_URL, createInstalledShop, type TestShop } from "../helpers/shopify";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

const ORIGIN = "https://extensions.shopifycdn.com";
const ADA = 7_101n;
const BEN = 7_102n;

interface Fixture {
  shop: TestShop;
  ada: { id: string };
  adaOrder: { id: string; shopifyId: bigint; name: string };
  benOrder: { id: string; shopifyId: bigint };
}
let fx: Fixture;

beforeEach(async () => {
  const shop = await createInstalledShop();
  const ada = await db.customer.create({ data: { shopId: shop.shopId, shopifyId: ADA, email: "ada@example.com", firstName: "Ada" } });
  const ben = await db.customer.create({ data: { shopId: shop.shopId, shopifyId: BEN, email: "ben@example.com", firstName: "Ben" } });
  // The order's own email differs from the account's: the receipt follows the order.
  const adaOrder = await createTestOrder(shop.shopId, { customerId: ada.id, email: "ada.orders@example.com" });
  const benOrder = await createTestOrder(shop.shopId, { customerId: ben.id, email: "ben@example.com" });
  fx = { shop, ada: { id: ada.id }, adaOrder, benOrder };
});

async function tokenFor(customer: bigint) {
  const store = fx.shop.domain.replace(/\.myshopify\.com$/, "");
  const { token } = await getJwt(store, API_KEY(), API_SECRET(), { sub: `gid://shopify/Customer/${customer}`, iss: undefined, sid: undefined });
  return token;
}

async function post(orderId: string, customer: bigint | null, method = "POST") {
  const headers = new Headers({ Origin: ORIGIN });
  if (customer !== null) headers.set("Authorization", `Bearer ${await tokenFor(customer)}`);
  const request = new Request(new URL(`/api/customer-account/orders/${encodeURIComponent(orderId)}/receipt`, APP_URL()), { method, headers });
  const handler = method === "GET" ? receiptRoute.loader : receiptRoute.action;
  return handler({ request, params: { orderId }, context: {} });
}

const invoiceCalls = () => mock.callsTo("OrderInvoiceSend");

describe("POST /api/customer-account/orders/:orderId/receipt", () => {
  it("sends the customer's own receipt to the order's email, with CORS, logging the action and a self-service event", async () => {
    const response = await post(String(fx.adaOrder.shopifyId), ADA);
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await response.json()).receipt).toEqual({
      sentTo: "a•••@example.com",
      message: `Your receipt for order ${fx.adaOrder.name} is on its way to a•••@example.com.`,
      order: { id: `gid://shopify/Order/${fx.adaOrder.shopifyId}`, name: fx.adaOrder.name },
    });
    expect(invoiceCalls().map((c) => c.variables)).toEqual([{ id: `gid://shopify/Order/${fx.adaOrder.shopifyId}`, email: { to: "ada.orders@example.com" } }]);
    const [row] = await db.orderAction.findMany({ where: { shopId: fx.shop.shopId } });
    expect(row).toMatchObject({ kind: "SEND_RECEIPT", status: "SUCCEEDED", orderId: fx.adaOrder.id, staffId: null, input: { source: "customer_account", customerId: fx.ada.id } });
    expect(await db.selfServiceEvent.count({ where: { shopId: fx.shop.shopId, kind: "RECEIPT_REQUESTED", orderId: fx.adaOrder.id } })).toBe(1);
  });

  it("takes the order's GID as well", async () => {
    const response = await post(`gid://shopify/Order/${fx.adaOrder.shopifyId}`, ADA);
    expect(response.status).toBe(200);
    expect(invoiceCalls()).toHaveLength(1);
  });

  it("another customer's order is the same 404 as an unknown one, and nothing is sent", async () => {
    const others = await post(String(fx.benOrder.shopifyId), ADA);
    const unknown = await post("5999999999999", ADA);
    expect(others.status).toBe(404);
    expect(await others.json()).toEqual(await unknown.json());
    expect(invoiceCalls()).toHaveLength(0);
    expect(await db.orderAction.count({ where: { shopId: fx.shop.shopId } })).toBe(0);
  });

  it("needs a session token (401) and only takes POST (405)", async () => {
    expect((await post(String(fx.adaOrder.shopifyId), null)).status).toBe(401);
    const get = await post(String(fx.adaOrder.shopifyId), ADA, "GET");
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST, OPTIONS");
    expect(invoiceCalls()).toHaveLength(0);
  });

  it("limits receipts per order: 429 with Retry-After, and Shopify is not asked again", async () => {
    for (let i = 0; i < RECEIPT_LIMITS.perOrder.points; i++) expect((await post(String(fx.adaOrder.shopifyId), ADA)).status).toBe(200);
    const blocked = await post(String(fx.adaOrder.shopifyId), ADA);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await blocked.json()).error.message).toMatch(/^A receipt for this order was sent several times recently/);
    expect(invoiceCalls()).toHaveLength(RECEIPT_LIMITS.perOrder.points);
  });

  it("an order without an email is a plain 400", async () => {
    await db.order.update({ where: { id: fx.adaOrder.id }, data: { email: null } });
    const response = await post(String(fx.adaOrder.shopifyId), ADA);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/has no email address, so we can't email its receipt/);
    expect(invoiceCalls()).toHaveLength(0);
  });

  it("Shopify's userErrors → a plain 400 and a FAILED action", async () => {
    mock.use("OrderInvoiceSend", () => ({ orderInvoiceSend: { order: null, userErrors: [{ field: null, message: "Invoice could not be sent", code: "ORDER_INVOICE_SEND_UNSUCCESSFUL" }] } }));
    const response = await post(String(fx.adaOrder.shopifyId), ADA);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("Invoice could not be sent.");
    expect(await db.orderAction.findFirst({ where: { shopId: fx.shop.shopId } })).toMatchObject({ status: "FAILED" });
  });
});
