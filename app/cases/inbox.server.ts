import { isIsoInstant } from "../utils/dates";
import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { Prisma } from "../generated/prisma/client";
import {
  InboxQueryError,
  parseInboxQuery,
  VIEW_STATUSES,
  type InboxQuery,
  type InboxSort,
  type InboxView,
} from "./inbox-query";

// The inbox list: one shop's cases for a view + filters + sort, or a search, a page at a time.
//
// How it stays fast at 1M cases (figures in /work/shared/performance-notes.md, plans in docs/benchmarks.md):
// - Keyset pagination only: the cursor holds the last row's sort key and id, the next page is
//   `(key, id) < (cursor)` on an index whose order is exactly the ORDER BY (id tiebreak included).
// - One ordered subquery per status (UNION ALL, each `ORDER BY … LIMIT n+1` on the (shopId, status, …) index),
//   merged by an outer ORDER BY: a view with several statuses still reads at most n+1 rows per status.
// - Search: exact matches (email, order or case number) first, then full-text matches newest first. The GIN
//   index is asked for at most SEARCH_MATCH_CAP matches; when a term is that common, the cases are walked
//   newest-first on the activity index instead and tested one by one (`ts_match_vq`, which the planner can't
//   turn into a GIN scan), which finds a page of a common term after a few hundred rows. Before either, the
//   newest SEARCH_WALK_WINDOW cases are tested: a common term's page is found there without touching the GIN.
// - View counts for the tabs stop at COUNT_CAP (shown as "999+"): never a full count.

export const PAGE_SIZE = 50;
export const COUNT_CAP = 1000;
export const SEARCH_MATCH_CAP = 3000;
/** How many of the newest cases a search tests before asking the GIN index. */
export const SEARCH_WALK_WINDOW = 1000;
export const EXACT_MATCH_LIMIT = 20;
/** A case whose SLA falls due within this is "at risk". */
export const AT_RISK_MS = 2 * 3600 * 1000;

/** The views whose tabs show a count (the working queues; resolved/all are history). */
export const COUNTED_VIEWS = ["open", "mine", "unassigned", "pending", "snoozed"] as const satisfies readonly InboxView[];
export type CountedView = (typeof COUNTED_VIEWS)[number];

export type SlaState = "breached" | "atRisk" | "ok" | "none";

export interface InboxRow {
  id: string;
  number: number;
  subject: string;
  customerName: string | null;
  customerEmail: string | null;
  status: string;
  priority: string;
  topic: string;
  channel: string;
  tags: string[];
  assigneeId: string | null;
  assigneeName: string | null;
  /** Classifier flags (app/insights/classifier.server.ts). */
  urgent: boolean;
  sentiment: string;
  slaDueAt: string | null;
  slaState: SlaState;
  snoozedUntil: string | null;
  orders: { name: string; fulfillmentStatus: string }[];
  preview: string | null;
  lastActivityAt: string;
  createdAt: string;
  /** Activity since this staff member last opened the case (or never opened). */
  unread: boolean;
  /** This staff member has opened the case before (so unread means "updated"). */
  read: boolean;
  /** Found by an exact match of the search (email, order or case number). */
  exact: boolean;
}

export interface InboxPage {
  rows: InboxRow[];
  nextCursor: string | null;
  previousCursor: string | null;
  /** Cases per view, stopped at COUNT_CAP (a count equal to the cap means "at least"). */
  counts: Record<CountedView, number>;
  countCap: number;
  /** False only when the shop has no case at all (the page then explains how cases arrive). */
  shopHasCases: boolean;
}

/** parseInboxQuery for server code: a bad value is a 400 AppError with the message. */
export function readInboxQuery(searchParams: URLSearchParams): InboxQuery {
  try {
    return parseInboxQuery(searchParams);
  } catch (error) {
    if (error instanceof InboxQueryError) throw new AppError("bad_request", error.message);
    throw error;
  }
}

// ───────────────────────────── Sorts and cursors ─────────────────────────────

type SortName = InboxSort | "search";
type KeyType = "timestamp" | "priority";

