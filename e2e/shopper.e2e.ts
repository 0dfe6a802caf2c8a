// A shopper on the demo storefront: guest order lookup with tracking, demo sign-in, a return request, help
// search and the contact form; then the staff inbox shows the new case. Screenshots + axe on each screen.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { checkScreen, launch, settle } from "./helpers";

let browser: Browser;
let page: Page;
const UNIQUE = `e2e-${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ browser, page } = await launch());
});
afterAll(async () => {
  await browser?.close();
});

describe("shopper", () => {
  test("guest looks up an order and sees its tracking", async () => {
    await page.goto("/demo/storefront");
    await page.getByRole("heading", { level: 1, name: "Help and support" }).waitFor();
    await checkScreen(page, "storefront-guest");
    // The demo page names a seeded order and its email for guests.
    const hint = await page.getByText(/To try a guest lookup, use order/).innerText();
    const [, order, email] = hint.match(/order (#\d+) with the email (\S+?)\.?$/) ?? [];
    expect(order, hint).toMatch(/^#\d+$/);
    const track = page.getByRole("region", { name: "Track your order" });
    await track.getByRole("textbox", { name: "Order number", exact: true }).fill(order);
    await track.getByRole("textbox", { name: "Email" }).fill(email);
    await track.getByRole("button", { name: "Track order" }).click();
    const result = track.getByRole("article", { name: `Order ${order}` });
    await result.waitFor();
    await expect(result.getByText("Tracking number").isVisible()).resolves.toBe(true);
    await expect(result.getByRole("link", { name: /Track on the carrier's website/ }).count()).resolves.toBeGreaterThan(0);
    await checkScreen(page, "storefront-tracking");
  });

  test("signed-in customer requests a return", async () => {
    await page.getByRole("link", { name: /Signed-in demo customer/ }).click();
    await page.waitForURL(/as=customer/);
    await settle(page);
    await page.getByText(/Signed in as/).first().waitFor();
    const returns = page.getByRole("region", { name: "Start a return" });
    await returns.getByRole("button", { name: /^Choose #/ }).first().click();
    const form = returns.getByRole("form");
    await form.waitFor();
    await form.getByRole("button", { name: /^More:/ }).first().click();
    await form.getByRole("combobox", { name: "Reason" }).first().selectOption({ label: "Size too large" });
    await checkScreen(page, "storefront-return-form");
    await form.getByRole("button", { name: /return/i }).last().click();
    await returns.getByText(/Your return request for #\d+ was sent/).waitFor();
    await checkScreen(page, "storefront-return-requested");
  });

  test("searches help and sends the contact form; the case appears in the inbox", async () => {
    const help = page.getByRole("region", { name: "How can we help?" });
    await help.getByRole("searchbox", { name: "Search our help articles" }).fill("return policy");
    await help.getByRole("button", { name: "Our return policy" }).waitFor();
    await help.getByRole("button", { name: "Our return policy" }).click();
    await checkScreen(page, "storefront-help");

    const contact = page.getByRole("form", { name: "Still need help? Write to us" });
    await contact.getByRole("textbox", { name: "Name" }).fill("Erin Tester");
    await contact.getByRole("textbox", { name: "Email" }).fill(`${UNIQUE}@example.com`);
    await contact.getByRole("combobox", { name: "Topic" }).selectOption({ label: "Question about a product" });
    await contact.getByRole("textbox", { name: "Message" }).fill(`Does the Summit Down Puffer run large? (${UNIQUE})`);
    await contact.getByRole("button", { name: "Send message" }).click();
    await contact.page().getByText(`We received your message and will reply to ${UNIQUE}@example.com`, { exact: false }).waitFor();
    await checkScreen(page, "storefront-contact-sent");

    await page.goto("/app/cases?tab=all");
    await settle(page);
    await page.getByRole("button", { name: "Search cases" }).click();
    await page.getByRole("textbox", { name: /Search subject, messages/ }).fill(UNIQUE);
    await expect
      // A signed-in customer's message joins their open case (repeat contact), so look for the message itself.
      .poll(async () => (await page.locator("tbody").innerText()).includes(`run large? (${UNIQUE})`), { timeout: 15_000 })
      .toBe(true);
    await checkScreen(page, "inbox-new-contact-case");
  });
});
