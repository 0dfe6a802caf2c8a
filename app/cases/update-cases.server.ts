import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { CaseStatus, Prisma } from "../generated/prisma/client";
import { CASE_PRIORITIES, CASE_TOPICS } from "./inbox-query";
import { scheduleSatisfactionSurveys } from "../channels/satisfaction.server";
import { earlierDue, openSlaDue, pauseSla, recomputeSla, resumeSla } from "../insights/sla.server";
import { getShopSettings, type ShopSettings } from "../shops/settings.server";

// Changing a case's fields: status, snooze, assignee, priority, topic, tags. One function for the inbox's bulk
// actions and the case view, so both keep the same bookkeeping: resolvedAt/closedAt/reopenCount/snoozedUntil,
// SLA due, lastActivityAt, and one timeline event per changed case.

export const SETTABLE_STATUSES = ["OPEN", "PENDING", "RESOLVED", "CLOSED"] as const;
export const MAX_CASES_PER_UPDATE = 250;
const MAX_SNOOZE_MS = 366 * 24 * 3600 * 1000;

const TagName = z
  .string()
  .trim()
  .min(1, { error: "A tag can't be empty" })
  .max(60, { error: "A tag is at most 60 characters" });

/** What to change; parse untrusted input with CaseChangeSchema. */
export const CaseChangeSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("status"), status: z.enum(SETTABLE_STATUSES, { error: "status must be OPEN, PENDING, RESOLVED or CLOSED" }) }),
    z.object({ kind: z.literal("snooze"), until: z.coerce.date({ error: "Snooze needs a date and time to wake the case" }) }),
    z.object({ kind: z.literal("assign"), assigneeId: z.uuid({ error: "assigneeId must be a team member's id" }).nullable() }),
    z.object({ kind: z.literal("priority"), priority: z.enum(CASE_PRIORITIES, { error: "priority must be LOW, NORMAL, HIGH or URGENT" }) }),
    z.object({ kind: z.literal("topic"), topic: z.enum(CASE_TOPICS, { error: "topic is not one of the case topics" }) }),
    z.object({ kind: z.literal("addTags"), tags: z.array(TagName).min(1, { error: "Name at least one tag" }).max(20) }),
    z.object({ kind: z.literal("removeTags"), tags: z.array(TagName).min(1, { error: "Name at least one tag" }).max(20) }),
  ],
  { error: "kind must be status, snooze, assign, priority, topic, addTags or removeTags" },
);
/** { kind: "status", status } | { kind: "snooze", until: Date } | { kind: "assign", assigneeId } | priority | topic | addTags | removeTags */
export type CaseChange = z.output<typeof CaseChangeSchema>;

export interface UpdateActor {
  staffId: string | null;
}

type CaseRow = Prisma.CaseGetPayload<object>;
type Tx = Prisma.TransactionClient;

const DONE: CaseStatus[] = ["RESOLVED", "CLOSED"];

