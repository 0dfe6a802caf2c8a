// The demo storefront (/demo/storefront): a plain store-like page with the extension's three app blocks,
// rendered server-side from their real .liquid files, as guest or as a signed-in demo customer.

import { readFile } from "node:fs/promises";
import path from "node:path";
import db from "../db.server";
import { env, isDemoMode } from "../env.server";
import { AppError, errorResponse } from "../errors.server";
import { t } from "../i18n/en";
import { DEMO_SHOP } from "./demo-data";
import { DEMO_CUSTOMER_COOKIE, demoCustomerFromCookie } from "./storefront-proxy.server";
import {
  BLOCKS,
  EXTENSION_DIR,
  assetVersion,
  STOREFRONT_LOCALES,
  extensionAssets,
  renderBlock,
  type StorefrontCustomer,
  type StorefrontLocale,
} from "./storefront-render.server";

export const DEMO_STOREFRONT_PATH = "/demo/storefront";

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const notFound = () => errorResponse(new AppError("not_found", "Not found."));

const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/**
 * GET /demo/storefront/assets/:file — only files of extensions/support-theme/assets, cached like Shopify's CDN serves
 * theme app extension assets: the versioned URL asset_url writes (?v=) for a year, immutable; any other URL must be
 * revalidated. Compression is the server's (scripts/lib/http-server.ts compresses text responses, as the CDN does).
 */
export async function demoAssetResponse(file: string, version: string | null = null): Promise<Response> {
  if (!isDemoMode() || !extensionAssets().includes(file)) return notFound();
  const body = await readFile(path.join(EXTENSION_DIR, "assets", file));
  const cache = version && version === assetVersion(file) ? "public, max-age=31536000, immutable" : "no-cache";
  return new Response(body, {
    headers: { "Content-Type": CONTENT_TYPES[path.extname(file)], "Cache-Control": cache, "X-Content-Type-Options": "nosniff" },
  });
}

export interface DemoShopper extends StorefrontCustomer {
  shopifyId: string;
}

/** A demo customer worth signing in as: several orders, one delivered recently (so a return can be tried). */
export async function pickDemoCustomer(shopId: string): Promise<DemoShopper | null> {
  const since = new Date(Date.now() - 20 * 24 * 3600 * 1000);
  const base = { shopId, redactedAt: null, email: { not: null }, shopifyId: { not: null } } as const;
  const select = { shopifyId: true, firstName: true, lastName: true, email: true } as const;
  const customer =
    (await db.customer.findFirst({
      where: { ...base, orders: { some: { cancelledAt: null, fulfillments: { some: { deliveredAt: { gte: since } } } } } },
      orderBy: [{ ordersCount: "desc" }, { shopifyId: "asc" }],
      select,
    })) ??
    (await db.customer.findFirst({ where: { ...base, orders: { some: {} } }, orderBy: [{ ordersCount: "desc" }, { shopifyId: "asc" }], select }));
  if (!customer?.shopifyId) return null;
  const first = customer.firstName ?? "";
  const last = customer.lastName ?? "";
  return {
    id: Number(customer.shopifyId),
    shopifyId: customer.shopifyId.toString(),
    first_name: first,
    last_name: last,
    name: `${first} ${last}`.trim() || (customer.email ?? ""),
    email: customer.email ?? "",
  };
}

/** An order a guest can look up in the demo (one on its way, so the timeline has something to show). */
async function sampleGuestOrder(shopId: string) {
  const base = { shopId, cancelledAt: null, email: { not: null }, redactedAt: null } as const;
  const select = { name: true, email: true } as const;
  return (
    (await db.order.findFirst({
      where: { ...base, fulfillments: { some: { shipmentStatus: { in: ["IN_TRANSIT", "DELAYED", "OUT_FOR_DELIVERY"] } } } },
      orderBy: { processedAt: "desc" },
      select,
    })) ?? (await db.order.findFirst({ where: base, orderBy: { processedAt: "desc" }, select }))
  );
}

