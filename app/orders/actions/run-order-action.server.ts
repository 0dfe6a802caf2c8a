import { z } from "zod";
import type { AdminGraphql, StaffRecord } from "../../auth/staff.server";
import db from "../../db.server";
import { AppError, type AppErrorCode } from "../../errors.server";
import type { Prisma } from "../../generated/prisma/client";
import type { OrderActionKind } from "../../generated/prisma/enums";
import { t } from "../../i18n/en";
import { AdminGraphqlError } from "../../shopify/admin-client.server";
import type { ShopRecord } from "../../shops/shops.server";
import { refundLimitFor } from "../../team/team.server";
import { compareMoney, formatMoney } from "../../components/order-actions/money";
import { fetchOrderForMirror } from "../admin-order.server";
import { applyOrder } from "../mirror.server";
import { claimOrderAction } from "./claim-order-action.server";

/**
 * The one path every order action from a case takes (refund, cancel, return decisions):
 *
 * 1. the case and order belong to the shop and the order is linked to the case (else 404);
 * 2. an OrderAction row is written PENDING under the form's idempotency key: a second submit with the same key
 *    finds it and gets the first answer back, so Shopify is never asked twice;
 * 3. Shopify is called; its refusals (userErrors), throttling that outlasts the retries, missing scopes and
 *    outages become plain-words AppErrors, the row turns FAILED with that message, and nothing claims success;
 * 4. only when Shopify confirmed: the row turns SUCCEEDED with Shopify's answer, the case timeline gets the
 *    event, and the order in the mirror is updated from the answer and re-read from Shopify.
 */

export interface ActionActor {
  shop: ShopRecord;
  staff: StaffRecord | null;
  admin: AdminGraphql;
}

export const IdempotencyKey = z
  .string({ error: "idempotencyKey is missing: reload the case and open the form again" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, "idempotencyKey must be 8–100 letters, digits, - or _");

export const Uuid = (what: string) => z.uuid({ error: `${what} must be an id from this store` });

/** A checkbox or a JSON boolean: "true", "on", "1" and true are yes; anything else no. */
export const Checkbox = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

export const OptionalNote = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max, `the note can be at most ${max} characters`).optional(),
  );

/** Parses a use case's input; a failure is a 400 naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new AppError("bad_request", t("orderAction.error.invalid", { what, problem: `${path}${issue.message}` }));
}

export interface ActionTarget {
  caseId: string;
  order: {
    id: string;
    shopifyId: bigint;
    name: string;
    currencyCode: string;
    totalPrice: string;
    totalRefunded: string;
    cancelledAt: Date | null;
  };
}

/** The case and the order, both of this shop, the order linked to the case; otherwise 404. */
export async function loadActionTarget(shopId: string, caseId: string, orderId: string): Promise<ActionTarget> {
  const found = await db.case.findFirst({ where: { id: caseId, shopId }, select: { id: true } });
  if (!found) throw new AppError("not_found", t("orderAction.error.caseNotFound"));
  const link = await db.caseOrder.findFirst({
    where: { shopId, caseId, orderId, order: { shopId } },
    select: {
      order: {
        select: { id: true, shopifyId: true, name: true, currencyCode: true, totalPrice: true, totalRefunded: true, cancelledAt: true },
      },
    },
  });
  if (!link) throw new AppError("not_found", t("orderAction.error.orderNotLinked"));
  const o = link.order;
  return {
    caseId,
    order: { ...o, totalPrice: o.totalPrice.toString(), totalRefunded: o.totalRefunded.toString() },
  };
}

/** Agents refund up to their own limit, else the shop's default; admins without limit. 403 above it. */
export async function assertMayRefund(shopId: string, staff: StaffRecord | null, amount: string, currency: string): Promise<void> {
  const limit = await refundLimitFor(shopId, staff?.id ?? null);
  if (limit !== null && compareMoney(amount, limit) > 0) {
    throw new AppError("forbidden", t("orderAction.error.overLimit", { limit: formatMoney(limit, currency) }));
  }
}

export function staffName(staff: StaffRecord | null): string | null {
  if (!staff) return null;
  return [staff.firstName, staff.lastName].filter(Boolean).join(" ") || staff.email;
}

// ───────────────────────────── Shopify's refusals in plain words ─────────────────────────────

export interface ShopifyUserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

const PERMISSION_CODES = new Set(["NO_REFUND_PERMISSION", "NO_REFUND_TO_STORE_CREDIT_PERMISSION", "MISSING_PERMISSION"]);

/** Throws when Shopify refused: "Shopify refused the refund: Amount can't be greater than … ." */
export function throwOnUserErrors(kind: OrderActionKind, errors: ShopifyUserError[] | null | undefined): void {
  if (!errors || errors.length === 0) return;
  const reasons = errors
    .map((e) => e.message.trim())
    .filter(Boolean)
    .map((m) => (/[.!?]$/.test(m) ? m : `${m}.`))
    .join(" ");
  const permission = errors.some((e) => e.code && PERMISSION_CODES.has(e.code));
  throw new AppError(
    permission ? "forbidden" : "bad_request",
    t("orderAction.error.refused", { action: t(`orderAction.kind.${kind}`), reasons: reasons || t("orderAction.error.noReason") }),
    { shopify: errors.map((e) => ({ field: e.field ?? null, message: e.message, code: e.code ?? null })) },
  );
}

