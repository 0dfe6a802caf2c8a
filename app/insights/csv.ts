// The insights CSV downloads: one file per report in CSV_REPORTS, made from the same InsightsReport object the
// dashboard shows, so a download always matches the screen. Pure (no database, no Request).
//
// Format: RFC 4180 (comma separated, CRLF line ends, a header row; a field with a comma, quote or line break is
// quoted, quotes doubled). Numbers are written as numbers: counts as integers, rates as fractions 0..1 and
// durations as business minutes (rounded to 6 decimals to drop floating-point noise); money as the report's
// decimal string; a missing figure (null) as an empty cell. Text cells a spreadsheet would run as a formula
// (starting with = + - @, tab or carriage return) are prefixed with ' (OWASP's CSV injection advice); a plain
// decimal such as a negative amount is left as it is.
import { t, type MessageKey } from "../i18n/en";
import type { CsvReport, Figure, InsightsReport } from "./report-types";

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal ("-12.50"): a spreadsheet reads it as a number, never as a formula, so it is not prefixed. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** One CSV field: numbers as written, text guarded against formulas and quoted when it must be. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(Number(cell.toFixed(6))) : "";
  const text = FORMULA_START.test(cell) && !DECIMAL.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the first is the header) as an RFC 4180 document, each line ended by CRLF. */
