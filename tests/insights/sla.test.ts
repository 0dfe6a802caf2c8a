import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { updateCases } from "../../app/cases/update-cases.server";
import { loadCase } from "../../app/cases/case-detail.server";
import { caseSlaView, pauseSla, recomputeSla, resumeSla, slaDeadlines, slaPolicy } from "../../app/insights/sla.server";
import { parseShopSettings, updateShopSettings, type ShopSettings } from "../../app/shops/settings.server";
import { openOrAppendCase } from "../../app/storefront/contact.server";
import { shopperReply } from "../../app/channels/shopper-conversation.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

// Hand-computed against the default calendar: Mon–Fri 09:00–17:00 UTC (8 business hours a day), weekends closed.
// 2026-11-23 is a Monday, 2026-11-25 a Wednesday, 2026-11-27 a Friday.

const at = (iso: string) => new Date(iso);
const settingsWith = (sla: Record<string, unknown> = {}, businessHours: Record<string, unknown> = {}): ShopSettings => parseShopSettings({ sla, businessHours });

describe("slaDeadlines", () => {
  const defaults = settingsWith();
  const openedAt = at("2026-11-25T10:00:00Z"); // Wed 10:00

  it("uses each priority's targets, counted in business hours", () => {
    const due = (priority: "URGENT" | "HIGH" | "NORMAL" | "LOW") => slaDeadlines(defaults, { priority, topic: "OTHER", openedAt });
    // URGENT 1 h / 8 h: Wed 11:00; 7 h left on Wed, then Thu 09:00 + 1 h.
    expect(due("URGENT")).toEqual({ firstResponseDueAt: at("2026-11-25T11:00:00Z"), resolutionDueAt: at("2026-11-26T10:00:00Z") });
    // HIGH 4 h / 24 h: Wed 14:00; 7 (Wed) + 8 (Thu) + 8 (Fri) = 23, then Mon 09:00 + 1 h.
    expect(due("HIGH")).toEqual({ firstResponseDueAt: at("2026-11-25T14:00:00Z"), resolutionDueAt: at("2026-11-30T10:00:00Z") });
    // NORMAL 24 h / 72 h: Mon 10:00; 72 = 7 + 8 × 8 (Thu … Mon Dec 7) + 1 → Tue Dec 8 10:00.
    expect(due("NORMAL")).toEqual({ firstResponseDueAt: at("2026-11-30T10:00:00Z"), resolutionDueAt: at("2026-12-08T10:00:00Z") });
    // LOW 48 h / 120 h: 48 = 7 + 5 × 8 (Thu … Wed Dec 2) + 1 → Thu Dec 3 10:00; 120 = 7 + 14 × 8 (Thu Nov 26 … Tue Dec 15) + 1 → Wed Dec 16 10:00.
    expect(due("LOW")).toEqual({ firstResponseDueAt: at("2026-12-03T10:00:00Z"), resolutionDueAt: at("2026-12-16T10:00:00Z") });
  });

  it("counts wall-clock hours when business hours only is off", () => {
    const wall = settingsWith({ businessHoursOnly: false });
    expect(slaDeadlines(wall, { priority: "NORMAL", topic: "OTHER", openedAt })).toEqual({
      firstResponseDueAt: at("2026-11-26T10:00:00Z"),
      resolutionDueAt: at("2026-11-28T10:00:00Z"),
    });
  });

  it("counts in the shop's time zone", () => {
    // Asia/Kolkata: Wed 10:00Z is 15:30 IST; URGENT resolution 8 h = 1.5 h on Wed + 6.5 h on Thu → 15:30 IST = 10:00Z.
    const kolkata = settingsWith({}, { timezone: "Asia/Kolkata" });
    expect(slaDeadlines(kolkata, { priority: "URGENT", topic: "OTHER", openedAt }).resolutionDueAt).toEqual(at("2026-11-26T10:00:00Z"));
  });

  it("applies a topic's targets at normal and low priority, the shorter one at high and urgent", () => {
    const wall = settingsWith({ businessHoursOnly: false, topics: { RETURN: { resolutionHours: 96 }, BILLING: { firstResponseHours: 2 } } });
    expect(slaPolicy(wall, "NORMAL", "RETURN")).toEqual({ firstResponseHours: 24, resolutionHours: 96 });
    expect(slaPolicy(wall, "LOW", "RETURN")).toEqual({ firstResponseHours: 48, resolutionHours: 96 });
    expect(slaPolicy(wall, "URGENT", "RETURN")).toEqual({ firstResponseHours: 1, resolutionHours: 8 });
    expect(slaPolicy(wall, "NORMAL", "BILLING")).toEqual({ firstResponseHours: 2, resolutionHours: 72 });
    expect(slaPolicy(wall, "HIGH", "BILLING")).toEqual({ firstResponseHours: 2, resolutionHours: 24 });
    expect(slaPolicy(wall, "NORMAL", "OTHER")).toEqual({ firstResponseHours: 24, resolutionHours: 72 });
    expect(slaDeadlines(wall, { priority: "NORMAL", topic: "RETURN", openedAt })).toEqual({
      firstResponseDueAt: at("2026-11-26T10:00:00Z"),
      resolutionDueAt: at("2026-11-29T10:00:00Z"),
    });
  });
});

