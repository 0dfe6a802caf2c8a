import { z } from "zod";
import { AppError, errorResponse } from "../errors.server";
import { authenticate } from "../shopify.server";
import { findShop, type ShopRecord } from "../shops/shops.server";

// The customer account extensions (extensions/customer-account-*) call /api/customer-account/* from Shopify's
// customer account pages with the customer's session token. authenticate.public.customerAccount verifies the
// token (signed with the app secret, not expired); the token names the shop (`dest`) and the customer (`sub`).
// Every answer — errors and preflights included — carries the CORS headers, or the extension could not read it.

export interface CustomerAccountSession {
  shop: ShopRecord;
  /** The signed-in customer's Shopify id (from `sub`, gid://shopify/Customer/<id>). */
  shopifyCustomerId: bigint;
}

export const CUSTOMER_ACCOUNT_TEXT = {
  signIn: "Sign in to your account to continue. Your session may have expired: reload the page.",
  notCustomer: "This session does not belong to a signed-in customer. Sign in to your account and try again.",
  shopUnavailable: "Support is not available for this store right now.",
  methodNotAllowed: (allow: string) => `This address only accepts ${allow} requests.`,
  rateLimited: (seconds: number) => `Too many requests in a short time. Try again in ${Math.max(1, Math.ceil(seconds / 60))} minute(s).`,
  badJson: "Send the request body as JSON.",
} as const;

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/(\d+)$/;

/** CORS headers like the library's own (any origin: the token, not the origin, is the credential). */
export function withCors(request: Request, response: Response): Response {
  const origin = request.headers.get("Origin");
  if (origin) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    response.headers.set("Access-Control-Expose-Headers", "X-Shopify-API-Request-Failure-Reauthorize-Url, Retry-After");
  }
  response.headers.set("Cache-Control", "no-store");
  response.headers.append("Vary", "Origin");
  return response;
}

async function authenticateCustomer(request: Request): Promise<CustomerAccountSession> {
  let token: { sub?: string; dest?: string };
  try {
    ({ sessionToken: token } = await authenticate.public.customerAccount(request));
  } catch (thrown) {
    if (thrown instanceof Response) {
      // A preflight (204) or a refused token (401); bots get 410 from the library.
      if (thrown.status === 401) throw new AppError("unauthorized", CUSTOMER_ACCOUNT_TEXT.signIn);
      throw thrown;
    }
    throw thrown;
  }
  const customer = CUSTOMER_GID.exec(token.sub ?? "");
  if (!customer) throw new AppError("unauthorized", CUSTOMER_ACCOUNT_TEXT.notCustomer);
  const domain = (token.dest ?? "").replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  const shop = domain ? await findShop(domain) : null;
  if (!shop || shop.state !== "INSTALLED") throw new AppError("not_found", CUSTOMER_ACCOUNT_TEXT.shopUnavailable);
  return { shop, shopifyCustomerId: BigInt(customer[1]) };
}

/**
 * Runs a customer account endpoint: answers the preflight, refuses other methods than `method` (405), verifies
 * the session token (401), finds the shop (404), then runs `body`. An AppError becomes its JSON answer; every
 * answer gets the CORS headers.
 */
export async function customerAccountEndpoint(
  request: Request,
  method: "GET" | "POST",
  body: (session: CustomerAccountSession) => Promise<Response>,
): Promise<Response> {
  try {
    if (request.method !== "OPTIONS" && request.method !== method) {
      throw new AppError("method_not_allowed", CUSTOMER_ACCOUNT_TEXT.methodNotAllowed(method), undefined, { Allow: `${method}, OPTIONS` });
    }
    const session = await authenticateCustomer(request);
    return withCors(request, await body(session));
  } catch (error) {
    if (error instanceof AppError) return withCors(request, errorResponse(error));
    if (error instanceof Response) return withCors(request, error);
    throw error;
  }
}

/** The request's JSON body, or a 400 a person can act on. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("application/json")) throw new AppError("bad_request", CUSTOMER_ACCOUNT_TEXT.badJson);
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", CUSTOMER_ACCOUNT_TEXT.badJson);
  }
}

const MAX_BIGINT = 9223372036854775807n;

/** An order named by the extension: Shopify's GID or its numeric id. */
export const OrderIdParam = z
  .string({ error: "Say which order: its id, such as gid://shopify/Order/1001." })
  .trim()
  .transform((value, ctx) => {
    const match = /^(?:gid:\/\/shopify\/Order\/)?(\d{1,19})$/.exec(value);
    // Shopify ids are PostgreSQL bigints: a longer or larger number is not an order of anyone's.
    if (!match || BigInt(match[1]) > MAX_BIGINT) {
      ctx.addIssue({ code: "custom", message: "The order id is not valid. Reload the page and try again." });
      return z.NEVER;
    }
    return BigInt(match[1]);
  });

