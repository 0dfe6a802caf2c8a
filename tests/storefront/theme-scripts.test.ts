// The blocks' scripts in jsdom: the guest lookup renders the timeline and shipment from an answer shaped like
// docs/storefront-api.md, errors show the server's message in the live region, and the result stays axe clean.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EXTENSION_DIR, renderBlock } from "../../app/demo/storefront-render.server";
import { axeViolations, page } from "./theme-helpers";

const ORDER = {
  id: "gid://shopify/Order/5550001",
  name: "#1001",
  number: 1001,
  processedAt: "2026-11-10T09:12:00.000Z",
  status: "in_transit",
  exception: { kind: "delayed", at: "2026-11-13T08:00:00.000Z", message: "Weather delay" },
  cancelled: false,
  cancelledAt: null,
  currencyCode: "USD",
  statusPageUrl: "https://northwind.example/orders/abc",
  estimatedDeliveryAt: "2026-11-14T00:00:00.000Z",
  deliveredAt: null,
  timeline: {
    current: "in_transit",
    steps: [
      { key: "ordered", state: "complete", at: "2026-11-10T09:12:00.000Z" },
      { key: "shipped", state: "complete", at: "2026-11-11T15:00:00.000Z" },
      { key: "in_transit", state: "current", at: "2026-11-12T08:30:00.000Z" },
      { key: "out_for_delivery", state: "upcoming", at: null },
      { key: "delivered", state: "upcoming", at: null },
    ],
    exception: { kind: "delayed", at: "2026-11-13T08:00:00.000Z", message: "Weather delay" },
  },
  lineItems: [{ id: "gid://shopify/LineItem/1", title: "Linen shirt", variantTitle: "M / Blue", quantity: 2, price: "45.00" }],
  fulfillments: [
    {
      id: "gid://shopify/Fulfillment/1",
      status: "in_transit",
      carrier: "Canada Post",
      trackingNumber: "7023 4567 8901",
      trackingUrl: "https://www.canadapost.example/track/702345678901",
      trackingNumbers: ["7023 4567 8901"],
      estimatedDeliveryAt: "2026-11-14T00:00:00.000Z",
      deliveredAt: null,
      lineItems: [{ lineItemId: "gid://shopify/LineItem/1", title: "Linen shirt", quantity: 2 }],
      events: [{ status: "in_transit", message: "Departed facility", location: "Mississauga, ON, CA", happenedAt: "2026-11-12T08:30:00.000Z" }],
    },
  ],
  refunds: [{ id: "gid://shopify/Refund/1", amount: "45.00", currencyCode: "USD", processedAt: "2026-11-20T10:00:00.000Z", lineItems: [] }],
  returns: [{ id: "gid://shopify/Return/1", name: "#1001-R1", status: "requested", lineItems: [{ lineItemId: "x", title: "Linen shirt", quantity: 1 }], tracking: null }],
};

