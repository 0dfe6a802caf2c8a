import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { gzipSync, brotliCompressSync } from "node:zlib";
import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseTopic } from "../../app/generated/prisma/enums";
import { RETURN_REASONS } from "../../app/returns/return-policy.server";
import { APPLICATION_URL } from "../../extensions/customer-account-shared/app-url";
import { feesFor } from "../../extensions/customer-account-shared/fees";
import { HELP_TOPICS } from "../../extensions/customer-account-shared/types";

// The customer account extensions as Shopify CLI builds them (offline, no login), their size against Shopify's
// 64 KB limit, their types (the root tsconfig leaves extensions/ out), their translations, and where they call.

const exec = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const EXTENSIONS = ["customer-account-returns", "customer-account-help"] as const;
const SHARED = join(ROOT, "extensions/customer-account-shared");
const LIMIT = 64 * 1024;
const BUILD_APP_URL = "https://casefile-build-check.example";
const require = createRequire(import.meta.url);

const TARGETS: Record<(typeof EXTENSIONS)[number], string[]> = {
  "customer-account-returns": [
    "customer-account.order.action.menu-item.render",
    "customer-account.order.action.render",
    "customer-account.order-status.block.render",
  ],
  "customer-account-help": ["customer-account.order.action.menu-item.render", "customer-account.order.action.render"],
};

const bundlePath = (ext: string) => join(ROOT, "extensions", ext, "dist", `${ext}.js`);

describe("Shopify CLI build of the customer account extensions", () => {
  let buildOutput = "";
  beforeAll(async () => {
    // `shopify app build` of the whole app, as `shopify app deploy` runs it; Node 22 (this process) runs the CLI.
    const cli = join(ROOT, "node_modules/@shopify/cli/bin/run.js");
    const { stdout, stderr } = await exec(process.execPath, [cli, "app", "build", "--path", ROOT, "--skip-dependencies-installation"], {
      cwd: ROOT,
      env: { ...process.env, APP_URL: BUILD_APP_URL, SHOPIFY_CLI_NO_ANALYTICS: "1", CI: "1", FORCE_COLOR: "0", NODE_ENV: "production" },
      maxBuffer: 20 * 1024 * 1024,
      timeout: 180_000,
    });
    buildOutput = `${stdout}\n${stderr}`;
  }, 200_000);

  it.each(EXTENSIONS)("%s: builds to one bundle that registers each of its targets", (ext) => {
    expect(buildOutput).toContain(`${ext} successfully built`);
    const file = bundlePath(ext);
    expect(existsSync(file), `${file} after the build`).toBe(true);
    const code = readFileSync(file, "utf8");
    for (const target of TARGETS[ext]) expect(code).toContain(`shopify.extend("${target}"`);
    // All JSX is Preact's: shared code compiled with the app's React settings would pull in react/jsx-runtime.
    const metafile = JSON.parse(readFileSync(join(ROOT, "extensions", ext, "dist", `${ext}.metafile.json`), "utf8")) as { inputs: Record<string, unknown> };
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => /node_modules\/react(-dom)?\//.test(path))).toEqual([]);
    expect(inputs).toContain("node_modules/preact/jsx-runtime/dist/jsxRuntime.module.js");
    // The app URL the build was given is baked in; no `process` reference is left for the worker to trip on.
    expect(code).toContain(BUILD_APP_URL);
    expect(code).not.toMatch(/process\.env/);
  });

  it.each(EXTENSIONS)("%s: bundle is within Shopify's 64 KB limit", (ext) => {
    const code = readFileSync(bundlePath(ext));
    const figures = { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length };
    console.log(`${ext}: ${JSON.stringify(figures)} bytes`);
    expect(figures.raw).toBeLessThanOrEqual(LIMIT);
    expect(figures.gzip).toBeLessThanOrEqual(LIMIT);
    expect(statSync(bundlePath(ext)).size).toBe(figures.raw);
  });
});

describe("customer account extension sources", () => {
  it.each(EXTENSIONS)("%s: type-checks with its own tsconfig (Preact JSX, s-* components, the target's shopify API)", async (ext) => {
    const tsc = require.resolve("typescript/bin/tsc");
    const result = await exec(process.execPath, [tsc, "-p", join(ROOT, "extensions", ext, "tsconfig.json")], { cwd: ROOT }).catch((error: { stdout: string }) => error);
    expect("stdout" in result ? result.stdout : "").toBe("");
  }, 120_000);

  it("falls back to shopify.app.toml's application_url when the build sets no APP_URL", () => {
    const toml = parseToml(readFileSync(join(ROOT, "shopify.app.toml"), "utf8")) as { application_url: string };
    expect(APPLICATION_URL).toBe(toml.application_url);
  });

  it.each(EXTENSIONS)("%s: declares api 2026-07, network access and the translated name", (ext) => {
    const toml = parseToml(readFileSync(join(ROOT, "extensions", ext, "shopify.extension.toml"), "utf8")) as {
      api_version: string;
      extensions: { type: string; handle: string; name: string; targeting: { target: string }[]; capabilities: { network_access: boolean } }[];
    };
    expect(toml.api_version).toBe("2026-07");
    const [extension] = toml.extensions;
    expect(extension).toMatchObject({ type: "ui_extension", handle: ext, name: "t:name", capabilities: { network_access: true } });
    expect(extension.targeting.map((t) => t.target)).toEqual(TARGETS[ext]);
  });
});

