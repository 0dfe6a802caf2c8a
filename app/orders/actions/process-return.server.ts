import { z } from "zod";
import { AppError } from "../../errors.server";
import { t } from "../../i18n/en";
import { adminGraphql } from "../../shopify/admin-client.server";
import { RETURN_PROCESS_CONTEXT_QUERY, RETURN_PROCESS_MUTATION } from "../../shopify/operations/order-actions";
import { compareMoney, formatMoney, sumMoney } from "../../components/order-actions/money";
import { applyReturn } from "../mirror.server";
import { gidFor, returnStatusOf } from "../mirror-input";
import { loadReturnTarget } from "./decide-return.server";
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

export const ProcessReturnInput = z.object({
  caseId: Uuid("caseId"),
  orderId: Uuid("orderId"),
  returnId: Uuid("returnId"),
  idempotencyKey: IdempotencyKey,
  lines: z
    .array(z.object({ returnLineItemId: Uuid("returnLineItemId"), quantity: z.coerce.number().int().min(0).max(100_000) }))
    .max(250)
    .default([])
    .transform((lines) => lines.filter((l) => l.quantity > 0)),
  restock: Checkbox.default(false),
  refund: Checkbox.default(false),
  notify: Checkbox.default(false),
  note: OptionalNote(1000),
});
export type ProcessReturnInput = z.input<typeof ProcessReturnInput>;

const MoneyBag = z.object({
  shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }),
  presentmentMoney: z.object({ amount: z.string(), currencyCode: z.string() }),
});
const ProcessContext = z.object({
  location: z.object({ id: z.string(), name: z.string().nullish() }).nullish(),
  return: z
    .object({
      id: z.string(),
      name: z.string().nullish(),
      status: z.string(),
      returnLineItems: z.object({
        nodes: z.array(
          z.object({
            id: z.string(),
            quantity: z.number(),
            processableQuantity: z.number(),
            fulfillmentLineItem: z.object({ id: z.string() }).nullish(),
          }),
        ),
      }),
      reverseFulfillmentOrders: z.object({
        nodes: z.array(
          z.object({
            lineItems: z.object({
              nodes: z.array(z.object({ id: z.string(), totalQuantity: z.number(), fulfillmentLineItem: z.object({ id: z.string() }).nullish() })),
            }),
          }),
        ),
      }),
      suggestedFinancialOutcome: z
        .object({
          financialTransfer: z
            .object({
              amount: MoneyBag.optional(),
              suggestedTransactions: z
                .array(z.object({ gateway: z.string().nullish(), amountSet: MoneyBag, parentTransaction: z.object({ id: z.string() }).nullish() }))
                .optional(),
            })
            .nullish(),
        })
        .nullish(),
    })
    .nullable(),
});
const ProcessAnswer = z.object({
  returnProcess: z
    .object({
      return: z.object({ id: z.string(), name: z.string().nullish(), status: z.string(), closedAt: z.string().nullish() }).nullish(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() })),
    })
    .nullable(),
});

/**
 * Processes an approved return (returnProcess): confirms the items received, restocks them at the shop's primary
 * location or not (dispositions), and optionally refunds them with Shopify's suggested transactions.
 */
