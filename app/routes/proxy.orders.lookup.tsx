import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "../errors.server";
import { GuestLookupInput, lookupGuestOrder, parseOrThrow } from "../storefront/orders.server";
import { proxyJson, proxyRoute, queryOf } from "../storefront/proxy.server";
import { checkGuestLookup, recordFailedLookup } from "../storefront/rate-limit.server";

/** GET /proxy/orders/lookup?number=…&email=… — a guest's order (docs/storefront-api.md). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const input = parseOrThrow(GuestLookupInput, queryOf(ctx.url));
    await checkGuestLookup(ctx.shop.id, ctx.clientIp, input.number);
    try {
      return proxyJson({ order: await lookupGuestOrder(ctx.shop.id, input) });
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") await recordFailedLookup(ctx.shop.id, input.number);
      throw error;
    }
  });

export const action = ({ request }: ActionFunctionArgs) => proxyRoute(request, "GET", async () => proxyJson({}));
