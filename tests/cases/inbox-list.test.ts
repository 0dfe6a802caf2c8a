import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { AppError } from "../../app/errors.server";
import { listCases, readInboxQuery, type InboxPage } from "../../app/cases/inbox.server";
import { toSearchParams, type InboxQuery } from "../../app/cases/inbox-query";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

const T0 = Date.parse("2026-11-20T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const NOW = at(600);

function query(params: Record<string, string> = {}): InboxQuery {
  return readInboxQuery(new URLSearchParams(params));
}

const numbers = (page: InboxPage) => page.rows.map((r) => r.number);

async function list(shopId: string, staffId: string | null, params: Record<string, string> = {}, pageSize = 50) {
  return listCases(shopId, staffId, query(params), { now: NOW, pageSize });
}

/** Every page of a list, following nextCursor; then back again with previousCursor. */
async function walk(shopId: string, staffId: string | null, params: Record<string, string>, pageSize: number) {
  const forward: number[][] = [];
  let page = await list(shopId, staffId, params, pageSize);
  forward.push(numbers(page));
  expect(page.previousCursor).toBeNull();
  while (page.nextCursor) {
    page = await list(shopId, staffId, { ...params, cursor: page.nextCursor }, pageSize);
    forward.push(numbers(page));
  }
  const backward: number[][] = [numbers(page)];
  while (page.previousCursor) {
    page = await list(shopId, staffId, { ...params, cursor: page.previousCursor }, pageSize);
    backward.unshift(numbers(page));
  }
  return { forward, backward };
}

async function setup() {
  const shop = await createInstalledShop();
  const other = await createInstalledShop();
  const colleague = await db.staff.create({ data: { shopId: shop.shopId, email: "bo@example.com", firstName: "Bo", lastName: "Berg" } });
  const mk = (minutes: number, overrides: Parameters<typeof createTestCase>[1] = {}) =>
    createTestCase(shop.shopId, { lastActivityAt: at(minutes), createdAt: at(minutes - 30), ...overrides });
  const a = await mk(10, { status: "OPEN", assigneeId: shop.staffId, priority: "HIGH", tags: ["vip"], channel: "STOREFRONT" });
  const b = await mk(20, { status: "OPEN", priority: "URGENT", topic: "RETURN", slaDueAt: at(590) });
  const c = await mk(30, { status: "PENDING", assigneeId: shop.staffId, tags: ["vip", "wholesale"], slaDueAt: at(650) });
  const d = await mk(40, { status: "SNOOZED", snoozedUntil: at(900), assigneeId: colleague.id, slaDueAt: at(900) });
  const e = await mk(50, { status: "RESOLVED", resolvedAt: at(50), topic: "REFUND", channel: "CUSTOMER_ACCOUNT" });
  const f = await mk(60, { status: "CLOSED", closedAt: at(60), priority: "LOW" });
  const g = await mk(70, { status: "CLOSED", mergedIntoId: b.id });
  await createTestCase(other.shopId, { status: "OPEN", lastActivityAt: at(5) });
  return { shop, other, colleague, a, b, c, d, e, f, g };
}

describe("inbox views", () => {
  it("each view lists exactly its cases, newest activity first, never another shop's or a merged case", async () => {
    const { shop, a, b, c, d, e, f } = await setup();
    const n = (...cases: { number: number }[]) => cases.map((x) => x.number);
    expect(numbers(await list(shop.shopId, shop.staffId))).toEqual(n(b, a));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "mine" }))).toEqual(n(c, a));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "unassigned" }))).toEqual(n(b));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "pending" }))).toEqual(n(c));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "snoozed" }))).toEqual(n(d));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "resolved" }))).toEqual(n(f, e));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "all" }))).toEqual(n(f, e, d, c, b, a));
    // A session without a staff member has no "Mine".
    expect(numbers(await list(shop.shopId, null, { view: "mine" }))).toEqual([]);

    const page = await list(shop.shopId, shop.staffId);
    expect(page.counts).toEqual({ open: 2, mine: 2, unassigned: 1, pending: 1, snoozed: 1 });
  });

  it("leaves outreach cases (an unanswered NPS survey) out of the resolved view, findable under All and by search; a reopened one is work", async () => {
    const { shop, a, b, e, f } = await setup();
    const survey = await createTestCase(shop.shopId, {
      status: "RESOLVED",
      resolvedAt: at(80),
      lastActivityAt: at(80),
      createdAt: at(80),
      channel: "SYSTEM",
      outreach: true,
      subject: "How likely are you to recommend Plumtree?",
    });
    const n = (...cases: { number: number }[]) => cases.map((x) => x.number);
    expect(numbers(await list(shop.shopId, shop.staffId))).toEqual(n(b, a));
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "resolved" }))).toEqual(n(f, e));
    expect((await list(shop.shopId, shop.staffId)).counts).toEqual({ open: 2, mine: 2, unassigned: 1, pending: 1, snoozed: 1 });
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "all" }))[0]).toEqual(survey.number);
    expect(numbers(await list(shop.shopId, shop.staffId, { view: "resolved", q: `#${survey.number}` }))).toEqual(n(survey));

    // Staff reopening a survey case makes it work like any other: listed and counted as open.
    const reopened = await createTestCase(shop.shopId, { status: "OPEN", lastActivityAt: at(85), createdAt: at(80), channel: "SYSTEM", outreach: true });
    expect(numbers(await list(shop.shopId, shop.staffId))).toContain(reopened.number);
    expect((await list(shop.shopId, shop.staffId)).counts.open).toBe(3);
  });

  it("rows carry what the table shows: assignee, SLA state, orders, unread", async () => {
    const { shop, a, b, c, d, colleague } = await setup();
    const order = await createTestOrder(shop.shopId, { name: "#7001", orderNumber: 7001, fulfillmentStatus: "FULFILLED" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: a.id, orderId: order.id } });
    await db.message.create({ data: { shopId: shop.shopId, caseId: a.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText: "Where is   my parcel?" } });
    await db.caseRead.create({ data: { shopId: shop.shopId, caseId: a.id, staffId: shop.staffId, lastReadAt: at(15) } });
    await db.caseRead.create({ data: { shopId: shop.shopId, caseId: b.id, staffId: shop.staffId, lastReadAt: at(10) } });

    const rows = (await list(shop.shopId, shop.staffId, { view: "all" })).rows;
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row(a.id)).toMatchObject({
      assigneeName: "Ada Agent",
      orders: [{ name: "#7001", fulfillmentStatus: "FULFILLED" }],
      preview: "Where is my parcel?",
      unread: false,
      tags: ["vip"],
      channel: "STOREFRONT",
      slaState: "none",
    });
    expect(row(b.id)).toMatchObject({ unread: true, slaState: "breached", assigneeName: null, orders: [] });
    expect(row(c.id)).toMatchObject({ unread: true, slaState: "atRisk" });
    expect(row(d.id)).toMatchObject({ slaState: "ok", assigneeName: "Bo Berg", assigneeId: colleague.id });
    // Unread is per staff member: a colleague who never opened them sees them all as unread.
    expect((await list(shop.shopId, colleague.id, { view: "all" })).rows.every((r) => r.unread)).toBe(true);
  });
});

