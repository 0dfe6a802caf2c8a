import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { redactCustomer } from "../../app/compliance/redact-customer.server";
import { rebuildShopInsights } from "../../app/insights/rollup/run.server";
import { dayRange, localDay } from "../../app/insights/rollup/days";
import { openOrAppendCase } from "../../app/storefront/contact.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

// Hand-computed fixtures for InsightCaseDaily / InsightSelfServiceDaily (app/insights/rollup/cases.server.ts).
// 2026-11-20 is a Friday, 2026-11-23 a Monday. Default settings: Mon–Fri 09:00–17:00 UTC, business hours only.
const at = (iso: string) => new Date(iso);
const NOW = at("2026-11-25T12:00:00Z");

async function rows(shopId: string, day: string) {
  return db.insightCaseDaily.findMany({ where: { shopId, day: new Date(`${day}T00:00:00Z`) } });
}

function sum(list: Awaited<ReturnType<typeof rows>>, key: "created" | "resolved" | "firstTouchResolved" | "reopened" | "repeatContacts" | "firstResponded" | "firstResponseBreached" | "topicReviewed" | "topicCorrect" | "paymentFailureContacts" | "csatResponses") {
  return list.reduce((n, r) => n + r[key], 0);
}

async function staffReply(shopId: string, caseId: string, staffId: string, createdAt: Date) {
  await db.message.create({
    data: { shopId, caseId, direction: "OUTBOUND", channel: "EMAIL", authorType: "STAFF", authorStaffId: staffId, bodyText: "Hello", createdAt },
  });
}

