import type { OperationResolver } from "./shopify-admin";

/** Admin API answers for app/shopify/operations/customers.ts, shared by the tests and demo mode. */
export const customersResolvers: Record<string, OperationResolver> = {};