describe("settings documents saved before policies per priority", () => {
  it("read the flat targets as the NORMAL policy, the rest as defaults", () => {
    const old = parseShopSettings({ sla: { firstResponseHours: 12, resolutionHours: 48, businessHoursOnly: false } });
    expect(old.sla).toEqual({
      policies: {
        URGENT: { firstResponseHours: 1, resolutionHours: 8 },
        HIGH: { firstResponseHours: 4, resolutionHours: 24 },
        NORMAL: { firstResponseHours: 12, resolutionHours: 48 },
        LOW: { firstResponseHours: 48, resolutionHours: 120 },
      },
      topics: {},
      businessHoursOnly: false,
      pauseWhilePending: true,
    });
    expect(slaDeadlines(old, { priority: "NORMAL", topic: "OTHER", openedAt: at("2026-11-25T10:00:00Z") }).firstResponseDueAt).toEqual(at("2026-11-25T22:00:00Z"));
    expect(parseShopSettings({ sla: { firstResponseHours: 8 } }).sla.policies.NORMAL).toEqual({ firstResponseHours: 8, resolutionHours: 72 });
    // A document that has both keeps its NORMAL policy.
    expect(parseShopSettings({ sla: { firstResponseHours: 8, policies: { NORMAL: { firstResponseHours: 3 } } } }).sla.policies.NORMAL).toEqual({
      firstResponseHours: 3,
      resolutionHours: 72,
    });
  });

  it("still load from the database, and a save writes the new shape", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { settings: { sla: { firstResponseHours: 6, resolutionHours: 30, businessHoursOnly: true } } } });
    const saved = await updateShopSettings(shop.shopId, { refunds: { agentLimit: "50.00", requireNote: false } });
    expect(saved.sla.policies.NORMAL).toEqual({ firstResponseHours: 6, resolutionHours: 30 });
    await updateShopSettings(shop.shopId, { sla: saved.sla });
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId }, select: { settings: true } });
    expect((row.settings as { sla: Record<string, unknown> }).sla).not.toHaveProperty("firstResponseHours");
  });
});

