import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { updateCases } from "../../app/cases/update-cases.server";
import { loadCase } from "../../app/cases/case-detail.server";
import { caseSlaView, newCaseSla, pauseSla, recomputeSla, resumeSla, setExternalDue, slaDeadlines, type SlaCase } from "../../app/insights/sla.server";
import { parseShopSettings } from "../../app/shops/settings.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

// The external deadline (Case.externalDueAt, a dispute's evidence due date) caps the SLA's resolution due time,
// whatever the policy, a pause or a priority change derives. Default calendar: Mon–Fri 09:00–17:00 UTC.
// 2026-11-25 is a Wednesday.

const at = (iso: string) => new Date(iso);
const settings = parseShopSettings({});
const openedAt = at("2026-11-25T10:00:00Z");

function slaCase(overrides: Partial<SlaCase> = {}): SlaCase {
  const due = slaDeadlines(settings, { priority: "HIGH", topic: "BILLING", openedAt });
  return {
    status: "OPEN",
    priority: "HIGH",
    topic: "BILLING",
    createdAt: openedAt,
    firstResponseAt: null,
    slaPausedAt: null,
    slaPausedSeconds: 0,
    externalDueAt: null,
    ...due,
    ...overrides,
  };
}

describe("the external deadline in the SLA functions", () => {
  it("caps the resolution due time of a new case, and slaDueAt when it comes first", () => {
    // HIGH: first response Wed 14:00, resolution Mon Nov 30 10:00.
    const later = newCaseSla(settings, { priority: "HIGH", topic: "BILLING", openedAt, externalDueAt: at("2026-12-10T00:00:00Z") });
    expect(later).toEqual({ firstResponseDueAt: at("2026-11-25T14:00:00Z"), resolutionDueAt: at("2026-11-30T10:00:00Z"), slaDueAt: at("2026-11-25T14:00:00Z") });
    const sooner = newCaseSla(settings, { priority: "HIGH", topic: "BILLING", openedAt, externalDueAt: at("2026-11-25T12:00:00Z") });
    expect(sooner).toEqual({ firstResponseDueAt: at("2026-11-25T14:00:00Z"), resolutionDueAt: at("2026-11-25T12:00:00Z"), slaDueAt: at("2026-11-25T12:00:00Z") });
  });

  it("recomputeSla keeps min(policy, external) when the priority or topic changes", () => {
    const external = at("2026-11-27T12:00:00Z"); // Fri noon
    const c = slaCase({ externalDueAt: external, firstResponseAt: at("2026-11-25T11:00:00Z") });
    // Down to LOW: the policy's resolution (Wed Dec 16) is later than the external deadline, which holds.
    expect(recomputeSla(settings, c, { priority: "LOW" })).toMatchObject({ resolutionDueAt: external, slaDueAt: external });
    // Up to URGENT: 8 business hours (Thu 10:00) comes first.
    expect(recomputeSla(settings, c, { priority: "URGENT" })).toMatchObject({ resolutionDueAt: at("2026-11-26T10:00:00Z"), slaDueAt: at("2026-11-26T10:00:00Z") });
  });

  it("does not stop while the case waits on the customer, and a resumed clock never moves the resolution past it", () => {
    const pausing = parseShopSettings({ sla: { pauseWhilePending: true } });
    const external = at("2026-11-30T09:30:00Z");
    const c = slaCase({ externalDueAt: external, firstResponseAt: at("2026-11-25T11:00:00Z") });
    expect(pauseSla(pausing, c, at("2026-11-25T12:00:00Z"))).toEqual({ slaPausedAt: at("2026-11-25T12:00:00Z"), slaDueAt: external });
    // Without an external deadline nothing is due while paused, as before.
    expect(pauseSla(pausing, slaCase(), at("2026-11-25T12:00:00Z"))).toEqual({ slaPausedAt: at("2026-11-25T12:00:00Z"), slaDueAt: null });

    const resumed = resumeSla(pausing, { ...c, slaPausedAt: at("2026-11-25T12:00:00Z") }, at("2026-11-26T12:00:00Z"));
    // 8 business hours paused would move Mon 10:00 to Tue 10:00: the external deadline (Mon 09:30) holds.
    expect(resumed).toMatchObject({ resolutionDueAt: external, slaDueAt: external, slaPausedSeconds: 8 * 3600 });
  });

  it("setExternalDue sets the deadline, and clearing it brings the policy's due times back", () => {
    const external = at("2026-11-26T09:00:00Z");
    const set = setExternalDue(settings, slaCase(), external);
    expect(set).toMatchObject({ externalDueAt: external, resolutionDueAt: external, firstResponseDueAt: at("2026-11-25T14:00:00Z"), slaDueAt: at("2026-11-25T14:00:00Z") });
    const cleared = setExternalDue(settings, slaCase({ externalDueAt: external, resolutionDueAt: external }), null);
    expect(cleared).toMatchObject({ externalDueAt: null, resolutionDueAt: at("2026-11-30T10:00:00Z"), slaDueAt: at("2026-11-25T14:00:00Z") });
    // A resolved case only records it.
    expect(setExternalDue(settings, slaCase({ status: "RESOLVED" }), external)).toEqual({ externalDueAt: external });
  });

  it("the case view shows the external deadline with its own state", () => {
    const view = caseSlaView(
      { firstResponseAt: null, firstResponseDueAt: at("2026-11-25T14:00:00Z"), resolvedAt: null, resolutionDueAt: at("2026-11-25T12:00:00Z"), slaPausedAt: null, externalDueAt: at("2026-11-25T12:00:00Z") },
      at("2026-11-25T13:00:00Z"),
    );
    expect(view.external).toEqual({ dueAt: "2026-11-25T12:00:00.000Z", state: "breached" });
    expect(caseSlaView({ firstResponseAt: null, firstResponseDueAt: null, resolvedAt: null, resolutionDueAt: null, slaPausedAt: null }, openedAt).external).toBeNull();
  });
});

describe("staff changes on a case with an external deadline", () => {
  it("a priority change, and pending and back, keep the resolution no later than the evidence due date", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { settings: { sla: { pauseWhilePending: true } } } });
    const external = at("2026-11-27T12:00:00Z");
    const c = await createTestCase(shop.shopId, {
      priority: "HIGH",
      topic: "BILLING",
      createdAt: openedAt,
      ...setExternalDue(settings, slaCase(), external),
    });
    const actor = { staffId: null };
    await updateCases(shop.shopId, actor, [c.id], { kind: "priority", priority: "LOW" }, { now: at("2026-11-25T11:00:00Z") });
    let row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ priority: "LOW", externalDueAt: external, resolutionDueAt: external });

    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "PENDING" }, { now: at("2026-11-25T12:00:00Z") });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.slaDueAt).toEqual(external); // the bank's clock runs on

    await updateCases(shop.shopId, actor, [c.id], { kind: "status", status: "OPEN" }, { now: at("2026-11-26T12:00:00Z") });
    row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.resolutionDueAt).toEqual(external);

    const view = await loadCase(shop.shopId, null, c.id);
    expect(view.case.sla.external?.dueAt).toBe(external.toISOString());
  });
});
