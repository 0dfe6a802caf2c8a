import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { renderInRoute } from "../helpers/render";
import { OrderActionsPanel } from "../../app/components/order-actions/OrderActionsPanel";
import type { OrderActionOrder } from "../../app/orders/actions/context.server";

const order: OrderActionOrder = {
  id: "0193a000-0000-7000-8000-000000000001",
  name: "#1001",
  currencyCode: "USD",
  financialStatus: "PAID",
  fulfillmentStatus: "UNFULFILLED",
  cancelled: false,
  totalPrice: "49.00",
  totalShipping: "4.00",
  totalRefunded: "0.00",
  refundableAmount: "49.00",
  lines: [
    { id: "0193a000-0000-7000-8000-000000000002", title: "Trail socks", variantTitle: "M", sku: "TS-M", quantity: 2, refundedQuantity: 0, refundableQuantity: 2, fulfilledQuantity: 0, unitPrice: "10.00" },
  ],
  refund: { allowed: true, unavailable: null },
  cancel: { allowed: true, unavailable: null },
  returnsAwaitingDecision: [
    {
      id: "0193a000-0000-7000-8000-000000000003",
      name: "#1001-R1",
      status: "REQUESTED",
      requestedAt: "2026-11-20T10:00:00.000Z",
      lines: [{ id: "0193a000-0000-7000-8000-000000000004", title: "Trail socks", quantity: 1, reason: "SIZE_TOO_SMALL", customerNote: "Too tight" }],
    },
  ],
  returnsToProcess: [],
};


const render = (o: OrderActionOrder) =>
  renderInRoute("/app/cases/c1", "/app/cases/:id", () => createElement(OrderActionsPanel, { caseId: "c1", order: o }));

describe("OrderActionsPanel", () => {
  it("server-renders the actions Shopify would accept, and the return waiting for a decision", () => {
    const html = render(order);
    expect(html).toContain("Actions on #1001");
    expect(html).toContain(">Refund<");
    expect(html).toContain("Cancel order");
    expect(html).toContain("Approve return #1001-R1");
    expect(html).toContain("Decline return #1001-R1");
    expect(html).toContain("1 × Trail socks (size too small)");
  });

  it("says why an action is not offered instead of showing a button that would fail", () => {
    const html = render({
      ...order,
      cancelled: true,
      refund: { allowed: false, unavailable: "orderAction.unavailable.fullyRefunded" },
      cancel: { allowed: false, unavailable: "orderAction.unavailable.cancelled" },
      returnsAwaitingDecision: [],
    });
    expect(html).not.toContain(">Refund<");
    expect(html).not.toContain("Cancel order");
    expect(html).toContain("This order is fully refunded.");
    expect(html).toContain("This order is cancelled.");
  });
});