/** The fields a change sets on one case, and the timeline event it writes; null when nothing changes. */
function applyChange(
  c: CaseRow,
  change: CaseChange,
  now: Date,
  settings: ShopSettings,
): { data: Prisma.CaseUpdateInput; type: string; event: Prisma.InputJsonObject } | null {
  const reopen = (to: CaseStatus): Prisma.CaseUpdateInput =>
    DONE.includes(c.status) && !DONE.includes(to)
      ? {
          reopenCount: { increment: 1 },
          resolvedAt: null,
          closedAt: null,
          // The open SLA deadline again: first response if none was sent yet, else resolution.
          slaDueAt: earlierDue(openSlaDue(c), c.externalDueAt),
        }
      : {};
  switch (change.kind) {
    case "status": {
      const to = change.status;
      if (c.status === to) return null;
      let data: Prisma.CaseUpdateInput = { status: to, snoozedUntil: null, lastActivityAt: now, ...reopen(to) };
      // Waiting on the customer stops the SLA clock (when the shop pauses); leaving PENDING starts it again.
      if (to === "PENDING") data = { ...data, ...pauseSla(settings, c, now) };
      else if (c.slaPausedAt) data = { ...data, ...resumeSla(settings, c, now, to) };
      if (to === "RESOLVED") data = { ...data, resolvedAt: now, closedAt: null, slaDueAt: null };
      if (to === "CLOSED") data = { ...data, closedAt: now, resolvedAt: c.resolvedAt ?? now, slaDueAt: null };
      return { data, type: "status_changed", event: { from: c.status, to } };
    }
    case "snooze": {
      const until = change.until;
      if (c.status === "SNOOZED" && c.snoozedUntil?.getTime() === until.getTime()) return null;
      return {
        data: { status: "SNOOZED", snoozedUntil: until, lastActivityAt: now, ...reopen("SNOOZED"), ...resumeSla(settings, c, now, "SNOOZED") },
        type: "snoozed",
        event: { from: c.status, to: "SNOOZED", until: until.toISOString() },
      };
    }
    case "assign": {
      if (c.assigneeId === change.assigneeId) return null;
      return {
        data: change.assigneeId ? { assignee: { connect: { id: change.assigneeId } }, lastActivityAt: now } : { assignee: { disconnect: true }, lastActivityAt: now },
        type: "assigned",
        event: { from: c.assigneeId, to: change.assigneeId },
      };
    }
    // Priority, topic and tags are triage: they don't move the case in the activity order.
    case "priority":
      if (c.priority === change.priority) return null;
      // The open SLA due times follow the new priority's targets, counted from when the case opened.
      return {
        data: { priority: change.priority, ...recomputeSla(settings, c, { priority: change.priority }) },
        type: "priority_changed",
        event: { from: c.priority, to: change.priority },
      };
    case "topic":
      if (c.topic === change.topic) return null;
      return {
        data: { topic: change.topic, ...recomputeSla(settings, c, { topic: change.topic }) },
        type: "topic_changed",
        event: { from: c.topic, to: change.topic },
      };
    case "addTags":
    case "removeTags": {
      const names = change.tags.map((tag) => tag.trim());
      const lower = new Set(names.map((n) => n.toLowerCase()));
      const to =
        change.kind === "addTags"
          ? [...c.tags, ...names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i && !c.tags.some((t) => t.toLowerCase() === n.toLowerCase()))]
          : c.tags.filter((t) => !lower.has(t.toLowerCase()));
      if (to.length === c.tags.length && to.every((t, i) => t === c.tags[i])) return null;
      if (to.length > 50) throw new AppError("bad_request", `Case #${c.number} would have more than 50 tags. Remove some first.`);
      return { data: { tags: to }, type: "tags_changed", event: { from: c.tags, to } };
    }
  }
}

async function validate(tx: Tx, shopId: string, change: CaseChange, now: Date) {
  if (change.kind === "snooze") {
    if (Number.isNaN(change.until.getTime()) || change.until.getTime() <= now.getTime())
      throw new AppError("bad_request", "Snooze until a time in the future.");
    if (change.until.getTime() - now.getTime() > MAX_SNOOZE_MS) throw new AppError("bad_request", "Snooze for at most a year.");
  }
  if (change.kind === "assign" && change.assigneeId) {
    const staff = await tx.staff.findFirst({ where: { id: change.assigneeId, shopId, active: true }, select: { id: true } });
    if (!staff) throw new AppError("bad_request", "That team member isn't an active member of this shop's team. Pick someone from the list.");
  }
}

/**
 * Applies one change to the shop's cases. Ids of other shops are ignored (a single id that isn't this shop's
 * is a 404); cases already in the wanted state are left alone. Returns how many cases changed.
 */
