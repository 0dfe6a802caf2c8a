import { afterAll, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { unauthenticated } from "../../app/shopify.server";
import type { SyncDeps } from "../../app/sync/backfill.server";
import { reconcileShop } from "../../app/sync/reconcile.server";
import { DISPUTE_SYNC_DAYS, mayReadDisputes } from "../../app/disputes/sync-disputes.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";
import { disputeNode, disputesAnswer, noPaymentsAccount, restDispute } from "../mocks/shopify-admin-disputes";

// The hourly reconciliation also re-reads the shop's Shopify Payments disputes (a missed disputes/* webhook heals).

const adminMock = shopifyAdminMock();
const deps: SyncDeps = { admin: async (shop) => (await unauthenticated.admin(shop.domain)).admin };

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

describe("dispute sync", () => {
  it("mirrors the disputes Shopify lists: an open one gets its order and case, a long-decided one is only mirrored", async () => {
    const shop = await createInstalledShop();
    const due = new Date(Date.now() + 2 * 3600 * 1000);
    const open = disputeNode(restDispute({ evidence_due_by: due.toISOString() }));
    const decided = disputeNode(restDispute({ id: 285330001, status: "won", reason: "subscription_canceled", amount: "25.00", finalized_on: "2026-10-02T10:00:00Z", initiated_at: "2026-08-20T10:00:00Z" }));
    // No order changed in Shopify this hour: only the disputes bring #1001 in.
    adminMock.use("OrdersUpdatedSince", () => ({ orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }));
    adminMock.use("DisputesForSync", disputesAnswer([open, decided, { id: "gid://shopify/ShopifyPaymentsDispute/1", status: "NEW_STATUS" }]));
    const now = new Date();
    await reconcileShop({ shopId: shop.shopId }, { ...deps, now: () => now });

    const [call] = adminMock.callsTo("DisputesForSync");
    const since = Date.parse(/'([^']+)'/.exec(String(call.variables.query))![1]);
    expect(now.getTime() - since).toBe(DISPUTE_SYNC_DAYS * 24 * 3600 * 1000);
    expect(adminMock.callsTo("OrderForMirror").map((c) => c.variables.id)).toEqual(["gid://shopify/Order/5940139491234"]);

    const disputes = await db.dispute.findMany({ where: { shopId: shop.shopId }, orderBy: { initiatedAt: "asc" } });
    expect(disputes.map((d) => [d.shopifyId, d.status, d.reason, d.caseId !== null])).toEqual([
      [285330001n, "WON", "subscription_canceled", false],
      [285332461n, "NEEDS_RESPONSE", "product_not_received", true],
    ]);
    expect(disputes.every((d) => d.orderId !== null)).toBe(true);
    const kase = await db.case.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(kase.externalDueAt?.toISOString()).toBe(due.toISOString());
    expect((await db.syncRun.findFirstOrThrow({ where: { shopId: shop.shopId } })).status).toBe("COMPLETED");

    // The next hour: nothing new, nothing changes.
    const before = await db.caseEvent.count({ where: { shopId: shop.shopId } });
    await reconcileShop({ shopId: shop.shopId }, deps);
    expect(await db.caseEvent.count({ where: { shopId: shop.shopId } })).toBe(before);
    expect(await db.dispute.count({ where: { shopId: shop.shopId } })).toBe(2);
  });

  it("a store without Shopify Payments has no disputes, and the run completes", async () => {
    const shop = await createInstalledShop();
    adminMock.use("DisputesForSync", noPaymentsAccount);
    await reconcileShop({ shopId: shop.shopId }, deps);
    expect(adminMock.callsTo("DisputesForSync")).toHaveLength(1);
    expect(await db.dispute.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect((await db.syncRun.findFirstOrThrow({ where: { shopId: shop.shopId } })).status).toBe("COMPLETED");
  });

  it("does not ask for disputes when the shop did not grant the scope", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { scopes: "read_orders,read_customers" } });
    await reconcileShop({ shopId: shop.shopId }, deps);
    expect(adminMock.callsTo("DisputesForSync")).toHaveLength(0);
  });

  it("an ACCESS_DENIED answer means no disputes access: the order reconcile completes, nothing is recorded as failed", async () => {
    const shop = await createInstalledShop();
    const now = new Date();
    adminMock.use("OrdersUpdatedSince", () => ({ orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }));
    adminMock.use("DisputesForSync", () => ({ errors: [{ message: "Access denied for disputes field.", extensions: { code: "ACCESS_DENIED" } }] }));
    await reconcileShop({ shopId: shop.shopId }, { ...deps, now: () => now });
    expect(adminMock.callsTo("DisputesForSync")).toHaveLength(1);
    const run = await db.syncRun.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(run).toMatchObject({ status: "COMPLETED", error: null });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).lastSyncedAt).toEqual(now);
  });

  it("a failing disputes query is recorded and logged, but does not fail the order reconcile", async () => {
    const shop = await createInstalledShop();
    const now = new Date();
    adminMock.use("OrdersUpdatedSince", () => ({ orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }));
    adminMock.use("DisputesForSync", () => ({ errors: [{ message: "Internal error. Looks like something went wrong on our end." }] }));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await reconcileShop({ shopId: shop.shopId }, { ...deps, now: () => now });
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/Disputes could not be brought up to date/)]);
    } finally {
      warn.mockRestore();
    }
    const run = await db.syncRun.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(run.status).toBe("COMPLETED");
    expect(run.error).toMatch(/^Disputes could not be brought up to date: .*something went wrong/);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).lastSyncedAt).toEqual(now);
  });

  it("reads disputes when write_ implies the read scope, or when the scopes were never recorded", async () => {
    expect(mayReadDisputes({ scopes: "read_orders,read_shopify_payments_disputes" })).toBe(true);
    expect(mayReadDisputes({ scopes: "read_orders,write_shopify_payments_disputes" })).toBe(true);
    expect(mayReadDisputes({ scopes: null })).toBe(true);
    expect(mayReadDisputes({ scopes: "read_orders, read_customers" })).toBe(false);
  });
});
