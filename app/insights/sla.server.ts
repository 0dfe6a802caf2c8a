import type { CasePriority, CaseStatus, CaseTopic } from "../generated/prisma/enums";
import type { ShopSettings } from "../shops/settings.server";
import { slaStateOf, type SlaState } from "../cases/inbox.server";
import { addBusinessMs, businessMsBetween } from "./business-hours";

/**
 * SLA targets and deadlines for a case, from the shop's SLA settings (policies per priority, overrides per
 * topic, business hours or wall-clock, pause while pending). Every place that sets or moves a case's due times
 * goes through these functions, so the rules live here only:
 *
 * - slaDeadlines: due times when a case opens (openedAt = the case's createdAt).
 * - recomputeSla: a priority or topic change re-derives the due times still open from createdAt, moved on by the
 *   time the case already spent paused (Case.slaPausedSeconds).
 * - pauseSla / resumeSla: PENDING (waiting on the customer) stops the clock when the shop pauses; leaving PENDING
 *   moves the open due times on by the paused time (business time when the shop counts business hours) and adds
 *   it to Case.slaPausedSeconds.
 *
 * The functions return the Case fields to write (Prisma update data); they never write themselves.
 *
 * A deadline set outside the policy (Case.externalDueAt: a dispute's evidence due date) caps the resolution due
 * time: whatever the policy, a pause or a priority change derives, the resolution is never due later than it, and
 * slaDueAt is never later either. It does not stop while the case waits on the customer (the bank's clock runs on).
 */
export interface SlaInput {
  priority: CasePriority;
  topic: CaseTopic;
  /** When the clock starts (the case opened). */
  openedAt: Date;
  /** A deadline set outside the policy (Case.externalDueAt): the resolution is never due later. */
  externalDueAt?: Date | null;
}