describe("inbox filters", () => {
  it("each filter returns exactly the matching cases of this shop", async () => {
    const { shop, colleague, a, b, c, d, e, f } = await setup();
    const order = await createTestOrder(shop.shopId, { fulfillmentStatus: "PARTIALLY_FULFILLED" });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    const all = { view: "all" };
    const n = (...cases: { number: number }[]) => cases.map((x) => x.number);
    const cases = async (params: Record<string, string>) => numbers(await list(shop.shopId, shop.staffId, { ...all, ...params }));

    expect(await cases({ status: "OPEN,PENDING" })).toEqual(n(c, b, a));
    expect(await cases({ view: "open", status: "PENDING" })).toEqual([]);
    expect(await cases({ priority: "URGENT,LOW" })).toEqual(n(f, b));
    expect(await cases({ topic: "REFUND" })).toEqual(n(e));
    expect(await cases({ tag: "vip" })).toEqual(n(c, a));
    expect(await cases({ tag: "wholesale,nope" })).toEqual(n(c));
    expect(await cases({ channel: "STOREFRONT,CUSTOMER_ACCOUNT" })).toEqual(n(e, a));
    expect(await cases({ assignee: colleague.id })).toEqual(n(d));
    expect(await cases({ assignee: `unassigned,${colleague.id}` })).toEqual(n(f, e, d, b));
    expect(await cases({ sla: "breached" })).toEqual(n(b));
    expect(await cases({ sla: "atRisk" })).toEqual(n(c));
    expect(await cases({ sla: "breached,atRisk" })).toEqual(n(c, b));
    expect(await cases({ hasOrder: "yes" })).toEqual(n(c));
    expect(await cases({ hasOrder: "no" })).toEqual(n(f, e, d, b, a));
    expect(await cases({ fulfillment: "PARTIALLY_FULFILLED" })).toEqual(n(c));
    expect(await cases({ fulfillment: "FULFILLED" })).toEqual([]);
    // Dates are whole days (UTC), both ends included.
    await db.case.update({ where: { id: e.id }, data: { createdAt: new Date("2026-10-01T23:59:00Z"), lastActivityAt: new Date("2026-10-03T08:00:00Z") } });
    expect(await cases({ createdFrom: "2026-10-01", createdTo: "2026-10-01" })).toEqual(n(e));
    expect(await cases({ createdTo: "2026-10-31" })).toEqual(n(e));
    expect(await cases({ activityFrom: "2026-10-02", activityTo: "2026-10-03" })).toEqual(n(e));
    expect(await cases({ activityFrom: "2026-11-20" })).toEqual(n(f, d, c, b, a));
  });

  it("refuses a bad filter with a message naming it", () => {
    const bad = (params: Record<string, string>) => {
      try {
        query(params);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(400);
        return (error as AppError).message;
      }
      throw new Error("accepted");
    };
    expect(bad({ status: "OPEN,LOST" })).toMatch(/status "LOST" is not one of/);
    expect(bad({ view: "everything" })).toMatch(/view must be one of/);
    expect(bad({ sort: "random" })).toMatch(/sort must be one of/);
    expect(bad({ createdFrom: "yesterday" })).toMatch(/createdFrom must be a date/);
    expect(bad({ assignee: "bob" })).toMatch(/assignee must be team member ids/);
    expect(bad({ q: "x".repeat(201) })).toMatch(/limited to 200 characters/);
    expect(bad({ hasOrder: "maybe" })).toMatch(/hasOrder/);
  });

  it("keeps the state in the URL: toSearchParams gives back the same query", () => {
    const q = query({ view: "all", status: "OPEN,PENDING", tag: "vip,rush", sla: "breached", q: "  lost   parcel ", sort: "created asc", hasOrder: "yes", createdFrom: "2026-01-01" });
    expect(q.q).toBe("lost parcel");
    expect(readInboxQuery(toSearchParams(q))).toEqual(q);
    expect(toSearchParams(query()).toString()).toBe("");
  });
});

