import type { OperationResolver } from "./shopify-admin";

/** Admin API answers for app/shopify/operations/storefront.ts (storefront return requests), shared by the tests and demo mode. */

let returnSequence = 0;

interface ReturnRequestVariables {
  input: { orderId: string; returnLineItems: { fulfillmentLineItemId: string; quantity: number }[] };
}

/** returnRequest: a new return, REQUESTED, numbered after the order ("#R1"-style names as Shopify gives them). */
function returnRequest(variables: Record<string, unknown>) {
  const { input } = variables as unknown as ReturnRequestVariables;
  const userErrors: { field: string[]; message: string; code: string }[] = [];
  if (!input?.orderId?.startsWith("gid://shopify/Order/")) {
    userErrors.push({ field: ["input", "orderId"], message: "Order does not exist", code: "NOT_FOUND" });
  }
  if (!input?.returnLineItems?.length) {
    userErrors.push({ field: ["input", "returnLineItems"], message: "Return line items can't be blank", code: "BLANK" });
  }
  for (const [i, line] of (input?.returnLineItems ?? []).entries()) {
    if (!(line.quantity > 0)) userErrors.push({ field: ["input", "returnLineItems", String(i), "quantity"], message: "Quantity must be greater than 0", code: "INVALID" });
  }
  if (userErrors.length) return { returnRequest: { return: null, userErrors } };
  returnSequence += 1;
  const id = 9_100_000_000 + returnSequence;
  return {
    returnRequest: {
      return: {
        id: `gid://shopify/Return/${id}`,
        name: `#R${returnSequence}`,
        status: "REQUESTED",
        returnLineItems: {
          nodes: input.returnLineItems.map((line, i) => ({
            id: `gid://shopify/ReturnLineItem/${id * 100 + i}`,
            quantity: line.quantity,
            fulfillmentLineItem: { id: line.fulfillmentLineItemId },
          })),
        },
      },
      userErrors: [],
    },
  };
}

export const storefrontResolvers: Record<string, OperationResolver> = {
  StorefrontReturnRequest: ({ variables }) => returnRequest(variables),
};