interface SortSpec {
  /** Columns after (shopId, status), in index order; id is the final tiebreak in the same direction. */
  columns: { column: string; type: KeyType }[];
  dir: "asc" | "desc";
  /** The first column may be null (slaDueAt): rows without it come after all others, ordered by id. */
  nullableFirst?: boolean;
}

const SORTS: Record<SortName, SortSpec> = {
  "lastActivity desc": { columns: [{ column: "lastActivityAt", type: "timestamp" }], dir: "desc" },
  "lastActivity asc": { columns: [{ column: "lastActivityAt", type: "timestamp" }], dir: "asc" },
  "created desc": { columns: [{ column: "createdAt", type: "timestamp" }], dir: "desc" },
  "created asc": { columns: [{ column: "createdAt", type: "timestamp" }], dir: "asc" },
  "priority desc": {
    columns: [
      { column: "priority", type: "priority" },
      { column: "lastActivityAt", type: "timestamp" },
    ],
    dir: "desc",
  },
  "slaDue asc": { columns: [{ column: "slaDueAt", type: "timestamp" }], dir: "asc", nullableFirst: true },
  search: { columns: [{ column: "lastActivityAt", type: "timestamp" }], dir: "desc" },
};

const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;

interface Cursor {
  /** Rows after this one (next page) or before it (previous page). */
  direction: "next" | "prev";
  sort: SortName;
  /** The sort columns' values of the row (ISO timestamps, priority names; null = no SLA due). */
  keys: (string | null)[];
  id: string;
}

const CursorShape = z.tuple([
  z.literal(1),
  z.enum(["next", "prev"]),
  z.enum(Object.keys(SORTS) as [SortName, ...SortName[]]),
  z.array(z.string().max(40).nullable()).min(1).max(2),
  z.uuid(),
]);

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([1, cursor.direction, cursor.sort, cursor.keys, cursor.id])).toString("base64url");
}

const BAD_CURSOR = "The page link is not valid (it may be from an older version of this list). Open the inbox from its first page.";

function decodeCursor(raw: string, sort: SortName): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new AppError("bad_request", BAD_CURSOR);
  }
  const parsed = CursorShape.safeParse(value);
  if (!parsed.success) throw new AppError("bad_request", BAD_CURSOR);
  const [, direction, cursorSort, keys, id] = parsed.data;
  if (cursorSort !== sort)
    throw new AppError("bad_request", "The page link belongs to another sort or search. Open the inbox from its first page.");
  const spec = SORTS[sort];
  if (keys.length !== spec.columns.length) throw new AppError("bad_request", BAD_CURSOR);
  spec.columns.forEach((col, i) => {
    const key = keys[i];
    if (key === null) {
      if (!(i === 0 && spec.nullableFirst)) throw new AppError("bad_request", BAD_CURSOR);
    } else if (col.type === "timestamp") {
      if (!isIsoInstant(key))
        throw new AppError("bad_request", BAD_CURSOR);
    } else if (!(PRIORITIES as readonly string[]).includes(key)) {
      throw new AppError("bad_request", BAD_CURSOR);
    }
  });
  return { direction, sort, keys, id: id.toLowerCase() };
}

/** The sort key of a fetched row, as stored in a cursor. */
interface KeyRow {
  id: string;
  lastActivityAt: Date;
  createdAt: Date;
  priority: string;
  slaDueAt: Date | null;
}

function keysOf(row: KeyRow, sort: SortName): (string | null)[] {
  return SORTS[sort].columns.map(({ column }) => {
    const value = row[column as keyof KeyRow] as Date | string | null;
    return value instanceof Date ? value.toISOString() : value;
  });
}

const col = (column: string) => Prisma.raw(`c."${column}"`);

function keyValue(type: KeyType, value: string): Prisma.Sql {
  return type === "timestamp" ? Prisma.sql`${value}::timestamp` : Prisma.sql`${value}::"CasePriority"`;
}

/**
 * A segment of the order: the whole sort, or for the nullable SLA sort the rows with a due time (segment 0)
 * then those without (segment 1, by id). Each is served by one index range.
 */
