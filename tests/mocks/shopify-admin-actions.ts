import type { OperationResolver } from "./shopify-admin";

/** Admin API answers for app/shopify/operations/order-actions.ts, shared by the tests and demo mode. */
export const actionsResolvers: Record<string, OperationResolver> = {};
