import { describe, expect, it } from "vitest";
import {
  changeOf,
  formatDuration,
  formatRate,
  presetOf,
  presetPeriod,
  todayIn,
} from "../../app/components/insights/format";
import type { InsightsReport } from "../../app/insights/report-types";
import Insights from "../../app/routes/app.insights._index";
import { insightsReportFixture } from "../fixtures/insights-report";
import { renderInRoute } from "../helpers/render";

const team = [{ id: "0196f3a0-0000-7000-8000-000000000001", name: "Ada Agent" }];

function render(report: InsightsReport, url = "/app/insights?from=2026-11-01&to=2026-11-07") {
  return renderInRoute(url, "/app/insights", Insights, { report, today: "2026-11-07", team });
}

/** The text of the page without tags (entities decoded), to find figures whatever their markup. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("insights dashboard (server render of a hand-written report)", () => {
  it("shows the headline figures, their change vs the previous period and the freshness line", () => {
    const html = render(insightsReportFixture());
    const page = text(html);
    // Period in the subtitle.
    expect(page).toContain("Nov 1, 2026 – Nov 7, 2026, compared with Oct 25, 2026 – Oct 31, 2026");
    // 135 business minutes median first response, 610 p90, 1445 median resolution.
    expect(page).toContain("First response, median 2 h 15 min");
    expect(page).toContain("10 h 10 min");
    expect(page).toContain("24 h 5 min");
    // 42 cases vs 35: up 20%; neutral (no better/worse judgement).
    expect(page).toMatch(/Cases created 42 ↑ 20% vs 35 in the previous period/);
    // Median first response 135 vs 150 min: down 10%, and lower is better.
    expect(page).toMatch(/↓ 10% \(better\) vs 2 h 30 min in the previous period/);
    // Resolution median 1445 vs 1300: up 11.2%, worse.
    expect(page).toMatch(/↑ 11\.2% \(worse\)/);
    // Reopen rate 7.9% vs 10%: down 2.1 points, better. Negative sentiment has no previous figure.
    expect(page).toMatch(/Reopen rate 7\.9% ↓ 2\.1 pts \(better\)/);
    expect(page).toMatch(/Negative sentiment 16\.7% No figure for the previous period/);
    expect(page).toContain("Figures updated Nov 8, 2026, 9:03 AM.");
    expect(page).toContain("2 days are being recomputed: figures may lag a minute.");
    // Commerce, CSAT, customers, classifier.
    expect(page).toContain("$25,410.50");
    expect(page).toMatch(/Average rating 4\.25 ↓ 0\.25 \(worse\)/);
    expect(page).toContain("Linen shirt, navy");
    expect(page).toMatch(/Size too small 7 43\.8%/);
    expect(page).toContain("20 of 50 buyers");
    expect(page).toContain("27 of 30 kept");
    expect(page).toContain("Some 30-day windows are still open");
  });

  it("links every card to its CSV with the page's own query, and has a data table for every chart", () => {
    const report = insightsReportFixture();
    report.query.filters = { channel: "EMAIL" };
    // The links carry the report's resolved query (not the address bar's), so a download is of the days on screen.
    const html = render(report, "/app/insights?channel=EMAIL");
    for (const name of [
      "summary",
      "volume",
      "topics",
      "channels",
      "backlog",
      "self-service",
      "csat",
      "staff",
      "orders",
      "products",
      "return-reasons",
      "cohorts",
      "classifier",
    ]) {
      expect(html, name).toContain(
        `href="/app/insights/export/${name}?from=2026-11-01&amp;to=2026-11-07&amp;channel=EMAIL"`
      );
    }
    const page = text(html);
    // Charts are drawn in the browser only; on the server their data tables are in the page.
    expect(page).toContain("Chart: Volume over time. The same figures are in the data table.");
    expect(page).toMatch(/Nov 2, 2026 8 6/); // volume: created 8, resolved 6
    expect(page).toMatch(/Where is my order 22 52\.4% 15 \+7/); // topics table: count, share, previous, change
    expect(page).toMatch(/Billing or payment 0 0% 2 -2/);
    expect(page).toMatch(/Order lookups 120 18 20 82%/);
    expect(html).not.toContain('<svg aria-label="chart"');
  });

  it("teaches what fills an empty period", () => {
    const empty = insightsReportFixture();
    empty.updatedAt = null;
    empty.pendingDays = 0;
    empty.support.volume = { value: 0, previous: 0 };
    empty.support.resolvedCount = { value: 0, previous: 3 };
    empty.support.topics = [];
    empty.support.topicSeries = [];
    empty.support.channels = [];
    empty.support.classifier = { reviewed: 0, correct: 0, accuracy: null, byTopic: [] };
    empty.csat = { ...empty.csat, responses: { value: 0, previous: 0 }, distribution: [0, 0, 0, 0, 0], byStaff: [] };
    empty.commerce.products = [];
    empty.commerce.returnReasons = [];
    empty.customers.cohorts = [];
    const page = text(render(empty));
    expect(page).toContain("No cases in this period");
    expect(page).toContain("try a longer period or clear the filters");
    expect(page).toContain("The figures are being built");
    expect(page).toContain("No satisfaction ratings in this period.");
    expect(page).toContain("No returns from orders placed in this period.");
    expect(page).toContain("No customer has contacted support in the last 12 months yet.");
    expect(page).toContain("No resolved cases with an automatic topic in this period.");
  });
});

describe("dashboard formatting", () => {
  it("formats business minutes as hours and minutes", () => {
    expect(formatDuration(135)).toBe("2 h 15 min");
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(180)).toBe("3 h");
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(89.6)).toBe("1 h 30 min");
    expect(formatDuration(null)).toBe("—");
    expect(formatRate(0.125)).toBe("12.5%");
  });

  it("colours a change by whether it is good for that figure", () => {
    expect(changeOf(90, 120, "duration", "lower")).toEqual({
      direction: "down",
      text: "25%",
      tone: "success",
      judgement: "better",
    });
    expect(changeOf(150, 120, "duration", "lower")).toMatchObject({ direction: "up", text: "25%", tone: "critical" });
    expect(changeOf(0.6, 0.5, "rate", "higher")).toMatchObject({ direction: "up", text: "10 pts", tone: "success" });
    expect(changeOf(12, 10, "count", "neutral")).toMatchObject({
      direction: "up",
      text: "20%",
      tone: "subdued",
      judgement: "",
    });
    expect(changeOf(5, 0, "count", "neutral")).toMatchObject({ direction: "up", text: "5" });
    expect(changeOf(10, 10, "count", "higher")).toMatchObject({ direction: "same" });
    expect(changeOf(10, null, "count", "higher")).toBeNull();
  });

  it("turns period presets into days in the shop's time zone", () => {
    expect(presetPeriod("last7", "2026-11-25")).toEqual({ from: "2026-11-19", to: "2026-11-25" });
    expect(presetPeriod("last30", "2026-03-01")).toEqual({ from: "2026-01-31", to: "2026-03-01" });
    expect(presetPeriod("last90", "2026-11-25")).toEqual({ from: "2026-08-28", to: "2026-11-25" });
    expect(presetPeriod("month", "2026-11-25")).toEqual({ from: "2026-11-01", to: "2026-11-25" });
    expect(presetOf({ from: "2026-10-27", to: "2026-11-25" }, "2026-11-25")).toBe("last30");
    expect(presetOf({ from: "2026-10-01", to: "2026-10-31" }, "2026-11-25")).toBe("custom");
    // 03:00 UTC on Nov 25 is still Nov 24 in New York.
    expect(todayIn("America/New_York", new Date("2026-11-25T03:00:00Z"))).toBe("2026-11-24");
    expect(todayIn("Not/AZone", new Date("2026-11-25T03:00:00Z"))).toBe("2026-11-25");
  });
});
