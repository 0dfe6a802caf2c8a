// Demo only: serves the theme app extension's assets (extensions/support-theme/assets) as Shopify's CDN would.
// Only files that exist in that folder; anything else, or outside demo mode, is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoAssetResponse } from "../demo/storefront-page.server";

export const loader = ({ params, request }: LoaderFunctionArgs) => demoAssetResponse(params.file ?? "", new URL(request.url).searchParams.get("v"));
