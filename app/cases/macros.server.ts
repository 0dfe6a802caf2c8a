import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { CaseTopic, FinancialStatus, FulfillmentStatus, ReturnStatus, ShipmentStatus } from "../generated/prisma/client";
import { CaseTopic as CASE_TOPICS } from "../generated/prisma/enums";
import { describeTemplateProblems, fillMacro, type MacroValues } from "./macro-template";

// Macros: saved replies with {{variables}} filled from the case's customer and order. The catalogue and the
// template rules live in ./macro-template (shared with the browser's editor); this module stores macros per
// shop and fills them for a case.

export { MACRO_VARIABLES, findUnknownVariables, findMalformedPlaceholders, type MacroVariableName } from "./macro-template";

export interface MacroView {
  id: string;
  name: string;
  body: string;
  topic: CaseTopic | null;
  usageCount: number;
  createdByName: string | null;
  updatedAt: Date;
}

const MAX_MACROS = 500;

export const MacroInput = z.object({
  name: z
    .string({ error: "Give the macro a name." })
    .trim()
    .min(1, "Give the macro a name.")
    .max(80, "Keep the name under 80 characters."),
  body: z
    .string({ error: "Write the reply text." })
    .trim()
    .min(1, "Write the reply text.")
    .max(10_000, "Keep the reply under 10,000 characters."),
  topic: z.preprocess(
    (v) => (v === "" || v === "none" || v === undefined ? null : v),
    z.enum(CASE_TOPICS, { error: "Pick a topic from the list, or none." }).nullable(),
  ),
});
export type MacroInput = z.infer<typeof MacroInput>;

function parseMacroInput(input: unknown): MacroInput {
  const parsed = MacroInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new AppError("bad_request", `The macro could not be saved: ${Object.values(fieldErrors).join(" ")}`, { fieldErrors });
  }
  const problem = describeTemplateProblems(parsed.data.body);
  if (problem) throw new AppError("bad_request", problem, { fieldErrors: { body: problem } });
  return parsed.data;
}

const select = {
  id: true,
  name: true,
  body: true,
  topic: true,
  usageCount: true,
  updatedAt: true,
  createdBy: { select: { firstName: true, lastName: true, email: true } },
} as const;

type MacroRow = {
  id: string;
  name: string;
  body: string;
  topic: CaseTopic | null;
  usageCount: number;
  updatedAt: Date;
  createdBy: { firstName: string | null; lastName: string | null; email: string } | null;
};

function view(row: MacroRow): MacroView {
  const { createdBy, ...rest } = row;
  return {
    ...rest,
    createdByName: createdBy ? [createdBy.firstName, createdBy.lastName].filter(Boolean).join(" ") || createdBy.email : null,
  };
}

/**
 * The shop's macros, most used first. With a topic: that topic's macros first, then the general ones (no topic);
 * macros of other topics are left out.
 */
export async function listMacros(shopId: string, options: { topic?: CaseTopic | null } = {}): Promise<MacroView[]> {
  const rows = await db.macro.findMany({
    where: { shopId, ...(options.topic ? { OR: [{ topic: options.topic }, { topic: null }] } : {}) },
    select,
    orderBy: [{ usageCount: "desc" }, { name: "asc" }],
    take: MAX_MACROS,
  });
  const macros = rows.map(view);
  if (!options.topic) return macros;
  return [...macros.filter((m) => m.topic === options.topic), ...macros.filter((m) => m.topic === null)];
}

export async function getMacro(shopId: string, macroId: string): Promise<MacroView> {
  const row = z.uuid().safeParse(macroId).success ? await db.macro.findFirst({ where: { id: macroId, shopId }, select }) : null;
  if (!row) throw new AppError("not_found", "This macro does not exist (it may have been deleted).");
  return view(row);
}

