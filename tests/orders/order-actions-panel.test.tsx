import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { describe, expect, it } from "vitest";
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

function render(o: OrderActionOrder): string {
  const Stub = createRemixStub([{ path: "/app/cases/:id", Component: () => createElement(OrderActionsPanel, { caseId: "c1", order: o }) }]);
  const error = console.error;
  console.error = (...args: unknown[]) => {
    const routerWarning = String(args[0]).includes("useLayoutEffect does nothing on the server");
    if (!routerWarning) error(...args);
  };
  try {
    return renderToString(createElement(AppProvider, { i18n: polarisEn }, createElement(Stub, { initialEntries: ["/app/cases/c1"] })));
  } finally {
    console.error = error;
  }
}

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
