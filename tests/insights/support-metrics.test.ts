import { beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { AppError } from "../../app/errors.server";
import { getInsightsReport, parseInsightsQuery } from "../../app/insights/report.server";
import { rebuildShopInsights } from "../../app/insights/rollup/run.server";
import { getSupportReport, nearestRank, nearestRankOfCounts } from "../../app/insights/support-metrics.server";
import type { InsightsQuery } from "../../app/insights/report-types";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";

const at = (iso: string) => new Date(iso);
const MIN = 60_000;
const NOW = at("2026-11-25T12:00:00Z");
const query = (filters: InsightsQuery["filters"] = {}): InsightsQuery => ({
  period: { from: "2026-11-16", to: "2026-11-22" },
  previous: { from: "2026-11-09", to: "2026-11-15" },
  filters,
});

// First-response minutes of the 10 cases of the period, in creation order. Sorted: 3 5 7 12 18 25 30 45 60 90.
// Nearest rank: median = rank ceil(0.5 × 10) = 5th = 18; p90 = rank ceil(0.9 × 10) = 9th = 60.
const FIRST_RESPONSE = [12, 3, 45, 7, 30, 60, 18, 25, 90, 5];

let shop: TestShop;
let otherStaff: string;

beforeAll(async () => {
  shop = await createInstalledShop();
  const s = shop.shopId;
  // Wall-clock minutes keep the fixture readable (business hours have their own tests).
  await db.shop.update({ where: { id: s }, data: { settings: { sla: { businessHoursOnly: false } } } });
  otherStaff = (await db.staff.create({ data: { shopId: s, email: "bo@example.com", firstName: "Bo", lastName: "Helper" } })).id;

  const cases = [];
  for (let i = 0; i < 10; i++) {
    // Nov 16 10:00 + i minutes (cases 0–4), Nov 18 10:00 + i minutes (cases 5–9).
    const createdAt = new Date(at(i < 5 ? "2026-11-16T10:00:00Z" : "2026-11-18T10:00:00Z").getTime() + i * MIN);
    cases.push(
      await createTestCase(s, {
        createdAt,
        firstResponseAt: new Date(createdAt.getTime() + FIRST_RESPONSE[i] * MIN),
        // Cases 0–3 resolved on Nov 19 after 3 days + 100, 200, 300, 400 minutes.
        ...(i < 4 ? { status: "RESOLVED" as const, resolvedAt: new Date(createdAt.getTime() + (3 * 1440 + (i + 1) * 100) * MIN) } : {}),
        channel: i < 6 ? "EMAIL" : "STOREFRONT",
        topic: i < 7 ? "WHERE_IS_MY_ORDER" : "REFUND",
        suggestedTopic: i < 4 ? (i === 0 ? "REFUND" : "WHERE_IS_MY_ORDER") : null,
        assigneeId: i < 4 ? otherStaff : null,
        // Case 1 has the same customer email as case 0: a repeat contact.
        customerEmail: i === 1 ? "c0@example.com" : `c${i}@example.com`,
        urgent: i === 9,
      }),
    );
  }
  // Previous period: 2 cases answered after 10 and 20 minutes.
  for (const [i, m] of [10, 20].entries()) {
    await createTestCase(s, { createdAt: at("2026-11-10T10:00:00Z"), firstResponseAt: at(`2026-11-10T10:${m}:00Z`), customerEmail: `p${i}@example.com` });
  }
  // Ratings answered Nov 20: 5 and 4 credited to Bo, 2 credited to nobody.
  const ratings: [number, string | null][] = [[5, otherStaff], [4, otherStaff], [2, null]];
  for (const [i, [score, staffId]] of ratings.entries()) {
    await db.satisfactionRating.create({ data: { shopId: s, caseId: cases[i].id, staffId, score, respondedAt: at("2026-11-20T15:00:00Z") } });
  }
  // Self-service on Nov 17: 3 article views, not followed; a lookup followed by case 5.
  for (let i = 0; i < 3; i++) await db.selfServiceEvent.create({ data: { shopId: s, kind: "ARTICLE_VIEW", createdAt: at("2026-11-17T09:00:00Z") } });
  await db.selfServiceEvent.create({ data: { shopId: s, kind: "ORDER_LOOKUP", followUpCaseId: cases[5].id, createdAt: at("2026-11-17T09:00:00Z") } });

  await rebuildShopInsights(s, NOW);
  // Backlog at the end of Nov 15 and Nov 18 (what the job wrote on those days), instead of the rebuild's estimate.
  await db.insightBacklogDaily.deleteMany({ where: { shopId: s } });
  await db.insightBacklogDaily.createMany({
    data: [
      { shopId: s, day: at("2026-11-15T00:00:00Z"), open: 3, pending: 1 },
      { shopId: s, day: at("2026-11-18T00:00:00Z"), open: 5, pending: 0 },
    ],
  });
});

describe("nearest-rank percentiles", () => {
  it("takes the value at rank ceil(p × n)", () => {
    expect(nearestRank(FIRST_RESPONSE, 0.5)).toBe(18);
    expect(nearestRank(FIRST_RESPONSE, 0.9)).toBe(60);
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([], 0.5)).toBeNull();
  });

  it("reads the same percentiles off (value, count) pairs", () => {
    // 1, 2, 2, 2, 9, 9, 30, 30, 30, 30 (out of order, as the database returns them).
    const pairs = [{ m: 30, n: 4 }, { m: 2, n: 3 }, { m: 9, n: 2 }, { m: 1, n: 1 }];
    expect(nearestRankOfCounts(pairs, 0.5)).toBe(9); // rank 5
    expect(nearestRankOfCounts(pairs, 0.9)).toBe(30); // rank 9
    expect(nearestRankOfCounts(pairs, 0.1)).toBe(1); // rank 1
    expect(nearestRankOfCounts([], 0.5)).toBeNull();
    const expanded = pairs.flatMap((p) => Array<number>(p.n).fill(p.m));
    for (const p of [0.25, 0.5, 0.75, 0.9, 0.99]) expect(nearestRankOfCounts(pairs, p)).toBe(nearestRank(expanded, p));
  });
});

