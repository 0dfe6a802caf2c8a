import { afterEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { action, loader } from "../../app/routes/app.cases.$id.order-actions";
import { loadOrderActionContext } from "../../app/orders/actions/context.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { MOCK_LOCATION_ID, MOCK_SALE_ID } from "../mocks/shopify-admin-actions";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

let keys = 0;
const newKey = () => `key-${Date.now().toString(36)}-${++keys}`;

interface Setup {
  shop: TestShop;
  caseId: string;
  orderId: string;
  orderGid: string;
  socksId: string;
  socksGid: string;
  capId: string;
  capGid: string;
}

/** A case with a paid order linked: 2 × Trail socks (shipped) and 1 × Cap (not shipped). */
async function setup(shop?: TestShop): Promise<Setup> {
  shop ??= await createInstalledShop();
  const order = await createTestOrder(shop.shopId, { totalPrice: "49.00", totalShipping: "4.00" });
  const c = await createTestCase(shop.shopId);
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
  const socks = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: order.shopifyId * 10n + 1n, title: "Trail socks", quantity: 2, price: "10.00" },
  });
  const cap = await db.lineItem.create({
    data: { shopId: shop.shopId, orderId: order.id, shopifyId: order.shopifyId * 10n + 2n, title: "Cap", quantity: 1, price: "20.00" },
  });
  const fulfillment = await createTestFulfillment(shop.shopId, order.id);
  await db.fulfillmentLineItem.create({
    data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, lineItemId: socks.id, quantity: 2, shopifyId: order.shopifyId * 10n + 3n },
  });
  return {
    shop,
    caseId: c.id,
    orderId: order.id,
    orderGid: `gid://shopify/Order/${order.shopifyId}`,
    socksId: socks.id,
    socksGid: `gid://shopify/LineItem/${socks.shopifyId}`,
    capId: cap.id,
    capGid: `gid://shopify/LineItem/${cap.shopifyId}`,
  };
}

interface Answer {
  ok?: boolean;
  message: string;
  replayed?: boolean;
  action: { id: string };
  error: { code: string; message: string };
}

