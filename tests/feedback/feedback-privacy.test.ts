import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { exportCustomerData } from "../../app/compliance/export-customer-data.server";
import { redactCustomer } from "../../app/compliance/redact-customer.server";
import { notifyShipped } from "../../app/feedback/notify-shipped.server";
import { getRequest, listRequests, setRequestStatus, tagMessage } from "../../app/feedback/requests.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

describe("feedback and customers' privacy requests", () => {
  it("the export lists the customer's feedback; erasure keeps the counts and revenue but no personal data, and skips them when notifying", async () => {
    const shop = await createInstalledShop();
    const wilma = await db.customer.create({
      data: { shopId: shop.shopId, shopifyId: 777n, email: "wilma@example.com", firstName: "Wilma", lastName: "Thistlewood", totalSpent: "80.00" },
    });
    const c = await createTestCase(shop.shopId, { customerId: wilma.id, customerEmail: "wilma@example.com", customerName: "Wilma Thistlewood" });
    const m = await db.message.create({
      data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorEmail: "wilma@example.com", bodyText: "Wilma here: please sell scarves in green" },
    });
    const tagged = await tagMessage(shop.shopId, shop.staffId, { caseId: c.id, messageId: m.id, kind: "PRODUCT_FEEDBACK", newTitle: "Green scarves" });
    const who = { shopifyCustomerId: 777n, email: "wilma@example.com", phone: null, orderIds: [] };

    const exported = (await exportCustomerData({ shopId: shop.shopId, shopDomain: shop.domain, customer: who, dataRequestId: null })) as { cases: { feedback: unknown[] }[] };
    expect(exported.cases[0].feedback).toEqual([{ createdAt: expect.any(String), notifiedAt: null, kind: "PRODUCT_FEEDBACK", request: "Green scarves", status: "OPEN" }]);

    await redactCustomer({ shopId: shop.shopId, shopDomain: shop.domain, customer: who });

    // Counts and revenue stay (anonymous); the excerpt and name are gone with the message and the case.
    expect((await listRequests(shop.shopId)).map((r) => [r.mentions, r.revenue])).toEqual([[1, "80.00"]]);
    const detail = await getRequest(shop.shopId, tagged.requestId);
    expect(JSON.stringify(detail)).not.toMatch(/wilma|thistlewood/i);
    expect(detail.mentions[0]).toMatchObject({ reachable: false, customerName: null });

    await setRequestStatus(shop.shopId, tagged.requestId, { status: "SHIPPED" });
    expect(await notifyShipped(shop.shopId, shop.staffId, tagged.requestId, { body: "Green is in." })).toEqual({ notified: 0, skippedNoEmail: 1, failed: [], remaining: 0 });
    expect(await db.message.count({ where: { shopId: shop.shopId, direction: "OUTBOUND" } })).toBe(0);
  });
});
