import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getCustomerOrder, OrderNumber, parseOrThrow } from "../storefront/orders.server";
import { proxyJson, proxyRoute, requireCustomer } from "../storefront/proxy.server";
import { STOREFRONT_TEXT } from "../storefront/text.server";

/** GET /proxy/orders/:number — one of the signed-in customer's orders (docs/storefront-api.md). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const customerId = requireCustomer(ctx, STOREFRONT_TEXT.signInForOrders);
    const { number } = parseOrThrow(z.object({ number: OrderNumber }), { number: params.number });
    return proxyJson({ order: await getCustomerOrder(ctx.shop.id, customerId, { number }) });
  });

export const action = ({ request }: ActionFunctionArgs) => proxyRoute(request, "GET", async () => proxyJson({}));
