// "Email me my receipt" from the storefront tracking block: POST /proxy/orders/:number/receipt, signed like
// Shopify's app proxy. Ownership is proven as in the order lookup; the receipt goes to the order's own email only.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { EXTENSION_DIR, renderBlock } from "../../app/demo/storefront-render.server";
import { loader as lookupLoader } from "../../app/routes/proxy.orders.lookup";
import { action as receiptAction, loader as receiptLoader } from "../../app/routes/proxy.orders.$number.receipt";
import { RECEIPT_LIMITS } from "../../app/storefront/rate-limit.server";
import { createTestCase } from "../helpers/builders";
import { shopifyAdminMock } from "../helpers/msw";
import { signedProxyRequest } from "../helpers/proxy";
import { body, buildOrder, storefrontShop, type StorefrontSetup } from "./proxy-fixtures";
import { axeViolations, page } from "./theme-helpers";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

type Args = Parameters<typeof receiptAction>[0];
const args = (request: Request, number: string) => ({ request, params: { number }, context: {} }) as unknown as Args;

interface ErrorBody {
  error: { code: string; message: string };
}
interface ReceiptBody {
  receipt: { message: string; sentTo: string; order: { id: string; name: string } };
}

const postReceipt = (
  s: StorefrontSetup,
  number: string,
  payload: unknown,
  options: { customer?: bigint | null; ip?: string } = {},
) =>
  receiptAction(
    args(signedProxyRequest(`/proxy/orders/${encodeURIComponent(number)}/receipt`, { shop: s.shop.domain, loggedInCustomerId: options.customer ?? null, body: payload, ip: options.ip }), number),
  );

const invoiceCalls = () => mock.callsTo("OrderInvoiceSend");

