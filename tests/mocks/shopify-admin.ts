import { http, HttpResponse } from "msw";
import { orderResolvers } from "./shopify-admin-orders";
import { syncResolvers } from "./shopify-admin-sync";
import { actionsResolvers } from "./shopify-admin-actions";
import { customersResolvers } from "./shopify-admin-customers";
import { storefrontResolvers } from "./shopify-admin-storefront";
import { disputesResolvers } from "./shopify-admin-disputes";
import { subscriptionsResolvers } from "./shopify-admin-subscriptions";

/**
 * The one mock of Shopify's Admin GraphQL API, shared by the tests and by demo mode. It answers by
 * operation name (every operation in app/shopify/operations.ts is named) and records each call so tests
 * can assert on the variables a mutation was sent with.
 */

export interface AdminCall {
  shop: string;
  apiVersion: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  accessToken: string | null;
}

/** Returns the GraphQL `data` object, or a full response body when it has `errors`/`extensions`. */
export type OperationResolver = (call: AdminCall) => unknown;

export interface DemoShopProfile {
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
}

export const DEFAULT_SHOP_PROFILE: DemoShopProfile = {
  name: "Northwind Outfitters",
  email: "support@northwind-outfitters.example",
  currencyCode: "USD",
  ianaTimezone: "America/New_York",
};

function defaultResolvers(profile: DemoShopProfile): Record<string, OperationResolver> {
  return {
    ShopInfo: ({ shop }) => ({ shop: { ...profile, myshopifyDomain: shop } }),
    ...orderResolvers,
    ...syncResolvers,
    ...actionsResolvers,
    ...customersResolvers,
    ...storefrontResolvers,
    ...disputesResolvers,
    ...subscriptionsResolvers,
  };
}

const OPERATION = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/;

function operationNameOf(query: string, given?: unknown): string | null {
  if (typeof given === "string" && given) return given;
  return OPERATION.exec(query)?.[2] ?? null;
}

const throttleCost = { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 } };

export function createShopifyAdminMock(options: { profile?: DemoShopProfile; resolvers?: Record<string, OperationResolver> } = {}) {
  const calls: AdminCall[] = [];
  const initial: Record<string, OperationResolver> = {
    ...defaultResolvers(options.profile ?? DEFAULT_SHOP_PROFILE),
    ...options.resolvers,
  };
  const resolvers: Record<string, OperationResolver> = { ...initial };

  const handler = http.post("https://:shop/admin/api/:version/graphql.json", async ({ request, params }) => {
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return HttpResponse.json({ errors: [{ message: "Request body is not JSON" }] }, { status: 400 });
    }
    const query = typeof body.query === "string" ? body.query : "";
    const name = operationNameOf(query, body.operationName);
    if (!name) {
      return HttpResponse.json({ errors: [{ message: "Every operation must be named (query Name { … })" }] }, { status: 400 });
    }
    const call: AdminCall = {
      shop: String(params.shop),
      apiVersion: String(params.version),
      operationName: name,
      query,
      variables: (body.variables as Record<string, unknown>) ?? {},
      accessToken: request.headers.get("x-shopify-access-token"),
    };
    calls.push(call);
    const resolver = resolvers[name];
    if (!resolver) {
      return HttpResponse.json({ errors: [{ message: `The Admin API mock has no answer for operation ${name}` }] }, { status: 200 });
    }
    const result = await resolver(call);
    const isFullBody = typeof result === "object" && result !== null && ("errors" in result || "data" in result);
    return HttpResponse.json(isFullBody ? result : { data: result, extensions: { cost: throttleCost } });
  });

  return {
    handlers: [handler],
    calls,
    /** Answer an operation differently from now on (tests: errors, throttling, userErrors). */
    use(name: string, resolver: OperationResolver) {
      resolvers[name] = resolver;
    },
    callsTo(name: string) {
      return calls.filter((c) => c.operationName === name);
    },
    /** Forget the calls and any answers changed with use(). */
    reset() {
      calls.length = 0;
      for (const key of Object.keys(resolvers)) delete resolvers[key];
      Object.assign(resolvers, initial);
    },
  };
}

export type ShopifyAdminMock = ReturnType<typeof createShopifyAdminMock>;
