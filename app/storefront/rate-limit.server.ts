import { isIP } from "node:net";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { rawPool } from "../db.server";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";
import { STOREFRONT_TEXT } from "./text.server";

// Guest order lookups are the one storefront endpoint that answers private data to anyone holding a number and
// an email, so they are rate limited twice (rate-limiter-flexible on PostgreSQL: the limits hold across app
// instances; the table comes from migration 20261125192125_storefront_rate_limits, never created at runtime):
//  - per shop + shopper IP: every lookup counts;
//  - per shop + order number: unsuccessful lookups count (someone guessing emails for one order).
// Keys start with the shop id ("lookup-ip:<shopId>:<ip>"), which the table's trigger copies into shopId.

export const LOOKUP_LIMITS = {
  /** Lookups per IP per window. */
  perIp: { points: 20, durationSeconds: 10 * 60 },
  /** When the proxy gave no IP: one bucket per shop, wider. */
  perShopWithoutIp: { points: 300, durationSeconds: 10 * 60 },
  /** Unsuccessful lookups per order number per window. */
  perOrderFailures: { points: 8, durationSeconds: 60 * 60 },
} as const;

/** The contact form: messages per IP (or per shop without an IP) per window — a brake on scripted spam. */
export const CONTACT_LIMITS = {
  perIp: { points: 10, durationSeconds: 10 * 60 },
  perShopWithoutIp: { points: 200, durationSeconds: 10 * 60 },
} as const;

/**
 * "Email me my receipt" (storefront and customer account): receipts per order (whoever asks) and per IP (or per shop
 * without an IP) per window — a shopper gets a few resends, nobody can turn the store into a mail cannon.
 */
export const RECEIPT_LIMITS = {
  perOrder: { points: 3, durationSeconds: 60 * 60 },
  perIp: { points: 10, durationSeconds: 60 * 60 },
  perShopWithoutIp: { points: 100, durationSeconds: 60 * 60 },
} as const;

const TABLE = "storefront_rate_limits";

interface Limiters {
  pool: pg.Pool;
  ip: RateLimiterPostgres;
  noIp: RateLimiterPostgres;
  order: RateLimiterPostgres;
  contactIp: RateLimiterPostgres;
  contactNoIp: RateLimiterPostgres;
  receiptOrder: RateLimiterPostgres;
  receiptIp: RateLimiterPostgres;
  receiptNoIp: RateLimiterPostgres;
}
let limiters: Limiters | undefined;

function build(pool: pg.Pool): Limiters {
  // Every limiter shares the table; one of them sweeps its expired rows (every 5 minutes, an unref'd timer).
  const make = (keyPrefix: string, limit: { points: number; durationSeconds: number }, sweeps = false) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: TABLE,
      tableCreated: true,
      keyPrefix,
      points: limit.points,
      duration: limit.durationSeconds,
      clearExpiredByTimeout: sweeps,
    });
  return {
    pool,
    ip: make("lookup-ip", LOOKUP_LIMITS.perIp, true),
    noIp: make("lookup-shop", LOOKUP_LIMITS.perShopWithoutIp),
    order: make("lookup-order", LOOKUP_LIMITS.perOrderFailures),
    contactIp: make("contact-ip", CONTACT_LIMITS.perIp),
    contactNoIp: make("contact-shop", CONTACT_LIMITS.perShopWithoutIp),
    receiptOrder: make("receipt-order", RECEIPT_LIMITS.perOrder),
    receiptIp: make("receipt-ip", RECEIPT_LIMITS.perIp),
    receiptNoIp: make("receipt-shop", RECEIPT_LIMITS.perShopWithoutIp),
  };
}

function current(): Limiters {
  const pool = rawPool();
  if (!limiters || limiters.pool !== pool) limiters = build(pool);
  return limiters;
}

/**
 * The shopper's IP. The first X-Forwarded-For entries are whatever the client sent (anyone can write them); each
 * proxy appends the address it saw, so the trustworthy entry is counted from the RIGHT: Shopify's app proxy appends
 * the shopper's address, then our own load balancer appends Shopify's. TRUSTED_PROXY_HOPS is how many entries our
 * own infrastructure appends after Shopify's (default 1: one load balancer, as on Fly, Render, Heroku; 0 when the
 * app is reached directly).
 */
export function clientIpOf(request: Request): string | null {
  const configured = Number(process.env.TRUSTED_PROXY_HOPS ?? 1);
  const hops = Number.isInteger(configured) ? Math.max(0, Math.min(5, configured)) : 1;
  const entries = (request.headers.get("x-forwarded-for") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  const chosen = entries[entries.length - 1 - hops] ?? "";
  const ip = chosen.replace(/^\[(.*)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  return ip && isIP(ip) ? ip.toLowerCase() : null;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

function limited(ms: number, message: (m: number) => string): AppError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError("rate_limited", message(minutes(ms)), { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
}

/**
 * Counts one guest lookup against the IP's bucket and checks the order's bucket of failures. Throws a 429
 * AppError (with Retry-After) when either is used up.
 */
export async function checkGuestLookup(shopId: string, ip: string | null, orderNumber: number): Promise<void> {
  const l = current();
  // Both buckets at once (two round trips in parallel, not one after the other): a lookup refused for its order
  // number still counts against the IP, as any other attempt from it does.
  const [failures, consumed] = await Promise.all([
    l.order.get(`${shopId}:${orderNumber}`),
    (ip ? l.ip.consume(`${shopId}:${ip}`) : l.noIp.consume(shopId)).then(
      () => null,
      (error: unknown) => {
        if (error instanceof RateLimiterRes) return error;
        throw error;
      },
    ),
  ]);
  if (failures && failures.consumedPoints >= LOOKUP_LIMITS.perOrderFailures.points) {
    throw limited(failures.msBeforeNext, STOREFRONT_TEXT.rateLimitedOrder);
  }
  if (consumed) throw limited(consumed.msBeforeNext, STOREFRONT_TEXT.rateLimitedIp);
}

/** Records an unsuccessful lookup of this order number. */
export async function recordFailedLookup(shopId: string, orderNumber: number): Promise<void> {
  await current().order.penalty(`${shopId}:${orderNumber}`, 1);
}

/** Counts one contact-form message against the IP's (or the shop's) bucket; 429 with Retry-After when used up. */
export async function checkContact(shopId: string, ip: string | null): Promise<void> {
  const l = current();
  try {
    if (ip) await l.contactIp.consume(`${shopId}:${ip}`);
    else await l.contactNoIp.consume(shopId);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw limited(error.msBeforeNext, STOREFRONT_TEXT.rateLimitedContact);
    throw error;
  }
}

/**
 * Counts one receipt request against the IP's (or the shop's) bucket and the order's (the mirror's order id);
 * 429 with Retry-After when either is used up. Called after ownership is proven, before Shopify is asked.
 */
export async function checkReceipt(shopId: string, ip: string | null, orderId: string): Promise<void> {
  const l = current();
  try {
    if (ip) await l.receiptIp.consume(`${shopId}:${ip}`);
    else await l.receiptNoIp.consume(shopId);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw limited(error.msBeforeNext, (m) => t("receipt.rateLimitedIp", { minutes: m }));
    throw error;
  }
  try {
    await l.receiptOrder.consume(`${shopId}:${orderId}`);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw limited(error.msBeforeNext, (m) => t("receipt.rateLimitedOrder", { minutes: m }));
    throw error;
  }
}