export async function processReturn(actor: ActionActor, raw: ProcessReturnInput | Record<string, unknown>): Promise<OrderActionOutcome> {
  const input = parseInput(ProcessReturnInput, raw, "The return processing");
  const target = await loadActionTarget(actor.shop.id, input.caseId, input.orderId);
  const replayed = await replayIfSubmitted(actor, "RETURN_PROCESS", target, input.idempotencyKey);
  if (replayed) return replayed;
  const ret = await loadReturnTarget(actor.shop.id, target, input.returnId);
  if (ret.status !== "OPEN") {
    throw new AppError("conflict", t("orderAction.error.returnNotOpen", { return: ret.name, status: ret.status.toLowerCase() }));
  }
  if (input.lines.length === 0) throw new AppError("bad_request", t("orderAction.error.noReturnLines"));
  const byId = new Map(ret.lines.map((l) => [l.id, l]));
  const lines = input.lines.map((l) => {
    const line = byId.get(l.returnLineItemId);
    if (!line) throw new AppError("bad_request", t("orderAction.error.returnLine", { return: ret.name }));
    if (line.shopifyId === null) throw new AppError("bad_request", t("orderAction.error.returnLineNotSynced", { return: ret.name }));
    if (l.quantity > line.quantity) {
      throw new AppError("bad_request", t("orderAction.error.returnLineTooMany", { left: line.quantity, title: line.title, return: ret.name }));
    }
    return { gid: gidFor("ReturnLineItem", line.shopifyId), title: line.title, quantity: l.quantity };
  });
  let processed: z.output<typeof ProcessAnswer>["returnProcess"] = null;

  return runOrderAction(actor, {
    kind: "RETURN_PROCESS",
    target,
    idempotencyKey: input.idempotencyKey,
    input: { returnId: ret.id, lines: input.lines, restock: input.restock, refund: input.refund, notify: input.notify, note: input.note ?? null },
    perform: async () => {
      const context = ProcessContext.parse(
        await adminGraphql(actor.admin, RETURN_PROCESS_CONTEXT_QUERY, {
          id: gidFor("Return", ret.shopifyId),
          returnLineItems: lines.map((l) => ({ id: l.gid, quantity: l.quantity })),
        }),
      );
      const shopifyReturn = context.return;
      if (!shopifyReturn) throw new AppError("not_found", t("orderAction.error.returnNotFound"));
      const shopifyLines = new Map(shopifyReturn.returnLineItems.nodes.map((n) => [n.id, n]));
      const rfoLines = shopifyReturn.reverseFulfillmentOrders.nodes.flatMap((rfo) => rfo.lineItems.nodes);
      const locationId = context.location?.id ?? null;

      const returnLineItems = lines.map((l) => {
        const remote = shopifyLines.get(l.gid);
        if (!remote) throw new AppError("bad_request", t("orderAction.error.returnLine", { return: ret.name }));
        if (l.quantity > remote.processableQuantity) {
          throw new AppError("bad_request", t("orderAction.error.returnLineTooMany", { left: remote.processableQuantity, title: l.title, return: ret.name }));
        }
        const rfo = rfoLines.find((r) => r.fulfillmentLineItem?.id && r.fulfillmentLineItem.id === remote.fulfillmentLineItem?.id);
        const restock = input.restock && locationId !== null;
        return {
          id: l.gid,
          quantity: l.quantity,
          ...(rfo
            ? {
                dispositions: [
                  {
                    reverseFulfillmentOrderLineItemId: rfo.id,
                    quantity: l.quantity,
                    dispositionType: restock ? "RESTOCKED" : "NOT_RESTOCKED",
                    ...(restock ? { locationId } : {}),
                  },
                ],
              }
            : {}),
        };
      });

      const transfer = shopifyReturn.suggestedFinancialOutcome?.financialTransfer ?? null;
      const suggested = (transfer?.suggestedTransactions ?? []).filter((s) => s.parentTransaction);
      const refundAmount = input.refund && suggested.length > 0 ? sumMoney(suggested.map((s) => s.amountSet.presentmentMoney.amount)) : null;
      const refundCurrency = suggested[0]?.amountSet.presentmentMoney.currencyCode ?? target.order.currencyCode;
      if (refundAmount && compareMoney(refundAmount, "0") > 0) {
        const shopAmount = sumMoney(suggested.map((s) => s.amountSet.shopMoney.amount));
        await assertMayRefund(actor.shop.id, actor.staff, shopAmount, target.order.currencyCode);
      }
      const issueRefund = refundAmount && compareMoney(refundAmount, "0") > 0;

      const answer = ProcessAnswer.parse(
        await adminGraphql(actor.admin, RETURN_PROCESS_MUTATION, {
          input: {
            returnId: gidFor("Return", ret.shopifyId),
            returnLineItems,
            notifyCustomer: input.notify,
            ...(input.note ? { note: input.note } : {}),
            ...(issueRefund
              ? {
                  financialTransfer: {
                    issueRefund: {
                      orderTransactions: suggested.map((s) => ({
                        transactionAmount: { amount: s.amountSet.presentmentMoney.amount, currencyCode: s.amountSet.presentmentMoney.currencyCode },
                        parentId: s.parentTransaction!.id,
                      })),
                    },
                  },
                }
              : {}),
          },
        }),
      );
      const payload = answer.returnProcess;
      throwOnUserErrors("RETURN_PROCESS", (payload?.userErrors ?? []) as ShopifyUserError[]);
      if (!payload?.return) throw new AppError("unavailable", t("orderAction.error.unreachable", { action: t("orderAction.kind.RETURN_PROCESS") }));
      processed = payload;
      const name = payload.return.name ?? ret.name;
      const count = lines.reduce((n, l) => n + l.quantity, 0);
      const processedLines = lines.map((l) => ({ title: l.title, quantity: l.quantity }));
      return {
        result: {
          returnId: payload.return.id,
          status: payload.return.status,
          lines: processedLines,
          restock: input.restock,
          refunded: issueRefund ? refundAmount : null,
          currency: refundCurrency,
        },
        event: {
          type: "return_processed",
          dedupeKey: `return:${ret.shopifyId}:processed`,
          data: {
            orderName: target.order.name,
            returnId: String(ret.shopifyId),
            returnName: name,
            lines: processedLines,
            restock: input.restock,
            amount: issueRefund ? refundAmount : null,
            currency: refundCurrency,
            note: input.note ?? null,
            notified: input.notify,
          },
        },
        message: issueRefund
          ? t("orderAction.returnProcessedRefund", { return: name, count, amount: formatMoney(refundAmount!, refundCurrency) })
          : t("orderAction.returnProcessed", { return: name, count }),
      };
    },
    mirror: async () => {
      const r = processed?.return;
      if (r) {
        const status = returnStatusOf(r.status);
        await applyReturn(actor.shop, {
          shopifyId: ret.shopifyId,
          orderShopifyId: target.order.shopifyId,
          ...(status ? { status } : {}),
          event: "processed",
          ...(r.closedAt ? { closedAt: new Date(r.closedAt) } : {}),
          version: new Date(),
        });
      }
      await refreshOrderFromShopify(actor, target.order.shopifyId);
    },
  });
}
