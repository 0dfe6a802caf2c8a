import { describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { rebuildShopInsights, refreshInsights, refreshInsightsHourly } from "../../app/insights/rollup/run.server";
import { createTestCase } from "../helpers/builders";
import { allowConsoleError } from "../helpers/console";
import { createInstalledShop } from "../helpers/shopify";

// Switches that make one recompute throw, to check that the days it had taken stay dirty.
const fail = vi.hoisted(() => ({ cases: false, orders: false }));
vi.mock("../../app/insights/business-hours", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/insights/business-hours")>();
  return {
    ...real,
    businessMinutesBetween: (...args: Parameters<typeof real.businessMinutesBetween>) => {
      if (fail.cases) throw new Error("business hours exploded");
      return real.businessMinutesBetween(...args);
    },
  };
});
vi.mock("../../app/insights/rollup/orders.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/insights/rollup/orders.server")>();
  return {
    ...real,
    recomputeOrderDays: async (...args: Parameters<typeof real.recomputeOrderDays>) => {
      if (fail.orders) throw new Error("order rollup exploded");
      return real.recomputeOrderDays(...args);
    },
  };
});

// Runs inside the case-rollup transaction (after the case rows are written), to act while a recompute is under way.
const hooks = vi.hoisted(() => ({ during: undefined as undefined | (() => Promise<void>) }));
vi.mock("../../app/insights/rollup/durations.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/insights/rollup/durations.server")>();
  return {
    ...real,
    recomputeDurationMonths: async (...args: Parameters<typeof real.recomputeDurationMonths>) => {
      await hooks.during?.();
      return real.recomputeDurationMonths(...args);
    },
  };
});

const at = (iso: string) => new Date(iso);
const NOW = at("2026-11-25T12:00:00Z");
const day = (d: string) => new Date(`${d}T00:00:00Z`);

async function dirtyDays(shopId: string) {
  const rows = await db.insightDirtyDay.findMany({ where: { shopId }, orderBy: { day: "asc" } });
  return rows.map((r) => r.day.toISOString().slice(0, 10));
}

async function created(shopId: string, d: string) {
  const rows = await db.insightCaseDaily.findMany({ where: { shopId, day: day(d) } });
  const totals = await db.insightCaseDayTotal.findMany({ where: { shopId, day: day(d) } });
  const sum = (list: { created: number; resolved: number }[]) => ({
    created: list.reduce((n, r) => n + r.created, 0),
    resolved: list.reduce((n, r) => n + r.resolved, 0),
  });
  // The assignee-free day totals (what the dashboard reads unless filtered by assignee) agree with the daily rows.
  expect(sum(totals), `InsightCaseDayTotal of ${d}`).toEqual(sum(rows));
  return sum(rows);
}

/** Every day total equals its daily rows summed over assignees (all counts and scores), and no total is left over. */
async function expectDayTotalsAgree(shopId: string) {
  const key = (r: { day: Date; channel: string; topic: string }) => `${r.day.toISOString().slice(0, 10)}|${r.channel}|${r.topic}`;
  const expected = new Map<string, Record<string, number | number[]>>();
  for (const r of await db.insightCaseDaily.findMany({ where: { shopId } })) {
    const { id: _id, shopId: _shop, day: _day, channel: _channel, topic: _topic, assigneeId: _assignee, firstResponseMinutes: _f, resolutionMinutes: _r, ...counts } = r;
    const into = expected.get(key(r)) ?? {};
    for (const [k, v] of Object.entries(counts)) {
      into[k] = Array.isArray(v) ? v.map((n, i) => n + (((into[k] as number[] | undefined) ?? [])[i] ?? 0)) : v + ((into[k] as number | undefined) ?? 0);
    }
    expected.set(key(r), into);
  }
  const actual = new Map<string, Record<string, number | number[]>>();
  for (const r of await db.insightCaseDayTotal.findMany({ where: { shopId } })) {
    const { shopId: _shop, day: _day, channel: _channel, topic: _topic, ...counts } = r;
    actual.set(key(r), counts);
  }
  expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
  expect(actual.size).toBeGreaterThan(0);
}

