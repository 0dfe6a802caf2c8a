import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { viewArticle } from "../storefront/articles.server";
import { proxyJson, proxyRoute } from "../storefront/proxy.server";

/** GET /proxy/articles/:slug — one published article; records the view (docs/storefront-api.md). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const article = await viewArticle(ctx.shop.id, params.slug ?? "", {
      query: ctx.url.searchParams.get("q"),
      shopifyCustomerId: ctx.shopifyCustomerId,
    });
    return proxyJson({ article });
  });

export const action = ({ request }: ActionFunctionArgs) => proxyRoute(request, "GET", async () => proxyJson({}));
