import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listCustomerOrders, parseOrThrow } from "../storefront/orders.server";
import { proxyJson, proxyRoute, queryOf, requireCustomer } from "../storefront/proxy.server";
import { STOREFRONT_TEXT } from "../storefront/text.server";

const OrdersQuery = z.object({
  limit: z.preprocess(
    (v) => (v === undefined || v === "" ? 10 : v),
    z.coerce.number({ error: "limit must be a number from 1 to 20" }).int("limit must be a whole number").min(1, "limit must be at least 1").max(20, "limit can be at most 20"),
  ),
});

/** GET /proxy/orders — the signed-in customer's recent orders (docs/storefront-api.md). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const customerId = requireCustomer(ctx, STOREFRONT_TEXT.signInForOrders);
    const { limit } = parseOrThrow(OrdersQuery, queryOf(ctx.url));
    return proxyJson({ orders: await listCustomerOrders(ctx.shop.id, customerId, { limit }) });
  });

export const action = ({ request }: ActionFunctionArgs) => proxyRoute(request, "GET", async () => proxyJson({}));