interface Segment {
  index: number;
  where: Prisma.Sql;
  /** The keyset's columns (before id). */
  columns: { column: string; type: KeyType }[];
  /** The ORDER BY's columns (before id): the index's, even where a column is constant (all null). */
  orderColumns: { column: string }[];
}

function segmentsOf(spec: SortSpec): Segment[] {
  if (!spec.nullableFirst) return [{ index: 0, where: Prisma.empty, columns: spec.columns, orderColumns: spec.columns }];
  const first = spec.columns[0].column;
  return [
    { index: 0, where: Prisma.sql`AND ${col(first)} IS NOT NULL`, columns: spec.columns, orderColumns: spec.columns },
    // All null here, so the order is by id; ordering by the null column too keeps it the index's order (the
    // planner doesn't infer it from IS NULL and would otherwise walk the primary key).
    { index: 1, where: Prisma.sql`AND ${col(first)} IS NULL`, columns: [], orderColumns: spec.columns.slice(0, 1) },
  ];
}

/** The segments to read for a page, each with its keyset condition; and the direction rows are read in. */
function plan(spec: SortSpec, cursor: Cursor | null) {
  const segments = segmentsOf(spec);
  const backwards = cursor?.direction === "prev";
  const readDir = backwards ? (spec.dir === "asc" ? "desc" : "asc") : spec.dir;
  if (!cursor) return { readDir, parts: segments.map((segment) => ({ segment, keyset: Prisma.empty })) };
  const cursorSegment = spec.nullableFirst && cursor.keys[0] === null ? 1 : 0;
  const parts = segments
    .filter((s) => (backwards ? s.index <= cursorSegment : s.index >= cursorSegment))
    .map((segment) => {
      if (segment.index !== cursorSegment) return { segment, keyset: Prisma.empty };
      const op = Prisma.raw(readDir === "desc" ? "<" : ">");
      const cols = [...segment.columns.map((c) => col(c.column)), col("id")];
      const vals = [
        ...segment.columns.map((c, i) => keyValue(c.type, cursor.keys[i]!)),
        Prisma.sql`${cursor.id}::uuid`,
      ];
      return { segment, keyset: Prisma.sql`AND (${Prisma.join(cols)}) ${op} (${Prisma.join(vals)})` };
    });
  return { readDir, parts };
}

/** `ORDER BY` terms: the columns then id, all in one direction (as the index has them); prefix "c." inside. */
function orderBy(columns: { column: string }[], dir: "asc" | "desc", prefix = ""): Prisma.Sql {
  const d = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  return Prisma.join(
    [...columns.map((c) => Prisma.sql`${Prisma.raw(`${prefix}"${c.column}"`)} ${d}`), Prisma.sql`${Prisma.raw(`${prefix}"id"`)} ${d}`],
    ", ",
  );
}

// ───────────────────────────── Filters ─────────────────────────────

function startOfDay(day: string): string {
  return `${day}T00:00:00.000Z`;
}
function endOfDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();
}

