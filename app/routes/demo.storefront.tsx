// Demo only: /demo/storefront, a store-like page with the theme app extension's blocks rendered from their
// real Liquid (app/demo/storefront-page.server.ts). A resource route: the page is Liquid-rendered HTML with the
// extension's own assets, like a Shopify storefront, not a React page. Outside demo mode → 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderDemoStorefront } from "../demo/storefront-page.server";

export const loader = ({ request }: LoaderFunctionArgs) => renderDemoStorefront(request);
