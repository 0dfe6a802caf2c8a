import { afterAll, afterEach, beforeAll } from "vitest";
import { setupServer } from "msw/node";
import { createShopifyAdminMock } from "../mocks/shopify-admin";

/** Installs the shared Admin API mock for a test file. Requests to anything else unmocked are errors. */
export function useShopifyAdminMock() {
  const admin = createShopifyAdminMock();
  const server = setupServer(...admin.handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => admin.reset());
  afterAll(() => server.close());
  return admin;
}
