// Staff in the demo's admin app: inbox → filter → search → case with order context → macro reply →
// approve a return → refund → resolve; then insights, settings and feedback. Screenshots + axe on each screen.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { checkScreen, launch, settle } from "./helpers";

// The seeded cases about a requested return: their order's return request waits for approval. The demo seeds them
// relative to the moment it starts, and picks each one's subject from two ("Exchange instead of return? #1042" or
// "Return request #1042-R1"), so either may be missing; case and order numbers vary too, so the order number is read
// from the subject.
const CASE_LINK = /Open case #\d+: (Exchange instead of return\? #\d+|Return request #\d+-R\d+)/;
const ORDER_IN_SUBJECT = /(?:return\? |Return request )(#\d+)/;
let order = "";

let browser: Browser;
let page: Page;

/**
 * Opens an inbox view by its tab and waits until it is the view on screen. The URL changes before React has rendered
 * the new list (and the network is idle by then), so neither says the rows shown are the view's; the tab's selected
 * state comes from the same render as the rows.
 */
async function openView(on: Page, tab: RegExp) {
  await on.getByRole("tab", { name: tab }).click();
  await on.getByRole("tab", { name: tab, selected: true }).waitFor();
  await settle(on);
}

/** The inbox table's cells under the column headed `heading`, one per row (by heading, not by position). */
async function columnTexts(on: Page, heading: string): Promise<string[]> {
  const headings = (await on.locator("table thead th").allInnerTexts()).map((h) => h.trim());
  const index = headings.indexOf(heading);
  if (index < 0) throw new Error(`The inbox has no "${heading}" column (columns: ${headings.join(" | ")}).`);
  return on.locator(`table tbody tr td:nth-child(${index + 1})`).allInnerTexts();
}

beforeAll(async () => {
  ({ browser, page } = await launch());
});
afterAll(async () => {
  await browser?.close();
});

describe("staff", () => {
  test("inbox loads, filters by view and searches", async () => {
    await page.goto("/app/cases");
    await expect(page.getByRole("heading", { name: "Inbox", level: 1 }).isVisible()).resolves.toBe(true);
    await checkScreen(page, "inbox");

    await openView(page, /^Unassigned/);
    // Every row in the Unassigned view reads "Unassigned" in its Assignee column (found by its heading).
    const assignees = await columnTexts(page, "Assignee");
    expect(assignees.length).toBeGreaterThan(0);
    expect(assignees.filter((a) => /Jordan Reyes|Priya Raman|Maya Okafor/.test(a)), "assigned cases in the Unassigned view").toEqual([]);
    expect(assignees.every((a) => a.trim() === "Unassigned"), assignees.join(" | ")).toBe(true);

    // The search runs in the view on screen: open "All" first, and wait until it is the one shown.
    await openView(page, /^All/);
    await page.getByRole("button", { name: "Search cases" }).click();
    await page.getByRole("textbox", { name: /Search subject, messages/ }).fill("Exchange instead of return");
    await page.waitForURL(/q=Exchange/);
    expect(new URL(page.url()).searchParams.get("view"), "the search is made in the All view").toBe("all");
    await settle(page);
    // The URL changes before React renders the answer, and the list before it (All) also holds such a case: wait
    // for the list on screen to be the search's (only matching rows, a case named by the search among them).
    const matching = (rows: string[]) => rows.length > 0 && rows.length < 20 && rows.every((row) => /exchange|return/i.test(row));
    await expect
      .poll(() => page.locator("tbody tr").allInnerTexts(), { timeout: 15_000, message: "the inbox lists the search's results" })
      .toSatisfy(matching);
    await page.getByRole("link", { name: CASE_LINK }).first().waitFor();
    const rows = await page.locator("tbody tr").allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(20);
    expect(rows.every((row) => /exchange|return/i.test(row)), rows.join("\n---\n")).toBe(true);
    await checkScreen(page, "inbox-search");
  });

  test("case: order context, macro reply, approve return, refund, resolve", async () => {
    // Of the seeded cases about a requested return, one whose order's return still waits for approval.
    const hrefs = await page.getByRole("link", { name: CASE_LINK }).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    let found = false;
    for (const href of hrefs) {
      await page.goto(href);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await settle(page);
      if ((await page.getByRole("button", { name: /^Approve return #/ }).count()) > 0) {
        found = true;
        break;
      }
    }
    expect(found, "a seeded case with a return waiting for approval").toBe(true);
    const title = await page.getByRole("heading", { level: 1 }).first().innerText();
    order = (title.match(ORDER_IN_SUBJECT) ?? ["", ""])[1];
    expect(order, title).toMatch(/^#\d+$/);
    // Order context: the order, its return request and the actions on it.
    await page.getByRole("heading", { name: `Order ${order}` }).waitFor();
    const approveButton = page.getByRole("button", { name: /^Approve return #/ }).first();
    const ret = (await approveButton.innerText()).replace("Approve return ", "").trim();
    expect(ret.startsWith(`${order}-R`), ret).toBe(true);
    await page.getByText(`Return ${ret} requested`, { exact: false }).waitFor();
    await checkScreen(page, "case");

    // Reply with a macro.
    await page.getByRole("combobox", { name: "Macro" }).selectOption({ label: "Return instructions" });
    await page.getByRole("button", { name: "Insert" }).click();
    const reply = page.getByRole("textbox", { name: "Reply to the customer" });
    await expect.poll(() => reply.inputValue(), { timeout: 15_000 }).not.toBe("");
    const text = await reply.inputValue();
    await page.getByRole("combobox", { name: "Then set status to" }).selectOption({ label: "Leave unchanged" });
    await page.getByRole("button", { name: "Send reply" }).click();
    await settle(page);
    await expect.poll(() => reply.inputValue(), { timeout: 15_000 }).toBe("");
    await page.getByText(text.split("\n")[0].slice(0, 40), { exact: false }).first().waitFor();

    // Approve the return (the demo answers the Admin API locally).
    await approveButton.click();
    const approve = page.getByRole("dialog", { name: `Approve return ${ret}` });
    await approve.getByRole("button", { name: "Approve return" }).click();
    await approve.waitFor({ state: "hidden" });
    await settle(page);
    // (The demo's Admin API mock names the approved return itself, so only the order number is certain.)
    await page.getByText(new RegExp(`Return #\\S+ approved on order ${order}`)).waitFor();
    await page.getByText(/Return #\S+ is open: items on their way back/).waitFor();
    await checkScreen(page, "case-return-approved");

    // Refund part of the order from the order actions (this store requires a note on every refund).
    await page.getByRole("button", { name: "Refund", exact: true }).click();
    const refund = page.getByRole("dialog", { name: `Refund order ${order}` });
    await refund.waitFor();
    await checkScreen(page, "case-refund-modal");
    await refund.getByRole("textbox", { name: "Amount to refund" }).fill("5.00");
    await refund.getByRole("textbox", { name: /Reason for the refund/ }).fill("Goodwill: e2e test");
    await refund.getByRole("button", { name: /^Refund/ }).last().click();
    await refund.waitFor({ state: "hidden" });
    await page.reload();
    await settle(page);
    const refundText = await page.locator("body").innerText();
    expect(refundText, "the refund shows on the case").toContain(`Maya Okafor refunded $5.00 on ${order} · Goodwill: e2e test`);

    // Close the case.
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await settle(page);
    await page.getByText(/Maya Okafor changed the status from \w+ to Resolved/).first().waitFor();
    await expect(page.getByRole("combobox", { name: "Status", exact: true }).inputValue()).resolves.toMatch(/resolved/i);
  });

  test("insights, settings and feedback", async () => {
    for (const [screen, url, heading] of [
      ["insights", "/app/insights", /Insights|Support metrics/],
      ["settings", "/app/settings", /Settings/],
      ["feedback", "/app/feedback", /Feedback/],
    ] as const) {
      await page.goto(url);
      await page.getByRole("heading", { level: 1, name: heading }).first().waitFor();
      await checkScreen(page, screen);
    }
  });
});
