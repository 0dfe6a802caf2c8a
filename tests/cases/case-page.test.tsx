import { describe, expect, it } from "vitest";
import { renderRoute } from "../helpers/render";
import db from "../../app/db.server";
import CaseWorkspace, { loader } from "../../app/routes/app.cases.$id";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest } from "../helpers/shopify";
import { openOrAppendCase } from "../../app/storefront/contact.server";


describe("the case workspace page", () => {
  it("server-renders the thread, the composer, the properties and the customer panel", async () => {
    const shop = await createInstalledShop();
    const customer = await db.customer.create({ data: { shopId: shop.shopId, shopifyId: 9_000_000_006n, email: "jo@example.com", firstName: "Jo", lastName: "Buyer" } });
    const order = await createTestOrder(shop.shopId, { customerId: customer.id, fulfillmentStatus: "FULFILLED" });
    await createTestFulfillment(shop.shopId, order.id, { trackingCompany: "UPS", trackingNumber: "1ZPAGE", trackingUrl: "https://ups.example/1ZPAGE" });
    const c = await createTestCase(shop.shopId, { customerId: customer.id, customerEmail: "jo@example.com", customerName: "Jo Buyer", subject: "Shoes too small" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    await db.message.create({ data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorName: "Jo Buyer", bodyText: "They pinch", bodyHtml: "<p>They <em>pinch</em></p><script>window.pwned=1</script>" } });
    await db.message.create({ data: { shopId: shop.shopId, caseId: c.id, direction: "NOTE", channel: "ADMIN", authorType: "STAFF", authorName: "Ada Agent", bodyText: "Offer an exchange" } });
    await db.caseEvent.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id, type: "order_shipped", actorType: "SHOPIFY", data: { orderName: order.name, carrier: "UPS", trackingNumber: "1ZPAGE", trackingUrl: "https://ups.example/1ZPAGE" } } });
    await db.caseEvent.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id, type: "refund_issued", actorType: "SHOPIFY", data: { orderName: order.name, amount: "12.50", currency: "EUR" } } });
    await db.macro.create({ data: { shopId: shop.shopId, name: "Exchange offer", body: "Hi {{customer.first_name}}" } });

    const path = `/app/cases/${c.id}`;
    const html = await renderRoute(path, CaseWorkspace, await loader({ request: await embeddedRequest(path, shop), params: { id: c.id }, context: {} }), "/app/cases/:id");
    expect(html).toContain(`#${c.number} · Shoes too small`);
    expect(html).toContain("They <em>pinch</em>");
    expect(html).not.toContain("pwned");
    expect(html).toContain("Offer an exchange");
    expect(html).toContain("Internal note");
    expect(html).toContain(`Order ${order.name} shipped with UPS`);
    expect(html).toContain('href="https://ups.example/1ZPAGE"');
    expect(html).toContain("Refund of €12.50 issued");
    expect(html).toContain("Send reply");
    expect(html).toContain("Exchange offer");
    expect(html).toContain("First-time buyer");
    expect(html).toContain("Resend tracking link");
    expect(html).toContain("Subscriptions");
    expect(html).toContain("Loose Leaf Tea Box");
    // The linked order carries its actions (refund / cancel) in the customer panel.
    expect(html).toContain(">Refund<");
  });

  it("flags a guest's web-form message as from an unverified sender, and only that message", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { customerEmail: "jo@example.com", customerName: "Jo Buyer", subject: "Shoes too small" });
    const base = { channel: "STOREFRONT" as const, email: "jo@example.com", name: "Jo Buyer", customerId: null, topic: "OTHER" as const, subject: "Hi", orderId: null, match: "any-open" as const };
    await openOrAppendCase(shop.shopId, { ...base, bodyText: "Signed-in question", now: new Date(Date.now() - 60_000) });
    const guest = await openOrAppendCase(shop.shopId, { ...base, bodyText: "Change my address", unverifiedSender: true });
    expect(guest).toMatchObject({ caseId: c.id, appended: true });

    const path = `/app/cases/${c.id}`;
    const html = await renderRoute(path, CaseWorkspace, await loader({ request: await embeddedRequest(path, shop), params: { id: c.id }, context: {} }), "/app/cases/:id");
    expect(html).toContain("Change my address");
    expect(html.split("Sender not verified").length - 1).toBe(1);
    expect(html).toContain("anyone can type an email address. Check before acting on requests such as address changes.");
    // The marker is shown on the message, not as a timeline row of its own.
    expect(html).not.toContain("Unverified sender");
    expect(html.indexOf("Signed-in question")).toBeLessThan(html.indexOf("Sender not verified"));
  });
});
