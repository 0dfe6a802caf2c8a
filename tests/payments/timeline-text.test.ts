import { describe, expect, it } from "vitest";
import { describeEvent } from "../../app/components/case/CaseTimeline";
import type { EventItem } from "../../app/cases/case-detail.server";

// Timeline wording of the issue-10 events: written sentences from the catalogue, never an email address from data.

const event = (type: string, actorType: EventItem["actorType"], data: Record<string, unknown>, extra: Partial<EventItem> = {}): EventItem => ({
  kind: "event",
  id: "e1",
  at: "2026-11-20T10:00:00.000Z",
  type,
  actorType,
  staffName: null,
  orderName: "#1042",
  data,
  ...extra,
});

describe("case timeline: receipts and NPS surveys", () => {
  it("says who sent a receipt of which order, without the address", () => {
    const staff = describeEvent(event("receipt_sent", "STAFF", { source: "staff", sentTo: "m•••@example.com", to: "maya@example.com" }, { staffName: "Ada Agent" }), "UTC");
    expect(staff).toBe("Ada Agent emailed the receipt of #1042 to the order's address");
    const shopper = describeEvent(event("receipt_sent", "CUSTOMER", { source: "customer_account", sentTo: "m•••@example.com" }), "UTC");
    expect(shopper).toBe("The customer asked for the receipt of #1042 (customer account); emailed to the order's address");
    for (const text of [staff, shopper]) expect(text).not.toMatch(/@|→|Receipt sent/);
  });

  it("names the NPS survey and its period, not the recipient", () => {
    const text = describeEvent(event("nps_survey_sent", "SYSTEM", { period: "2026-11", to: "maya@example.com", messageId: "m1" }, { orderName: null }), "UTC");
    expect(text).toBe("NPS survey emailed to the customer (2026-11)");
  });
});
