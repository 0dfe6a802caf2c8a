/**
 * The insights report: what the dashboard shows and every CSV download is made from (one object, so the CSV
 * always matches the screen). Built by app/insights/report.server.ts from the daily rollup tables only.
 *
 * Days are calendar days (YYYY-MM-DD) in the shop's time zone; periods are inclusive. Durations are business
 * minutes (the shop's opening hours and holidays). Rates are fractions 0..1, or null when there is nothing to
 * divide by. Money is a decimal string in the shop's currency. `previous` is the same figure over the
 * comparison period (the same number of days just before).
 */
import type { CaseTopic, Channel, SelfServiceKind } from "../generated/prisma/enums";

export interface InsightsPeriod {
  /** First day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  to: string;
}

export interface InsightsFilters {
  channel?: Channel;
  topic?: CaseTopic;
  /** A staff id, or "unassigned". */
  assignee?: string;
}

export interface InsightsQuery {
  period: InsightsPeriod;
  /** The comparison period: by default the same length just before `period`. */
  previous: InsightsPeriod;
  filters: InsightsFilters;
}

export interface Figure {
  value: number | null;
  previous: number | null;
}

export interface MoneyFigure {
  value: string;
  previous: string;
  currencyCode: string;
}

export interface DurationFigure {
  /** Business minutes. */
  median: number | null;
  p90: number | null;
  /** How many cases the figures are over. */
  count: number;
  previousMedian: number | null;
  previousP90: number | null;
  previousCount: number;
}

export interface DayPoint {
  day: string;
}

export interface SupportReport {
  /** Cases created. */
  volume: Figure;
  resolvedCount: Figure;
  firstResponse: DurationFigure;
  resolution: DurationFigure;
  /** Resolved with one staff reply and never reopened, out of resolved. */
  firstTouchResolutionRate: Figure;
  /** Resolved after being reopened, out of resolved. */
  reopenRate: Figure;
  /** Cases whose customer or order had another case in the 7 days before, out of created. */
  repeatContactRate: Figure;
  /** Out of cases created (first response) / resolved (resolution). */
  firstResponseBreachRate: Figure;
  resolutionBreachRate: Figure;
  urgentRate: Figure;
  negativeRate: Figure;
  /** Open + pending now, and at the end of each day of the period. */
  backlog: { open: number; pending: number; series: (DayPoint & { open: number; pending: number })[] };
  /** Per day of the period (every day present, zeros included). */
  volumeSeries: (DayPoint & { created: number; resolved: number })[];
  /** Per day and topic (topics with no cases in the period left out). */
  topicSeries: (DayPoint & { topic: CaseTopic; count: number })[];
  topics: { topic: CaseTopic; count: number; previous: number; share: number | null }[];
  channels: { channel: Channel; count: number; previous: number }[];
  /** Classifier accuracy over resolved cases with a classifier topic: kept = staff did not change it. */
  classifier: { reviewed: number; correct: number; accuracy: number | null; byTopic: { topic: CaseTopic; reviewed: number; correct: number; accuracy: number | null }[] };
}

export interface SelfServiceReport {
  /** Events not followed by a case for that order (or customer) within 72 hours, out of events older than 72 hours. */
  resolutionRate: Figure;
  byKind: { kind: SelfServiceKind; events: number; followedUp: number; pending: number; resolutionRate: number | null }[];
  series: (DayPoint & { events: number; followedUp: number; pending: number })[];
}

export interface CsatReport {
  /** Average score 1–5. */
  average: Figure;
  responses: Figure;
  /** Ratings per score: index 0 = score 1 … index 4 = score 5. */
  distribution: [number, number, number, number, number];
  /** Share of 4 and 5 out of all ratings. */
  satisfiedRate: Figure;
  byStaff: { staffId: string | null; name: string; responses: number; average: number | null; satisfiedRate: number | null }[];
}

export interface CommerceReport {
  orders: Figure;
  revenue: MoneyFigure;
  /** Cases created per 100 orders placed. */
  ticketsPer100Orders: Figure;
  /** Orders placed in the period that were (partly) refunded / returned / cancelled / disputed, out of orders placed. */
  refundRate: Figure;
  refundAmount: MoneyFigure;
  returnRate: Figure;
  cancellationRate: Figure;
  disputeRate: Figure;
  /** Cases about a failed payment. */
  paymentFailureContacts: Figure;
  returnReasons: { reason: string; quantity: number; share: number | null }[];
  /** Products by units returned (top 50). */
  products: { productKey: string; title: string; sold: number; returned: number; refunded: number; returnRate: number | null; refundRate: number | null }[];
  series: (DayPoint & { orders: number; refundedOrders: number; returnedOrders: number })[];
}

