import { randomBytes } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { AppError, handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { evidenceCsp, renderEvidencePackHtml } from "../insights/evidence-pack-document.server";
import { buildEvidencePack, evidenceFilename } from "../insights/evidence-pack.server";

// GET /app/orders/:id/evidence — the dispute evidence pack of one of the shop's orders, as a standalone printable
// HTML document (not inside the admin frame). `?notes=1` includes internal notes (labelled); `?download=1`
// answers it as an attachment. The case view fetches it with the session token (App Bridge adds it to the
// app's own fetch requests) and opens or saves the result, as the privacy export download does.

const OrderId = z.uuid();
const Flag = z.enum(["0", "1"], { error: "Use 1 or 0 for notes and download, or leave them out." }).optional();
const EvidenceQuery = z.object({ notes: Flag, download: Flag });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return handleErrors(async () => {
    const id = OrderId.safeParse(params.id);
    if (!id.success) throw new AppError("not_found", "This order link is not valid. Open the evidence pack from an order shown in a case.");
    const query = EvidenceQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", query.error.issues[0].message);

    const pack = await buildEvidencePack(shop.id, id.data.toLowerCase(), { includeNotes: query.data.notes === "1" });
    const nonce = randomBytes(16).toString("base64");
    const html = renderEvidencePackHtml(pack, { appName: t("app.name"), nonce });

    const headers: Record<string, string> = {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `${evidenceCsp(nonce)}; frame-ancestors 'none'`,
      // Personal data: never kept by a browser or proxy cache.
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    };
    if (query.data.download === "1") headers["Content-Disposition"] = `attachment; filename="${evidenceFilename(pack.order.name)}"`;
    return new Response(html, { status: 200, headers });
  });
};