/** Everything but status and the keyset: view rules and filters, as `AND …` clauses on alias c. */
function filterSql(shopId: string, staffId: string | null, query: InboxQuery, now: Date): Prisma.Sql | null {
  const parts: Prisma.Sql[] = [];
  if (query.view === "mine") {
    if (!staffId) return null;
    parts.push(Prisma.sql`AND c."assigneeId" = ${staffId}::uuid`);
  }
  if (query.view === "unassigned") parts.push(Prisma.sql`AND c."assigneeId" IS NULL`);
  // Outreach cases (an NPS survey nobody answered) are not support work: only "All" and a search find them. They are
  // RESOLVED until the customer writes (or staff reopen one), so only views listing resolved or closed cases test it —
  // the open views and their counts stay index-only.
  if (query.view !== "all" && !query.q && statusesOf(query).some((s) => s === "RESOLVED" || s === "CLOSED"))
    parts.push(Prisma.sql`AND NOT c."outreach"`);
  if (query.priority) parts.push(Prisma.sql`AND c."priority" = ANY(${query.priority}::"CasePriority"[])`);
  if (query.topic) parts.push(Prisma.sql`AND c."topic" = ANY(${query.topic}::"CaseTopic"[])`);
  if (query.channel) parts.push(Prisma.sql`AND c."channel" = ANY(${query.channel}::"Channel"[])`);
  if (query.tag) parts.push(Prisma.sql`AND c."tags" && ${query.tag}::text[]`);
  if (query.assignee) {
    const ids = query.assignee.filter((a) => a !== "unassigned");
    const unassigned = query.assignee.includes("unassigned");
    const clauses: Prisma.Sql[] = [];
    if (ids.length) clauses.push(Prisma.sql`c."assigneeId" = ANY(${ids}::uuid[])`);
    if (unassigned) clauses.push(Prisma.sql`c."assigneeId" IS NULL`);
    parts.push(Prisma.sql`AND (${Prisma.join(clauses, " OR ")})`);
  }
  if (query.sla) {
    const nowIso = now.toISOString();
    const riskIso = new Date(now.getTime() + AT_RISK_MS).toISOString();
    const clauses: Prisma.Sql[] = [];
    if (query.sla.includes("breached")) clauses.push(Prisma.sql`c."slaDueAt" < ${nowIso}::timestamp`);
    if (query.sla.includes("atRisk"))
      clauses.push(Prisma.sql`(c."slaDueAt" >= ${nowIso}::timestamp AND c."slaDueAt" < ${riskIso}::timestamp)`);
    parts.push(Prisma.sql`AND (${Prisma.join(clauses, " OR ")})`);
  }
  if (query.hasOrder === "yes") parts.push(Prisma.sql`AND EXISTS (SELECT 1 FROM "CaseOrder" co WHERE co."caseId" = c.id)`);
  if (query.hasOrder === "no") parts.push(Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "CaseOrder" co WHERE co."caseId" = c.id)`);
  if (query.fulfillment)
    parts.push(Prisma.sql`AND EXISTS (SELECT 1 FROM "CaseOrder" co JOIN "Order" o ON o.id = co."orderId"
      WHERE co."caseId" = c.id AND o."shopId" = ${shopId}::uuid
        AND o."fulfillmentStatus" = ANY(${query.fulfillment}::"FulfillmentStatus"[]))`);
  if (query.createdFrom) parts.push(Prisma.sql`AND c."createdAt" >= ${startOfDay(query.createdFrom)}::timestamp`);
  if (query.createdTo) parts.push(Prisma.sql`AND c."createdAt" < ${endOfDay(query.createdTo)}::timestamp`);
  if (query.activityFrom) parts.push(Prisma.sql`AND c."lastActivityAt" >= ${startOfDay(query.activityFrom)}::timestamp`);
  if (query.activityTo) parts.push(Prisma.sql`AND c."lastActivityAt" < ${endOfDay(query.activityTo)}::timestamp`);
  return parts.length ? Prisma.join(parts, "\n") : Prisma.empty;
}

/**
 * Merged cases are hidden. A merge closes the source case and updateCases leaves merged cases alone, so only
 * CLOSED can hold one: the other statuses skip the test (and their counts stay index-only scans).
 */
function notMerged(status: string): Prisma.Sql {
  return status === "CLOSED" ? Prisma.sql`AND c."mergedIntoId" IS NULL` : Prisma.empty;
}

/** Statuses whose cases can have an SLA due (resolving or closing a case clears slaDueAt). */
const SLA_STATUSES = ["OPEN", "PENDING", "SNOOZED"];

/** The statuses to list: the view's, narrowed by a status filter (and to the SLA ones by an SLA filter). */
function statusesOf(query: InboxQuery): string[] {
  const view = VIEW_STATUSES[query.view];
  return view.filter((s) => (!query.status || query.status.includes(s)) && (!query.sla || SLA_STATUSES.includes(s)));
}

// ───────────────────────────── Search ─────────────────────────────

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^#?(\d{1,9})$/;
const WORD = /^[\p{L}\p{N}]+$/u;

/**
 * The user's text as a safe tsquery (english): every word must match, the last one as a prefix while it is
 * being typed. Text goes through plainto_tsquery (which has no syntax to inject); only a last word made of
 * letters and digits is given to to_tsquery, with `:*` appended.
 */
export function tsquerySql(text: string): Prisma.Sql {
  const words = text.split(" ").filter(Boolean).slice(0, 12);
  const last = words.at(-1) ?? "";
  if (WORD.test(last) && last.length >= 2) {
    const rest = words.slice(0, -1).join(" ");
    const prefix = Prisma.sql`to_tsquery('english', ${`${last.toLowerCase()}:*`})`;
    return rest ? Prisma.sql`(plainto_tsquery('english', ${rest}) && ${prefix})` : prefix;
  }
  return Prisma.sql`plainto_tsquery('english', ${words.join(" ")})`;
}

/** Cases the search names exactly: the customer's email, an order number (#1234) or a case number. */
function exactSql(shopId: string, text: string): Prisma.Sql | null {
  if (EMAIL.test(text)) {
    const lower = text.toLowerCase();
    return Prisma.sql`c."customerEmail" IN (${text}, ${lower})`;
  }
  const number = NUMBER.exec(text);
  if (number) {
    // Two index lookups (case number; order number → its cases), not an OR the planner can't index.
    const n = Number(number[1]);
    return Prisma.sql`c.id IN (
      SELECT k.id FROM "Case" k WHERE k."shopId" = ${shopId}::uuid AND k."number" = ${n}
      UNION ALL
      SELECT co."caseId" FROM "Order" o JOIN "CaseOrder" co ON co."orderId" = o.id
      WHERE o."shopId" = ${shopId}::uuid AND o."orderNumber" = ${n})`;
  }
  return null;
}

// ───────────────────────────── Listing ─────────────────────────────

// priority stays the enum (not text) so that merged pages order it LOW < NORMAL < HIGH < URGENT.
const KEY_COLUMNS = Prisma.sql`c.id, c."lastActivityAt", c."createdAt", c."priority", c."slaDueAt"`;

/** One page of a view (no search): one ordered, limited subquery per status and segment, merged. */
async function pageOfView(
  shopId: string,
  statuses: string[],
  filters: Prisma.Sql,
  sort: InboxSort,
  cursor: Cursor | null,
  limit: number,
): Promise<KeyRow[]> {
  const spec = SORTS[sort];
  const { readDir, parts } = plan(spec, cursor);
  const subqueries: Prisma.Sql[] = [];
  for (const status of statuses) {
    for (const { segment, keyset } of parts) {
      subqueries.push(Prisma.sql`(SELECT ${KEY_COLUMNS}, ${segment.index}::int AS seg FROM "Case" c
        WHERE c."shopId" = ${shopId}::uuid AND c."status" = ${status}::"CaseStatus" ${segment.where}
        ${notMerged(status)} ${filters} ${keyset}
        ORDER BY ${orderBy(segment.orderColumns, readDir, "c.")} LIMIT ${limit})`);
    }
  }
  if (subqueries.length === 1) {
    return db.$queryRaw<KeyRow[]>(subqueries[0]);
  }
  const d = Prisma.raw(readDir === "desc" ? "DESC" : "ASC");
  return db.$queryRaw<KeyRow[]>`SELECT * FROM (${Prisma.join(subqueries, " UNION ALL ")}) u
    ORDER BY seg ${d}, ${orderBy(spec.columns, readDir)} LIMIT ${limit}`;
}

/** Full-text matches newest activity first (sort "search"), after the cursor, without the exact matches. */
async function pageOfSearch(
  shopId: string,
  statuses: string[],
  filters: Prisma.Sql,
  tsquery: Prisma.Sql,
  excludeIds: string[],
  cursor: Cursor | null,
  limit: number,
): Promise<KeyRow[]> {
  const { readDir, parts } = plan(SORTS.search, cursor);
  const keyset = parts[0].keyset;
  const exclude = excludeIds.length ? Prisma.sql`AND c.id <> ALL(${excludeIds}::uuid[])` : Prisma.empty;
  const scope = Prisma.sql`c."shopId" = ${shopId}::uuid AND c."status" = ANY(${statuses}::"CaseStatus"[])
    AND c."mergedIntoId" IS NULL ${filters} ${exclude} ${keyset}`;

  const d = Prisma.raw(readDir === "desc" ? "DESC" : "ASC");
  // 3. (used below) Many matches: walk the activity index newest first, testing each case (ts_match_vq is @@ in a
  //    form the planner does not turn into a GIN scan), until a page is found.
  const walkNewestFirst = () => db.$queryRaw<KeyRow[]>`SELECT ${KEY_COLUMNS} FROM "Case" c
    WHERE ${scope} AND ts_match_vq(c."searchVector", ${tsquery})
    ORDER BY c."lastActivityAt" ${d}, c.id ${d} LIMIT ${limit}`;
  // 1. A common term: a page is among the newest SEARCH_WALK_WINDOW cases (a short index walk, each case tested).
  const window = await db.$queryRaw<KeyRow[]>`SELECT w.id, w."lastActivityAt", w."createdAt", w."priority", w."slaDueAt" FROM (
      SELECT ${KEY_COLUMNS}, c."searchVector" FROM "Case" c WHERE ${scope}
      ORDER BY c."lastActivityAt" ${d}, c.id ${d} LIMIT ${SEARCH_WALK_WINDOW}) w
    WHERE ts_match_vq(w."searchVector", ${tsquery})
    ORDER BY w."lastActivityAt" ${d}, w.id ${d} LIMIT ${limit}`;
  if (window.length >= limit) return window;
  // The window's hit rate tells how common the term is: with 3 or more hits in it, a page lies within ~17k cases
  // of the walk (step 3), while asking the GIN index for a common term makes PostgreSQL read every match.
  if (window.length >= 3) return walkNewestFirst();

  // 2. Ask the GIN index, capped: a rare or moderately common term ends here (sorted in memory).
  const matches = await db.$queryRaw<KeyRow[]>`SELECT ${KEY_COLUMNS} FROM "Case" c
    WHERE ${scope} AND c."searchVector" @@ ${tsquery} LIMIT ${SEARCH_MATCH_CAP + 1}`;
  if (matches.length <= SEARCH_MATCH_CAP) {
    const sign = readDir === "desc" ? -1 : 1;
    matches.sort((a, b) => {
      const t = a.lastActivityAt.getTime() - b.lastActivityAt.getTime();
      return sign * (t !== 0 ? t : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    return matches.slice(0, limit);
  }
  return walkNewestFirst();
}

interface DetailRow {
  id: string;
  number: number;
  subject: string;
  customerName: string | null;
  customerEmail: string | null;
  status: string;
  priority: string;
  topic: string;
  channel: string;
  tags: string[];
  urgent: boolean;
  sentiment: string;
  assigneeId: string | null;
  assigneeFirstName: string | null;
  assigneeLastName: string | null;
  assigneeEmail: string | null;
  slaDueAt: Date | null;
  snoozedUntil: Date | null;
  lastActivityAt: Date;
  createdAt: Date;
  lastReadAt: Date | null;
  orders: { name: string; fulfillmentStatus: string }[] | null;
  preview: string | null;
}

async function detailsOf(shopId: string, staffId: string | null, ids: string[]): Promise<Map<string, DetailRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<DetailRow[]>`
    SELECT c.id, c."number", c."subject", c."customerName", c."customerEmail", c."status"::text AS "status",
      c."priority"::text AS "priority", c."topic"::text AS "topic", c."channel"::text AS "channel", c."tags", c."urgent", c."sentiment"::text AS "sentiment",
      c."assigneeId", s."firstName" AS "assigneeFirstName", s."lastName" AS "assigneeLastName", s."email" AS "assigneeEmail",
      c."slaDueAt", c."snoozedUntil", c."lastActivityAt", c."createdAt", r."lastReadAt",
      (SELECT json_agg(json_build_object('name', o."name", 'fulfillmentStatus', o."fulfillmentStatus") ORDER BY o."processedAt" DESC)
         FROM (SELECT o2.* FROM "CaseOrder" co JOIN "Order" o2 ON o2.id = co."orderId"
               WHERE co."caseId" = c.id ORDER BY o2."processedAt" DESC LIMIT 5) o) AS "orders",
      (SELECT left(m."bodyText", 160) FROM "Message" m
         WHERE m."caseId" = c.id AND m."direction" <> 'NOTE' ORDER BY m."createdAt" DESC LIMIT 1) AS "preview"
    FROM "Case" c
    LEFT JOIN "Staff" s ON s.id = c."assigneeId"
    LEFT JOIN "CaseRead" r ON r."caseId" = c.id AND r."staffId" = ${staffId}::uuid
    WHERE c."shopId" = ${shopId}::uuid AND c.id = ANY(${ids}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row]));
}

