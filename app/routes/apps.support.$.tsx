// Demo only: the storefront path of the app proxy (/apps/support/*). On a real store Shopify answers this path
// and forwards a signed request to /proxy/*; in demo mode this route does the same in-process
// (app/demo/storefront-proxy.server.ts). Outside demo mode it answers 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { forwardDemoProxyRequest } from "../demo/storefront-proxy.server";

export const loader = ({ request }: LoaderFunctionArgs) => forwardDemoProxyRequest(request);
export const action = ({ request }: ActionFunctionArgs) => forwardDemoProxyRequest(request);