export function toCsv(rows: CsvCell[][]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

const topicLabel = (topic: string) => t(`topic.${topic}` as MessageKey);
const channelLabel = (channel: string) => t(`inbox.channel.${channel}` as MessageKey);
const kindLabel = (kind: string) => t(`insights.kind.${kind}` as MessageKey);
const diff = (value: number, previous: number) => value - previous;

type SummaryRow = [metric: string, unit: string, value: CsvCell, previous: CsvCell];

function figure(metric: string, unit: string, f: Figure): SummaryRow {
  return [metric, unit, f.value, f.previous];
}

/** Every headline figure of the dashboard, with the previous period's beside it. */
function summaryRows(report: InsightsReport): SummaryRow[] {
  const { support, selfService, csat, commerce, customers } = report;
  const money = report.currencyCode;
  return [
    figure("cases_created", "count", support.volume),
    figure("cases_resolved", "count", support.resolvedCount),
    ["first_response_median", "business_minutes", support.firstResponse.median, support.firstResponse.previousMedian],
    ["first_response_p90", "business_minutes", support.firstResponse.p90, support.firstResponse.previousP90],
    ["first_response_cases", "count", support.firstResponse.count, support.firstResponse.previousCount],
    ["resolution_median", "business_minutes", support.resolution.median, support.resolution.previousMedian],
    ["resolution_p90", "business_minutes", support.resolution.p90, support.resolution.previousP90],
    ["resolution_cases", "count", support.resolution.count, support.resolution.previousCount],
    figure("first_touch_resolution_rate", "rate", support.firstTouchResolutionRate),
    figure("reopen_rate", "rate", support.reopenRate),
    figure("repeat_contact_rate", "rate", support.repeatContactRate),
    figure("first_response_breach_rate", "rate", support.firstResponseBreachRate),
    figure("resolution_breach_rate", "rate", support.resolutionBreachRate),
    figure("urgent_rate", "rate", support.urgentRate),
    figure("negative_sentiment_rate", "rate", support.negativeRate),
    ["backlog_open_now", "count", support.backlog.open, null],
    ["backlog_pending_now", "count", support.backlog.pending, null],
    ["classifier_reviewed", "count", support.classifier.reviewed, null],
    ["classifier_correct", "count", support.classifier.correct, null],
    ["classifier_accuracy", "rate", support.classifier.accuracy, null],
    figure("self_service_resolution_rate", "rate", selfService.resolutionRate),
    figure("csat_average", "score_1_to_5", csat.average),
    figure("csat_responses", "count", csat.responses),
    figure("csat_satisfied_rate", "rate", csat.satisfiedRate),
    figure("orders", "count", commerce.orders),
    ["revenue", commerce.revenue.currencyCode, commerce.revenue.value, commerce.revenue.previous],
    figure("tickets_per_100_orders", "count", commerce.ticketsPer100Orders),
    figure("refund_rate", "rate", commerce.refundRate),
    ["refund_amount", commerce.refundAmount.currencyCode, commerce.refundAmount.value, commerce.refundAmount.previous],
    figure("return_rate", "rate", commerce.returnRate),
    figure("cancellation_rate", "rate", commerce.cancellationRate),
    figure("dispute_rate", "rate", commerce.disputeRate),
    figure("payment_failure_contacts", "count", commerce.paymentFailureContacts),
    ["customers_resolved", "count", customers.afterSupport.resolvedCustomers, null],
    ["customers_reordered_30d", "count", customers.afterSupport.reorderedCustomers, null],
    ["reorder_rate_30d", "rate", customers.afterSupport.reorderRate, null],
    ["orders_after_support_30d", "count", customers.afterSupport.ordersAfter, null],
    [
      "revenue_after_support_30d",
      customers.afterSupport.currencyCode || money,
      customers.afterSupport.revenueAfter,
      null,
    ],
    ["after_support_complete", "boolean", customers.afterSupport.complete ? "yes" : "no", null],
    ["repeat_purchase_rate_contacted", "rate", customers.repeatPurchase.contacted.rate, null],
    ["repeat_purchase_rate_not_contacted", "rate", customers.repeatPurchase.notContacted.rate, null],
    figure("nps_score", "score_-100_to_100", report.nps.score),
    figure("nps_responses", "count", report.nps.responses),
    figure("nps_response_rate", "rate", report.nps.responseRate),
  ];
}

/** The payments & subscriptions figures (definitions: app/insights/payments-metrics.server.ts). */
function paymentRows(report: InsightsReport): SummaryRow[] {
  const { payments } = report;
  const { paymentRecovery: recovery, subscriptionCancellation: cancellation, retentionAfterContact: retention } = payments;
  const days = retention ? `${retention.windowDays}d` : "";
  return [
    figure("disputes", "count", payments.disputes),
    ["dispute_amount", payments.disputeAmount.currencyCode, payments.disputeAmount.value, payments.disputeAmount.previous],
    // Never added to the shop's currency: one row per other currency (current period only).
    ...payments.disputeAmountOtherCurrencies.map((o): SummaryRow => [`dispute_amount_${o.currencyCode.toLowerCase()}`, o.currencyCode, o.amount, null]),
    figure("disputes_per_100_orders", "count", payments.disputesPer100Orders),
    figure("billing_contacts", "count", payments.billingContacts),
    figure("billing_contacts_per_100_orders", "count", payments.billingContactsPer100Orders),
    figure("failed_billing_cycles", "count", recovery.failed),
    figure("recovered_billing_cycles", "count", recovery.recovered),
    figure("payment_recovery_rate", "rate", recovery.rate),
    figure("subscriptions_active_at_start", "count", cancellation.activeAtStart),
    figure("subscriptions_started", "count", cancellation.started),
    figure("subscriptions_cancelled", "count", cancellation.cancelled),
    figure("subscription_cancellation_rate", "rate", cancellation.rate),
    ...(retention
      ? ([
        [`contacted_customers_${days}`, "count", retention.contacted.customers, null],
        [`contacted_retained_${days}`, "count", retention.contacted.retained, null],
        [`contacted_retention_rate_${days}`, "rate", retention.contacted.rate, null],
        ["contacted_pending", "count", retention.contacted.pending, null],
        [`not_contacted_customers_${days}`, "count", retention.notContacted.customers, null],
        [`not_contacted_retained_${days}`, "count", retention.notContacted.retained, null],
        [`not_contacted_retention_rate_${days}`, "rate", retention.notContacted.rate, null],
        ["not_contacted_pending", "count", retention.notContacted.pending, null],
        ] satisfies SummaryRow[])
      : []),
  ];
}

/** NPS groups: 0–6 detractors, 7–8 passives, 9–10 promoters. */
const npsGroup = (score: number) => (score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor");

/** The topics of the period, in the order the topic series first names them (a column each). */
function seriesTopics(report: InsightsReport): string[] {
  const topics: string[] = [];
  for (const point of report.support.topicSeries) if (!topics.includes(point.topic)) topics.push(point.topic);
  return topics;
}

/** The rows of one report: a header row, then its data. */
export function reportRows(report: InsightsReport, name: CsvReport): CsvCell[][] {
  const { support, selfService, csat, commerce, customers } = report;
  const { period, previous } = report.query;
  switch (name) {
    case "summary":
      return [
        ["metric", "unit", "value", "previous", "period_from", "period_to", "previous_from", "previous_to"],
        ...summaryRows(report).map((row) => [...row, period.from, period.to, previous.from, previous.to]),
      ];
    case "volume": {
      const topics = seriesTopics(report);
      const byDay = new Map<string, number>();
      for (const p of support.topicSeries)
        byDay.set(`${p.day}|${p.topic}`, (byDay.get(`${p.day}|${p.topic}`) ?? 0) + p.count);
      return [
        ["day", "created", "resolved", ...topics.map((topic) => `created_${topic.toLowerCase()}`)],
        ...support.volumeSeries.map((p) => [
          p.day,
          p.created,
          p.resolved,
          ...topics.map((topic) => byDay.get(`${p.day}|${topic}`) ?? 0),
        ]),
      ];
    }
    case "topics":
      return [
        ["topic", "label", "cases", "previous", "change", "share"],
        ...support.topics.map((r) => [
          r.topic,
          topicLabel(r.topic),
          r.count,
          r.previous,
          diff(r.count, r.previous),
          r.share,
        ]),
      ];
    case "channels":
      return [
        ["channel", "label", "cases", "previous", "change"],
        ...support.channels.map((r) => [
          r.channel,
          channelLabel(r.channel),
          r.count,
          r.previous,
          diff(r.count, r.previous),
        ]),
      ];
    case "backlog":
      return [["day", "open", "pending"], ...support.backlog.series.map((p) => [p.day, p.open, p.pending])];
    case "self-service":
      return [
        ["kind", "label", "events", "followed_up", "pending", "resolution_rate"],
        ...selfService.byKind.map((r) => [
          r.kind,
          kindLabel(r.kind),
          r.events,
          r.followedUp,
          r.pending,
          r.resolutionRate,
        ]),
      ];
    case "csat": {
      const total = csat.distribution.reduce((a, b) => a + b, 0);
      return [
        ["score", "ratings", "share"],
        ...csat.distribution.map((count, i) => [i + 1, count, total > 0 ? count / total : null]),
      ];
    }
    case "staff":
      return [
        ["staff_id", "name", "ratings", "average", "satisfied_rate"],
        ...csat.byStaff.map((r) => [r.staffId, r.name, r.responses, r.average, r.satisfiedRate]),
      ];
    case "orders":
      return [
        ["day", "orders", "refunded_orders", "returned_orders"],
        ...commerce.series.map((p) => [p.day, p.orders, p.refundedOrders, p.returnedOrders]),
      ];
    case "products":
      return [
        ["product_key", "title", "sold", "returned", "refunded", "return_rate", "refund_rate"],
        ...commerce.products.map((r) => [
          r.productKey,
          r.title,
          r.sold,
          r.returned,
          r.refunded,
          r.returnRate,
          r.refundRate,
        ]),
      ];
    case "return-reasons":
      return [["reason", "units", "share"], ...commerce.returnReasons.map((r) => [r.reason, r.quantity, r.share])];
    case "cohorts": {
      const months = Math.max(0, ...customers.cohorts.map((c) => c.retained.length));
      return [
        ["month", "customers", "revenue_after", ...Array.from({ length: months }, (_, k) => `retained_month_${k + 1}`)],
        ...customers.cohorts.map((c) => [
          c.month,
          c.customers,
          c.revenueAfter,
          ...Array.from({ length: months }, (_, k) => c.retained[k] ?? null),
        ]),
      ];
    }
    case "payments":
      return [
        ["metric", "unit", "value", "previous", "period_from", "period_to", "previous_from", "previous_to"],
        ...paymentRows(report).map((row) => [...row, period.from, period.to, previous.from, previous.to]),
      ];
    case "dispute-reasons":
      return [
        ["reason", "disputes", "per_100_orders", `amount_${report.currencyCode.toLowerCase()}`, "share"],
        ...report.payments.disputeReasons.map((r) => [r.reason, r.count, r.per100Orders, r.amount, r.share]),
      ];
    case "nps": {
      const total = report.nps.distribution.reduce((a, b) => a + b, 0);
      return [
        ["score", "group", "answers", "share"],
        ...report.nps.distribution.map((count, score) => [score, npsGroup(score), count, total > 0 ? count / total : null]),
      ];
    }
    case "classifier":
      return [
        ["topic", "label", "reviewed", "kept", "accuracy"],
        ...support.classifier.byTopic.map((r) => [r.topic, topicLabel(r.topic), r.reviewed, r.correct, r.accuracy]),
        [
          "ALL",
          t("insights.filters.all"),
          support.classifier.reviewed,
          support.classifier.correct,
          support.classifier.accuracy,
        ],
      ];
  }
}

/** One report of the dashboard as a CSV document. */
export function reportCsv(report: InsightsReport, name: CsvReport): string {
  return toCsv(reportRows(report, name));
}

/** insights-topics-2026-11-01_2026-11-30.csv */
export function reportFileName(report: InsightsReport, name: CsvReport): string {
  return `insights-${name}-${report.query.period.from}_${report.query.period.to}.csv`;
}
