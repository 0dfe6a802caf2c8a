import crypto from "node:crypto";
import { API_SECRET, APP_URL } from "./shopify";

export interface ProxyRequestOptions {
  /** The shop's myshopify domain. */
  shop: string;
  /** The storefront's own query parameters (number, email, q…). A repeated key takes an array. */
  query?: Record<string, string | string[]>;
  /** Shopify's logged_in_customer_id; omitted/null → a guest (Shopify sends it empty). */
  loggedInCustomerId?: string | number | bigint | null;
  method?: string;
  /** An object is sent as JSON; URLSearchParams / FormData as a form; a string as is. */
  body?: unknown;
  /** Seconds since the epoch (default: now). */
  timestamp?: number;
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** The shopper's IP as Shopify's proxy forwards it (X-Forwarded-For); null → no header. */
  ip?: string | null;
  headers?: Record<string, string>;
  /** Tamper with the query after signing (a signature that no longer matches). */
  tamper?: (params: URLSearchParams) => void;
}

/**
 * The app-proxy signature exactly as Shopify computes it (and @shopify/shopify-api's validateHmac checks it):
 * every query parameter except `signature`, sorted by key, written `key=value` (a repeated key's values joined
 * with ","), concatenated with no separator, HMAC-SHA256 with the app secret, hex.
 */
export function proxySignature(params: URLSearchParams, secret = API_SECRET()): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params.entries()) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
  return crypto.createHmac("sha256", secret).update(message).digest("hex");
}

/** A request as Shopify's app proxy forwards it from the storefront's /apps/support/… to the app's /proxy/…. */
export function signedProxyRequest(path: string, options: ProxyRequestOptions): Request {
  const url = new URL(path, APP_URL());
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  params.set("shop", options.shop);
  params.set("logged_in_customer_id", options.loggedInCustomerId == null ? "" : String(options.loggedInCustomerId));
  params.set("path_prefix", "/apps/support");
  params.set("timestamp", String(options.timestamp ?? Math.trunc(Date.now() / 1000)));
  params.set("signature", proxySignature(params, options.secret));
  options.tamper?.(params);
  url.search = params.toString();

  const headers = new Headers(options.headers);
  if (options.ip !== null) headers.set("x-forwarded-for", `${options.ip ?? "203.0.113.7"}, 23.227.38.1`);
  let body: BodyInit | undefined;
  if (options.body instanceof URLSearchParams || options.body instanceof FormData || typeof options.body === "string") {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(url, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
}
