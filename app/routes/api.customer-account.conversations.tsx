import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { limitCustomer } from "../customer-account/rate-limit.server";
import { customerAccountEndpoint } from "../customer-account/session.server";
import { customerConversations } from "../storefront/conversations.server";

// GET /api/customer-account/conversations — the signed-in customer's conversations with the store for the
// customer account extensions ("Your conversations" in the Get help modal): the same list as the storefront's
// /proxy/conversations (newest activity first, at most 10, each with its signed link). Only the token's customer.

export async function loader({ request }: LoaderFunctionArgs) {
  return customerAccountEndpoint(request, "GET", async ({ shop, shopifyCustomerId }) => {
    await limitCustomer("read", shop.id, shopifyCustomerId);
    return json({ conversations: await customerConversations(shop.id, shopifyCustomerId) });
  });
}

/** Preflight (OPTIONS); any other method → 405. */
export async function action({ request }: ActionFunctionArgs) {
  return customerAccountEndpoint(request, "GET", async () => {
    throw new Error("unreachable: GET requests go to the loader");
  });
}
