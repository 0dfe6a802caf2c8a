import db from "../db.server";
import { env, isDemoMode } from "../env.server";
import { AppError, errorResponse } from "../errors.server";
import { authenticate, offlineAdmin } from "../shopify.server";
import { ensureShop, type ShopRecord } from "../shops/shops.server";
import { upsertStaffFromSession } from "./after-auth.server";
import type { Prisma } from "../generated/prisma/client";

export type StaffRecord = Prisma.StaffGetPayload<object>;

export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export interface StaffContext {
  shop: ShopRecord;
  /** The staff member working in the app (null only for a session without user information). */
  staff: StaffRecord | null;
  admin: AdminGraphql;
  demo: boolean;
}

/**
 * Every embedded admin loader and action starts here. Outside demo mode this is Shopify's session-token
 * authentication; in demo mode (which refuses to start in production or with real credentials) the
 * request is the seeded demo staff member of the demo shop, so the app opens in a plain browser.
 */
export async function requireStaff(request: Request): Promise<StaffContext> {
  if (isDemoMode()) return demoStaff();

  const { session, admin } = await authenticate.admin(request);
  const shop = (await db.shop.findUnique({ where: { domain: session.shop } })) ?? (await ensureShop(session.shop));
  const userId = session.onlineAccessInfo?.associated_user?.id;
  let staff: StaffRecord | null = null;
  if (userId) {
    staff =
      (await db.staff.findUnique({ where: { shopId_shopifyUserId: { shopId: shop.id, shopifyUserId: BigInt(userId) } } })) ??
      (await upsertStaffFromSession(shop.id, session));
  }
  if (staff && !staff.active) {
    throw errorResponse(
      new AppError("forbidden", "An admin turned off your access to this app. Ask an admin to turn it back on in Settings → Team."),
    );
  }
  return { shop, staff, admin, demo: false };
}

async function demoStaff(): Promise<StaffContext> {
  const domain = env().DEMO_SHOP!;
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) throw errorResponse(new AppError("unavailable", `The demo shop ${domain} is not seeded yet. Restart \`npm run demo\`.`));
  const staff = await db.staff.findFirst({ where: { shopId: shop.id, active: true }, orderBy: [{ role: "asc" }, { createdAt: "asc" }] });
  return { shop, staff, admin: await offlineAdmin(domain), demo: true };
}
