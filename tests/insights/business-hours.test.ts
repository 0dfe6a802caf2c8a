import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessMinutesBetween, type BusinessHours } from "../../app/insights/business-hours";
import { BusinessHours as BusinessHoursSchema } from "../../app/shops/settings.server";

// Every expectation below is worked out by hand from the calendar (dates in 2026: Nov 27 is a Friday,
// Nov 30 a Monday; US DST starts Sun Mar 8 and ends Sun Nov 1; India has no DST, UTC+05:30).

const hours = (input: Partial<Record<string, unknown>> = {}): BusinessHours => BusinessHoursSchema.parse(input);
const at = (iso: string) => new Date(iso);
const H = 60;

describe("addBusinessMinutes", () => {
  const nineToFive = hours({ timezone: "UTC" });

  it("stays within the day when there is time left", () => {
    expect(addBusinessMinutes(at("2026-11-25T10:00:00Z"), 3 * H, nineToFive)).toEqual(at("2026-11-25T13:00:00Z"));
  });

  it("carries over the weekend: Fri 16:00 + 2 h = Mon 10:00", () => {
    expect(addBusinessMinutes(at("2026-11-27T16:00:00Z"), 2 * H, nineToFive)).toEqual(at("2026-11-30T10:00:00Z"));
  });

  it("lands on the closing time when the minutes run out exactly there", () => {
    expect(addBusinessMinutes(at("2026-11-27T16:00:00Z"), H, nineToFive)).toEqual(at("2026-11-27T17:00:00Z"));
  });

  it("starts a clock that starts before opening at the opening", () => {
    expect(addBusinessMinutes(at("2026-11-25T06:30:00Z"), 30, nineToFive)).toEqual(at("2026-11-25T09:30:00Z"));
  });

  it("starts a clock that starts after closing at the next opening", () => {
    // Wed 20:00 → Thu 09:00 + 8 h = Thu 17:00.
    expect(addBusinessMinutes(at("2026-11-25T20:00:00Z"), 8 * H, nineToFive)).toEqual(at("2026-11-26T17:00:00Z"));
    // Sat 12:00 → Mon 09:00 + 1 h.
    expect(addBusinessMinutes(at("2026-11-28T12:00:00Z"), H, nineToFive)).toEqual(at("2026-11-30T10:00:00Z"));
  });

  it("skips holidays", () => {
    // Thu Nov 26 is a holiday: Wed 16:00 + 2 h = Wed 17:00 (1 h) + Fri 09:00–10:00.
    const withHoliday = hours({ timezone: "UTC", holidays: ["2026-11-26"] });
    expect(addBusinessMinutes(at("2026-11-25T16:00:00Z"), 2 * H, withHoliday)).toEqual(at("2026-11-27T10:00:00Z"));
    // A holiday on the Monday after a weekend: Fri 16:00 + 2 h = Tue 10:00.
    const mondayOff = hours({ timezone: "UTC", holidays: ["2026-11-30"] });
    expect(addBusinessMinutes(at("2026-11-27T16:00:00Z"), 2 * H, mondayOff)).toEqual(at("2026-12-01T10:00:00Z"));
  });

  it("skips a lunch break", () => {
    const split = hours({
      timezone: "UTC",
      days: {
        mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }],
        tue: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }],
        wed: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }],
        thu: [],
        fri: [],
      },
    });
    // Mon 11:00 + 2 h = 11:00–12:00 + 13:00–14:00.
    expect(addBusinessMinutes(at("2026-11-30T11:00:00Z"), 2 * H, split)).toEqual(at("2026-11-30T14:00:00Z"));
    // Starting during lunch counts from 13:00.
    expect(addBusinessMinutes(at("2026-11-30T12:20:00Z"), 30, split)).toEqual(at("2026-11-30T13:30:00Z"));
    // Wed 16:00 + 3 h: 1 h on Wed, Thu–Sun closed, Mon 09:00–11:00.
    expect(addBusinessMinutes(at("2026-11-25T16:00:00Z"), 3 * H, split)).toEqual(at("2026-11-30T11:00:00Z"));
  });

  it("counts in the shop's time zone (Asia/Kolkata, UTC+05:30)", () => {
    const kolkata = hours({ timezone: "Asia/Kolkata" });
    // Wed 16:30 IST (11:00Z) + 1 h = 30 min on Wed, then Thu 09:00 IST + 30 min = 09:30 IST = 04:00Z.
    expect(addBusinessMinutes(at("2026-11-25T11:00:00Z"), H, kolkata)).toEqual(at("2026-11-26T04:00:00Z"));
    // Fri 22:00Z is already Sat 03:30 IST: the clock starts Mon 09:00 IST = 03:30Z.
    expect(addBusinessMinutes(at("2026-11-27T22:00:00Z"), 15, kolkata)).toEqual(at("2026-11-30T03:45:00Z"));
  });

  it("carries over a DST change in America/New_York", () => {
    const newYork = hours({ timezone: "America/New_York" });
    // Fri Mar 6 16:00 EST (21:00Z) + 2 h = Mon Mar 9 10:00 EDT = 14:00Z (not 15:00Z as a fixed EST offset gives).
    expect(addBusinessMinutes(at("2026-03-06T21:00:00Z"), 2 * H, newYork)).toEqual(at("2026-03-09T14:00:00Z"));
    // Fall back: Fri Oct 30 16:00 EDT (20:00Z) + 2 h = Mon Nov 2 10:00 EST = 15:00Z.
    expect(addBusinessMinutes(at("2026-10-30T20:00:00Z"), 2 * H, newYork)).toEqual(at("2026-11-02T15:00:00Z"));
  });

  it("counts the real length of an interval that spans the DST change", () => {
    // Open all Sunday night 00:00–06:00 local; on Mar 8 the clock jumps 02:00 → 03:00, so only 5 h exist.
    const nights = hours({ timezone: "America/New_York", days: { mon: [], tue: [], wed: [], thu: [], fri: [], sun: [{ open: "00:00", close: "06:00" }] } });
    // Sun Mar 8 00:00 EST = 05:00Z; + 5 h = 06:00 EDT = 10:00Z, the close.
    expect(addBusinessMinutes(at("2026-03-08T05:00:00Z"), 5 * H, nights)).toEqual(at("2026-03-08T10:00:00Z"));
    expect(businessMinutesBetween(at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"), nights)).toBe(5 * H);
  });

  it("counts wall-clock time when the calendar is never open", () => {
    const never = hours({ days: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(addBusinessMinutes(at("2026-11-27T16:00:00Z"), 2 * H, never)).toEqual(at("2026-11-27T18:00:00Z"));
    expect(businessMinutesBetween(at("2026-11-27T16:00:00Z"), at("2026-11-28T16:00:00Z"), never)).toBe(24 * H);
  });

  it("ends even when every day of more than a year is a holiday", () => {
    const holidays = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2026, 10, 25 + i)).toISOString().slice(0, 10));
    const closedForAYear = hours({ timezone: "UTC", holidays });
    // 366 holidays from Wed 2026-11-25 cover up to Thu 2027-11-25; Fri 2027-11-26 09:00 is the next opening.
    expect(addBusinessMinutes(at("2026-11-25T10:00:00Z"), H, closedForAYear)).toEqual(at("2027-11-26T10:00:00Z"));
  });

  it("round-trips over thousands of start times, across DST changes and holidays", () => {
    // addBusinessMinutes and businessMinutesBetween are inverse: 72 business hours added are 72 counted back.
    const newYork = hours({ timezone: "America/New_York", holidays: ["2026-12-25", "2027-01-01"] });
    for (let i = 0; i < 5000; i++) {
      const start = new Date(Date.UTC(2026, 10, 1) + i * 37 * 60_000 * 13);
      const due = addBusinessMinutes(start, 72 * H, newYork);
      expect(due.getTime()).toBeGreaterThan(start.getTime());
      expect(businessMinutesBetween(start, due, newYork)).toBe(72 * H);
    }
  });
});