describe("getSupportReport", () => {
  it("reports durations, rates, series, topics and channels from the rollups", async () => {
    const { support } = await getSupportReport(shop.shopId, query(), { timezone: "UTC", now: NOW });
    expect(support.volume).toEqual({ value: 10, previous: 2 });
    expect(support.resolvedCount).toEqual({ value: 4, previous: 0 });
    expect(support.firstResponse).toEqual({ median: 18, p90: 60, count: 10, previousMedian: 10, previousP90: 20, previousCount: 2 });
    // Resolution: 4420, 4520, 4620, 4720 → median rank 2 = 4520, p90 rank ceil(3.6) = 4 = 4720.
    expect(support.resolution).toEqual({ median: 4520, p90: 4720, count: 4, previousMedian: null, previousP90: null, previousCount: 0 });
    expect(support.repeatContactRate).toEqual({ value: 0.1, previous: 0 });
    expect(support.urgentRate).toEqual({ value: 0.1, previous: 0 });
    expect(support.reopenRate).toEqual({ value: 0, previous: null });
    expect(support.firstTouchResolutionRate).toEqual({ value: 0, previous: null });
    expect(support.volumeSeries).toEqual([
      { day: "2026-11-16", created: 5, resolved: 0 },
      { day: "2026-11-17", created: 0, resolved: 0 },
      { day: "2026-11-18", created: 5, resolved: 0 },
      { day: "2026-11-19", created: 0, resolved: 4 },
      { day: "2026-11-20", created: 0, resolved: 0 },
      { day: "2026-11-21", created: 0, resolved: 0 },
      { day: "2026-11-22", created: 0, resolved: 0 },
    ]);
    expect(support.topics).toEqual([
      { topic: "WHERE_IS_MY_ORDER", count: 7, previous: 2, share: 0.7 },
      { topic: "REFUND", count: 3, previous: 0, share: 0.3 },
    ]);
    expect(support.topicSeries.filter((p) => p.day === "2026-11-18")).toEqual([
      { day: "2026-11-18", topic: "WHERE_IS_MY_ORDER", count: 2 },
      { day: "2026-11-18", topic: "REFUND", count: 3 },
    ]);
    expect(support.topicSeries).toHaveLength(14);
    expect(support.channels).toEqual([
      { channel: "EMAIL", count: 6, previous: 2 },
      { channel: "STOREFRONT", count: 4, previous: 0 },
    ]);
    // Cases 0–3 resolved with a suggestion; case 0's topic was corrected.
    expect(support.classifier).toEqual({
      reviewed: 4,
      correct: 3,
      accuracy: 0.75,
      byTopic: [{ topic: "WHERE_IS_MY_ORDER", reviewed: 4, correct: 3, accuracy: 0.75 }],
    });
    // Carried forward from Nov 15 until the Nov 18 row; live now (10 − 4 resolved + 2 previous open = 8 open).
    expect(support.backlog.series.map((p) => [p.day.slice(8), p.open, p.pending])).toEqual([
      ["16", 3, 1],
      ["17", 3, 1],
      ["18", 5, 0],
      ["19", 5, 0],
      ["20", 5, 0],
      ["21", 5, 0],
      ["22", 5, 0],
    ]);
    expect([support.backlog.open, support.backlog.pending]).toEqual([8, 0]);
  });

  it("applies channel, topic and assignee filters to case figures only", async () => {
    const storefront = await getSupportReport(shop.shopId, query({ channel: "STOREFRONT" }), { timezone: "UTC", now: NOW });
    expect(storefront.support.volume).toEqual({ value: 4, previous: 0 });
    // First responses of cases 6–9: 18, 25, 90, 5 → sorted 5 18 25 90: median rank 2 = 18, p90 rank 4 = 90.
    expect([storefront.support.firstResponse.median, storefront.support.firstResponse.p90]).toEqual([18, 90]);
    const bo = await getSupportReport(shop.shopId, query({ assignee: otherStaff }), { timezone: "UTC", now: NOW });
    expect(bo.support.volume.value).toBe(4);
    expect(bo.csat.responses.value).toBe(2);
    const unassigned = await getSupportReport(shop.shopId, query({ assignee: "unassigned" }), { timezone: "UTC", now: NOW });
    expect(unassigned.support.volume).toEqual({ value: 6, previous: 2 });
    const refund = await getSupportReport(shop.shopId, query({ topic: "REFUND" }), { timezone: "UTC", now: NOW });
    expect(refund.support.volume.value).toBe(3);
    // Self-service and backlog ignore the filters.
    expect(refund.selfService).toEqual(unassigned.selfService);
    expect(refund.support.backlog).toEqual(unassigned.support.backlog);
  });

  it("reports CSAT with its distribution and per staff member, and self-service resolution", async () => {
    const { csat, selfService } = await getSupportReport(shop.shopId, query(), { timezone: "UTC", now: NOW });
    expect(csat.responses).toEqual({ value: 3, previous: 0 });
    expect(csat.average.value).toBeCloseTo(11 / 3, 10);
    expect(csat.average.previous).toBeNull();
    expect(csat.distribution).toEqual([0, 1, 0, 1, 1]);
    expect(csat.satisfiedRate.value).toBeCloseTo(2 / 3, 10);
    expect(csat.byStaff).toEqual([
      { staffId: otherStaff, name: "Bo Helper", responses: 2, average: 4.5, satisfiedRate: 1 },
      { staffId: null, name: "Not assigned", responses: 1, average: 2, satisfiedRate: 0 },
    ]);
    expect(selfService.resolutionRate).toEqual({ value: 0.75, previous: null });
    expect(selfService.byKind).toEqual([
      { kind: "ARTICLE_VIEW", events: 3, followedUp: 0, pending: 0, resolutionRate: 1 },
      { kind: "ORDER_LOOKUP", events: 1, followedUp: 1, pending: 0, resolutionRate: 0 },
    ]);
    expect(selfService.series.find((p) => p.day === "2026-11-17")).toEqual({ day: "2026-11-17", events: 4, followedUp: 1, pending: 0 });
    expect(selfService.series).toHaveLength(7);
  });

  it("builds the whole report with the commerce side", async () => {
    const report = await getInsightsReport(shop.shopId, query(), NOW);
    expect(report.timezone).toBe("UTC");
    expect(report.pendingDays).toBe(0);
    expect(report.updatedAt).not.toBeNull();
    expect(report.support.volume.value).toBe(10);
    expect(report.commerce).toBeDefined();
  });
});

