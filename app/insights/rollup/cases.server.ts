/**
 * Case-side rollups of the insights dashboard (issue 8): InsightCaseDaily and InsightSelfServiceDaily, replaced
 * per (shop, local day) from the base tables. Called by app/insights/rollup/run.server.ts inside the transaction
 * that took the days off InsightDirtyDay, so a failed recompute leaves them dirty.
 *
 * Day attribution uses PostgreSQL's zone conversion, exactly like the triggers that mark the days
 * ((ts AT TIME ZONE 'UTC') AT TIME ZONE shop zone)::date, bounded by the UTC range of the batch (index ranges).
 *
 * InsightCaseDaily, one row per (day, channel, topic, assigneeId) — channel, topic and assignee are the case's
 * current ones; merged-away cases (mergedIntoId set) count nowhere (their conversation lives on in the target), nor
 * do outreach cases (Case.outreach: an NPS survey nobody answered; a reply makes it an ordinary case, created then):
 * - created-day facts (Case.createdAt): created; firstResponded + firstResponseMinutes (createdAt → firstResponseAt);
 *   firstResponseBreached (firstResponseAt > firstResponseDueAt, or still unanswered at `now` past the due time);
 *   repeatContacts (Case.repeatContact, decided once — see decideRepeatContacts); urgent; negative (sentiment);
 *   paymentFailureContacts (signals contain 'payment_failed').
 * - resolved-day facts (Case.resolvedAt, the last resolution of a reopened case): resolved; resolutionMinutes
 *   (createdAt → resolvedAt, so a reopened case's time includes the time it spent resolved before reopening);
 *   resolutionBreached (resolvedAt > resolutionDueAt); firstTouchResolved (exactly one OUTBOUND message authored by
 *   STAFF and reopenCount = 0); reopened (reopenCount > 0); topicReviewed (suggestedTopic set) / topicCorrect
 *   (topic = suggestedTopic).
 * - CSAT by SatisfactionRating.respondedAt (scores 1–5 only), credited to the rating's staffId (stored in
 *   assigneeId); the case's channel and topic. Ratings of merged-away cases still count: the customer answered.
 * Minutes are business minutes (businessMinutesBetween, the shop's opening hours and holidays) when
 * settings.sla.businessHoursOnly, else wall-clock minutes; both rounded down.
 *
 * InsightSelfServiceDaily, per (day of the event, kind): events; followedUp = followUpCaseId set, or a
 * non-merged case created in [event, event + 72 h) linked to the event's order (CaseOrder) or of the event's
 * customer; pending = not followed up and the event younger than 72 h at `now`.
 */
import type { Prisma } from "../../generated/prisma/client";
import type { CaseTopic, Channel, SelfServiceKind } from "../../generated/prisma/enums";
import type { ShopSettings } from "../../shops/settings.server";
import { businessMinutesBetween } from "../business-hours";
import { dayAsDate, dayRange } from "./days";

type Tx = Prisma.TransactionClient;

export interface RollupContext {
  /** The shop's zone (Shop.ianaTimezone, checked). */
  timezone: string;
  settings: ShopSettings;
  now: Date;
}

const MINUTE = 60_000;
const REPEAT_WINDOW = "7 days";
const FOLLOW_UP_WINDOW = "72 hours";
/** A case's "not a repeat contact" is kept only once it is a day old: an order linked a little later still counts. */
const REPEAT_SETTLE_MS = 24 * 60 * MINUTE;
const INSERT_CHUNK = 1000;

/** Timestamp parameters go as UTC text cast to `timestamp` (the columns are UTC without a zone). */
export const ts = (d: Date) => d.toISOString().replace("Z", "");

export interface BatchBounds {
  days: string[];
  /** UTC start of the earliest day, end of the latest. */
  start: string;
  end: string;
}

export function batchBounds(days: string[], timezone: string): BatchBounds {
  const sorted = [...new Set(days)].sort();
  return { days: sorted, start: ts(dayRange(sorted[0], timezone).start), end: ts(dayRange(sorted[sorted.length - 1], timezone).end) };
}

export function minutesBetween(start: Date, end: Date, settings: ShopSettings): number {
  if (settings.sla.businessHoursOnly) return businessMinutesBetween(start, end, settings.businessHours);
  return Math.max(0, Math.floor((end.getTime() - start.getTime()) / MINUTE));
}

