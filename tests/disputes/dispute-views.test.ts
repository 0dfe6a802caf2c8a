import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import CaseWorkspace, { loader } from "../../app/routes/app.cases.$id";
import { buildEvidencePack } from "../../app/insights/evidence-pack.server";
import { renderEvidencePackHtml } from "../../app/insights/evidence-pack-document.server";
import { seedDemoShop } from "../../app/demo/seed-demo.server";
import { DEMO_DISPUTE_ID } from "../../app/demo/demo-dispute.server";
import { loadCaseDisputes } from "../../app/disputes/case-disputes.server";
import { redactCustomer } from "../../app/compliance/redact-customer.server";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, uniqueShopDomain } from "../helpers/shopify";
import { deliverAndProcess } from "../helpers/webhooks";
import { restDispute } from "../mocks/shopify-admin-disputes";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";

// Where staff meet a dispute: the banner and deadline of its case, the evidence pack of its order, the demo.

const DAY = 24 * 3600 * 1000;

async function shopWithChargeback(due: Date) {
  const shop = await createInstalledShop();
  await deliverAndProcess({ shop: shop.domain, topic: "orders/create", body: loadWebhookFixture("orders-create") });
  await deliverAndProcess({ shop: shop.domain, topic: "disputes/create", body: restDispute({ evidence_due_by: due.toISOString() }) });
  const dispute = await db.dispute.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { order: true } });
  return { shop, dispute, caseId: dispute.caseId!, order: dispute.order! };
}

describe("the case of a dispute", () => {
  it("shows the dispute banner (reason in plain words, amount, status, evidence due) and the evidence deadline", async () => {
    const { shop, caseId } = await shopWithChargeback(new Date(Date.now() + 36 * 3600 * 1000));
    const path = `/app/cases/${caseId}`;
    const html = await renderRoute(path, CaseWorkspace, await loader({ request: await embeddedRequest(path, shop), params: { id: caseId }, context: {} }), "/app/cases/:id");
    expect(html).toContain("Chargeback on order #1001: product not received");
    expect(html).toContain("Disputed amount: $168.63");
    expect(html).toContain("Status: Needs response");
    expect(html).toMatch(/Evidence due [^<]+\(in 1 day\)/);
    expect(html).toContain("Evidence pack"); // the order's pack, to open or download
    expect(html).toContain("Chargeback evidence"); // the deadline among the response targets
    expect(html).toContain("Chargeback opened on order #1001: product not received, $168.63"); // the timeline
  });

  it("lists the case's disputes with how soon evidence is due, and only for its own shop", async () => {
    const { shop, caseId } = await shopWithChargeback(new Date(Date.now() + 3 * DAY));
    const other = await createInstalledShop();
    expect(await loadCaseDisputes(other.shopId, caseId)).toEqual([]);
    const [view] = await loadCaseDisputes(shop.shopId, caseId);
    expect(view).toMatchObject({ kind: "CHARGEBACK", status: "NEEDS_RESPONSE", reason: "product_not_received", amount: "168.63", due: { daysLeft: 2, overdue: false } });
  });
});

describe("the evidence pack", () => {
  it("lists the order's dispute: reason, amount, status and evidence due date", async () => {
    const due = new Date("2026-12-14T19:00:00-05:00");
    const { shop, order } = await shopWithChargeback(due);
    const pack = await buildEvidencePack(shop.shopId, order.id);
    expect(pack.disputes).toEqual([
      expect.objectContaining({ kind: "CHARGEBACK", reason: "product_not_received", networkReasonCode: "13.1", amount: "168.63", currencyCode: "USD", status: "NEEDS_RESPONSE", evidenceDueBy: due.toISOString() }),
    ]);
    const html = renderEvidencePackHtml(pack, { appName: "Casefile Support", nonce: "n" });
    expect(html).toContain('id="disputes"');
    expect(html).toContain("product not received");
    expect(html).toContain("Needs response");
    expect(html).toContain("13.1");
  });

  it("keeps the dispute rows when the customer's data is erased: they hold nothing personal", async () => {
    const { shop, dispute, order } = await shopWithChargeback(new Date(Date.now() + 3 * DAY));
    const customer = await db.customer.findUniqueOrThrow({ where: { id: order.customerId! } });
    await redactCustomer({
      shopId: shop.shopId,
      shopDomain: shop.domain,
      customer: { shopifyCustomerId: customer.shopifyId, email: customer.email, phone: null, orderIds: [order.shopifyId] },
    });
    const kept = await db.dispute.findUniqueOrThrow({ where: { id: dispute.id } });
    expect(kept).toMatchObject({ status: "NEEDS_RESPONSE", reason: "product_not_received", orderId: order.id });
    const pack = await buildEvidencePack(shop.shopId, order.id);
    expect(pack.disputes).toHaveLength(1);
    expect(pack.customer).toBeNull();
  });
});

describe("demo mode", () => {
  it("seeds an open chargeback on a late order, shown on that customer's case with the evidence due in 5 days", async () => {
    const now = new Date();
    const seeded = await seedDemoShop(uniqueShopDomain(), { seed: 42, now });
    const dispute = await db.dispute.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: seeded.shopId, shopifyId: DEMO_DISPUTE_ID } },
      include: { case: { include: { orders: true, events: true } } },
    });
    expect(dispute).toMatchObject({ status: "NEEDS_RESPONSE", kind: "CHARGEBACK", reason: "product_not_received" });
    expect(dispute.evidenceDueBy?.getTime()).toBe(now.getTime() + 5 * DAY);
    expect(dispute.case).toMatchObject({ priority: "HIGH", status: "OPEN", topic: "WHERE_IS_MY_ORDER" });
    expect(dispute.case?.orders.map((o) => o.orderId)).toContain(dispute.orderId);
    expect(dispute.case?.externalDueAt?.getTime()).toBe(dispute.evidenceDueBy?.getTime());
    expect(dispute.case?.events.map((e) => e.type)).toContain("dispute_opened");
  });
});