function cookie(value: string | null): string {
  const base = `${DEMO_CUSTOMER_COOKIE}=${value ?? ""}; Path=/; HttpOnly; SameSite=Lax`;
  return value ? base : `${base}; Max-Age=0`;
}

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2a24;background:#fbfaf7}
a{color:inherit}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header.store{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:1rem;padding:1rem 1.5rem;background:#1f3b2d;color:#f6f3ea}
header.store .logo{font-size:1.35rem;font-weight:800;letter-spacing:.02em;text-decoration:none}
header.store nav ul{display:flex;gap:1.25rem;list-style:none;margin:0;padding:0}
.demo-bar{padding:.75rem 1.5rem;background:#f0e9d8;border-bottom:1px solid #d8ccb0;font-size:.95rem}
.demo-bar p{margin:.25rem 0}
.demo-bar .switch{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.demo-bar a[aria-current=true]{font-weight:700;text-decoration:none;border-bottom:2px solid currentColor}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}
main>h1{margin:1.5rem 0 0;font-size:2rem}
footer{padding:1.5rem;text-align:center;font-size:.875rem;border-top:1px solid #e2dccb}
`;

/**
 * The whole page, or 404 outside demo mode. ?as=guest|customer switches the demo session (a cookie);
 * ?blocks=none leaves the app blocks out.
 */
export async function renderDemoStorefront(request: Request): Promise<Response> {
  if (!isDemoMode()) return notFound();
  const url = new URL(request.url);
  const requested = url.searchParams.get("locale");
  const locale: StorefrontLocale = (STOREFRONT_LOCALES as readonly string[]).includes(requested ?? "") ? (requested as StorefrontLocale) : "en";
  const shop = await db.shop.findUnique({ where: { domain: env().DEMO_SHOP! }, select: { id: true, name: true } });
  if (!shop) return new Response(t("storefront.demo.noShop"), { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });

  const shopper = await pickDemoCustomer(shop.id);
  const as = url.searchParams.get("as");
  const signedIn = as === "customer" ? true : as === "guest" ? false : demoCustomerFromCookie(request) !== null;
  const customer = signedIn ? shopper : null;
  const guestOrder = customer ? null : await sampleGuestOrder(shop.id);

  const link = (params: Record<string, string>) => {
    const query = new URLSearchParams({ ...(locale !== "en" ? { locale } : {}), ...params });
    const text = query.toString();
    return `${DEMO_STOREFRONT_PATH}${text ? `?${text}` : ""}`;
  };
  // ?blocks=none: the same theme page without the app blocks' markup and assets (the Lighthouse comparison in
  // scripts/bench/vitals.ts measures what the blocks add to a storefront page).
  const withBlocks = url.searchParams.get("blocks") !== "none";
  const blocks = await Promise.all(
    (withBlocks ? BLOCKS : []).map((block) =>
      renderBlock(block, {
        locale,
        customer,
        requestPath: DEMO_STOREFRONT_PATH,
        accountLoginUrl: link({ as: "customer" }),
      }),
    ),
  );

  const storeName = escapeHtml(shop.name || DEMO_SHOP.name);
  const who = customer
    ? `<p>${escapeHtml(t("storefront.demo.signedInAs", { name: customer.name, email: customer.email }))}</p>`
    : guestOrder
      ? `<p>${escapeHtml(t("storefront.demo.guestHint", { order: guestOrder.name, email: guestOrder.email ?? "" }))}</p>`
      : "";
  const languages = STOREFRONT_LOCALES.map(
    (code) => `<a href="${escapeHtml(link({ locale: code }))}" lang="${code}" aria-current="${code === locale}">${code.toUpperCase()}</a>`,
  ).join(" ");

  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(t("storefront.demo.title"))}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#content">${escapeHtml(t("storefront.demo.skip"))}</a>
<header class="store">
  <a class="logo" href="${DEMO_STOREFRONT_PATH}">${storeName}</a>
  <nav aria-label="${escapeHtml(t("storefront.demo.nav"))}"><ul>
    <li><a href="${DEMO_STOREFRONT_PATH}">${escapeHtml(t("storefront.demo.navShop"))}</a></li>
    <li><a href="${DEMO_STOREFRONT_PATH}" aria-current="page">${escapeHtml(t("storefront.demo.navSupport"))}</a></li>
    <li><a href="${escapeHtml(link({ as: "customer" }))}">${escapeHtml(t("storefront.demo.navAccount"))}</a></li>
  </ul></nav>
</header>
<aside class="demo-bar" aria-label="Demo">
  <p>${escapeHtml(t("storefront.demo.banner"))}</p>
  <p class="switch"><span>${escapeHtml(t("storefront.demo.browseAs"))}:</span>
    <a href="${escapeHtml(link({ as: "guest" }))}" aria-current="${!customer}">${escapeHtml(t("storefront.demo.guest"))}</a>
    ${shopper ? `<a href="${escapeHtml(link({ as: "customer" }))}" aria-current="${Boolean(customer)}">${escapeHtml(t("storefront.demo.customer", { name: shopper.name }))}</a>` : ""}
    <span>· ${escapeHtml(t("storefront.demo.language"))}: ${languages}</span></p>
  ${who}
</aside>
<main id="content">
<h1>${escapeHtml(t("storefront.demo.pageHeading"))}</h1>
${blocks.join("\n")}
</main>
<footer><p>${escapeHtml(t("storefront.demo.footer"))}</p></footer>
</body>
</html>`;

  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  if (as === "customer" || as === "guest") headers.append("Set-Cookie", cookie(customer ? shopper!.shopifyId : null));
  return new Response(html, { headers });
}
