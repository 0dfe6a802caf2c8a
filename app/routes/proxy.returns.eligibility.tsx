import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { OrderRef, parseOrThrow } from "../storefront/orders.server";
import { proxyJson, proxyRoute, queryOf, requireCustomer } from "../storefront/proxy.server";
import { returnEligibility } from "../storefront/returns.server";
import { STOREFRONT_TEXT } from "../storefront/text.server";

const EligibilityQuery = z.object({ order: OrderRef });

/** GET /proxy/returns/eligibility?order=… — what the signed-in customer can return (docs/storefront-api.md). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const customerId = requireCustomer(ctx, STOREFRONT_TEXT.signInForReturns);
    const { order } = parseOrThrow(EligibilityQuery, queryOf(ctx.url));
    return proxyJson(await returnEligibility(ctx.shop.id, customerId, order));
  });

export const action = ({ request }: ActionFunctionArgs) => proxyRoute(request, "GET", async () => proxyJson({}));