describe("POST /proxy/orders/:number/receipt", () => {
  it("emails a guest's receipt to the email on the order, logs the action and counts a self-service event", async () => {
    const s = await storefrontShop();
    // The guest proves ownership with the customer's email; the receipt still goes to the order's own address.
    const order = await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, email: "Orders@Lovelace.example" });
    const openCase = await createTestCase(s.shop.shopId, { customerId: s.ada.id, customerEmail: "ada@example.com", status: "OPEN" });
    await db.caseOrder.create({ data: { shopId: s.shop.shopId, caseId: openCase.id, orderId: order.id } });

    const response = await postReceipt(s, "#1001", { email: " ADA@example.com " });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { receipt } = await body<ReceiptBody>(response);
    expect(receipt).toEqual({
      sentTo: "O•••@Lovelace.example",
      message: "Your receipt for order #1001 is on its way to O•••@Lovelace.example.",
      order: { id: `gid://shopify/Order/${order.shopifyId}`, name: "#1001" },
    });

    expect(invoiceCalls()).toHaveLength(1);
    expect(invoiceCalls()[0].variables).toEqual({ id: `gid://shopify/Order/${order.shopifyId}`, email: { to: "Orders@Lovelace.example" } });

    const actions = await db.orderAction.findMany({ where: { shopId: s.shop.shopId } });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      kind: "SEND_RECEIPT",
      status: "SUCCEEDED",
      orderId: order.id,
      staffId: null,
      error: null,
      input: { source: "storefront", customerId: s.ada.id, recipient: "order_email" },
    });
    expect(actions[0].completedAt).toBeInstanceOf(Date);
    expect(await db.selfServiceEvent.findMany({ where: { shopId: s.shop.shopId, kind: "RECEIPT_REQUESTED" }, select: { orderId: true, customerId: true } })).toEqual([
      { orderId: order.id, customerId: s.ada.id },
    ]);
    const events = await db.caseEvent.findMany({ where: { shopId: s.shop.shopId, caseId: openCase.id, type: "receipt_sent" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "CUSTOMER", staffId: null, orderId: order.id });
  });

  it("sends a signed-in customer's receipt for their own order without asking for the email", async () => {
    const s = await storefrontShop();
    const order = await buildOrder(s.shop.shopId, { number: 1002, customerId: s.ada.id, email: "ada@example.com" });
    const response = await postReceipt(s, "1002", {}, { customer: s.ada.shopifyId });
    expect(response.status).toBe(200);
    expect((await body<ReceiptBody>(response)).receipt.sentTo).toBe("a•••@example.com");
    expect(invoiceCalls().map((c) => c.variables)).toEqual([{ id: `gid://shopify/Order/${order.shopifyId}`, email: { to: "ada@example.com" } }]);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId, kind: "SEND_RECEIPT", status: "SUCCEEDED" } })).toBe(1);
  });

  it("refuses someone else's order with the lookup's 404, and sends nothing", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1003, customerId: s.bob.id, email: "bob@example.com" });

    const wrongEmail = await postReceipt(s, "1003", { email: "ada@example.com" });
    const unknown = await postReceipt(s, "1999", { email: "ada@example.com" });
    const lookup = await lookupLoader(args(signedProxyRequest("/proxy/orders/lookup", { shop: s.shop.domain, query: { number: "1003", email: "ada@example.com" } }), ""));
    expect(wrongEmail.status).toBe(404);
    expect(unknown.status).toBe(404);
    const refused = await body<ErrorBody>(wrongEmail);
    expect(refused).toEqual(await body(unknown));
    expect(refused).toEqual(await body(lookup)); // the same answer as the lookup itself

    // Signed in as Ada: Bob's order is not hers.
    const others = await postReceipt(s, "1003", {}, { customer: s.ada.shopifyId });
    expect(others.status).toBe(404);
    expect((await body<ErrorBody>(others)).error.code).toBe("not_found");

    expect(invoiceCalls()).toHaveLength(0);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId } })).toBe(0);
    expect(await db.selfServiceEvent.count({ where: { shopId: s.shop.shopId, kind: "RECEIPT_REQUESTED" } })).toBe(0);
  });

  it("a guest must give the order's email; a missing one is a 400 that says so", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1004, customerId: s.ada.id });
    const response = await postReceipt(s, "1004", {});
    expect(response.status).toBe(400);
    expect((await body<ErrorBody>(response)).error.message).toBe("Enter the email address used for the order.");
    expect(invoiceCalls()).toHaveLength(0);
  });

  it("rate limits receipts per order with 429 and Retry-After, without asking Shopify again", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1005, customerId: s.ada.id });
    for (let i = 0; i < RECEIPT_LIMITS.perOrder.points; i++) {
      expect((await postReceipt(s, "1005", { email: "ada@example.com" })).status).toBe(200);
    }
    // From another connection too: the order's bucket is used up.
    const blocked = await postReceipt(s, "1005", { email: "ada@example.com" }, { ip: "198.51.100.9" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await body<ErrorBody>(blocked)).error.message).toMatch(/^A receipt for this order was sent several times recently\. .* try again in \d+ minute/);
    expect(invoiceCalls()).toHaveLength(RECEIPT_LIMITS.perOrder.points);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId } })).toBe(RECEIPT_LIMITS.perOrder.points);
  });

  it("rate limits receipts per shopper IP across orders", async () => {
    const s = await storefrontShop();
    const limit = RECEIPT_LIMITS.perIp.points;
    const orders = Math.ceil(limit / RECEIPT_LIMITS.perOrder.points) + 1;
    for (let i = 0; i < orders; i++) await buildOrder(s.shop.shopId, { number: 2000 + i, customerId: s.ada.id });
    let sent = 0;
    for (let i = 0; i < limit; i++) {
      const r = await postReceipt(s, String(2000 + Math.floor(i / RECEIPT_LIMITS.perOrder.points)), {}, { customer: s.ada.shopifyId });
      expect(r.status).toBe(200);
      sent++;
    }
    const blocked = await postReceipt(s, String(2000 + orders - 1), {}, { customer: s.ada.shopifyId });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await body<ErrorBody>(blocked)).error.message).toMatch(/^Too many receipt requests from your connection/);
    expect(invoiceCalls()).toHaveLength(sent);
    // Another shopper's connection is not affected.
    expect((await postReceipt(s, String(2000 + orders - 1), {}, { customer: s.ada.shopifyId, ip: "198.51.100.10" })).status).toBe(200);
  });

  it("refuses an order without an email with a plain 400, and asks Shopify nothing", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1006, customerId: s.ada.id, email: null });
    // The guest proves ownership with the customer's email (as the lookup allows), but the order has none.
    const guest = await postReceipt(s, "1006", { email: "ada@example.com" });
    expect(guest.status).toBe(400);
    expect((await body<ErrorBody>(guest)).error.message).toBe("Order #1006 has no email address, so we can't email its receipt. Contact us and we'll help.");
    const signedIn = await postReceipt(s, "1006", {}, { customer: s.ada.shopifyId });
    expect(signedIn.status).toBe(400);
    expect(invoiceCalls()).toHaveLength(0);
    expect(await db.orderAction.count({ where: { shopId: s.shop.shopId } })).toBe(0);
  });

  it("answers only POST: GET is a 405 with Allow", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1007, customerId: s.ada.id });
    const response = await receiptLoader(
      args(signedProxyRequest("/proxy/orders/1007/receipt", { shop: s.shop.domain, query: { email: "ada@example.com" }, method: "GET" }), "1007"),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(invoiceCalls()).toHaveLength(0);
  });

  it("refuses a forged request (bad proxy signature) with 401", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1008, customerId: s.ada.id });
    const forged = await receiptAction(
      args(signedProxyRequest("/proxy/orders/1008/receipt", { shop: s.shop.domain, body: { email: "ada@example.com" }, secret: "not-the-secret" }), "1008"),
    );
    expect(forged.status).toBe(401);
    expect(invoiceCalls()).toHaveLength(0);
  });

  it("turns Shopify's userErrors into a plain 4xx and logs the action as FAILED", async () => {
    const s = await storefrontShop();
    const order = await buildOrder(s.shop.shopId, { number: 1009, customerId: s.ada.id });
    mock.use("OrderInvoiceSend", () => ({
      orderInvoiceSend: { order: null, userErrors: [{ field: ["id"], message: "Order invoice could not be sent", code: "ORDER_INVOICE_SEND_UNSUCCESSFUL" }] },
    }));
    const response = await postReceipt(s, "1009", { email: "ada@example.com" });
    expect(response.status).toBe(400);
    const message = (await body<ErrorBody>(response)).error.message;
    expect(message).toBe("The store couldn't send your receipt just now: Order invoice could not be sent. Try again later, or contact us.");
    const [row] = await db.orderAction.findMany({ where: { shopId: s.shop.shopId, orderId: order.id } });
    expect(row).toMatchObject({ kind: "SEND_RECEIPT", status: "FAILED", error: message });
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(await db.selfServiceEvent.count({ where: { shopId: s.shop.shopId, kind: "RECEIPT_REQUESTED" } })).toBe(0);
  });

  it("the lookup answers carry the order status page link for the button's neighbour", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1010, customerId: s.ada.id, order: { statusPageUrl: "https://shop.example/orders/abc/authenticate?key=1" } });
    const lookup = await lookupLoader(args(signedProxyRequest("/proxy/orders/lookup", { shop: s.shop.domain, query: { number: "1010", email: "ada@example.com" } }), ""));
    expect((await body<{ order: { statusPageUrl: string | null } }>(lookup)).order.statusPageUrl).toBe("https://shop.example/orders/abc/authenticate?key=1");
  });
});

