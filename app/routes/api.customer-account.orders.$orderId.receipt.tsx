import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { limitCustomer } from "../customer-account/rate-limit.server";
import { customerAccountEndpoint, OrderIdParam } from "../customer-account/session.server";
import { parseOrThrow } from "../storefront/orders.server";
import { clientIpOf } from "../storefront/rate-limit.server";
import { requestCustomerAccountReceipt } from "../storefront/receipts.server";

// POST /api/customer-account/orders/:orderId/receipt — "Email me my receipt" on the customer account's order page.
// The order must be the session token's customer's (else the same 404 as an unknown order); the receipt goes to
// the order's own email (app/payments/send-receipt.server.ts). No body.

export async function action({ request, params }: ActionFunctionArgs) {
  return customerAccountEndpoint(request, "POST", async ({ shop, shopifyCustomerId }) => {
    await limitCustomer("write", shop.id, shopifyCustomerId);
    const shopifyOrderId = parseOrThrow(OrderIdParam, params.orderId);
    const receipt = await requestCustomerAccountReceipt(shop, shopifyCustomerId, shopifyOrderId, clientIpOf(request));
    return json({ receipt });
  });
}

/** Preflight (OPTIONS); GET → 405 (this address only takes POST). */
export async function loader({ request }: LoaderFunctionArgs) {
  return customerAccountEndpoint(request, "POST", async () => {
    throw new Error("unreachable: only POST is accepted");
  });
}