describe("local days", () => {
  it("spans 25 hours on the New York fall-back day and puts 02:00 UTC on the previous local day", () => {
    const { start, end } = dayRange("2026-11-01", "America/New_York");
    expect(start.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(end.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(localDay(at("2026-11-03T02:00:00Z"), "America/New_York")).toBe("2026-11-02");
    expect(localDay(at("2026-11-03T02:00:00Z"), "UTC")).toBe("2026-11-03");
  });
});

describe("case rollups", () => {
  it("counts business minutes across a weekend, first-touch resolution, reopens and classifier accuracy", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    // A: Fri 16:00 → answered Mon 10:00 = 60 + 60 = 120 business minutes; resolved Mon 12:00 = 60 + 180 = 240. Two staff replies.
    const a = await createTestCase(s, {
      createdAt: at("2026-11-20T16:00:00Z"),
      firstResponseAt: at("2026-11-23T10:00:00Z"),
      firstResponseDueAt: at("2026-11-23T16:00:00Z"),
      resolvedAt: at("2026-11-23T12:00:00Z"),
      status: "RESOLVED",
      topic: "REFUND",
      suggestedTopic: "WHERE_IS_MY_ORDER",
      customerEmail: "a@example.com",
    });
    await staffReply(s, a.id, shop.staffId, at("2026-11-23T10:00:00Z"));
    await staffReply(s, a.id, shop.staffId, at("2026-11-23T11:00:00Z"));
    // B: Mon 09:30 → 09:45 (15) → resolved 11:30 (120), one staff reply (a note does not count): first touch.
    const b = await createTestCase(s, {
      createdAt: at("2026-11-23T09:30:00Z"),
      firstResponseAt: at("2026-11-23T09:45:00Z"),
      firstResponseDueAt: at("2026-11-23T09:40:00Z"),
      resolvedAt: at("2026-11-23T11:30:00Z"),
      resolutionDueAt: at("2026-11-23T11:00:00Z"),
      status: "RESOLVED",
      topic: "WHERE_IS_MY_ORDER",
      suggestedTopic: "WHERE_IS_MY_ORDER",
      customerEmail: "b@example.com",
      signals: ["payment_failed"],
    });
    await staffReply(s, b.id, shop.staffId, at("2026-11-23T09:45:00Z"));
    await db.message.create({ data: { shopId: s, caseId: b.id, direction: "NOTE", channel: "ADMIN", authorType: "STAFF", bodyText: "note" } });
    // A staff message after B was resolved (e.g. "the feature you asked for shipped") does not undo its first touch.
    await staffReply(s, b.id, shop.staffId, at("2026-11-23T15:00:00Z"));
    // C: reopened once, one reply, resolved Tue 10:00: reopened, not first touch. Mon 10:00 → Tue 10:00 = 7 h + 1 h = 480.
    const c = await createTestCase(s, {
      createdAt: at("2026-11-23T10:00:00Z"),
      resolvedAt: at("2026-11-24T10:00:00Z"),
      status: "RESOLVED",
      reopenCount: 1,
      customerEmail: "c@example.com",
      firstResponseDueAt: at("2026-11-24T09:00:00Z"),
    });
    await staffReply(s, c.id, shop.staffId, at("2026-11-23T10:30:00Z"));

    await rebuildShopInsights(s, NOW);

    const fri = await rows(s, "2026-11-20");
    expect(sum(fri, "created")).toBe(1);
    expect(fri[0].firstResponseMinutes).toEqual([120]);
    expect(sum(fri, "firstResponseBreached")).toBe(0);

    const mon = await rows(s, "2026-11-23");
    expect(sum(mon, "created")).toBe(2);
    expect(mon.flatMap((r) => r.firstResponseMinutes).sort((x, y) => x - y)).toEqual([15]);
    // B answered after its due time; C never answered (firstResponseAt null) and NOW is past its due time.
    expect(sum(mon, "firstResponseBreached")).toBe(2);
    expect(sum(mon, "paymentFailureContacts")).toBe(1);
    expect(sum(mon, "resolved")).toBe(2);
    expect(mon.flatMap((r) => r.resolutionMinutes).sort((x, y) => x - y)).toEqual([120, 240]);
    expect(mon.reduce((n, r) => n + r.resolutionBreached, 0)).toBe(1);
    expect(sum(mon, "firstTouchResolved")).toBe(1);
    expect(sum(mon, "reopened")).toBe(0);
    expect(sum(mon, "topicReviewed")).toBe(2);
    expect(sum(mon, "topicCorrect")).toBe(1);

    const tue = await rows(s, "2026-11-24");
    expect(sum(tue, "created")).toBe(0);
    expect(sum(tue, "resolved")).toBe(1);
    expect(tue[0].resolutionMinutes).toEqual([480]);
    expect(sum(tue, "reopened")).toBe(1);
    expect(sum(tue, "firstTouchResolved")).toBe(0);

    // Wall-clock minutes when the shop does not count business hours only: Fri 16:00 → Mon 10:00 = 66 h.
    const settings = (await db.shop.findUniqueOrThrow({ where: { id: s } })).settings as Record<string, unknown>;
    await db.shop.update({ where: { id: s }, data: { settings: { ...settings, sla: { businessHoursOnly: false } } } });
    await rebuildShopInsights(s, NOW);
    expect((await rows(s, "2026-11-20"))[0].firstResponseMinutes).toEqual([66 * 60]);
  });

  it("attributes days in the shop's zone (New York), across the fall-back day", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await db.shop.update({ where: { id: s }, data: { ianaTimezone: "America/New_York" } });
    await createTestCase(s, { createdAt: at("2026-11-03T02:00:00Z") }); // Nov 2, 21:00 EST
    await createTestCase(s, { createdAt: at("2026-11-01T03:59:00Z") }); // Oct 31, 23:59 EDT
    await createTestCase(s, { createdAt: at("2026-11-01T04:30:00Z") }); // Nov 1, 00:30 EDT
    await createTestCase(s, { createdAt: at("2026-11-02T04:30:00Z") }); // Nov 1, 23:30 EST (the 25-hour day)
    await rebuildShopInsights(s, NOW);
    expect(sum(await rows(s, "2026-10-31"), "created")).toBe(1);
    expect(sum(await rows(s, "2026-11-01"), "created")).toBe(2);
    expect(sum(await rows(s, "2026-11-02"), "created")).toBe(1);
    expect(sum(await rows(s, "2026-11-03"), "created")).toBe(0);
    expect((await db.insightState.findUniqueOrThrow({ where: { shopId: s } })).timezone).toBe("America/New_York");
  });

  it("leaves merged-away cases out, and keeps counts and repeat contacts after the customer is redacted", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    const customer = await db.customer.create({ data: { shopId: s, shopifyId: 9_100_000_001n, email: "Jo@Example.com", firstName: "Jo" } });
    // Guests matched by email only (no customer row): the second is a repeat contact of the first (3 days before).
    await createTestCase(s, { createdAt: at("2026-11-10T10:00:00Z"), customerEmail: "guest@example.com" });
    const guestRepeat = await createTestCase(s, { createdAt: at("2026-11-13T10:00:00Z"), customerEmail: "GUEST@example.com" });
    // Customer: first case, then one 8 days later (not a repeat), then one 2 days after that (repeat).
    await createTestCase(s, { createdAt: at("2026-11-01T10:00:00Z"), customerId: customer.id, customerEmail: "jo@example.com" });
    const second = await createTestCase(s, { createdAt: at("2026-11-09T10:00:00Z"), customerId: customer.id, customerEmail: "jo@example.com" });
    const third = await createTestCase(s, { createdAt: at("2026-11-11T10:00:00Z"), customerId: customer.id, customerEmail: "jo@example.com" });
    // Merged into `third` the same day: not counted, and does not make `third` a repeat of anything.
    await createTestCase(s, { createdAt: at("2026-11-11T09:00:00Z"), customerEmail: "other@example.com", mergedIntoId: third.id, status: "CLOSED" });
    // A repeat through a shared order: different emails, same order, 1 day apart.
    const order = await createTestOrder(s);
    const o1 = await createTestCase(s, { createdAt: at("2026-11-15T10:00:00Z"), customerEmail: "x@example.com" });
    const o2 = await createTestCase(s, { createdAt: at("2026-11-16T10:00:00Z"), customerEmail: "y@example.com" });
    await db.caseOrder.createMany({ data: [{ shopId: s, caseId: o1.id, orderId: order.id }, { shopId: s, caseId: o2.id, orderId: order.id }] });

    await rebuildShopInsights(s, NOW);
    const totals = async () => {
      const all = await db.insightCaseDaily.findMany({ where: { shopId: s } });
      return { created: sum(all, "created"), repeat: sum(all, "repeatContacts"), day11: sum(await rows(s, "2026-11-11"), "created") };
    };
    const before = await totals();
    expect(before).toEqual({ created: 7, repeat: 3, day11: 1 });
    const flags = await db.case.findMany({ where: { shopId: s, id: { in: [guestRepeat.id, second.id, third.id, o2.id] } }, select: { id: true, repeatContact: true } });
    expect(Object.fromEntries(flags.map((f) => [f.id, f.repeatContact]))).toEqual({ [guestRepeat.id]: true, [second.id]: false, [third.id]: true, [o2.id]: true });

    await redactCustomer({ shopId: s, shopDomain: shop.domain, customer: { shopifyCustomerId: null, email: "guest@example.com", phone: null, orderIds: [] } });
    await redactCustomer({ shopId: s, shopDomain: shop.domain, customer: { shopifyCustomerId: 9_100_000_001n, email: "jo@example.com", phone: null, orderIds: [] } });
    expect(await db.case.count({ where: { shopId: s, customerEmail: null } })).toBe(5);
    await rebuildShopInsights(s, NOW);
    expect(await totals()).toEqual(before);
  });

  it("leaves an outreach case (an unanswered NPS survey) out, and counts it as a new case from the customer's reply", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    await db.shop.update({ where: { id: s }, data: { settings: { channels: { email: true } } } });
    const customer = await db.customer.create({ data: { shopId: s, shopifyId: 9_100_000_002n, email: "nina@example.com", firstName: "Nina" } });
    const survey = await createTestCase(s, {
      createdAt: at("2026-11-10T10:00:00Z"),
      resolvedAt: at("2026-11-10T10:00:00Z"),
      status: "RESOLVED",
      channel: "SYSTEM",
      outreach: true,
      customerId: customer.id,
      customerEmail: "nina@example.com",
    });
    // Two days later she writes about something else: not a repeat contact of the survey.
    const question = await createTestCase(s, { createdAt: at("2026-11-12T10:00:00Z"), customerId: customer.id, customerEmail: "nina@example.com" });

    await rebuildShopInsights(s, NOW);
    const all = async () => db.insightCaseDaily.findMany({ where: { shopId: s } });
    expect({ created: sum(await all(), "created"), resolved: sum(await all(), "resolved"), repeat: sum(await all(), "repeatContacts") }).toEqual({ created: 1, resolved: 0, repeat: 0 });
    expect(await rows(s, "2026-11-10")).toEqual([]);
    expect((await db.case.findUniqueOrThrow({ where: { id: question.id } })).repeatContact).toBe(false);

    // She answers the survey email: the reply threads into the case, which becomes an ordinary open case, created now.
    const replyAt = at("2026-11-24T10:00:00Z");
    await openOrAppendCase(s, {
      channel: "EMAIL",
      email: "nina@example.com",
      name: "Nina",
      customerId: customer.id,
      topic: "OTHER",
      subject: "Re: How likely are you to recommend us?",
      bodyText: "A 6 — the parcel came late.",
      orderId: null,
      match: "any-open",
      threadCaseId: survey.id,
      now: replyAt,
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({
      outreach: false,
      status: "OPEN",
      channel: "EMAIL",
      createdAt: replyAt,
      resolvedAt: null,
      reopenCount: 0,
    });
    await rebuildShopInsights(s, NOW);
    const replyDay = await rows(s, "2026-11-24");
    expect(replyDay.map((r) => [r.channel, r.created, r.resolved])).toEqual([["EMAIL", 1, 0]]);
    expect(sum(await all(), "created")).toBe(2);
    expect(await rows(s, "2026-11-10")).toEqual([]);
  });

  it("counts self-service events followed by a case within 72 hours, and those still pending", async () => {
    const shop = await createInstalledShop();
    const s = shop.shopId;
    const order = await createTestOrder(s);
    const customer = await db.customer.create({ data: { shopId: s, shopifyId: 9_100_000_002n, email: "ss@example.com" } });
    const ev = (kind: "ORDER_LOOKUP" | "ARTICLE_VIEW" | "RETURN_REQUESTED", createdAt: string, extra: Record<string, string> = {}) =>
      db.selfServiceEvent.create({ data: { shopId: s, kind, createdAt: at(createdAt), ...extra } });
    // Nov 10: lookup of the order, and a case on that order 48 h later (Nov 12): followed up.
    // Nov 8: lookup of the same order 104 h before that case: outside 72 h, self-served.
    await ev("ORDER_LOOKUP", "2026-11-10T10:00:00Z", { orderId: order.id });
    await ev("ORDER_LOOKUP", "2026-11-08T02:00:00Z", { orderId: order.id });
    // Nov 10: an article view by the customer, who opens a case 10 h later (followed up by customer).
    await ev("ARTICLE_VIEW", "2026-11-10T12:00:00Z", { customerId: customer.id });
    // Nov 10: the customer looks up ANOTHER order; their case that evening is not about it: self-served.
    const otherOrder = await createTestOrder(s);
    await ev("ORDER_LOOKUP", "2026-11-10T09:00:00Z", { orderId: otherOrder.id, customerId: customer.id });
    // Nov 10: an article view by nobody known: self-served.
    await ev("ARTICLE_VIEW", "2026-11-10T13:00:00Z");
    // Nov 24 (younger than 72 h at NOW, no case): pending. Nov 24 with followUpCaseId: followed up.
    await ev("RETURN_REQUESTED", "2026-11-24T09:00:00Z", { orderId: order.id });
    const c = await createTestCase(s, { createdAt: at("2026-11-12T10:00:00Z"), customerEmail: "zz@example.com" });
    await db.caseOrder.create({ data: { shopId: s, caseId: c.id, orderId: order.id } });
    await createTestCase(s, { createdAt: at("2026-11-10T22:00:00Z"), customerId: customer.id, customerEmail: "ss@example.com" });
    await ev("RETURN_REQUESTED", "2026-11-24T10:00:00Z", { followUpCaseId: c.id });

    await rebuildShopInsights(s, NOW);
    const ss = await db.insightSelfServiceDaily.findMany({ where: { shopId: s }, orderBy: [{ day: "asc" }, { kind: "asc" }] });
    expect(ss.map((r) => [r.day.toISOString().slice(0, 10), r.kind, r.events, r.followedUp, r.pending])).toEqual([
      ["2026-11-08", "ORDER_LOOKUP", 1, 0, 0],
      ["2026-11-10", "ORDER_LOOKUP", 2, 1, 0],
      ["2026-11-10", "ARTICLE_VIEW", 2, 1, 0],
      ["2026-11-24", "RETURN_REQUESTED", 2, 1, 1],
    ]);
  });
});
