import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { conversationLink } from "../channels/links.server";
import { errorResponse } from "../errors.server";
import { submitContact } from "../storefront/contact.server";
import { checkContact } from "../storefront/rate-limit.server";
import { formError, formSuccess, isFormPost, proxyJson, proxyRoute, readBody } from "../storefront/proxy.server";

/**
 * POST /proxy/cases — the contact form (docs/storefront-api.md). JSON gets JSON; a plain form post (no
 * JavaScript) is sent back to the page (303) or shown a small confirmation page.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const form = isFormPost(request);
  let returnTo: unknown = null;
  return proxyRoute(
    request,
    "POST",
    async (ctx) => {
      const { data } = await readBody(request);
      returnTo = data.return_to;
      await checkContact(ctx.shop.id, ctx.clientIp);
      const result = await submitContact(ctx.shop.id, data, "STOREFRONT", { shopifyCustomerId: ctx.shopifyCustomerId });
      const conversationUrl = conversationLink(ctx.shop.id, result.caseId);
      if (form) return formSuccess(request, returnTo, { ...result, conversationUrl });
      return proxyJson({ case: { number: result.number, appended: result.appended }, message: result.message, conversationUrl }, { status: 201 });
    },
    { onError: (error) => (form && error.code !== "method_not_allowed" ? formError(error, request, returnTo) : errorResponse(error)) },
  );
};

export const loader = ({ request }: LoaderFunctionArgs) => proxyRoute(request, "POST", async () => proxyJson({}));
