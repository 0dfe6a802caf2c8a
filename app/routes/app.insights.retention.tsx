import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireStaff } from "../auth/staff.server";
import { todayIn } from "../components/insights/format";
import { handleErrors } from "../errors.server";
import { retentionReport } from "../insights/payments-metrics.server";
import { parseInsightsQuery } from "../insights/report.server";
import { safeTimeZone } from "../insights/rollup/days";

/**
 * GET /app/insights/retention?from=…&to=…: the dashboard's "Retention after a support contact" card, loaded after the
 * page (it reads the period's cases and orders themselves: seconds over a long period at a large shop, while the rest
 * of the dashboard reads rollups). Same query parameters and validation as the dashboard; the filters do not apply.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return handleErrors(async () => {
    const query = parseInsightsQuery(new URL(request.url).searchParams, shop.ianaTimezone, todayIn(shop.ianaTimezone));
    const retention = await retentionReport(shop.id, query.period, safeTimeZone(shop.ianaTimezone));
    return json({ retention });
  });
};
