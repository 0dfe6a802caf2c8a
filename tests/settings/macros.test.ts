import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { findUnknownVariables, listMacros, recordMacroUse, renderMacroForCase } from "../../app/cases/macros.server";
import { describeTemplateProblems, findMalformedPlaceholders } from "../../app/cases/macro-template";
import MacrosPage, { action, loader } from "../../app/routes/app.settings.macros";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { renderRoute } from "./render";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PATH = "/app/settings/macros";

async function post(shop: TestShop, body: Record<string, unknown>) {
  const response = await action(
    args(await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } })),
  );
  return { status: response.status, body: await response.json() };
}

describe("macro templates", () => {
  it("finds unknown variables and unmatched braces", () => {
    expect(findUnknownVariables("Hi {{customer.first_name}}, {{ order.name }} {{order.tracking_link}} {{Customer.First_Name}}")).toEqual([
      "order.tracking_link",
      "Customer.First_Name",
    ]);
    expect(findMalformedPlaceholders("Hi {{customer.first_name}}")).toEqual([]);
    expect(findMalformedPlaceholders("Hi {{customer.first_name")).toHaveLength(1);
    expect(findMalformedPlaceholders("Hi customer.first_name}} and {{ }}")).toHaveLength(2);
    expect(describeTemplateProblems("{{order.tracking_link}}")).toContain("did you mean {{order.tracking_url}}");
  });
});

describe("macros settings", () => {
  it("refuses a macro with unknown variables at save, naming them", async () => {
    const shop = await createInstalledShop();
    const { status, body } = await post(shop, {
      intent: "create",
      name: "Tracking",
      body: "Hi {{customer.first_name}}, track {{order.tracking_link}} and {{order.eta_date}}",
      topic: "WHERE_IS_MY_ORDER",
    });
    expect(status).toBe(400);
    expect(body.error.message).toContain("{{order.tracking_link}}");
    expect(body.error.message).toContain("{{order.eta_date}}");
    expect(body.error.message).not.toContain("customer.first_name}} (");
    expect(body.error.details.fieldErrors.body).toContain("Unknown variables");
    expect(await db.macro.count({ where: { shopId: shop.shopId } })).toBe(0);

    const malformed = await post(shop, { intent: "create", name: "Broken", body: "Hi {{customer.first_name", topic: "" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain("Unmatched braces");
  });

  it("creates, lists by topic, updates and deletes; a duplicate name is a 400", async () => {
    const shop = await createInstalledShop();
    const created = await post(shop, { intent: "create", name: "On its way", body: "Hi {{customer.first_name}}: {{order.status}}", topic: "WHERE_IS_MY_ORDER" });
    expect(created.status).toBe(200);
    expect(created.body.macro).toMatchObject({ name: "On its way", topic: "WHERE_IS_MY_ORDER", createdByName: "Ada Agent" });
    await post(shop, { intent: "create", name: "General thanks", body: "Thanks from {{shop.name}}", topic: "" });
    await post(shop, { intent: "create", name: "Refund timing", body: "Refund for {{order.name}}", topic: "REFUND" });

    const dup = await post(shop, { intent: "create", name: "on its WAY", body: "x", topic: "" });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toMatch(/already exists/);
    expect(dup.body.error.details.fieldErrors.name).toBeTruthy();

    const forTopic = await listMacros(shop.shopId, { topic: "WHERE_IS_MY_ORDER" });
    expect(forTopic.map((m) => m.name)).toEqual(["On its way", "General thanks"]);

    const renamedToDup = await post(shop, { intent: "update", macroId: created.body.macro.id, name: "Refund timing", body: "x", topic: "" });
    expect(renamedToDup.status).toBe(400);

    const updated = await post(shop, { intent: "update", macroId: created.body.macro.id, name: "On its way (v2)", body: "Hello {{customer.first_name}}", topic: "" });
    expect(updated.status).toBe(200);
    expect(await db.macro.findUniqueOrThrow({ where: { id: created.body.macro.id } })).toMatchObject({ name: "On its way (v2)", topic: null });

    await recordMacroUse(shop.shopId, created.body.macro.id);
    await recordMacroUse(shop.shopId, created.body.macro.id);
    expect((await db.macro.findUniqueOrThrow({ where: { id: created.body.macro.id } })).usageCount).toBe(2);

    const deleted = await post(shop, { intent: "delete", macroId: created.body.macro.id });
    expect(deleted.status).toBe(200);
    expect(await db.macro.count({ where: { shopId: shop.shopId } })).toBe(2);
  });

  it("another shop's macro id is a 404 and is left alone", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await db.macro.create({ data: { shopId: other.shopId, name: "Theirs", body: "Hello" } });
    for (const body of [
      { intent: "update", macroId: theirs.id, name: "Mine now", body: "x", topic: "" },
      { intent: "delete", macroId: theirs.id },
      { intent: "delete", macroId: "not-a-uuid" },
    ]) {
      expect((await post(shop, body)).status).toBe(404);
    }
    await expect(recordMacroUse(shop.shopId, theirs.id)).rejects.toMatchObject({ status: 404 });
    expect(await db.macro.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: "Theirs", usageCount: 0 });
  });

  it("server-renders the page with the shop's macros", async () => {
    const shop = await createInstalledShop();
    await db.macro.create({ data: { shopId: shop.shopId, name: "Where is my order", body: "Hi {{customer.first_name}}", topic: "WHERE_IS_MY_ORDER", usageCount: 12 } });
    const html = await renderRoute(PATH, MacrosPage, await loader(args(await embeddedRequest(PATH, shop))));
    expect(html).toContain("Where is my order");
    expect(html).toContain("Create macro");
  });
});

