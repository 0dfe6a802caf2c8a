import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { AppError } from "../../app/errors.server";
import { updateCases, wakeSnoozedCases, type CaseChange } from "../../app/cases/update-cases.server";
import { TASK_FUNCTIONS, WAKE_SNOOZED_CRONTAB } from "../../app/jobs/worker.server";
import { parseCrontab } from "graphile-worker";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

const NOW = new Date("2026-11-25T10:00:00.000Z");
const earlier = new Date("2026-11-20T10:00:00.000Z");

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const events = (caseId: string) => db.caseEvent.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } });

describe("updateCases", () => {
  it("resolves, closes and reopens with the timestamps, reopen count and SLA kept consistent", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, {
      status: "SNOOZED",
      snoozedUntil: new Date("2026-12-01T00:00:00Z"),
      lastActivityAt: earlier,
      firstResponseAt: earlier,
      resolutionDueAt: new Date("2026-11-26T00:00:00Z"),
      slaDueAt: new Date("2026-11-26T00:00:00Z"),
    });
    const actor = { staffId: shop.staffId };

    expect(await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "RESOLVED" }, { now: NOW })).toEqual({ updated: 1 });
    let row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "RESOLVED", resolvedAt: NOW, closedAt: null, snoozedUntil: null, slaDueAt: null, lastActivityAt: NOW, reopenCount: 0 });

    const later = new Date(NOW.getTime() + 60_000);
    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "CLOSED" }, { now: later });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "CLOSED", resolvedAt: NOW, closedAt: later });

    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "OPEN" }, { now: later });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "OPEN", resolvedAt: null, closedAt: null, reopenCount: 1, slaDueAt: new Date("2026-11-26T00:00:00Z") });

    // The same status again changes nothing and logs nothing.
    expect(await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "OPEN" }, { now: later })).toEqual({ updated: 0 });

    const log = await events(c.id);
    expect(log.map((e) => [e.type, e.data, e.actorType, e.staffId])).toEqual([
      ["status_changed", { from: "SNOOZED", to: "RESOLVED" }, "STAFF", shop.staffId],
      ["status_changed", { from: "RESOLVED", to: "CLOSED" }, "STAFF", shop.staffId],
      ["status_changed", { from: "CLOSED", to: "OPEN" }, "STAFF", shop.staffId],
    ]);
  });

  it("assigns only to active team members of the shop, and logs from/to", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const gone = await db.staff.create({ data: { shopId: shop.shopId, email: "gone@example.com", active: false } });
    const c = await createTestCase(shop.shopId, { lastActivityAt: earlier });

    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "assign", assigneeId: shop.staffId }, { now: NOW });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ assigneeId: shop.staffId, lastActivityAt: NOW });

    for (const assigneeId of [other.staffId, gone.id]) {
      const error = await rejection(updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "assign", assigneeId }));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/isn't an active member of this shop's team/);
    }
    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "assign", assigneeId: null }, { now: NOW });
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).assigneeId).toBeNull();
    expect((await events(c.id)).map((e) => e.data)).toEqual([
      { from: null, to: shop.staffId },
      { from: shop.staffId, to: null },
    ]);
  });

  it("sets priority, topic and tags without moving the case in the activity order", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { lastActivityAt: earlier, tags: ["vip"] });
    const actor = { staffId: shop.staffId };
    await updateCases(shop.shopId, actor, [c.id], { kind: "priority", priority: "URGENT" }, { now: NOW });
    await updateCases(shop.shopId, actor, [c.id], { kind: "topic", topic: "REFUND" }, { now: NOW });
    await updateCases(shop.shopId, actor, [c.id], { kind: "addTags", tags: ["Damaged", " VIP ", "damaged"] }, { now: NOW });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ priority: "URGENT", topic: "REFUND", tags: ["vip", "Damaged"], lastActivityAt: earlier });
    await updateCases(shop.shopId, actor, [c.id], { kind: "removeTags", tags: ["VIP"] }, { now: NOW });
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).tags).toEqual(["Damaged"]);
    expect(await updateCases(shop.shopId, actor, [c.id], { kind: "removeTags", tags: ["absent"] })).toEqual({ updated: 0 });
    expect((await events(c.id)).map((e) => [e.type, e.data])).toEqual([
      ["priority_changed", { from: "NORMAL", to: "URGENT" }],
      ["topic_changed", { from: "WHERE_IS_MY_ORDER", to: "REFUND" }],
      ["tags_changed", { from: ["vip"], to: ["vip", "Damaged"] }],
      ["tags_changed", { from: ["vip", "Damaged"], to: ["Damaged"] }],
    ]);
  });

  it("changes only this shop's cases: other shops' ids are ignored, a single foreign id is a 404", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const mine = await createTestCase(shop.shopId);
    const theirs = await createTestCase(other.shopId);
    expect(await updateCases(shop.shopId, { staffId: shop.staffId }, [mine.id, theirs.id], { kind: "status", status: "CLOSED" })).toEqual({ updated: 1 });
    expect((await db.case.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("OPEN");
    expect(await db.caseEvent.count({ where: { caseId: theirs.id } })).toBe(0);
    const error = await rejection(updateCases(shop.shopId, { staffId: shop.staffId }, [theirs.id], { kind: "status", status: "CLOSED" }));
    expect(error.status).toBe(404);
  });

  it("leaves merged cases alone (they stay closed, hidden from the inbox)", async () => {
    const shop = await createInstalledShop();
    const target = await createTestCase(shop.shopId);
    const merged = await createTestCase(shop.shopId, { status: "CLOSED", mergedIntoId: target.id });
    const error = await rejection(updateCases(shop.shopId, { staffId: shop.staffId }, [merged.id], { kind: "status", status: "OPEN" }));
    expect(error.status).toBe(409);
    expect(await updateCases(shop.shopId, { staffId: shop.staffId }, [merged.id, target.id], { kind: "status", status: "PENDING" })).toEqual({ updated: 1 });
    expect((await db.case.findUniqueOrThrow({ where: { id: merged.id } })).status).toBe("CLOSED");
  });

  it("refuses bad input with a message", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const cases: [string[], unknown, RegExp][] = [
      [[c.id], { kind: "status", status: "SNOOZED" }, /status must be OPEN, PENDING, RESOLVED or CLOSED/],
      [[c.id], { kind: "explode" }, /kind must be/],
      [[c.id], { kind: "snooze", until: new Date(Date.now() - 1000) }, /future/],
      [[c.id], { kind: "snooze", until: new Date(Date.now() + 400 * 86_400_000) }, /at most a year/],
      [[c.id], { kind: "addTags", tags: [] }, /at least one tag/],
      [[], { kind: "status", status: "OPEN" }, /Select at least one case/],
      [["nope"], { kind: "status", status: "OPEN" }, /not valid/],
      [Array.from({ length: 251 }, () => crypto.randomUUID()), { kind: "status", status: "OPEN" }, /at most 250/],
    ];
    for (const [ids, change, message] of cases) {
      const error = await rejection(updateCases(shop.shopId, { staffId: shop.staffId }, ids, change as CaseChange));
      expect(error.status, String(message)).toBe(400);
      expect(error.message).toMatch(message);
    }
  });
});

