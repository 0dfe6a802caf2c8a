import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { proxyJson, proxyRoute, readBody } from "../storefront/proxy.server";
import { requestStorefrontReceipt } from "../storefront/receipts.server";

/**
 * POST /proxy/orders/:number/receipt — "Email me my receipt" from the tracking block (docs/storefront-api.md).
 * Guests send `{ email }` (the lookup's proof), signed-in customers nothing; the receipt goes to the order's email.
 */
export const action = ({ request, params }: ActionFunctionArgs) =>
  proxyRoute(request, "POST", async (ctx) => {
    const { data } = await readBody(request);
    const receipt = await requestStorefrontReceipt(ctx.shop, {
      number: params.number,
      body: data,
      shopifyCustomerId: ctx.shopifyCustomerId,
      ip: ctx.clientIp,
    });
    return proxyJson({ receipt });
  });

export const loader = ({ request }: LoaderFunctionArgs) => proxyRoute(request, "POST", async () => proxyJson({}));
