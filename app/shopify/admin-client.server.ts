import { GraphqlQueryError, HttpThrottlingError } from "@shopify/shopify-api";
import type { AdminGraphql } from "../auth/staff.server";

/**
 * The one way services call the Admin GraphQL API: returns `data`, turns Shopify's `errors` into an
 * AdminGraphqlError carrying Shopify's own messages, and waits out throttling.
 *
 * Shopify meters each shop with a leaky bucket of query-cost points. A THROTTLED answer comes with
 * `extensions.cost` (requestedQueryCost, throttleStatus.currentlyAvailable, restoreRate points/second), so
 * the wait is exactly the time the bucket needs to refill enough for this query — bounded, and retried a
 * bounded number of times.
 */

export interface GraphqlErrorDetail {
  message: string;
  code?: string;
  path?: (string | number)[];
}

export type AdminGraphqlErrorCode = "GRAPHQL_ERRORS" | "THROTTLED" | "NO_DATA";

export class AdminGraphqlError extends Error {
  constructor(
    readonly code: AdminGraphqlErrorCode,
    message: string,
    readonly operationName: string | null,
    readonly errors: GraphqlErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AdminGraphqlError";
  }
}

interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
}

interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlErrorDetail[];
  cost?: QueryCost;
  /** Seconds from a Retry-After header (HTTP 429), when Shopify sent one. */
  retryAfter?: number;
}

export interface AdminGraphqlOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** Upper bound for one wait (default 20 s). */
  maxWaitMs?: number;
  /** Injected in tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function adminGraphql<T = unknown>(
  admin: AdminGraphql,
  query: string,
  variables: Record<string, unknown> = {},
  options: AdminGraphqlOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const sleep = options.sleep ?? defaultSleep;
  const operation = operationNameOf(query);

  for (let attempt = 1; ; attempt++) {
    const body = await send(admin, query, variables);
    const errors = body.errors ?? [];
    if (errors.length === 0) {
      if (body.data === undefined || body.data === null) {
        throw new AdminGraphqlError("NO_DATA", `${label(operation)} returned neither data nor errors.`, operation);
      }
      return body.data as T;
    }
    const throttled = errors.some((e) => e.code === "THROTTLED");
    if (throttled && attempt < maxAttempts) {
      await sleep(throttleWaitMs(body, attempt, maxWaitMs));
      continue;
    }
    const messages = errors.map((e) => e.message).join("; ");
    if (throttled) {
      throw new AdminGraphqlError(
        "THROTTLED",
        `${label(operation)} was still throttled by Shopify after ${attempt} attempts: ${messages}`,
        operation,
        errors,
      );
    }
    throw new AdminGraphqlError("GRAPHQL_ERRORS", `${label(operation)} failed: ${messages}`, operation, errors);
  }
}

/** How long until the bucket holds enough points for this query (plus a little), else exponential backoff. */
export function throttleWaitMs(
  body: Pick<GraphqlBody, "cost" | "retryAfter">,
  attempt: number,
  maxWaitMs = 20_000,
): number {
  const status = body.cost?.throttleStatus;
  const requested = body.cost?.requestedQueryCost;
  let ms: number;
  if (body.retryAfter !== undefined && body.retryAfter > 0) {
    ms = body.retryAfter * 1000;
  } else if (
    status?.restoreRate &&
    status.restoreRate > 0 &&
    requested !== undefined &&
    status.currentlyAvailable !== undefined
  ) {
    const missing = Math.max(0, requested - status.currentlyAvailable);
    ms = Math.ceil((missing / status.restoreRate) * 1000) + 100;
  } else {
    ms = 1000 * 2 ** (attempt - 1);
  }
  return Math.min(Math.max(ms, 100), maxWaitMs);
}

/**
 * `admin.graphql` resolves with the body on success but throws GraphqlQueryError when the body has `errors`
 * (and HttpThrottlingError on HTTP 429); both are brought back to one shape here.
 */
async function send(admin: AdminGraphql, query: string, variables: Record<string, unknown>): Promise<GraphqlBody> {
  try {
    const response = await admin.graphql(query, { variables });
    return normalise(await response.json());
  } catch (error) {
    if (error instanceof GraphqlQueryError) {
      const body = (error.body ?? {}) as {
        data?: unknown;
        errors?: { graphQLErrors?: unknown; message?: string };
        extensions?: unknown;
      };
      const graphQLErrors = body.errors?.graphQLErrors;
      return normalise({
        data: body.data,
        errors: Array.isArray(graphQLErrors) && graphQLErrors.length > 0 ? graphQLErrors : [{ message: error.message }],
        extensions: body.extensions,
      });
    }
    if (error instanceof HttpThrottlingError) {
      return { errors: [{ message: error.message, code: "THROTTLED" }], retryAfter: error.response.retryAfter };
    }
    throw error;
  }
}

function normalise(raw: unknown): GraphqlBody {
  const body = (raw ?? {}) as { data?: unknown; errors?: unknown; extensions?: { cost?: QueryCost } };
  const errors = Array.isArray(body.errors)
    ? body.errors.map((e): GraphqlErrorDetail => {
        const item = (e ?? {}) as { message?: unknown; extensions?: { code?: unknown }; path?: unknown };
        return {
          message: typeof item.message === "string" ? item.message : "Unknown GraphQL error",
          ...(typeof item.extensions?.code === "string" ? { code: item.extensions.code } : {}),
          ...(Array.isArray(item.path) ? { path: item.path as (string | number)[] } : {}),
        };
      })
    : undefined;
  return { data: body.data, errors, cost: body.extensions?.cost };
}

const OPERATION = /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/;

function operationNameOf(query: string): string | null {
  return OPERATION.exec(query)?.[1] ?? null;
}

function label(operation: string | null): string {
  return operation ? `Admin API operation ${operation}` : "Admin API operation";
}
