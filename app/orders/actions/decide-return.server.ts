import { z } from "zod";
import db from "../../db.server";
import { AppError } from "../../errors.server";
import type { ReturnStatus } from "../../generated/prisma/enums";
import { t } from "../../i18n/en";
import { adminGraphql } from "../../shopify/admin-client.server";
import { RETURN_APPROVE_REQUEST_MUTATION, RETURN_DECLINE_REQUEST_MUTATION } from "../../shopify/operations/order-actions";
import { applyReturn } from "../mirror.server";
import { gidFor, returnReasonOf, returnStatusOf } from "../mirror-input";
import { DECLINE_REASONS } from "../../components/order-actions/options";
import {
  Checkbox,
  IdempotencyKey,
  OptionalNote,
  Uuid,
  loadActionTarget,
  parseInput,
  replayIfSubmitted,
  runOrderAction,
  throwOnUserErrors,
  type ActionActor,
  type ActionTarget,
  type OrderActionOutcome,
  type ShopifyUserError,
} from "./run-order-action.server";

export { DECLINE_REASONS };

export const DecideReturnInput = z.discriminatedUnion(
  "decision",
  [
    z.object({
      decision: z.literal("approve"),
      caseId: Uuid("caseId"),
      orderId: Uuid("orderId"),
      returnId: Uuid("returnId"),
      idempotencyKey: IdempotencyKey,
      notify: Checkbox.default(true),
    }),
    z.object({
      decision: z.literal("decline"),
      caseId: Uuid("caseId"),
      orderId: Uuid("orderId"),
      returnId: Uuid("returnId"),
      idempotencyKey: IdempotencyKey,
      reason: z.enum(DECLINE_REASONS, { error: `reason must be one of ${DECLINE_REASONS.join(", ")}` }),
      note: OptionalNote(500),
      notify: Checkbox.default(true),
    }),
  ],
  { error: "decision must be approve or decline" },
);
export type DecideReturnInput = z.input<typeof DecideReturnInput>;

const ReturnAnswer = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    status: z.string(),
    requestApprovedAt: z.string().nullish(),
    closedAt: z.string().nullish(),
    decline: z.object({ reason: z.string().nullish(), note: z.string().nullish() }).nullish(),
  })
  .nullish();
const UserErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() }));
const ApproveAnswer = z.object({ returnApproveRequest: z.object({ return: ReturnAnswer, userErrors: UserErrors }).nullable() });
const DeclineAnswer = z.object({ returnDeclineRequest: z.object({ return: ReturnAnswer, userErrors: UserErrors }).nullable() });

export interface ReturnTarget {
  id: string;
  shopifyId: bigint;
  name: string;
  status: ReturnStatus;
  lines: { id: string; shopifyId: bigint | null; quantity: number; title: string; reason: string }[];
}

/** The return, of this shop and of the case's order; else 404. */
export async function loadReturnTarget(shopId: string, target: ActionTarget, returnId: string): Promise<ReturnTarget> {
  const found = await db.return.findFirst({
    where: { id: returnId, shopId, orderId: target.order.id },
    select: {
      id: true,
      shopifyId: true,
      name: true,
      status: true,
      lines: {
        where: { shopId },
        select: { id: true, shopifyId: true, quantity: true, reason: true, lineItem: { select: { title: true } } },
      },
    },
  });
  if (!found) throw new AppError("not_found", t("orderAction.error.returnNotFound"));
  return {
    ...found,
    name: found.name ?? `${target.order.name}-R`,
    lines: found.lines.map((l) => ({ id: l.id, shopifyId: l.shopifyId, quantity: l.quantity, reason: l.reason, title: l.lineItem?.title ?? "Item" })),
  };
}

