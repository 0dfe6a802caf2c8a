// Stored XSS, proved in the browser: hostile HTML goes in through the real entry points — an inbound email (raw
// MIME posted to the shop's inbound address, read from Settings → Email like a merchant would) and the storefront
// contact form (the demo storefront, through the demo's app proxy) — and staff then open the inbox and the case.
// Nothing may run: no dialog, no payload console line, no window flag; the markup shows as text or is sanitised
// away; no link carries javascript:. Screenshots + axe on each screen.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { BASE_URL, checkScreen, launch, settle } from "./helpers";
import { NOTHING_LIVE, livePayloads } from "./xss-probe";

const TAG = `xss${Date.now().toString(36)}`;
const INBOUND_FIELD = "Inbound email URL";

/** What every payload does if it ever runs: a window flag, a console line and an alert, each naming the payload. */
const run = (where: string) => `window.__xssRan=(window.__xssRan||[]).concat('${where}');console.log('XSS-RAN ${where}');alert('${where}')`;

/** The HTML part of the hostile email: the classic vectors, each one marked. */
const HOSTILE_HTML = `<html><head>
<base href="javascript:${run("base")}//">
<meta http-equiv="refresh" content="0;url=javascript:${run("meta")}">
<style>body{background:url("javascript:${run("style-tag")}")}</style>
<script>${run("head-script")}</script>
</head><body>
<p>Hello, my parcel ${TAG} never arrived.</p>
<script>${run("script")}</script>
<SCRIPT SRC=//example.invalid/xss.js></SCRIPT>
<img src=x onerror="${run("img-onerror")}">
<img src="https://example.invalid/pixel.png" onerror="${run("img-https-onerror")}" onload="${run("img-https-onload")}" alt="tracking pixel">
<div style="background-image:url(https://example.invalid/style-bg.png)">${TAG} remote background</div>
<table background="https://example.invalid/table-bg.png"><tr><td background="https://example.invalid/td-bg.png">${TAG} table cell</td></tr></table>
<picture><source srcset="https://example.invalid/source.webp"><img srcset="https://example.invalid/srcset.png 2x" alt="srcset only"></picture>
<svg onload="${run("svg-onload")}"><circle r="10"/></svg>
<svg><script>${run("svg-script")}</script></svg>
<a href="javascript:${run("js-link")}">${TAG} plain javascript link</a>
<a href=" JaVaScRiPt:${run("js-link-mixed")}">${TAG} mixed-case link</a>
<a href="java&#x09;script:${run("js-link-tab")}">${TAG} tab-split link</a>
<a href="&#106;avascript:${run("js-link-entity")}">${TAG} entity link</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">${TAG} data link</a>
<a href="https://example.com/help" onclick="${run("onclick")}">${TAG} safe link with onclick</a>
<iframe src="javascript:${run("iframe-src")}"></iframe>
<iframe srcdoc="<script>parent.${run("iframe-srcdoc")}</script>"></iframe>
<object data="javascript:${run("object")}"></object>
<embed src="javascript:${run("embed")}">
<form action="javascript:${run("form")}"><button>${TAG} submit</button></form>
<div style="background:url(javascript:${run("style-attr")});width:expression(${run("expression")})">${TAG} styled text</div>
<details open ontoggle="${run("details")}"><summary>more</summary>x</details>
<math><mtext><table><mglyph><style><img src=x onerror="${run("mxss")}"></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=${run("noscript")}>"></noscript>
<p>${TAG} end of message</p>
</body></html>`;

