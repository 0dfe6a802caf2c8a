import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loadSubscriptions } from "../../app/cases/customer-panel.server";
import { offlineAdmin } from "../../app/shopify.server";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { deliverAndProcess } from "../helpers/webhooks";

// Signed deliveries of the four subscription topics, through the route, the inbox and the job, into the mirror.

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

const CUSTOMER = 7410001n;
const CONTRACT = 741000101n; // the mock's contract ids are the customer's id followed by two digits
const APP_SCOPES = "read_orders,write_orders,read_customers,read_fulfillments,read_returns,write_returns,read_products";

/** subscription_contracts/create|update as Shopify sends it (REST shape, API 2026-07). */
function contractPayload(status: string, overrides: Record<string, unknown> = {}) {
  return {
    admin_graphql_api_id: `gid://shopify/SubscriptionContract/${CONTRACT}`,
    id: Number(CONTRACT),
    billing_policy: { interval: "month", interval_count: 1, min_cycles: null, max_cycles: null },
    currency_code: "USD",
    customer_id: Number(CUSTOMER),
    admin_graphql_api_customer_id: `gid://shopify/Customer/${CUSTOMER}`,
    delivery_policy: { interval: "month", interval_count: 1 },
    status,
    admin_graphql_api_origin_order_id: "gid://shopify/Order/5940139491299",
    origin_order_id: 5940139491299,
    revision_id: "94538727",
    ...overrides,
  };
}

/** subscription_billing_attempts/success|failure as Shopify sends it. */
function attemptPayload(id: number, failed: boolean, contract = CONTRACT) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/SubscriptionBillingAttempt/${id}`,
    idempotency_key: `billing-${id}`,
    order_id: failed ? null : 5940139492000 + id,
    admin_graphql_api_order_id: failed ? null : `gid://shopify/Order/${5940139492000 + id}`,
    subscription_contract_id: Number(contract),
    admin_graphql_api_subscription_contract_id: `gid://shopify/SubscriptionContract/${contract}`,
    ready: true,
    error_message: failed ? "Your card was declined." : null,
    error_code: failed ? "card_declined" : null,
  };
}

let seq = 0;
async function send(shop: TestShop, topic: string, body: object, triggeredAt: string, webhookId = `wh-${++seq}`) {
  const response = await deliverAndProcess({
    shop: shop.domain,
    topic,
    body,
    webhookId,
    headers: { "x-shopify-triggered-at": triggeredAt },
  });
  expect(response.status).toBe(200);
  return db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, webhookId } });
}

const contractRow = (shop: TestShop) =>
  db.subscriptionContract.findUniqueOrThrow({
    where: { shopId_shopifyId: { shopId: shop.shopId, shopifyId: CONTRACT } },
  });
const attempts = (shop: TestShop) =>
  db.subscriptionBillingAttempt.findMany({ where: { shopId: shop.shopId }, orderBy: { attemptedAt: "asc" } });

async function shopWithCustomer() {
  const shop = await createInstalledShop();
  const customer = await db.customer.create({
    data: { shopId: shop.shopId, shopifyId: CUSTOMER, email: "mara.lind@example.com", firstName: "Mara" },
  });
  return { shop, customer };
}

