import type { ShopifyAdminMock } from "../mocks/shopify-admin";

const KEY = Symbol.for("casefile.shopifyAdminMock");

/**
 * The Admin API mock of this test file. tests/setup/test-env.ts starts it before any app module is
 * imported: @shopify/shopify-api keeps a reference to globalThis.fetch from import time, so interception
 * must already be in place by then. Calls are cleared after every test.
 */
export function shopifyAdminMock(): ShopifyAdminMock {
  const mock = (globalThis as unknown as Record<symbol, ShopifyAdminMock | undefined>)[KEY];
  if (!mock) throw new Error("The Shopify Admin mock is not installed (tests/setup/test-env.ts)");
  return mock;
}

export function installShopifyAdminMock(mock: ShopifyAdminMock): void {
  (globalThis as unknown as Record<symbol, ShopifyAdminMock>)[KEY] = mock;
}
