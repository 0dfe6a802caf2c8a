// The theme app extension (extensions/support-theme): theme-check clean, within Shopify's and our budgets,
// complete translations, and accessible server-rendered markup (rendered from the real .liquid files).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { BLOCKS, EXTENSION_DIR, blockSchema, blockSource, renderBlock, type BlockName } from "../../app/demo/storefront-render.server";
import { axeViolations, page } from "./theme-helpers";

// Offline and deterministic: theme-check would fetch the latest Liquid docs from GitHub; pointed at a folder
// that does not exist it uses the docs bundled in @shopify/theme-check-docs-updater (keep it installed).
process.env.SHOPIFY_TLD_ROOT = path.join(EXTENSION_DIR, ".no-remote-liquid-docs");

const CUSTOMER = { id: 7412958000001, name: "Ada Lovelace", first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" };
const BUDGET_BYTES = 10 * 1024;

/** The assets a block loads: <script src> and stylesheet_tag urls in its Liquid. */
function blockAssets(block: BlockName): string[] {
  const source = blockSource(block);
  return [...source.matchAll(/'([a-z0-9-]+\.(?:js|css))'\s*\|\s*asset_url/g)].map((m) => m[1]);
}

function keys(tree: unknown, prefix = ""): string[] {
  if (tree === null || typeof tree !== "object") return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("theme app extension: Shopify's checks", () => {
  it("passes theme-check (theme-app-extension config) with no errors", async () => {
    const messages: string[] = [];
    const { offenses } = await themeCheckRun(EXTENSION_DIR, undefined, (m) => messages.push(m));
    const errors = offenses.filter((o) => o.severity === 0).map((o) => `${o.check} ${o.uri}:${o.start.line} ${o.message}`);
    expect(errors).toEqual([]);
    // Warnings too: the extension is meant to be spotless.
    expect(offenses.map((o) => `${o.check}: ${o.message}`)).toEqual([]);
  }, 120_000);

  it("theme-check does report a parser-blocking script (the check above can fail)", async () => {
    const { mkdtempSync, cpSync, appendFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const copy = mkdtempSync(path.join(tmpdir(), "support-theme-"));
    cpSync(EXTENSION_DIR, copy, { recursive: true });
    appendFileSync(path.join(copy, "blocks/returns.liquid"), "\n{{ 'support-returns.js' | asset_url | script_tag }}\n");
    const { offenses } = await themeCheckRun(copy, undefined, () => {});
    expect(offenses.filter((o) => o.severity === 0).map((o) => o.check)).toContain("ParserBlockingScript");
  }, 120_000);

  it("declares a theme extension with three section-targeted app blocks", () => {
    const toml = readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8");
    expect(toml).toMatch(/^type = "theme"$/m);
    expect(readdirSync(path.join(EXTENSION_DIR, "blocks")).sort()).toEqual(["help-contact.liquid", "order-tracking.liquid", "returns.liquid"]);
    for (const block of BLOCKS) {
      const schema = blockSchema(block);
      expect(schema.target).toBe("section");
      expect(schema.settings.map((s) => s.id)).toEqual(expect.arrayContaining(["heading", "accent_color"]));
    }
  });
});

describe("theme app extension: budgets", () => {
  it.each(BLOCKS)("%s loads at most 10 KB gzipped of JavaScript and of CSS", (block) => {
    const assets = blockAssets(block);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    const gz = (ext: string) =>
      assets.filter((a) => a.endsWith(ext)).reduce((sum, a) => sum + gzipSync(readFileSync(path.join(EXTENSION_DIR, "assets", a)), { level: 9 }).length, 0);
    expect(gz(".js")).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(gz(".css")).toBeLessThanOrEqual(BUDGET_BYTES);
    // Shopify's own AssetSizeAppBlockJavaScript limit is 10,000 bytes uncompressed per file named in a schema;
    // ours are loaded by <script defer>, but stay well under it compressed.
  });

  it("ships no framework: plain scripts without imports", () => {
    for (const file of readdirSync(path.join(EXTENSION_DIR, "assets")).filter((f) => f.endsWith(".js"))) {
      const code = readFileSync(path.join(EXTENSION_DIR, "assets", file), "utf8");
      expect(code, file).not.toMatch(/^\s*import\s|\brequire\(|\bimport\(/m);
      // The one innerHTML decodes translation entities in a detached <textarea> (RCDATA: no markup, no script).
      expect(code.match(/innerHTML/g), file).toEqual(["innerHTML"]);
    }
  });
});

describe("theme app extension: translations", () => {
  const dir = path.join(EXTENSION_DIR, "locales");
  const load = (file: string) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown;

  it.each([
    ["en.default.json", ["fr.json", "de.json", "es.json"]],
    ["en.default.schema.json", ["fr.schema.json", "de.schema.json", "es.schema.json"]],
  ] as const)("%s: every language has exactly the same keys", (base, others) => {
    const expected = keys(load(base)).sort();
    expect(expected.length).toBeGreaterThan(50 / (base.includes("schema") ? 5 : 1));
    for (const other of others) expect(keys(load(other)).sort(), other).toEqual(expected);
  });

  it("headings default to the shop's language (t: defaults from the schema locales)", async () => {
    const heading = async (block: BlockName, locale: "en" | "de") =>
      page(await renderBlock(block, { locale })).window.document.querySelector("h2")?.textContent;
    expect(await heading("order-tracking", "en")).toBe("Track your order");
    expect(await heading("order-tracking", "de")).toBe("Bestellung verfolgen");
    expect(await heading("help-contact", "de")).toBe("Wie können wir helfen?");
    // A merchant's own heading wins.
    expect(page(await renderBlock("returns", { settings: { heading: "Send it back" } })).window.document.querySelector("h2")?.textContent).toBe("Send it back");
  });

  it("translates rather than copies English", async () => {
    for (const locale of ["fr", "de", "es"] as const) {
      const html = await renderBlock("help-contact", { locale });
      expect(html).not.toContain("Send message");
      expect(html).not.toContain("translation missing");
    }
  });
});

describe("theme app extension: rendered markup", () => {
  const variants = BLOCKS.flatMap((block) => [
    { block, customer: null, label: `${block} (guest)` },
    { block, customer: CUSTOMER, label: `${block} (signed in)` },
  ]);

  it.each(variants)("$label: labelled fields, no script loaded with the page, no translation gaps, axe clean", async ({ block, customer }) => {
    const html = await renderBlock(block, { customer, settings: { accent_color: "#1f3b2d" } });
    expect(html).not.toContain("translation missing");
    const dom = page(html);
    const doc = dom.window.document;
    for (const field of doc.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      expect(doc.querySelector(`label[for="${field.id}"]`), `label for ${field.outerHTML}`).not.toBeNull();
    }
    for (const script of doc.querySelectorAll("script")) {
      if (script.getAttribute("type") === "application/json") {
        expect(() => JSON.parse(script.textContent ?? "")).not.toThrow();
      } else {
        // Only the small inline loader (snippets/support-loader.liquid): the block's script comes on first use.
        expect(script.hasAttribute("src"), script.outerHTML).toBe(false);
        expect(script.textContent!.length).toBeLessThan(2000);
        expect(script.textContent).toMatch(/"\/demo\/storefront\/assets\/support-[a-z]+\.js\?v=[0-9a-z]+"/);
      }
    }
    expect(doc.querySelectorAll("div[onclick], span[onclick], [role=button]")).toHaveLength(0);
    expect(await axeViolations(dom)).toEqual([]);
  });

  it("the contact form is a plain POST to /apps/support/cases that works without JavaScript", async () => {
    const doc = page(await renderBlock("help-contact", { requestPath: "/pages/contact" })).window.document;
    const form = doc.querySelector("form[data-sp-contact]") as HTMLFormElement;
    expect(form.getAttribute("method")).toBe("post");
    expect(form.getAttribute("action")).toBe("/apps/support/cases");
    const names = [...form.elements].map((e) => (e as HTMLInputElement).name).filter(Boolean);
    expect(names).toEqual(["return_to", "name", "email", "orderNumber", "topic", "message"]);
    expect((form.elements.namedItem("return_to") as HTMLInputElement).value).toMatch(/^\/pages\/contact#sp-.+-sent$/);
    const topics = [...(form.elements.namedItem("topic") as HTMLSelectElement).options].map((o) => o.value);
    expect(topics).toEqual(["where_is_my_order", "return", "refund", "cancel", "billing", "product_question", "damaged_or_wrong", "account", "other"]);
    expect(form.querySelector("button[type=submit]")).not.toBeNull();
    // The confirmation the app's redirect lands on (shown by CSS :target, no script needed).
    expect(doc.getElementById(`${(form.elements.namedItem("return_to") as HTMLInputElement).value.split("#")[1]}`)).not.toBeNull();
  });

  it("prefills the contact form for a signed-in customer and hides parts the merchant turned off", async () => {
    const doc = page(await renderBlock("help-contact", { customer: CUSTOMER, settings: { show_search: false, show_order_field: false } })).window.document;
    expect((doc.querySelector("input[name=email]") as HTMLInputElement).value).toBe("ada@example.com");
    expect((doc.querySelector("input[name=name]") as HTMLInputElement).value).toBe("Ada Lovelace");
    expect(doc.querySelector("input[type=search]")).toBeNull();
    expect(doc.querySelector("input[name=orderNumber]")).toBeNull();
  });

  it("tracking: a guest gets the order number + email form; a signed-in customer gets the orders region", async () => {
    const guest = page(await renderBlock("order-tracking")).window.document;
    expect([...guest.querySelectorAll("form[data-sp-lookup] input")].map((i) => (i as HTMLInputElement).name)).toEqual(["number", "email"]);
    const signed = page(await renderBlock("order-tracking", { customer: CUSTOMER })).window.document;
    expect(signed.querySelector("form")).toBeNull();
    expect(signed.querySelector("[data-sp-orders]")).not.toBeNull();
    expect(signed.querySelector("[data-sp-tracking]")?.getAttribute("data-signed-in")).toBe("true");
  });

  it("returns: a guest is sent to sign in and loads no script", async () => {
    const html = await renderBlock("returns", { accountLoginUrl: "/account/login?return_url=%2Fpages%2Freturns" });
    const doc = page(html).window.document;
    expect(doc.querySelector("a.sp-button")?.getAttribute("href")).toBe("/account/login?return_url=%2Fpages%2Freturns");
    expect(doc.querySelector("script[src]")).toBeNull();
    expect(html).not.toContain("support-returns.js");
  });

  it("colours follow the theme unless the merchant sets an accent, whose text colour stays readable", async () => {
    const plain = page(await renderBlock("returns")).window.document.querySelector("section")!;
    expect(plain.getAttribute("style")).toBeNull();
    expect(plain.classList.contains("sp--accent")).toBe(false);
    const dark = page(await renderBlock("returns", { settings: { accent_color: "#1f3b2d" } })).window.document.querySelector("section")!;
    expect(dark.getAttribute("style")).toContain("--sp-on-accent: #fff");
    const light = page(await renderBlock("returns", { settings: { accent_color: "#ffd966" } })).window.document.querySelector("section")!;
    expect(light.getAttribute("style")).toContain("--sp-on-accent: #000");
  });
});