describe("subscription_contracts/create and /update", () => {
  it("mirrors the contract once, linked to its customer, with plan and next billing date from the Admin API", async () => {
    const { shop, customer } = await shopWithCustomer();
    const first = await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    const again = await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    expect(first.state).toBe("PROCESSED");
    expect(again.state).toBe("STALE");

    expect(await db.subscriptionContract.count({ where: { shopId: shop.shopId } })).toBe(1);
    const row = await contractRow(shop);
    expect(row).toMatchObject({
      customerId: customer.id,
      customerShopifyId: CUSTOMER,
      originOrderShopifyId: 5940139491299n,
      status: "ACTIVE",
      billingInterval: "MONTH",
      billingIntervalCount: 1,
      currencyCode: "USD",
      planName: "Trailhead Coffee Beans (1 lb / Whole bean) × 2",
      cancelledAt: null,
    });
    expect(row.nextBillingDate).toBeInstanceOf(Date);
    expect(row.shopifyUpdatedAt.toISOString()).toBe("2026-11-01T10:00:00.000Z");
    // The second delivery was stale before asking Shopify again.
    expect(mock.callsTo("SubscriptionContractForMirror").map((c) => c.variables)).toEqual([
      { id: `gid://shopify/SubscriptionContract/${CONTRACT}` },
    ]);
  });

  it("ignores an older update arriving late, and keeps when the contract was cancelled", async () => {
    const { shop } = await shopWithCustomer();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    await send(shop, "subscription_contracts/update", contractPayload("cancelled"), "2026-11-20T09:00:00Z");
    const late = await send(shop, "subscription_contracts/update", contractPayload("paused"), "2026-11-10T09:00:00Z");
    expect(late.state).toBe("STALE");
    const row = await contractRow(shop);
    expect(row.status).toBe("CANCELLED");
    expect(row.cancelledAt?.toISOString()).toBe("2026-11-20T09:00:00.000Z");

    // Still cancelled (a later update): the cancellation keeps its date.
    await send(shop, "subscription_contracts/update", contractPayload("cancelled"), "2026-11-21T09:00:00Z");
    expect((await contractRow(shop)).cancelledAt?.toISOString()).toBe("2026-11-20T09:00:00.000Z");

    // Reactivated later: no longer cancelled (the cancellation figure counts cancellations that stand).
    await send(shop, "subscription_contracts/update", contractPayload("active"), "2026-11-25T09:00:00Z");
    const after = await contractRow(shop);
    expect(after.status).toBe("ACTIVE");
    expect(after.cancelledAt).toBeNull();

    // Cancelled again: counted at the new cancellation.
    await send(shop, "subscription_contracts/update", contractPayload("cancelled"), "2026-11-26T09:00:00Z");
    expect((await contractRow(shop)).cancelledAt?.toISOString()).toBe("2026-11-26T09:00:00.000Z");
  });

  it.each([
    ["subscription_contracts/update", () => contractPayload("paused"), /updated_at: no updated_at or X-Shopify-Triggered-At/],
    ["subscription_billing_attempts/failure", () => attemptPayload(9101, true), /triggered_at: no X-Shopify-Triggered-At/],
  ])("refuses %s without updated_at or X-Shopify-Triggered-At (processing time would let a late redelivery win)", async (topic, body, reason) => {
    const { shop } = await shopWithCustomer();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    const response = await deliverAndProcess({ shop: shop.domain, topic, body: body(), webhookId: `wh-${++seq}`, headers: { "x-shopify-triggered-at": null } });
    expect(response.status).toBe(200);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, topic } });
    expect(event).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(event.lastError).toMatch(reason);
    expect(await contractRow(shop)).toMatchObject({ status: "ACTIVE" });
    expect(await attempts(shop)).toHaveLength(0);
  });

  it("orders a contract without updated_at by X-Shopify-Triggered-At, and by updated_at when Shopify sends it", async () => {
    const { shop } = await shopWithCustomer();
    await send(shop, "subscription_contracts/create", contractPayload("active", { updated_at: "2026-11-05T10:00:00Z" }), "2026-11-30T10:00:00Z");
    expect((await contractRow(shop)).shopifyUpdatedAt.toISOString()).toBe("2026-11-05T10:00:00.000Z");
    const late = await send(shop, "subscription_contracts/update", contractPayload("paused"), "2026-11-04T10:00:00Z");
    expect(late.state).toBe("STALE");
  });

  it("parks a contract of a customer the mirror does not know, and links it when an attempt arrives after the customer", async () => {
    const shop = await createInstalledShop();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    expect(await contractRow(shop)).toMatchObject({ customerId: null, customerShopifyId: CUSTOMER });

    const customer = await db.customer.create({
      data: { shopId: shop.shopId, shopifyId: CUSTOMER, email: "mara.lind@example.com" },
    });
    await send(shop, "subscription_billing_attempts/success", attemptPayload(9001, false), "2026-11-02T10:00:00Z");
    expect((await contractRow(shop)).customerId).toBe(customer.id);
  });

  it("refuses a payload without the contract id at once, with its reason", async () => {
    const shop = await createInstalledShop();
    const event = await send(shop, "subscription_contracts/update", { status: "active" }, "2026-11-01T10:00:00Z");
    expect(event.state).toBe("FAILED");
    expect(event.lastError).toMatch(/subscription_contracts\/update payload cannot be applied: id/);
  });
});

