/**
 * Every insights table keyed by shop id. They carry no foreign key to Shop (rebuilt wholesale, history outlives
 * staff), so deleting a shop (shop/redact) and the hourly orphan sweep delete from each of them by name.
 */
export const INSIGHT_TABLES = [
  "InsightDirtyDay",
  "InsightClaimedDay",
  "InsightState",
  "InsightCaseDaily",
  "InsightCaseDayTotal",
  "InsightDurationMonthly",
  "InsightBacklogDaily",
  "InsightSelfServiceDaily",
  "InsightOrderDaily",
  "InsightProductDaily",
  "InsightReturnReasonDaily",
  "InsightRevenueDaily",
  "InsightCohort",
  "InsightCustomerMonthly",
] as const;
