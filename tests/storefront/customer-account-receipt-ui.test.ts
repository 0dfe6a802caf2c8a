import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { JSDOM } from "jsdom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// "Email me my receipt" and the order status page link in the customer account extensions, run in a DOM with a
// stand-in for Shopify's `shopify` global (as tests/storefront/customer-account-ui.test.ts does).

const ROOT = resolve(__dirname, "../..");
const en = JSON.parse(readFileSync(join(ROOT, "extensions/customer-account-returns/locales/en.default.json"), "utf8"));
const ORDER_GID = "gid://shopify/Order/5550001";

function translate(key: string, options: Record<string, unknown> = {}): string {
  const value: unknown = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
  if (typeof value !== "string") throw new Error(`missing translation ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? ""));
}

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
}

let dom: JSDOM;
let calls: Call[];
let receiptAnswer: () => { status: number; body: unknown };
let statusPageUrl: string | null;
const realFetch = globalThis.fetch;

const ORDER = () => ({
  id: ORDER_GID,
  name: "#1001",
  number: 1001,
  processedAt: "2026-11-10T09:12:00.000Z",
  status: "ordered",
  exception: null,
  cancelled: false,
  currencyCode: "USD",
  statusPageUrl,
  estimatedDeliveryAt: null,
  deliveredAt: null,
  timeline: { current: "ordered", exception: null, steps: [{ key: "ordered", state: "current", at: "2026-11-10T09:12:00.000Z" }] },
  fulfillments: [],
  refunds: [],
  returns: [],
});

beforeEach(() => {
  dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { document: dom.window.document });
  calls = [];
  statusPageUrl = "https://shop.example/orders/abc/authenticate?key=1";
  receiptAnswer = () => ({ status: 200, body: { receipt: { sentTo: "a•••@example.com", message: "x", order: { id: ORDER_GID, name: "#1001" } } } });
  (globalThis as Record<string, unknown>).shopify = {
    orderId: ORDER_GID,
    order: { value: { id: ORDER_GID } },
    sessionToken: { get: async () => "session-token-of-ada" },
    i18n: { translate, formatDate: (d: Date) => d.toISOString().slice(0, 10), formatCurrency: (n: number) => n.toFixed(2) },
    close: vi.fn(),
  };
  globalThis.fetch = (async (input: string, init: RequestInit = {}) => {
    const call: Call = { url: String(input), method: init.method ?? "GET", headers: init.headers as Record<string, string> };
    calls.push(call);
    const path = new URL(call.url).pathname;
    const answer =
      call.method === "POST" && path === "/api/customer-account/orders/5550001/receipt"
        ? receiptAnswer()
        : call.method === "GET" && path === "/api/customer-account/orders/5550001"
          ? { status: 200, body: { order: ORDER(), eligibility: { eligible: false, reason: "not_shipped", policy: {}, reasons: [], lineItems: [] } } }
          : call.method === "GET" && path === "/api/customer-account/conversations"
            ? { status: 200, body: { conversations: [] } }
            : null;
    if (!answer) throw new TypeError(`no answer for ${call.method} ${path}`);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
  delete (globalThis as Record<string, unknown>).shopify;
  delete (globalThis as Record<string, unknown>).document;
  dom.window.close();
});

const body = () => dom.window.document.body;
const receiptButton = () => [...body().querySelectorAll("s-button")].find((b) => b.textContent === "Email me my receipt") as HTMLElement | undefined;
const banners = () => [...body().querySelectorAll("s-banner")].map((b) => b.getAttribute("heading"));

async function run(module: string) {
  const loaded = (await import(/* @vite-ignore */ join(ROOT, "extensions", `${module}.tsx`))) as { default: () => Promise<void> };
  await loaded.default();
}

describe("order page block (customer-account-returns)", () => {
  it("emails the receipt with the session token and says where it went; links the order status page", async () => {
    await run("customer-account-returns/src/OrderStatusBlock");
    await vi.waitFor(() => expect(receiptButton()).toBeDefined());
    const link = body().querySelector("s-link[href='https://shop.example/orders/abc/authenticate?key=1']");
    expect(link?.textContent).toBe("View order status page");

    receiptButton()!.click();
    await vi.waitFor(() => expect(banners()).toContain("Receipt sent to a•••@example.com"));
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.url).toMatch(/\/api\/customer-account\/orders\/5550001\/receipt$/);
    expect(post.headers.Authorization).toBe("Bearer session-token-of-ada");
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("shows the store's refusal (400) and no link when the status page URL is not a web link", async () => {
    statusPageUrl = "javascript:alert(1)";
    receiptAnswer = () => ({ status: 400, body: { error: { code: "bad_request", message: "Order #1001 has no email address, so we can't email its receipt." } } });
    await run("customer-account-returns/src/OrderStatusBlock");
    await vi.waitFor(() => expect(receiptButton()).toBeDefined());
    expect(body().querySelector("s-link[href^='javascript']")).toBeNull();
    receiptButton()!.click();
    await vi.waitFor(() => expect(banners()).toContain("Something went wrong"));
    expect(body().textContent).toContain("Order #1001 has no email address, so we can't email its receipt.");
    expect(banners()).not.toContain("Receipt sent to a•••@example.com");
  });
});

describe("Get help modal (customer-account-help)", () => {
  it("offers the receipt next to where the order is", async () => {
    await run("customer-account-help/src/HelpAction");
    await vi.waitFor(() => expect(receiptButton()).toBeDefined());
    receiptButton()!.click();
    await vi.waitFor(() => expect(banners()).toContain("Receipt sent to a•••@example.com"));
  });
});