describe("customer account extension translations", () => {
  const flatten = (value: unknown, prefix = ""): string[] =>
    typeof value === "object" && value !== null && !("one" in value && "other" in value)
      ? Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];
  const locale = (ext: string, file: string) => JSON.parse(readFileSync(join(ROOT, "extensions", ext, "locales", file), "utf8"));
  const sources = (ext: string) =>
    [join(ROOT, "extensions", ext, "src"), SHARED].flatMap((dir) => readdirSync(dir).filter((f) => /\.tsx?$/.test(f)).map((f) => readFileSync(join(dir, f), "utf8")));

  it.each(EXTENSIONS)("%s: English, French and German hold the same keys", (ext) => {
    const en = flatten(locale(ext, "en.default.json")).sort();
    expect(en.length).toBeGreaterThan(100);
    for (const other of ["fr.json", "de.json"]) expect(flatten(locale(ext, other)).sort(), other).toEqual(en);
  });

  it.each(EXTENSIONS)("%s: every key the code asks for exists, including each status, reason and topic", (ext) => {
    const keys = new Set(flatten(locale(ext, "en.default.json")));
    const used = new Set<string>();
    for (const code of sources(ext)) for (const m of code.matchAll(/f\.t\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
    for (const code of sources(ext)) for (const m of code.matchAll(/\?\s*"([a-z]+\.[a-zA-Z.]+)"\s*:\s*"([a-z]+\.[a-zA-Z.]+)"/g)) used.add(m[1]).add(m[2]);
    for (const s of ["ordered", "shipped", "in_transit", "out_for_delivery", "delivered", "partially_shipped", "cancelled", "ready_for_pickup"]) used.add(`status.${s}`);
    for (const s of ["complete", "current", "upcoming"]) used.add(`step.${s}`).add(`step.${s}WithDate`);
    for (const k of ["delayed", "attempted", "failed"]) used.add(`exception.${k}.heading`).add(`exception.${k}.body`);
    for (const s of ["requested", "open", "declined", "canceled", "closed"]) used.add(`returnStatus.${s}`).add(`returnStatus.${s}Help`);
    for (const r of RETURN_REASONS) used.add(`reasons.${r}`);
    for (const r of ["returns_disabled", "cancelled", "not_shipped", "window_closed", "nothing_returnable"]) used.add(`returns.notEligible.${r}`);
    for (const r of ["final_sale", "excluded_product_type", "not_shipped", "window_closed", "already_returned", "no_shipping_required"]) used.add(`returns.lineReason.${r}`);
    for (const t of HELP_TOPICS) used.add(`topics.${t}`);
    for (const e of ["network", "signedOut", "notFound", "conflict", "rateLimited", "invalid", "unavailable"]) used.add(`errors.${e}`);
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !keys.has(k))).toEqual([]);
  });

  it("offers only topics the app's cases know", () => {
    const topics = Object.values(CaseTopic).map((t) => t.toLowerCase());
    expect(HELP_TOPICS.filter((t) => !topics.includes(t))).toEqual([]);
  });
});

describe("return fees shown before submit", () => {
  const line = (id: string, price: string, returnableQuantity = 2) => ({
    lineItemId: id,
    title: id,
    variantTitle: null,
    imageUrl: null,
    price,
    quantity: 2,
    returnableQuantity,
    eligible: true,
    ineligibleReason: null,
    windowEndsAt: null,
  });
  const policy = (restockingFeePercent: string, returnShippingFee: string) => ({
    windowDays: 30,
    windowStartsAt: "DELIVERY" as const,
    restockingFeePercent,
    returnShippingFee,
    instructions: null,
  });

  it("charges the restocking percentage of the chosen items and the flat shipping fee, to the cent", () => {
    const lines = [line("a", "45.00"), line("b", "19.99")];
    expect(feesFor(lines, { a: { quantity: 1, reason: "DEFECTIVE" }, b: { quantity: 2, reason: "OTHER" } }, policy("10.00", "6.95"))).toEqual({
      subtotal: 84.98,
      restocking: 8.5,
      shipping: 6.95,
      refund: 69.53,
    });
  });

  it("charges nothing while no item is chosen, and never estimates a negative refund", () => {
    expect(feesFor([line("a", "45.00")], {}, policy("10.00", "6.95"))).toEqual({ subtotal: 0, restocking: 0, shipping: 0, refund: 0 });
    expect(feesFor([line("a", "3.00")], { a: { quantity: 1, reason: "OTHER" } }, policy("0.00", "6.95")).refund).toBe(0);
  });
});
