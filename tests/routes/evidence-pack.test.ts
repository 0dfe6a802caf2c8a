import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { JSDOM } from "jsdom";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { EvidencePackButton } from "../../app/components/case/EvidencePackButton";
import { describe, expect, it } from "vitest";
import { redactCustomer } from "../../app/compliance/redact-customer.server";
import { renderEvidencePackHtml } from "../../app/insights/evidence-pack-document.server";
import { buildEvidencePack } from "../../app/insights/evidence-pack.server";
import { loader } from "../../app/routes/app.orders.$id.evidence";
import { createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { XSS_BODY, XSS_SUBJECT, seedDisputedOrder } from "./evidence-fixture";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function getPack(shop: TestShop, orderId: string, query = "") {
  const response = await loader(args(await embeddedRequest(`/app/orders/${orderId}/evidence${query}`, shop), { id: orderId }));
  // Intl may put a narrow no-break space before AM/PM; compare with plain spaces.
  const html = (await response.clone().text()).replace(/[\u202f\u00a0]/g, " ");
  return { response, html };
}

/** The text of the section with this id (tags stripped), to assert on what a reader sees there. */
function section(html: string, id: string): string {
  const m = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html);
  expect(m, `section ${id}`).not.toBeNull();
  const text = m![1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
  return text.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

describe("GET /app/orders/:id/evidence", () => {
  it("renders a standalone printable HTML document with every part of the evidence, in order", async () => {
    const shop = await createInstalledShop();
    const { order, linked, byEmail } = await seedDisputedOrder(shop);

    const { response, html } = await getPack(shop, order.id);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toBeNull();
    expect(html.startsWith("<!DOCTYPE html><html")).toBe(true);
    // Not the admin frame: no Polaris, no App Bridge.
    expect(html).not.toContain("Polaris");
    expect(html).not.toContain("app-bridge");
    expect(html).toContain('<button type="button" id="print-pack">Print / Save as PDF</button>');
    expect(html).toContain("@media print");

    // Sections in the order a dispute response reads them.
    const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(["order", "customer", "items", "transactions", "fulfillments", "refunds", "returns", "communication", "self-service"]);

    const orderText = section(html, "order");
    expect(orderText).toContain("Shopify order ID 5555000001");
    // 15:04:05 UTC on Nov 2 is 10:04:05 EST (New York left daylight time on Nov 1, 2026).
    expect(orderText).toContain("Placed Nov 2, 2026, 10:04:05 AM EST (2026-11-02T15:04:05Z)");
    expect(orderText).toContain("Payment status Partially refunded");
    expect(orderText).toContain("Disputes (chargebacks and inquiries) 1");
    expect(orderText).toContain("Payment gateways shopify_payments");
    expect(orderText).toContain("Discounts (WELCOME10) −$10.00");
    expect(orderText).toContain("Total $108.00");
    expect(orderText).toContain("Refunded $20.00");
    expect(orderText).toContain("Net paid after refunds $88.00");

    const customerText = section(html, "customer");
    expect(customerText).toContain("Name Ann Buyer");
    expect(customerText).toContain("Email Ann_B@Example.com");
    expect(customerText).toContain("First order on record Jun 1, 2025, 8:00:00 AM EDT (2025-06-01T12:00:00Z)");
    expect(customerText).toContain("Lifetime spend $312.50");
    expect(customerText).toContain("Billing and shipping addresses differ in: postal code.");

    expect(section(html, "items")).toContain("Blue mug — Large MUG-BL-L 2 $30.00");

    const shipping = section(html, "fulfillments");
    expect(shipping).toContain("✔ Delivery confirmed by the carrier: Nov 5, 2026, 1:30:00 PM EST (2026-11-05T18:30:00Z)");
    expect(html).toContain('<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784" rel="noopener noreferrer">1Z999AA10123456784</a>');
    expect(shipping.indexOf("Departed facility")).toBeLessThan(shipping.indexOf("Left at front door"));
    expect(html).toMatch(/<tr class="delivered-row"><td><time dateTime="2026-11-05T18:30:00Z">/);

    expect(section(html, "refunds")).toContain("$20.00");
    expect(section(html, "refunds")).toContain("Chipped mug refunded");
    const returns = section(html, "returns");
    expect(returns).toContain("Status Completed");
    expect(returns).toContain("1 × Blue mug — Large — Defective");
    expect(returns).toContain("USPS 9400100000000000000000");

    const talk = section(html, "communication");
    expect(talk).toContain(`Case #${linked.number}:`);
    expect(talk).toContain(`Case #${byEmail.number}: Never received my order`);
    expect(talk.indexOf(`Case #${linked.number}:`)).toBeLessThan(talk.indexOf(`Case #${byEmail.number}:`));
    expect(talk).toContain("Tied to this order Linked to this order");
    expect(talk).toContain("Tied to this order Same customer");
    expect(talk).toContain("I never got my mugs.");
    expect(talk).toContain("Staff Ada Agent · Email · Nov 4, 2026, 9:00:00 AM EST (2026-11-04T14:00:00Z)");
    expect(talk).not.toContain("Stranger");
    expect(talk).toContain("Refund $20.00 — Done Chipped on arrival Ada Agent");
    expect(talk).toContain(`Order #1001 delivered · on case #${linked.number}, #${byEmail.number}`);

    expect(section(html, "self-service")).toContain("Nov 4, 2026, 7:00:00 AM EST (2026-11-04T12:00:00Z) Customer looked up the order (status and tracking)");
    expect(html).toContain("<footer>Generated from records kept by Casefile Support — times recorded when received.</footer>");
  });

  it("leaves internal notes out by default and includes them, labelled, with ?notes=1", async () => {
    const shop = await createInstalledShop();
    const { order } = await seedDisputedOrder(shop);

    const without = await getPack(shop, order.id);
    expect(without.html).not.toContain("carrier photo shows the parcel");
    expect(without.html).toContain("2 messages 1 internal note not included.");
    expect(without.html).toContain("Internal staff notes are not included.");

    const withNotes = await getPack(shop, order.id, "?notes=1");
    expect(withNotes.response.status).toBe(200);
    expect(withNotes.html).toMatch(/<div class="message note"[^>]*><div class="message-head"><span class="label note">Internal note<\/span>/);
    expect(withNotes.html).toContain("Internal: carrier photo shows the parcel at the door.");
    expect(withNotes.html).not.toContain("not included.</p>");
    expect(withNotes.html).toContain("3 messages</p>");
  });

  it("escapes what customers wrote: no script runs and no attribute is injected", async () => {
    const shop = await createInstalledShop();
    const { order, linked } = await seedDisputedOrder(shop);

    const { response, html } = await getPack(shop, order.id);

    // Parsed as a browser would: the one script is the print button's, carrying the nonce the policy allows.
    const doc = new JSDOM(html).window.document;
    const scripts = [...doc.querySelectorAll("script")];
    expect(scripts).toHaveLength(1);
    expect(scripts[0].textContent).toContain('getElementById("print-pack")');
    const nonce = scripts[0].getAttribute("nonce")!;
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(response.headers.get("content-security-policy")).toContain(`script-src 'nonce-${nonce}'`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content")).toContain(`'nonce-${nonce}'`);
    // No element came from customer text, and no element carries an event-handler attribute.
    expect(doc.querySelectorAll("img, svg, iframe, object").length).toBe(0);
    const handlers = [...doc.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName}[${a.name}]`));
    expect(handlers).toEqual([]);
    // The text reads exactly as the customer wrote it.
    const bodies = [...doc.querySelectorAll(".message-body")].map((el) => el.textContent);
    expect(bodies).toContain(XSS_BODY);
    expect(doc.querySelector(`#case-${linked.number} h3`)?.textContent).toBe(`Case #${linked.number}: ${XSS_SUBJECT}`);
    expect(html).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;");
  });

  it("says when messages were left out: first N of M", async () => {
    const shop = await createInstalledShop();
    const { order } = await seedDisputedOrder(shop);
    const pack = await buildEvidencePack(shop.shopId, order.id, { messageLimit: 2 });

    const html = renderEvidencePackHtml(pack, { appName: "Casefile Support", nonce: "abc" });

    expect(html).toContain('<p class="warning">Showing the first 2 of 3.</p>');
    // The second case's one message fell past the limit: its thread says so too.
    expect(html).toContain("1 message — Showing the first 0 of 1.");
  });

  it("answers ?download=1 as an attachment named after the order", async () => {
    const shop = await createInstalledShop();
    const { order } = await seedDisputedOrder(shop);

    const { response, html } = await getPack(shop, order.id, "?download=1");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="evidence-1001.html"');
    expect(html).toContain("Dispute evidence — order #1001");
  });

  it("shows nothing personal for a customer erased at their request, and says so", async () => {
    const shop = await createInstalledShop();
    const { order, customer } = await seedDisputedOrder(shop);
    await redactCustomer({
      shopId: shop.shopId,
      shopDomain: shop.domain,
      customer: { shopifyCustomerId: customer.shopifyId, email: "ann_b@example.com", phone: null, orderIds: [order.shopifyId] },
      now: new Date("2026-11-22T15:00:00Z"),
    });

    const { html } = await getPack(shop, order.id);

    expect(section(html, "customer").trim()).toBe("Customer Personal data erased on Nov 22, 2026, 10:00:00 AM EST at the customer's request.");
    expect(html).not.toMatch(/ann_b@example\.com/i);
    expect(html).not.toContain("Ann Buyer");
    expect(html).not.toContain("Ann B");
    expect(html).not.toContain("1 Main St");
    expect(html).not.toContain("+1 555 0100");
    expect(html).not.toContain("Chipped rim");
    // What is not personal stays: amounts, the delivery confirmation, the conversation's shape and times.
    expect(section(html, "order")).toContain("Total $108.00");
    expect(section(html, "fulfillments")).toContain("Delivery confirmed by the carrier: Nov 5, 2026, 1:30:00 PM EST");
    expect(section(html, "communication")).toContain("Customer Unknown sender · Email · Nov 4, 2026, 8:00:00 AM EST");
  });

  it("answers 404 with a clear message for another shop's order, and for a malformed id; 400 for a bad flag", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const foreign = await createTestOrder(other.shopId);

    const cross = await getPack(shop, foreign.id);
    expect(cross.response.status).toBe(404);
    expect((await cross.response.json()).error.message).toBe(
      "This order is not in this store's records. Open the evidence pack from an order shown in the app.",
    );

    const malformed = await getPack(shop, "not-an-id");
    expect(malformed.response.status).toBe(404);
    expect((await malformed.response.json()).error.message).toMatch(/not valid/);

    const { order } = await seedDisputedOrder(shop);
    const badFlag = await getPack(shop, order.id, "?notes=yes");
    expect(badFlag.response.status).toBe(400);
  });
});

describe("the Evidence pack button of an order in the case view", () => {
  it("renders both actions, labelled with the order", () => {
    const html = renderToString(createElement(AppProvider, { i18n: polarisEn }, createElement(EvidencePackButton, { orderId: "0193e6a0-0000-7000-8000-000000000001", orderName: "#1001" })));

    expect(html).toContain(">Evidence pack<");
    expect(html).toContain('aria-label="Open the dispute evidence pack of order #1001 in a new tab"');
    expect(html).toContain('aria-label="Download the dispute evidence pack of order #1001 as an HTML file"');
  });
});
