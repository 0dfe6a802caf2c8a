import type { OperationResolver } from "./shopify-admin";

/**
 * Admin API answers for app/shopify/operations/order-actions.ts, shared by the tests and demo mode. Shaped like
 * Admin 2026-07 answers for a paid USD order: every line item costs 20.00 plus 10 % tax (22.00 a unit), the
 * order was paid with one Shopify Payments sale that can still refund 49.00. Tests override with mock.use()
 * for userErrors, throttling and ACCESS_DENIED.
 */

export const MOCK_UNIT_TOTAL = "22.00";
export const MOCK_REFUNDABLE = "49.00";
export const MOCK_SALE_ID = "gid://shopify/OrderTransaction/6100000001";
export const MOCK_LOCATION_ID = "gid://shopify/Location/68000000001";

let sequence = 0;
const nextId = () => 9_100_000_000 + ++sequence;

const money = (amount: string, currencyCode = "USD") => ({ amount, currencyCode });
const bag = (amount: string, currencyCode = "USD") => ({ shopMoney: money(amount, currencyCode), presentmentMoney: money(amount, currencyCode) });
const cents = (amount: string) => Math.round(Number(amount) * 100);
const fromCents = (n: number) => (n / 100).toFixed(2);

interface LineArg {
  lineItemId: string;
  quantity: number;
  restockType?: string;
}

function refundContext(variables: Record<string, unknown>) {
  const lines = (variables.refundLineItems as LineArg[] | undefined) ?? [];
  const shipping = variables.refundShipping === true ? 400 : 0;
  const amount = Math.min(lines.reduce((n, l) => n + l.quantity * cents(MOCK_UNIT_TOTAL), 0) + shipping, cents(MOCK_REFUNDABLE));
  return {
    order: {
      id: variables.id,
      name: "#1001",
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      refundable: true,
      cancelledAt: null,
      totalRefundedSet: bag("0.00"),
      transactions: [
        {
          id: MOCK_SALE_ID,
          kind: "SALE",
          status: "SUCCESS",
          gateway: "shopify_payments",
          amountSet: bag(MOCK_REFUNDABLE),
          maximumRefundableV2: money(MOCK_REFUNDABLE),
          parentTransaction: null,
        },
      ],
      suggestedRefund: {
        amountSet: bag(fromCents(amount)),
        maximumRefundableSet: bag(MOCK_REFUNDABLE),
        subtotalSet: bag(fromCents(Math.round(amount / 1.1))),
        totalTaxSet: bag(fromCents(amount - Math.round(amount / 1.1))),
        refundLineItems: lines.map((l) => ({
          quantity: l.quantity,
          restockType: l.restockType ?? "NO_RESTOCK",
          lineItem: { id: l.lineItemId },
          location: l.restockType && l.restockType !== "NO_RESTOCK" ? { id: MOCK_LOCATION_ID } : null,
        })),
        suggestedTransactions:
          amount > 0
            ? [
                {
                  gateway: "shopify_payments",
                  kind: "SUGGESTED_REFUND",
                  amountSet: bag(fromCents(amount)),
                  maximumRefundableSet: bag(MOCK_REFUNDABLE),
                  parentTransaction: { id: MOCK_SALE_ID, kind: "SALE" },
                },
              ]
            : [],
      },
    },
  };
}

function refundCreate(variables: Record<string, unknown>) {
  const input = variables.input as {
    orderId: string;
    note?: string;
    refundLineItems?: LineArg[];
    transactions?: { amount: string }[];
    shipping?: { fullRefund?: boolean };
  };
  const total = fromCents((input.transactions ?? []).reduce((n, tx) => n + cents(tx.amount), 0));
  const lines = input.refundLineItems ?? [];
  return {
    refundCreate: {
      refund: {
        id: `gid://shopify/Refund/${nextId()}`,
        note: input.note ?? null,
        createdAt: new Date().toISOString(),
        totalRefundedSet: bag(total),
        return: null,
        refundLineItems: {
          nodes: lines.map((l) => ({
            id: `gid://shopify/RefundLineItem/${nextId()}`,
            quantity: l.quantity,
            restockType: l.restockType ?? "NO_RESTOCK",
            lineItem: { id: l.lineItemId },
            subtotalSet: { shopMoney: { amount: fromCents(l.quantity * 2000) } },
            totalTaxSet: { shopMoney: { amount: fromCents(l.quantity * 200) } },
          })),
        },
        refundShippingLines: { nodes: input.shipping?.fullRefund ? [{ subtotalAmountSet: { shopMoney: { amount: "4.00" } } }] : [] },
      },
      order: { id: input.orderId, displayFinancialStatus: "PARTIALLY_REFUNDED", totalRefundedSet: bag(total) },
      userErrors: [],
    },
  };
}

