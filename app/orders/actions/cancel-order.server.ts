import { z } from "zod";
import { AppError } from "../../errors.server";
import { t } from "../../i18n/en";
import { adminGraphql } from "../../shopify/admin-client.server";
import { ORDER_CANCEL_MUTATION } from "../../shopify/operations/order-actions";
import { compareMoney, fromUnits, toUnits } from "../../components/order-actions/money";
import { gidFor } from "../mirror-input";
import { CANCEL_REASONS } from "../../components/order-actions/options";
import {
  Checkbox,
  IdempotencyKey,
  OptionalNote,
  Uuid,
  assertMayRefund,
  loadActionTarget,
  parseInput,
  refreshOrderFromShopify,
  replayIfSubmitted,
  runOrderAction,
  throwOnUserErrors,
  type ActionActor,
  type OrderActionOutcome,
  type ShopifyUserError,
} from "./run-order-action.server";

export { CANCEL_REASONS };

export const CancelOrderInput = z.object({
  caseId: Uuid("caseId"),
  orderId: Uuid("orderId"),
  idempotencyKey: IdempotencyKey,
  reason: z.enum(CANCEL_REASONS, { error: `reason must be one of ${CANCEL_REASONS.join(", ")}` }),
  refund: Checkbox.default(false),
  restock: Checkbox.default(false),
  notify: Checkbox.default(false),
  staffNote: OptionalNote(255),
});
export type CancelOrderInput = z.input<typeof CancelOrderInput>;

const CancelAnswer = z.object({
  orderCancel: z
    .object({
      job: z.object({ id: z.string(), done: z.boolean() }).nullish(),
      orderCancelUserErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() })),
    })
    .nullable(),
});

/**
 * Cancels the order (orderCancel). Refunding the original payment is `refundMethod.originalPaymentMethodsRefund`
 * in 2026-07 (the `refund` argument is deprecated). Shopify cancels in a job, so the event says the cancellation
 * was requested; the orders/cancelled webhook then marks the order cancelled in the mirror.
 */
export async function cancelOrder(actor: ActionActor, raw: CancelOrderInput | Record<string, unknown>): Promise<OrderActionOutcome> {
  const input = parseInput(CancelOrderInput, raw, "The cancellation");
  const target = await loadActionTarget(actor.shop.id, input.caseId, input.orderId);
  const { order } = target;
  const replayed = await replayIfSubmitted(actor, "CANCEL", target, input.idempotencyKey);
  if (replayed) return replayed;
  if (order.cancelledAt) throw new AppError("conflict", t("orderAction.error.alreadyCancelled", { order: order.name }));

  // Cancelling with a refund gives back what is left to refund: an agent may do that only within the limit.
  const left = toUnits(order.totalPrice) - toUnits(order.totalRefunded);
  const refundAmount = fromUnits(left > 0n ? left : 0n);
  if (input.refund && compareMoney(refundAmount, "0") > 0) {
    await assertMayRefund(actor.shop.id, actor.staff, refundAmount, order.currencyCode);
  }

  return runOrderAction(actor, {
    kind: "CANCEL",
    target,
    idempotencyKey: input.idempotencyKey,
    input: { reason: input.reason, refund: input.refund, restock: input.restock, notify: input.notify, staffNote: input.staffNote ?? null },
    perform: async () => {
      const answer = CancelAnswer.parse(
        await adminGraphql(actor.admin, ORDER_CANCEL_MUTATION, {
          orderId: gidFor("Order", order.shopifyId),
          reason: input.reason,
          refundMethod: { originalPaymentMethodsRefund: input.refund },
          restock: input.restock,
          notifyCustomer: input.notify,
          staffNote: input.staffNote ?? null,
        }),
      );
      const payload = answer.orderCancel;
      throwOnUserErrors("CANCEL", (payload?.orderCancelUserErrors ?? []) as ShopifyUserError[]);
      if (!payload?.job) throw new AppError("unavailable", t("orderAction.error.unreachable", { action: t("orderAction.kind.CANCEL") }));
      return {
        result: {
          jobId: payload.job.id,
          reason: input.reason,
          refund: input.refund,
          restock: input.restock,
          notify: input.notify,
        },
        event: {
          type: "order_cancel_requested",
          dedupeKey: `order-cancel:${order.shopifyId}:${payload.job.id}`,
          data: {
            orderName: order.name,
            reason: input.reason,
            refund: input.refund,
            amount: input.refund ? refundAmount : null,
            currency: order.currencyCode,
            restock: input.restock,
            notified: input.notify,
            note: input.staffNote ?? null,
            jobId: payload.job.id,
          },
        },
        message: t("orderAction.cancelRequested", { order: order.name }),
      };
    },
    mirror: () => refreshOrderFromShopify(actor, order.shopifyId),
  });
}