const CUSTOMER = { id: 7412958000001, name: "Ada Lovelace", first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function trackingPage(fetch: ReturnType<typeof vi.fn>) {
  const dom = page(await renderBlock("order-tracking"));
  Object.assign(dom.window, { fetch });
  dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-tracking.js"), "utf8"));
  await settle(); // the script starts on DOMContentLoaded, as a deferred script does
  const doc = dom.window.document;
  const form = doc.querySelector("form[data-sp-lookup]") as HTMLFormElement;
  (form.elements.namedItem("number") as HTMLInputElement).value = " #1001 ";
  (form.elements.namedItem("email") as HTMLInputElement).value = "ada@example.com";
  // jsdom has no requestSubmit(); a cancelable submit event is what the browser dispatches.
  form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
  await settle();
  return { dom, doc };
}

describe("support-tracking.js", () => {
  it("looks an order up and renders its timeline, shipment, refunds and returns", async () => {
    const fetch = vi.fn(async (_url: string) => json({ order: ORDER }));
    const { dom, doc } = await trackingPage(fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe("/apps/support/orders/lookup?number=%231001&email=ada%40example.com");

    const steps = [...doc.querySelectorAll(".sp-timeline li")];
    expect(steps.map((li) => li.querySelector(".sp-step-label")?.textContent)).toEqual(["Ordered", "Shipped", "In transit", "Out for delivery", "Delivered"]);
    expect(steps.map((li) => li.getAttribute("aria-current"))).toEqual([null, null, "step", null, null]);
    expect(steps[2].textContent).toContain("Delayed: Weather delay");
    const result = doc.querySelector("[data-sp-result]") as HTMLElement;
    expect(result.hidden).toBe(false);
    expect(doc.activeElement?.textContent).toBe("Order #1001");
    expect(result.textContent).toContain("Canada Post");
    expect(result.textContent).toContain("7023 4567 8901");
    expect(result.querySelector('a[href="https://www.canadapost.example/track/702345678901"]')?.textContent).toContain("Track on the carrier's website");
    expect(result.textContent).toContain("Refunded $45.00");
    expect(result.textContent).toContain("#1001-R1");
    expect(result.textContent).toContain("Return requested");
    expect(await axeViolations(dom)).toEqual([]);
  });

  it("shows the server's message in the live region when the lookup fails (404 / 429)", async () => {
    const message = "We couldn't find an order with that number and email address. Check both and try again.";
    const { doc } = await trackingPage(vi.fn(async () => json({ error: { code: "not_found", message } }, 404)));
    const status = doc.querySelector("[data-sp-status]")!;
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe(message);
    expect((status as HTMLElement).dataset.tone).toBe("error");
    expect((doc.querySelector("[data-sp-result]") as HTMLElement).hidden).toBe(true);

    const limited = await trackingPage(vi.fn(async () => json({ error: { code: "rate_limited", message: "Too many lookups. Try again in 5 minutes." } }, 429)));
    expect(limited.doc.querySelector("[data-sp-status]")!.textContent).toBe("Too many lookups. Try again in 5 minutes.");
  });
});


async function blockPage(block: "returns" | "help-contact", script: string, fetch: ReturnType<typeof vi.fn>) {
  const dom = page(await renderBlock(block, { customer: CUSTOMER }));
  Object.assign(dom.window, { fetch });
  dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets", script), "utf8"));
  await settle();
  return { dom, doc: dom.window.document };
}

const ELIGIBILITY = {
  order: { id: "gid://shopify/Order/5550001", name: "#1001", number: 1001, currencyCode: "USD" },
  eligible: true,
  reason: null,
  policy: { windowDays: 30, windowStartsAt: "DELIVERY", restockingFeePercent: "10.00", returnShippingFee: "6.95", instructions: "Pack items in their original packaging." },
  reasons: [
    { code: "SIZE_TOO_SMALL", label: "Size too small" },
    { code: "DEFECTIVE", label: "Damaged or defective" },
  ],
  lineItems: [
    { lineItemId: "gid://shopify/LineItem/1", title: "Linen shirt", variantTitle: "M / Blue", price: "45.00", quantity: 2, returnableQuantity: 2, eligible: true, ineligibleReason: null, windowEndsAt: "2026-12-13T12:00:00.000Z" },
    { lineItemId: "gid://shopify/LineItem/2", title: "Clearance cap", variantTitle: null, price: "10.00", quantity: 1, returnableQuantity: 0, eligible: false, ineligibleReason: "final_sale", windowEndsAt: null },
  ],
};

describe("support-tracking.js, signed in", () => {
  it("lists the customer's recent orders and tracks the one chosen", async () => {
    const fetch = vi.fn(async (url: string) => {
      if (url === "/apps/support/orders?limit=10") return json({ orders: [ORDER, { ...ORDER, name: "#1000", number: 1000, status: "delivered" }] });
      if (url === "/apps/support/orders/1001") return json({ order: ORDER });
      return json({ error: { code: "not_found", message: "unexpected " + url } }, 404);
    });
    const dom = page(await renderBlock("order-tracking", { customer: CUSTOMER }));
    Object.assign(dom.window, { fetch });
    dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-tracking.js"), "utf8"));
    await settle();
    const doc = dom.window.document;
    const rows = [...doc.querySelectorAll("[data-sp-orders] li")];
    expect(rows.map((r) => r.querySelector(".sp-badge")?.textContent)).toEqual(["In transit", "Delivered"]);
    const track = rows[0].querySelector("button")!;
    expect(track.textContent).toBe("Track #1001"); // the visually hidden order name tells screen readers which one
    track.click();
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["/apps/support/orders?limit=10", "/apps/support/orders/1001"]);
    expect(doc.activeElement?.textContent).toBe("Order #1001");
    expect(doc.querySelectorAll(".sp-timeline li")).toHaveLength(5);
    expect(await axeViolations(dom)).toEqual([]);
  });
});

describe("support-returns.js", () => {
  it("lists shipped orders, shows eligible items with steppers and fees, and submits the chosen items", async () => {
    const delivered = { ...ORDER, status: "delivered" };
    const unshipped = { ...ORDER, name: "#1002", number: 1002, status: "ordered", fulfillments: [] };
    const onItsWay = { ...ORDER, name: "#1003", number: 1003 }; // in transit: nothing to return yet
    const partlyDelivered = { ...ORDER, name: "#1004", number: 1004, status: "partially_shipped", fulfillments: [{ ...ORDER.fulfillments[0], status: "delivered", deliveredAt: "2026-11-14T10:00:00.000Z" }] };
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === "/apps/support/orders?limit=20") return json({ orders: [delivered, unshipped, onItsWay, partlyDelivered] });
      if (url === "/apps/support/returns/eligibility?order=1001") return json(ELIGIBILITY);
      if (url === "/apps/support/returns" && init?.method === "POST")
        return json(
          {
            return: { id: "gid://shopify/Return/2", name: "#1001-R2", status: "requested", approved: false, lineItems: [{ title: "Linen shirt", quantity: 1 }], fees: { restockingFee: "4.50", returnShippingFee: "6.95", currencyCode: "USD" } },
            case: { number: 1042 },
            message: "Your return request for #1001 was sent. We'll email you when it's reviewed.",
          },
          201,
        );
      return json({ error: { code: "not_found", message: "unexpected " + url } }, 404);
    });
    const { dom, doc } = await blockPage("returns", "support-returns.js", fetch);
    const rows = [...doc.querySelectorAll("[data-sp-orders] li")];
    expect(rows.map((r) => r.querySelector("strong")?.textContent)).toEqual(["#1001", "#1004"]);
    (rows[0].querySelector("button") as HTMLButtonElement).click();
    await settle();

    const result = doc.querySelector("[data-sp-result]") as HTMLElement;
    expect(doc.activeElement?.textContent).toBe("#1001");
    expect(result.textContent).toContain("Pack items in their original packaging.");
    expect(result.textContent).toContain("Final sale");
    const quantity = result.querySelector("input[type=number]") as HTMLInputElement;
    expect(result.querySelectorAll("input[type=number]")).toHaveLength(1);
    expect(quantity.max).toBe("2");
    const [less, more] = [...result.querySelectorAll(".sp-stepper button")] as HTMLButtonElement[];
    expect(less.disabled).toBe(true);
    expect(more.getAttribute("aria-label")).toBe("More: Linen shirt – M / Blue");

    // Submitting with nothing chosen explains what to do.
    const form = result.querySelector("form") as HTMLFormElement;
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    expect(doc.querySelector("[data-sp-status]")!.textContent).toBe("Choose at least one item and a reason for it.");

    more.click();
    expect(quantity.value).toBe("1");
    const fees = result.querySelector(".sp-fees")!.textContent!;
    expect(fees).toContain("$4.50"); // 10 % of $45.00
    expect(fees).toContain("$6.95");
    expect(fees).toContain("$33.55"); // 45.00 − 4.50 − 6.95

    // A quantity without a reason is refused, on the reason field.
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    const reason = result.querySelector("select") as HTMLSelectElement;
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(doc.activeElement).toBe(reason);

    reason.value = "SIZE_TOO_SMALL";
    (result.querySelector("textarea") as HTMLTextAreaElement).value = "Runs small";
    expect(await axeViolations(dom)).toEqual([]);
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    const post = fetch.mock.calls.find(([url]) => url === "/apps/support/returns")!;
    expect(JSON.parse(String(post[1]!.body))).toEqual({
      order: "1001",
      items: [{ lineItemId: "gid://shopify/LineItem/1", quantity: 1, reason: "SIZE_TOO_SMALL" }],
      note: "Runs small",
    });
    expect(doc.activeElement?.textContent).toBe("Return requested · #1001-R2");
    expect(result.textContent).toContain("We'll email you when it's reviewed.");
  });
});

