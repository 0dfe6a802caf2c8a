import type { OperationResolver } from "./shopify-admin";

/** Admin API answers for app/shopify/operations/storefront.ts (storefront return requests), shared by the tests and demo mode. */
export const storefrontResolvers: Record<string, OperationResolver> = {};
