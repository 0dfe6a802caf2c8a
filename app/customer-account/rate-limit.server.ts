import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { rawPool } from "../db.server";
import { AppError } from "../errors.server";
import { CUSTOMER_ACCOUNT_TEXT } from "./session.server";

// Per signed-in customer limits of the customer account endpoints, kept in the storefront's rate-limit table
// (keys "ca-<kind>:<shopId>:<customerId>"). Reads are generous — the order list asks once per order shown —
// while writes (return requests, messages) are few, so a script cannot flood the shop's Shopify returns or inbox.

export const CUSTOMER_ACCOUNT_LIMITS = {
  read: { points: 300, duration: 10 * 60 },
  write: { points: 10, duration: 60 * 60 },
} as const;

type Kind = keyof typeof CUSTOMER_ACCOUNT_LIMITS;
const limiters = new Map<Kind, RateLimiterPostgres>();

function limiter(kind: Kind): RateLimiterPostgres {
  let found = limiters.get(kind);
  if (!found) {
    found = new RateLimiterPostgres({
      storeClient: rawPool(),
      tableName: "storefront_rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: `ca-${kind}`,
      ...CUSTOMER_ACCOUNT_LIMITS[kind],
    });
    limiters.set(kind, found);
  }
  return found;
}

/** Counts one request of the customer; over the limit → 429 with Retry-After (seconds). */
export async function limitCustomer(kind: Kind, shopId: string, shopifyCustomerId: bigint): Promise<void> {
  try {
    await limiter(kind).consume(`${shopId}:${shopifyCustomerId}`);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("rate_limited", CUSTOMER_ACCOUNT_TEXT.rateLimited(seconds), { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
  }
}
