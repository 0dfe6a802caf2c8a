import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isDemoMode } from "../env.server";

/** Shopify opens the app at / with ?shop=…; the demo has no Shopify around it. Both land in /app. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (isDemoMode() || url.searchParams.get("shop")) return redirect(`/app?${url.searchParams.toString()}`);
  return redirect("/auth/login");
};