describe("support-help.js", () => {
  it("searches as the shopper types (debounced), opens an answer in place, and sends the contact form", async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith("/apps/support/articles?"))
        return json({ query: "", articles: [{ slug: "returns", title: "How do I return an item?", topic: "return", excerpt: "Within **30 days** of delivery. ## How to" }] });
      if (url === "/apps/support/articles/returns?q=retu") return json({ article: { slug: "returns", title: "How do I return an item?", body: "First paragraph.\n\nSecond <b>paragraph</b>.\n\n## How to start\n1. Open **Track my order**.\n2. Choose the items.\n- **Free** returns" } });
      if (url === "/apps/support/cases" && init?.method === "POST") {
        const body = JSON.parse(String(init.body));
        if (!body.message) return json({ error: { code: "bad_request", message: "Check the highlighted fields.", details: { fieldErrors: { message: "Write your message." } } } }, 400);
        return json({ case: { number: 1042, appended: false }, message: "Thanks, Ada. We received your message and will reply to ada@example.com." }, 201);
      }
      return json({ error: { code: "not_found", message: "unexpected " + url } }, 404);
    });
    const { dom, doc } = await blockPage("help-contact", "support-help.js", fetch);
    expect(fetch.mock.calls[0][0]).toBe("/apps/support/articles?limit=5&q=");

    const search = doc.querySelector("input[type=search]") as HTMLInputElement;
    for (const value of ["r", "re", "ret", "retu"]) {
      search.value = value;
      search.dispatchEvent(new dom.window.Event("input", { bubbles: true }));
    }
    await new Promise((resolve) => setTimeout(resolve, 350));
    const searches = fetch.mock.calls.map(([url]) => url).filter((url) => url.startsWith("/apps/support/articles?"));
    expect(searches).toEqual(["/apps/support/articles?limit=5&q=", "/apps/support/articles?limit=5&q=retu"]);

    const toggle = doc.querySelector("[data-sp-answers] button") as HTMLButtonElement;
    expect(toggle.textContent).toBe("How do I return an item?");
    expect(doc.querySelector("[data-sp-answers] .sp-hint")?.textContent).toBe("Within 30 days of delivery. How to");
    toggle.click();
    await settle();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const body = doc.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect([...body.querySelectorAll("p")].map((p) => p.textContent)).toEqual(["First paragraph.", "Second <b>paragraph</b>.", "How to start"]);
    expect(body.querySelector("b")).toBeNull(); // text, never HTML
    expect([...body.querySelectorAll("ol > li")].map((li) => li.textContent)).toEqual(["Open Track my order.", "Choose the items."]);
    expect(body.querySelector("ol strong")?.textContent).toBe("Track my order");
    expect(body.querySelector("ul > li")?.textContent).toBe("Free returns");

    const form = doc.querySelector("form[data-sp-contact]") as HTMLFormElement;
    (form.elements.namedItem("topic") as HTMLSelectElement).value = "return";
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    const message = form.elements.namedItem("message") as HTMLTextAreaElement;
    expect(doc.querySelector("[data-sp-status]")!.textContent).toBe("Check the highlighted fields.");
    expect(message.getAttribute("aria-invalid")).toBe("true");
    expect(doc.getElementById(message.getAttribute("aria-describedby")!)!.textContent).toBe("Write your message.");
    expect(doc.activeElement).toBe(message);
    expect(await axeViolations(dom)).toEqual([]);

    message.value = "Can I return the shirt?";
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    const sent = fetch.mock.calls.filter(([url]) => url === "/apps/support/cases").at(-1)!;
    expect(JSON.parse(String(sent[1]!.body))).toEqual({ name: "Ada Lovelace", email: "ada@example.com", topic: "return", message: "Can I return the shirt?" });
    expect(doc.querySelector("form[data-sp-contact]")).toBeNull();
    expect(doc.activeElement?.textContent).toBe("Thanks, Ada. We received your message and will reply to ada@example.com.");
  });
});

