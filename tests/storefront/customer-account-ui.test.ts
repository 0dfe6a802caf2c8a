import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { JSDOM } from "jsdom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The customer account extensions' Preact components, run in a DOM with a stand-in for Shopify's `shopify`
// global (session token, English translations, order id) and the app's answers: what a customer sees and what
// the extension sends. s-* elements are unknown elements here; their text and attributes are what Shopify renders.

const ROOT = resolve(__dirname, "../..");
const en = JSON.parse(readFileSync(join(ROOT, "extensions/customer-account-returns/locales/en.default.json"), "utf8"));
const ORDER_GID = "gid://shopify/Order/5550001";

function translate(key: string, options: Record<string, unknown> = {}): string {
  let value: unknown = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
  if (value && typeof value === "object") value = (value as Record<string, string>)[options.count === 1 ? "one" : "other"];
  if (typeof value !== "string") throw new Error(`missing translation ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? ""));
}

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

let dom: JSDOM;
let calls: Call[];
let answers: Record<string, (call: Call) => { status: number; body: unknown }>;
const close = vi.fn();
const realFetch = globalThis.fetch;

/** A new page (document) for the next render. */
function freshDom() {
  dom?.window.close();
  dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { document: dom.window.document });
}

beforeEach(() => {
  freshDom();
  calls = [];
  answers = {};
  close.mockReset();
  (globalThis as Record<string, unknown>).shopify = {
    orderId: ORDER_GID,
    order: { value: { id: ORDER_GID } },
    sessionToken: { get: async () => "session-token-of-ada" },
    i18n: {
      translate,
      formatDate: (date: Date) => date.toISOString().slice(0, 10),
      formatCurrency: (n: number, options: { currency: string }) => `${options.currency} ${n.toFixed(2)}`,
    },
    close,
  };
  globalThis.fetch = (async (input: string, init: RequestInit = {}) => {
    const call: Call = {
      url: String(input),
      method: init.method ?? "GET",
      headers: init.headers as Record<string, string>,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const path = new URL(call.url).pathname;
    const answer = answers[`${call.method} ${path}`];
    if (!answer) throw new TypeError(`no answer for ${call.method} ${path}`);
    const { status, body } = answer(call);
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
  delete (globalThis as Record<string, unknown>).shopify;
  delete (globalThis as Record<string, unknown>).document;
  dom.window.close();
});

const body = () => dom.window.document.body;
/** The visible text: each text node apart, as separate components read. */
function text(): string {
  const walker = dom.window.document.createTreeWalker(body(), dom.window.NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  while (walker.nextNode()) parts.push(walker.currentNode.textContent ?? "");
  return parts.join(" ").replace(/\s+/g, " ");
}
const banners = () => [...body().querySelectorAll("s-banner")].map((b) => b.getAttribute("heading"));
const byLabel = (tag: string, label: string) =>
  [...body().querySelectorAll(tag)].find((el) => el.getAttribute("label") === label) as (HTMLElement & { value?: string }) | undefined;
const buttons = () => [...body().querySelectorAll("s-button")] as HTMLElement[];
const button = (label: string) => buttons().find((b) => b.textContent === label);

function setField(el: HTMLElement & { value?: string }, value: string, event: "input" | "change") {
  el.value = value;
  el.dispatchEvent(new dom.window.Event(event));
}

function orderAnswer(overrides: { eligible?: boolean; reason?: string | null; restocking?: string; shipping?: string } = {}) {
  return {
    order: {
      id: ORDER_GID,
      name: "#1001",
      number: 1001,
      processedAt: "2026-11-10T09:12:00.000Z",
      status: "in_transit",
      exception: { kind: "delayed", at: "2026-11-13T08:00:00.000Z", message: null },
      cancelled: false,
      currencyCode: "USD",
      estimatedDeliveryAt: "2026-11-14T00:00:00.000Z",
      deliveredAt: null,
      timeline: {
        current: "in_transit",
        exception: null,
        steps: [
          { key: "ordered", state: "complete", at: "2026-11-10T09:12:00.000Z" },
          { key: "shipped", state: "complete", at: "2026-11-11T15:00:00.000Z" },
          { key: "in_transit", state: "current", at: "2026-11-12T08:30:00.000Z" },
          { key: "out_for_delivery", state: "upcoming", at: null },
          { key: "delivered", state: "upcoming", at: null },
        ],
      },
      fulfillments: [
        {
          id: "gid://shopify/Fulfillment/1",
          name: "#1001-F1",
          status: "in_transit",
          carrier: "Canada Post",
          trackingNumber: "7023 4567",
          trackingUrl: "https://tracking.example/7023",
          shippedAt: "2026-11-11T15:00:00.000Z",
          estimatedDeliveryAt: "2026-11-14T00:00:00.000Z",
          deliveredAt: null,
          lineItems: [],
          events: [{ status: "in_transit", message: "Departed facility", location: "Mississauga, ON, CA", happenedAt: "2026-11-12T08:30:00.000Z" }],
        },
      ],
      refunds: [],
      returns: [
        {
          id: "gid://shopify/Return/1",
          name: "#1001-R1",
          status: "requested",
          requestedAt: "2026-11-18T10:00:00.000Z",
          approvedAt: null,
          closedAt: null,
          declineReason: null,
          lineItems: [{ lineItemId: "gid://shopify/LineItem/2", title: "Wool socks", quantity: 1, reason: "DEFECTIVE" }],
          tracking: null,
          labelUrl: null,
        },
      ],
    },
    eligibility: {
      eligible: overrides.eligible ?? true,
      reason: overrides.reason ?? null,
      policy: { windowDays: 30, windowStartsAt: "DELIVERY", restockingFeePercent: overrides.restocking ?? "10.00", returnShippingFee: overrides.shipping ?? "5.00", instructions: null },
      reasons: [
        { code: "SIZE_TOO_SMALL", label: "Size too small" },
        { code: "DEFECTIVE", label: "Damaged or defective" },
      ],
      lineItems: [
        { lineItemId: "gid://shopify/LineItem/1", title: "Linen shirt", variantTitle: "M / Blue", imageUrl: null, price: "45.00", quantity: 2, returnableQuantity: 2, eligible: true, ineligibleReason: null, windowEndsAt: "2026-12-13T12:00:00.000Z" },
        { lineItemId: "gid://shopify/LineItem/3", title: "Gift card", variantTitle: null, imageUrl: null, price: "25.00", quantity: 1, returnableQuantity: 0, eligible: false, ineligibleReason: "final_sale", windowEndsAt: null },
      ],
    },
  };
}

/**
 * Runs an extension module's default export, as Shopify does for its target. Imported by path at run time: the
 * modules compile with their own tsconfig (Preact JSX, the target's `shopify` global), not the app's.
 */
async function run(module: string) {
  const loaded = (await import(/* @vite-ignore */ join(ROOT, "extensions", `${module}.tsx`))) as { default: () => Promise<void> };
  await loaded.default();
}

describe("Request return (customer-account-returns)", () => {
  it("the modal lists returnable items, shows the fees, and sends the chosen items with the session token", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    answers["POST /api/customer-account/returns"] = () => ({
      status: 201,
      body: { return: { id: "gid://shopify/Return/2", name: "#1001-R2", status: "requested", approved: false, lineItems: [], fees: { restockingFee: "4.50", returnShippingFee: "5.00", currencyCode: "USD" } }, case: { number: 1042 } },
    });
    await run("customer-account-returns/src/ReturnAction");
    await vi.waitFor(() => expect(text()).toContain("Linen shirt"));
    expect(body().querySelector("s-customer-account-action")?.getAttribute("heading")).toBe("Request a return");
    expect(text()).toContain("2 can be returned · USD 45.00 each");
    expect(text()).toContain("Gift card: final sale");
    expect(text()).toContain("Linen shirt M / Blue");
    expect(calls[0]).toMatchObject({ url: "https://example.com/api/customer-account/orders/5550001", headers: { Authorization: "Bearer session-token-of-ada" } });

    // Submitting nothing says what to do, and sends nothing.
    button("Request return")!.click();
    await vi.waitFor(() => expect(text()).toContain("Choose at least one item to return"));
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);

    setField(byLabel("s-number-field", "Quantity to return: Linen shirt")!, "1", "input");
    await vi.waitFor(() => expect(byLabel("s-select", "Reason for returning Linen shirt")).toBeDefined());
    expect(text()).toContain("Items: USD 45.00");
    expect(text()).toContain("Restocking fee (10%): −USD 4.50");
    expect(text()).toContain("Return shipping: −USD 5.00");
    expect(text()).toContain("Estimated refund: USD 35.50");

    // A reason is required for each chosen item.
    button("Request return")!.click();
    await vi.waitFor(() => expect(byLabel("s-select", "Reason for returning Linen shirt")!.getAttribute("error")).toBe("Choose why you're returning this item."));
    setField(byLabel("s-select", "Reason for returning Linen shirt")!, "SIZE_TOO_SMALL", "change");
    setField(byLabel("s-text-area", "Note for the store (optional)")!, "  Runs small  ", "input");
    await vi.waitFor(() => expect(byLabel("s-select", "Reason for returning Linen shirt")!.getAttribute("error")).toBeNull());
    button("Request return")!.click();

    await vi.waitFor(() => expect(banners()).toEqual(["Return requested for #1001"]));
    const post = calls.find((c) => c.method === "POST")!;
    expect(post).toMatchObject({ url: "https://example.com/api/customer-account/returns", headers: { Authorization: "Bearer session-token-of-ada", "Content-Type": "application/json" } });
    expect(post.body).toEqual({ orderId: ORDER_GID, items: [{ lineItemId: "gid://shopify/LineItem/1", quantity: 1, reason: "SIZE_TOO_SMALL" }], note: "Runs small" });
    expect(text()).toContain("Your reference: request #1042");
    button("Done")!.click();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it("explains why an order can't be returned, and shows the app's failure with a way to retry", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer({ eligible: false, reason: "window_closed" }) });
    await run("customer-account-returns/src/ReturnAction");
    await vi.waitFor(() => expect(text()).toContain("The 30-day return window for this order has closed."));
    expect(button("Request return")).toBeUndefined();

    freshDom();
    let attempts = 0;
    answers["GET /api/customer-account/orders/5550001"] = () => (++attempts === 1 ? { status: 503, body: { error: { code: "unavailable", message: "down" } } } : { status: 200, body: orderAnswer() });
    await run("customer-account-returns/src/ReturnAction");
    await vi.waitFor(() => expect(text()).toContain("The store's support service isn't available right now."));
    button("Try again")!.click();
    await vi.waitFor(() => expect(text()).toContain("Linen shirt"));
  });

  it("shows the store's reason when it refuses the request, and keeps the choices for another try", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    answers["POST /api/customer-account/returns"] = () => ({
      status: 400,
      body: { error: { code: "bad_request", message: 'You can return at most 1 of "Linen shirt".' } },
    });
    await run("customer-account-returns/src/ReturnAction");
    await vi.waitFor(() => expect(byLabel("s-number-field", "Quantity to return: Linen shirt")).toBeDefined());
    setField(byLabel("s-number-field", "Quantity to return: Linen shirt")!, "2", "input");
    await vi.waitFor(() => expect(byLabel("s-select", "Reason for returning Linen shirt")).toBeDefined());
    setField(byLabel("s-select", "Reason for returning Linen shirt")!, "DEFECTIVE", "change");
    await new Promise((r) => setTimeout(r, 0));
    button("Request return")!.click();
    await vi.waitFor(() => expect(banners()).toEqual(["Something went wrong"]));
    expect(text()).toContain("Some details weren't accepted.");
    expect(text()).toContain('You can return at most 1 of "Linen shirt".');
    expect(text()).toContain("Items: USD 90.00");
    expect(button("Request return")).toBeDefined();
  });

  it("the menu item shows only for orders with something to return", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    await run("customer-account-returns/src/ReturnMenuItem");
    await vi.waitFor(() => expect(buttons().map((b) => b.textContent)).toEqual(["Request return"]));
    expect(calls[0].url).toBe("https://example.com/api/customer-account/orders/5550001?view=menu");

    freshDom();
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer({ eligible: false, reason: "nothing_returnable" }) });
    await run("customer-account-returns/src/ReturnMenuItem");
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(buttons()).toEqual([]);
  });

  it("the order page block shows status, the delay, the timeline in words, tracking and returns", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    await run("customer-account-returns/src/OrderStatusBlock");
    await vi.waitFor(() => expect(text()).toContain("Canada Post"));
    expect(body().querySelector("s-section")?.getAttribute("heading")).toBe("Tracking and returns");
    const t = text();
    expect(t).toContain("Status: In transit");
    expect(t).toContain("Estimated delivery: 2026-11-14");
    expect(banners()).toEqual(["Your delivery is delayed"]);
    expect(t).toContain("The carrier reported a delay.");
    const steps = [...body().querySelectorAll("s-ordered-list s-list-item")].map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(steps).toEqual([
      "Ordered Done on 2026-11-10",
      "Shipped Done on 2026-11-11",
      "In transit Current step, since 2026-11-12",
      "Out for delivery Not yet",
      "Delivered Not yet",
    ]);
    expect(t).toContain("Tracking number 7023 4567");
    expect(t).toContain("Latest update 2026-11-12: Departed facility Mississauga, ON, CA");
    const link = body().querySelector("s-link[href='https://tracking.example/7023']");
    expect(link?.getAttribute("accessibilityLabel") ?? link?.getAttribute("accessibilitylabel")).toBe("Track shipment 1 on the carrier's website");
    expect(t).toContain("#1001-R1 Requested");
    expect(t).toContain("1 × Wool socks");
  });
});

describe("Get help (customer-account-help)", () => {
  it("shows where the order is, then sends the message, preselecting 'where is my order' for an undelivered order", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    answers["POST /api/customer-account/cases"] = () => ({ status: 201, body: { case: { number: 1043, appended: true }, conversationUrl: "https://app.example/c/tok.sig" } });
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(text()).toContain("Where order #1001 is"));
    expect(text()).toContain("Canada Post");
    expect(byLabel("s-select", "What do you need help with?")!.getAttribute("value")).toBe("where_is_my_order");

    button("Send message")!.click();
    await vi.waitFor(() => expect(byLabel("s-text-area", "Message")!.getAttribute("error")).toBe("Write a message so the store knows how to help."));
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);

    setField(byLabel("s-text-area", "Message")!, "It has been stuck for days.", "input");
    await vi.waitFor(() => expect(byLabel("s-text-area", "Message")!.getAttribute("error")).toBeNull());
    button("Send message")!.click();
    await vi.waitFor(() => expect(banners()).toEqual(["Message sent"]));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ orderId: ORDER_GID, topic: "where_is_my_order", message: "It has been stuck for days." });
    expect(text()).toContain("We added your message to your open request #1043");
    const view = body().querySelector("s-link[href='https://app.example/c/tok.sig']");
    expect(view?.textContent?.trim()).toBe("View the conversation");
  });

  it("shows no conversation link when the answer's conversationUrl is not an http(s) URL", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    answers["POST /api/customer-account/cases"] = () => ({ status: 201, body: { case: { number: 1044, appended: false }, conversationUrl: "javascript:alert(1)" } });
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(text()).toContain("Where order #1001 is"));
    setField(byLabel("s-text-area", "Message")!, "Hello?", "input");
    await new Promise((resolve) => setTimeout(resolve, 20));
    button("Send message")!.click();
    await vi.waitFor(() => expect(banners()).toEqual(["Message sent"]));
    expect(text()).toContain("request #1044");
    expect(body().querySelector("s-link[href^='javascript']")).toBeNull();
    expect(text()).not.toContain("View the conversation");
  });

  it("lists the customer's conversations above the form, each with a View link (http/https only)", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    answers["GET /api/customer-account/conversations"] = () => ({
      status: 200,
      body: {
        conversations: [
          { number: 1043, subject: "Where is my parcel?", status: "waiting", lastActivityAt: "2026-11-20T10:00:00.000Z", conversationUrl: "https://app.example/c/one.sig" },
          { number: 1040, subject: "Wrong size", status: "resolved", lastActivityAt: "2026-11-01T10:00:00.000Z", conversationUrl: "javascript:alert(1)" },
        ],
      },
    });
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(text()).toContain("Your conversations"));
    expect(calls.find((c) => c.url.endsWith("/api/customer-account/conversations"))?.headers).toMatchObject({ Authorization: "Bearer session-token-of-ada" });
    expect(text()).toContain("#1043 · Where is my parcel?");
    expect(text()).toContain("Status: Waiting for your reply");
    expect(text()).toContain("#1040 · Wrong size");
    expect(text()).toContain("Status: Resolved");
    const links = [...body().querySelectorAll("s-link")].filter((l) => l.textContent?.trim() === "View");
    expect(links.map((l) => [l.getAttribute("href"), l.getAttribute("accessibilityLabel") ?? (l as unknown as { accessibilityLabel?: string }).accessibilityLabel])).toEqual([
      ["https://app.example/c/one.sig", "View conversation #1043"],
    ]);
    expect(body().querySelector("s-link[href^='javascript']")).toBeNull();
    expect(text().indexOf("Your conversations")).toBeLessThan(text().indexOf("Send a message to the store"));
  });

  it("shows no conversations section when the customer has none or the list can't be loaded", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 200, body: orderAnswer() });
    answers["GET /api/customer-account/conversations"] = () => ({ status: 200, body: { conversations: [] } });
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith("/api/customer-account/conversations"))).toBe(true));
    await vi.waitFor(() => expect(text()).toContain("Send a message to the store"));
    expect(text()).not.toContain("Your conversations");

    freshDom();
    answers["GET /api/customer-account/conversations"] = () => ({ status: 500, body: { error: { code: "internal", message: "boom" } } });
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(text()).toContain("Send a message to the store"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(text()).not.toContain("Your conversations");
    expect(banners()).not.toContain("Something went wrong");
  });

  it("keeps the form usable when the order's tracking can't be loaded", async () => {
    answers["GET /api/customer-account/orders/5550001"] = () => ({ status: 404, body: { error: { code: "not_found", message: "nope" } } });
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(text()).toContain("Send a message to the store"));
    // The conversations list is asked for too (and fails here): wait for it so it cannot land in the next test.
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith("/api/customer-account/conversations"))).toBe(true));
    expect(banners()).toEqual([]);
    expect(byLabel("s-select", "What do you need help with?")!.getAttribute("value")).toBe("");
  });

  it("the menu item is one 'Get help' button", async () => {
    await run("customer-account-help/src/HelpMenuItem");
    await vi.waitFor(() => expect(buttons().map((b) => b.textContent)).toEqual(["Get help"]));
    expect(calls).toEqual([]);
  });
});
