import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { autoApproves, getReturnPolicy, parseAutoApprove, parseProductWindows } from "../../app/returns/return-policy.server";
import ReturnsPage, { action, loader } from "../../app/routes/app.settings.returns";
import { createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { renderRoute } from "./render";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PATH = "/app/settings/returns";

const POLICY = {
  intent: "save",
  enabled: true,
  windowDays: "30",
  windowStartsAt: "DELIVERY",
  excludedTags: "final-sale",
  excludedProductTypes: "",
  reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "DEFECTIVE", "OTHER"],
  restockingFeePercent: "0",
  returnShippingFee: "0",
  instructions: "",
};

async function save(shop: TestShop, body: Record<string, unknown>) {
  const response = await action(
    args(await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } })),
  );
  return { status: response.status, body: await response.json() };
}

describe("return policy: automatic approval and product windows", () => {
  it("stores the rules and windows the form sends, and keeps them when a save leaves them out", async () => {
    const shop = await createInstalledShop();
    const saved = await save(shop, {
      ...POLICY,
      autoApprove: { enabled: true, reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "SIZE_TOO_SMALL"], maxOrderTotal: "$300", maxItems: "3" },
      productWindows: [
        { productId: "gid://shopify/Product/8001", windowDays: "60" },
        { productId: "https://admin.shopify.com/store/x/products/8002", windowDays: 14 },
      ],
    });
    expect(saved.status).toBe(200);
    const row = await db.returnPolicy.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    expect(row.autoApprove).toEqual({ enabled: true, reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE"], maxOrderTotal: "300.00", maxItems: 3 });
    expect(row.productWindows).toEqual([
      { productId: "8001", windowDays: 60 },
      { productId: "8002", windowDays: 14 },
    ]);

    // The older form (no rules, no windows) keeps what is stored.
    expect((await save(shop, { ...POLICY, windowDays: "45" })).status).toBe(200);
    const view = await getReturnPolicy(shop.shopId);
    expect(view).toMatchObject({ windowDays: 45, autoApprove: { enabled: true, maxOrderTotal: "300.00", maxItems: 3 }, productWindows: [{ productId: "8001", windowDays: 60 }, { productId: "8002", windowDays: 14 }] });

    // Limits are optional; turning the rules off keeps the choices for later.
    expect((await save(shop, { ...POLICY, autoApprove: { enabled: false, reasons: ["DEFECTIVE"], maxOrderTotal: "", maxItems: "" }, productWindows: [] })).status).toBe(200);
    expect(await getReturnPolicy(shop.shopId)).toMatchObject({ autoApprove: { enabled: false, reasons: ["DEFECTIVE"] }, productWindows: [] });
    expect((await getReturnPolicy(shop.shopId)).autoApprove).not.toHaveProperty("maxOrderTotal");
  });

  it("refuses reasons shoppers can't choose, empty rules, bad limits and bad windows, naming the field", async () => {
    const shop = await createInstalledShop();
    const outside = await save(shop, { ...POLICY, autoApprove: { enabled: true, reasons: ["SIZE_TOO_SMALL", "WRONG_ITEM"] } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details.fieldErrors).toEqual({
      autoApprove: "Automatic approval: only reasons shoppers can choose can be approved automatically (not WRONG_ITEM)",
    });
    const none = await save(shop, { ...POLICY, autoApprove: { enabled: true, reasons: [] } });
    expect(none.body.error.details.fieldErrors.autoApprove).toBe(
      "Automatic approval: choose at least one reason to approve automatically, or turn automatic approval off",
    );
    const limits = await save(shop, { ...POLICY, autoApprove: { enabled: true, reasons: ["OTHER"], maxOrderTotal: "lots", maxItems: "0" } });
    expect(limits.body.error.details.fieldErrors).toEqual({
      "autoApprove.maxOrderTotal": "Automatic approval: enter an amount such as 300.00, or leave it empty for no limit",
      "autoApprove.maxItems": "Automatic approval: allow at least 1 item, or leave it empty for no limit",
    });
    const windows = await save(shop, { ...POLICY, productWindows: [{ productId: "8001", windowDays: "60" }, { productId: "boots", windowDays: "0" }] });
    expect(windows.status).toBe(400);
    expect(windows.body.error.details.fieldErrors.productWindows).toBe(
      "Product windows (row 2): enter the product's ID (the number at the end of its admin URL)",
    );
    const twice = await save(shop, { ...POLICY, productWindows: [{ productId: "8001", windowDays: "60" }, { productId: "gid://shopify/Product/8001", windowDays: "30" }] });
    expect(twice.body.error.details.fieldErrors.productWindows).toBe("Product windows: product 8001 is listed twice");
    expect(await db.returnPolicy.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("reads stored rules defensively and decides auto-approval in cents", () => {
    expect(parseAutoApprove({})).toEqual({ enabled: false, reasons: [] });
    expect(parseAutoApprove({ enabled: true, reasons: ["NOPE"] })).toEqual({ enabled: false, reasons: [] });
    expect(parseAutoApprove({ enabled: true, reasons: [] })).toEqual({ enabled: false, reasons: [] });
    const rules = parseAutoApprove({ enabled: true, reasons: ["SIZE_TOO_SMALL", "COLOR"], maxOrderTotal: "300.00", maxItems: 2 });
    expect(rules).toEqual({ enabled: true, reasons: ["SIZE_TOO_SMALL", "COLOR"], maxOrderTotal: "300.00", maxItems: 2 });
    expect(autoApproves(rules, { reasons: ["SIZE_TOO_SMALL", "COLOR"], orderTotal: "300.00", units: 2 })).toBe(true);
    expect(autoApproves(rules, { reasons: ["SIZE_TOO_SMALL"], orderTotal: "300.01", units: 1 })).toBe(false);
    expect(autoApproves(rules, { reasons: ["SIZE_TOO_SMALL", "DEFECTIVE"], orderTotal: "10.00", units: 2 })).toBe(false);
    expect(autoApproves(rules, { reasons: ["COLOR"], orderTotal: "10.00", units: 3 })).toBe(false);
    expect(autoApproves({ ...rules, enabled: false }, { reasons: ["COLOR"], orderTotal: "1.00", units: 1 })).toBe(false);
    expect(parseProductWindows([{ productId: "1", windowDays: 10 }, { productId: "x", windowDays: 5 }, { productId: "1", windowDays: 20 }, null])).toEqual([{ productId: "1", windowDays: 10 }]);
  });

  it("the page shows the rules and the windows with the products' titles from the mirror", async () => {
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId);
    await db.lineItem.create({ data: { shopId: shop.shopId, orderId: order.id, shopifyId: 99001n, productId: 8001n, title: "Alpine Boots", quantity: 1, price: "180.00" } });
    await save(shop, { ...POLICY, autoApprove: { enabled: true, reasons: ["SIZE_TOO_LARGE"], maxOrderTotal: "250" }, productWindows: [{ productId: "8001", windowDays: "60" }, { productId: "8009", windowDays: "10" }] });
    const response = await loader(args(await embeddedRequest(PATH, shop)));
    const html = await renderRoute(PATH, ReturnsPage, response);
    expect(html).toContain("Automatic approval");
    expect(html).toContain("Approve matching requests automatically");
    expect(html).toContain('value="250.00"');
    expect(html).toContain("Alpine Boots");
    expect(html).toContain("Not in any synced order yet");
    expect(html).toContain('value="60"');
  });
});