describe("inbox sorts and keyset pagination", () => {
  it("every sort pages forwards and backwards through the same rows, in order, with no duplicates", async () => {
    const { shop, a, b, c, d, e, f } = await setup();
    const n = (...cases: { number: number }[]) => cases.map((x) => x.number);
    const sorts: [string, number[]][] = [
      ["lastActivity desc", n(f, e, d, c, b, a)],
      ["lastActivity asc", n(a, b, c, d, e, f)],
      ["created desc", n(f, e, d, c, b, a)],
      ["created asc", n(a, b, c, d, e, f)],
      ["priority desc", n(b, a, e, d, c, f)],
      // Due soonest first; cases without an SLA due after them (by id).
      ["slaDue asc", [...n(b, c, d), ...[a, e, f].sort((x, y) => (x.id < y.id ? -1 : 1)).map((x) => x.number)]],
    ];
    for (const [sort, expected] of sorts) {
      const all = numbers(await list(shop.shopId, shop.staffId, { view: "all", sort }));
      expect(all, sort).toEqual(expected);
      for (const size of [1, 2, 4]) {
        const { forward, backward } = await walk(shop.shopId, shop.staffId, { view: "all", sort }, size);
        expect(forward.flat(), `${sort} by ${size}`).toEqual(expected);
        expect(backward, `${sort} back by ${size}`).toEqual(forward);
      }
    }
  });

  it("stays stable when cases are added or updated between pages", async () => {
    const shop = await createInstalledShop();
    const made: { id: string; number: number }[] = [];
    for (let i = 0; i < 10; i++) made.push(await createTestCase(shop.shopId, { lastActivityAt: at(i) }));
    const seen: number[] = [];
    let page = await list(shop.shopId, shop.staffId, {}, 3);
    seen.push(...numbers(page));
    // New cases and a bump of an already seen case arrive at the top; an unseen case is bumped too.
    await createTestCase(shop.shopId, { lastActivityAt: at(100) });
    await db.case.update({ where: { id: made[9].id }, data: { lastActivityAt: at(101) } });
    await db.case.update({ where: { id: made[2].id }, data: { lastActivityAt: at(102) } });
    while (page.nextCursor) {
      page = await list(shop.shopId, shop.staffId, { cursor: page.nextCursor }, 3);
      seen.push(...numbers(page));
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Every case that stayed below the cursor is seen exactly once, in order.
    const expected = [9, 8, 7, 6, 5, 4, 3, 1, 0].map((i) => made[i].number);
    expect(seen).toEqual(expected);
  });

  it("refuses a tampered or mismatched cursor with a 400", async () => {
    const { shop } = await setup();
    const first = await list(shop.shopId, shop.staffId, { view: "all" }, 2);
    const cursor = first.nextCursor!;
    const err = async (params: Record<string, string>) => {
      const e = await list(shop.shopId, shop.staffId, params).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      return (e as AppError).message;
    };
    expect(await err({ view: "all", cursor: "not-a-cursor" })).toMatch(/page link is not valid/);
    const forged = Buffer.from(JSON.stringify([1, "next", "lastActivity desc", ["2026-11-20T12:00:00.000Z'; drop"], crypto.randomUUID()])).toString("base64url");
    expect(await err({ view: "all", cursor: forged })).toMatch(/page link is not valid/);
    for (const at of ["2026-02-30T00:00:00.000Z", "0000-01-01T00:00:00.000Z"]) {
      const impossible = Buffer.from(JSON.stringify([1, "next", "lastActivity desc", [at], crypto.randomUUID()])).toString("base64url");
      expect(await err({ view: "all", cursor: impossible })).toMatch(/page link is not valid/);
    }
    const prioKey = Buffer.from(JSON.stringify([1, "next", "priority desc", ["SUPREME", "2026-11-20T12:00:00.000Z"], crypto.randomUUID()])).toString("base64url");
    expect(await err({ view: "all", sort: "priority desc", cursor: prioKey })).toMatch(/page link is not valid/);
    expect(await err({ view: "all", sort: "created desc", cursor })).toMatch(/another sort/);
    expect(await err({ view: "all", q: "parcel", cursor })).toMatch(/another sort or search/);
  });
});