export interface SlaDeadlines {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

export interface SlaPolicy {
  firstResponseHours: number;
  resolutionHours: number;
}

/** The SLA fields of a case that these functions read. */
export interface SlaCase {
  status: CaseStatus;
  priority: CasePriority;
  topic: CaseTopic;
  createdAt: Date;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedAt: Date | null;
  /**
   * SLA time the case spent paused in earlier, finished pauses, in seconds, counted as the shift was (business
   * seconds when the shop counts business hours, else wall-clock seconds).
   */
  slaPausedSeconds: number;
  /**
   * Case.externalDueAt: caps the resolution due time (and slaDueAt); null: the policy alone. Required, so a case
   * read with a partial select (no externalDueAt) cannot be passed in and silently lose the cap: read cases with
   * SLA_CASE_SELECT.
   */
  externalDueAt: Date | null;
}

/** The Prisma select that reads an SlaCase (spread it into a case select). */
export const SLA_CASE_SELECT = {
  status: true,
  priority: true,
  topic: true,
  createdAt: true,
  firstResponseAt: true,
  firstResponseDueAt: true,
  resolutionDueAt: true,
  slaPausedAt: true,
  slaPausedSeconds: true,
  externalDueAt: true,
} as const;

/** Case fields to write; assignable to Prisma's case update data. */
export interface SlaUpdate {
  firstResponseDueAt?: Date | null;
  resolutionDueAt?: Date | null;
  slaDueAt?: Date | null;
  slaPausedAt?: Date | null;
  slaPausedSeconds?: number;
}

const HOUR = 60 * 60 * 1000;

/** The earlier of two due times (null counts as none). */
export function earlierDue(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
const DONE: CaseStatus[] = ["RESOLVED", "CLOSED"];

/**
 * The targets for a case. A topic's target (either one, when set) applies instead of the priority's at NORMAL
 * and LOW priority; HIGH and URGENT cases keep whichever is shorter, so raising a case's priority never makes
 * its targets looser.
 */
export function slaPolicy(settings: ShopSettings, priority: CasePriority, topic: CaseTopic): SlaPolicy {
  const base = settings.sla.policies[priority];
  const override = settings.sla.topics[topic];
  if (!override) return { ...base };
  const strict = priority === "HIGH" || priority === "URGENT";
  const pick = (own: number, topicTarget: number | undefined) => (topicTarget === undefined ? own : strict ? Math.min(own, topicTarget) : topicTarget);
  return {
    firstResponseHours: pick(base.firstResponseHours, override.firstResponseHours),
    resolutionHours: pick(base.resolutionHours, override.resolutionHours),
  };
}

/** `start` + `ms` of SLA time: business time when the shop counts business hours only, else wall-clock. */
function addSlaTime(settings: ShopSettings, start: Date, ms: number): Date {
  return settings.sla.businessHoursOnly ? addBusinessMs(start, ms, settings.businessHours) : new Date(start.getTime() + ms);
}

/** SLA time between two instants (business or wall-clock, as the shop counts), in milliseconds. */
export function slaTimeBetween(settings: ShopSettings, start: Date, end: Date): number {
  if (!(end.getTime() > start.getTime())) return 0;
  return settings.sla.businessHoursOnly ? businessMsBetween(start, end, settings.businessHours) : end.getTime() - start.getTime();
}

export function slaDeadlines(settings: ShopSettings, input: SlaInput): SlaDeadlines {
  const policy = slaPolicy(settings, input.priority, input.topic);
  const resolutionDueAt = addSlaTime(settings, input.openedAt, policy.resolutionHours * HOUR);
  return {
    firstResponseDueAt: addSlaTime(settings, input.openedAt, policy.firstResponseHours * HOUR),
    resolutionDueAt: earlierDue(resolutionDueAt, input.externalDueAt) ?? resolutionDueAt,
  };
}

/** The fields of a new case: both due times, and slaDueAt (first response is due first). */
export function newCaseSla(settings: ShopSettings, input: SlaInput): Required<Pick<SlaUpdate, "firstResponseDueAt" | "resolutionDueAt" | "slaDueAt">> {
  const due = slaDeadlines(settings, input);
  return { ...due, slaDueAt: earlierDue(due.firstResponseDueAt, input.externalDueAt) ?? due.firstResponseDueAt };
}

/** The deadline still open: first response until one was sent, then resolution. */
export function openSlaDue(c: Pick<SlaCase, "firstResponseAt" | "firstResponseDueAt" | "resolutionDueAt">): Date | null {
  return (c.firstResponseAt ? c.resolutionDueAt : c.firstResponseDueAt) ?? null;
}

/**
 * The case goes PENDING (waiting on the customer): with pausing on, the clock stops (slaPausedAt) and nothing is
 * due meanwhile (slaDueAt cleared, so the case leaves the at-risk and breached filters). Nothing to write when
 * the shop doesn't pause or the clock is already stopped.
 */
export function pauseSla(settings: ShopSettings, c: Pick<SlaCase, "slaPausedAt" | "externalDueAt">, now: Date): SlaUpdate {
  if (!settings.sla.pauseWhilePending || c.slaPausedAt) return {};
  // An external deadline (a dispute's evidence due date) keeps running while the case waits on the customer.
  return { slaPausedAt: now, slaDueAt: c.externalDueAt ?? null };
}

/**
 * The case leaves PENDING (staff changed the status, or the customer replied): the open due times move on by
 * the paused SLA time, and slaDueAt is the open one again. A first-response target already met is history and
 * stays as it was. The paused time is added to slaPausedSeconds, so recomputeSla can carry it over. Nothing to
 * write when the clock wasn't stopped.
 *
 * `reopenTo` is the status the case goes to; RESOLVED and CLOSED keep slaDueAt cleared (the due times still move,
 * so a reopened case later counts from where it stopped).
 */
export function resumeSla(
  settings: ShopSettings,
  c: Pick<SlaCase, "slaPausedAt" | "slaPausedSeconds" | "firstResponseAt" | "firstResponseDueAt" | "resolutionDueAt" | "externalDueAt">,
  now: Date,
  reopenTo: CaseStatus = "OPEN",
): SlaUpdate {
  if (!c.slaPausedAt) return {};
  // Whole seconds, so the shift now and the one recomputeSla derives from slaPausedSeconds later are the same.
  const pausedSeconds = Math.round(slaTimeBetween(settings, c.slaPausedAt, now) / 1000);
  const paused = pausedSeconds * 1000;
  const shift = (due: Date | null) => (due && paused > 0 ? shiftDue(settings, due, paused) : due);
  const firstResponseDueAt = c.firstResponseAt ? c.firstResponseDueAt : shift(c.firstResponseDueAt);
  const shifted = shift(c.resolutionDueAt);
  const resolutionDueAt = shifted && c.externalDueAt ? earlierDue(shifted, c.externalDueAt) : shifted;
  const open = earlierDue(openSlaDue({ firstResponseAt: c.firstResponseAt, firstResponseDueAt, resolutionDueAt }), c.externalDueAt);
  return {
    slaPausedAt: null,
    slaPausedSeconds: (c.slaPausedSeconds ?? 0) + pausedSeconds,
    firstResponseDueAt,
    resolutionDueAt,
    slaDueAt: DONE.includes(reopenTo) ? null : open,
  };
}

/**
 * Moves a due time on by `ms` of SLA time. With business hours, a due time at a closing time (17:00) plus an
 * hour is the next opening plus an hour.
 */
function shiftDue(settings: ShopSettings, due: Date, ms: number): Date {
  return addSlaTime(settings, due, ms);
}

/**
 * The case's priority or topic changes: the due times still open are derived again from createdAt with the new
 * policy (a met first response and the due times of a resolved or closed case stay as they were), then moved on
 * by the time the case already spent paused (slaPausedSeconds, shifted the way resumeSla shifts), so earlier
 * pauses still count. A stopped clock stays stopped (slaDueAt stays cleared until resumeSla, which then adds the
 * current pause).
 */
export function recomputeSla(settings: ShopSettings, c: SlaCase, to: { priority?: CasePriority; topic?: CaseTopic }): SlaUpdate {
  if (DONE.includes(c.status)) return {};
  const due = slaDeadlines(settings, { priority: to.priority ?? c.priority, topic: to.topic ?? c.topic, openedAt: c.createdAt });
  const pausedMs = Math.max(0, c.slaPausedSeconds ?? 0) * 1000;
  const shift = (d: Date) => (pausedMs > 0 ? shiftDue(settings, d, pausedMs) : d);
  const firstResponseDueAt = c.firstResponseAt ? c.firstResponseDueAt : shift(due.firstResponseDueAt);
  // The external deadline caps the resolution however the policy moves it.
  const resolutionDueAt = earlierDue(shift(due.resolutionDueAt), c.externalDueAt)!;
  const external = c.externalDueAt ?? null;
  return {
    firstResponseDueAt,
    resolutionDueAt,
    slaDueAt: c.slaPausedAt ? external : earlierDue(openSlaDue({ firstResponseAt: c.firstResponseAt, firstResponseDueAt, resolutionDueAt }), external),
  };
}

/**
 * Sets (or clears, with null) a case's external deadline: the open due times are derived again so the resolution
 * is due no later than it — or, once it is cleared, back at the policy's due time. A resolved or closed case only
 * records the deadline.
 */
export function setExternalDue(settings: ShopSettings, c: SlaCase, externalDueAt: Date | null): SlaUpdate & { externalDueAt: Date | null } {
  return { ...recomputeSla(settings, { ...c, externalDueAt }, {}), externalDueAt };
}

/**
 * One SLA target as the case view shows it: met or breached once answered/resolved, paused while the clock is
 * stopped, else the inbox's state of an open deadline (breached, at risk, ok).
 */
export type SlaTargetState = "met" | "paused" | SlaState;

export function slaTargetState(due: Date | null, doneAt: Date | null, opts: { now: Date; paused: boolean }): SlaTargetState {
  if (!due) return "none";
  if (doneAt) return doneAt.getTime() <= due.getTime() ? "met" : "breached";
  if (opts.paused) return "paused";
  return slaStateOf(due, opts.now);
}

/** A case's SLA as the case view shows it: each target's due time and state, and since when the clock is stopped. */
export interface CaseSlaView {
  firstResponse: { dueAt: string | null; state: SlaTargetState };
  resolution: { dueAt: string | null; state: SlaTargetState };
  /** The deadline set outside the policy (a dispute's evidence due date); null when none. It never pauses. */
  external: { dueAt: string; state: SlaTargetState } | null;
  pausedAt: string | null;
}

export function caseSlaView(
  c: {
    firstResponseAt: Date | null;
    firstResponseDueAt: Date | null;
    resolvedAt: Date | null;
    resolutionDueAt: Date | null;
    slaPausedAt: Date | null;
    externalDueAt?: Date | null;
  },
  now: Date,
): CaseSlaView {
  const paused = c.slaPausedAt !== null;
  const external = c.externalDueAt ?? null;
  return {
    firstResponse: { dueAt: c.firstResponseDueAt?.toISOString() ?? null, state: slaTargetState(c.firstResponseDueAt, c.firstResponseAt, { now, paused }) },
    resolution: { dueAt: c.resolutionDueAt?.toISOString() ?? null, state: slaTargetState(c.resolutionDueAt, c.resolvedAt, { now, paused }) },
    external: external ? { dueAt: external.toISOString(), state: slaTargetState(external, c.resolvedAt, { now, paused: false }) } : null,
    pausedAt: c.slaPausedAt?.toISOString() ?? null,
  };
}
