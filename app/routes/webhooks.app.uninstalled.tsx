import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { markShopUninstalled } from "../shops/shops.server";
import { webhookRoute } from "../webhooks/route.server";

/** app/uninstalled: delete the shop's sessions and mark it uninstalled. Its data waits for shop/redact. */
export const action = ({ request }: ActionFunctionArgs) =>
  webhookRoute(request, async () => {
    const { shop } = await authenticate.webhook(request);
    await markShopUninstalled(shop);
  });

export const loader = () => webhookRoute(null, async () => undefined);