describe("parseInsightsQuery", () => {
  const parse = (qs: string) => parseInsightsQuery(new URLSearchParams(qs), "America/New_York", "2026-11-25");

  it("defaults to the last 30 days and compares with the 30 days before", () => {
    expect(parse("")).toEqual({
      period: { from: "2026-10-27", to: "2026-11-25" },
      previous: { from: "2026-09-27", to: "2026-10-26" },
      filters: {},
    });
    // "today" from an instant is the shop's local day: 03:00 UTC on Nov 26 is still Nov 25 in New York.
    expect(parseInsightsQuery(new URLSearchParams(""), "America/New_York", at("2026-11-26T03:00:00Z")).period.to).toBe("2026-11-25");
  });

  it("takes a period, its previous period of the same length, and filters", () => {
    const q = parse("from=2026-11-01&to=2026-11-07&channel=EMAIL&topic=REFUND&assignee=unassigned");
    expect(q).toEqual({
      period: { from: "2026-11-01", to: "2026-11-07" },
      previous: { from: "2026-10-25", to: "2026-10-31" },
      filters: { channel: "EMAIL", topic: "REFUND", assignee: "unassigned" },
    });
  });

  it.each([
    ["from=2026-11-10&to=2026-11-01", /ends \(2026-11-01\) before it starts/],
    ["from=2025-01-01&to=2026-11-01", /at most 366 days/],
    ["from=2026-02-30", /YYYY-MM-DD/],
    ["to=2026-12-01", /after today/],
    ["channel=FAX", /channel must be one of/],
    ["assignee=bob", /staff member's id/],
  ])("rejects %s with a 400 that says why", (qs, message) => {
    let error: unknown;
    try {
      parse(qs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(message);
  });
});

describe("durations over whole months", () => {
  // Unfiltered periods read whole months from InsightDurationMonthly and only the edge days from the daily rows.
  // Period Aug 20 – Oct 10 (whole month: September); previous period Jun 29 – Aug 19 (whole month: July).
  const longQuery = (filters: InsightsQuery["filters"] = {}): InsightsQuery => ({
    period: { from: "2026-08-20", to: "2026-10-10" },
    previous: { from: "2026-06-29", to: "2026-08-19" },
    filters,
  });

  it("gives the same exact percentiles as the days themselves", async () => {
    const other = await createInstalledShop();
    await db.shop.update({ where: { id: other.shopId }, data: { settings: { sla: { businessHoursOnly: false } } } });
    // [created (UTC noon), first-response minutes]
    const fixture: [string, number][] = [
      ["2026-07-10", 5], ["2026-07-20", 15], ["2026-08-10", 25], // previous: 5 15 25 → median 15, p90 25
      ["2026-08-25", 10], ["2026-09-03", 20], ["2026-09-15", 30], ["2026-09-28", 40], ["2026-10-05", 50], // 10 … 50 → median 30, p90 50
      ["2026-10-12", 999], // after the period
    ];
    for (const [i, [day, minutes]] of fixture.entries()) {
      const createdAt = at(`${day}T12:00:00Z`);
      await createTestCase(other.shopId, { createdAt, firstResponseAt: new Date(createdAt.getTime() + minutes * MIN), channel: "EMAIL", customerEmail: `m${i}@example.com` });
    }
    await rebuildShopInsights(other.shopId, NOW);
    expect(await db.insightDurationMonthly.count({ where: { shopId: other.shopId, month: at("2026-09-01T00:00:00Z") } })).toBeGreaterThan(0);

    const expected = { median: 30, p90: 50, count: 5, previousMedian: 15, previousP90: 25, previousCount: 3 };
    const unfiltered = await getSupportReport(other.shopId, longQuery(), { timezone: "UTC", now: NOW });
    expect(unfiltered.support.firstResponse).toEqual(expected);
    // A filter matching every case reads only the daily rows: the same figures.
    const filtered = await getSupportReport(other.shopId, longQuery({ channel: "EMAIL" }), { timezone: "UTC", now: NOW });
    expect(filtered.support.firstResponse).toEqual(expected);
  });
});
