import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";
import { deliver, deliverAndProcess } from "../helpers/webhooks";
import { runDueJobs } from "../../app/jobs/worker.server";
import { buildOrderForMirror, loadWebhookFixture, order1001State, type RestOrder, type RestTransaction } from "../mocks/shopify-admin-orders";

// order_transactions/create as Shopify drives it: signed deliveries to /webhooks/<topic>, the job, the mirror.

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

const ORDER_1001 = 5940139491234n;
const sale = () => loadWebhookFixture<RestTransaction>("order_transactions-create");
const declined = () => loadWebhookFixture<RestTransaction>("order_transactions-create-failure");

const transactionsOf = (shopId: string) =>
  db.orderTransaction.findMany({ where: { shopId }, orderBy: [{ processedAt: "asc" }, { shopifyId: "asc" }] });

describe("order_transactions/create", () => {
  it("stores a transaction of a mirrored order once, however often it is delivered", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: loadWebhookFixture("orders-create") });
    const order = await db.order.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } } });

    // The same transaction twice (two deliveries, as Shopify may send after a timeout).
    for (const webhookId of ["tx-delivery-1", "tx-delivery-2"]) {
      const response = await deliver({ shop: shop.domain, topic: "order_transactions/create", body: sale(), webhookId });
      expect(response.status).toBe(200);
    }
    await runDueJobs();

    const rows = await transactionsOf(shop.shopId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orderId: order.id,
      shopifyId: 7124598011223n,
      kind: "SALE",
      status: "SUCCESS",
      currencyCode: "USD",
      gateway: "shopify_payments",
      cardBrand: "Visa",
      lastFour: "4242",
      errorCode: null,
      test: false,
      parentShopifyId: null,
    });
    expect(rows[0].amount.toFixed(2)).toBe("168.63");
    expect(rows[0].processedAt.toISOString()).toBe("2026-11-10T15:30:11.000Z");
    // Never more of the card number than the last four digits.
    expect(JSON.stringify(rows[0], (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("424242");
    // Nothing asked Shopify: the order was mirrored already.
    expect(mock.callsTo("OrderForMirror")).toHaveLength(0);

    const events = await db.webhookEvent.findMany({ where: { shopDomain: shop.domain, topic: "order_transactions/create" } });
    expect(events.map((e) => e.state).sort()).toEqual(["PROCESSED", "STALE"]);
  });

  it("keeps a declined attempt with its error code and the card it was tried on", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: loadWebhookFixture("orders-create") });
    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: declined() });

    const [row] = await transactionsOf(shop.shopId);
    expect(row).toMatchObject({
      kind: "SALE",
      status: "FAILURE",
      errorCode: "card_declined",
      message: "Your card was declined.",
      cardBrand: "Mastercard",
      lastFour: "5100",
    });
  });

  it("a pending transaction takes its final status when Shopify reports it, and a late pending redelivery never moves it back", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: loadWebhookFixture("orders-create") });
    const pending = { ...sale(), status: "pending", message: "Awaiting the bank", processed_at: "2026-11-10T10:30:11-05:00" };
    const failed = { ...sale(), status: "failure", error_code: "card_declined", message: "Your card was declined.", processed_at: "2026-11-10T10:32:00-05:00" };
    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: pending, webhookId: "tx-pending" });
    expect(await transactionsOf(shop.shopId)).toMatchObject([{ status: "PENDING", errorCode: null, message: "Awaiting the bank" }]);

    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: failed, webhookId: "tx-failed" });
    let rows = await transactionsOf(shop.shopId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "FAILURE", errorCode: "card_declined", message: "Your card was declined.", cardBrand: "Visa" });
    expect(rows[0].processedAt.toISOString()).toBe("2026-11-10T15:32:00.000Z");

    // The pending state delivered again late, and another final status: the failure stays.
    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: pending, webhookId: "tx-pending-late" });
    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: { ...sale(), status: "success" }, webhookId: "tx-success-late" });
    rows = await transactionsOf(shop.shopId);
    expect(rows).toMatchObject([{ status: "FAILURE", errorCode: "card_declined", message: "Your card was declined." }]);
    expect(rows[0].processedAt.toISOString()).toBe("2026-11-10T15:32:00.000Z");
  });

  it("fetches an order it does not know yet from Shopify, then applies the transaction", async () => {
    const shop = await createInstalledShop();
    // A capture Shopify's order answer does not list yet (it arrived first), on the order #1001.
    const capture: RestTransaction = {
      ...sale(),
      id: 7124598555001,
      admin_graphql_api_id: "gid://shopify/OrderTransaction/7124598555001",
      kind: "capture",
      parent_id: 7124598011223,
      processed_at: "2026-11-10T10:31:40-05:00",
      created_at: "2026-11-10T10:31:40-05:00",
    };
    const response = await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: capture });
    expect(response.status).toBe(200);

    expect(mock.callsTo("OrderForMirror").map((c) => c.variables)).toEqual([{ id: `gid://shopify/Order/${ORDER_1001}` }]);
    const order = await db.order.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } } });
    expect(order.name).toBe("#1001");

    const rows = await transactionsOf(shop.shopId);
    // The order's own transactions came with it (declined card, sale, refund), and the delivered capture.
    expect(rows.map((r) => [r.shopifyId, r.kind, r.status])).toEqual([
      [7124597998101n, "SALE", "FAILURE"],
      [7124598011223n, "SALE", "SUCCESS"],
      [7124598555001n, "CAPTURE", "SUCCESS"],
      [7124598120394n, "REFUND", "SUCCESS"],
    ]);
    expect(rows.every((r) => r.orderId === order.id)).toBe(true);
    expect(rows.find((r) => r.kind === "CAPTURE")?.parentShopifyId).toBe(7124598011223n);
    expect(rows.find((r) => r.kind === "REFUND")?.parentShopifyId).toBe(7124598011223n);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain } });
    expect(event.state).toBe("PROCESSED");
  });

  it("ignores a transaction of an order Shopify no longer has", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body: { ...sale(), order_id: 5940139499999 } });
    expect(mock.callsTo("OrderForMirror")).toHaveLength(1);
    expect(await db.orderTransaction.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it.each([
    ["no order", { ...sale(), order_id: null }, /order_id: transaction names no order/],
    ["an unknown kind", { ...sale(), kind: "teleport" }, /kind: unknown transaction kind "teleport"/],
    ["no amount", { ...sale(), amount: undefined }, /amount: missing/],
    ["no id", { ...sale(), id: undefined, admin_graphql_api_id: undefined }, /id: transaction has no id/],
  ])("fails a payload with %s at once, naming what is wrong, and stores nothing", async (_what, body, reason) => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: loadWebhookFixture("orders-create") });
    await deliverAndProcess({ shop: shop.domain, topic: "order_transactions/create", body });

    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, topic: "order_transactions/create" } });
    expect(event).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(event.lastError).toMatch(/order_transactions\/create payload cannot be applied/);
    expect(event.lastError).toMatch(reason);
    expect(await db.orderTransaction.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(mock.callsTo("OrderForMirror")).toHaveLength(0);
  });
});

