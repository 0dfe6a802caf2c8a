import { isIsoInstant } from "../utils/dates";
import db from "../db.server";
import { AppError } from "../errors.server";
import type {
  ActorType,
  AuthorType,
  CasePriority,
  CaseStatus,
  CaseTopic,
  Channel,
  DeliveryStatus,
  MessageDirection,
  Prisma,
  Sentiment,
} from "../generated/prisma/client";
import { WAITING_STATUSES } from "./order-context.server";
import { caseSlaView, type CaseSlaView } from "../insights/sla.server";
import { renderMessageHtml, safeHttpUrl, type SafeHtml } from "./sanitize.server";

// The case workspace: the case, one timeline of messages, notes and events (oldest first, the latest page
// first), and the suggestions staff have not acted on yet. Every query names the shop.

/** Items per timeline page. A case with more shows its latest page and a "Show earlier" link. */
export const TIMELINE_PAGE_SIZE = 50;

/** Events not shown as rows of their own. */
const HIDDEN_EVENT_TYPES = ["suggestion", "reply_queued", "note_added", "unverified_sender"];

export interface MessageItem {
  kind: "message";
  id: string;
  at: string;
  direction: MessageDirection;
  channel: Channel;
  authorType: AuthorType;
  authorName: string | null;
  authorEmail: string | null;
  authorStaffId: string | null;
  text: string;
  /** Sanitised HTML with remote images blocked (placeholders), or null: the text is shown. */
  html: SafeHtml | null;
  /** The same HTML with its remote images, shown only when staff ask for them; null when it has none. */
  htmlWithRemoteImages: SafeHtml | null;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  sentAt: string | null;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  /** Sent from a web form without signing in (an `unverified_sender` event names it): the email is only typed. */
  unverifiedSender: boolean;
}

export interface EventItem {
  kind: "event";
  id: string;
  at: string;
  type: string;
  actorType: ActorType;
  staffName: string | null;
  orderName: string | null;
  data: Record<string, unknown>;
}

export type TimelineItem = MessageItem | EventItem;

export interface Suggestion {
  id: string;
  at: string;
  kind: string;
  text: string;
  orderName: string | null;
}

export interface CaseDetail {
  id: string;
  number: number;
  subject: string;
  status: CaseStatus;
  priority: CasePriority;
  topic: CaseTopic;
  channel: Channel;
  tags: string[];
  /** Classifier flags (app/insights/classifier.server.ts). */
  urgent: boolean;
  sentiment: Sentiment;
  signals: string[];
  customerId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  assignee: { id: string; name: string } | null;
  snoozedUntil: string | null;
  firstResponseAt: string | null;
  slaDueAt: string | null;
  /** Due times and badges of the first-response and resolution targets (app/insights/sla.server.ts). */
  sla: CaseSlaView;
  createdAt: string;
  lastActivityAt: string;
  mergedInto: { id: string; number: number; subject: string } | null;
  mergedCases: { id: string; number: number }[];
  /** The newest message when the page was loaded: a reply sent after it by someone else asks to confirm. */
  latestMessage: { id: string; at: string; authorName: string | null } | null;
}

export interface LoadedCase {
  case: CaseDetail;
  timeline: TimelineItem[];
  /** Cursor for the page of older items, null when the oldest item is shown. */
  earlierCursor: string | null;
  suggestions: Suggestion[];
  staff: { id: string; name: string }[];
  tags: string[];
  /** The staff member viewing (null only for a session without user information). */
  viewerId: string | null;
}

export function staffName(s: { firstName: string | null; lastName: string | null; email: string }): string {
  const name = [s.firstName, s.lastName].filter(Boolean).join(" ").trim();
  return name || s.email;
}