interface CaseDailyRow {
  day: string;
  channel: Channel;
  topic: CaseTopic;
  assigneeId: string | null;
  created: number;
  firstResponded: number;
  firstResponseMinutes: number[];
  firstResponseBreached: number;
  repeatContacts: number;
  urgent: number;
  negative: number;
  paymentFailureContacts: number;
  resolved: number;
  resolutionMinutes: number[];
  resolutionBreached: number;
  firstTouchResolved: number;
  reopened: number;
  topicReviewed: number;
  topicCorrect: number;
  csatResponses: number;
  csatScores: number[];
}

function emptyRow(day: string, channel: Channel, topic: CaseTopic, assigneeId: string | null): CaseDailyRow {
  return {
    day,
    channel,
    topic,
    assigneeId,
    created: 0,
    firstResponded: 0,
    firstResponseMinutes: [],
    firstResponseBreached: 0,
    repeatContacts: 0,
    urgent: 0,
    negative: 0,
    paymentFailureContacts: 0,
    resolved: 0,
    resolutionMinutes: [],
    resolutionBreached: 0,
    firstTouchResolved: 0,
    reopened: 0,
    topicReviewed: 0,
    topicCorrect: 0,
    csatResponses: 0,
    csatScores: [0, 0, 0, 0, 0],
  };
}

interface CreatedFact {
  day: string;
  id: string;
  channel: Channel;
  topic: CaseTopic;
  assigneeId: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  repeatContact: boolean | null;
  urgent: boolean;
  negative: boolean;
  paymentFailed: boolean;
}

interface ResolvedFact {
  day: string;
  channel: Channel;
  topic: CaseTopic;
  assigneeId: string | null;
  createdAt: Date;
  resolvedAt: Date;
  resolutionDueAt: Date | null;
  reopenCount: number;
  suggestedTopic: CaseTopic | null;
  staffReplies: number;
}

