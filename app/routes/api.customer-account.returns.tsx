import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { limitCustomer } from "../customer-account/rate-limit.server";
import { customerAccountEndpoint, OrderIdParam, readJson } from "../customer-account/session.server";
import { loadCustomerOrder, parseOrThrow } from "../storefront/orders.server";
import { requestReturn } from "../storefront/returns.server";

// POST /api/customer-account/returns — the signed-in customer's return request from the customer account
// "Request return" modal. Body: { orderId, items: [{ lineItemId, quantity, reason, note? }], note? }.
// The order must be the token's customer's (else 404); eligibility, the Shopify returnRequest (auto-approved when
// the shop's rules allow) and the support case are the storefront's return service (app/storefront/returns.server.ts).

const CustomerReturnBody = z.object({
  orderId: z.union([z.string(), z.number()]).transform(String).pipe(OrderIdParam),
  items: z.unknown(),
  note: z.unknown().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  return customerAccountEndpoint(request, "POST", async ({ shop, shopifyCustomerId }) => {
    await limitCustomer("write", shop.id, shopifyCustomerId);
    const body = parseOrThrow(CustomerReturnBody, await readJson(request));
    // The order by its id, as the customer's own (404 otherwise); the return service names it by number.
    const order = await loadCustomerOrder(shop.id, shopifyCustomerId, { shopifyOrderId: body.orderId });
    const result = await requestReturn(
      shop,
      shopifyCustomerId,
      { order: String(order.orderNumber), items: body.items, note: body.note },
      { channel: "CUSTOMER_ACCOUNT" },
    );
    return json(result, { status: 201 });
  });
}

/** GET → 405 (this address only takes POST). */
export async function loader({ request }: LoaderFunctionArgs) {
  return customerAccountEndpoint(request, "POST", async () => {
    throw new Error("unreachable: only POST is accepted");
  });
}
