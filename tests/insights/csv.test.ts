import { describe, expect, it } from "vitest";
import { csvField, reportCsv, reportFileName, toCsv } from "../../app/insights/csv";
import { CSV_REPORTS, type CsvReport } from "../../app/insights/report-types";
import { insightsReportFixture } from "../fixtures/insights-report";

/** A small RFC 4180 reader, written apart from the writer: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r") {
      if (text[i + 1] !== "\n") throw new Error(`bare CR at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n") throw new Error(`bare LF outside quotes at ${i}`);
    else field += c;
  }
  if (quoted) throw new Error("unterminated quote");
  if (field !== "" || row.length) throw new Error("last record not ended by CRLF");
  return rows;
}

/** The parsed file as objects keyed by the header row (every row as long as the header). */
function records(name: CsvReport) {
  const [header, ...rows] = parseCsv(reportCsv(insightsReportFixture(), name));
  for (const row of rows) expect(row).toHaveLength(header.length);
  return { header, rows: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]]))) };
}

/** A number cell back as a number (empty = null). */
const num = (cell: string | undefined) => (cell === "" || cell === undefined ? null : Number(cell));

describe("reportCsv: each report matches the dashboard's numbers", () => {
  const report = insightsReportFixture();

  it("writes one parseable file with a header row for every report", () => {
    for (const name of CSV_REPORTS) {
      const text = reportCsv(report, name);
      expect(text.endsWith("\r\n"), name).toBe(true);
      const rows = parseCsv(text);
      expect(rows.length, name).toBeGreaterThanOrEqual(2);
      expect(
        rows[0].every((h) => /^[a-z0-9_]+$/.test(h)),
        `${name} header ${rows[0].join(",")}`
      ).toBe(true);
    }
  });

  it("summary: every headline figure and its previous value", () => {
    const { rows } = records("summary");
    const get = (metric: string) => rows.find((r) => r.metric === metric);
    expect(get("cases_created")).toMatchObject({
      unit: "count",
      value: "42",
      previous: "35",
      period_from: "2026-11-01",
      period_to: "2026-11-07",
      previous_from: "2026-10-25",
      previous_to: "2026-10-31",
    });
    expect(get("first_response_median")).toMatchObject({ unit: "business_minutes", value: "135", previous: "150" });
    expect(get("resolution_p90")).toMatchObject({ value: "4200", previous: "" });
    expect(get("revenue")).toMatchObject({ unit: "USD", value: "25410.50", previous: "23020.00" });
    expect(get("negative_sentiment_rate")).toMatchObject({ value: "0.1667", previous: "" });
    expect(get("csat_average")).toMatchObject({ value: "4.25", previous: "4.5" });
    expect(get("tickets_per_100_orders")).toMatchObject({ value: "10.5", previous: "9.2105" });
    expect(get("backlog_open_now")).toMatchObject({ value: "12", previous: "" });
    expect(get("classifier_accuracy")).toMatchObject({ value: "0.9" });
    expect(get("after_support_complete")).toMatchObject({ value: "no" });
    // Figure by figure against the report object.
    const figures = {
      first_touch_resolution_rate: report.support.firstTouchResolutionRate,
      reopen_rate: report.support.reopenRate,
      repeat_contact_rate: report.support.repeatContactRate,
      first_response_breach_rate: report.support.firstResponseBreachRate,
      resolution_breach_rate: report.support.resolutionBreachRate,
      self_service_resolution_rate: report.selfService.resolutionRate,
      refund_rate: report.commerce.refundRate,
      return_rate: report.commerce.returnRate,
      cancellation_rate: report.commerce.cancellationRate,
      dispute_rate: report.commerce.disputeRate,
      payment_failure_contacts: report.commerce.paymentFailureContacts,
      orders: report.commerce.orders,
    };
    for (const [metric, f] of Object.entries(figures)) {
      expect({ metric, value: num(get(metric)?.value), previous: num(get(metric)?.previous) }).toEqual({
        metric,
        ...f,
      });
    }
  });

  it("volume: created and resolved per day, and each topic's daily count", () => {
    const { header, rows } = records("volume");
    expect(header).toEqual([
      "day",
      "created",
      "resolved",
      "created_where_is_my_order",
      "created_return",
      "created_refund",
    ]);
    expect(rows.map((r) => [r.day, num(r.created), num(r.resolved)])).toEqual(
      report.support.volumeSeries.map((p) => [p.day, p.created, p.resolved])
    );
    expect(rows[1]).toEqual({
      day: "2026-11-02",
      created: "8",
      resolved: "6",
      created_where_is_my_order: "5",
      created_return: "0",
      created_refund: "3",
    });
    // Created equals the sum of its topics on every day of the fixture, and the column totals equal the topics table.
    for (const r of rows)
      expect(num(r.created_where_is_my_order)! + num(r.created_return)! + num(r.created_refund)!).toBe(num(r.created));
    expect(rows.reduce((sum, r) => sum + num(r.created_refund)!, 0)).toBe(10);
  });

  it("topics, channels and classifier: counts, previous, change, share", () => {
    const topics = records("topics").rows;
    expect(topics[0]).toEqual({
      topic: "WHERE_IS_MY_ORDER",
      label: "Where is my order",
      cases: "22",
      previous: "15",
      change: "7",
      share: "0.5238",
    });
    expect(topics[3]).toEqual({
      topic: "BILLING",
      label: "Billing or payment",
      cases: "0",
      previous: "2",
      change: "-2",
      share: "0",
    });
    expect(topics.map((r) => [r.topic, num(r.cases), num(r.previous), num(r.share)])).toEqual(
      report.support.topics.map((r) => [r.topic, r.count, r.previous, r.share])
    );
    expect(records("channels").rows).toEqual([
      { channel: "STOREFRONT", label: "Storefront form", cases: "25", previous: "20", change: "5" },
      { channel: "EMAIL", label: "Email", cases: "17", previous: "15", change: "2" },
    ]);
    const classifier = records("classifier").rows;
    expect(classifier.map((r) => [r.topic, num(r.reviewed), num(r.kept), num(r.accuracy)])).toEqual([
      ["WHERE_IS_MY_ORDER", 16, 16, 1],
      ["REFUND", 8, 6, 0.75],
      ["RETURN", 6, 5, 0.8333],
      ["ALL", 30, 27, 0.9],
    ]);
  });

  it("backlog, orders and self-service series", () => {
    expect(records("backlog").rows.map((r) => [r.day, num(r.open), num(r.pending)])).toEqual(
      report.support.backlog.series.map((p) => [p.day, p.open, p.pending])
    );
    expect(
      records("orders").rows.map((r) => [r.day, num(r.orders), num(r.refunded_orders), num(r.returned_orders)])
    ).toEqual(report.commerce.series.map((p) => [p.day, p.orders, p.refundedOrders, p.returnedOrders]));
    expect(records("self-service").rows).toEqual([
      {
        kind: "ORDER_LOOKUP",
        label: "Order lookups",
        events: "120",
        followed_up: "18",
        pending: "20",
        resolution_rate: "0.82",
      },
      {
        kind: "RETURN_REQUESTED",
        label: "Return requests",
        events: "14",
        followed_up: "4",
        pending: "2",
        resolution_rate: "0.6667",
      },
      {
        kind: "ARTICLE_VIEW",
        label: "Help article views",
        events: "60",
        followed_up: "6",
        pending: "10",
        resolution_rate: "0.88",
      },
    ]);
  });

  it("csat distribution, staff, products, return reasons and cohorts", () => {
    // 20 ratings: 1, 1, 2, 5, 11 → shares 0.05, 0.05, 0.1, 0.25, 0.55.
    expect(records("csat").rows.map((r) => [num(r.score), num(r.ratings), num(r.share)])).toEqual([
      [1, 1, 0.05],
      [2, 1, 0.05],
      [3, 2, 0.1],
      [4, 5, 0.25],
      [5, 11, 0.55],
    ]);
    const staff = records("staff").rows;
    expect(staff.map((r) => [num(r.ratings), num(r.average), num(r.satisfied_rate)])).toEqual(
      report.csat.byStaff.map((r) => [r.responses, r.average, r.satisfiedRate])
    );
    expect(staff[2].staff_id).toBe("");
    const products = records("products").rows;
    expect(products[0]).toEqual({
      product_key: "8123456789",
      title: "Linen shirt, navy",
      sold: "80",
      returned: "6",
      refunded: "4",
      return_rate: "0.075",
      refund_rate: "0.05",
    });
    expect(products.map((r) => [num(r.sold), num(r.returned), num(r.refunded)])).toEqual(
      report.commerce.products.map((r) => [r.sold, r.returned, r.refunded])
    );
    expect(records("return-reasons").rows.map((r) => [num(r.units), num(r.share)])).toEqual([
      [7, 0.4375],
      [5, 0.3125],
      [4, 0.25],
    ]);
    const cohorts = records("cohorts");
    expect(cohorts.header).toEqual([
      "month",
      "customers",
      "revenue_after",
      ...[1, 2, 3, 4, 5, 6].map((k) => `retained_month_${k}`),
    ]);
    expect(cohorts.rows[0]).toEqual({
      month: "2026-09",
      customers: "40",
      revenue_after: "3200.00",
      retained_month_1: "0.25",
      retained_month_2: "0.15",
      retained_month_3: "",
      retained_month_4: "",
      retained_month_5: "",
      retained_month_6: "",
    });
  });
});