export function slaStateOf(slaDueAt: Date | null, now: Date): SlaState {
  if (!slaDueAt) return "none";
  if (slaDueAt.getTime() < now.getTime()) return "breached";
  if (slaDueAt.getTime() < now.getTime() + AT_RISK_MS) return "atRisk";
  return "ok";
}

function toRow(detail: DetailRow, now: Date, exact: boolean): InboxRow {
  const assigneeName = detail.assigneeId
    ? [detail.assigneeFirstName, detail.assigneeLastName].filter(Boolean).join(" ") || detail.assigneeEmail
    : null;
  return {
    id: detail.id,
    number: detail.number,
    subject: detail.subject,
    customerName: detail.customerName,
    customerEmail: detail.customerEmail,
    status: detail.status,
    priority: detail.priority,
    topic: detail.topic,
    channel: detail.channel,
    tags: detail.tags,
    assigneeId: detail.assigneeId,
    assigneeName,
    urgent: detail.urgent,
    sentiment: detail.sentiment,
    slaDueAt: detail.slaDueAt?.toISOString() ?? null,
    slaState: slaStateOf(detail.slaDueAt, now),
    snoozedUntil: detail.snoozedUntil?.toISOString() ?? null,
    orders: detail.orders ?? [],
    preview: detail.preview ? detail.preview.replace(/\s+/g, " ").trim() : null,
    lastActivityAt: detail.lastActivityAt.toISOString(),
    createdAt: detail.createdAt.toISOString(),
    unread: detail.lastReadAt === null || detail.lastActivityAt.getTime() > detail.lastReadAt.getTime(),
    read: detail.lastReadAt !== null,
    exact,
  };
}