describe("rendering a macro for a case", () => {
  const BODY =
    "Hi {{customer.first_name}} {{customer.last_name}}, {{order.name}} ({{order.total}}) is {{order.status}}: {{order.carrier}} {{order.tracking_number}} {{order.tracking_url}}. Return: {{return.status}}. Case #{{case.number}} · {{shop.name}} · {{staff.first_name}} · {{order.status_url}}";

  it("fills values from the linked order, its latest shipment and return, and the customer", async () => {
    const shop = await createInstalledShop();
    const customer = await db.customer.create({ data: { shopId: shop.shopId, firstName: "Maya", lastName: "Lindqvist", email: "maya@example.com" } });
    const order = await createTestOrder(shop.shopId, {
      name: "#1042",
      customerId: customer.id,
      totalPrice: "128.00",
      fulfillmentStatus: "FULFILLED",
      statusPageUrl: "https://shop.example/orders/1042",
    });
    const older = await createTestOrder(shop.shopId, { name: "#1001", customerId: customer.id, processedAt: new Date(Date.now() - 30 * 86400_000) });
    await createTestFulfillment(shop.shopId, order.id, {
      trackingCompany: "FedEx",
      trackingNumber: "OLD1",
      trackingUrl: "https://fedex.example/OLD1",
      shipmentStatus: "DELIVERED",
      shopifyCreatedAt: new Date(Date.now() - 5 * 86400_000),
    });
    await createTestFulfillment(shop.shopId, order.id, {
      trackingCompany: "UPS",
      trackingNumber: "1Z999",
      trackingUrl: "https://ups.example/track/1Z999",
      shipmentStatus: "OUT_FOR_DELIVERY",
    });
    await db.return.create({ data: { shopId: shop.shopId, orderId: order.id, shopifyId: 1n, status: "REQUESTED", requestedAt: new Date(Date.now() - 86400_000) } });
    await db.return.create({ data: { shopId: shop.shopId, orderId: order.id, shopifyId: 2n, status: "OPEN", requestedAt: new Date() } });
    const kase = await createTestCase(shop.shopId, { customerId: customer.id, customerName: "Maya Lindqvist" });
    await db.caseOrder.createMany({
      data: [
        { shopId: shop.shopId, caseId: kase.id, orderId: older.id },
        { shopId: shop.shopId, caseId: kase.id, orderId: order.id },
      ],
    });
    await db.shop.update({ where: { id: shop.shopId }, data: { name: "Northwind" } });

    const { text, unresolved } = await renderMacroForCase(shop.shopId, kase.id, BODY, shop.staffId);
    expect(text).toBe(
      `Hi Maya Lindqvist, #1042 ($128.00) is out for delivery: UPS 1Z999 https://ups.example/track/1Z999. Return: approved. Case #${kase.number} · Northwind · Ada · https://shop.example/orders/1042`,
    );
    expect(unresolved).toEqual([]);
  });

  it("lists what it could not fill (no shipment, no return yet) and keeps those placeholders", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { name: "#2001", fulfillmentStatus: "UNFULFILLED" });
    const kase = await createTestCase(shop.shopId, { customerName: "Sam", customerEmail: "sam@example.com" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: kase.id, orderId: order.id } });

    const { text, unresolved } = await renderMacroForCase(shop.shopId, kase.id, "Hi {{customer.first_name}}, {{order.name}} is {{order.status}}. Track: {{order.tracking_url}} ({{return.status}})");
    expect(text).toBe("Hi Sam, #2001 is being prepared. Track: {{order.tracking_url}} ({{return.status}})");
    expect(unresolved).toEqual(["order.tracking_url", "return.status"]);

    const refunded = await createTestOrder(shop.shopId, { financialStatus: "REFUNDED" });
    const kase2 = await createTestCase(shop.shopId);
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: kase2.id, orderId: refunded.id } });
    expect((await renderMacroForCase(shop.shopId, kase2.id, "{{order.status}}")).text).toBe("refunded");
  });

  it("refuses another shop's case", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await createTestCase(other.shopId);
    await expect(renderMacroForCase(shop.shopId, theirs.id, "{{case.number}}")).rejects.toMatchObject({ status: 404 });
  });
});
