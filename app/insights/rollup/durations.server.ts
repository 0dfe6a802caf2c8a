import type { Prisma } from "../../generated/prisma/client";

/**
 * Month-level duration pairs (InsightDurationMonthly): every first-response and resolution time of a local month's
 * InsightCaseDaily rows as sorted (minutes, count) pairs. Rewritten inside the same transaction as the days they
 * come from, so a month always agrees with its days. The report reads whole months of an unfiltered period here
 * and only the edge days from the daily rows (support-metrics.server.ts) — exact percentiles over a year of cases
 * without unnesting every case's minutes.
 */

export const DURATION_KINDS = { firstResponse: "first_response", resolution: "resolution" } as const;

/** The first day (YYYY-MM-DD) of the month a day is in. */
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

export async function recomputeDurationMonths(tx: Prisma.TransactionClient, shopId: string, days: string[]): Promise<void> {
  const months = [...new Set(days.map(monthOf))].sort();
  if (months.length === 0) return;
  await tx.$executeRaw`DELETE FROM "InsightDurationMonthly" WHERE "shopId" = ${shopId}::uuid AND month = ANY(${months}::date[])`;
  await tx.$executeRaw`
    INSERT INTO "InsightDurationMonthly" ("shopId", month, kind, minutes, counts)
    SELECT ${shopId}::uuid, month, kind, array_agg(m ORDER BY m), array_agg(n ORDER BY m)
    FROM (
      SELECT date_trunc('month', day)::date AS month, ${DURATION_KINDS.firstResponse} AS kind, m, count(*)::int AS n
      FROM "InsightCaseDaily", unnest("firstResponseMinutes") AS m
      WHERE "shopId" = ${shopId}::uuid AND day >= ${months[0]}::date AND day < (${months[months.length - 1]}::date + interval '1 month')
        AND date_trunc('month', day)::date = ANY(${months}::date[]) AND "firstResponded" > 0
      GROUP BY 1, 3
      UNION ALL
      SELECT date_trunc('month', day)::date, ${DURATION_KINDS.resolution}, m, count(*)::int
      FROM "InsightCaseDaily", unnest("resolutionMinutes") AS m
      WHERE "shopId" = ${shopId}::uuid AND day >= ${months[0]}::date AND day < (${months[months.length - 1]}::date + interval '1 month')
        AND date_trunc('month', day)::date = ANY(${months}::date[]) AND resolved > 0
      GROUP BY 1, 3
    ) x
    GROUP BY month, kind`;
}