const ACCESS = /access denied|required access|access scope|not approved to access/i;

/** Anything thrown while asking Shopify, as the AppError the person sees. */
export function asShopifyFailure(kind: OrderActionKind, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const action = t(`orderAction.kind.${kind}`);
  const nothing = t(`orderAction.nothingDone.${kind}`);
  if (error instanceof AdminGraphqlError) {
    const messages = error.errors.map((e) => e.message).join(" ") || error.message;
    if (error.code === "THROTTLED") {
      return new AppError("rate_limited", t("orderAction.error.throttled", { nothing }), undefined, { "Retry-After": "30" });
    }
    if (error.errors.some((e) => e.code === "ACCESS_DENIED") || ACCESS.test(messages)) {
      return new AppError("forbidden", t("orderAction.error.accessDenied", { action, nothing, shopify: messages }));
    }
    return new AppError("unavailable", t("orderAction.error.shopifyError", { action, nothing, shopify: messages }));
  }
  return new AppError("unavailable", t("orderAction.error.unreachable", { action }));
}

// ───────────────────────────── The run ─────────────────────────────

export interface ConfirmedAction<R extends Record<string, Prisma.InputJsonValue | null>> {
  /** What Shopify confirmed (ids, amounts), stored on the OrderAction. */
  result: R;
  /** The case timeline entry; `dedupeKey` matches the mirror's fact for the same change, so it shows once. */
  event: { type: string; dedupeKey: string; data: Record<string, Prisma.InputJsonValue | null> };
  message: string;
}

export interface OrderActionOutcome {
  ok: true;
  message: string;
  /** True when this answers a repeated submit of an action already done. */
  replayed: boolean;
  action: { id: string; kind: OrderActionKind; status: "SUCCEEDED"; result: Prisma.JsonValue };
}

interface RunSpec<R extends Record<string, Prisma.InputJsonValue | null>> {
  kind: OrderActionKind;
  target: ActionTarget;
  idempotencyKey: string;
  input: Prisma.InputJsonValue;
  /** Asks Shopify; throws (AppError or Shopify's error) unless Shopify confirmed. */
  perform: () => Promise<ConfirmedAction<R>>;
  /** Brings the mirror up to date from Shopify's answer (best effort: webhooks and reconciliation follow). */
  mirror?: (result: R) => Promise<void>;
}

interface StoredResult {
  message?: string;
  errorCode?: AppErrorCode;
}

/** A PENDING action older than this is taken to have been interrupted (crash, lost connection) and may run again. */
const STALE_PENDING_MS = 2 * 60_000;

/** Errors after which Shopify may or may not have carried the action out (no answer, a 5xx, an unreadable answer). */
function outcomeUnknown(error: unknown): boolean {
  return !(error instanceof AppError) && !(error instanceof AdminGraphqlError) && !(error instanceof Response);
}