async function assertNameFree(shopId: string, name: string, exceptId?: string) {
  const clash = await db.macro.findFirst({
    where: { shopId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw duplicateName(name);
}

const duplicateName = (name: string) =>
  new AppError("bad_request", `A macro named “${name}” already exists. Choose another name.`, {
    fieldErrors: { name: `A macro named “${name}” already exists.` },
  });

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** Creates a macro; a body with unknown variables or unmatched braces is refused (400 naming them). */
export async function createMacro(shopId: string, createdById: string | null, input: unknown): Promise<MacroView> {
  const data = parseMacroInput(input);
  await assertNameFree(shopId, data.name);
  const count = await db.macro.count({ where: { shopId } });
  if (count >= MAX_MACROS) throw new AppError("bad_request", `A shop can keep up to ${MAX_MACROS} macros. Delete ones nobody uses first.`);
  try {
    return view(await db.macro.create({ data: { shopId, createdById, ...data }, select }));
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(data.name);
    throw error;
  }
}

export async function updateMacro(shopId: string, macroId: string, input: unknown): Promise<MacroView> {
  await getMacro(shopId, macroId);
  const data = parseMacroInput(input);
  await assertNameFree(shopId, data.name, macroId);
  try {
    const { count } = await db.macro.updateMany({ where: { id: macroId, shopId }, data });
    if (count === 0) throw new AppError("not_found", "This macro does not exist (it may have been deleted).");
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(data.name);
    throw error;
  }
  return getMacro(shopId, macroId);
}

export async function deleteMacro(shopId: string, macroId: string): Promise<{ name: string }> {
  const macro = await getMacro(shopId, macroId);
  await db.macro.deleteMany({ where: { id: macroId, shopId } });
  return { name: macro.name };
}

/** Counts one use of a macro (a reply sent with it). */
export async function recordMacroUse(shopId: string, macroId: string): Promise<void> {
  const { count } = z.uuid().safeParse(macroId).success
    ? await db.macro.updateMany({ where: { id: macroId, shopId }, data: { usageCount: { increment: 1 } } })
    : { count: 0 };
  if (count === 0) throw new AppError("not_found", "This macro does not exist (it may have been deleted).");
}

// ───────────────────────────── Filling a macro for a case ─────────────────────────────

const SHIPMENT_WORDS: Record<ShipmentStatus, string> = {
  LABEL_PRINTED: "shipped",
  LABEL_PURCHASED: "shipped",
  CONFIRMED: "shipped",
  CARRIER_PICKED_UP: "shipped",
  READY_FOR_PICKUP: "ready for pickup",
  PICKED_UP: "picked up",
  IN_TRANSIT: "in transit",
  OUT_FOR_DELIVERY: "out for delivery",
  ATTEMPTED_DELIVERY: "delivery attempted",
  DELAYED: "delayed",
  DELIVERED: "delivered",
  FAILURE: "delivery failed",
};

const FULFILLMENT_WORDS: Record<FulfillmentStatus, string> = {
  UNFULFILLED: "being prepared",
  PARTIALLY_FULFILLED: "partially shipped",
  FULFILLED: "shipped",
  RESTOCKED: "restocked",
  ON_HOLD: "on hold",
  SCHEDULED: "scheduled",
  IN_PROGRESS: "being prepared",
};

const RETURN_WORDS: Record<ReturnStatus, string> = {
  REQUESTED: "requested",
  OPEN: "approved",
  DECLINED: "declined",
  CANCELED: "cancelled",
  CLOSED: "completed",
};

/** Where an order is, in the words a customer would use. */
export function orderStatusWords(order: {
  cancelledAt: Date | null;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  shipment: { shipmentStatus: ShipmentStatus | null } | null;
}): string {
  if (order.cancelledAt) return "cancelled";
  if (order.financialStatus === "REFUNDED") return "refunded";
  if (order.shipment?.shipmentStatus) return SHIPMENT_WORDS[order.shipment.shipmentStatus];
  if (order.shipment && order.fulfillmentStatus === "UNFULFILLED") return "shipped";
  return FULFILLMENT_WORDS[order.fulfillmentStatus];
}

const LINK_RANK = { STAFF: 0, CUSTOMER: 1, AUTO: 2 } as const;

/**
 * Fills a macro body for a case: customer from the case, the case's most relevant order (one staff or the
 * customer linked, else the latest auto-linked one), that order's latest shipment and latest return, the shop
 * and the sending staff member. Variables without a value keep their placeholder and are listed in `unresolved`.
 */
export async function renderMacroForCase(
  shopId: string,
  caseId: string,
  body: string,
  staffId?: string | null,
): Promise<{ text: string; unresolved: string[] }> {
  const found = z.uuid().safeParse(caseId).success
    ? await db.case.findFirst({
        where: { id: caseId, shopId },
        select: {
          number: true,
          subject: true,
          customerName: true,
          customerEmail: true,
          customer: { select: { firstName: true, lastName: true, email: true } },
          shop: { select: { name: true, domain: true, ianaTimezone: true } },
          orders: {
            where: { shopId },
            select: { linkedBy: true, order: { select: { id: true, processedAt: true } } },
            orderBy: { order: { processedAt: "desc" } },
            take: 50,
          },
        },
      })
    : null;
  if (!found) throw new AppError("not_found", "This case does not exist in this shop.");

  const link = [...found.orders].sort(
    (a, b) => LINK_RANK[a.linkedBy] - LINK_RANK[b.linkedBy] || b.order.processedAt.getTime() - a.order.processedAt.getTime(),
  )[0];
  const order = link
    ? await db.order.findFirst({
        where: { id: link.order.id, shopId },
        select: {
          name: true,
          totalPrice: true,
          currencyCode: true,
          statusPageUrl: true,
          cancelledAt: true,
          financialStatus: true,
          fulfillmentStatus: true,
          fulfillments: {
            where: { shopId, status: { notIn: ["CANCELLED", "ERROR", "FAILURE"] } },
            orderBy: [{ shopifyCreatedAt: "desc" }, { id: "desc" }],
            take: 1,
            select: {
              shipmentStatus: true,
              trackingCompany: true,
              trackingNumber: true,
              trackingUrl: true,
              trackingNumbers: true,
              trackingUrls: true,
              estimatedDeliveryAt: true,
              deliveredAt: true,
            },
          },
          returns: {
            where: { shopId },
            orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
            take: 1,
            select: { status: true, reverseTrackingUrl: true },
          },
        },
      })
    : null;
  const staff =
    staffId && z.uuid().safeParse(staffId).success
      ? await db.staff.findFirst({ where: { id: staffId, shopId }, select: { firstName: true } })
      : null;

  const nameParts = (found.customerName ?? "").trim().split(/\s+/).filter(Boolean);
  const firstName = found.customer?.firstName || nameParts[0] || null;
  const lastName = found.customer?.lastName || (nameParts.length > 1 ? nameParts.slice(1).join(" ") : null);
  const shipment = order?.fulfillments[0] ?? null;
  const latestReturn = order?.returns[0] ?? null;
  const timeZone = found.shop.ianaTimezone;

  const values: MacroValues = {
    "customer.first_name": firstName,
    "customer.last_name": lastName,
    "customer.full_name": [firstName, lastName].filter(Boolean).join(" ") || null,
    "customer.email": found.customer?.email || found.customerEmail,
    "order.name": order?.name,
    "order.status": order ? orderStatusWords({ ...order, shipment }) : null,
    "order.tracking_url": shipment ? shipment.trackingUrl || shipment.trackingUrls[0] : null,
    "order.tracking_number": shipment ? shipment.trackingNumber || shipment.trackingNumbers[0] : null,
    "order.carrier": shipment?.trackingCompany,
    "order.estimated_delivery":
      shipment?.estimatedDeliveryAt && !shipment.deliveredAt ? formatDay(shipment.estimatedDeliveryAt, timeZone) : null,
    "order.total": order ? formatMoney(order.totalPrice.toString(), order.currencyCode) : null,
    "order.status_url": order?.statusPageUrl,
    "order.status_page_url": order?.statusPageUrl,
    "return.status": latestReturn ? RETURN_WORDS[latestReturn.status] : null,
    "return.tracking_url": latestReturn?.reverseTrackingUrl,
    "case.number": String(found.number),
    "case.subject": found.subject,
    "shop.name": found.shop.name || found.shop.domain.replace(/\.myshopify\.com$/, ""),
    "staff.first_name": staff?.firstName,
  };
  return fillMacro(body, values);
}

function formatMoney(amount: string, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${Number(amount).toFixed(2)} ${currency}`;
  }
}

function formatDay(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en", { weekday: "long", month: "long", day: "numeric", timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat("en", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" }).format(at);
  }
}
