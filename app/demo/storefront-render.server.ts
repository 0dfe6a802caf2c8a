// Renders the theme app extension's real blocks (extensions/support-theme) with liquidjs, the way Shopify's
// storefront renders them: block settings from each block's {% schema %} defaults, `t` from the extension's
// locales (HTML-escaped, English fallback), `asset_url` pointing at the demo's asset route. Used by the demo
// storefront page and by the extension's tests, so what is tested is what the demo shows.

import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve(process.cwd(), "extensions/support-theme");
export const BLOCKS = ["order-tracking", "returns", "help-contact"] as const;
export type BlockName = (typeof BLOCKS)[number];
export const STOREFRONT_LOCALES = ["en", "fr", "de", "es"] as const;
export type StorefrontLocale = (typeof STOREFRONT_LOCALES)[number];
/** Where the demo serves extension assets (app/routes/demo.storefront.assets.$file.tsx). */
export const DEMO_ASSET_BASE = "/demo/storefront/assets/";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface BlockSchema {
  name: string;
  target: string;
  settings: { type: string; id: string; default?: Json }[];
}

export interface StorefrontCustomer {
  id: number | string;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
}

export interface RenderOptions {
  locale?: StorefrontLocale;
  customer?: StorefrontCustomer | null;
  /** Overrides of the schema defaults, as a merchant would set them in the theme editor. */
  settings?: Record<string, Json>;
  /** request.path of the page the block sits on. */
  requestPath?: string;
  accountLoginUrl?: string;
  assetBase?: string;
  blockId?: string;
}

function readJson(file: string): Record<string, Json> {
  return JSON.parse(readFileSync(path.join(EXTENSION_DIR, file), "utf8")) as Record<string, Json>;
}

/** The extension's storefront translations, by locale ("en" is locales/en.default.json). */
export function loadLocales(): Record<StorefrontLocale, Record<string, Json>> {
  return {
    en: readJson("locales/en.default.json"),
    fr: readJson("locales/fr.json"),
    de: readJson("locales/de.json"),
    es: readJson("locales/es.json"),
  };
}

/** The theme editor's translations (locales/*.schema.json), which also hold translated setting defaults. */
export function loadSchemaLocales(): Record<StorefrontLocale, Record<string, Json>> {
  return {
    en: readJson("locales/en.default.schema.json"),
    fr: readJson("locales/fr.schema.json"),
    de: readJson("locales/de.schema.json"),
    es: readJson("locales/es.schema.json"),
  };
}

/** Files the extension ships in assets/ (the only files the demo's asset route serves). */
export function extensionAssets(): string[] {
  return readdirSync(path.join(EXTENSION_DIR, "assets")).filter((name) => /^[a-z0-9-]+\.(js|css)$/.test(name));
}

/**
 * The version asset_url puts on an asset's URL (?v=, like Shopify's): its modification time, so a changed file gets a
 * new URL and the old one can be cached for a year. Empty for a file that does not exist.
 */
export function assetVersion(file: string): string {
  try {
    return Math.floor(statSync(path.join(EXTENSION_DIR, "assets", file)).mtimeMs).toString(36);
  } catch {
    return "";
  }
}

export function blockSource(block: BlockName): string {
  return readFileSync(path.join(EXTENSION_DIR, "blocks", `${block}.liquid`), "utf8");
}

export function blockSchema(block: BlockName): BlockSchema {
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(blockSource(block));
  if (!match) throw new Error(`blocks/${block}.liquid has no {% schema %}`);
  return JSON.parse(match[1]) as BlockSchema;
}

function lookup(tree: Record<string, Json>, key: string): string | undefined {
  let node: Json | undefined = tree;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, Json>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Perceived brightness 0–255 of a hex colour, as Shopify's color_brightness filter computes it. */
export function colorBrightness(color: string): number {
  const hex = color.trim().replace(/^#/, "");
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex.slice(0, 6);
  if (!/^[0-9a-f]{6}$/i.test(full)) return 0;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return Math.round((r * 299 + g * 587 + b * 114) / 1000 * 10) / 10;
}

/** {% schema %} is read by Shopify, never rendered. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length) {
      const next = remainTokens.shift() as TopLevelToken & { name?: string };
      if (next.name === "endschema") return;
    }
    throw new Error("{% schema %} without {% endschema %}");
  }
  *render(_ctx: Context, _emitter: Emitter): Generator<unknown, void, unknown> {}
}

function createEngine(locale: StorefrontLocale, assetBase: string): Liquid {
  const locales = loadLocales();
  const engine = new Liquid({
    root: [path.join(EXTENSION_DIR, "blocks")],
    partials: [path.join(EXTENSION_DIR, "snippets")],
    extname: ".liquid",
    strictFilters: true,
    ownPropertyOnly: true,
    cache: process.env.NODE_ENV === "production",
  });
  engine.registerTag("schema", SchemaTag);
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const text = lookup(locales[locale], String(key)) ?? lookup(locales.en, String(key));
    if (text === undefined) return `translation missing: ${locale}.${key}`;
    const vars = Object.fromEntries(args.filter(Array.isArray).map((pair) => [String(pair[0]), String(pair[1])]));
    const filled = text.replace(/{{\s*(\w+)\s*}}/g, (_m, name: string) => escapeHtml(vars[name] ?? ""));
    return String(key).endsWith("_html") ? filled : escapeHtml(filled);
  });
  engine.registerFilter("asset_url", (file: string) => {
    const version = assetVersion(String(file));
    return `${assetBase}${encodeURIComponent(String(file))}${version ? `?v=${version}` : ""}`;
  });
  engine.registerFilter(
    "stylesheet_tag",
    (url: string) => `<link href="${escapeHtml(String(url))}" rel="stylesheet" type="text/css" media="all" />`,
  );
  engine.registerFilter("color_brightness", (color: string) => colorBrightness(String(color ?? "")));
  return engine;
}

/** The HTML Shopify would put on the page for one app block. */
export async function renderBlock(block: BlockName, options: RenderOptions = {}): Promise<string> {
  const locale = options.locale ?? "en";
  const schema = blockSchema(block);
  // A "t:key" default is the merchant's language's text, as the theme editor fills it in.
  const schemaLocales = loadSchemaLocales();
  const resolve = (value: Json | undefined): Json =>
    typeof value === "string" && value.startsWith("t:")
      ? (lookup(schemaLocales[locale], value.slice(2)) ?? lookup(schemaLocales.en, value.slice(2)) ?? value)
      : (value ?? "");
  const defaults = Object.fromEntries(schema.settings.map((s) => [s.id, s.type === "checkbox" ? (s.default ?? false) : resolve(s.default)]));
  const engine = createEngine(locale, options.assetBase ?? DEMO_ASSET_BASE);
  return engine.parseAndRender(blockSource(block), {
    block: {
      id: options.blockId ?? `AbCd${block.replace(/[^a-z]/g, "")}`,
      type: `shopify://apps/casefile-support/blocks/${block}`,
      settings: { ...defaults, ...options.settings },
      shopify_attributes: "",
    },
    customer: options.customer ?? null,
    routes: { account_login_url: options.accountLoginUrl ?? "/account/login", root_url: "/" },
    request: { path: options.requestPath ?? "/pages/support", locale: { iso_code: locale } },
  });
}
