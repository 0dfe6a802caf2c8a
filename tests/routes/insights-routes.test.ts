import { beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { reportCsv } from "../../app/insights/csv";
import { CSV_REPORTS } from "../../app/insights/report-types";
import { rebuildShopInsights } from "../../app/insights/rollup/run.server";
import Home, { loader as homeLoader } from "../../app/routes/app._index";
import Insights, { loader } from "../../app/routes/app.insights._index";
import { loader as exportLoader } from "../../app/routes/app.insights.export.$report";
import { loader as retentionLoader } from "../../app/routes/app.insights.retention";
import { createTestCase } from "../helpers/builders";
import { renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

// The shops are in UTC (createInstalledShop): the last 7 days are today and the 6 days before, in UTC.
const now = new Date();
const today = utcDay(now);
const weekAgo = utcDay(new Date(now.getTime() - 6 * DAY));
const week = `from=${weekAgo}&to=${today}`;

let shop: TestShop;

beforeAll(async () => {
  shop = await createInstalledShop();
  const other = await createInstalledShop();
  // Wall-clock minutes, so the durations below are what the page shows (business hours have their own tests).
  await db.shop.update({ where: { id: shop.shopId }, data: { settings: { sla: { businessHoursOnly: false } } } });
  // Three cases two days ago, answered after 30, 135 and 240 minutes: median 135 min = "2 h 15 min".
  const created = new Date(now.getTime() - 2 * DAY);
  for (const [i, minutes] of [30, 135, 240].entries()) {
    await createTestCase(shop.shopId, {
      createdAt: new Date(created.getTime() + i * MIN),
      firstResponseAt: new Date(created.getTime() + i * MIN + minutes * MIN),
      topic: i === 2 ? "REFUND" : "WHERE_IS_MY_ORDER",
      customerEmail: `insights-${i}@example.com`,
    });
  }
  // Another shop's cases never count.
  for (let i = 0; i < 4; i++)
    await createTestCase(other.shopId, { createdAt: created, customerEmail: `other-${i}@example.com` });
  await rebuildShopInsights(shop.shopId);
  await rebuildShopInsights(other.shopId);
});

describe("insights dashboard route", () => {
  it("renders the key figures of the seeded shop for the chosen period", async () => {
    const url = `/app/insights?${week}`;
    const response = await loader(args(await embeddedRequest(url, shop)));
    expect(response.status).toBe(200);
    const data = await response.clone().json();
    expect(data.report.query.period).toEqual({ from: weekAgo, to: today });
    expect(data.report.support.volume.value).toBe(3);
    expect(data.report.support.firstResponse.median).toBe(135);
    expect(data.team).toEqual([{ id: shop.staffId, name: "Ada Agent" }]);

    const html = await renderRoute(url, Insights, response);
    expect(html).toContain("2 h 15 min");
    expect(html).toContain("Where is my order");
    expect(html).toContain("Refund");
    expect(html).toContain(`href="/app/insights/export/topics?from=${weekAgo}&amp;to=${today}"`);
    expect(html).toContain("Figures updated");
  });

  it("teaches what an empty period means", async () => {
    const quiet = `from=2025-01-01&to=2025-01-31`;
    const html = await renderRoute(
      `/app/insights?${quiet}`,
      Insights,
      await loader(args(await embeddedRequest(`/app/insights?${quiet}`, shop)))
    );
    expect(html).toContain("No cases in this period");
  });

  it("answers a bad period or filter with a 400 and a message, never a 500", async () => {
    for (const [query, message] of [
      ["from=2026-02-31", /from: use a date such as/],
      [`from=${today}&to=${weekAgo}`, /ends .* before it starts/],
      ["channel=FAX", /channel must be one of/],
      ["assignee=someone", /assignee must be/],
      ["from=2024-01-01&to=2025-12-31", /at most 366 days/],
    ] as const) {
      const thrown = await loader(args(await embeddedRequest(`/app/insights?${query}`, shop))).catch((e: unknown) => e);
      expect(thrown, query).toBeInstanceOf(Response);
      expect((thrown as Response).status, query).toBe(400);
      expect((await (thrown as Response).json()).error.message, query).toMatch(message);
    }
  });

  it("is linked from the home page", async () => {
    const html = await renderRoute("/app", Home, await homeLoader(args(await embeddedRequest("/app", shop))));
    expect(html).toMatch(/<a[^>]*href="\/app\/insights"[^>]*>.*View insights/s);
  });

  it("refuses a request without a session token", async () => {
    const request = new Request("https://casefile.test/app/insights", {
      headers: { authorization: "Bearer not-a-jwt" },
    });
    await expect(loader(args(request))).rejects.toSatisfy((r: unknown) => r instanceof Response && r.status === 401);
  });
});

describe("insights CSV export route", () => {
  it("downloads a report as CSV with the same figures as the page", async () => {
    const response = await exportLoader(
      args(await embeddedRequest(`/app/insights/export/topics?${week}`, shop), { report: "topics" })
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="insights-topics-${weekAgo}_${today}.csv"`
    );
    // A UTF-8 byte order mark first (spreadsheet apps), which a UTF-8 reader drops.
    expect([...new Uint8Array(await response.clone().arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = await response.text();
    expect(body.startsWith("topic,label,cases,previous,change,share\r\n")).toBe(true);
    // 2 of 3 cases about where the order is, 1 about a refund; none the week before.
    expect(body).toContain("WHERE_IS_MY_ORDER,Where is my order,2,0,2,0.666667\r\n");
    expect(body).toContain("REFUND,Refund,1,0,1,0.333333\r\n");

    const summary = await (
      await exportLoader(
        args(await embeddedRequest(`/app/insights/export/summary?${week}`, shop), { report: "summary" })
      )
    ).text();
    expect(summary).toContain(`first_response_median,business_minutes,135,,${weekAgo},${today},`);
    expect(summary).toContain(`cases_created,count,3,0,${weekAgo},${today},`);
  });

  it("serves, for every report, exactly the CSV of the report the page shows for the same query", async () => {
    const query = `${week}&topic=WHERE_IS_MY_ORDER`;
    const page = await (await loader(args(await embeddedRequest(`/app/insights?${query}`, shop)))).json();
    expect(page.report.support.volume.value).toBe(2);
    // The page's retention card loads its figure apart; the export holds it like the card shows it.
    expect(page.report.payments.retentionAfterContact).toBeNull();
    const card = await retentionLoader(args(await embeddedRequest(`/app/insights/retention?${query}`, shop)));
    page.report.payments.retentionAfterContact = (await card.json()).retention;
    for (const name of CSV_REPORTS) {
      const response = await exportLoader(
        args(await embeddedRequest(`/app/insights/export/${name}?${query}`, shop), { report: name })
      );
      expect(response.status, name).toBe(200);
      expect(await response.text(), name).toBe(reportCsv(page.report, name));
    }
  });

  it("answers an unknown report with a 404 and a bad period with a 400", async () => {
    const unknown = await exportLoader(
      args(await embeddedRequest(`/app/insights/export/everything?${week}`, shop), { report: "everything" })
    );
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(
      /no insights report named “everything”.*summary, volume, topics/
    );

    const bad = await exportLoader(
      args(await embeddedRequest(`/app/insights/export/volume?from=yesterday`, shop), { report: "volume" })
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/from: use a date such as/);
  });
});
