import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ArticleSearchQuery, searchArticles } from "../storefront/articles.server";
import { parseOrThrow } from "../storefront/orders.server";
import { proxyJson, proxyRoute, queryOf } from "../storefront/proxy.server";

/** GET /proxy/articles?q=… — help search as the shopper types (docs/storefront-api.md). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyRoute(request, "GET", async (ctx) => {
    const { q, limit } = parseOrThrow(ArticleSearchQuery, queryOf(ctx.url));
    return proxyJson({ query: q, articles: await searchArticles(ctx.shop.id, q, { limit }) });
  });

export const action = ({ request }: ActionFunctionArgs) => proxyRoute(request, "GET", async () => proxyJson({}));
