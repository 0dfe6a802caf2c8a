import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action } from "../../app/routes/app.cases.$id.order-actions";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

// "Send receipt" from a case: Shopify's orderInvoiceSend, always to the order's own email, through the order
// actions route (idempotency key, OrderAction row, case event with staff and time, Shopify's refusals in words).

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

let keys = 0;
const newKey = () => `receipt-${Date.now().toString(36)}-${++keys}`;

interface Setup {
  shop: TestShop;
  caseId: string;
  orderId: string;
  orderGid: string;
  orderName: string;
}

async function setup(orderOverrides: Parameters<typeof createTestOrder>[1] = {}): Promise<Setup> {
  const shop = await createInstalledShop();
  const order = await createTestOrder(shop.shopId, { email: "maya.lindqvist@example.com", ...orderOverrides });
  const c = await createTestCase(shop.shopId, { customerEmail: "someone.else@example.net" });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
  return { shop, caseId: c.id, orderId: order.id, orderGid: `gid://shopify/Order/${order.shopifyId}`, orderName: order.name };
}

interface Answer {
  ok?: boolean;
  message: string;
  replayed?: boolean;
  error: { code: string; message: string };
}

async function post(s: Setup, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${s.caseId}/order-actions`, s.shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const response = await action({ request, params: { id: s.caseId }, context: {} });
  return { status: response.status, body: (await response.json()) as Answer };
}

describe("Send receipt from a case", () => {
  it("asks Shopify to email the invoice to the order's own email, and logs who sent it and when", async () => {
    const s = await setup();
    const before = new Date();
    // Even when the form names another address, only the order's email is used.
    const { status, body } = await post(s, {
      intent: "send-receipt",
      orderId: s.orderId,
      idempotencyKey: newKey(),
      email: "attacker@example.org",
      to: "attacker@example.org",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, replayed: false });
    expect(body.message).toContain(s.orderName);

    const calls = mock.callsTo("OrderInvoiceSend");
    expect(calls).toHaveLength(1);
    expect(calls[0].variables).toEqual({ id: s.orderGid, email: { to: "maya.lindqvist@example.com" } });

    const [row] = await db.orderAction.findMany({ where: { shopId: s.shop.shopId, orderId: s.orderId } });
    expect(row).toMatchObject({ kind: "SEND_RECEIPT", status: "SUCCEEDED", caseId: s.caseId, staffId: s.shop.staffId, error: null });
    expect(row.completedAt).toBeInstanceOf(Date);

    const events = await db.caseEvent.findMany({ where: { shopId: s.shop.shopId, caseId: s.caseId, type: "receipt_sent" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "STAFF", staffId: s.shop.staffId, orderId: s.orderId });
    expect(events[0].occurredAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("sends once when the same form is submitted twice (same idempotency key)", async () => {
    const s = await setup();
    const idempotencyKey = newKey();
    const first = await post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey });
    const second = await post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ ok: true, replayed: true });
    expect(mock.callsTo("OrderInvoiceSend")).toHaveLength(1);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId, kind: "SEND_RECEIPT" } })).toBe(1);
    expect(await db.caseEvent.count({ where: { shopId: s.shop.shopId, type: "receipt_sent" } })).toBe(1);

    // A new key is a new request: sent again.
    await post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey: newKey() });
    expect(mock.callsTo("OrderInvoiceSend")).toHaveLength(2);
  });

  it("sends once when two submits of the same form arrive at the same moment, and answers both", async () => {
    const s = await setup();
    const idempotencyKey = newKey();
    const answers = await Promise.all([
      post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey }),
      post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.ok)).toEqual([true, true]);
    expect(answers.filter((a) => a.body.replayed).length).toBe(1);
    expect(mock.callsTo("OrderInvoiceSend")).toHaveLength(1);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId, kind: "SEND_RECEIPT" } })).toBe(1);
    expect(await db.caseEvent.count({ where: { shopId: s.shop.shopId, type: "receipt_sent" } })).toBe(1);
  });

  it("shows Shopify's refusal in plain words as a 4xx, and records it as failed", async () => {
    const s = await setup();
    mock.use("OrderInvoiceSend", () => ({
      orderInvoiceSend: {
        order: null,
        userErrors: [{ field: ["id"], message: "Order cannot be invoiced because it is archived", code: "ORDER_INVOICE_SEND_UNSUCCESSFUL" }],
      },
    }));
    const { status, body } = await post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey: newKey() });
    expect(status).toBe(400);
    expect(body.error.message).toBe("Shopify refused the receipt email: Order cannot be invoiced because it is archived.");

    const [row] = await db.orderAction.findMany({ where: { shopId: s.shop.shopId, kind: "SEND_RECEIPT" } });
    expect(row).toMatchObject({ status: "FAILED", error: body.error.message });
    expect(await db.caseEvent.count({ where: { shopId: s.shop.shopId, type: "receipt_sent" } })).toBe(0);
  });

  it("refuses with a 400 when the order has no email, and sends nothing", async () => {
    const s = await setup({ email: null });
    const { status, body } = await post(s, { intent: "send-receipt", orderId: s.orderId, idempotencyKey: newKey() });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      `Order ${s.orderName} has no email address, so there is nowhere to send its receipt. Receipts only go to the email on the order.`,
    );
    expect(mock.callsTo("OrderInvoiceSend")).toHaveLength(0);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId } })).toBe(0);
    expect(await db.caseEvent.count({ where: { shopId: s.shop.shopId, type: "receipt_sent" } })).toBe(0);
  });

  it("needs the form's idempotency key and an order linked to the case", async () => {
    const s = await setup();
    const noKey = await post(s, { intent: "send-receipt", orderId: s.orderId });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.message).toMatch(/^The receipt request could not be read: idempotencyKey/);

    const other = await createTestOrder(s.shop.shopId, { email: "other@example.com" });
    const notLinked = await post(s, { intent: "send-receipt", orderId: other.id, idempotencyKey: newKey() });
    expect(notLinked.status).toBe(404);
    expect(mock.callsTo("OrderInvoiceSend")).toHaveLength(0);
  });
});
