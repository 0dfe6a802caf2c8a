import { z } from "zod";
import db from "../../db.server";
import { AppError } from "../../errors.server";
import { t } from "../../i18n/en";
import { adminGraphql } from "../../shopify/admin-client.server";
import { ORDER_REFUND_CONTEXT_QUERY, REFUND_CREATE_MUTATION } from "../../shopify/operations/order-actions";
import { getShopSettings } from "../../shops/settings.server";
import { compareMoney, formatMoney, fromUnits, isMoney, minMoney, sumMoney, toUnits } from "../../components/order-actions/money";
import { applyRefund } from "../mirror.server";
import { gidFor, idFromGid } from "../mirror-input";
import type { RefundInput } from "../mirror-input";
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

/**
 * Refund from a case: chosen line items (with or without restock), shipping, or an amount alone. Shopify
 * suggests the amount and the transactions for the chosen lines (suggestedRefund); the refund is sent with
 * `@idempotent(key:)`, so a repeated request can never refund twice.
 */

export const RefundOrderInput = z.object({
  caseId: Uuid("caseId"),
  orderId: Uuid("orderId"),
  idempotencyKey: IdempotencyKey,
  lines: z
    .array(z.object({ lineItemId: Uuid("lineItemId"), quantity: z.coerce.number().int().min(0).max(100_000) }))
    .max(250)
    .default([])
    .transform((lines) => lines.filter((l) => l.quantity > 0)),
  restock: Checkbox.default(false),
  refundShipping: Checkbox.default(false),
  /** A different amount than Shopify's calculation for the lines, or the amount of an amount-only refund. */
  amount: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .refine((v) => isMoney(v) && /^\d{1,12}(\.\d{1,2})?$/.test(v), "use an amount such as 49.00")
      .optional(),
  ),
  note: OptionalNote(1000),
  notify: Checkbox.default(false),
});
export type RefundOrderInput = z.input<typeof RefundOrderInput>;

const Money = z.object({ amount: z.string(), currencyCode: z.string() });
const MoneyBag = z.object({ shopMoney: Money, presentmentMoney: Money });
const RefundContext = z.object({
  order: z
    .object({
      id: z.string(),
      name: z.string(),
      currencyCode: z.string(),
      presentmentCurrencyCode: z.string(),
      transactions: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          status: z.string(),
          gateway: z.string().nullish(),
          maximumRefundableV2: Money.nullish(),
        }),
      ),
      suggestedRefund: z
        .object({
          amountSet: MoneyBag,
          maximumRefundableSet: MoneyBag,
          refundLineItems: z.array(
            z.object({ quantity: z.number(), lineItem: z.object({ id: z.string() }), location: z.object({ id: z.string() }).nullish() }),
          ),
          suggestedTransactions: z.array(
            z.object({
              gateway: z.string().nullish(),
              amountSet: MoneyBag,
              maximumRefundableSet: MoneyBag.nullish(),
              parentTransaction: z.object({ id: z.string() }).nullish(),
            }),
          ),
        })
        .nullish(),
    })
    .nullable(),
});

const RefundCreateAnswer = z.object({
  refundCreate: z
    .object({
      refund: z
        .object({
          id: z.string(),
          note: z.string().nullish(),
          createdAt: z.string(),
          totalRefundedSet: MoneyBag,
          return: z.object({ id: z.string() }).nullish(),
          refundLineItems: z.object({
            nodes: z.array(
              z.object({
                id: z.string().nullish(),
                quantity: z.number(),
                restockType: z.string().nullish(),
                lineItem: z.object({ id: z.string() }),
                subtotalSet: z.object({ shopMoney: z.object({ amount: z.string() }) }).nullish(),
                totalTaxSet: z.object({ shopMoney: z.object({ amount: z.string() }) }).nullish(),
              }),
            ),
          }),
          refundShippingLines: z
            .object({ nodes: z.array(z.object({ subtotalAmountSet: z.object({ shopMoney: z.object({ amount: z.string() }) }) })) })
            .nullish(),
        })
        .nullish(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() })),
    })
    .nullable(),
});

interface Candidate {
  gateway: string;
  parentId: string;
  max: string;
}

/** Spreads `amount` over the payments it can go back to, each up to what it can still refund. */
export function allocateRefund(amount: string, candidates: Candidate[]): { gateway: string; parentId: string; amount: string }[] | null {
  let left = toUnits(amount);
  const out: { gateway: string; parentId: string; amount: string }[] = [];
  for (const c of candidates) {
    if (left <= 0n) break;
    const max = toUnits(c.max);
    if (max <= 0n) continue;
    const take = max < left ? max : left;
    out.push({ gateway: c.gateway, parentId: c.parentId, amount: fromUnits(take) });
    left -= take;
  }
  return left > 0n ? null : out;
}