export async function updateCases(
  shopId: string,
  actor: UpdateActor,
  caseIds: string[],
  change: CaseChange,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ updated: number }> {
  const parsed = CaseChangeSchema.safeParse(change);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
  const ids = [...new Set(caseIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw new AppError("bad_request", "Select at least one case.");
  if (ids.length > MAX_CASES_PER_UPDATE) throw new AppError("bad_request", `Change at most ${MAX_CASES_PER_UPDATE} cases at a time.`);
  if (!ids.every((id) => z.uuid().safeParse(id).success)) throw new AppError("bad_request", "A selected case id is not valid. Reload the inbox and select again.");
  const checked = parsed.data;
  const resolved: string[] = [];
  const settings = await getShopSettings(shopId);

  const outcome = await db.$transaction(async (tx) => {
    await validate(tx, shopId, checked, now);
    // Lock the cases (in id order, so concurrent bulk actions can't deadlock) before reading their state.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Case"
      WHERE "shopId" = ${shopId}::uuid AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    if (locked.length === 0 && ids.length === 1) throw new AppError("not_found", "This case doesn't exist in this shop.");
    const found = await tx.case.findMany({ where: { shopId, id: { in: locked.map((r) => r.id) } } });
    // A merged case is closed for good: its conversation lives on in the case it was merged into.
    const cases = found.filter((c) => c.mergedIntoId === null);
    if (ids.length === 1 && found.length === 1 && cases.length === 0)
      throw new AppError("conflict", "This case was merged into another case. Make the change there.");
    const events: Prisma.CaseEventCreateManyInput[] = [];
    for (const c of cases) {
      const result = applyChange(c, checked, now, settings);
      if (!result) continue;
      await tx.case.update({ where: { id: c.id }, data: result.data });
      if (checked.kind === "status" && checked.status === "RESOLVED") resolved.push(c.id);
      events.push({
        shopId,
        caseId: c.id,
        type: result.type,
        actorType: actor.staffId ? "STAFF" : "SYSTEM",
        staffId: actor.staffId,
        data: result.event,
        occurredAt: now,
      });
    }
    if (events.length) await tx.caseEvent.createMany({ data: events });
    return { updated: events.length };
  });
  // Resolved cases get the satisfaction survey later (when the shop has it on); resolving never fails on it.
  await scheduleSatisfactionSurveys(shopId, resolved, { now }).catch((error: unknown) => console.error("[satisfaction] could not schedule the survey", error));
  return outcome;
}

/** Wakes snoozed cases whose time has come (every shop): back to OPEN, with a "snooze_ended" event. */
export async function wakeSnoozedCases(now: Date = new Date()): Promise<{ woken: number }> {
  const nowIso = now.toISOString();
  return db.$transaction(async (tx) => {
    // Per shop on the (shopId, status, …) index: only each shop's snoozed cases are read.
    const woken = await tx.$queryRaw<{ id: string; shopId: string; snoozedUntil: Date }[]>`
      UPDATE "Case" c SET "status" = 'OPEN', "snoozedUntil" = NULL, "lastActivityAt" = ${nowIso}::timestamp,
        "updatedAt" = ${nowIso}::timestamp
      FROM (SELECT d.id, d."snoozedUntil" FROM "Shop" s CROSS JOIN LATERAL (
              SELECT x.id, x."snoozedUntil" FROM "Case" x
              WHERE x."shopId" = s.id AND x."status" = 'SNOOZED' AND x."snoozedUntil" <= ${nowIso}::timestamp
              LIMIT 1000) d) due
      WHERE c.id = due.id AND c."status" = 'SNOOZED'
      RETURNING c.id, c."shopId", due."snoozedUntil"`;
    if (woken.length) {
      await tx.caseEvent.createMany({
        data: woken.map((c) => ({
          shopId: c.shopId,
          caseId: c.id,
          type: "snooze_ended",
          actorType: "SYSTEM" as const,
          data: { from: "SNOOZED", to: "OPEN", until: c.snoozedUntil.toISOString() },
          occurredAt: now,
        })),
      });
    }
    return { woken: woken.length };
  });
}
