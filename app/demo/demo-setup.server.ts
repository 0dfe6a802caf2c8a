import db from "../db.server";
import { DEFAULT_SCOPES } from "../shopify.server";
import { seedDemoShop } from "./seed-demo.server";

/**
 * Everything the demo needs in its database: the seeded shop and an offline session, so the app's Admin
 * API client (answered by the local mock) works exactly as it does for an installed shop.
 */
export async function seedDemo(domain: string) {
  const result = await seedDemoShop(domain);
  await db.session.upsert({
    where: { id: `offline_${domain}` },
    create: { id: `offline_${domain}`, shop: domain, state: "demo", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: "demo-offline-token" },
    update: { scope: DEFAULT_SCOPES.join(",") },
  });
  return result;
}
