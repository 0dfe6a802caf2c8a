import db from "../db.server";
import { applyDispute } from "../disputes/apply-dispute.server";

// The demo's chargeback: the customer of a late order (an open "where is my order" case) disputed the charge
// with their bank as "product not received". It goes through the same path as a disputes/create webhook, so the
// case shows the dispute banner, the evidence due date as its deadline, and the evidence pack lists the dispute.

const DAY = 24 * 3600 * 1000;
export const DEMO_DISPUTE_ID = 88_120_451_331n;

export async function seedDemoDispute(shopId: string, now: Date): Promise<boolean> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const kase = await db.case.findFirst({
    where: { shopId, status: "OPEN", topic: "WHERE_IS_MY_ORDER", customerId: { not: null }, orders: { some: {} } },
    orderBy: { number: "asc" },
    select: { lastActivityAt: true, orders: { take: 1, orderBy: { createdAt: "asc" }, select: { order: { select: { shopifyId: true, totalPrice: true, currencyCode: true } } } } },
  });
  const order = kase?.orders[0]?.order;
  if (!kase || !order) return false;
  const outcome = await applyDispute(
    shop,
    {
      shopifyId: DEMO_DISPUTE_ID,
      orderShopifyId: order.shopifyId,
      kind: "CHARGEBACK",
      status: "NEEDS_RESPONSE",
      reason: "product_not_received",
      networkReasonCode: "13.1",
      amount: order.totalPrice.toFixed(2),
      currencyCode: order.currencyCode,
      evidenceDueBy: new Date(now.getTime() + 5 * DAY),
      evidenceSentOn: null,
      finalizedOn: null,
      initiatedAt: new Date(Math.min(now.getTime() - 2 * DAY, kase.lastActivityAt.getTime())),
    },
    // Recorded as of the case's last message, so the seeded conversation stays the case's latest activity.
    { now: kase.lastActivityAt },
  );
  return outcome === "applied";
}