describe("pausing while pending", () => {
  const defaults = settingsWith();
  const answered = {
    firstResponseAt: at("2026-11-23T11:00:00Z"),
    firstResponseDueAt: at("2026-11-24T10:00:00Z"),
    resolutionDueAt: at("2026-11-27T12:00:00Z"),
    slaPausedAt: null,
    slaPausedSeconds: 0,
    externalDueAt: null,
  };

  it("stops the clock and moves the open due times on by the paused business time", () => {
    expect(pauseSla(defaults, answered, at("2026-11-25T15:00:00Z"))).toEqual({ slaPausedAt: at("2026-11-25T15:00:00Z"), slaDueAt: null });
    // Paused Wed 15:00 → Thu 11:00: 2 h (Wed) + 2 h (Thu). Resolution Fri 12:00 + 4 h = Fri 16:00.
    // The first response was met: its due time stays.
    const paused = { ...answered, slaPausedAt: at("2026-11-25T15:00:00Z") };
    expect(resumeSla(defaults, paused, at("2026-11-26T11:00:00Z"))).toEqual({
      slaPausedAt: null,
      slaPausedSeconds: 4 * 3600,
      firstResponseDueAt: at("2026-11-24T10:00:00Z"),
      resolutionDueAt: at("2026-11-27T16:00:00Z"),
      slaDueAt: at("2026-11-27T16:00:00Z"),
    });
    // Paused over the weekend only (Fri 17:30 → Mon 08:00): no business time passed, nothing moves.
    const weekend = { ...answered, slaPausedAt: at("2026-11-27T17:30:00Z") };
    expect(resumeSla(defaults, weekend, at("2026-11-30T08:00:00Z")).resolutionDueAt).toEqual(at("2026-11-27T12:00:00Z"));
  });

  it("moves an unmet first response too; resolving while paused keeps nothing due", () => {
    const unanswered = { firstResponseAt: null, firstResponseDueAt: at("2026-11-26T10:00:00Z"), resolutionDueAt: at("2026-11-30T10:00:00Z"), slaPausedAt: at("2026-11-25T16:00:00Z"), slaPausedSeconds: 1800, externalDueAt: null };
    // Paused Wed 16:00 → Thu 10:00: 1 h + 1 h. Thu 10:00 + 2 h = Thu 12:00; Mon 10:00 + 2 h = Mon 12:00.
    // An earlier pause of 30 min is already counted: the total becomes 30 min + 2 h.
    expect(resumeSla(defaults, unanswered, at("2026-11-26T10:00:00Z"))).toEqual({
      slaPausedAt: null,
      slaPausedSeconds: 1800 + 7200,
      firstResponseDueAt: at("2026-11-26T12:00:00Z"),
      resolutionDueAt: at("2026-11-30T12:00:00Z"),
      slaDueAt: at("2026-11-26T12:00:00Z"),
    });
    expect(resumeSla(defaults, unanswered, at("2026-11-26T10:00:00Z"), "RESOLVED").slaDueAt).toBeNull();
  });

  it("counts wall-clock time when business hours only is off, and does nothing when pausing is off", () => {
    const wall = settingsWith({ businessHoursOnly: false });
    const paused = { ...answered, slaPausedAt: at("2026-11-25T15:00:00Z") };
    expect(resumeSla(wall, paused, at("2026-11-26T11:00:00Z")).resolutionDueAt).toEqual(at("2026-11-28T08:00:00Z"));
    expect(pauseSla(settingsWith({ pauseWhilePending: false }), answered, at("2026-11-25T15:00:00Z"))).toEqual({});
    expect(resumeSla(defaults, answered, at("2026-11-26T11:00:00Z"))).toEqual({});
  });
});