/** Cases per working view, each count stopped at COUNT_CAP. */
export async function countViews(shopId: string, staffId: string | null): Promise<Record<CountedView, number>> {
  // None of these views holds CLOSED cases, so no merged ones (see notMerged): index-only scans.
  // The counts are of open statuses only, which hold no outreach case (see filterSql).
  const capped = (where: Prisma.Sql) => Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM "Case" c
    WHERE c."shopId" = ${shopId}::uuid ${where} LIMIT ${COUNT_CAP}) x)`;
  const mine = staffId
    ? capped(Prisma.sql`AND c."assigneeId" = ${staffId}::uuid AND c."status" IN ('OPEN', 'PENDING', 'SNOOZED')`)
    : Prisma.sql`0`;
  const [row] = await db.$queryRaw<Record<CountedView, number>[]>`SELECT
    ${capped(Prisma.sql`AND c."status" = 'OPEN'`)} AS "open",
    ${mine} AS "mine",
    ${capped(Prisma.sql`AND c."status" = 'OPEN' AND c."assigneeId" IS NULL`)} AS "unassigned",
    ${capped(Prisma.sql`AND c."status" = 'PENDING'`)} AS "pending",
    ${capped(Prisma.sql`AND c."status" = 'SNOOZED'`)} AS "snoozed"`;
  return row;
}

/**
 * One page of the inbox for a staff member (staffId null: a session without a user; "Mine" is then empty
 * and every case counts as unread). Scoped to the shop; merged cases are left out.
 */
export async function listCases(
  shopId: string,
  staffId: string | null,
  query: InboxQuery,
  { now = new Date(), pageSize = PAGE_SIZE }: { now?: Date; pageSize?: number } = {},
): Promise<InboxPage> {
  const search = query.q ? query.q.slice(0, 200) : null;
  const sort: SortName = search ? "search" : query.sort;
  const cursor = query.cursor ? decodeCursor(query.cursor, sort) : null;
  const countsPromise = countViews(shopId, staffId);

  const statuses = statusesOf(query);
  const filters = filterSql(shopId, staffId, query, now);
  if (statuses.length === 0 || filters === null) {
    const [counts, shopHasCases] = await Promise.all([countsPromise, hasAnyCase(shopId)]);
    return { rows: [], nextCursor: null, previousCursor: null, counts, countCap: COUNT_CAP, shopHasCases };
  }

  const limit = pageSize + 1;
  let exactIds: string[] = [];
  let keyRows: KeyRow[];
  if (search) {
    const exact = exactSql(shopId, search);
    if (exact) {
      const found = await db.$queryRaw<{ id: string }[]>`SELECT c.id FROM "Case" c
        WHERE c."shopId" = ${shopId}::uuid AND c."status" = ANY(${statuses}::"CaseStatus"[]) AND c."mergedIntoId" IS NULL
          ${filters} AND ${exact}
        ORDER BY c."lastActivityAt" DESC, c.id DESC LIMIT ${EXACT_MATCH_LIMIT}`;
      exactIds = found.map((r) => r.id);
    }
    keyRows = await pageOfSearch(shopId, statuses, filters, tsquerySql(search), exactIds, cursor, limit);
  } else {
    keyRows = await pageOfView(shopId, statuses, filters, query.sort, cursor, limit);
  }

  // Rows were read in page order, or (previous page) backwards from the cursor.
  const more = keyRows.length > pageSize;
  let page = keyRows.slice(0, pageSize);
  const backwards = cursor?.direction === "prev";
  if (backwards) page = page.reverse();
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : cursor !== null;
  const showExact = exactIds.length > 0 && !hasPrevious;

  const ids = [...(showExact ? exactIds : []), ...page.map((r) => r.id)];
  const [details, counts, shopHasCases] = await Promise.all([
    detailsOf(shopId, staffId, ids),
    countsPromise,
    ids.length ? true : hasAnyCase(shopId),
  ]);
  const exactSet = new Set(showExact ? exactIds : []);
  const rows = ids.flatMap((id) => {
    const detail = details.get(id);
    return detail ? [toRow(detail, now, exactSet.has(id))] : [];
  });

  const first = page[0];
  const last = page.at(-1);
  return {
    rows,
    nextCursor: hasNext && last ? encodeCursor({ direction: "next", sort, keys: keysOf(last, sort), id: last.id }) : null,
    previousCursor:
      hasPrevious && first ? encodeCursor({ direction: "prev", sort, keys: keysOf(first, sort), id: first.id }) : null,
    counts,
    countCap: COUNT_CAP,
    shopHasCases,
  };
}

async function hasAnyCase(shopId: string): Promise<boolean> {
  return (await db.case.findFirst({ where: { shopId }, select: { id: true } })) !== null;
}

export interface InboxOptions {
  team: { id: string; name: string }[];
  tags: string[];
}

/** Choices for the filters and bulk actions: the shop's active team members and its tags. */
export async function inboxOptions(shopId: string): Promise<InboxOptions> {
  const [staff, tags] = await Promise.all([
    db.staff.findMany({
      where: { shopId, active: true },
      select: { id: true, firstName: true, lastName: true, email: true },
      orderBy: [{ firstName: "asc" }, { email: "asc" }],
      take: 200,
    }),
    db.tag.findMany({ where: { shopId }, select: { name: true }, orderBy: { name: "asc" }, take: 200 }),
  ]);
  return {
    team: staff.map((s) => ({ id: s.id, name: [s.firstName, s.lastName].filter(Boolean).join(" ") || s.email })),
    tags: tags.map((tag) => tag.name),
  };
}