async function post(s: Pick<Setup, "shop" | "caseId">, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${s.caseId}/order-actions`, s.shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const response = await action({ request, params: { id: s.caseId }, context: {} });
  return { status: response.status, body: (await response.json()) as Answer };
}

const events = (caseId: string) => db.caseEvent.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } });
const actions = (caseId: string) => db.orderAction.findMany({ where: { caseId } });

describe("refunds from a case", () => {
  it("refunds the whole order (every line and shipping) with an idempotency key, records it and mirrors it", async () => {
    const s = await setup();
    const key = newKey();
    const { status, body } = await post(s, {
      intent: "refund",
      orderId: s.orderId,
      idempotencyKey: key,
      lines: JSON.stringify([
        { lineItemId: s.socksId, quantity: 2 },
        { lineItemId: s.capId, quantity: 1 },
      ]),
      refundShipping: "true",
      notify: "true",
      note: "Parcel lost",
    });
    expect(status).toBe(200);
    const { name } = await db.order.findUniqueOrThrow({ where: { id: s.orderId } });
    expect(body).toMatchObject({ ok: true, message: `Refunded US$49.00 on order ${name}.`, replayed: false });

    const [context] = mock.callsTo("OrderRefundContext");
    expect(context.variables).toEqual({
      id: s.orderGid,
      refundLineItems: [
        { lineItemId: s.socksGid, quantity: 2, restockType: "NO_RESTOCK" },
        { lineItemId: s.capGid, quantity: 1, restockType: "NO_RESTOCK" },
      ],
      suggestFullRefund: false,
      refundShipping: true,
    });
    const calls = mock.callsTo("RefundCreate");
    expect(calls).toHaveLength(1);
    expect(calls[0].query).toContain("@idempotent(key: $idempotencyKey)");
    expect(calls[0].variables).toEqual({
      idempotencyKey: key,
      input: {
        orderId: s.orderGid,
        note: "Parcel lost",
        notify: true,
        refundLineItems: [
          { lineItemId: s.socksGid, quantity: 2, restockType: "NO_RESTOCK" },
          { lineItemId: s.capGid, quantity: 1, restockType: "NO_RESTOCK" },
        ],
        shipping: { fullRefund: true },
        // 3 × 22.00 + 4.00 shipping, capped by Shopify at what is left (49.00).
        transactions: [{ orderId: s.orderGid, kind: "REFUND", gateway: "shopify_payments", amount: "49.00", parentId: MOCK_SALE_ID }],
      },
    });

    const [row] = await actions(s.caseId);
    expect(row).toMatchObject({ kind: "REFUND", status: "SUCCEEDED", idempotencyKey: key, staffId: s.shop.staffId, error: null });
    expect(row.result).toMatchObject({ amount: "49.00", currency: "USD" });
    const timeline = await events(s.caseId);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ type: "refund_created", actorType: "STAFF", staffId: s.shop.staffId, orderId: s.orderId });
    expect(timeline[0].data).toMatchObject({ amount: "49.00", currency: "USD", note: "Parcel lost", staff: "Ada Agent", lines: [{ title: "Trail socks", quantity: 2 }, { title: "Cap", quantity: 1 }] });

    // The mirror has the refund at once (the refunds/create webhook will find it there and add nothing).
    const refunds = await db.refund.findMany({ where: { orderId: s.orderId }, include: { lines: true } });
    expect(refunds).toHaveLength(1);
    expect(refunds[0].amount.toFixed(2)).toBe("49.00");
    expect(refunds[0].lines.map((l) => l.quantity).sort()).toEqual([1, 2]);
    const [ctx] = await loadOrderActionContext(s.shop.shopId, [s.orderId]);
    expect(ctx.lines.map((l) => l.refundableQuantity)).toEqual([0, 0]);
  });

  it("refunds one shipped item with restock: RETURN to the location Shopify suggests", async () => {
    const s = await setup();
    const { status, body } = await post(s, {
      intent: "refund",
      orderId: s.orderId,
      idempotencyKey: newKey(),
      lines: JSON.stringify([{ lineItemId: s.socksId, quantity: 1 }]),
      restock: "true",
    });
    expect(status).toBe(200);
    expect(body.message).toMatch(/^Refunded US\$22\.00 on order #/);
    expect(mock.callsTo("RefundCreate")[0].variables.input).toEqual({
      orderId: s.orderGid,
      notify: false,
      refundLineItems: [{ lineItemId: s.socksGid, quantity: 1, restockType: "RETURN", locationId: MOCK_LOCATION_ID }],
      transactions: [{ orderId: s.orderGid, kind: "REFUND", gateway: "shopify_payments", amount: "22.00", parentId: MOCK_SALE_ID }],
    });
    // An item that never shipped is restocked as CANCEL.
    await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), lines: JSON.stringify([{ lineItemId: s.capId, quantity: 1 }]), restock: "on" });
    expect(mock.callsTo("RefundCreate")[1].variables.input).toMatchObject({
      refundLineItems: [{ lineItemId: s.capGid, quantity: 1, restockType: "CANCEL", locationId: MOCK_LOCATION_ID }],
    });
  });

  it("refunds an amount alone against the order's payment", async () => {
    const s = await setup();
    const { status } = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "10.50", note: "Goodwill" });
    expect(status).toBe(200);
    expect(mock.callsTo("RefundCreate")[0].variables.input).toEqual({
      orderId: s.orderGid,
      note: "Goodwill",
      notify: false,
      transactions: [{ orderId: s.orderGid, kind: "REFUND", gateway: "shopify_payments", amount: "10.50", parentId: MOCK_SALE_ID }],
    });
    expect((await events(s.caseId))[0].data).toMatchObject({ amount: "10.50", lines: [] });
  });

  it("refuses more than Shopify can refund before asking it, in plain words", async () => {
    const s = await setup();
    const { status, body } = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "80.00" });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^Shopify can refund at most US\$49\.00 on order #\d+\. Nothing was refunded\.$/);
    expect(mock.callsTo("RefundCreate")).toHaveLength(0);
    expect(await events(s.caseId)).toHaveLength(0);
  });

  it("shows Shopify's userErrors in plain words and records nothing as done", async () => {
    const s = await setup();
    mock.use("RefundCreate", () => ({
      refundCreate: {
        refund: null,
        order: null,
        userErrors: [{ field: ["transactions", "0", "amount"], message: "Amount can't be greater than the refundable amount (US$49.00)" }],
      },
    }));
    const { status, body } = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), lines: JSON.stringify([{ lineItemId: s.capId, quantity: 1 }]) });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "bad_request",
      message: "Shopify refused the refund: Amount can't be greater than the refundable amount (US$49.00).",
    });
    const [row] = await actions(s.caseId);
    expect(row).toMatchObject({ status: "FAILED", error: body.error.message });
    expect(await events(s.caseId)).toHaveLength(0);
    expect(await db.refund.count({ where: { orderId: s.orderId } })).toBe(0);
  });

  it("a double submit with the same key refunds once and answers both with the first result", async () => {
    const s = await setup();
    const fields = { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), lines: JSON.stringify([{ lineItemId: s.capId, quantity: 1 }]) };
    const first = await post(s, fields);
    const second = await post(s, fields);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ ok: true, replayed: true, message: first.body.message, action: { id: first.body.action.id } });
    expect(mock.callsTo("RefundCreate")).toHaveLength(1);
    expect(await actions(s.caseId)).toHaveLength(1);
    expect(await events(s.caseId)).toHaveLength(1);
  });

  it("an answer Shopify did not make clear keeps the action open: the same form retries under the same key, once", async () => {
    const s = await setup();
    let attempts = 0;
    mock.use("RefundCreate", (call) => {
      attempts += 1;
      // First: an answer the app cannot read (a proxy's error page, a cut connection) — the refund may exist.
      return attempts === 1 ? { unexpected: true } : { refundCreate: { ...(mockAnswer(call.variables) as object) } };
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fields = { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "5.00" };
    const first = await post(s, fields);
    expect(first.status).toBe(503);
    expect(first.body.error.message).toMatch(/may or may not have happened/);
    expect(first.body.error.message).not.toMatch(/Nothing was refunded/);
    expect(await actions(s.caseId)).toMatchObject([{ status: "PENDING" }]);
    expect(await events(s.caseId)).toHaveLength(0);

    const again = await post(s, fields);
    expect(again.status).toBe(200);
    const calls = mock.callsTo("RefundCreate");
    expect(calls).toHaveLength(2);
    expect(calls[1].variables).toEqual(calls[0].variables); // the same @idempotent key: Shopify refunds once
    expect(await actions(s.caseId)).toMatchObject([{ status: "SUCCEEDED" }]);
    expect(await events(s.caseId)).toHaveLength(1);

    const third = await post(s, fields);
    expect(third.body).toMatchObject({ ok: true, replayed: true });
    expect(mock.callsTo("RefundCreate")).toHaveLength(2);
    warn.mockRestore();
  });

  it("agents refund only up to their limit: 403 and no call to Shopify above it", async () => {
    const s = await setup();
    await db.staff.update({ where: { id: s.shop.staffId }, data: { role: "AGENT" } });
    await updateShopSettings(s.shop.shopId, { refunds: { agentLimit: "20.00", requireNote: false } });
    const typed = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "20.01" });
    expect(typed).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: "Refunds above US$20.00 need an admin." } } });
    expect(mock.calls).toHaveLength(0);

    // Shopify's calculation for the items (22.00) is over the limit too: checked before the refund is sent.
    const items = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), lines: JSON.stringify([{ lineItemId: s.capId, quantity: 1 }]) });
    expect(items.status).toBe(403);
    expect(mock.callsTo("RefundCreate")).toHaveLength(0);

    // Their own limit wins over the shop's default.
    await db.staff.update({ where: { id: s.shop.staffId }, data: { refundLimit: "150.00" } });
    expect((await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "30.00" })).status).toBe(200);
    expect(await events(s.caseId)).toHaveLength(1);
  });

  it("requires a note when the store says so", async () => {
    const s = await setup();
    await updateShopSettings(s.shop.shopId, { refunds: { agentLimit: "100.00", requireNote: true } });
    const { status, body } = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "5.00", note: "  " });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/requires one for every refund/);
    expect(mock.calls).toHaveLength(0);
  });

  it("waits out THROTTLED and then refunds, with the same idempotency key", async () => {
    const s = await setup();
    let attempts = 0;
    mock.use("RefundCreate", (call) => {
      attempts += 1;
      if (attempts === 1) {
        return {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
          extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 10, restoreRate: 100 } } },
        };
      }
      return { refundCreate: { ...(mockAnswer(call.variables) as object) } };
    });
    const { status } = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "5.00" });
    expect(status).toBe(200);
    const calls = mock.callsTo("RefundCreate");
    expect(calls).toHaveLength(2);
    expect(calls[1].variables).toEqual(calls[0].variables);
  });

  it("throttling that outlasts the retries is a 429 that says nothing was refunded", async () => {
    const s = await setup();
    mock.use("RefundCreate", () => ({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
      extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 10, restoreRate: 100 } } },
    }));
    const { status, body } = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), amount: "5.00" });
    expect(status).toBe(429);
    expect(body.error.message).toMatch(/too many requests.*Nothing was refunded\. Try again in a minute\./);
    expect((await actions(s.caseId))[0].status).toBe("FAILED");
    expect(await events(s.caseId)).toHaveLength(0);
  });
});

/** The default RefundCreate answer, for resolvers that wrap it. */
function mockAnswer(variables: Record<string, unknown>) {
  const input = variables.input as { orderId: string; transactions: { amount: string }[] };
  const amount = input.transactions[0].amount;
  const bag = { shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } };
  return {
    refund: { id: "gid://shopify/Refund/7770001", note: null, createdAt: new Date().toISOString(), totalRefundedSet: bag, return: null, refundLineItems: { nodes: [] }, refundShippingLines: { nodes: [] } },
    order: { id: input.orderId, displayFinancialStatus: "PARTIALLY_REFUNDED", totalRefundedSet: bag },
    userErrors: [],
  };
}

describe("cancelling from a case", () => {
  it("sends the reason, refund, restock, notification and staff note", async () => {
    const s = await setup();
    await db.fulfillment.deleteMany({ where: { orderId: s.orderId } });
    const { status, body } = await post(s, {
      intent: "cancel",
      orderId: s.orderId,
      idempotencyKey: newKey(),
      reason: "CUSTOMER",
      refund: "true",
      restock: "true",
      notify: "true",
      staffNote: "Customer called",
    });
    expect(status).toBe(200);
    expect(body.message).toMatch(/^Shopify is cancelling order #\d+\./);
    expect(mock.callsTo("OrderCancel")[0].variables).toEqual({
      orderId: s.orderGid,
      reason: "CUSTOMER",
      refundMethod: { originalPaymentMethodsRefund: true },
      restock: true,
      notifyCustomer: true,
      staffNote: "Customer called",
    });
    const [event] = await events(s.caseId);
    expect(event).toMatchObject({ type: "order_cancel_requested", actorType: "STAFF" });
    expect(event.data).toMatchObject({ reason: "CUSTOMER", refund: true, amount: "49.00", currency: "USD", restock: true });
  });

  it("an agent may not cancel with a refund above their limit", async () => {
    const s = await setup();
    await db.staff.update({ where: { id: s.shop.staffId }, data: { role: "AGENT" } });
    await updateShopSettings(s.shop.shopId, { refunds: { agentLimit: "40.00", requireNote: false } });
    // Cancelling with a refund gives back the 49.00 left on the order.
    const { status, body } = await post(s, { intent: "cancel", orderId: s.orderId, idempotencyKey: newKey(), reason: "OTHER", refund: "true" });
    expect(status).toBe(403);
    expect(body.error.message).toBe("Refunds above US$40.00 need an admin.");
    expect(mock.calls).toHaveLength(0);
    // Without the refund the agent may cancel.
    expect((await post(s, { intent: "cancel", orderId: s.orderId, idempotencyKey: newKey(), reason: "OTHER" })).status).toBe(200);
  });

  it("says plainly that the app lacks the permission when Shopify answers ACCESS_DENIED", async () => {
    const s = await setup();
    mock.use("OrderCancel", () => ({
      errors: [{ message: "Access denied for orderCancel field. Required access: `write_orders` access scope.", extensions: { code: "ACCESS_DENIED" } }],
    }));
    const { status, body } = await post(s, { intent: "cancel", orderId: s.orderId, idempotencyKey: newKey(), reason: "STAFF" });
    expect(status).toBe(403);
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toContain("Required access: `write_orders` access scope");
    expect(body.error.message).toContain("approve the app's updated permissions");
    expect(body.error.message).toContain("The order was not cancelled.");
    expect((await actions(s.caseId))[0]).toMatchObject({ status: "FAILED" });
    expect(await events(s.caseId)).toHaveLength(0);
  });

  it("orderCancelUserErrors are refusals, with NO_REFUND_PERMISSION as 403", async () => {
    const s = await setup();
    mock.use("OrderCancel", () => ({
      orderCancel: { job: null, orderCancelUserErrors: [{ field: ["refundMethod"], message: "You don't have permission to refund orders", code: "NO_REFUND_PERMISSION" }] },
    }));
    const { status, body } = await post(s, { intent: "cancel", orderId: s.orderId, idempotencyKey: newKey(), reason: "STAFF", refund: "true" });
    expect(status).toBe(403);
    expect(body.error.message).toBe("Shopify refused the cancellation: You don't have permission to refund orders.");
  });
});

describe("return decisions from a case", () => {
  async function withReturn(status: "REQUESTED" | "OPEN") {
    const s = await setup();
    const ret = await db.return.create({
      data: {
        shopId: s.shop.shopId,
        orderId: s.orderId,
        shopifyId: 3_547_000_000n + BigInt(++keys),
        name: "#1001-R1",
        status,
        requestedAt: new Date(),
        lines: { create: [{ shopId: s.shop.shopId, lineItemId: s.socksId, shopifyId: 9_300_000_000n + BigInt(keys), quantity: 2, reason: "SIZE_TOO_SMALL" }] },
      },
      include: { lines: true },
    });
    return { ...s, ret, returnGid: `gid://shopify/Return/${ret.shopifyId}`, lineGid: `gid://shopify/ReturnLineItem/${ret.lines[0].shopifyId}` };
  }

  it("approves a requested return and mirrors its new status", async () => {
    const s = await withReturn("REQUESTED");
    const { status, body } = await post(s, { intent: "approve-return", orderId: s.orderId, returnId: s.ret.id, idempotencyKey: newKey(), notify: "true" });
    expect(status).toBe(200);
    expect(body.message).toBe("Return #1001-R1 approved. The customer can now send the items back.");
    expect(mock.callsTo("ReturnApproveRequest")[0].variables).toEqual({ input: { id: s.returnGid, notifyCustomer: true } });
    expect((await db.return.findUniqueOrThrow({ where: { id: s.ret.id } })).status).toBe("OPEN");
    const timeline = await events(s.caseId);
    // One entry for the approval: the mirror's own fact for it has the same key.
    expect(timeline.map((e) => e.type)).toEqual(["return_approved"]);
  });

  it("declines with Shopify's reason and a note", async () => {
    const s = await withReturn("REQUESTED");
    const { status } = await post(s, {
      intent: "decline-return",
      orderId: s.orderId,
      returnId: s.ret.id,
      idempotencyKey: newKey(),
      reason: "FINAL_SALE",
      note: "Final sale items can't be returned.",
      notify: "false",
    });
    expect(status).toBe(200);
    expect(mock.callsTo("ReturnDeclineRequest")[0].variables).toEqual({
      input: { id: s.returnGid, declineReason: "FINAL_SALE", notifyCustomer: false, declineNote: "Final sale items can't be returned." },
    });
    const stored = await db.return.findUniqueOrThrow({ where: { id: s.ret.id } });
    expect(stored).toMatchObject({ status: "DECLINED", declineReason: "FINAL_SALE" });
    expect((await events(s.caseId))[0].data).toMatchObject({ reason: "FINAL_SALE", note: "Final sale items can't be returned." });
  });

  it("refuses an unknown decline reason and a return that is not waiting for a decision", async () => {
    const s = await withReturn("OPEN");
    const bad = await post(s, { intent: "decline-return", orderId: s.orderId, returnId: s.ret.id, idempotencyKey: newKey(), reason: "BECAUSE" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("reason must be one of RETURN_PERIOD_ENDED, FINAL_SALE, OTHER");
    const open = await post(s, { intent: "approve-return", orderId: s.orderId, returnId: s.ret.id, idempotencyKey: newKey() });
    expect(open.status).toBe(409);
    expect(mock.calls).toHaveLength(0);
  });

  it("processes received items: restocked at the primary location and refunded with Shopify's suggestion", async () => {
    const s = await withReturn("OPEN");
    const { status, body } = await post(s, {
      intent: "process-return",
      orderId: s.orderId,
      returnId: s.ret.id,
      idempotencyKey: newKey(),
      lines: JSON.stringify([{ returnLineItemId: s.ret.lines[0].id, quantity: 1 }]),
      restock: "true",
      refund: "true",
    });
    expect(status).toBe(200);
    expect(body.message).toBe("Return #1001-R1 processed: 1 item(s) received and US$22.00 refunded.");
    const number = s.lineGid.split("/").pop();
    expect(mock.callsTo("ReturnProcess")[0].variables).toEqual({
      input: {
        returnId: s.returnGid,
        notifyCustomer: false,
        returnLineItems: [
          {
            id: s.lineGid,
            quantity: 1,
            dispositions: [
              { reverseFulfillmentOrderLineItemId: `gid://shopify/ReverseFulfillmentOrderLineItem/${number}`, quantity: 1, dispositionType: "RESTOCKED", locationId: MOCK_LOCATION_ID },
            ],
          },
        ],
        financialTransfer: {
          issueRefund: { orderTransactions: [{ transactionAmount: { amount: "22.00", currencyCode: "USD" }, parentId: MOCK_SALE_ID }] },
        },
      },
    });
    expect((await db.return.findUniqueOrThrow({ where: { id: s.ret.id } })).status).toBe("CLOSED");
    const [event] = await events(s.caseId);
    expect(event).toMatchObject({ type: "return_processed" });
    expect(event.data).toMatchObject({ amount: "22.00", restock: true, lines: [{ title: "Trail socks", quantity: 1 }] });
  });

  it("a return userError leaves the return as it was", async () => {
    const s = await withReturn("OPEN");
    mock.use("ReturnProcess", () => ({ returnProcess: { return: null, userErrors: [{ field: ["input"], message: "Return is not processable", code: "INVALID_STATE" }] } }));
    const { status, body } = await post(s, {
      intent: "process-return",
      orderId: s.orderId,
      returnId: s.ret.id,
      idempotencyKey: newKey(),
      lines: JSON.stringify([{ returnLineItemId: s.ret.lines[0].id, quantity: 2 }]),
    });
    expect(status).toBe(400);
    expect(body.error.message).toBe("Shopify refused the return processing: Return is not processable.");
    expect((await db.return.findUniqueOrThrow({ where: { id: s.ret.id } })).status).toBe("OPEN");
    expect(await events(s.caseId)).toHaveLength(0);
  });
});

