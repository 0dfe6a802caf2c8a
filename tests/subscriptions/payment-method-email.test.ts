import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action, loader } from "../../app/routes/app.cases.$id.customer-actions";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

// "Send payment method update email" from a case: what Shopify is asked, what is logged, and when it is refused.

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

const CUSTOMER = 7420001n;
const CONTRACT_GID = `gid://shopify/SubscriptionContract/${CUSTOMER}01`;
const ALL_SCOPES =
  "read_orders,write_orders,read_customers,read_fulfillments,read_returns,write_returns,read_products,read_own_subscription_contracts,read_customer_payment_methods,write_customers";
const WITHOUT_SUBSCRIPTIONS =
  "read_orders,write_orders,read_customers,read_fulfillments,read_returns,write_returns,read_products";

let keys = 0;
const newKey = () => `pm-key-${Date.now().toString(36)}-${++keys}`;

async function setup(scopes = ALL_SCOPES) {
  const shop = await createInstalledShop();
  await db.shop.update({ where: { id: shop.shopId }, data: { scopes } });
  const customer = await db.customer.create({
    data: { shopId: shop.shopId, shopifyId: CUSTOMER, email: "jonas.berg@example.com" },
  });
  const c = await createTestCase(shop.shopId, {
    customerId: customer.id,
    topic: "BILLING",
    subject: "My subscription payment failed",
  });
  return { shop, caseId: c.id };
}

interface Answer {
  ok?: boolean;
  message?: string;
  replayed?: boolean;
  action?: { id: string; kind: string };
  error?: { code: string; message: string };
}

async function post(shop: TestShop, caseId: string, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${caseId}/customer-actions`, shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const response = await action({ request, params: { id: caseId }, context: {} });
  return { status: response.status, body: (await response.json()) as Answer };
}

const sendCalls = () => mock.callsTo("CustomerPaymentMethodSendUpdateEmail");

describe("send payment method update email", () => {
  it("asks Shopify to email the contract's payment method, logs who and when, and answers a repeat without sending twice", async () => {
    const { shop, caseId } = await setup();
    const key = newKey();
    const before = new Date();
    const first = await post(shop, caseId, {
      intent: "send-payment-method-update",
      contractId: CONTRACT_GID,
      idempotencyKey: key,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ok: true,
      replayed: false,
      message: "Shopify is emailing the customer a link to update their payment method.",
    });

    expect(mock.callsTo("SubscriptionContractPaymentMethod").map((c) => c.variables)).toEqual([{ id: CONTRACT_GID }]);
    expect(sendCalls().map((c) => c.variables)).toEqual([
      { customerPaymentMethodId: `gid://shopify/CustomerPaymentMethod/${CUSTOMER}01` },
    ]);

    const [row] = await db.orderAction.findMany({ where: { caseId } });
    expect(row).toMatchObject({
      kind: "SEND_PAYMENT_METHOD_UPDATE",
      status: "SUCCEEDED",
      staffId: shop.staffId,
      orderId: null,
      idempotencyKey: key,
      input: { contractId: CONTRACT_GID },
      result: { contractId: CONTRACT_GID, paymentMethodId: `gid://shopify/CustomerPaymentMethod/${CUSTOMER}01` },
    });
    expect(row.completedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const events = await db.caseEvent.findMany({ where: { caseId, type: "payment_method_update_sent" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "STAFF",
      staffId: shop.staffId,
      data: { contractId: CONTRACT_GID, actionId: row.id, staff: "Ada Agent" },
    });

    const repeat = await post(shop, caseId, {
      intent: "send-payment-method-update",
      contractId: CONTRACT_GID,
      idempotencyKey: key,
    });
    expect(repeat.body).toMatchObject({ ok: true, replayed: true, action: { id: row.id } });
    expect(sendCalls()).toHaveLength(1);
    expect(await db.caseEvent.count({ where: { caseId, type: "payment_method_update_sent" } })).toBe(1);
  });

  it("is refused with a 400 saying what to do when the store has not turned subscriptions on", async () => {
    const { shop, caseId } = await setup(WITHOUT_SUBSCRIPTIONS);
    const { status, body } = await post(shop, caseId, {
      intent: "send-payment-method-update",
      contractId: CONTRACT_GID,
      idempotencyKey: newKey(),
    });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      "The payment method update email needs permissions this store has not granted. Ask an admin to turn subscriptions on in Settings → Subscriptions."
    );
    expect(mock.calls).toHaveLength(0);
    expect(await db.orderAction.count({ where: { caseId } })).toBe(0);
  });

  it("refuses a subscription of another customer without sending anything", async () => {
    const { shop, caseId } = await setup();
    const { status, body } = await post(shop, caseId, {
      intent: "send-payment-method-update",
      contractId: "gid://shopify/SubscriptionContract/999900101",
      idempotencyKey: newKey(),
    });
    expect(status).toBe(404);
    expect(body.error?.message).toBe("This subscription does not belong to the customer of this case.");
    expect(sendCalls()).toHaveLength(0);
    expect((await db.orderAction.findFirstOrThrow({ where: { caseId } })).status).toBe("FAILED");
  });

  it("passes on Shopify's refusal in plain words", async () => {
    const { shop, caseId } = await setup();
    mock.use("CustomerPaymentMethodSendUpdateEmail", () => ({
      customerPaymentMethodSendUpdateEmail: {
        customer: null,
        userErrors: [{ field: ["customerPaymentMethodId"], message: "Customer payment method is not eligible" }],
      },
    }));
    const { status, body } = await post(shop, caseId, {
      intent: "send-payment-method-update",
      contractId: CONTRACT_GID,
      idempotencyKey: newKey(),
    });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      "Shopify refused the payment method update email: Customer payment method is not eligible."
    );
    const row = await db.orderAction.findFirstOrThrow({ where: { caseId } });
    expect(row).toMatchObject({ status: "FAILED", error: body.error?.message });
    expect(await db.caseEvent.count({ where: { caseId, type: "payment_method_update_sent" } })).toBe(0);
  });

  it("refuses a case whose customer has no Shopify account, and unreadable input, with 400s", async () => {
    const { shop } = await setup();
    const guest = await createTestCase(shop.shopId);
    const noCustomer = await post(shop, guest.id, {
      intent: "send-payment-method-update",
      contractId: CONTRACT_GID,
      idempotencyKey: newKey(),
    });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.error?.message).toMatch(/no Shopify customer account/);

    const badContract = await post(shop, guest.id, {
      intent: "send-payment-method-update",
      contractId: "gid://shopify/Order/1",
      idempotencyKey: newKey(),
    });
    expect(badContract.status).toBe(400);
    expect(badContract.body.error?.message).toMatch(/contractId: the subscription is not one of this store's/);
    expect(mock.calls).toHaveLength(0);
  });

  it("answers GET with 405", async () => {
    const response = loader();
    expect(response.status).toBe(405);
  });
});
