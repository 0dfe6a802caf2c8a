import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { env } from "./env.server";
import { sessionStorage } from "./auth/session-storage.server";
import { onShopAuthenticated } from "./auth/after-auth.server";

/** Every Admin API call, webhook and extension of this app speaks this version (docs/decisions/0001-stack.md). */
export const API_VERSION = ApiVersion.July26;

/** Least privilege: README.md says what each scope is for. Kept in step with shopify.app.toml by a test. */
export const DEFAULT_SCOPES = [
  "read_orders",
  "write_orders",
  "read_customers",
  "read_fulfillments",
  "read_returns",
  "write_returns",
  "read_products",
  "read_shopify_payments_disputes",
];
// Subscriptions use optional scopes, asked only when the merchant turns them on: app/subscriptions/scopes.ts.

function createShopify() {
  const config = env();
  return shopifyApp({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion: API_VERSION,
    scopes: config.SCOPES?.split(",") ?? DEFAULT_SCOPES,
    appUrl: config.SHOPIFY_APP_URL,
    authPathPrefix: "/auth",
    sessionStorage,
    distribution: AppDistribution.AppStore,
    // Online tokens tell us which staff member is working a case; the offline token serves background jobs.
    useOnlineTokens: true,
    // Shopify-managed install and token exchange (no OAuth redirects inside the admin).
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    logger: { level: config.NODE_ENV === "test" ? LogSeverity.Error : LogSeverity.Info },
    hooks: {
      afterAuth: async ({ session, admin }) => {
        await onShopAuthenticated(session, admin);
      },
    },
    ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
  });
}

type ShopifyApp = ReturnType<typeof createShopify>;
let instance: ShopifyApp | undefined;

/** The one shopifyApp() of this process, built on first use from the validated environment. */
export function shopify(): ShopifyApp {
  instance ??= createShopify();
  return instance;
}

export const authenticate = new Proxy({} as ShopifyApp["authenticate"], {
  get: (_t, prop) => Reflect.get(shopify().authenticate, prop),
});
export const unauthenticated = new Proxy({} as ShopifyApp["unauthenticated"], {
  get: (_t, prop) => Reflect.get(shopify().unauthenticated, prop),
});
export const login: ShopifyApp["login"] = (request) => shopify().login(request);
export const addDocumentResponseHeaders: ShopifyApp["addDocumentResponseHeaders"] = (request, headers) =>
  shopify().addDocumentResponseHeaders(request, headers);

/** The Admin API client of a shop's offline session: for jobs, webhooks and the demo (no request to authenticate). */
export async function offlineAdmin(shopDomain: string) {
  return (await shopify().unauthenticated.admin(shopDomain)).admin;
}