/** The case of this shop, or 404: an id from another shop, an unknown id and a malformed id all find nothing. */
export async function requireCase<S extends Prisma.CaseSelect>(shopId: string, caseId: string, select: S) {
  if (!UUID.test(caseId)) throw new AppError("not_found", "This case does not exist. It may have been deleted; open the inbox to find it.");
  const found = await db.case.findFirst({ where: { id: caseId, shopId }, select });
  if (!found) throw new AppError("not_found", "This case does not exist. It may have been deleted; open the inbox to find it.");
  return found;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadCase(
  shopId: string,
  staffId: string | null,
  caseId: string,
  options: { before?: string | null } = {},
): Promise<LoadedCase> {
  const before = options.before ? decodeCursor(options.before) : null;
  const c = await requireCase(shopId, caseId, {
    id: true,
    number: true,
    subject: true,
    status: true,
    priority: true,
    topic: true,
    channel: true,
    tags: true,
    urgent: true,
    sentiment: true,
    signals: true,
    customerId: true,
    customerName: true,
    customerEmail: true,
    snoozedUntil: true,
    firstResponseAt: true,
    slaDueAt: true,
    firstResponseDueAt: true,
    resolutionDueAt: true,
    resolvedAt: true,
    slaPausedAt: true,
    externalDueAt: true,
    createdAt: true,
    lastActivityAt: true,
    assignee: { select: { id: true, firstName: true, lastName: true, email: true } },
    mergedInto: { select: { id: true, number: true, subject: true } },
    mergedCases: { select: { id: true, number: true }, orderBy: { number: "asc" }, take: 20 },
  });

  const [page, latest, suggestions, staff, tags] = await Promise.all([
    timelinePage(shopId, caseId, before),
    db.message.findFirst({
      where: { shopId, caseId, direction: { in: ["INBOUND", "OUTBOUND"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, createdAt: true, authorName: true },
    }),
    WAITING_STATUSES.includes(c.status) ? openSuggestions(shopId, caseId) : Promise.resolve([]),
    db.staff.findMany({
      where: { shopId, active: true },
      select: { id: true, firstName: true, lastName: true, email: true },
      orderBy: [{ firstName: "asc" }, { email: "asc" }],
      take: 200,
    }),
    db.tag.findMany({ where: { shopId }, select: { name: true }, orderBy: { name: "asc" }, take: 500 }),
  ]);
  return {
    case: {
      id: c.id,
      number: c.number,
      subject: c.subject,
      status: c.status,
      priority: c.priority,
      topic: c.topic,
      channel: c.channel,
      tags: c.tags,
      urgent: c.urgent,
      sentiment: c.sentiment,
      signals: c.signals,
      customerId: c.customerId,
      customerName: c.customerName,
      customerEmail: c.customerEmail,
      assignee: c.assignee ? { id: c.assignee.id, name: staffName(c.assignee) } : null,
      snoozedUntil: iso(c.snoozedUntil),
      firstResponseAt: iso(c.firstResponseAt),
      slaDueAt: iso(c.slaDueAt),
      sla: caseSlaView(c, new Date()),
      createdAt: c.createdAt.toISOString(),
      lastActivityAt: c.lastActivityAt.toISOString(),
      mergedInto: c.mergedInto,
      mergedCases: c.mergedCases,
      latestMessage: latest ? { id: latest.id, at: latest.createdAt.toISOString(), authorName: latest.authorName } : null,
    },
    timeline: page.items,
    earlierCursor: page.earlierCursor,
    suggestions,
    staff: staff.map((s) => ({ id: s.id, name: staffName(s) })),
    tags: [...new Set([...tags.map((t) => t.name), ...c.tags])],
    viewerId: staffId,
  };
}

// ───────────────────────────── Timeline ─────────────────────────────

interface Cursor {
  at: Date;
  id: string;
}

/** Items are ordered by (time, id); ids are UUIDv7 in both tables, so ties break the same way everywhere. */
export function encodeCursor(at: Date, id: string): string {
  return `${at.toISOString()}_${id}`;
}

export function decodeCursor(raw: string): Cursor {
  const [at, id, ...rest] = raw.split("_");
  if (!at || !id || rest.length > 0 || !UUID.test(id) || !isIsoInstant(at)) {
    throw new AppError("bad_request", "The link to earlier messages is not valid. Open the case again from the inbox.");
  }
  return { at: new Date(at), id };
}

/**
 * The newest page of items older than the cursor, returned oldest first. Each table is read with a keyset
 * on its (time, id) index ([caseId, createdAt] / [caseId, occurredAt]) for at most one page plus one, then
 * merged: a case with thousands of messages costs the same as one with fifty.
 */
export async function timelinePage(
  shopId: string,
  caseId: string,
  before: Cursor | null,
  size = TIMELINE_PAGE_SIZE,
): Promise<{ items: TimelineItem[]; earlierCursor: string | null }> {
  const messageWhere: Prisma.MessageWhereInput = { shopId, caseId };
  // Suggestions show above the thread; reply/note events are the messages themselves (kept for the audit trail).
  const eventWhere: Prisma.CaseEventWhereInput = { shopId, caseId, type: { notIn: HIDDEN_EVENT_TYPES } };
  if (before) {
    messageWhere.OR = [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }];
    eventWhere.OR = [{ occurredAt: { lt: before.at } }, { occurredAt: before.at, id: { lt: before.id } }];
  }
  const [messages, events] = await Promise.all([
    db.message.findMany({
      where: messageWhere,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: size + 1,
      select: {
        id: true,
        createdAt: true,
        direction: true,
        channel: true,
        authorType: true,
        authorName: true,
        authorEmail: true,
        authorStaffId: true,
        bodyText: true,
        bodyHtml: true,
        deliveryStatus: true,
        deliveryError: true,
        sentAt: true,
        attachments: { select: { id: true, filename: true, contentType: true, size: true } },
      },
    }),
    db.caseEvent.findMany({
      where: eventWhere,
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: size + 1,
      select: {
        id: true,
        occurredAt: true,
        type: true,
        actorType: true,
        data: true,
        staff: { select: { firstName: true, lastName: true, email: true } },
        order: { select: { name: true } },
      },
    }),
  ]);

  // Messages from a sender nobody vouched for (shown on the message, not as a row of their own).
  const unverified = new Set(
    messages.length === 0
      ? []
      : (
          await db.caseEvent.findMany({
            where: { shopId, caseId, type: "unverified_sender", occurredAt: { gte: messages[messages.length - 1].createdAt } },
            select: { data: true },
          })
        ).map((e) => stringOr(e.data, "messageId")),
  );

  // Assignment events name the assignee by id; the page shows the name.
  const assigneeIds = [
    ...new Set(
      events.flatMap((e) => {
        const to = e.type === "assigned" && e.data && typeof e.data === "object" && !Array.isArray(e.data) ? (e.data as Record<string, unknown>).to : null;
        return typeof to === "string" && UUID.test(to) ? [to] : [];
      }),
    ),
  ];
  const assignees = new Map(
    assigneeIds.length === 0
      ? []
      : (
          await db.staff.findMany({ where: { shopId, id: { in: assigneeIds } }, select: { id: true, firstName: true, lastName: true, email: true } })
        ).map((s) => [s.id, staffName(s)]),
  );

  type Keyed = { at: Date; id: string; item: () => TimelineItem };
  const merged: Keyed[] = [
    ...messages.map(
      (m): Keyed => ({
        at: m.createdAt,
        id: m.id,
        item: () => ({
          kind: "message",
          id: m.id,
          at: m.createdAt.toISOString(),
          direction: m.direction,
          channel: m.channel,
          authorType: m.authorType,
          authorName: m.authorName,
          authorEmail: m.authorEmail,
          authorStaffId: m.authorStaffId,
          text: m.bodyText,
          ...messageHtml(m.bodyHtml),
          deliveryStatus: m.deliveryStatus,
          deliveryError: m.deliveryError,
          sentAt: iso(m.sentAt),
          attachments: m.attachments,
          unverifiedSender: unverified.has(m.id),
        }),
      }),
    ),
    ...events.map(
      (e): Keyed => ({
        at: e.occurredAt,
        id: e.id,
        item: () => ({
          kind: "event",
          id: e.id,
          at: e.occurredAt.toISOString(),
          type: e.type,
          actorType: e.actorType,
          staffName: e.staff ? staffName(e.staff) : null,
          orderName: e.order?.name ?? stringOr(e.data, "orderName"),
          data: withAssigneeName(e.type, eventData(e.data), assignees),
        }),
      }),
    ),
  ];
  merged.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const hasMore = merged.length > size;
  const pageItems = merged.slice(0, size);
  const oldest = pageItems[pageItems.length - 1];
  return {
    items: pageItems.reverse().map((k) => k.item()),
    earlierCursor: hasMore && oldest ? encodeCursor(oldest.at, oldest.id) : null,
  };
}

/** Event data for the page, with links only when they are http(s). */
function eventData(data: Prisma.JsonValue): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const key of ["trackingUrl", "reverseTrackingUrl", "url"]) {
    if (key in out) out[key] = safeHttpUrl(out[key]);
  }
  return out;
}