const returnAnswer = (id: unknown, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: "#1001-R1",
  status,
  requestApprovedAt: status === "REQUESTED" ? null : new Date().toISOString(),
  closedAt: status === "CLOSED" ? new Date().toISOString() : null,
  decline: null,
  order: { id: "gid://shopify/Order/5940139491234" },
  ...extra,
});

/** The numeric part of a GID, to derive the related ids of a return line consistently. */
const numberOf = (gid: string) => gid.split("/").pop() ?? "0";

function returnProcessContext(variables: Record<string, unknown>) {
  const lines = (variables.returnLineItems as { id: string; quantity: number }[] | undefined) ?? [];
  const amount = lines.reduce((n, l) => n + l.quantity * cents(MOCK_UNIT_TOTAL), 0);
  return {
    location: { id: MOCK_LOCATION_ID, name: "Main warehouse" },
    return: {
      id: variables.id,
      name: "#1001-R1",
      status: "OPEN",
      order: { id: "gid://shopify/Order/5940139491234", currencyCode: "USD", presentmentCurrencyCode: "USD" },
      returnLineItems: {
        nodes: lines.map((l) => ({
          id: l.id,
          quantity: l.quantity,
          processableQuantity: l.quantity,
          fulfillmentLineItem: { id: `gid://shopify/FulfillmentLineItem/${numberOf(l.id)}`, lineItem: { id: `gid://shopify/LineItem/${numberOf(l.id)}` } },
        })),
      },
      reverseFulfillmentOrders: {
        nodes: [
          {
            id: "gid://shopify/ReverseFulfillmentOrder/8800000001",
            lineItems: {
              nodes: lines.map((l) => ({
                id: `gid://shopify/ReverseFulfillmentOrderLineItem/${numberOf(l.id)}`,
                totalQuantity: l.quantity,
                fulfillmentLineItem: { id: `gid://shopify/FulfillmentLineItem/${numberOf(l.id)}` },
              })),
            },
          },
        ],
      },
      suggestedFinancialOutcome: {
        financialTransfer: {
          __typename: "RefundReturnOutcome",
          amount: bag(fromCents(amount)),
          suggestedTransactions:
            amount > 0
              ? [{ gateway: "shopify_payments", amountSet: bag(fromCents(amount)), parentTransaction: { id: MOCK_SALE_ID, kind: "SALE" } }]
              : [],
        },
      },
    },
  };
}

export const actionsResolvers: Record<string, OperationResolver> = {
  OrderRefundContext: ({ variables }) => refundContext(variables),
  RefundCreate: ({ variables }) => refundCreate(variables),
  OrderCancel: () => ({
    orderCancel: { job: { id: `gid://shopify/Job/${crypto.randomUUID()}`, done: false }, orderCancelUserErrors: [] },
  }),
  ReturnApproveRequest: ({ variables }) => ({
    returnApproveRequest: { return: returnAnswer((variables.input as { id: string }).id, "OPEN"), userErrors: [] },
  }),
  ReturnDeclineRequest: ({ variables }) => {
    const input = variables.input as { id: string; declineReason: string; declineNote?: string };
    return {
      returnDeclineRequest: {
        return: returnAnswer(input.id, "DECLINED", { decline: { reason: input.declineReason, note: input.declineNote ?? null } }),
        userErrors: [],
      },
    };
  },
  // Shopify sends the invoice email and answers with the order; tests override for userErrors.
  OrderInvoiceSend: ({ variables }) => ({ orderInvoiceSend: { order: { id: variables.id }, userErrors: [] } }),
  ReturnProcessContext: ({ variables }) => returnProcessContext(variables),
  ReturnProcess: ({ variables }) => ({
    returnProcess: { return: returnAnswer((variables.input as { returnId: string }).returnId, "CLOSED"), userErrors: [] },
  }),
};
