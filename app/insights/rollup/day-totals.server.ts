import type { Prisma } from "../../generated/prisma/client";

/**
 * InsightCaseDayTotal: InsightCaseDaily summed over assignees, one row per (day, channel, topic). Rewritten inside
 * the same transaction as the days it sums, so the two always agree. The dashboard reads it for every figure not
 * filtered or grouped by assignee (support-metrics.server.ts, payments-metrics.server.ts): a year of a large shop is
 * then ~6,500 rows instead of ~40,000.
 */
export async function recomputeCaseDayTotals(tx: Prisma.TransactionClient, shopId: string, days: string[]): Promise<void> {
  if (days.length === 0) return;
  const sorted = [...days].sort();
  await tx.$executeRaw`DELETE FROM "InsightCaseDayTotal" WHERE "shopId" = ${shopId}::uuid AND day = ANY(${sorted}::date[])`;
  // Same statement as the migration's backfill (20261126070623_insight_case_day_totals), narrowed to the days.
  await tx.$executeRaw`
    INSERT INTO "InsightCaseDayTotal" ("shopId", day, channel, topic, created, "firstResponded", "firstResponseBreached",
      "repeatContacts", urgent, negative, "paymentFailureContacts", resolved, "resolutionBreached", "firstTouchResolved",
      reopened, "topicReviewed", "topicCorrect", "csatResponses", "csatScores")
    SELECT "shopId", day, channel, topic, sum(created), sum("firstResponded"), sum("firstResponseBreached"),
      sum("repeatContacts"), sum(urgent), sum(negative), sum("paymentFailureContacts"), sum(resolved), sum("resolutionBreached"),
      sum("firstTouchResolved"), sum(reopened), sum("topicReviewed"), sum("topicCorrect"), sum("csatResponses"),
      ARRAY[sum("csatScores"[1]), sum("csatScores"[2]), sum("csatScores"[3]), sum("csatScores"[4]), sum("csatScores"[5])]::int[]
    FROM "InsightCaseDaily"
    WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${sorted[0]}::date AND ${sorted[sorted.length - 1]}::date AND day = ANY(${sorted}::date[])
    GROUP BY "shopId", day, channel, topic`;
}