describe("support-help.js after a no-JavaScript form post", () => {
  const land = async (url: string) => {
    const dom = page(await renderBlock("help-contact", { blockId: "B1", settings: { show_search: false } }), "en", url);
    dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-help.js"), "utf8"));
    await settle();
    return dom.window;
  };

  it("focuses the confirmation the app redirected to", async () => {
    const window = await land("https://northwind.example/pages/support?contact=sent&case=1042#sp-B1-sent");
    expect(window.document.activeElement?.id).toBe("sp-B1-sent");
    expect(window.location.hash).toBe("#sp-B1-sent");
  });

  it("clears a stale #…-sent (e.g. the error page's way back) so no false confirmation shows", async () => {
    const window = await land("https://northwind.example/pages/support#sp-B1-sent");
    expect(window.location.hash).toBe("");
    expect(window.document.activeElement?.id).not.toBe("sp-B1-sent");
  });
});

describe("support-help.js conversations (signed-in shopper)", () => {
  const CONVERSATIONS = [
    { number: 1042, subject: "Where is my order? <img src=x onerror=alert(1)>", status: "waiting", lastActivityAt: "2026-11-20T10:00:00.000Z", conversationUrl: "https://app.example/c/abc.def" },
    { number: 1041, subject: "Sneaky", status: "open", lastActivityAt: "2026-11-19T10:00:00.000Z", conversationUrl: "javascript:alert(1)" },
    { number: 1040, subject: "Wrong size", status: "resolved", lastActivityAt: "2026-11-01T10:00:00.000Z", conversationUrl: "https://app.example/c/ghi.jkl" },
  ];

  it("lists the shopper's conversations as safe links, and links the conversation after sending the form", async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith("/apps/support/articles?")) return json({ query: "", articles: [] });
      if (url === "/apps/support/conversations") return json({ conversations: CONVERSATIONS });
      if (url === "/apps/support/cases" && init?.method === "POST")
        return json({ case: { number: 1043, appended: false }, message: "Thanks, Ada.", conversationUrl: "https://app.example/c/new.token" }, 201);
      return json({ error: { code: "not_found", message: "unexpected " + url } }, 404);
    });
    const { dom, doc } = await blockPage("help-contact", "support-help.js", fetch);
    const box = doc.querySelector("[data-sp-conversations]") as HTMLElement;
    expect(box.hidden).toBe(false);
    expect(box.querySelector("h3")?.textContent).toBe("Your conversations");
    const links = [...box.querySelectorAll("li a")] as HTMLAnchorElement[];
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["#1042 Where is my order? <img src=x onerror=alert(1)>", "https://app.example/c/abc.def"],
      ["#1040 Wrong size", "https://app.example/c/ghi.jkl"],
    ]);
    expect(box.querySelector("img")).toBeNull(); // text, never HTML
    expect(box.innerHTML).not.toContain("javascript:");
    expect(box.querySelector("li .sp-muted")?.textContent).toMatch(/^Waiting for your answer · Last update: /);
    expect(await axeViolations(dom)).toEqual([]);

    const form = doc.querySelector("form[data-sp-contact]") as HTMLFormElement;
    (form.elements.namedItem("message") as HTMLTextAreaElement).value = "Any news?";
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    expect(doc.activeElement?.textContent).toBe("Thanks, Ada.");
    const view = [...doc.querySelectorAll("a")].find((a) => a.textContent === "View your conversation");
    expect(view?.getAttribute("href")).toBe("https://app.example/c/new.token");
  });

  it("stays hidden for a guest answer (401) and shows no link for a non-http conversationUrl", async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith("/apps/support/articles?")) return json({ query: "", articles: [] });
      if (url === "/apps/support/conversations") return json({ error: { code: "unauthorized", message: "Sign in…" } }, 401);
      if (url === "/apps/support/cases" && init?.method === "POST") return json({ case: { number: 1043, appended: false }, message: "Thanks.", conversationUrl: "javascript:alert(1)" }, 201);
      return json({ error: { code: "not_found", message: "unexpected " + url } }, 404);
    });
    const { dom, doc } = await blockPage("help-contact", "support-help.js", fetch);
    expect((doc.querySelector("[data-sp-conversations]") as HTMLElement).hidden).toBe(true);
    expect(doc.querySelector("[data-sp-status]")!.textContent).toBe("");
    const form = doc.querySelector("form[data-sp-contact]") as HTMLFormElement;
    (form.elements.namedItem("message") as HTMLTextAreaElement).value = "Hello";
    form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    await settle();
    expect(doc.activeElement?.textContent).toBe("Thanks.");
    expect(doc.querySelector("a[href^='javascript']")).toBeNull();
    expect([...doc.querySelectorAll("a")].some((a) => a.textContent === "View your conversation")).toBe(false);
  });
});

