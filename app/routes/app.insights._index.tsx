import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { Banner, BlockStack, InlineStack, Layout, Page, SkeletonBodyText, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { requireStaff } from "../auth/staff.server";
import { inboxOptions } from "../cases/inbox.server";
import { ChartCard, DataTableOf } from "../components/insights/ChartCard";
import { CategoryBarChart, DayBarChart, DayLineChart, type DataSeries } from "../components/insights/lazy-charts";
import { DownloadLink } from "../components/insights/DownloadLink";
import { Figure, FigureCard } from "../components/insights/FigureCard";
import { FilterBar } from "../components/insights/FilterBar";
import {
  formatCount,
  formatDay,
  formatDuration,
  formatInstant,
  formatMoney,
  formatMonth,
  formatRate,
  todayIn,
} from "../components/insights/format";
import { humanise } from "../components/case/format";
import { disputeReasonLabel } from "../disputes/dispute-text";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { appErrorsAsResponses } from "../errors.server";
import { getInsightsReport, parseInsightsQuery } from "../insights/report.server";
import type { CsvReport, Figure as FigureValue, InsightsReport, RetentionReport } from "../insights/report-types";
import { RETENTION_WINDOW_DAYS } from "../insights/retention-window";
import { t, type MessageKey } from "../i18n/en";

export const meta: MetaFunction = () => [{ title: t("insights.title") }];

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

/** GET /app/insights?from=2026-11-01&to=2026-11-30&channel=EMAIL&topic=REFUND&assignee=<staff id|unassigned> */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return appErrorsAsResponses(async () => {
    const url = new URL(request.url);
    const today = todayIn(shop.ianaTimezone);
    const query = parseInsightsQuery(url.searchParams, shop.ianaTimezone, today);
    // Retention after a support contact is loaded by its card (GET /app/insights/retention): it reads the period's
    // cases and orders, the rest of the page reads rollups.
    const [report, options] = await Promise.all([getInsightsReport(shop.id, query, undefined, { retention: false }), inboxOptions(shop.id)]);
    return json({ report, today, team: options.team });
  });
};

const topicLabel = (topic: string) => t(`topic.${topic}` as MessageKey);
const channelLabel = (channel: string) => t(`inbox.channel.${channel}` as MessageKey);
const kindLabel = (kind: string) => t(`insights.kind.${kind}` as MessageKey);
/** Shopify's return reason codes (SIZE_TOO_SMALL) in words; a merchant's own text as written. */
const reasonLabel = (reason: string) => (/^[A-Z_]+$/.test(reason) ? humanise(reason) : reason);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** The report's own query as a query string: every download is for exactly the days and filters on screen. */
function querySearch({ period, filters }: InsightsReport["query"]): string {
  const params = new URLSearchParams({ from: period.from, to: period.to });
  for (const key of ["channel", "topic", "assignee"] as const) if (filters[key]) params.set(key, filters[key]);
  return params.toString();
}
const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : formatCount(n));
const money = (amount: string) => (amount === "" ? null : Number(amount));

function rateFigure(label: string, f: FigureValue, better: "higher" | "lower" | "neutral") {
  return (
    <Figure
      label={label}
      value={formatRate(f.value)}
      current={f.value}
      previous={f.previous}
      previousText={formatRate(f.previous)}
      kind="rate"
      better={better}
    />
  );
}

function countFigure(label: string, f: FigureValue, better: "higher" | "lower" | "neutral" = "neutral", digits = 0) {
  return (
    <Figure
      label={label}
      value={formatCount(f.value, digits)}
      current={f.value}
      previous={f.previous}
      previousText={formatCount(f.previous, digits)}
      kind="count"
      better={better}
    />
  );
}

/** The topic series as one bar series per topic (every day present, zeros where a topic had none). */
function topicChartData(report: InsightsReport): { series: DataSeries[]; topics: string[] } {
  const days = report.support.volumeSeries.map((p) => p.day);
  const topics: string[] = [];
  const counts = new Map<string, number>();
  for (const p of report.support.topicSeries) {
    if (!topics.includes(p.topic)) topics.push(p.topic);
    counts.set(`${p.day}|${p.topic}`, (counts.get(`${p.day}|${p.topic}`) ?? 0) + p.count);
  }
  return {
    topics,
    series: topics.map((topic) => ({
      name: topicLabel(topic),
      data: days.map((day) => ({ key: day, value: counts.get(`${day}|${topic}`) ?? 0 })),
    })),
  };
}

