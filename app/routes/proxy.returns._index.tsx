import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { proxyJson, proxyRoute, readBody, requireCustomer } from "../storefront/proxy.server";
import { requestReturn } from "../storefront/returns.server";
import { STOREFRONT_TEXT } from "../storefront/text.server";

/** POST /proxy/returns — the signed-in customer's return request (docs/storefront-api.md). */
export const action = ({ request }: ActionFunctionArgs) =>
  proxyRoute(request, "POST", async (ctx) => {
    const customerId = requireCustomer(ctx, STOREFRONT_TEXT.signInForReturns);
    const { data } = await readBody(request);
    return proxyJson(await requestReturn(ctx.shop, customerId, data), { status: 201 });
  });

export const loader = ({ request }: LoaderFunctionArgs) => proxyRoute(request, "POST", async () => proxyJson({}));