describe("snooze", () => {
  it("snoozes until a time and wakes the case then (every shop), with an event", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { status: "PENDING" });
    const until = new Date(NOW.getTime() + 3600_000);
    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "snooze", until }, { now: NOW });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "SNOOZED", snoozedUntil: until });
    const later = await createTestCase(other.shopId, { status: "SNOOZED", snoozedUntil: new Date(until.getTime() + 3600_000) });
    const due = await createTestCase(other.shopId, { status: "SNOOZED", snoozedUntil: new Date(until.getTime() - 60_000) });

    expect(await wakeSnoozedCases(new Date(until.getTime() - 120_000))).toEqual({ woken: 0 });
    // Other test files' shops may have due cases too: count only ours.
    await wakeSnoozedCases(until);
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "OPEN", snoozedUntil: null, lastActivityAt: until });
    expect((await db.case.findUniqueOrThrow({ where: { id: due.id } })).status).toBe("OPEN");
    expect((await db.case.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("SNOOZED");
    const [event] = await db.caseEvent.findMany({ where: { caseId: c.id, type: "snooze_ended" } });
    expect(event).toMatchObject({ actorType: "SYSTEM", data: { from: "SNOOZED", to: "OPEN", until: until.toISOString() } });
    expect(await wakeSnoozedCases(until)).toEqual({ woken: 0 });
  });

  it("runs every minute as a worker task", async () => {
    const [item] = parseCrontab(WAKE_SNOOZED_CRONTAB);
    expect(item.task).toBe("wake-snoozed-cases");
    expect(item.match({ min: 17, hour: 3, date: 2, month: 5, dow: 3 })).toBe(true);
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { status: "SNOOZED", snoozedUntil: new Date(Date.now() - 1000) });
    await TASK_FUNCTIONS["wake-snoozed-cases"]({}, { attempt: 1, maxAttempts: 1 });
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("OPEN");
  });
});
