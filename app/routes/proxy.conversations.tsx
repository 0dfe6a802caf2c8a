import type { LoaderFunctionArgs } from "@remix-run/node";
import { customerConversations } from "../storefront/conversations.server";
import { proxyJson, proxyRoute, requireCustomer } from "../storefront/proxy.server";

/**
 * GET /proxy/conversations — the signed-in customer's conversations with the store (docs/storefront-api.md):
 * newest activity first, at most 10, each with its signed link to read and answer it. Guests get a 401.
 */
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const customerId = requireCustomer(ctx, "Sign in to your account to see your conversations with the store.");
    return proxyJson({ conversations: await customerConversations(ctx.shop.id, customerId) });
  });