describe("recomputeSla", () => {
  it("derives the open due times from when the case opened, keeps a met first response", () => {
    const defaults = settingsWith();
    const c = {
      status: "OPEN" as const,
      priority: "NORMAL" as const,
      topic: "OTHER" as const,
      createdAt: at("2026-11-25T10:00:00Z"),
      firstResponseAt: null,
      firstResponseDueAt: at("2026-11-30T10:00:00Z"),
      resolutionDueAt: at("2026-12-08T10:00:00Z"),
      slaPausedAt: null,
      slaPausedSeconds: 0,
      externalDueAt: null,
    };
    expect(recomputeSla(defaults, c, { priority: "URGENT" })).toEqual({
      firstResponseDueAt: at("2026-11-25T11:00:00Z"),
      resolutionDueAt: at("2026-11-26T10:00:00Z"),
      slaDueAt: at("2026-11-25T11:00:00Z"),
    });
    const met = { ...c, firstResponseAt: at("2026-11-25T10:30:00Z") };
    expect(recomputeSla(defaults, met, { priority: "HIGH" })).toEqual({
      firstResponseDueAt: at("2026-11-30T10:00:00Z"),
      resolutionDueAt: at("2026-11-30T10:00:00Z"),
      slaDueAt: at("2026-11-30T10:00:00Z"),
    });
    expect(recomputeSla(defaults, { ...c, slaPausedAt: at("2026-11-25T12:00:00Z") }, { priority: "URGENT" }).slaDueAt).toBeNull();
    expect(recomputeSla(defaults, { ...c, status: "RESOLVED" }, { priority: "URGENT" })).toEqual({});
  });

  it("keeps the time the case already spent paused", () => {
    const defaults = settingsWith();
    const opened = {
      status: "PENDING" as const,
      priority: "NORMAL" as const,
      topic: "OTHER" as const,
      createdAt: at("2026-11-25T10:00:00Z"), // Wed 10:00
      firstResponseAt: null,
      firstResponseDueAt: at("2026-11-30T10:00:00Z"),
      resolutionDueAt: at("2026-12-08T10:00:00Z"),
      slaPausedAt: at("2026-11-25T12:00:00Z"),
      slaPausedSeconds: 0,
      externalDueAt: null,
    };
    // Paused Wed 12:00 → 14:00: 2 business hours.
    const resumed = resumeSla(defaults, opened, at("2026-11-25T14:00:00Z"));
    expect(resumed.slaPausedSeconds).toBe(7200);
    // Then URGENT (1 h / 8 h) from Wed 10:00 plus the 2 paused hours: Wed 11:00 + 2 h = Wed 13:00;
    // Thu 10:00 + 2 h = Thu 12:00 (without the pause it would be Wed 11:00 and Thu 10:00, both already breached).
    const open = { ...opened, ...resumed, status: "OPEN" as const };
    expect(recomputeSla(defaults, open, { priority: "URGENT" })).toEqual({
      firstResponseDueAt: at("2026-11-25T13:00:00Z"),
      resolutionDueAt: at("2026-11-26T12:00:00Z"),
      slaDueAt: at("2026-11-25T13:00:00Z"),
    });
    // Paused time crossing closing time and the night shifts in business time: Wed 16:30 + 1.5 h = Thu 10:00.
    const late = { ...open, createdAt: at("2026-11-25T15:30:00Z"), slaPausedSeconds: 5400 };
    expect(recomputeSla(defaults, late, { priority: "URGENT" }).firstResponseDueAt).toEqual(at("2026-11-26T10:00:00Z"));
    // Paused again right now: the due times include the earlier pauses, nothing is due until it resumes.
    const pausedNow = { ...open, slaPausedAt: at("2026-11-25T15:00:00Z") };
    expect(recomputeSla(defaults, pausedNow, { priority: "URGENT" })).toEqual({
      firstResponseDueAt: at("2026-11-25T13:00:00Z"),
      resolutionDueAt: at("2026-11-26T12:00:00Z"),
      slaDueAt: null,
    });
  });
});

describe("caseSlaView", () => {
  it("says met, breached, at risk or paused per target", () => {
    const now = at("2026-11-25T10:00:00Z");
    const view = caseSlaView(
      { firstResponseAt: at("2026-11-24T09:00:00Z"), firstResponseDueAt: at("2026-11-24T10:00:00Z"), resolvedAt: null, resolutionDueAt: at("2026-11-25T11:00:00Z"), slaPausedAt: null },
      now,
    );
    expect([view.firstResponse.state, view.resolution.state]).toEqual(["met", "atRisk"]);
    const late = caseSlaView(
      { firstResponseAt: null, firstResponseDueAt: at("2026-11-25T09:00:00Z"), resolvedAt: null, resolutionDueAt: at("2026-11-28T11:00:00Z"), slaPausedAt: null },
      now,
    );
    expect([late.firstResponse.state, late.resolution.state]).toEqual(["breached", "ok"]);
    const paused = caseSlaView(
      { firstResponseAt: at("2026-11-24T11:00:00Z"), firstResponseDueAt: at("2026-11-24T10:00:00Z"), resolvedAt: null, resolutionDueAt: at("2026-11-25T09:00:00Z"), slaPausedAt: now },
      now,
    );
    expect([paused.firstResponse.state, paused.resolution.state, paused.pausedAt]).toEqual(["breached", "paused", now.toISOString()]);
  });
});

