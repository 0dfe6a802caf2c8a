import { json } from "@remix-run/node";
import { AppError, errorResponse } from "../errors.server";
import { authenticate } from "../shopify.server";
import { MAX_SHOPIFY_ID } from "../orders/mirror-input";
import { findShop, type ShopRecord } from "../shops/shops.server";
import { clientIpOf } from "./rate-limit.server";
import { STOREFRONT_TEXT } from "./text.server";

// The plumbing every app-proxy route shares (docs/storefront-api.md): the method, Shopify's signature, the shop,
// the signed-in customer, and answers that are never cached. Routes stay thin: parse → service → proxyJson.

/** Shopify's app proxy accepts a timestamp this far from our clock (the library's own tolerance). */
export const PROXY_CLOCK_SKEW_SECONDS = 90;

export interface ProxyContext {
  shop: ShopRecord;
  /** logged_in_customer_id: set (and signed) by Shopify when the shopper is signed in; null for guests. */
  shopifyCustomerId: bigint | null;
  clientIp: string | null;
  url: URL;
}

const NO_STORE = { "Cache-Control": "no-store" };

export function proxyJson(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return json(data, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

function withNoStore(response: Response): Response {
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** Verifies the request as Shopify's app proxy signs it and finds the installed shop; else 401 / 404. */
export async function authenticateProxy(request: Request): Promise<ProxyContext> {
  const url = new URL(request.url);
  // The library refuses a stale timestamp too, but with a bare 400: check it first to say what happened.
  const timestamp = Number(url.searchParams.get("timestamp"));
  if (!url.searchParams.get("signature")) throw new AppError("unauthorized", STOREFRONT_TEXT.badSignature);
  if (Number.isInteger(timestamp) && Math.abs(Math.trunc(Date.now() / 1000) - timestamp) > PROXY_CLOCK_SKEW_SECONDS) {
    throw new AppError("unauthorized", STOREFRONT_TEXT.staleSignature);
  }
  try {
    await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response) throw new AppError("unauthorized", STOREFRONT_TEXT.badSignature);
    throw error;
  }
  const domain = url.searchParams.get("shop") ?? "";
  const shop = domain ? await findShop(domain) : null;
  if (!shop || shop.state !== "INSTALLED") throw new AppError("not_found", STOREFRONT_TEXT.shopNotInstalled);
  const customer = url.searchParams.get("logged_in_customer_id")?.trim() ?? "";
  return {
    shop,
    // A number beyond PostgreSQL's bigint is no customer's id (the database could not even look it up).
    shopifyCustomerId: /^\d{1,19}$/.test(customer) && BigInt(customer) <= MAX_SHOPIFY_ID ? BigInt(customer) : null,
    clientIp: clientIpOf(request),
    url,
  };
}

/** The signed-in customer, or a 401 that tells the shopper to sign in. */
export function requireCustomer(ctx: ProxyContext, message: string): bigint {
  if (ctx.shopifyCustomerId === null) throw new AppError("unauthorized", message);
  return ctx.shopifyCustomerId;
}

type Method = "GET" | "POST";

/**
 * Runs a proxy route: checks the method (405 with Allow), verifies the proxy signature, and turns AppErrors
 * into the documented JSON error. Every answer carries Cache-Control: no-store.
 */
export async function proxyRoute(
  request: Request,
  allow: Method,
  fn: (ctx: ProxyContext) => Promise<Response>,
  options: { onError?: (error: AppError, request: Request) => Response } = {},
): Promise<Response> {
  const method = request.method.toUpperCase();
  const allowed = allow === "GET" ? ["GET", "HEAD"] : [allow];
  try {
    if (!allowed.includes(method)) {
      throw new AppError("method_not_allowed", STOREFRONT_TEXT.methodNotAllowed(allow), undefined, { Allow: allowed.join(", ") });
    }
    const ctx = await authenticateProxy(request);
    return withNoStore(await fn(ctx));
  } catch (error) {
    if (error instanceof AppError) return withNoStore(options.onError ? options.onError(error, request) : errorResponse(error));
    throw error;
  }
}

/** The query string's parameters (the proxy's own — signature, timestamp… — are simply not read). */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/** A POST body as a plain object: JSON, or an HTML form (urlencoded or multipart). 400 when unreadable. */
export async function readBody(request: Request): Promise<{ data: Record<string, unknown>; form: boolean }> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (type.includes("application/json")) {
    try {
      const data: unknown = await request.json();
      if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("not an object");
      return { data: data as Record<string, unknown>, form: false };
    } catch {
      throw new AppError("bad_request", "The request body must be a JSON object.");
    }
  }
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    try {
      const form = await request.formData();
      const data: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) if (typeof value === "string") data[key] = value;
      return { data, form: true };
    } catch {
      throw new AppError("bad_request", "The form could not be read. Reload the page and try again.");
    }
  }
  throw new AppError("bad_request", "Send the request as JSON (Content-Type: application/json) or as a form.");
}