describe("subscription_billing_attempts/success and /failure", () => {
  it("stores each attempt once", async () => {
    const { shop } = await shopWithCustomer();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    await send(shop, "subscription_billing_attempts/success", attemptPayload(9001, false), "2026-11-02T10:00:00Z");
    const repeat = await send(
      shop,
      "subscription_billing_attempts/success",
      attemptPayload(9001, false),
      "2026-11-02T10:00:00Z"
    );
    expect(repeat.state).toBe("STALE");
    const rows = await attempts(shop);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      shopifyId: 9001n,
      status: "SUCCESS",
      contractShopifyId: CONTRACT,
      orderShopifyId: 5940139501001n,
      errorCode: null,
    });
    expect(rows[0].contractId).toBe((await contractRow(shop)).id);
  });

  it("parks an attempt whose contract Shopify does not list yet, and links it when the contract arrives", async () => {
    const { shop } = await shopWithCustomer();
    mock.use("SubscriptionContractForMirror", () => ({ subscriptionContract: null }));
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9002, true), "2026-11-03T10:00:00Z");
    const [parked] = await attempts(shop);
    expect(parked).toMatchObject({
      contractId: null,
      contractShopifyId: CONTRACT,
      status: "FAILURE",
      errorCode: "card_declined",
      errorMessage: "Your card was declined.",
    });
    expect(parked.attemptedAt.toISOString()).toBe("2026-11-03T10:00:00.000Z");

    mock.reset();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    const [linked] = await attempts(shop);
    expect(linked.contractId).toBe((await contractRow(shop)).id);
  });

  it("fetches an unknown contract from the Admin API before storing its attempt", async () => {
    const { shop, customer } = await shopWithCustomer();
    await send(shop, "subscription_billing_attempts/success", attemptPayload(9003, false), "2026-11-03T10:00:00Z");
    const contract = await contractRow(shop);
    expect(contract).toMatchObject({
      customerId: customer.id,
      status: "ACTIVE",
      planName: "Trailhead Coffee Beans (1 lb / Whole bean) × 2",
    });
    expect((await attempts(shop))[0].contractId).toBe(contract.id);
  });

  it("marks a failure recovered when a later attempt succeeds, whichever arrives first", async () => {
    const { shop } = await shopWithCustomer();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    // In order: failure, then success.
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9101, true), "2026-11-05T10:00:00Z");
    expect((await attempts(shop))[0].recoveredAt).toBeNull();
    await send(shop, "subscription_billing_attempts/success", attemptPayload(9102, false), "2026-11-07T10:00:00Z");
    // Out of order: the success of a later cycle arrives before its failure.
    await send(shop, "subscription_billing_attempts/success", attemptPayload(9202, false), "2026-12-07T10:00:00Z");
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9201, true), "2026-12-05T10:00:00Z");
    // A failure after the last success stays unrecovered.
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9301, true), "2027-01-05T10:00:00Z");

    const byId = new Map((await attempts(shop)).map((a) => [a.shopifyId, a]));
    expect(byId.get(9101n)?.recoveredAt?.toISOString()).toBe("2026-11-07T10:00:00.000Z");
    expect(byId.get(9201n)?.recoveredAt?.toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(byId.get(9301n)?.recoveredAt).toBeNull();
    expect(byId.get(9102n)?.recoveredAt).toBeNull();
  });

  it("adds one event to the customer's open case for a failed payment, however often it is delivered", async () => {
    const { shop, customer } = await shopWithCustomer();
    const open = await createTestCase(shop.shopId, {
      customerId: customer.id,
      topic: "BILLING",
      subject: "Was I charged?",
    });
    const closed = await createTestCase(shop.shopId, { customerId: customer.id, status: "CLOSED" });
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9401, true), "2026-11-05T10:00:00Z");
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9401, true), "2026-11-05T10:00:00Z");

    const events = await db.caseEvent.findMany({ where: { shopId: shop.shopId, type: "billing_attempt_failed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      caseId: open.id,
      actorType: "SHOPIFY",
      dedupeKey: "billing_attempt:9401:failed",
      data: {
        attemptId: "9401",
        contractId: String(CONTRACT),
        errorCode: "card_declined",
        errorMessage: "Your card was declined.",
        reason: "the card was declined",
      },
    });
    expect(await db.caseEvent.count({ where: { caseId: closed.id, type: "billing_attempt_failed" } })).toBe(0);
  });

  it("adds the event when a parked failure's contract arrives, unless it was already recovered", async () => {
    const { shop, customer } = await shopWithCustomer();
    const open = await createTestCase(shop.shopId, { customerId: customer.id });
    mock.use("SubscriptionContractForMirror", () => ({ subscriptionContract: null }));
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9501, true), "2026-11-05T10:00:00Z");
    expect(await db.caseEvent.count({ where: { caseId: open.id, type: "billing_attempt_failed" } })).toBe(0);
    mock.reset();
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    expect(
      await db.caseEvent.count({
        where: { caseId: open.id, type: "billing_attempt_failed", dedupeKey: "billing_attempt:9501:failed" },
      })
    ).toBe(1);
  });
});