describe("tracking block: Email me my receipt (support-tracking.js)", () => {
  const ORDER = {
    id: "gid://shopify/Order/5550001",
    name: "#1001",
    number: 1001,
    processedAt: "2026-11-10T09:12:00.000Z",
    status: "ordered",
    exception: null,
    cancelled: false,
    cancelledAt: null,
    currencyCode: "USD",
    statusPageUrl: "https://northwind.example/orders/abc",
    timeline: { current: "ordered", steps: [{ key: "ordered", state: "current", at: "2026-11-10T09:12:00.000Z" }], exception: null },
    lineItems: [],
    fulfillments: [],
    refunds: [],
    returns: [],
  };
  const json = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  async function lookedUp(receiptAnswer: () => Response) {
    const fetch = vi.fn(async (url: string, _init?: RequestInit) => (url.endsWith("/receipt") ? receiptAnswer() : json({ order: ORDER })));
    const dom = page(await renderBlock("order-tracking"));
    Object.assign(dom.window, { fetch });
    dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-tracking.js"), "utf8"));
    await settle();
    const doc = dom.window.document;
    const form = doc.querySelector("form[data-sp-lookup]") as HTMLFormElement;
    (form.elements.namedItem("number") as HTMLInputElement).value = "1001";
    (form.elements.namedItem("email") as HTMLInputElement).value = "Ada@Example.com";
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    return { dom, doc, fetch };
  }

  it("offers the receipt and the order status page after a lookup, and announces where the receipt went", async () => {
    const { dom, doc, fetch } = await lookedUp(() => json({ receipt: { sentTo: "a•••@example.com", message: "x", order: { id: ORDER.id, name: "#1001" } } }));
    const result = doc.querySelector("[data-sp-result]") as HTMLElement;
    expect(result.querySelector('a[href="https://northwind.example/orders/abc"]')?.textContent).toBe("Open the order status page");
    const button = [...result.querySelectorAll("button")].find((b) => b.textContent === "Email me my receipt");
    expect(button).toBeDefined();
    expect(await axeViolations(dom)).toEqual([]);

    button!.click();
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe("/apps/support/orders/1001/receipt");
    expect(init).toMatchObject({ method: "POST" });
    expect(JSON.parse(String(init?.body))).toEqual({ email: "Ada@Example.com" });
    const status = doc.querySelector("[data-sp-status]")!;
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe("Receipt sent to a•••@example.com");
    expect(button!.getAttribute("aria-disabled")).toBeNull();
  });

  it("shows the server's refusal (429) in the live region", async () => {
    const { doc } = await lookedUp(() => json({ error: { code: "rate_limited", message: "A receipt for this order was sent several times recently." } }, 429));
    [...doc.querySelectorAll("[data-sp-result] button")].find((b) => b.textContent === "Email me my receipt")!.dispatchEvent(new doc.defaultView!.Event("click"));
    await settle();
    const status = doc.querySelector("[data-sp-status]") as HTMLElement;
    expect(status.textContent).toBe("A receipt for this order was sent several times recently.");
    expect(status.dataset.tone).toBe("error");
  });
});
