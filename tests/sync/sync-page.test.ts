import { Session } from "@shopify/shopify-api";
import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { onShopAuthenticated } from "../../app/auth/after-auth.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { action, loader } from "../../app/routes/app.sync";
import { unauthenticated } from "../../app/shopify.server";
import { createInstalledShop, embeddedRequest, uniqueShopDomain } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

const jobCount = async (task: string, key: string) =>
  Number(
    (
      await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs
        WHERE task_identifier = ${task} AND key = ${key}`
    )[0].n,
  );

function form(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } };
}

describe("order sync on the Sync page", () => {
  it("shows the latest backfill and reconciliation of this shop only", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const t0 = Date.parse("2026-11-20T10:00:00Z");
    await db.syncRun.createMany({
      data: [
        { shopId: shop.shopId, kind: "BACKFILL", status: "COMPLETED", ordersApplied: 412, objectCount: 2900, startedAt: new Date(t0), finishedAt: new Date(t0 + 90_000) },
        { shopId: shop.shopId, kind: "RECONCILE", status: "COMPLETED", ordersApplied: 3, startedAt: new Date(t0 + 3600_000), finishedAt: new Date(t0 + 3601_000) },
        { shopId: shop.shopId, kind: "RECONCILE", status: "FAILED", error: "Orders could not be brought up to date: Internal error", startedAt: new Date(t0 + 7200_000), finishedAt: new Date(t0 + 7201_000) },
        { shopId: other.shopId, kind: "RECONCILE", status: "RUNNING", startedAt: new Date(t0 + 9000_000) },
      ],
    });

    const body = await (await loader(args(await embeddedRequest("/app/sync", shop)))).json();
    expect(body.runs).toEqual({
      backfill: { status: "COMPLETED", objectCount: 2900, ordersApplied: 412, startedAt: new Date(t0).toISOString(), finishedAt: new Date(t0 + 90_000).toISOString(), error: null },
      reconcile: {
        status: "FAILED",
        objectCount: 0,
        ordersApplied: 0,
        startedAt: new Date(t0 + 7200_000).toISOString(),
        finishedAt: new Date(t0 + 7201_000).toISOString(),
        error: "Orders could not be brought up to date: Internal error",
      },
    });

    const fresh = await createInstalledShop();
    const empty = await (await loader(args(await embeddedRequest("/app/sync", fresh)))).json();
    expect(empty.runs).toEqual({ backfill: null, reconcile: null });
  });

  it("“Sync now” queues a reconciliation of this shop (one, however often it is pressed)", async () => {
    const shop = await createInstalledShop();
    for (let i = 0; i < 2; i++) {
      const response = await action(args(await embeddedRequest("/app/sync", shop, form({ intent: "sync-now" }))));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, synced: true });
    }
    expect(await jobCount("reconcile-shop", `reconcile:${shop.shopId}`)).toBe(1);
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'reconcile-shop'`;
    expect(Number(n)).toBeGreaterThanOrEqual(1);
  });
});

describe("backfill on install", () => {
  function sessionFor(shop: string) {
    return new Session({ id: `offline_${shop}`, shop, state: "s", isOnline: false, scope: "read_orders", accessToken: "shpat_offline" });
  }

  it("queues the backfill once: not again on the next token exchange, nor for a shop that has one", async () => {
    const domain = uniqueShopDomain();
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "s", accessToken: "shpat_offline", scope: "read_orders" } });
    const { admin } = await unauthenticated.admin(domain);
    await onShopAuthenticated(sessionFor(domain), admin);
    await onShopAuthenticated(sessionFor(domain), admin);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
    expect(await jobCount("backfill-shop", `backfill:${shop.id}`)).toBe(1);

    const done = await createInstalledShop();
    await db.syncRun.create({ data: { shopId: done.shopId, kind: "BACKFILL", status: "COMPLETED" } });
    const { admin: doneAdmin } = await unauthenticated.admin(done.domain);
    await onShopAuthenticated(sessionFor(done.domain), doneAdmin);
    expect(await jobCount("backfill-shop", `backfill:${done.shopId}`)).toBe(0);
  });
});
