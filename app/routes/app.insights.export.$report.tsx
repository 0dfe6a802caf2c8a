import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../auth/staff.server";
import { todayIn } from "../components/insights/format";
import { AppError, handleErrors } from "../errors.server";
import { reportCsv, reportFileName } from "../insights/csv";
import { getInsightsReport, parseInsightsQuery } from "../insights/report.server";
import { CSV_REPORTS, type CsvReport } from "../insights/report-types";
import { t } from "../i18n/en";

const isCsvReport = (name: string | undefined): name is CsvReport => CSV_REPORTS.includes(name as CsvReport);

/**
 * GET /app/insights/export/:report?from=…&to=…&channel=…: one report of the dashboard as a CSV attachment, built
 * from the same report object (same query) the page shows.
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return handleErrors(async () => {
    const name = params.report;
    if (!isCsvReport(name)) {
      throw new AppError(
        "not_found",
        t("insights.export.unknown", { name: String(name ?? ""), names: CSV_REPORTS.join(", ") })
      );
    }
    const query = parseInsightsQuery(new URL(request.url).searchParams, shop.ianaTimezone, todayIn(shop.ianaTimezone));
    const report = await getInsightsReport(shop.id, query);
    // A byte order mark, so spreadsheet apps read the file as UTF-8 (product titles, staff names).
    return new Response(`\uFEFF${reportCsv(report, name)}`, {
      status: 200,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${reportFileName(report, name)}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
};