describe("payment terms and transactions when an order is read from Shopify", () => {
  it("stores the order's transactions and its payment terms with the due date", async () => {
    const shop = await createInstalledShop();
    const state = order1001State();
    const order: RestOrder = {
      ...state.order,
      payment_terms: { payment_terms_name: "Net 30", payment_schedules: [{ due_at: "2026-12-10T15:30:11Z" }] },
    };
    mock.use("OrderForMirror", ({ variables }) => ({
      order: variables.id === `gid://shopify/Order/${ORDER_1001}` ? buildOrderForMirror({ ...state, order }) : null,
    }));
    // A fulfillment of an order the mirror does not have: the order is read from Shopify first.
    await deliverAndProcess({ shop: shop.domain, topic: "fulfillments/create", body: loadWebhookFixture("fulfillments-create") });

    const mirrored = await db.order.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } },
      include: { transactions: { orderBy: { processedAt: "asc" } } },
    });
    expect(mirrored.paymentTermsName).toBe("Net 30");
    expect(mirrored.paymentDueAt?.toISOString()).toBe("2026-12-10T15:30:11.000Z");
    expect(mirrored.transactions.map((t) => [t.kind, t.status, t.amount.toFixed(2), t.cardBrand, t.lastFour, t.errorCode])).toEqual([
      ["SALE", "FAILURE", "168.63", "Mastercard", "5100", "card_declined"],
      ["SALE", "SUCCESS", "168.63", "Visa", "4242", null],
      ["REFUND", "SUCCESS", "17.64", null, null, null],
    ]);
  });

  it("takes payment terms from order webhooks, and keeps them when a payload does not say", async () => {
    const shop = await createInstalledShop();
    const created = loadWebhookFixture<RestOrder>("orders-create");
    await deliverAndProcess({
      shop: shop.domain,
      topic: "orders/create",
      body: { ...created, payment_terms: { payment_terms_name: "Net 15", payment_schedules: [{ due_at: "2026-11-25T15:30:11Z" }] } },
    });
    const read = () => db.order.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: ORDER_1001 } } });
    expect(await read()).toMatchObject({ paymentTermsName: "Net 15", paymentDueAt: new Date("2026-11-25T15:30:11Z") });

    // orders/updated without payment_terms at all: what is stored stays.
    const { payment_terms: _absent, ...updated } = loadWebhookFixture<RestOrder>("orders-updated");
    await deliverAndProcess({ shop: shop.domain, topic: "orders/updated", body: updated });
    expect(await read()).toMatchObject({ paymentTermsName: "Net 15" });

    // payment_terms: null (Shopify says there are none now).
    await deliverAndProcess({
      shop: shop.domain,
      topic: "orders/updated",
      body: { ...updated, payment_terms: null, updated_at: "2026-11-12T09:00:00-05:00" },
    });
    expect(await read()).toMatchObject({ paymentTermsName: null, paymentDueAt: null });
  });
});