/** Approves or declines a return request (returnApproveRequest / returnDeclineRequest). */
export async function decideReturn(actor: ActionActor, raw: DecideReturnInput | Record<string, unknown>): Promise<OrderActionOutcome> {
  const input = parseInput(DecideReturnInput, raw, input0(raw));
  const target = await loadActionTarget(actor.shop.id, input.caseId, input.orderId);
  const replayed = await replayIfSubmitted(actor, input.decision === "approve" ? "RETURN_APPROVE" : "RETURN_DECLINE", target, input.idempotencyKey);
  if (replayed) return replayed;
  const ret = await loadReturnTarget(actor.shop.id, target, input.returnId);
  if (ret.status !== "REQUESTED") {
    throw new AppError("conflict", t("orderAction.error.returnNotRequested", { return: ret.name, status: ret.status.toLowerCase() }));
  }
  const approve = input.decision === "approve";
  const kind = approve ? "RETURN_APPROVE" : "RETURN_DECLINE";
  const returnGid = gidFor("Return", ret.shopifyId);
  let answered: z.output<typeof ReturnAnswer> = null;

  return runOrderAction(actor, {
    kind,
    target,
    idempotencyKey: input.idempotencyKey,
    input: {
      returnId: ret.id,
      notify: input.notify,
      ...(input.decision === "decline" ? { reason: input.reason, note: input.note ?? null } : {}),
    },
    perform: async () => {
      let payload: { return?: z.output<typeof ReturnAnswer>; userErrors: z.output<typeof UserErrors> } | null;
      if (input.decision === "approve") {
        payload = ApproveAnswer.parse(
          await adminGraphql(actor.admin, RETURN_APPROVE_REQUEST_MUTATION, { input: { id: returnGid, notifyCustomer: input.notify } }),
        ).returnApproveRequest;
      } else {
        payload = DeclineAnswer.parse(
          await adminGraphql(actor.admin, RETURN_DECLINE_REQUEST_MUTATION, {
            input: {
              id: returnGid,
              declineReason: input.reason,
              notifyCustomer: input.notify,
              ...(input.note ? { declineNote: input.note } : {}),
            },
          }),
        ).returnDeclineRequest;
      }
      throwOnUserErrors(kind, (payload?.userErrors ?? []) as ShopifyUserError[]);
      if (!payload?.return) throw new AppError("unavailable", t("orderAction.error.unreachable", { action: t(`orderAction.kind.${kind}`) }));
      answered = payload.return;
      const name = payload.return.name ?? ret.name;
      const lines = ret.lines.map((l) => ({ title: l.title, quantity: l.quantity, reason: l.reason }));
      return {
        result: { returnId: payload.return.id, status: payload.return.status, ...(approve ? {} : { reason: input.decision === "decline" ? input.reason : null }) },
        event: {
          type: approve ? "return_approved" : "return_declined",
          dedupeKey: `return:${ret.shopifyId}:${approve ? "approved" : "declined"}`,
          data: {
            orderName: target.order.name,
            returnId: String(ret.shopifyId),
            returnName: name,
            lines,
            notified: input.notify,
            ...(input.decision === "decline" ? { reason: input.reason, note: input.note ?? null } : {}),
          },
        },
        message: approve ? t("orderAction.returnApproved", { return: name }) : t("orderAction.returnDeclined", { return: name }),
      };
    },
    mirror: async () => {
      const r = answered;
      if (!r) return;
      const status = returnStatusOf(r.status);
      await applyReturn(actor.shop, {
        shopifyId: ret.shopifyId,
        orderShopifyId: target.order.shopifyId,
        ...(r.name ? { name: r.name } : {}),
        ...(status ? { status } : {}),
        event: approve ? "approved" : "declined",
        ...(r.requestApprovedAt ? { approvedAt: new Date(r.requestApprovedAt) } : {}),
        ...(r.closedAt ? { closedAt: new Date(r.closedAt) } : {}),
        ...(r.decline ? { declineReason: r.decline.reason ? returnReasonOf(r.decline.reason) : null, declineNote: r.decline.note ?? null } : {}),
        version: new Date(),
      });
    },
  });
}

function input0(raw: unknown): string {
  const decision = (raw as { decision?: unknown } | null)?.decision;
  return decision === "decline" ? "The return decline" : "The return approval";
}