describe("businessMinutesBetween", () => {
  const nineToFive = hours({ timezone: "UTC" });

  it("counts only open minutes across a weekend", () => {
    expect(businessMinutesBetween(at("2026-11-27T16:00:00Z"), at("2026-11-30T10:00:00Z"), nineToFive)).toBe(2 * H);
    // A whole week, Mon 00:00 → Mon 00:00: 5 × 8 h.
    expect(businessMinutesBetween(at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"), nineToFive)).toBe(40 * H);
  });

  it("leaves out holidays and closed times", () => {
    const withHoliday = hours({ timezone: "UTC", holidays: ["2026-11-26"] });
    expect(businessMinutesBetween(at("2026-11-25T16:00:00Z"), at("2026-11-27T10:00:00Z"), withHoliday)).toBe(2 * H);
    expect(businessMinutesBetween(at("2026-11-28T10:00:00Z"), at("2026-11-29T23:00:00Z"), nineToFive)).toBe(0);
  });

  it("is 0 when the end is not after the start, and rounds down", () => {
    expect(businessMinutesBetween(at("2026-11-25T12:00:00Z"), at("2026-11-25T11:00:00Z"), nineToFive)).toBe(0);
    expect(businessMinutesBetween(at("2026-11-25T12:00:00Z"), at("2026-11-25T12:00:59Z"), nineToFive)).toBe(0);
  });

  it("counts in the shop's zone across the DST change", () => {
    const newYork = hours({ timezone: "America/New_York" });
    expect(businessMinutesBetween(at("2026-03-06T21:00:00Z"), at("2026-03-09T14:00:00Z"), newYork)).toBe(2 * H);
    const kolkata = hours({ timezone: "Asia/Kolkata" });
    // Wed 16:30 IST → Thu 09:30 IST: 30 + 30 min.
    expect(businessMinutesBetween(at("2026-11-25T11:00:00Z"), at("2026-11-26T04:00:00Z"), kolkata)).toBe(H);
  });

  it("agrees with addBusinessMinutes", () => {
    const kolkata = hours({ timezone: "Asia/Kolkata", holidays: ["2026-12-25"] });
    const start = at("2026-12-23T08:17:00Z");
    for (const minutes of [1, 59, 8 * H, 24 * H, 120 * H]) {
      expect(businessMinutesBetween(start, addBusinessMinutes(start, minutes, kolkata), kolkata)).toBe(minutes);
    }
  });
});