/**
 * "Retention after a support contact": loaded after the page from /app/insights/retention (for the period on screen),
 * a skeleton until then; `preloaded` when the report already holds it.
 */
function RetentionCard({ search, preloaded, action }: { search: string; preloaded: RetentionReport | null; action: ReactNode }) {
  const fetcher = useFetcher<{ retention: RetentionReport } | { error: { message: string } }>();
  const { load } = fetcher;
  useEffect(() => {
    if (!preloaded) load(`/app/insights/retention?${search}`);
  }, [load, preloaded, search]);
  const data = fetcher.data;
  const retention = preloaded ?? (data && "retention" in data && fetcher.state === "idle" ? data.retention : null);
  const windowDays = retention?.windowDays ?? RETENTION_WINDOW_DAYS;
  return (
    <FigureCard title={t("insights.payments.retention")} help={t("insights.payments.retention.help", { days: windowDays })} action={action}>
      {retention ? (
        (["contacted", "notContacted"] as const).map((group) => (
          <Figure
            key={group}
            label={t(`insights.payments.retention.${group}`)}
            value={formatRate(retention[group].rate)}
            note={[
              t("insights.payments.retention.note", {
                retained: formatCount(retention[group].retained),
                customers: formatCount(retention[group].customers),
              }),
              retention[group].pending > 0
                ? t("insights.payments.retention.pending", { count: formatCount(retention[group].pending), days: windowDays })
                : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          />
        ))
      ) : data && "error" in data ? (
        <Text as="p" tone="critical">
          {data.error.message}
        </Text>
      ) : (
        <div role="status" aria-label={t("insights.payments.retention.loading")}>
          <SkeletonBodyText lines={2} />
        </div>
      )}
    </FigureCard>
  );
}

function Dashboard({
  report,
  today,
  team,
}: {
  report: InsightsReport;
  today: string;
  team: { id: string; name: string }[];
}) {
  const { support, selfService, csat, commerce, customers, payments, nps } = report;
  const { period, previous, filters } = report.query;
  const search = querySearch(report.query);
  const download = (name: CsvReport) => <DownloadLink report={name} search={search} />;
  const noCases = (support.volume.value ?? 0) === 0 && (support.resolvedCount.value ?? 0) === 0;
  const topicChart = topicChartData(report);
  const csatTotal = csat.distribution.reduce((a, b) => a + b, 0);
  const npsTotal = nps.distribution.reduce((a, b) => a + b, 0);
  const afterSupport = customers.afterSupport;
  const repeat = customers.repeatPurchase;
  const cohortMonths = Math.max(0, ...customers.cohorts.map((c) => c.retained.length));

  return (
    <Layout>
      <Layout.Section>
        <FilterBar period={period} today={today} filters={filters} team={team} />
      </Layout.Section>

      {noCases ? (
        <Layout.Section>
          <Banner tone="info" title={t("insights.empty.casesTitle")}>
            <p>{t("insights.empty.cases")}</p>
          </Banner>
        </Layout.Section>
      ) : null}

      <Layout.Section>
        <FigureCard
          title={t("insights.section.support")}
          help={t("insights.section.support.help")}
          action={download("summary")}
        >
          {countFigure(t("insights.figure.volume"), support.volume)}
          {countFigure(t("insights.figure.resolved"), support.resolvedCount)}
          <Figure
            label={t("insights.figure.firstResponseMedian")}
            value={formatDuration(support.firstResponse.median)}
            current={support.firstResponse.median}
            previous={support.firstResponse.previousMedian}
            previousText={formatDuration(support.firstResponse.previousMedian)}
            kind="duration"
            better="lower"
            note={t("insights.figure.overCases", { count: formatCount(support.firstResponse.count) })}
          />
          <Figure
            label={t("insights.figure.firstResponseP90")}
            value={formatDuration(support.firstResponse.p90)}
            current={support.firstResponse.p90}
            previous={support.firstResponse.previousP90}
            previousText={formatDuration(support.firstResponse.previousP90)}
            kind="duration"
            better="lower"
          />
          <Figure
            label={t("insights.figure.resolutionMedian")}
            value={formatDuration(support.resolution.median)}
            current={support.resolution.median}
            previous={support.resolution.previousMedian}
            previousText={formatDuration(support.resolution.previousMedian)}
            kind="duration"
            better="lower"
            note={
              support.resolution.count === 0
                ? t("insights.empty.resolved")
                : t("insights.figure.overCases", { count: formatCount(support.resolution.count) })
            }
          />
          <Figure
            label={t("insights.figure.resolutionP90")}
            value={formatDuration(support.resolution.p90)}
            current={support.resolution.p90}
            previous={support.resolution.previousP90}
            previousText={formatDuration(support.resolution.previousP90)}
            kind="duration"
            better="lower"
          />
        </FigureCard>
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.section.volume")}
          action={download("volume")}
          empty={noCases ? t("insights.empty.volume") : null}
          chart={() => (
            <DayLineChart
              data={[
                {
                  name: t("insights.series.created"),
                  data: support.volumeSeries.map((p) => ({ key: p.day, value: p.created })),
                },
                {
                  name: t("insights.series.resolved"),
                  data: support.volumeSeries.map((p) => ({ key: p.day, value: p.resolved })),
                },
              ]}
            />
          )}
          table={{
            headings: [t("insights.column.day"), t("insights.column.created"), t("insights.column.resolved")],
            rows: support.volumeSeries.map((p) => [formatDay(p.day), p.created, p.resolved]),
          }}
        />
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.section.topics")}
          action={download("topics")}
          empty={support.topics.length === 0 ? t("insights.empty.topics") : null}
          chart={topicChart.topics.length ? () => <DayBarChart data={topicChart.series} stacked /> : undefined}
          table={{
            headings: [t("insights.column.day"), ...topicChart.topics.map(topicLabel)],
            rows: support.volumeSeries.map((p, i) => [
              formatDay(p.day),
              ...topicChart.series.map((s) => s.data[i].value ?? 0),
            ]),
          }}
        >
          <DataTableOf
            table={{
              headings: [
                t("insights.column.topic"),
                t("insights.column.cases"),
                t("insights.column.share"),
                t("insights.column.previous"),
                t("insights.column.change"),
              ],
              rows: support.topics.map((r) => [
                topicLabel(r.topic),
                formatCount(r.count),
                formatRate(r.share),
                formatCount(r.previous),
                signed(r.count - r.previous),
              ]),
            }}
          />
        </ChartCard>
      </Layout.Section>

      <Layout.Section variant="oneHalf">
        <ChartCard
          title={t("insights.section.channels")}
          action={download("channels")}
          empty={support.channels.length === 0 ? t("insights.empty.volume") : null}
          table={{
            headings: [
              t("insights.column.channel"),
              t("insights.column.cases"),
              t("insights.column.previous"),
              t("insights.column.change"),
            ],
            rows: support.channels.map((r) => [
              channelLabel(r.channel),
              formatCount(r.count),
              formatCount(r.previous),
              signed(r.count - r.previous),
            ]),
          }}
        />
      </Layout.Section>

      <Layout.Section variant="oneHalf">
        <ChartCard
          title={t("insights.section.backlog")}
          action={download("backlog")}
          empty={support.backlog.series.length === 0 ? t("insights.empty.backlog") : null}
          chart={() => (
            <DayLineChart
              data={[
                {
                  name: t("insights.series.open"),
                  data: support.backlog.series.map((p) => ({ key: p.day, value: p.open })),
                },
                {
                  name: t("insights.series.pending"),
                  data: support.backlog.series.map((p) => ({ key: p.day, value: p.pending })),
                },
              ]}
            />
          )}
          chartHeight={200}
          table={{
            headings: [t("insights.column.day"), t("insights.column.open"), t("insights.column.pendingCases")],
            rows: support.backlog.series.map((p) => [formatDay(p.day), p.open, p.pending]),
          }}
        >
          <InlineStack gap="800">
            <Figure label={t("insights.figure.backlogOpen")} value={formatCount(support.backlog.open)} />
            <Figure label={t("insights.figure.backlogPending")} value={formatCount(support.backlog.pending)} />
          </InlineStack>
        </ChartCard>
      </Layout.Section>

      <Layout.Section>
        <FigureCard title={t("insights.section.quality")} action={download("summary")}>
          {rateFigure(t("insights.figure.firstTouch"), support.firstTouchResolutionRate, "higher")}
          {rateFigure(t("insights.figure.reopen"), support.reopenRate, "lower")}
          {rateFigure(t("insights.figure.repeatContact"), support.repeatContactRate, "lower")}
          {rateFigure(t("insights.figure.firstResponseBreach"), support.firstResponseBreachRate, "lower")}
          {rateFigure(t("insights.figure.resolutionBreach"), support.resolutionBreachRate, "lower")}
          {rateFigure(t("insights.figure.urgent"), support.urgentRate, "neutral")}
          {rateFigure(t("insights.figure.negative"), support.negativeRate, "lower")}
        </FigureCard>
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.section.selfService")}
          help={t("insights.section.selfService.help")}
          action={download("self-service")}
          empty={selfService.byKind.every((r) => r.events === 0) ? t("insights.empty.selfService") : null}
          chart={() => (
            <CategoryBarChart
              rates
              horizontal
              data={[
                {
                  name: t("insights.series.rate"),
                  data: selfService.byKind.map((r) => ({ key: kindLabel(r.kind), value: r.resolutionRate })),
                },
              ]}
            />
          )}
          chartHeight={220}
          table={{
            headings: [
              t("insights.column.kind"),
              t("insights.column.events"),
              t("insights.column.followedUp"),
              t("insights.column.pending"),
              t("insights.column.rate"),
            ],
            rows: selfService.byKind.map((r) => [
              kindLabel(r.kind),
              formatCount(r.events),
              formatCount(r.followedUp),
              formatCount(r.pending),
              formatRate(r.resolutionRate),
            ]),
          }}
        >
          {rateFigure(t("insights.figure.selfService"), selfService.resolutionRate, "higher")}
        </ChartCard>
      </Layout.Section>

      <Layout.Section variant="oneHalf">
        <ChartCard
          title={t("insights.section.csat")}
          action={download("csat")}
          empty={csatTotal === 0 && (csat.responses.value ?? 0) === 0 ? t("insights.empty.csat") : null}
          chart={() => (
            <CategoryBarChart
              data={[
                {
                  name: t("insights.series.ratings"),
                  data: csat.distribution.map((count, i) => ({ key: `${i + 1} ★`, value: count })),
                },
              ]}
            />
          )}
          chartHeight={200}
          table={{
            headings: [t("insights.column.score"), t("insights.column.ratings"), t("insights.column.share")],
            rows: csat.distribution.map((count, i) => [
              String(i + 1),
              formatCount(count),
              formatRate(csatTotal ? count / csatTotal : null),
            ]),
          }}
        >
          <InlineStack gap="800" wrap>
            <Figure
              label={t("insights.figure.csatAverage")}
              value={formatCount(csat.average.value, 2)}
              current={csat.average.value}
              previous={csat.average.previous}
              previousText={formatCount(csat.average.previous, 2)}
              kind="score"
              better="higher"
            />
            {countFigure(t("insights.figure.csatResponses"), csat.responses)}
            {rateFigure(t("insights.figure.csatSatisfied"), csat.satisfiedRate, "higher")}
          </InlineStack>
        </ChartCard>
      </Layout.Section>

      <Layout.Section variant="oneHalf">
        <ChartCard
          title={t("insights.report.staff")}
          action={download("staff")}
          empty={csat.byStaff.length === 0 ? t("insights.empty.csat") : null}
          table={{
            headings: [
              t("insights.column.staff"),
              t("insights.column.ratings"),
              t("insights.column.average"),
              t("insights.column.satisfied"),
            ],
            rows: csat.byStaff.map((r) => [
              r.name,
              formatCount(r.responses),
              formatCount(r.average, 2),
              formatRate(r.satisfiedRate),
            ]),
          }}
        />
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.nps.section")}
          help={t("insights.nps.section.help")}
          action={download("nps")}
          empty={(nps.responses.value ?? 0) === 0 ? t("insights.nps.empty") : null}
          chart={() => (
            <CategoryBarChart
              data={[
                {
                  name: t("insights.nps.responses"),
                  data: nps.distribution.map((count, score) => ({ key: String(score), value: count })),
                },
              ]}
            />
          )}
          chartHeight={200}
          table={{
            headings: [t("insights.nps.column.score"), t("insights.nps.column.answers"), t("insights.column.share")],
            rows: nps.distribution.map((count, score) => [String(score), formatCount(count), formatRate(npsTotal ? count / npsTotal : null)]),
          }}
        >
          <InlineStack gap="800" wrap>
            <Figure
              label={t("insights.nps.score")}
              value={formatCount(nps.score.value, 0)}
              current={nps.score.value}
              previous={nps.score.previous}
              previousText={formatCount(nps.score.previous, 0)}
              kind="score"
              better="higher"
              note={t("insights.nps.groups", {
                promoters: formatCount(nps.promoters),
                passives: formatCount(nps.passives),
                detractors: formatCount(nps.detractors),
              })}
            />
            {countFigure(t("insights.nps.responses"), nps.responses)}
            {rateFigure(t("insights.nps.responseRate"), nps.responseRate, "higher")}
          </InlineStack>
        </ChartCard>
      </Layout.Section>

      <Layout.Section>
        <FigureCard
          title={t("insights.section.commerce")}
          help={t("insights.section.commerce.help")}
          action={download("summary")}
        >
          {countFigure(t("insights.figure.orders"), commerce.orders)}
          <Figure
            label={t("insights.figure.revenue")}
            value={formatMoney(commerce.revenue.value, commerce.revenue.currencyCode)}
            current={money(commerce.revenue.value)}
            previous={money(commerce.revenue.previous)}
            previousText={formatMoney(commerce.revenue.previous, commerce.revenue.currencyCode)}
            kind="money"
            better="higher"
          />
          {countFigure(t("insights.figure.ticketsPer100"), commerce.ticketsPer100Orders, "lower", 1)}
          {countFigure(t("insights.figure.paymentFailures"), commerce.paymentFailureContacts, "lower")}
          {rateFigure(t("insights.figure.refundRate"), commerce.refundRate, "lower")}
          <Figure
            label={t("insights.figure.refundAmount")}
            value={formatMoney(commerce.refundAmount.value, commerce.refundAmount.currencyCode)}
            current={money(commerce.refundAmount.value)}
            previous={money(commerce.refundAmount.previous)}
            previousText={formatMoney(commerce.refundAmount.previous, commerce.refundAmount.currencyCode)}
            kind="money"
            better="lower"
          />
          {rateFigure(t("insights.figure.returnRate"), commerce.returnRate, "lower")}
          {rateFigure(t("insights.figure.cancellationRate"), commerce.cancellationRate, "lower")}
          {rateFigure(t("insights.figure.disputeRate"), commerce.disputeRate, "lower")}
        </FigureCard>
      </Layout.Section>

      <Layout.Section>
        <FigureCard
          title={t("insights.payments.section")}
          help={t("insights.payments.section.help")}
          action={download("payments")}
        >
          {countFigure(t("insights.payments.disputes"), payments.disputes, "lower")}
          <Figure
            label={t("insights.payments.disputeAmount")}
            value={formatMoney(payments.disputeAmount.value, payments.disputeAmount.currencyCode)}
            current={money(payments.disputeAmount.value)}
            previous={money(payments.disputeAmount.previous)}
            previousText={formatMoney(payments.disputeAmount.previous, payments.disputeAmount.currencyCode)}
            kind="money"
            better="lower"
            note={
              payments.disputeAmountOtherCurrencies.length > 0
                ? t("insights.payments.disputeAmount.other", {
                    currency: payments.disputeAmount.currencyCode,
                    amounts: payments.disputeAmountOtherCurrencies.map((o) => formatMoney(o.amount, o.currencyCode)).join(", "),
                  })
                : null
            }
          />
          {countFigure(t("insights.payments.disputesPer100"), payments.disputesPer100Orders, "lower", 2)}
          {countFigure(t("insights.payments.billingContacts"), payments.billingContacts, "lower")}
          {countFigure(t("insights.payments.billingContactsPer100"), payments.billingContactsPer100Orders, "lower", 2)}
        </FigureCard>
      </Layout.Section>

      <Layout.Section variant="oneHalf">
        <ChartCard
          title={t("insights.payments.reasons")}
          action={download("dispute-reasons")}
          empty={payments.disputeReasons.length === 0 ? t("insights.payments.reasons.empty") : null}
          table={{
            headings: [
              t("insights.payments.column.reason"),
              t("insights.payments.column.disputes"),
              t("insights.payments.column.per100"),
              t("insights.payments.column.amount", { currency: report.currencyCode }),
              t("insights.payments.column.share"),
            ],
            rows: payments.disputeReasons.map((r) => [
              capitalise(disputeReasonLabel(r.reason)),
              formatCount(r.count),
              formatCount(r.per100Orders, 2),
              formatMoney(r.amount, report.currencyCode),
              formatRate(r.share),
            ]),
          }}
        />
      </Layout.Section>

      <Layout.Section variant="oneHalf">
        <FigureCard
          title={t("insights.payments.subscriptions")}
          help={t("insights.payments.subscriptions.help")}
          action={download("payments")}
        >
          {payments.hasSubscriptions ? (
            <>
              {countFigure(t("insights.payments.failed"), payments.paymentRecovery.failed, "lower")}
              {countFigure(t("insights.payments.recovered"), payments.paymentRecovery.recovered, "higher")}
              {rateFigure(t("insights.payments.recoveryRate"), payments.paymentRecovery.rate, "higher")}
              {countFigure(t("insights.payments.activeAtStart"), payments.subscriptionCancellation.activeAtStart)}
              {countFigure(t("insights.payments.started"), payments.subscriptionCancellation.started)}
              {countFigure(t("insights.payments.cancelled"), payments.subscriptionCancellation.cancelled, "lower")}
              {rateFigure(t("insights.payments.cancellationRate"), payments.subscriptionCancellation.rate, "lower")}
            </>
          ) : (
            <Text as="p" tone="subdued">
              {t("insights.payments.subscriptions.none")}
            </Text>
          )}
        </FigureCard>
      </Layout.Section>

      <Layout.Section>
        <RetentionCard search={search} preloaded={payments.retentionAfterContact} action={download("payments")} />
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.report.orders")}
          action={download("orders")}
          empty={(commerce.orders.value ?? 0) === 0 ? t("insights.empty.orders") : null}
          chart={() => (
            <DayLineChart
              data={[
                {
                  name: t("insights.series.orders"),
                  data: commerce.series.map((p) => ({ key: p.day, value: p.orders })),
                },
                {
                  name: t("insights.series.refunded"),
                  data: commerce.series.map((p) => ({ key: p.day, value: p.refundedOrders })),
                },
                {
                  name: t("insights.series.returned"),
                  data: commerce.series.map((p) => ({ key: p.day, value: p.returnedOrders })),
                },
              ]}
            />
          )}
          table={{
            headings: [
              t("insights.column.day"),
              t("insights.column.orders"),
              t("insights.column.refundedOrders"),
              t("insights.column.returnedOrders"),
            ],
            rows: commerce.series.map((p) => [formatDay(p.day), p.orders, p.refundedOrders, p.returnedOrders]),
          }}
        />
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.section.products")}
          action={download("products")}
          empty={commerce.products.length === 0 ? t("insights.empty.products") : null}
          table={{
            headings: [
              t("insights.column.product"),
              t("insights.column.sold"),
              t("insights.column.returned"),
              t("insights.column.refunded"),
              t("insights.column.returnRate"),
              t("insights.column.refundRate"),
            ],
            rows: commerce.products.map((r) => [
              r.title,
              formatCount(r.sold),
              formatCount(r.returned),
              formatCount(r.refunded),
              formatRate(r.returnRate),
              formatRate(r.refundRate),
            ]),
          }}
        />
      </Layout.Section>

      <Layout.Section variant="oneThird">
        <ChartCard
          title={t("insights.section.returnReasons")}
          action={download("return-reasons")}
          empty={commerce.returnReasons.length === 0 ? t("insights.empty.returnReasons") : null}
          table={{
            headings: [t("insights.column.reason"), t("insights.column.quantity"), t("insights.column.share")],
            rows: commerce.returnReasons.map((r) => [
              reasonLabel(r.reason),
              formatCount(r.quantity),
              formatRate(r.share),
            ]),
          }}
        />
      </Layout.Section>

      <Layout.Section>
        <FigureCard title={t("insights.section.customers")} action={download("summary")}>
          <Figure label={t("insights.figure.resolvedCustomers")} value={formatCount(afterSupport.resolvedCustomers)} />
          <Figure
            label={t("insights.figure.reorderRate")}
            value={formatRate(afterSupport.reorderRate)}
            note={afterSupport.complete ? undefined : t("insights.figure.afterIncomplete")}
          />
          <Figure label={t("insights.figure.ordersAfter")} value={formatCount(afterSupport.ordersAfter)} />
          <Figure
            label={t("insights.figure.revenueAfter")}
            value={formatMoney(afterSupport.revenueAfter, afterSupport.currencyCode || report.currencyCode)}
          />
          <Figure
            label={t("insights.figure.repeatContacted")}
            value={formatRate(repeat.contacted.rate)}
            note={t("insights.figure.buyers", {
              repeat: formatCount(repeat.contacted.repeatBuyers),
              buyers: formatCount(repeat.contacted.buyers),
            })}
          />
          <Figure
            label={t("insights.figure.repeatNotContacted")}
            value={formatRate(repeat.notContacted.rate)}
            note={t("insights.figure.buyers", {
              repeat: formatCount(repeat.notContacted.repeatBuyers),
              buyers: formatCount(repeat.notContacted.buyers),
            })}
          />
        </FigureCard>
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.section.cohorts")}
          action={download("cohorts")}
          empty={customers.cohorts.length === 0 ? t("insights.empty.cohorts") : null}
          table={{
            headings: [
              t("insights.column.month"),
              t("insights.column.customers"),
              ...Array.from({ length: cohortMonths }, (_, k) => t("insights.column.monthPlus", { n: k + 1 })),
              t("insights.column.revenueAfter"),
            ],
            rows: customers.cohorts.map((c) => [
              formatMonth(c.month),
              formatCount(c.customers),
              ...Array.from({ length: cohortMonths }, (_, k) => formatRate(c.retained[k] ?? null)),
              formatMoney(c.revenueAfter, report.currencyCode),
            ]),
          }}
        />
      </Layout.Section>

      <Layout.Section>
        <ChartCard
          title={t("insights.section.classifier")}
          help={t("insights.section.classifier.help")}
          action={download("classifier")}
          empty={support.classifier.reviewed === 0 ? t("insights.empty.classifier") : null}
          table={{
            headings: [
              t("insights.column.topic"),
              t("insights.column.reviewed"),
              t("insights.column.correct"),
              t("insights.column.accuracy"),
            ],
            rows: support.classifier.byTopic.map((r) => [
              topicLabel(r.topic),
              formatCount(r.reviewed),
              formatCount(r.correct),
              formatRate(r.accuracy),
            ]),
          }}
        >
          <Figure
            label={t("insights.figure.accuracy")}
            value={formatRate(support.classifier.accuracy)}
            note={t("insights.figure.reviewed", {
              correct: formatCount(support.classifier.correct),
              reviewed: formatCount(support.classifier.reviewed),
            })}
          />
        </ChartCard>
      </Layout.Section>

      <Layout.Section>
        <Text as="p" variant="bodySm" tone="subdued" alignment="center">
          {t("insights.footer", {
            previousFrom: formatDay(previous.from),
            previousTo: formatDay(previous.to),
            timezone: report.timezone,
          })}
        </Text>
      </Layout.Section>
    </Layout>
  );
}

/** When the figures were brought up to date, and whether some days are still being recomputed. */
function Freshness({ report }: { report: InsightsReport }) {
  if (!report.updatedAt) {
    return (
      <Banner tone="info" title={t("insights.notBuilt.title")}>
        <p>{t("insights.notBuilt.body")}</p>
      </Banner>
    );
  }
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      {t("insights.updatedAt", { at: formatInstant(report.updatedAt, report.timezone) })}{" "}
      {report.pendingDays > 0
        ? report.pendingDays === 1
          ? t("insights.pendingOne")
          : t("insights.pending", { count: report.pendingDays })
        : null}
    </Text>
  );
}

export default function Insights() {
  const { report, today, team } = useLoaderData<typeof loader>();
  const { period, previous } = report.query;
  return (
    <Page
      title={t("insights.title")}
      subtitle={t("insights.subtitle", {
        from: formatDay(period.from),
        to: formatDay(period.to),
        previousFrom: formatDay(previous.from),
        previousTo: formatDay(previous.to),
      })}
      fullWidth
    >
      <TitleBar title={t("insights.title")} />
      <BlockStack gap="400">
        <Freshness report={report} />
        <Dashboard report={report} today={today} team={team} />
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("insights.title")} />;
}