function withAssigneeName(type: string, data: Record<string, unknown>, names: Map<string, string>): Record<string, unknown> {
  if (type !== "assigned" || typeof data.to !== "string" || data.toName) return data;
  return { ...data, toName: names.get(data.to) ?? null };
}

function stringOr(data: Prisma.JsonValue, key: string): string | null {
  if (!data || typeof data !== "object" || Array.isArray(data)) return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}

// ───────────────────────────── Suggestions ─────────────────────────────

/**
 * Suggestions the order mirror left for staff (order-context.server.ts) that no staff reply has answered yet:
 * those after the last outbound message, newest first.
 */
export async function openSuggestions(shopId: string, caseId: string): Promise<Suggestion[]> {
  const lastReply = await db.message.findFirst({
    where: { shopId, caseId, direction: "OUTBOUND" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const rows = await db.caseEvent.findMany({
    where: { shopId, caseId, type: "suggestion", ...(lastReply ? { occurredAt: { gt: lastReply.createdAt } } : {}) },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: 3,
    select: { id: true, occurredAt: true, data: true, order: { select: { name: true } } },
  });
  return rows.flatMap((r) => {
    const text = stringOr(r.data, "text");
    if (!text) return [];
    return [
      {
        id: r.id,
        at: r.occurredAt.toISOString(),
        kind: stringOr(r.data, "kind") ?? "suggestion",
        text,
        orderName: r.order?.name ?? stringOr(r.data, "orderName"),
      },
    ];
  });
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A message's HTML for the page: remote images blocked, and the variant that shows them (app/cases/sanitize.server.ts). */
function messageHtml(bodyHtml: string | null): Pick<MessageItem, "html" | "htmlWithRemoteImages"> {
  const { html, withRemoteImages } = renderMessageHtml(bodyHtml);
  return { html, htmlWithRemoteImages: withRemoteImages };
}