describe("the blocks' scripts do nothing heavy while the page loads", () => {
  /** A browser with IntersectionObserver (jsdom has none): the test decides when a block comes into view. */
  const withObserver = (dom: ReturnType<typeof page>) => {
    const observed: Array<{ callback: (entries: Array<{ isIntersecting: boolean }>) => void; target: Element }> = [];
    class FakeObserver {
      constructor(private callback: (entries: Array<{ isIntersecting: boolean }>) => void) {}
      observe(target: Element) {
        observed.push({ callback: this.callback, target });
      }
      disconnect() {}
    }
    Object.assign(dom.window, { IntersectionObserver: FakeObserver, requestIdleCallback: (fn: () => void) => setTimeout(fn, 0) });
    return observed;
  };

  it("tracking (guest): starts on first use; the first submit is still handled by the script, not the browser", async () => {
    const dom = page(await renderBlock("order-tracking"));
    const observed = withObserver(dom);
    const fetch = vi.fn(async (_url: string) => json({ order: ORDER }));
    Object.assign(dom.window, { fetch });
    dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-tracking.js"), "utf8"));
    await settle();
    const doc = dom.window.document;
    const root = doc.querySelector("[data-sp-tracking]") as HTMLElement;
    expect(observed).toHaveLength(0); // a guest's block has nothing to load until it is used
    expect(root.dataset.spReady).toBeUndefined();
    expect(doc.querySelector("link[data-sp-css]")).toBeNull();

    const form = doc.querySelector("form[data-sp-lookup]") as HTMLFormElement;
    (form.elements.namedItem("number") as HTMLInputElement).value = "1001";
    (form.elements.namedItem("email") as HTMLInputElement).value = "ada@example.com";
    const submit = new dom.window.Event("submit", { bubbles: true, cancelable: true });
    form.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    await settle();
    expect(root.dataset.spReady).toBe("1");
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["/apps/support/orders/lookup?number=1001&email=ada%40example.com"]);
    expect(doc.querySelector("link[data-sp-css]")?.getAttribute("href")).toMatch(/^\/demo\/storefront\/assets\/support\.css\?v=/);
  });

  it("help: the popular answers load when the block nears the viewport, or at once when the search is focused", async () => {
    const articles = json({ query: "", articles: [{ slug: "returns", title: "How do I return an item?", topic: "return", excerpt: "" }] });
    for (const trigger of ["visible", "focus"] as const) {
      const dom = page(await renderBlock("help-contact"));
      const observed = withObserver(dom);
      const fetch = vi.fn(async (_url: string) => articles.clone());
      Object.assign(dom.window, { fetch });
      dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-help.js"), "utf8"));
      await settle();
      const doc = dom.window.document;
      expect(fetch).not.toHaveBeenCalled();
      expect(observed).toHaveLength(1);
      if (trigger === "visible") {
        observed[0].callback([{ isIntersecting: false }]);
        await settle();
        expect(fetch).not.toHaveBeenCalled();
        observed[0].callback([{ isIntersecting: true }]);
      } else {
        (doc.querySelector("input[type=search]") as HTMLInputElement).focus();
      }
      await settle();
      expect(fetch.mock.calls.map(([url]) => url), trigger).toEqual(["/apps/support/articles?limit=5&q="]);
      expect(doc.querySelector("[data-sp-answers] button")?.textContent, trigger).toBe("How do I return an item?");
    }
  });
});