export async function refundOrder(actor: ActionActor, raw: RefundOrderInput | Record<string, unknown>): Promise<OrderActionOutcome> {
  const input = parseInput(RefundOrderInput, raw, "The refund");
  const shopId = actor.shop.id;
  const target = await loadActionTarget(shopId, input.caseId, input.orderId);
  const { order } = target;
  const replayed = await replayIfSubmitted(actor, "REFUND", target, input.idempotencyKey);
  if (replayed) return replayed;
  const settings = await getShopSettings(shopId);
  if (settings.refunds.requireNote && !input.note) throw new AppError("bad_request", t("orderAction.error.noteRequired"));
  if (input.lines.length === 0 && !input.amount && !input.refundShipping) {
    throw new AppError("bad_request", t("orderAction.error.nothingChosen"));
  }
  if (input.amount && compareMoney(input.amount, "0") <= 0) throw new AppError("bad_request", t("orderAction.error.amountZero"));

  // The chosen lines, checked against the mirror: of this order, and no more than is left to refund.
  const lineRows = await db.lineItem.findMany({
    where: { shopId, orderId: order.id, id: { in: input.lines.map((l) => l.lineItemId) } },
    select: {
      id: true,
      shopifyId: true,
      title: true,
      quantity: true,
      refundLines: { where: { shopId }, select: { quantity: true } },
      fulfillmentLines: { where: { shopId, fulfillment: { status: "SUCCESS" } }, select: { quantity: true } },
    },
  });
  const rows = new Map(lineRows.map((l) => [l.id, l]));
  const lines = input.lines.map((l) => {
    const row = rows.get(l.lineItemId);
    if (!row) throw new AppError("bad_request", t("orderAction.error.lineNotInOrder", { order: order.name }));
    const left = row.quantity - row.refundLines.reduce((n, r) => n + r.quantity, 0);
    if (l.quantity > left) throw new AppError("bad_request", t("orderAction.error.lineTooMany", { left: Math.max(0, left), title: row.title }));
    const fulfilled = row.fulfillmentLines.reduce((n, f) => n + f.quantity, 0) > 0;
    return {
      lineItemGid: gidFor("LineItem", row.shopifyId),
      title: row.title,
      quantity: l.quantity,
      // Shopify's rule: RETURN for items that were fulfilled, CANCEL for items that never shipped.
      restockType: input.restock ? (fulfilled ? "RETURN" : "CANCEL") : "NO_RESTOCK",
    };
  });

  // An amount typed by staff is known now: an agent over the limit is refused before Shopify is asked.
  if (input.amount) await assertMayRefund(shopId, actor.staff, input.amount, order.currencyCode);

  let answered: RefundAnswer | undefined;
  return runOrderAction(actor, {
    kind: "REFUND",
    target,
    idempotencyKey: input.idempotencyKey,
    input: {
      lines: input.lines,
      restock: input.restock,
      refundShipping: input.refundShipping,
      amount: input.amount ?? null,
      note: input.note ?? null,
      notify: input.notify,
    },
    perform: async () => {
      const orderGid = gidFor("Order", order.shopifyId);
      const context = RefundContext.parse(
        await adminGraphql(actor.admin, ORDER_REFUND_CONTEXT_QUERY, {
          id: orderGid,
          refundLineItems: lines.map((l) => ({ lineItemId: l.lineItemGid, quantity: l.quantity, restockType: l.restockType })),
          suggestFullRefund: false,
          refundShipping: input.refundShipping,
        }),
      );
      const shopifyOrder = context.order;
      if (!shopifyOrder) {
        throw new AppError("not_found", t("orderAction.error.orderGone", { order: order.name, nothing: t("orderAction.nothingDone.REFUND") }));
      }
      const suggestion = shopifyOrder.suggestedRefund ?? null;
      const foreign = shopifyOrder.presentmentCurrencyCode !== shopifyOrder.currencyCode;
      if (foreign && input.amount) {
        throw new AppError(
          "bad_request",
          t("orderAction.error.presentmentCurrency", { order: order.name, presentment: shopifyOrder.presentmentCurrencyCode }),
        );
      }
      const currency = shopifyOrder.presentmentCurrencyCode;
      const amount = input.amount ?? suggestion?.amountSet.presentmentMoney.amount ?? "0";
      const shopAmount = input.amount ?? suggestion?.amountSet.shopMoney.amount ?? "0";
      if (compareMoney(amount, "0") <= 0) throw new AppError("bad_request", t("orderAction.error.nothingToRefund"));
      if (!input.amount) await assertMayRefund(shopId, actor.staff, shopAmount, shopifyOrder.currencyCode);

      // Where the money goes back: Shopify's suggested transactions for the lines, else the order's payments.
      const suggested: Candidate[] = (suggestion?.suggestedTransactions ?? []).flatMap((s) =>
        s.parentTransaction
          ? [{ gateway: s.gateway ?? "manual", parentId: s.parentTransaction.id, max: (s.maximumRefundableSet ?? s.amountSet).presentmentMoney.amount }]
          : [],
      );
      const payments: Candidate[] = shopifyOrder.transactions
        .filter((tx) => (tx.kind === "SALE" || tx.kind === "CAPTURE") && tx.status === "SUCCESS" && tx.maximumRefundableV2)
        .map((tx) => ({ gateway: tx.gateway ?? "manual", parentId: tx.id, max: tx.maximumRefundableV2!.amount }));
      const candidates = suggested.length > 0 && (!input.amount || compareMoney(sumMoney(suggested.map((c) => c.max)), amount) >= 0) ? suggested : payments;
      const transactions = allocateRefund(amount, candidates);
      if (!transactions) {
        const max = candidates.length > 0 ? sumMoney(candidates.map((c) => c.max)) : "0";
        const cap = suggestion ? minMoney(max, suggestion.maximumRefundableSet.presentmentMoney.amount) : max;
        throw new AppError("bad_request", t("orderAction.error.overRefundable", { max: formatMoney(cap, currency), order: order.name }));
      }

      const locations = new Map((suggestion?.refundLineItems ?? []).map((s) => [s.lineItem.id, s.location?.id ?? null]));
      const answer = RefundCreateAnswer.parse(
        await adminGraphql(actor.admin, REFUND_CREATE_MUTATION, {
          idempotencyKey: input.idempotencyKey,
          input: {
            orderId: orderGid,
            ...(foreign ? { currency } : {}),
            ...(input.note ? { note: input.note } : {}),
            notify: input.notify,
            ...(lines.length > 0
              ? {
                  refundLineItems: lines.map((l) => {
                    const locationId = l.restockType !== "NO_RESTOCK" ? locations.get(l.lineItemGid) ?? null : null;
                    return { lineItemId: l.lineItemGid, quantity: l.quantity, restockType: l.restockType, ...(locationId ? { locationId } : {}) };
                  }),
                }
              : {}),
            ...(input.refundShipping ? { shipping: { fullRefund: true } } : {}),
            transactions: transactions.map((tx) => ({
              orderId: orderGid,
              kind: "REFUND",
              gateway: tx.gateway,
              amount: tx.amount,
              parentId: tx.parentId,
            })),
          },
        }),
      );
      const payload = answer.refundCreate;
      throwOnUserErrors("REFUND", (payload?.userErrors ?? []) as ShopifyUserError[]);
      const refund = payload?.refund;
      if (!refund) throw new AppError("unavailable", t("orderAction.error.unreachable", { action: t("orderAction.kind.REFUND") }));

      answered = refund;
      const refunded = refund.totalRefundedSet.presentmentMoney;
      const refundedLines = lines.map((l) => ({ title: l.title, quantity: l.quantity, restockType: l.restockType }));
      return {
        result: {
          refundId: refund.id,
          amount: refunded.amount,
          currency: refunded.currencyCode,
          lines: refundedLines,
          restock: input.restock,
          refundShipping: input.refundShipping,
        },
        event: {
          type: "refund_created",
          dedupeKey: `refund:${idFromGid(refund.id) ?? refund.id}`,
          data: {
            orderName: order.name,
            refundId: refund.id,
            amount: refunded.amount,
            currency: refunded.currencyCode,
            lines: refundedLines,
            restock: input.restock,
            shipping: input.refundShipping,
            note: input.note ?? null,
            notified: input.notify,
          },
        },
        message: t("orderAction.refunded", { amount: formatMoney(refunded.amount, refunded.currencyCode), order: order.name }),
      };
    },
    mirror: async () => {
      if (answered) await applyRefund(actor.shop, refundInputFromAnswer(answered, order.shopifyId));
      await refreshOrderFromShopify(actor, order.shopifyId);
    },
  });
}

