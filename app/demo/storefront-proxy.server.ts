// The demo's stand-in for Shopify's app proxy: a storefront request to /apps/support/<path> becomes a request
// to /proxy/<path>, signed exactly as Shopify signs it, and is answered by the real proxy route in-process.
// Demo mode only (the routes that use this answer 404 otherwise).

import { createHmac } from "node:crypto";
import { matchRoutes } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { env, isDemoMode } from "../env.server";
import { AppError, errorResponse } from "../errors.server";

export const PROXY_PREFIX = "/apps/support";
export const PROXY_TARGET = "/proxy";
/** The demo storefront's "session": which demo customer is signed in (their Shopify customer id). */
export const DEMO_CUSTOMER_COOKIE = "demo_storefront_customer";

/**
 * Shopify's app proxy signature: every query parameter but `signature`, as `key=value` (repeated keys joined
 * with ","), sorted, concatenated without separator, HMAC-SHA256 with the app's secret, hex.
 */
export function appProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped].map(([key, values]) => `${key}=${values.join(",")}`).sort().join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface SignOptions {
  shop: string;
  secret: string;
  /** Shopify customer id of the signed-in shopper, or null for a guest (Shopify then sends an empty value). */
  customerId: string | null;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
}

/** The URL Shopify's proxy would call: /apps/support/<path>?q → <appOrigin>/proxy/<path>?q&shop&…&signature. */
export function signedProxyUrl(storefrontUrl: URL, appOrigin: string, options: SignOptions): URL {
  if (!storefrontUrl.pathname.startsWith(PROXY_PREFIX)) throw new Error(`not an app proxy path: ${storefrontUrl.pathname}`);
  const target = new URL(PROXY_TARGET + storefrontUrl.pathname.slice(PROXY_PREFIX.length), appOrigin);
  const params = new URLSearchParams(storefrontUrl.search);
  // Shopify sets these itself; a shopper cannot choose them.
  for (const key of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]) params.delete(key);
  params.set("shop", options.shop);
  params.set("logged_in_customer_id", options.customerId ?? "");
  params.set("path_prefix", PROXY_PREFIX);
  params.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("signature", appProxySignature(params, options.secret));
  target.search = params.toString();
  return target;
}

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

/** Remix flat-route file name → URL pattern ("proxy.orders.$number" → "/proxy/orders/:number"). */
export function routePath(file: string): string {
  const name = file.replace(/^.*\//, "").replace(/\.(tsx?|jsx?)$/, "");
  const segments = name
    .split(".")
    .filter((s) => s !== "_index" && !(s.startsWith("_") && s !== "_"))
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s.replace(/^\((.+)\)$/, "$1?")));
  return "/" + segments.join("/");
}

const proxyModules = import.meta.glob<RouteModule>(["../routes/proxy.*.{ts,tsx}", "../routes/proxy.{ts,tsx}"]);

/** Calls the /proxy/* route that matches the (signed) request, the way Remix would, and returns its Response. */
export async function dispatchProxyRequest(request: Request): Promise<Response> {
  const routes = Object.keys(proxyModules).map((file) => ({ id: file, path: routePath(file) }));
  const pathname = new URL(request.url).pathname;
  const matches = matchRoutes(routes, pathname);
  const match = matches?.[matches.length - 1];
  if (!match) return notFound();
  const route = await proxyModules[match.route.id]();
  const isGet = request.method === "GET" || request.method === "HEAD";
  const handler = isGet ? route.loader : route.action;
  if (!handler) {
    return new Response(JSON.stringify({ error: { code: "method_not_allowed", message: `${request.method} is not allowed here.` } }), {
      status: 405,
      headers: { "Content-Type": "application/json", Allow: isGet ? "POST" : "GET" },
    });
  }
  try {
    const result = await handler({ request, params: match.params as Record<string, string>, context: {} });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result ?? null), { headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function notFound(): Response {
  return errorResponse(new AppError("not_found", "There is no such page in the app proxy."));
}

/** Headers Shopify's proxy passes on to the app (never the shopper's cookies). */
const FORWARDED_HEADERS = ["accept", "accept-language", "content-type", "referer", "user-agent"];

/**
 * Demo only: what Shopify does for /apps/support/* on a storefront. Outside demo mode → 404, so the route
 * can never be used to get requests signed with a real app's secret.
 */
export async function forwardDemoProxyRequest(request: Request): Promise<Response> {
  if (!isDemoMode()) return errorResponse(new AppError("not_found", "Not found."));
  const config = env();
  const url = new URL(request.url);
  const target = signedProxyUrl(url, url.origin, {
    shop: config.DEMO_SHOP!,
    secret: config.SHOPIFY_API_SECRET,
    customerId: demoCustomerFromCookie(request),
  });
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("x-forwarded-for", request.headers.get("x-forwarded-for")?.split(",")[0].trim() || "127.0.0.1");
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return dispatchProxyRequest(
    new Request(target, { method: request.method, headers, body: hasBody ? await request.arrayBuffer() : undefined }),
  );
}

/** Reads the demo storefront's signed-in customer id from the request's cookie (digits only). */
export function demoCustomerFromCookie(request: Request): string | null {
  const cookie = request.headers.get("cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${DEMO_CUSTOMER_COOKIE}=(\\d{1,20})(?:;|$)`).exec(cookie);
  return match ? match[1] : null;
}