// ───────────────────────────── Plain form posts (no JavaScript) ─────────────────────────────

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Where a form post goes back to: `return_to` when it is a path on the storefront, else the Referer's path.
 * Only paths are used (never another host), so this cannot redirect off the store.
 */
export function returnPathOf(returnTo: unknown, referer: string | null): string | null {
  const isPath = (p: string) => p.startsWith("/") && !p.startsWith("//") && !p.includes("\\") && ![...p].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) && p.length <= 500;
  if (typeof returnTo === "string" && isPath(returnTo.trim())) return returnTo.trim();
  if (referer) {
    try {
      const url = new URL(referer);
      if (url.protocol === "https:" || url.protocol === "http:") {
        const path = `${url.pathname}${url.search}`;
        if (isPath(path)) return path;
      }
    } catch {
      // not a URL: no way back
    }
  }
  return null;
}

function withParams(path: string, params: Record<string, string>): string {
  const [base, hash = ""] = path.split("#", 2);
  const url = new URL(base, "https://store.invalid");
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return `${url.pathname}${url.search}${hash ? `#${hash}` : ""}`;
}

function tinyPage(title: string, paragraphs: string[], back: string | null, status: number, link?: { href: string; text: string }): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}${link && /^https?:\/\//.test(link.href) ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ""}${back ? `<p><a href="${escapeHtml(back)}">Go back</a></p>` : ""}</main></body></html>`;
  return new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The answer to a successful no-JavaScript form post: back to the page (303) or a small confirmation page. */
export function formSuccess(request: Request, returnTo: unknown, result: { number: number; message: string; conversationUrl?: string }): Response {
  const back = returnPathOf(returnTo, request.headers.get("referer"));
  if (back) {
    return new Response(null, {
      status: 303,
      headers: { Location: withParams(back, { contact: "sent", case: String(result.number) }), "Cache-Control": "no-store" },
    });
  }
  const link = result.conversationUrl ? { href: result.conversationUrl, text: "View your conversation" } : undefined;
  return tinyPage("Message sent", [result.message, `Your reference is #${result.number}.`], null, 200, link);
}

/** The answer to a failed no-JavaScript form post: a small page listing the problems, with a way back. */
export function formError(error: AppError, request: Request, returnTo: unknown): Response {
  const fieldErrors = (error.details?.fieldErrors ?? null) as Record<string, string> | null;
  const problems = fieldErrors ? Object.values(fieldErrors) : [error.message];
  // Back to the form itself: without its "#…-sent" fragment, which would show the thank-you note.
  const back = returnPathOf(returnTo, request.headers.get("referer"))?.split("#")[0] ?? null;
  const page = tinyPage("Your message was not sent", problems, back, error.status);
  for (const [k, v] of Object.entries(error.headers ?? {})) page.headers.set(k, v);
  return page;
}

/** True when the request is a plain HTML form post (not JSON). */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  return type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data");
}
