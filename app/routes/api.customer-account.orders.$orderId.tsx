import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { limitCustomer } from "../customer-account/rate-limit.server";
import { customerAccountEndpoint, OrderIdParam } from "../customer-account/session.server";
import { getCustomerOrder, parseOrThrow } from "../storefront/orders.server";
import { returnEligibility } from "../storefront/returns.server";

// GET /api/customer-account/orders/:orderId — one of the signed-in customer's orders for the customer account
// extensions: its tracking, returns and what can still be returned. Another customer's order → the same 404 as
// an unknown one. `?view=menu` (the order list's menu item deciding whether to show "Request return") is not
// counted as a self-service lookup.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return customerAccountEndpoint(request, "GET", async ({ shop, shopifyCustomerId }) => {
    await limitCustomer("read", shop.id, shopifyCustomerId);
    const shopifyOrderId = parseOrThrow(OrderIdParam, params.orderId);
    const record = new URL(request.url).searchParams.get("view") !== "menu";
    const order = await getCustomerOrder(shop.id, shopifyCustomerId, { shopifyOrderId }, { record });
    const eligibility = await returnEligibility(shop.id, shopifyCustomerId, { shopifyOrderId });
    return json({ order, eligibility });
  });
}

/** Preflight (OPTIONS); any other method → 405. */
export async function action({ request }: ActionFunctionArgs) {
  return customerAccountEndpoint(request, "GET", async () => {
    throw new Error("unreachable: GET requests go to the loader");
  });
}