describe("scoping and methods", () => {
  it("an order not linked to the case, or another shop's case, is 404 and Shopify is not asked", async () => {
    const s = await setup();
    const stray = await createTestOrder(s.shop.shopId);
    const unlinked = await post(s, { intent: "refund", orderId: stray.id, idempotencyKey: newKey(), amount: "5.00" });
    expect(unlinked).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "This order is not linked to this case. Link it to the case first." } } });

    const other = await setup();
    // This shop's staff posting to the other shop's case (with that shop's order).
    const foreign = await post({ shop: s.shop, caseId: other.caseId }, { intent: "refund", orderId: other.orderId, idempotencyKey: newKey(), amount: "5.00" });
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(mock.calls).toHaveLength(0);
    expect(await db.orderAction.count({ where: { shopId: { in: [s.shop.shopId, other.shop.shopId] } } })).toBe(0);
  });

  it("bad input is a 400 that names the problem", async () => {
    const s = await setup();
    expect((await post(s, { intent: "explode" })).body.error.message).toBe(
      "Choose refund, cancel, approve-return, decline-return or process-return.",
    );
    const noKey = await post(s, { intent: "refund", orderId: s.orderId, amount: "5.00" });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.message).toMatch(/^The refund could not be read: idempotencyKey/);
    const tooMany = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), lines: JSON.stringify([{ lineItemId: s.capId, quantity: 2 }]) });
    expect(tooMany.body.error.message).toBe("Only 1 of “Cap” can still be refunded.");
    const badJson = await post(s, { intent: "refund", orderId: s.orderId, idempotencyKey: newKey(), lines: "[{" });
    expect(badJson.status).toBe(400);
    expect(mock.calls).toHaveLength(0);
  });

  it("GET is 405", async () => {
    const response = loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("what the case view offers (loadOrderActionContext)", () => {
  it("lists refundable quantities, cancellability and returns by state", async () => {
    const s = await setup();
    const [ctx] = await loadOrderActionContext(s.shop.shopId, [s.orderId]);
    expect(ctx).toMatchObject({
      refundableAmount: "49.00",
      refund: { allowed: true, unavailable: null },
      cancel: { allowed: false, unavailable: "orderAction.unavailable.fulfilled" },
      lines: [
        { title: "Trail socks", refundableQuantity: 2, fulfilledQuantity: 2, unitPrice: "10.00" },
        { title: "Cap", refundableQuantity: 1, fulfilledQuantity: 0, unitPrice: "20.00" },
      ],
      returnsAwaitingDecision: [],
      returnsToProcess: [],
    });
    // Another shop cannot read it.
    const other = await createInstalledShop();
    expect(await loadOrderActionContext(other.shopId, [s.orderId])).toEqual([]);
  });
});
