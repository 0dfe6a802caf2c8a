import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { Prisma } from "../generated/prisma/client";
import type { FeedbackKind, FeedbackStatus } from "../generated/prisma/client";
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, LIST_LIMIT } from "./constants";

// The feedback loop: staff tag a customer's message as product feedback or a feature request; requests roll up
// by how many cases asked and by the revenue of the customers asking.
//
// Revenue of a request = the sum of Customer.totalSpent (Shopify's lifetime amount spent, in the shop's
// currency) over the DISTINCT customers of its mentions — a customer who asked in two cases counts once.
// The mention's customer is the one stored when it was tagged, else the case's current customer; guests (no
// customer record) add a mention but no revenue. Redacted customers keep their totalSpent (anonymous counts
// stay right), so a request's revenue does not drop when a customer is erased.
//
// Personal data: a mention holds ids only (case, message, customer); the excerpt shown is read live from the
// message, which customers/redact blanks. Request titles and descriptions are written by staff and are not
// redacted — the tag form asks staff to describe the request, not the customer.

export { FEEDBACK_KINDS, FEEDBACK_STATUSES, LIST_LIMIT };
export const MAX_TITLE = 140;
export const MAX_DESCRIPTION = 2000;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

export function titleKey(title: string): string {
  return title.trim().replace(/\s+/g, " ").toLowerCase();
}

const Kind = z.enum(FEEDBACK_KINDS, { error: "Choose Product feedback or Feature request." });
const Status = z.enum(FEEDBACK_STATUSES, { error: "Choose Open, Planned, Shipped or Declined." });
/** Shopify product ids are positive and stored as int64 (BigInt column): anything outside 1..2^63-1 is refused. */
const INT64_MAX = 9223372036854775807n;
const BAD_PRODUCT = "The product is not valid. Choose one from the list.";
const ProductId = z
  .union([z.string().trim().regex(/^\d{1,19}$/, { error: BAD_PRODUCT }), z.bigint(), z.number().int()])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 1n && v <= INT64_MAX, { error: BAD_PRODUCT });

/** What the tag form sends (strings from a form or typed values from code). */
export const TagMessageInput = z
  .object({
    caseId: z.string().regex(uuid, { error: "The case is not valid. Reload the case and try again." }),
    messageId: z.string().regex(uuid, { error: "The message is not valid. Reload the case and try again." }),
    kind: Kind,
    requestId: optional(z.string().regex(uuid, { error: "The request is not valid. Choose one from the list." })),
    newTitle: optional(
      z
        .string()
        .trim()
        .max(MAX_TITLE, { error: `The title is longer than ${MAX_TITLE} characters. Shorten it.` }),
    ),
    description: optional(z.string().trim().max(MAX_DESCRIPTION, { error: `The description is longer than ${MAX_DESCRIPTION} characters.` })),
    productId: optional(ProductId),
    productTitle: optional(z.string().trim().max(255)),
  })
  .refine((v) => v.requestId || v.newTitle, { error: "Choose an existing request or type a title for a new one." });
export type TagMessageInput = z.input<typeof TagMessageInput>;

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

