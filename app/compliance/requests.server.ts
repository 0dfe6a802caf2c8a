import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { Prisma, type ComplianceKind } from "../generated/prisma/client";

// The merchant's view of privacy requests: the list, and the download of a data request's export.

export const PAGE_SIZE = 50;

export interface ComplianceRequestRow {
  id: string;
  kind: ComplianceKind;
  shopifyCustomerId: string | null;
  customerEmail: string | null;
  ordersRequested: number;
  requestedAt: Date;
  completedAt: Date | null;
  /** A data request whose export can be downloaded (false once a later customers/redact erased it). */
  downloadable: boolean;
}

export interface ComplianceRequestPage {
  requests: ComplianceRequestRow[];
  nextCursor: string | null;
}

const Cursor = z.object({ requestedAt: z.iso.datetime(), id: z.uuid() });

/** Opaque keyset cursor: the (requestedAt, id) of the last row shown. */
export function encodeCursor(row: { requestedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ requestedAt: row.requestedAt.toISOString(), id: row.id })).toString("base64url");
}

function decodeCursor(cursor: string): { requestedAt: Date; id: string } {
  try {
    const parsed = Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { requestedAt: new Date(parsed.requestedAt), id: parsed.id };
  } catch {
    throw new AppError("bad_request", "The page link is not valid. Open the list from its first page.");
  }
}

/** A shop's privacy requests, newest first, keyset-paginated on (requestedAt, id). */
export async function listComplianceRequests(
  shopId: string,
  { cursor, limit = PAGE_SIZE }: { cursor?: string | null; limit?: number } = {}
): Promise<ComplianceRequestPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.complianceRequest.findMany({
    where: {
      shopId,
      ...(after
        ? { OR: [{ requestedAt: { lt: after.requestedAt } }, { requestedAt: after.requestedAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    // The export can be large: only ask which rows have one.
    select: {
      id: true,
      kind: true,
      shopifyCustomerId: true,
      customerEmail: true,
      ordersRequested: true,
      requestedAt: true,
      completedAt: true,
    },
  });
  const page = rows.slice(0, limit);
  const dataRequestIds = page.filter((r) => r.kind === "CUSTOMER_DATA_REQUEST").map((r) => r.id);
  const withExport = dataRequestIds.length
    ? await db.complianceRequest.findMany({
        where: { shopId, id: { in: dataRequestIds }, export: { not: Prisma.DbNull } },
        select: { id: true },
      })
    : [];
  const downloadable = new Set(withExport.map((r) => r.id));

  return {
    requests: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      shopifyCustomerId: r.shopifyCustomerId?.toString() ?? null,
      customerEmail: r.customerEmail,
      ordersRequested: r.ordersRequested.length,
      requestedAt: r.requestedAt,
      completedAt: r.completedAt,
      downloadable: downloadable.has(r.id),
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

export interface DataRequestExport {
  filename: string;
  body: string;
}

/** The export of one of the shop's data requests; not_found for another shop's id, another kind, or an erased export. */
export async function getDataRequestExport(shopId: string, id: string): Promise<DataRequestExport> {
  const request = await db.complianceRequest.findFirst({
    where: { id, shopId, kind: "CUSTOMER_DATA_REQUEST" },
    select: { id: true, export: true, requestedAt: true, shopifyCustomerId: true },
  });
  if (!request || request.export === null) {
    throw new AppError("not_found", "There is no customer data export with this id in your shop.");
  }
  const who = request.shopifyCustomerId ? `customer-${request.shopifyCustomerId}` : request.id;
  const day = request.requestedAt.toISOString().slice(0, 10);
  return { filename: `customer-data-request-${day}-${who}.json`, body: JSON.stringify(request.export, null, 2) };
}
