import { describe, expect, it } from "vitest";
import { addDemoPayments } from "../../app/demo/demo-payments";
import { buildDemoShop } from "../../app/demo/seed-demo.server";

// The demo shop's payment story, derived from its orders: every order paid the way its status says, refunds as
// refund transactions, a declined card followed by a successful payment on a case, a paid gift-card order.

const SHOP = "00000000-0000-7000-8000-000000000000";
const rows = () =>
  buildDemoShop({
    shopId: SHOP,
    domain: "payments-demo.myshopify.com",
    now: new Date("2026-11-30T13:00:00Z"),
    seed: 42,
    staffIds: new Map([
      ["admin", "00000000-0000-7000-8000-000000000001"],
      ["agent1", "00000000-0000-7000-8000-000000000002"],
      ["agent2", "00000000-0000-7000-8000-000000000003"],
    ] as const),
    articleIds: new Map(),
    firstCaseNumber: 1001,
  });

describe("demo payments", () => {
  it("pays every order, refunds every refund, and shows a declined card then a successful payment on a case", () => {
    const demo = rows();
    const transactions = addDemoPayments(SHOP, demo);
    const byOrder = new Map<string, typeof transactions>();
    for (const t of transactions) byOrder.set(t.orderId, [...(byOrder.get(t.orderId) ?? []), t]);

    expect(new Set(transactions.map((t) => t.shopifyId)).size).toBe(transactions.length);
    for (const o of demo.orders) {
      const own = byOrder.get(o.id!) ?? [];
      expect(own.some((t) => t.status === "SUCCESS" || t.status === "PENDING")).toBe(true);
      expect(o.paymentGateways).toHaveLength(1);
    }
    for (const r of demo.refunds) {
      const refund = (byOrder.get(r.orderId) ?? []).filter((t) => t.kind === "REFUND" && String(t.amount) === String(r.amount));
      expect(refund.length).toBeGreaterThan(0);
      expect(refund[0].parentShopifyId).toBeTruthy();
    }

    const linked = new Set(demo.caseOrders.map((c) => c.orderId));
    const declinedThenPaid = demo.orders.filter((o) => {
      const own = (byOrder.get(o.id!) ?? []).sort((a, b) => new Date(a.processedAt).getTime() - new Date(b.processedAt).getTime());
      const failed = own.findIndex((t) => t.status === "FAILURE");
      return failed >= 0 && own.slice(failed + 1).some((t) => t.kind === "SALE" && t.status === "SUCCESS");
    });
    expect(declinedThenPaid.some((o) => linked.has(o.id!))).toBe(true);
    expect(transactions.filter((t) => t.status === "FAILURE").every((t) => t.errorCode && t.lastFour?.length === 4)).toBe(true);

    // A gift card (no shipping) bought and paid for.
    const digital = new Set(demo.lineItems.filter((l) => l.requiresShipping === false).map((l) => l.orderId));
    expect(demo.orders.some((o) => digital.has(o.id!) && (byOrder.get(o.id!) ?? []).some((t) => t.kind === "SALE" && t.status === "SUCCESS"))).toBe(true);

    // Wholesale orders are on Net 30 terms.
    const wholesale = demo.orders.filter((o) => Array.isArray(o.tags) && o.tags.includes("wholesale"));
    expect(wholesale.length).toBeGreaterThan(0);
    expect(wholesale.every((o) => o.paymentTermsName === "Net 30" && o.paymentDueAt instanceof Date)).toBe(true);
  });
});