export function requireUuid(id: unknown, what = "This feedback request"): string {
  if (typeof id !== "string" || !uuid.test(id)) throw new AppError("not_found", `${what} does not exist. Open Feedback to find it.`);
  return id.toLowerCase();
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export interface TagResult {
  mentionId: string;
  requestId: string;
  title: string;
  created: boolean;
}

/**
 * Tags an inbound customer message: joins an existing request (requestId) or the request with the same kind
 * and title (case and spacing ignored), creating it when there is none. One mention per case and request:
 * tagging the same case again is refused with a message saying so.
 */
export async function tagMessage(shopId: string, staffId: string | null, raw: TagMessageInput): Promise<TagResult> {
  const input = parse(TagMessageInput, raw);
  const c = await db.case.findFirst({ where: { id: input.caseId.toLowerCase(), shopId }, select: { id: true, number: true, customerId: true } });
  if (!c) throw new AppError("not_found", "This case does not exist. Open the inbox to find it.");
  const message = await db.message.findFirst({ where: { id: input.messageId.toLowerCase(), shopId, caseId: c.id }, select: { id: true, direction: true } });
  if (!message) throw new AppError("not_found", "This message is not on this case any more. Reload the case.");
  if (message.direction !== "INBOUND") throw new AppError("bad_request", "Only a customer's message can be tagged as feedback.");

  let product: { productId: bigint; productTitle: string | null } | null = null;
  if (input.productId !== undefined) {
    const line = await db.lineItem.findFirst({ where: { shopId, productId: input.productId }, select: { title: true } });
    product = { productId: input.productId, productTitle: input.productTitle ?? line?.title ?? null };
  }

  let request: { id: string; title: string; productId: bigint | null };
  let created = false;
  if (input.requestId) {
    const found = await db.feedbackRequest.findFirst({ where: { id: input.requestId.toLowerCase(), shopId }, select: { id: true, title: true, productId: true } });
    if (!found) throw new AppError("not_found", "This feedback request does not exist any more. Choose another or type a new title.");
    request = found;
  } else {
    const title = input.newTitle!.replace(/\s+/g, " ");
    const key = titleKey(title);
    const where = { shopId, kind: input.kind as FeedbackKind, titleKey: key };
    const existing = await db.feedbackRequest.findFirst({ where, select: { id: true, title: true, productId: true } });
    if (existing) request = existing;
    else {
      try {
        request = await db.feedbackRequest.create({
          data: { ...where, title, description: input.description ?? null, productId: product?.productId ?? null, productTitle: product?.productTitle ?? null },
          select: { id: true, title: true, productId: true },
        });
        created = true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        request = await db.feedbackRequest.findFirstOrThrow({ where, select: { id: true, title: true, productId: true } });
      }
    }
  }
  // Joining a request that names no product yet: the product chosen now becomes its product.
  if (!created && product && request.productId === null) {
    await db.feedbackRequest.updateMany({ where: { id: request.id, shopId, productId: null }, data: product });
  }

  try {
    const mention = await db.feedbackMention.create({
      data: { shopId, requestId: request.id, caseId: c.id, messageId: message.id, customerId: c.customerId, taggedById: staffId },
      select: { id: true },
    });
    return { mentionId: mention.id, requestId: request.id, title: request.title, created };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("conflict", `Case #${c.number} is already tagged with “${request.title}”. Each case counts once per request.`);
  }
}

/** Removes one mention (the case no longer counts for the request). The request stays, even with no mentions. */
export async function untagMention(shopId: string, mentionId: string, scope: { caseId?: string; requestId?: string } = {}): Promise<void> {
  const id = requireUuid(mentionId, "This tag");
  const removed = await db.feedbackMention.deleteMany({
    where: { id, shopId, ...(scope.caseId ? { caseId: scope.caseId } : {}), ...(scope.requestId ? { requestId: scope.requestId } : {}) },
  });
  if (removed.count === 0) throw new AppError("not_found", "This tag was already removed. Reload the page.");
}

// ───────────────────────────── List ─────────────────────────────

export const FeedbackListQuery = z.object({
  sort: z.enum(["count", "revenue", "newest"], { error: "Sort by count, revenue or newest." }).default("count"),
  status: z.preprocess(emptyToUndefined, z.enum([...FEEDBACK_STATUSES, "all"], { error: "Filter by Open, Planned, Shipped, Declined or all." }).default("all")),
  kind: z.preprocess(emptyToUndefined, Kind.optional()),
  productId: optional(ProductId),
});
export type FeedbackListQuery = z.output<typeof FeedbackListQuery>;

export interface FeedbackRow {
  id: string;
  kind: FeedbackKind;
  title: string;
  status: FeedbackStatus;
  productId: string | null;
  productTitle: string | null;
  mentions: number;
  customers: number;
  /** Decimal as a string, in the shop's currency. */
  revenue: string;
  createdAt: string;
}

export function parseListQuery(params: URLSearchParams | Record<string, unknown>): FeedbackListQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  return parse(FeedbackListQuery, raw);
}

