import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import { webhookRoute } from "../webhooks/route.server";

const ScopesUpdate = z.object({ current: z.array(z.string()) });

/** app/scopes_update: keep the stored sessions' and shop's scopes equal to what the merchant granted. */
export const action = ({ request }: ActionFunctionArgs) =>
  webhookRoute(request, async () => {
    const { shop, payload } = await authenticate.webhook(request);
    const parsed = ScopesUpdate.safeParse(payload);
    if (!parsed.success) return;
    const scope = parsed.data.current.join(",");
    await db.$transaction([
      db.session.updateMany({ where: { shop }, data: { scope } }),
      db.shop.updateMany({ where: { domain: shop }, data: { scopes: scope } }),
    ]);
  });

export const loader = () => webhookRoute(null, async () => undefined);