describe("SLA on cases", () => {
  it("opens a storefront case with deadlines in business hours", async () => {
    const shop = await createInstalledShop();
    const { caseId } = await openOrAppendCase(shop.shopId, {
      channel: "STOREFRONT",
      email: "jo@example.com",
      name: "Jo Buyer",
      customerId: null,
      topic: "PRODUCT_QUESTION",
      subject: "Sizes",
      bodyText: "Does the blue jacket come in a medium size?",
      orderId: null,
      match: "new",
      now: at("2026-11-27T16:00:00Z"),
    });
    const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    // NORMAL 24 h from Fri 16:00: 1 (Fri) + 8 (Mon) + 8 (Tue) + 7 → Wed Dec 2 16:00.
    // 72 h: 1 + 8 × 8 (Mon Nov 30 … Wed Dec 9) + 7 → Thu Dec 10 16:00.
    expect(row).toMatchObject({
      priority: "NORMAL",
      firstResponseDueAt: at("2026-12-02T16:00:00Z"),
      resolutionDueAt: at("2026-12-10T16:00:00Z"),
      slaDueAt: at("2026-12-02T16:00:00Z"),
    });
  });

  it("recomputes on a priority change, pauses while pending and resumes when the customer answers", async () => {
    const shop = await createInstalledShop();
    const actor = { staffId: shop.staffId };
    const c = await createTestCase(shop.shopId, {
      customerEmail: "jo@example.com",
      createdAt: at("2026-11-23T10:00:00Z"),
      firstResponseAt: at("2026-11-23T11:00:00Z"),
      firstResponseDueAt: at("2026-11-24T10:00:00Z"),
      resolutionDueAt: at("2026-12-04T10:00:00Z"),
      slaDueAt: at("2026-12-04T10:00:00Z"),
    });

    // HIGH resolution 24 h from Mon Nov 23 10:00: 7 + 8 + 8 + 1 → Thu Nov 26 10:00. The met first response stays.
    await updateCases(shop.shopId, actor, [c.id], { kind: "priority", priority: "HIGH" }, { now: at("2026-11-24T12:00:00Z") });
    let row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ firstResponseDueAt: at("2026-11-24T10:00:00Z"), resolutionDueAt: at("2026-11-26T10:00:00Z"), slaDueAt: at("2026-11-26T10:00:00Z") });

    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "PENDING" }, { now: at("2026-11-25T15:00:00Z") });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "PENDING", slaPausedAt: at("2026-11-25T15:00:00Z"), slaDueAt: null, resolutionDueAt: at("2026-11-26T10:00:00Z") });
    const view = await loadCase(shop.shopId, shop.staffId, c.id);
    expect(view.case.sla).toMatchObject({ firstResponse: { state: "met" }, resolution: { state: "paused" }, pausedAt: "2026-11-25T15:00:00.000Z" });

    // The customer answers Thu 11:00: paused 2 h (Wed) + 2 h (Thu) of business time. Thu 10:00 + 4 h = Thu 14:00.
    await openOrAppendCase(shop.shopId, {
      channel: "STOREFRONT",
      email: "jo@example.com",
      name: "Jo Buyer",
      customerId: null,
      topic: "OTHER",
      subject: "Re: Where is my order?",
      bodyText: "Here is the photo you asked for.",
      orderId: null,
      match: "any-open",
      now: at("2026-11-26T11:00:00Z"),
    });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "OPEN", slaPausedAt: null, resolutionDueAt: at("2026-11-26T14:00:00Z"), slaDueAt: at("2026-11-26T14:00:00Z") });

    // Staff set it pending again Thu 16:00 and reopen it Mon 10:00: 1 h (Thu) + 8 h (Fri) + 1 h (Mon) = 10 h.
    // Thu 14:00 + 10 h = 3 h (Thu) + 7 h (Fri) → Fri Nov 27 16:00.
    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "PENDING" }, { now: at("2026-11-26T16:00:00Z") });
    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "OPEN" }, { now: at("2026-11-30T10:00:00Z") });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "OPEN", slaPausedAt: null, resolutionDueAt: at("2026-11-27T16:00:00Z"), slaDueAt: at("2026-11-27T16:00:00Z") });
  });

  it("a priority change after a 2 h pause keeps the 2 h", async () => {
    const shop = await createInstalledShop();
    const actor = { staffId: shop.staffId };
    // Opened Mon Nov 23 10:00, NORMAL: first response 24 h = 7 (Mon) + 8 (Tue) + 8 (Wed) + 1 → Thu 10:00.
    const c = await createTestCase(shop.shopId, {
      customerEmail: "jo@example.com",
      createdAt: at("2026-11-23T10:00:00Z"),
      firstResponseDueAt: at("2026-11-26T10:00:00Z"),
      resolutionDueAt: at("2026-12-04T10:00:00Z"),
      slaDueAt: at("2026-11-26T10:00:00Z"),
    });
    // Pending Mon 11:00 → 13:00: 2 business hours.
    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "PENDING" }, { now: at("2026-11-23T11:00:00Z") });
    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "OPEN" }, { now: at("2026-11-23T13:00:00Z") });
    let row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ slaPausedAt: null, slaPausedSeconds: 7200, firstResponseDueAt: at("2026-11-26T12:00:00Z") });

    // HIGH (4 h / 24 h) from Mon 10:00 plus 2 h: first response Mon 16:00; resolution Thu 10:00 + 2 h = Thu 12:00.
    await updateCases(shop.shopId, actor, [c.id], { kind: "priority", priority: "HIGH" }, { now: at("2026-11-23T14:00:00Z") });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({
      firstResponseDueAt: at("2026-11-23T16:00:00Z"),
      resolutionDueAt: at("2026-11-26T12:00:00Z"),
      slaDueAt: at("2026-11-23T16:00:00Z"),
      slaPausedSeconds: 7200,
    });

    // Topic change while paused again: the due times still include the 2 h, nothing is due.
    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "PENDING" }, { now: at("2026-11-23T15:00:00Z") });
    await updateCases(shop.shopId, actor, [c.id], { kind: "topic", topic: "BILLING" }, { now: at("2026-11-23T15:30:00Z") });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ slaDueAt: null, firstResponseDueAt: at("2026-11-23T16:00:00Z"), resolutionDueAt: at("2026-11-26T12:00:00Z") });
  });

  it("resumes when the shopper answers from the conversation page", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, {
      status: "PENDING",
      firstResponseAt: at("2026-11-23T11:00:00Z"),
      firstResponseDueAt: at("2026-11-24T10:00:00Z"),
      resolutionDueAt: at("2026-11-27T12:00:00Z"),
      slaPausedAt: at("2026-11-25T15:00:00Z"),
    });
    // Paused Wed 15:00 → Thu 11:00 = 4 business hours: Fri 12:00 + 4 h = Fri 16:00.
    await shopperReply(shop.shopId, c.id, "Here is the order number.", { now: at("2026-11-26T11:00:00Z") });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      status: "OPEN",
      slaPausedAt: null,
      firstResponseDueAt: at("2026-11-24T10:00:00Z"),
      resolutionDueAt: at("2026-11-27T16:00:00Z"),
      slaDueAt: at("2026-11-27T16:00:00Z"),
    });
  });

  it("does not pause when the shop keeps the clock running", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { settings: { sla: { pauseWhilePending: false } } } });
    const c = await createTestCase(shop.shopId, { firstResponseAt: at("2026-11-23T11:00:00Z"), resolutionDueAt: at("2026-12-04T10:00:00Z"), slaDueAt: at("2026-12-04T10:00:00Z") });
    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "status", status: "PENDING" }, { now: at("2026-11-25T15:00:00Z") });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "PENDING", slaPausedAt: null, slaDueAt: at("2026-12-04T10:00:00Z") });
  });
});