/** The requests of a shop with their mention count, distinct customers and revenue of those customers. */
export async function listRequests(shopId: string, rawQuery: Partial<Record<keyof FeedbackListQuery, unknown>> = {}): Promise<FeedbackRow[]> {
  const query = parse(FeedbackListQuery, rawQuery);
  const filters: Prisma.Sql[] = [Prisma.sql`r."shopId" = ${shopId}::uuid`];
  if (query.status !== "all") filters.push(Prisma.sql`r.status = ${query.status}::"FeedbackStatus"`);
  if (query.kind) filters.push(Prisma.sql`r.kind = ${query.kind}::"FeedbackKind"`);
  if (query.productId !== undefined) filters.push(Prisma.sql`r."productId" = ${query.productId}`);
  const order =
    query.sort === "revenue"
      ? Prisma.sql`revenue DESC, mentions DESC, r."createdAt" DESC, r.id`
      : query.sort === "newest"
        ? Prisma.sql`r."createdAt" DESC, r.id`
        : Prisma.sql`mentions DESC, revenue DESC, r."createdAt" DESC, r.id`;
  const rows = await db.$queryRaw<
    { id: string; kind: FeedbackKind; title: string; status: FeedbackStatus; productId: bigint | null; productTitle: string | null; mentions: number; customers: number; revenue: string; createdAt: Date }[]
  >`
    WITH m AS (
      SELECT fm."requestId", COALESCE(fm."customerId", c."customerId") AS "customerId"
      FROM "FeedbackMention" fm JOIN "Case" c ON c.id = fm."caseId" AND c."shopId" = fm."shopId"
      WHERE fm."shopId" = ${shopId}::uuid
    ), agg AS (
      SELECT "requestId", count(*)::int AS mentions, count(DISTINCT "customerId")::int AS customers FROM m GROUP BY "requestId"
    ), rev AS (
      SELECT d."requestId", sum(cu."totalSpent") AS revenue
      FROM (SELECT DISTINCT "requestId", "customerId" FROM m WHERE "customerId" IS NOT NULL) d
      JOIN "Customer" cu ON cu.id = d."customerId" AND cu."shopId" = ${shopId}::uuid
      GROUP BY d."requestId"
    )
    SELECT r.id::text AS id, r.kind, r.title, r.status, r."productId", r."productTitle", r."createdAt",
      COALESCE(agg.mentions, 0)::int AS mentions, COALESCE(agg.customers, 0)::int AS customers,
      COALESCE(rev.revenue, 0)::numeric(18, 2)::text AS revenue
    FROM "FeedbackRequest" r
    LEFT JOIN agg ON agg."requestId" = r.id
    LEFT JOIN rev ON rev."requestId" = r.id
    WHERE ${Prisma.join(filters, " AND ")}
    ORDER BY ${order}
    LIMIT ${LIST_LIMIT}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    status: r.status,
    productId: r.productId === null ? null : String(r.productId),
    productTitle: r.productTitle,
    mentions: Number(r.mentions),
    customers: Number(r.customers),
    revenue: r.revenue,
    createdAt: r.createdAt.toISOString(),
  }));
}

export function countRequests(shopId: string): Promise<number> {
  return db.feedbackRequest.count({ where: { shopId } });
}

/** Products named by the shop's requests, for the list's product filter. */
export async function requestProducts(shopId: string): Promise<{ productId: string; title: string }[]> {
  const rows = await db.feedbackRequest.findMany({
    where: { shopId, productId: { not: null } },
    distinct: ["productId"],
    orderBy: { productId: "asc" },
    select: { productId: true, productTitle: true },
  });
  return rows.map((r) => ({ productId: String(r.productId), title: r.productTitle ?? `Product ${r.productId}` }));
}

// ───────────────────────────── Detail ─────────────────────────────

export interface MentionView {
  id: string;
  caseId: string;
  caseNumber: number;
  customerName: string | null;
  excerpt: string;
  messageAt: string | null;
  taggedAt: string;
  notifiedAt: string | null;
  notifiedMessageId: string | null;
  /** False when the case has no customer email (a guest without address, or a redacted customer). */
  reachable: boolean;
}

export interface RequestDetail {
  request: {
    id: string;
    kind: FeedbackKind;
    title: string;
    description: string | null;
    productId: string | null;
    productTitle: string | null;
    status: FeedbackStatus;
    shippedAt: string | null;
    notifiedAt: string | null;
    createdAt: string;
  };
  mentions: MentionView[];
  totals: { mentions: number; customers: number; revenue: string; toNotify: number; unreachable: number; notified: number };
}

const EXCERPT = 200;

export async function getRequest(shopId: string, requestId: string): Promise<RequestDetail> {
  const id = requireUuid(requestId);
  const r = await db.feedbackRequest.findFirst({ where: { id, shopId } });
  if (!r) throw new AppError("not_found", "This feedback request does not exist. Open Feedback to find it.");
  const mentions = await db.feedbackMention.findMany({
    where: { shopId, requestId: id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      caseId: true,
      messageId: true,
      customerId: true,
      createdAt: true,
      notifiedAt: true,
      notifiedMessageId: true,
      case: {
        select: {
          number: true,
          customerId: true,
          customerName: true,
          customerEmail: true,
          mergedInto: { select: { customerEmail: true } },
          customer: { select: { firstName: true, lastName: true } },
        },
      },
    },
  });
  const messageIds = mentions.map((m) => m.messageId).filter((x): x is string => Boolean(x));
  const messages = messageIds.length
    ? await db.message.findMany({ where: { shopId, id: { in: messageIds } }, select: { id: true, bodyText: true, createdAt: true } })
    : [];
  const byId = new Map(messages.map((m) => [m.id, m]));
  const customerIds = [...new Set(mentions.map((m) => m.customerId ?? m.case.customerId).filter((x): x is string => Boolean(x)))];
  const revenue = customerIds.length
    ? await db.customer.aggregate({ where: { shopId, id: { in: customerIds } }, _sum: { totalSpent: true } })
    : null;

  const views: MentionView[] = mentions.map((m) => {
    const message = m.messageId ? byId.get(m.messageId) : undefined;
    const name = m.case.customerName ?? ([m.case.customer?.firstName, m.case.customer?.lastName].filter(Boolean).join(" ") || null);
    return {
      id: m.id,
      caseId: m.caseId,
      caseNumber: m.case.number,
      customerName: name,
      excerpt: message ? excerptOf(message.bodyText) : "",
      messageAt: message ? message.createdAt.toISOString() : null,
      taggedAt: m.createdAt.toISOString(),
      notifiedAt: m.notifiedAt?.toISOString() ?? null,
      notifiedMessageId: m.notifiedMessageId,
      reachable: Boolean(m.case.mergedInto ? m.case.mergedInto.customerEmail : m.case.customerEmail),
    };
  });
  return {
    request: {
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      productId: r.productId === null ? null : String(r.productId),
      productTitle: r.productTitle,
      status: r.status,
      shippedAt: r.shippedAt?.toISOString() ?? null,
      notifiedAt: r.notifiedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    },
    mentions: views,
    totals: {
      mentions: views.length,
      customers: customerIds.length,
      revenue: (revenue?._sum.totalSpent ?? new Prisma.Decimal(0)).toFixed(2),
      toNotify: views.filter((v) => !v.notifiedAt && v.reachable).length,
      unreachable: views.filter((v) => !v.notifiedAt && !v.reachable).length,
      notified: views.filter((v) => v.notifiedAt).length,
    },
  };
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

const StatusInput = z.object({ status: Status });

/** Moves a request to Open, Planned, Shipped or Declined; shippedAt records when it shipped. */
export async function setRequestStatus(shopId: string, requestId: string, raw: { status: unknown }): Promise<{ status: FeedbackStatus }> {
  const id = requireUuid(requestId);
  const { status } = parse(StatusInput, raw);
  const current = await db.feedbackRequest.findFirst({ where: { id, shopId }, select: { status: true, shippedAt: true } });
  if (!current) throw new AppError("not_found", "This feedback request does not exist. Open Feedback to find it.");
  await db.feedbackRequest.updateMany({
    where: { id, shopId },
    data: { status, shippedAt: status === "SHIPPED" ? (current.shippedAt ?? new Date()) : null },
  });
  return { status };
}

// ───────────────────────────── Case view ─────────────────────────────

export interface CaseFeedback {
  /** Tags on this case's messages. */
  tags: { mentionId: string; messageId: string | null; requestId: string; title: string; kind: FeedbackKind; status: FeedbackStatus }[];
  /** Requests to join (open and planned first), for the tag form. */
  requests: { id: string; title: string; kind: FeedbackKind; status: FeedbackStatus }[];
  /** Products of the case's linked orders, for the tag form. */
  products: { productId: string; title: string }[];
}

export async function caseFeedback(shopId: string, caseId: string): Promise<CaseFeedback> {
  const [mentions, requests, lines] = await Promise.all([
    db.feedbackMention.findMany({
      where: { shopId, caseId },
      orderBy: { createdAt: "asc" },
      select: { id: true, messageId: true, request: { select: { id: true, title: true, kind: true, status: true } } },
    }),
    db.feedbackRequest.findMany({
      where: { shopId, status: { in: ["OPEN", "PLANNED"] } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: 200,
      select: { id: true, title: true, kind: true, status: true },
    }),
    db.lineItem.findMany({
      where: { shopId, productId: { not: null }, order: { shopId, cases: { some: { caseId, shopId } } } },
      distinct: ["productId"],
      orderBy: { productId: "asc" },
      take: 50,
      select: { productId: true, title: true },
    }),
  ]);
  return {
    tags: mentions.map((m) => ({ mentionId: m.id, messageId: m.messageId, requestId: m.request.id, title: m.request.title, kind: m.request.kind, status: m.request.status })),
    requests,
    products: lines.map((l) => ({ productId: String(l.productId), title: l.title })),
  };
}