interface CsatFact {
  day: string;
  channel: Channel;
  topic: CaseTopic;
  assigneeId: string | null;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

/** Replaces InsightCaseDaily of `days` (local days, YYYY-MM-DD) for one shop. */
export async function recomputeCaseDays(tx: Tx, shopId: string, days: string[], ctx: RollupContext): Promise<void> {
  if (days.length === 0) return;
  const b = batchBounds(days, ctx.timezone);
  const tz = ctx.timezone;
  const localDate = (col: string) => `((${col} AT TIME ZONE 'UTC') AT TIME ZONE $2)::date`;

  const created = await tx.$queryRawUnsafe<CreatedFact[]>(
    `SELECT ${localDate(`c."createdAt"`)}::text AS day, c.id::text AS id, c.channel, c.topic, c."assigneeId"::text AS "assigneeId",
       c."createdAt", c."firstResponseAt", c."firstResponseDueAt", c."repeatContact", c.urgent,
       (c.sentiment = 'NEGATIVE') AS negative, ('payment_failed' = ANY(c.signals)) AS "paymentFailed"
     FROM "Case" c
     WHERE c."shopId" = $1::uuid AND c."createdAt" >= $3::timestamp AND c."createdAt" < $4::timestamp
       AND c."mergedIntoId" IS NULL AND NOT c.outreach AND ${localDate(`c."createdAt"`)} = ANY($5::date[])`,
    shopId,
    tz,
    b.start,
    b.end,
    b.days,
  );
  const resolved = await tx.$queryRawUnsafe<ResolvedFact[]>(
    `SELECT ${localDate(`c."resolvedAt"`)}::text AS day, c.channel, c.topic, c."assigneeId"::text AS "assigneeId",
       c."createdAt", c."resolvedAt", c."resolutionDueAt", c."reopenCount", c."suggestedTopic",
       (SELECT count(*)::int FROM "Message" m
         WHERE m."caseId" = c.id AND m."shopId" = c."shopId" AND m.direction = 'OUTBOUND' AND m."authorType" = 'STAFF'
           AND m."createdAt" <= c."resolvedAt") AS "staffReplies"
     FROM "Case" c
     WHERE c."shopId" = $1::uuid AND c."resolvedAt" >= $3::timestamp AND c."resolvedAt" < $4::timestamp
       AND c."mergedIntoId" IS NULL AND NOT c.outreach AND ${localDate(`c."resolvedAt"`)} = ANY($5::date[])`,
    shopId,
    tz,
    b.start,
    b.end,
    b.days,
  );
  const csat = await tx.$queryRawUnsafe<CsatFact[]>(
    `SELECT ${localDate(`r."respondedAt"`)}::text AS day, c.channel, c.topic, r."staffId"::text AS "assigneeId",
       count(*) FILTER (WHERE r.score = 1)::int AS s1, count(*) FILTER (WHERE r.score = 2)::int AS s2,
       count(*) FILTER (WHERE r.score = 3)::int AS s3, count(*) FILTER (WHERE r.score = 4)::int AS s4,
       count(*) FILTER (WHERE r.score = 5)::int AS s5
     FROM "SatisfactionRating" r JOIN "Case" c ON c.id = r."caseId" AND c."shopId" = r."shopId"
     WHERE r."shopId" = $1::uuid AND r."respondedAt" >= $3::timestamp AND r."respondedAt" < $4::timestamp
       AND r.score BETWEEN 1 AND 5 AND NOT c.outreach AND ${localDate(`r."respondedAt"`)} = ANY($5::date[])
     GROUP BY 1, 2, 3, 4`,
    shopId,
    tz,
    b.start,
    b.end,
    b.days,
  );

  // Decided here in memory only: persistRepeatContacts wrote them before this transaction (row locks on cases held
  // for a whole recompute would make staff and webhooks wait on the job).
  const repeat = await decideRepeatContacts(tx, shopId, created, ctx.now, { persist: false });

  const rows = new Map<string, CaseDailyRow>();
  const rowFor = (day: string, channel: Channel, topic: CaseTopic, assigneeId: string | null) => {
    const key = `${day}|${channel}|${topic}|${assigneeId ?? ""}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = emptyRow(day, channel, topic, assigneeId)));
    return row;
  };

  for (const c of created) {
    const row = rowFor(c.day, c.channel, c.topic, c.assigneeId);
    row.created += 1;
    if (c.firstResponseAt) {
      row.firstResponded += 1;
      row.firstResponseMinutes.push(minutesBetween(c.createdAt, c.firstResponseAt, ctx.settings));
    }
    const due = c.firstResponseDueAt;
    if (due && (c.firstResponseAt ? c.firstResponseAt > due : ctx.now > due)) row.firstResponseBreached += 1;
    if (repeat.get(c.id)) row.repeatContacts += 1;
    if (c.urgent) row.urgent += 1;
    if (c.negative) row.negative += 1;
    if (c.paymentFailed) row.paymentFailureContacts += 1;
  }
  for (const c of resolved) {
    const row = rowFor(c.day, c.channel, c.topic, c.assigneeId);
    row.resolved += 1;
    row.resolutionMinutes.push(minutesBetween(c.createdAt, c.resolvedAt, ctx.settings));
    if (c.resolutionDueAt && c.resolvedAt > c.resolutionDueAt) row.resolutionBreached += 1;
    if (c.reopenCount === 0 && c.staffReplies === 1) row.firstTouchResolved += 1;
    if (c.reopenCount > 0) row.reopened += 1;
    if (c.suggestedTopic) {
      row.topicReviewed += 1;
      if (c.suggestedTopic === c.topic) row.topicCorrect += 1;
    }
  }
  for (const r of csat) {
    const row = rowFor(r.day, r.channel, r.topic, r.assigneeId);
    const scores = [r.s1, r.s2, r.s3, r.s4, r.s5];
    row.csatResponses += scores.reduce((a, n) => a + n, 0);
    row.csatScores = row.csatScores.map((n, i) => n + scores[i]);
  }

  await tx.insightCaseDaily.deleteMany({ where: { shopId, day: { in: b.days.map(dayAsDate) } } });
  const data = [...rows.values()].map((r) => ({ ...r, shopId, day: dayAsDate(r.day) }));
  for (let i = 0; i < data.length; i += INSERT_CHUNK) {
    await tx.insightCaseDaily.createMany({ data: data.slice(i, i + INSERT_CHUNK) });
  }
}

/**
 * Case.repeatContact for the cases that have none yet: another non-merged case of the same customer (customerId,
 * or the same email, case-insensitive) or linked to one of the same orders, created in the 7 days before this one.
 * Decided once and stored on the case, because redaction erases the email later. "Yes" is stored at once (it
 * cannot become "no"); "no" once the case is a day old, so an order linked shortly after it opened still counts.
 */
async function decideRepeatContacts(
  tx: Tx,
  shopId: string,
  cases: Pick<CreatedFact, "id" | "repeatContact">[],
  now: Date,
  { persist }: { persist: boolean },
): Promise<Map<string, boolean>> {
  const decided = new Map<string, boolean>();
  const open: string[] = [];
  for (const c of cases) {
    if (c.repeatContact === null) open.push(c.id);
    else decided.set(c.id, c.repeatContact);
  }
  for (let i = 0; i < open.length; i += 5000) {
    const ids = open.slice(i, i + 5000);
    const found = await tx.$queryRawUnsafe<{ id: string; repeat: boolean; createdAt: Date }[]>(
      `SELECT c.id::text AS id, c."createdAt",
         (EXISTS (SELECT 1 FROM "Case" o
                   WHERE c."customerId" IS NOT NULL AND o."shopId" = c."shopId" AND o."customerId" = c."customerId"
                     AND o.id <> c.id AND o."mergedIntoId" IS NULL AND NOT o.outreach
                     AND o."createdAt" >= c."createdAt" - interval '${REPEAT_WINDOW}' AND o."createdAt" < c."createdAt")
          OR EXISTS (SELECT 1 FROM "Case" o
                   WHERE c."customerEmail" IS NOT NULL AND o."shopId" = c."shopId" AND lower(o."customerEmail") = lower(c."customerEmail")
                     AND o.id <> c.id AND o."mergedIntoId" IS NULL AND NOT o.outreach
                     AND o."createdAt" >= c."createdAt" - interval '${REPEAT_WINDOW}' AND o."createdAt" < c."createdAt")
          OR EXISTS (SELECT 1 FROM "CaseOrder" co
                     JOIN "CaseOrder" co2 ON co2."orderId" = co."orderId" AND co2."caseId" <> co."caseId" AND co2."shopId" = co."shopId"
                     JOIN "Case" o ON o.id = co2."caseId" AND o."shopId" = c."shopId"
                   WHERE co."caseId" = c.id AND co."shopId" = c."shopId" AND o."mergedIntoId" IS NULL AND NOT o.outreach
                     AND o."createdAt" >= c."createdAt" - interval '${REPEAT_WINDOW}' AND o."createdAt" < c."createdAt")
         ) AS repeat
       FROM "Case" c WHERE c."shopId" = $1::uuid AND c.id = ANY($2::uuid[])`,
      shopId,
      ids,
    );
    const keepIds: string[] = [];
    const keepValues: boolean[] = [];
    for (const row of found) {
      decided.set(row.id, row.repeat);
      if (row.repeat || now.getTime() - row.createdAt.getTime() >= REPEAT_SETTLE_MS) {
        keepIds.push(row.id);
        keepValues.push(row.repeat);
      }
    }
    if (persist && keepIds.length > 0) {
      // Raw, so updatedAt stays (this is bookkeeping, not a change a person made); no trigger watches the column.
      await tx.$executeRawUnsafe(
        `UPDATE "Case" c SET "repeatContact" = v.repeat
         FROM unnest($2::uuid[], $3::boolean[]) AS v(id, repeat)
         WHERE c."shopId" = $1::uuid AND c.id = v.id AND c."repeatContact" IS NULL`,
        shopId,
        keepIds,
        keepValues,
      );
    }
  }
  return decided;
}

/**
 * Stores Case.repeatContact for the undecided cases created on `days`, outside any long transaction (each UPDATE
 * commits on its own, so a case row is locked for milliseconds). Called before a batch's recompute.
 */
export async function persistRepeatContacts(client: Tx, shopId: string, days: string[], ctx: RollupContext): Promise<void> {
  if (days.length === 0) return;
  const b = batchBounds(days, ctx.timezone);
  const undecided = await client.$queryRawUnsafe<{ id: string; repeatContact: boolean | null }[]>(
    `SELECT c.id::text AS id, c."repeatContact" FROM "Case" c
     WHERE c."shopId" = $1::uuid AND c."createdAt" >= $3::timestamp AND c."createdAt" < $4::timestamp
       AND c."mergedIntoId" IS NULL AND NOT c.outreach AND c."repeatContact" IS NULL
       AND ((c."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $2)::date = ANY($5::date[])`,
    shopId,
    ctx.timezone,
    b.start,
    b.end,
    b.days,
  );
  await decideRepeatContacts(client, shopId, undecided, ctx.now, { persist: true });
}

/** Replaces InsightSelfServiceDaily of `days` for one shop. */
export async function recomputeSelfServiceDays(tx: Tx, shopId: string, days: string[], ctx: RollupContext): Promise<void> {
  if (days.length === 0) return;
  const b = batchBounds(days, ctx.timezone);
  const localDate = `((e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $2)::date`;
  const rows = await tx.$queryRawUnsafe<{ day: string; kind: SelfServiceKind; events: number; followedUp: number; pending: number }[]>(
    `SELECT ${localDate}::text AS day, e.kind, count(*)::int AS events,
       count(*) FILTER (WHERE f.followed)::int AS "followedUp",
       count(*) FILTER (WHERE NOT f.followed AND e."createdAt" > $6::timestamp - interval '${FOLLOW_UP_WINDOW}')::int AS pending
     FROM "SelfServiceEvent" e
     CROSS JOIN LATERAL (SELECT (
         e."followUpCaseId" IS NOT NULL
         OR (e."orderId" IS NOT NULL AND EXISTS (
              SELECT 1 FROM "CaseOrder" co JOIN "Case" c ON c.id = co."caseId" AND c."shopId" = co."shopId"
              WHERE co."orderId" = e."orderId" AND co."shopId" = e."shopId" AND c."mergedIntoId" IS NULL AND NOT c.outreach
                AND c."createdAt" >= e."createdAt" AND c."createdAt" < e."createdAt" + interval '${FOLLOW_UP_WINDOW}'))
         -- By customer only for events about no order (article views): the issue counts a case "for that order".
         OR (e."orderId" IS NULL AND e."customerId" IS NOT NULL AND EXISTS (
              SELECT 1 FROM "Case" c
              WHERE c."customerId" = e."customerId" AND c."shopId" = e."shopId" AND c."mergedIntoId" IS NULL AND NOT c.outreach
                AND c."createdAt" >= e."createdAt" AND c."createdAt" < e."createdAt" + interval '${FOLLOW_UP_WINDOW}'))
       ) AS followed) f
     WHERE e."shopId" = $1::uuid AND e."createdAt" >= $3::timestamp AND e."createdAt" < $4::timestamp
       AND ${localDate} = ANY($5::date[])
     GROUP BY 1, 2`,
    shopId,
    ctx.timezone,
    b.start,
    b.end,
    b.days,
    ts(ctx.now),
  );
  await tx.insightSelfServiceDaily.deleteMany({ where: { shopId, day: { in: b.days.map(dayAsDate) } } });
  if (rows.length > 0) {
    await tx.insightSelfServiceDaily.createMany({
      data: rows.map((r) => ({ shopId, day: dayAsDate(r.day), kind: r.kind, events: r.events, followedUp: r.followedUp, pending: r.pending })),
    });
  }
}

/**
 * Open and pending cases now. Open counts snoozed cases: staff still owe them. Merging closes the merged-away case,
 * so no condition on mergedIntoId is needed. Outreach cases are not support work (one staff reopened by hand stays
 * out until the customer writes).
 */
export async function countBacklog(client: Tx, shopId: string): Promise<{ open: number; pending: number }> {
  const [row] = await client.$queryRaw<{ open: number; pending: number }[]>`
    SELECT count(*) FILTER (WHERE status IN ('OPEN', 'SNOOZED'))::int AS open, count(*) FILTER (WHERE status = 'PENDING')::int AS pending
    FROM "Case" WHERE "shopId" = ${shopId}::uuid AND status IN ('OPEN', 'SNOOZED', 'PENDING') AND NOT outreach`;
  return row ?? { open: 0, pending: 0 };
}