type RefundAnswer = NonNullable<NonNullable<z.output<typeof RefundCreateAnswer>["refundCreate"]>["refund"]>;

function refundInputFromAnswer(r: RefundAnswer, orderShopifyId: bigint): RefundInput {
  const at = new Date(r.createdAt);
  const lines = r.refundLineItems.nodes.map((l) => ({
    shopifyId: idFromGid(l.id),
    lineItemShopifyId: idFromGid(l.lineItem.id),
    quantity: l.quantity,
    restockType: l.restockType ? l.restockType.toLowerCase() : null,
    subtotal: l.subtotalSet?.shopMoney.amount ?? "0",
    totalTax: l.totalTaxSet?.shopMoney.amount ?? "0",
  }));
  return {
    shopifyId: idFromGid(r.id)!,
    orderShopifyId,
    amount: r.totalRefundedSet.shopMoney.amount,
    shippingAmount: sumMoney((r.refundShippingLines?.nodes ?? []).map((s) => s.subtotalAmountSet.shopMoney.amount)),
    currencyCode: r.totalRefundedSet.shopMoney.currencyCode,
    note: r.note ?? null,
    restocked: lines.some((l) => l.restockType !== null && l.restockType !== "no_restock"),
    returnShopifyId: idFromGid(r.return?.id),
    processedAt: at,
    createdAt: at,
    lines,
  };
}