describe("snippets/support-loader.liquid (the inline loader)", () => {
  it("loads nothing with the page; fetches the script on first use and sends a form submitted before it arrived", async () => {
    const html = await renderBlock("order-tracking");
    const { JSDOM } = await import("jsdom");
    const dom = new JSDOM(`<!DOCTYPE html><html lang="en"><head></head><body><main>${html}</main></body></html>`, {
      runScripts: "dangerously",
      url: "https://northwind.example/pages/support",
    });
    const doc = dom.window.document;
    const fetch = vi.fn(async (_url: string) => json({ order: ORDER }));
    Object.assign(dom.window, { fetch });
    const added = () => [...doc.head.querySelectorAll("script[src]")] as HTMLScriptElement[];
    expect(added()).toHaveLength(0);

    const form = doc.querySelector("form[data-sp-lookup]") as HTMLFormElement;
    (form.elements.namedItem("number") as HTMLInputElement).value = "1001";
    (form.elements.namedItem("email") as HTMLInputElement).value = "ada@example.com";
    // jsdom has no requestSubmit(): dispatch the submit event a browser would.
    form.requestSubmit = () => void form.dispatchEvent(new dom.window.Event("submit", { bubbles: true, cancelable: true }));
    const early = new dom.window.Event("submit", { bubbles: true, cancelable: true });
    form.dispatchEvent(early);
    expect(early.defaultPrevented).toBe(true); // held, not sent by the browser
    expect(added().map((s) => s.getAttribute("src"))).toEqual([expect.stringMatching(/^\/demo\/storefront\/assets\/support-tracking\.js\?v=/)]);
    (form.elements.namedItem("number") as HTMLInputElement).dispatchEvent(new dom.window.FocusEvent("focusin", { bubbles: true }));
    expect(added()).toHaveLength(1); // loaded once

    // The script arrives: it starts the wanted block, and the held submit is sent through it.
    dom.window.eval(readFileSync(path.join(EXTENSION_DIR, "assets/support-tracking.js"), "utf8"));
    added()[0].dispatchEvent(new dom.window.Event("load"));
    await settle();
    expect((doc.querySelector("[data-sp-tracking]") as HTMLElement).dataset.spReady).toBe("1");
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["/apps/support/orders/lookup?number=1001&email=ada%40example.com"]);
  });
});