export interface CustomerReport {
  /** Customers whose case was resolved in the period, and their orders in the 30 days after it. */
  afterSupport: {
    resolvedCustomers: number;
    reorderedCustomers: number;
    reorderRate: number | null;
    ordersAfter: number;
    revenueAfter: string;
    currencyCode: string;
    /** False while some of the period's 30-day windows are still open. */
    complete: boolean;
  };
  /** Buyers in the months the period touches: share who bought again, contacted support vs not. */
  repeatPurchase: {
    contacted: { buyers: number; repeatBuyers: number; rate: number | null };
    notContacted: { buyers: number; repeatBuyers: number; rate: number | null };
  };
  /** By month of first support contact (last 12 months): retained[k] = share ordering in month +k+1. */
  cohorts: { month: string; customers: number; retained: (number | null)[]; revenueAfter: string }[];
}

export interface RetentionGroup {
  /** Customers whose 90-day window is over. */
  customers: number;
  /** Of those, customers who placed another (not cancelled) order within the window. */
  retained: number;
  rate: number | null;
  /** Customers whose window is still open: not counted yet. */
  pending: number;
}

/** Disputes, billing contacts, subscription payments and cancellations (definitions: payments-metrics.server.ts). */
export interface PaymentsReport {
  /** False when the shop has no subscription contract at all: the subscription figures mean nothing. */
  hasSubscriptions: boolean;
  /** Disputes initiated in the period. */
  disputes: Figure;
  /** Disputes in the shop's currency only (amounts are never added across currencies). */
  disputeAmount: MoneyFigure;
  /** The period's disputes in other currencies, per currency (not in disputeAmount). */
  disputeAmountOtherCurrencies: { currencyCode: string; count: number; amount: string }[];
  /** Disputes initiated in the period per 100 orders placed in it. */
  disputesPer100Orders: Figure;
  /** Per Shopify reason: disputes, per 100 orders, amount in the shop's currency, share of the period's disputes. */
  disputeReasons: { reason: string; count: number; per100Orders: number | null; amount: string; share: number | null }[];
  /** Contacts opened in the period about billing (topic BILLING or payment_failed signal). */
  billingContacts: Figure;
  billingContactsPer100Orders: Figure;
  /** Failed billing cycles that began in the period (retries of one charge count once); recovered = later paid. */
  paymentRecovery: { failed: Figure; recovered: Figure; rate: Figure };
  /** rate = cancelled in the period / (active at the period's start + started in it). */
  subscriptionCancellation: { activeAtStart: Figure; started: Figure; cancelled: Figure; rate: Figure };
  /**
   * Contacted customers vs customers who ordered without contacting: share ordering again within windowDays. Null
   * when left out of the report: the dashboard loads it apart (GET /app/insights/retention), because it reads the
   * period's cases and orders themselves and would hold the whole page back (docs/decisions/0020).
   */
  retentionAfterContact: RetentionReport | null;
}

export interface RetentionReport {
  windowDays: number;
  contacted: RetentionGroup;
  notContacted: RetentionGroup;
}

export interface NpsReport {
  /** %promoters − %detractors of the answers given in the period, −100…100. */
  score: Figure;
  responses: Figure;
  /** Surveys sent in the period. */
  requested: Figure;
  /** Surveys sent in the period that were answered, out of those sent. */
  responseRate: Figure;
  promoters: number;
  passives: number;
  detractors: number;
  /** Answers per score: index = score 0…10. */
  distribution: number[];
}

export interface InsightsReport {
  query: InsightsQuery;
  timezone: string;
  currencyCode: string;
  /** When the rollups were last brought up to date (ISO), null before the first build. */
  updatedAt: string | null;
  /** Days still waiting to be recomputed: the figures may lag a minute. */
  pendingDays: number;
  support: SupportReport;
  selfService: SelfServiceReport;
  csat: CsatReport;
  commerce: CommerceReport;
  customers: CustomerReport;
  payments: PaymentsReport;
  nps: NpsReport;
}

/** The CSV downloads, one per report on the dashboard. */
export const CSV_REPORTS = [
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
  "payments",
  "dispute-reasons",
  "nps",
] as const;
export type CsvReport = (typeof CSV_REPORTS)[number];