export async function runOrderAction<R extends Record<string, Prisma.InputJsonValue | null>>(
  actor: ActionActor,
  spec: RunSpec<R>,
): Promise<OrderActionOutcome> {
  const shopId = actor.shop.id;
  // The same form sent again answers with the first outcome. An action whose outcome is unknown (or that was
  // interrupted) runs again under the same key — for refunds Shopify's @idempotent key makes that safe — claimed by
  // one request only (see claimOrderAction).
  const claim = await claimOrderAction(shopId, {
    data: {
      caseId: spec.target.caseId,
      orderId: spec.target.order.id,
      staffId: actor.staff?.id ?? null,
      kind: spec.kind,
      input: spec.input,
    },
    idempotencyKey: spec.idempotencyKey,
    matches: (r) => r.kind === spec.kind && r.caseId === spec.target.caseId && r.orderId === spec.target.order.id,
    retryable,
    messages: { keyReused: "orderAction.error.keyReused", inFlight: "orderAction.error.inFlight" },
  });
  if (!claim.fresh) return replay(claim.row, spec);
  const row = claim.row;

  let confirmed: ConfirmedAction<R>;
  try {
    confirmed = await spec.perform();
  } catch (error) {
    if (outcomeUnknown(error)) {
      // Shopify may have done it: keep the action open, so sending the same form again retries it (never a second,
      // different action), and say so plainly instead of "nothing was done".
      console.warn(`Order action ${row.id} (${spec.kind}): outcome unknown:`, error);
      const message = t("orderAction.error.unreachable", { action: t(`orderAction.kind.${spec.kind}`) });
      await db.orderAction.update({
        where: { id: row.id, shopId },
        data: { error: message, result: { outcome: "unknown", errorCode: "unavailable" } },
      });
      throw new AppError("unavailable", message, { outcome: "unknown" });
    }
    // A thrown Response is the Shopify package asking for re-authentication: nothing happened, pass it on.
    const failure = error instanceof Response ? null : asShopifyFailure(spec.kind, error);
    await db.orderAction.update({
      where: { id: row.id, shopId },
      data: {
        status: "FAILED",
        error: failure?.message ?? t("orderAction.error.reauthenticate"),
        result: { errorCode: failure?.code ?? "unauthorized", ...(failure?.details ? { details: failure.details as Prisma.InputJsonValue } : {}) },
        completedAt: new Date(),
      },
    });
    throw failure ?? error;
  }

  const now = new Date();
  const result = { ...confirmed.result, message: confirmed.message } as Prisma.InputJsonObject;
  const eventData = { ...confirmed.event.data, actionId: row.id, staff: staffName(actor.staff) } as Prisma.InputJsonObject;
  const record = () =>
    db.$transaction([
      db.orderAction.update({
        where: { id: row.id, shopId },
        data: { status: "SUCCEEDED", result, error: null, completedAt: now },
      }),
      // Upsert: if Shopify's webhook for the same change was applied first, its entry becomes this staff action.
      db.caseEvent.upsert({
        where: { shopId_caseId_dedupeKey: { shopId, caseId: spec.target.caseId, dedupeKey: confirmed.event.dedupeKey } },
        create: {
          shopId,
          caseId: spec.target.caseId,
          orderId: spec.target.order.id,
          type: confirmed.event.type,
          actorType: "STAFF",
          staffId: actor.staff?.id ?? null,
          data: eventData,
          dedupeKey: confirmed.event.dedupeKey,
          occurredAt: now,
        },
        update: { type: confirmed.event.type, actorType: "STAFF", staffId: actor.staff?.id ?? null, data: eventData },
      }),
      db.case.updateMany({ where: { id: spec.target.caseId, shopId }, data: { lastActivityAt: now } }),
    ]);
  // Shopify confirmed: recording it must not be lost to a passing database hiccup (the row would stay PENDING and
  // a later retry under the same key would ask Shopify again).
  let updated: Awaited<ReturnType<typeof record>>[0] | undefined;
  for (let attempt = 1; !updated; attempt++) {
    try {
      [updated] = await record();
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }

  if (spec.mirror) {
    try {
      await spec.mirror(confirmed.result);
    } catch (error) {
      // Shopify confirmed the action; the mirror catches up from the webhook or the hourly reconciliation.
      console.warn(`Order action ${row.id}: the mirror of ${spec.target.order.name} could not be refreshed now:`, error);
    }
  }

  return { ok: true, message: confirmed.message, replayed: false, action: { id: updated.id, kind: spec.kind, status: "SUCCEEDED", result: updated.result } };
}

function isUnknownOutcome(result: Prisma.JsonValue | null): boolean {
  return Boolean(result && typeof result === "object" && !Array.isArray(result) && (result as { outcome?: unknown }).outcome === "unknown");
}

/**
 * A repeated submit (same idempotency key) answers with the first outcome before anything is checked again:
 * after a refund the mirror shows the items refunded, and re-validating would wrongly refuse the repeat.
 */
export async function replayIfSubmitted(
  actor: ActionActor,
  kind: OrderActionKind,
  target: ActionTarget,
  idempotencyKey: string,
): Promise<OrderActionOutcome | null> {
  const row = await db.orderAction.findUnique({
    where: { shopId_idempotencyKey: { shopId: actor.shop.id, idempotencyKey } },
  });
  if (!row || retryable(row)) return null;
  return replay(row, { kind, target });
}

/** An action whose outcome is unknown, or that was interrupted, runs again under its key (see runOrderAction). */
function retryable(row: { status: string; result: Prisma.JsonValue | null; createdAt: Date }): boolean {
  return row.status === "PENDING" && (isUnknownOutcome(row.result) || Date.now() - row.createdAt.getTime() > STALE_PENDING_MS);
}

function replay(row: Prisma.OrderActionGetPayload<object>, spec: { kind: OrderActionKind; target: ActionTarget }): OrderActionOutcome {
  if (row.kind !== spec.kind || row.caseId !== spec.target.caseId || row.orderId !== spec.target.order.id) {
    throw new AppError("conflict", t("orderAction.error.keyReused"));
  }
  const stored = (row.result ?? {}) as StoredResult;
  if (row.status === "PENDING") throw new AppError("conflict", t("orderAction.error.inFlight"));
  if (row.status === "FAILED") throw new AppError(stored.errorCode ?? "bad_request", row.error ?? t("orderAction.error.noReason"));
  return {
    ok: true,
    message: stored.message ?? t("orderAction.done"),
    replayed: true,
    action: { id: row.id, kind: row.kind, status: "SUCCEEDED", result: row.result },
  };
}

/** Re-reads the order from Shopify into the mirror (the same path as a webhook about an unknown order). */
export async function refreshOrderFromShopify(actor: ActionActor, orderShopifyId: bigint): Promise<void> {
  const input = await fetchOrderForMirror(actor.admin, orderShopifyId);
  if (input) await applyOrder(actor.shop, input);
}
