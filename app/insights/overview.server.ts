import db from "../db.server";
import type { CaseStatus, CaseTopic } from "../generated/prisma/client";

const DAY = 24 * 60 * 60 * 1000;

export interface ShopOverview {
  cases: Record<CaseStatus, number> & { total: number; unassignedOpen: number; resolvedLast7Days: number };
  openByTopic: { topic: CaseTopic; count: number }[];
  orders: { mirrored: number; unfulfilled: number; inTransit: number; deliveredLast30Days: number };
  returns: { requested: number };
  refunds: { last30Days: number; amountLast30Days: string; currencyCode: string };
}

/** The counts on the app home, read from the local mirror and cases of one shop. */
export async function getShopOverview(shopId: string, currencyCode: string, now = new Date()): Promise<ShopOverview> {
  const since7 = new Date(now.getTime() - 7 * DAY);
  const since30 = new Date(now.getTime() - 30 * DAY);
  const [byStatus, byTopic, unassignedOpen, resolvedLast7Days, mirrored, unfulfilled, inTransit, delivered, requested, refunds] =
    await Promise.all([
      db.case.groupBy({ by: ["status"], where: { shopId, outreach: false }, _count: { _all: true } }),
      db.case.groupBy({ by: ["topic"], where: { shopId, status: "OPEN", outreach: false }, _count: { _all: true } }),
      db.case.count({ where: { shopId, status: "OPEN", assigneeId: null, outreach: false } }),
      db.case.count({ where: { shopId, resolvedAt: { gte: since7 }, outreach: false } }),
      db.order.count({ where: { shopId } }),
      db.order.count({ where: { shopId, cancelledAt: null, fulfillmentStatus: { in: ["UNFULFILLED", "PARTIALLY_FULFILLED"] } } }),
      db.fulfillment.count({
        where: { shopId, status: "SUCCESS", shipmentStatus: { in: ["IN_TRANSIT", "OUT_FOR_DELIVERY", "CONFIRMED", "LABEL_PURCHASED", "LABEL_PRINTED", "CARRIER_PICKED_UP"] } },
      }),
      db.fulfillment.count({ where: { shopId, deliveredAt: { gte: since30 } } }),
      db.return.count({ where: { shopId, status: "REQUESTED" } }),
      db.refund.aggregate({ where: { shopId, processedAt: { gte: since30 } }, _count: { _all: true }, _sum: { amount: true } }),
    ]);

  const statuses: Record<CaseStatus, number> = { OPEN: 0, PENDING: 0, SNOOZED: 0, RESOLVED: 0, CLOSED: 0 };
  for (const row of byStatus) statuses[row.status] = row._count._all;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);

  return {
    cases: { ...statuses, total, unassignedOpen, resolvedLast7Days },
    openByTopic: byTopic
      .map((row) => ({ topic: row.topic, count: row._count._all }))
      .sort((a, b) => b.count - a.count),
    orders: { mirrored, unfulfilled, inTransit, deliveredLast30Days: delivered },
    returns: { requested },
    refunds: {
      last30Days: refunds._count._all,
      amountLast30Days: (refunds._sum.amount ?? 0).toString(),
      currencyCode,
    },
  };
}
