import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isDemoMode } from "../env.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (isDemoMode()) return redirect("/app");
  await authenticate.admin(request);
  return null;
};
