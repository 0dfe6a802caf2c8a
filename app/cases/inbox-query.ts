import { z } from "zod";
import { isCalendarDay } from "../utils/dates";

// What the inbox list shows, as it lives in the URL (bookmarkable): the view (tab), filters, sort, search text
// and the keyset cursor. Shared by the server (app/cases/inbox.server.ts) and the browser (the page builds
// its links with toSearchParams), so nothing here imports server code. AppError is server-only, so the
// parse returns a plain InboxQueryError that the server turns into a 400.

export const INBOX_VIEWS = ["open", "mine", "unassigned", "pending", "snoozed", "resolved", "all"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const CASE_STATUSES = ["OPEN", "PENDING", "SNOOZED", "RESOLVED", "CLOSED"] as const;
export const CASE_PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
export const CASE_TOPICS = [
  "WHERE_IS_MY_ORDER",
  "RETURN",
  "REFUND",
  "CANCEL",
  "BILLING",
  "PRODUCT_QUESTION",
  "DAMAGED_OR_WRONG",
  "ACCOUNT",
  "OTHER",
] as const;
export const CASE_CHANNELS = ["EMAIL", "STOREFRONT", "CUSTOMER_ACCOUNT", "ADMIN", "SYSTEM"] as const;
export const FULFILLMENT_STATUSES = [
  "UNFULFILLED",
  "PARTIALLY_FULFILLED",
  "FULFILLED",
  "RESTOCKED",
  "ON_HOLD",
  "SCHEDULED",
  "IN_PROGRESS",
] as const;
export const SLA_FILTERS = ["breached", "atRisk"] as const;

/**
 * Sorts, each with the direction(s) an index serves (see `model Case` in prisma/schema.prisma): every
 * direction is one index walked forwards or backwards. Priority is highest first, SLA due soonest first.
 */
export const INBOX_SORTS = [
  "lastActivity desc",
  "lastActivity asc",
  "created desc",
  "created asc",
  "priority desc",
  "slaDue asc",
] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const DEFAULT_SORT: InboxSort = "lastActivity desc";

/** Statuses each view shows; a status filter narrows them further. */
export const VIEW_STATUSES: Record<InboxView, readonly (typeof CASE_STATUSES)[number][]> = {
  open: ["OPEN"],
  mine: ["OPEN", "PENDING", "SNOOZED"],
  unassigned: ["OPEN"],
  pending: ["PENDING"],
  snoozed: ["SNOOZED"],
  resolved: ["RESOLVED", "CLOSED"],
  all: CASE_STATUSES,
};

export const MAX_SEARCH_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A comma-separated URL value as a list of allowed values ("OPEN,PENDING"); empty → undefined. */
function listOf<T extends string>(name: string, values: readonly T[]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const items = [...new Set((raw ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
      if (items.length === 0) return undefined;
      const bad = items.filter((item) => !(values as readonly string[]).includes(item));
      if (bad.length > 0) {
        ctx.addIssue({ code: "custom", message: `${name} "${bad[0]}" is not one of ${values.join(", ")}` });
        return z.NEVER;
      }
      return items as T[];
    });
}

const day = (name: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return undefined;
      if (!isCalendarDay(raw)) {
        ctx.addIssue({ code: "custom", message: `${name} must be a date like 2026-11-25` });
        return z.NEVER;
      }
      return raw;
    });

const tagList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const tags = [...new Set((raw ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
    if (tags.length === 0) return undefined;
    if (tags.length > 20 || tags.some((tag) => tag.length > 60)) {
      ctx.addIssue({ code: "custom", message: "tag takes at most 20 tags of up to 60 characters" });
      return z.NEVER;
    }
    return tags;
  });

const assigneeList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const items = [...new Set((raw ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
    if (items.length === 0) return undefined;
    const bad = items.find((item) => item !== "unassigned" && !UUID.test(item));
    if (bad !== undefined || items.length > 20) {
      ctx.addIssue({ code: "custom", message: `assignee must be team member ids or "unassigned" (got "${bad ?? items[20]}")` });
      return z.NEVER;
    }
    return items.map((item) => item.toLowerCase());
  });

/** The filters a merchant can combine (and save in a view). */
export const InboxFilters = z.object({
  status: listOf("status", CASE_STATUSES),
  priority: listOf("priority", CASE_PRIORITIES),
  topic: listOf("topic", CASE_TOPICS),
  channel: listOf("channel", CASE_CHANNELS),
  tag: tagList,
  assignee: assigneeList,
  sla: listOf("sla", SLA_FILTERS),
  hasOrder: z
    .enum(["yes", "no"], { error: 'hasOrder must be "yes" or "no"' })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  fulfillment: listOf("fulfillment", FULFILLMENT_STATUSES),
  createdFrom: day("createdFrom"),
  createdTo: day("createdTo"),
  activityFrom: day("activityFrom"),
  activityTo: day("activityTo"),
});
export type InboxFilters = z.output<typeof InboxFilters>;
export const FILTER_KEYS = Object.keys(InboxFilters.shape) as (keyof InboxFilters)[];

export const InboxQuery = InboxFilters.extend({
  view: z
    .enum(INBOX_VIEWS, { error: `view must be one of ${INBOX_VIEWS.join(", ")}` })
    .optional()
    .transform((v) => v ?? "open"),
  sort: z
    .enum(INBOX_SORTS, { error: `sort must be one of ${INBOX_SORTS.join(", ")}` })
    .optional()
    .transform((v) => v ?? DEFAULT_SORT),
  q: z
    .string()
    .max(MAX_SEARCH_LENGTH, { error: `Search text is limited to ${MAX_SEARCH_LENGTH} characters` })
    .optional()
    .transform((v) => v?.trim().replace(/\s+/g, " ") || undefined),
  cursor: z
    .string()
    .max(1024, { error: "cursor is not a page link of this list" })
    .optional()
    .transform((v) => v || undefined),
  /** The saved view (tab) the filters came from; only for showing which tab is selected. */
  saved: z
    .string()
    .regex(UUID, { error: "saved must be the id of a saved view" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type InboxQuery = z.output<typeof InboxQuery>;

export class InboxQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InboxQueryError";
  }
}

/** Reads the inbox state from a URL's query string; a bad value throws InboxQueryError naming it. */
export function parseInboxQuery(searchParams: URLSearchParams): InboxQuery {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(InboxQuery.shape)) {
    const value = searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = InboxQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".");
    const message = issue.message.startsWith(field) || !field ? issue.message : `${field}: ${issue.message}`;
    throw new InboxQueryError(`The inbox link is not valid: ${message}. Clear the filters or open the inbox again.`);
  }
  return parsed.data;
}

/** The URL query string of an inbox state (defaults left out, so links stay short). */
export function toSearchParams(query: Partial<InboxQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.view && query.view !== "open") params.set("view", query.view);
  if (query.saved) params.set("saved", query.saved);
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(",") : String(value);
    if (text) params.set(key, text);
  }
  if (query.q) params.set("q", query.q);
  if (query.sort && query.sort !== DEFAULT_SORT) params.set("sort", query.sort);
  if (query.cursor) params.set("cursor", query.cursor);
  return params;
}

/** The filter part of a query (what a saved view stores), without empty entries. */
export function filtersOf(query: Partial<InboxQuery>): Partial<InboxFilters> {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined) out[key] = query[key];
  return out as Partial<InboxFilters>;
}

export function hasFilters(query: Partial<InboxQuery>): boolean {
  return FILTER_KEYS.some((key) => query[key] !== undefined) || Boolean(query.q);
}