describe("shops without the subscription scopes", () => {
  it("keep processing deliveries and the panel reads the mirror without asking Shopify", async () => {
    const { shop } = await shopWithCustomer();
    await db.shop.update({ where: { id: shop.shopId }, data: { scopes: APP_SCOPES } });
    await send(shop, "subscription_contracts/create", contractPayload("active"), "2026-11-01T10:00:00Z");
    await send(shop, "subscription_billing_attempts/failure", attemptPayload(9601, true), "2026-11-05T10:00:00Z");
    const shopRow = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } });

    mock.reset();
    const result = await loadSubscriptions(await offlineAdmin(shop.domain), shopRow, CUSTOMER.toString());
    expect(mock.callsTo("CustomerSubscriptionContracts")).toHaveLength(0);
    expect(result).toMatchObject({
      state: "ok",
      source: "mirror",
      canEmail: false,
      contracts: [
        {
          id: `gid://shopify/SubscriptionContract/${CONTRACT}`,
          status: "ACTIVE",
          interval: "1:MONTH",
          items: ["Trailhead Coffee Beans (1 lb / Whole bean) × 2"],
          lastPaymentStatus: "FAILED",
          lastFailedPayment: { at: "2026-11-05T10:00:00.000Z", reason: "the card was declined", recoveredAt: null },
        },
      ],
    });
  });

  it("show the panel a quiet 'off' state when nothing is mirrored, without a live call", async () => {
    const { shop } = await shopWithCustomer();
    const shopRow = await db.shop.update({ where: { id: shop.shopId }, data: { scopes: APP_SCOPES } });
    const result = await loadSubscriptions(await offlineAdmin(shop.domain), shopRow, "999999");
    expect(result).toEqual({ state: "unavailable", reason: "scope" });
    expect(mock.callsTo("CustomerSubscriptionContracts")).toHaveLength(0);
  });
});