describe("CSV quoting and the formula guard", () => {
  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(
      toCsv([
        ["a", "b,c"],
        ['say "hi"', "two\nlines"],
      ])
    ).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n');
    const text = reportCsv(insightsReportFixture(), "return-reasons");
    expect(text).toContain('"Arrived late, ""box"" crushed",5,0.3125\r\n');
  });

  it("prefixes text a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+gift wrap")).toBe("'+gift wrap");
    expect(csvField("-cmd|' /C calc'!A0")).toBe("'-cmd|' /C calc'!A0");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("a=1")).toBe("a=1");
    expect(csvField(-2)).toBe("-2");
    expect(csvField("-12.50")).toBe("-12.50");
    expect(csvField(null)).toBe("");
    expect(csvField(0.1 + 0.2)).toBe("0.3");

    const staff = parseCsv(reportCsv(insightsReportFixture(), "staff"));
    expect(staff[2][1]).toBe('\'=HYPERLINK("http://evil.example","Bo")');
    const products = parseCsv(reportCsv(insightsReportFixture(), "products"));
    expect(products.map((r) => r[1])).toEqual(["title", "Linen shirt, navy", "'+gift wrap", "'@home slippers"]);
    expect(products[2][0]).toBe("title:+gift wrap");
    const reasons = parseCsv(reportCsv(insightsReportFixture(), "return-reasons"));
    expect(reasons[3][0]).toBe("'-1 star, broken\non arrival");
  });

  it("names the file after the report and the period", () => {
    expect(reportFileName(insightsReportFixture(), "topics")).toBe("insights-topics-2026-11-01_2026-11-07.csv");
  });
});