describe("refreshInsights", () => {
  it("builds a new shop in full, then recomputes only the days the triggers mark dirty", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await createTestCase(s, { createdAt: at("2026-11-20T10:00:00Z") });
    // No InsightState yet: the first run rebuilds the shop from its first case to today.
    const first = await refreshInsights(NOW);
    expect(first.rebuilt).toContain(s);
    expect(await dirtyDays(s)).toEqual([]);
    expect(await created(s, "2026-11-20")).toEqual({ created: 1, resolved: 0 });
    const state = await db.insightState.findUniqueOrThrow({ where: { shopId: s } });
    expect(state.timezone).toBe("UTC");
    expect(await db.insightBacklogDaily.findUnique({ where: { shopId_day: { shopId: s, day: day("2026-11-25") } } })).toMatchObject({ open: 1, pending: 0 });
    // Days before the first build: reconstructed from creation and resolution times (open from Nov 20 on).
    const history = await db.insightBacklogDaily.findMany({ where: { shopId: s }, orderBy: { day: "asc" } });
    expect(history.map((r) => [r.day.toISOString().slice(5, 10), r.open])).toEqual([["11-20", 1], ["11-21", 1], ["11-22", 1], ["11-23", 1], ["11-24", 1], ["11-25", 1]]);

    // A new case on Nov 22 marks Nov 22 (and the 3 days before it, for self-service follow-ups).
    const c = await createTestCase(s, { createdAt: at("2026-11-22T08:00:00Z"), status: "PENDING" });
    expect(await dirtyDays(s)).toEqual(["2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]);
    const second = await refreshInsights(NOW);
    expect(second.rebuilt).not.toContain(s);
    expect(second.days).toBeGreaterThanOrEqual(4);
    expect(await dirtyDays(s)).toEqual([]);
    expect(await created(s, "2026-11-22")).toEqual({ created: 1, resolved: 0 });
    expect(await db.insightBacklogDaily.findUnique({ where: { shopId_day: { shopId: s, day: day("2026-11-25") } } })).toMatchObject({ open: 1, pending: 1 });

    // Resolving it marks the creation day and the resolution day.
    await db.case.update({ where: { id: c.id }, data: { status: "RESOLVED", resolvedAt: at("2026-11-24T09:00:00Z") } });
    expect(await dirtyDays(s)).toEqual(["2026-11-22", "2026-11-24"]);
    await refreshInsights(NOW);
    expect(await created(s, "2026-11-24")).toEqual({ created: 0, resolved: 1 });
    expect(await created(s, "2026-11-22")).toEqual({ created: 1, resolved: 0 });

    // A change of topic moves the case between day totals; the old (day, channel, topic) total is gone.
    await db.case.update({ where: { id: c.id }, data: { topic: "REFUND" } });
    await refreshInsights(NOW);
    await expectDayTotalsAgree(s);
  });

  it("keeps the days dirty when a recompute throws, and catches up on the next run", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await rebuildShopInsights(s, NOW);
    await createTestCase(s, { createdAt: at("2026-11-23T10:00:00Z"), firstResponseAt: at("2026-11-23T10:30:00Z") });
    const marked = await dirtyDays(s);
    expect(marked).toContain("2026-11-23");

    // The case rollup fails inside the transaction that took the days: rolled back, nothing lost.
    fail.cases = true;
    allowConsoleError(1);
    const failed = await refreshInsights(NOW);
    fail.cases = false;
    expect(failed.failed.map((f) => f.shopId)).toEqual([s]);
    expect(await dirtyDays(s)).toEqual(marked);
    expect(await created(s, "2026-11-23")).toEqual({ created: 0, resolved: 0 });

    // The order rollup fails after the case rollups committed: the days are marked dirty again.
    fail.orders = true;
    allowConsoleError(1);
    await refreshInsights(NOW);
    fail.orders = false;
    expect(await dirtyDays(s)).toEqual(marked);

    const ok = await refreshInsights(NOW);
    expect(ok.failed).toEqual([]);
    expect(await dirtyDays(s)).toEqual([]);
    expect(await created(s, "2026-11-23")).toEqual({ created: 1, resolved: 0 });
  });

  it("never makes a writer wait on a recompute, and a write during one marks its day again", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    const kase = await createTestCase(s, { createdAt: at("2026-11-24T10:00:00Z") });
    let wrote = false;
    hooks.during = async () => {
      hooks.during = undefined;
      // Another connection changes the case while its day is being recomputed; waiting on the job would time out.
      await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL lock_timeout = '2s'");
        await tx.case.update({ where: { id: kase.id }, data: { topic: "REFUND" } });
      });
      wrote = true;
    };
    await rebuildShopInsights(s, NOW);
    expect(wrote).toBe(true);
    // The write came after the day's cases were read: it marked the day dirty again, and the rebuild's next batch
    // counted the new topic (had the mark been lost, the day would still show OTHER).
    expect(await dirtyDays(s)).toEqual([]);
    const rows = await db.insightCaseDaily.findMany({ where: { shopId: s, day: day("2026-11-24") } });
    expect(rows.map((r) => [r.topic, r.created])).toEqual([["REFUND", 1]]);
  });

  it("keeps the day totals exact whatever writes the daily rows (a trigger, not the job)", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    const d = day("2026-11-18");
    const [agentA, agentB] = ["00000000-0000-7000-8000-00000000000a", "00000000-0000-7000-8000-00000000000b"];
    // As a worker of another release would write them: daily rows straight into the table, in two statements.
    await db.insightCaseDaily.createMany({
      data: [
        { shopId: s, day: d, channel: "EMAIL", topic: "REFUND", assigneeId: agentA, created: 2, resolved: 1, csatResponses: 1, csatScores: [0, 0, 0, 1, 0] },
        { shopId: s, day: d, channel: "EMAIL", topic: "REFUND", assigneeId: agentB, created: 3, urgent: 1, csatResponses: 2, csatScores: [1, 0, 0, 0, 1] },
      ],
    });
    await db.insightCaseDaily.create({ data: { shopId: s, day: d, channel: "STOREFRONT", topic: "WHERE_IS_MY_ORDER", assigneeId: null, created: 4 } });
    expect(await db.insightCaseDayTotal.findUnique({ where: { shopId_day_channel_topic: { shopId: s, day: d, channel: "EMAIL", topic: "REFUND" } } })).toMatchObject({
      created: 5, resolved: 1, urgent: 1, csatResponses: 3, csatScores: [1, 0, 0, 1, 1],
    });
    await expectDayTotalsAgree(s);
    // An update moves counts; deleting a day's rows removes its totals.
    await db.insightCaseDaily.updateMany({ where: { shopId: s, day: d, assigneeId: agentB }, data: { created: 10 } });
    expect((await db.insightCaseDayTotal.findUniqueOrThrow({ where: { shopId_day_channel_topic: { shopId: s, day: d, channel: "EMAIL", topic: "REFUND" } } })).created).toBe(12);
    await db.insightCaseDaily.deleteMany({ where: { shopId: s, day: d, channel: "EMAIL" } });
    expect(await db.insightCaseDayTotal.count({ where: { shopId: s, day: d, channel: "EMAIL" } })).toBe(0);
    await expectDayTotalsAgree(s);
  });

  it("takes over the days of a worker that died mid-batch, and leaves a live worker's days alone", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await createTestCase(s, { createdAt: at("2026-11-20T10:00:00Z") });
    await rebuildShopInsights(s, NOW);
    // A worker took Nov 20, deleted its rows, and died before writing them (its claim is 20 minutes old).
    await db.insightCaseDaily.deleteMany({ where: { shopId: s, day: day("2026-11-20") } });
    const claim = { shopId: s, day: day("2026-11-20"), claimedAt: new Date(Date.now() - 60_000) };
    await db.insightClaimedDay.create({ data: claim });
    // A minute-old claim is a live worker's: skipped.
    await refreshInsights(NOW);
    expect(await created(s, "2026-11-20")).toEqual({ created: 0, resolved: 0 });
    await db.insightClaimedDay.update({ where: { shopId_day: { shopId: s, day: claim.day } }, data: { claimedAt: new Date(Date.now() - 20 * 60_000) } });
    await refreshInsights(NOW);
    expect(await created(s, "2026-11-20")).toEqual({ created: 1, resolved: 0 });
    expect(await db.insightClaimedDay.count({ where: { shopId: s } })).toBe(0);
  });

  it("rebuilds a shop whose time zone changed", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await createTestCase(s, { createdAt: at("2026-11-03T02:00:00Z") });
    await rebuildShopInsights(s, NOW);
    expect(await created(s, "2026-11-03")).toEqual({ created: 1, resolved: 0 });
    await db.shop.update({ where: { id: s }, data: { ianaTimezone: "America/New_York" } });
    const summary = await refreshInsights(NOW);
    expect(summary.rebuilt).toContain(s);
    expect(await created(s, "2026-11-03")).toEqual({ created: 0, resolved: 0 });
    expect(await created(s, "2026-11-02")).toEqual({ created: 1, resolved: 0 });
  });

  it("re-marks the last 5 days and the days of newly breached unanswered cases every hour", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await createTestCase(s, { createdAt: at("2026-11-10T10:00:00Z"), firstResponseDueAt: at("2026-11-25T11:30:00Z") });
    await rebuildShopInsights(s, at("2026-11-25T11:00:00Z"));
    const before = await db.insightCaseDaily.findMany({ where: { shopId: s, day: day("2026-11-10") } });
    expect(before[0].firstResponseBreached).toBe(0);
    await refreshInsightsHourly(NOW);
    expect(await dirtyDays(s)).toEqual(["2026-11-10", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"]);
    await refreshInsights(NOW);
    const after = await db.insightCaseDaily.findMany({ where: { shopId: s, day: day("2026-11-10") } });
    expect(after[0].firstResponseBreached).toBe(1);
  });

  it("drops the rollups of shops that no longer exist, hourly", async () => {
    const shop = await createInstalledShop();
    await createTestCase(shop.shopId, { createdAt: at("2026-11-20T10:00:00Z") });
    await rebuildShopInsights(shop.shopId, NOW);
    expect(await db.insightCaseDaily.count({ where: { shopId: shop.shopId } })).toBeGreaterThan(0);
    await db.shop.delete({ where: { id: shop.shopId } });
    await refreshInsightsHourly(NOW);
    const where = { where: { shopId: shop.shopId } };
    const left = [await db.insightCaseDaily.count(where), await db.insightDirtyDay.count(where), await db.insightState.count(where), await db.insightBacklogDaily.count(where)];
    expect(left).toEqual([0, 0, 0, 0]);
  });
});
