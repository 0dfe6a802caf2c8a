import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { getDataRequestExport } from "../compliance/requests.server";
import { AppError, handleErrors } from "../errors.server";

const DownloadParams = z.object({ id: z.uuid({ error: "The link does not name a privacy request." }) });

/** GET /app/privacy/:id/download: a data request's export as a JSON attachment (the shop's own requests only). */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return handleErrors(async () => {
    const parsed = DownloadParams.safeParse(params);
    if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0].message);
    const file = await getDataRequestExport(shop.id, parsed.data.id);
    return new Response(file.body, {
      status: 200,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        // Personal data: never kept by a browser or proxy cache.
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
};