/** A raw RFC 822 message with the hostile subject, display name, text and HTML parts. */
function hostileEmail(): string {
  const boundary = `b-${TAG}`;
  return [
    `From: "Mallory ${TAG} <img src=x onerror=${run("from-name")}>" <mallory-${TAG}@example.com>`,
    `To: support@northwind-outfitters.example`,
    // The app keeps the first 200 characters of a subject: the words to look for come first.
    `Subject: Order ${TAG} <script>${run("subject")}</script><img src=x onerror=${run("subject-img")}>`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${TAG}@example.com>`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    ``,
    `--${boundary}`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `Hello, my parcel ${TAG} never arrived. <script>${run("text-part")}</script>`,
    ``,
    `--${boundary}`,
    `Content-Type: text/html; charset=utf-8`,
    ``,
    HOSTILE_HTML,
    ``,
    `--${boundary}--`,
    ``,
  ].join("\r\n");
}

let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const consoleHits: string[] = [];
/** Every request the page made to the hostile email's image host (a tracking pixel fires by loading). */
const REMOTE_HOST = "example.invalid";
const remoteRequests: string[] = [];

beforeAll(async () => {
  ({ browser, page } = await launch());
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.text().includes("XSS-RAN")) consoleHits.push(message.text());
  });
  page.on("request", (request) => {
    if (new URL(request.url()).hostname === REMOTE_HOST) remoteRequests.push(request.url());
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Nothing ran on this page, no element carries a payload handler, no link a script URL. */
async function expectInert(screen: string) {
  await settle(page);
  const found = await livePayloads(page);
  expect(found, `${screen}: a payload is live in the page`).toEqual(NOTHING_LIVE);
  expect(dialogs, `${screen}: a payload opened a dialog`).toEqual([]);
  expect(consoleHits, `${screen}: a payload wrote to the console`).toEqual([]);
}

/** Searches the inbox like staff do; returns the row that shows `rowText` and its case link. */
async function findInInbox(search: string, rowText: string) {
  await page.goto("/app/cases?tab=all");
  await settle(page);
  await page.getByRole("button", { name: "Search cases" }).click();
  await page.getByRole("textbox", { name: /Search subject, messages/ }).fill(search);
  await page.waitForURL(new RegExp(`q=${search}`));
  await settle(page);
  const row = page.locator("tbody tr").filter({ hasText: rowText }).first();
  await row.waitFor({ timeout: 15_000 });
  return { row, caseLink: row.getByRole("link", { name: /^Open case #\d+/ }) };
}

describe("stored XSS, in the browser", () => {
  test("a hostile inbound email is stored, and shows inert in the inbox and on the case", async () => {
    // The shop's inbound address, as Settings → Email shows it to the merchant.
    await page.goto("/app/settings/email");
    await settle(page);
    const address = await page.getByRole("textbox", { name: INBOUND_FIELD }).inputValue();
    expect(address, "Settings → Email shows the inbound address").toMatch(/^https?:\/\/\S+\/inbound\/email\/[a-z0-9.-]+\/[0-9a-f]{32}$/);
    const inboundPath = new URL(address!).pathname;

    const response = await fetch(`${BASE_URL}${inboundPath}`, { method: "POST", headers: { "Content-Type": "message/rfc822" }, body: hostileEmail() });
    const stored = (await response.json()) as { caseId?: string; caseNumber?: number };
    expect(response.status, JSON.stringify(stored)).toBe(200);
    expect(stored.caseId).toBeTruthy();

    // The inbox: the hostile subject and sender are listed as text.
    const { caseLink } = await findInInbox(TAG, `Order ${TAG}`);
    await expect(caseLink.innerText()).resolves.toContain(`#${stored.caseNumber}`);
    await expectInert("inbox");
    await checkScreen(page, "xss-inbox");

    // The case: the message's safe text is there, the hostile parts are gone or shown as text.
    await caseLink.click();
    await page.waitForURL(new RegExp(`/app/cases/${stored.caseId}`));
    await settle(page);
    const heading = await page.getByRole("heading", { level: 1 }).first().innerText();
    expect(heading).toContain(`Order ${TAG}`);
    await page.getByText(`Hello, my parcel ${TAG} never arrived.`).first().waitFor();
    await page.getByText(`${TAG} end of message`).first().waitFor();
    const caseText = await page.locator("body").innerText();
    expect(caseText).toContain(`Mallory ${TAG}`);
    // The javascript: links keep their words, but not their target; the https link keeps its target only.
    const jsLink = page.getByText(`${TAG} plain javascript link`).first();
    await jsLink.waitFor();
    await expect(jsLink.evaluate((e) => e.closest("a")?.getAttribute("href") ?? null)).resolves.toBeNull();
    const safeLink = page.getByRole("link", { name: `${TAG} safe link with onclick` });
    await expect(safeLink.getAttribute("href")).resolves.toBe("https://example.com/help");
    await expect(safeLink.getAttribute("onclick")).resolves.toBeNull();
    // Clicking the defused link does nothing either.
    await jsLink.click();
    await expectInert("case");
    await checkScreen(page, "xss-case");

    // Remote images stay blocked until staff ask (a tracking pixel would tell the sender the email was read): a
    // placeholder keeps the alt text, and nothing has gone to the sender's host, CSS backgrounds included.
    await page.getByRole("img", { name: /not loaded: tracking pixel$/ }).waitFor();
    await page.getByText(`${TAG} remote background`).first().waitFor();
    expect(remoteRequests, "a remote image or background loaded before staff asked for it").toEqual([]);
    // One click loads this email's images from their own URLs, without telling them where from.
    const pixel = page.waitForRequest((request) => request.url() === `https://${REMOTE_HOST}/pixel.png`);
    await page.getByRole("button", { name: "Show images from this email" }).click();
    const request = await pixel;
    expect(request.headers().referer ?? "", "a remote image was loaded with a referrer").toBe("");
    await page.locator(`img[src="https://${REMOTE_HOST}/pixel.png"][referrerpolicy="no-referrer"]`).waitFor({ state: "attached" });
    await expect(page.getByRole("button", { name: "Show images from this email" }).count()).resolves.toBe(0);
    await settle(page);
    // Only the image: backgrounds, srcset and picture sources were dropped, not merely hidden.
    expect([...new Set(remoteRequests)]).toEqual([`https://${REMOTE_HOST}/pixel.png`]);
    await expectInert("case (images shown)");
  });

  test("a hostile contact form message shows inert on the storefront, in the inbox and on the case", async () => {
    await page.goto("/demo/storefront?as=guest");
    await page.getByRole("heading", { level: 1, name: "Help and support" }).waitFor();
    const contact = page.getByRole("form", { name: "Still need help? Write to us" });
    const name = `<img src=x onerror="${run("form-name")}"> Eve ${TAG}`;
    await contact.getByRole("textbox", { name: "Name" }).fill(name);
    await contact.getByRole("textbox", { name: "Email" }).fill(`eve-${TAG}@example.com`);
    await contact.getByRole("combobox", { name: "Topic" }).selectOption({ label: "Question about a product" });
    await contact
      .getByRole("textbox", { name: "Message" })
      .fill(`<script>${run("form-message")}</script><a href="javascript:${run("form-link")}">${TAG} form link</a> <svg onload="${run("form-svg")}"> javascript:${run("form-text")} ${TAG} form body`);
    await contact.getByRole("button", { name: "Send message" }).click();
    await page.getByText(`We received your message and will reply to eve-${TAG}@example.com`, { exact: false }).waitFor();
    await expectInert("storefront");

    const { row } = await findInInbox(TAG, TAG);
    const caseLink = row.getByRole("link", { name: /^Open case #\d+/ });
    await expectInert("inbox (contact form)");

    await caseLink.click();
    await page.waitForURL(/\/app\/cases\/[^/?]+/);
    await settle(page);
    // A plain-text message: the markup is shown as the words the shopper typed.
    await page.getByText(`${TAG} form body`, { exact: false }).first().waitFor();
    const caseText = await page.locator("body").innerText();
    expect(caseText).toContain(`<script>${run("form-message")}</script>`);
    expect(caseText).toContain(`Eve ${TAG}`);
    await expectInert("case (contact form)");
    await checkScreen(page, "xss-case-contact");
  });
  test("the probe sees a payload that does run (so the checks above can fail)", async () => {
    const context = await browser.newContext({ baseURL: BASE_URL });
    try {
      const probe = await context.newPage();
      const seen: string[] = [];
      probe.on("dialog", (dialog) => {
        seen.push(dialog.message());
        void dialog.dismiss();
      });
      await probe.goto("/app/cases");
      await settle(probe);
      // What an unsanitised message body would do: markup put into the page as HTML.
      await probe.evaluate((html) => document.body.insertAdjacentHTML("beforeend", html), `<img src=x onerror="${run("probe")}"><a href="javascript:void(0)">x</a>`);
      await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(1);
      const found = await livePayloads(probe);
      expect(found.ran).toEqual(["probe"]);
      expect(found.hostileImages).toBe(1);
      expect(found.scriptLinks).toEqual(["javascript:void(0)"]);
      expect(found.handlers).toContain("IMG onerror");
    } finally {
      await context.close();
    }
  });
});
