import type { OperationResolver } from "./shopify-admin";

/** Admin API answers for app/shopify/operations/customers.ts, shared by the tests and demo mode. */

const DAY = 24 * 3600 * 1000;

/**
 * Subscription contracts of a customer, deterministic by the customer's numeric id so the demo and the
 * tests see the same: ids divisible by 3 subscribe to coffee (active, monthly), those divisible by 6 also
 * have a paused tea box whose last payment failed; every other customer has none.
 */
export function mockSubscriptionContracts(customerGid: string, now = Date.now()) {
  const id = Number(/(\d+)$/.exec(customerGid)?.[1] ?? NaN);
  if (!Number.isSafeInteger(id) || id % 3 !== 0) return [];
  const day = (n: number) => new Date(Math.floor((now + n * DAY) / DAY) * DAY).toISOString();
  const contracts: Record<string, unknown>[] = [
    {
      id: `gid://shopify/SubscriptionContract/${id}01`,
      status: "ACTIVE",
      createdAt: day(-120),
      nextBillingDate: day(9),
      currencyCode: "USD",
      lastPaymentStatus: "SUCCEEDED",
      lastBillingAttemptErrorType: null,
      billingPolicy: { interval: "MONTH", intervalCount: 1 },
      lines: {
        nodes: [
          { title: "Trailhead Coffee Beans", variantTitle: "1 lb / Whole bean", quantity: 2, currentPrice: { amount: "16.0", currencyCode: "USD" } },
        ],
      },
      billingAttempts: {
        nodes: [
          { id: `gid://shopify/SubscriptionBillingAttempt/${id}011`, createdAt: day(-21), completedAt: day(-21), state: { __typename: "SubscriptionBillingAttemptSuccessState" } },
        ],
      },
    },
  ];
  if (id % 6 === 0) {
    contracts.push({
      id: `gid://shopify/SubscriptionContract/${id}02`,
      status: "PAUSED",
      createdAt: day(-200),
      nextBillingDate: day(30),
      currencyCode: "USD",
      lastPaymentStatus: "FAILED",
      lastBillingAttemptErrorType: "PAYMENT_ERROR",
      billingPolicy: { interval: "WEEK", intervalCount: 2 },
      lines: {
        nodes: [{ title: "Loose Leaf Tea Box", variantTitle: "Assorted", quantity: 1, currentPrice: { amount: "24.0", currencyCode: "USD" } }],
      },
      billingAttempts: {
        nodes: [
          {
            id: `gid://shopify/SubscriptionBillingAttempt/${id}021`,
            createdAt: day(-6),
            completedAt: day(-6),
            state: {
              __typename: "SubscriptionBillingAttemptFailedState",
              error: { __typename: "SubscriptionBillingAttemptPaymentError", paymentErrorCode: "CARD_DECLINED" },
            },
          },
        ],
      },
    });
  }
  return contracts;
}

export const customersResolvers: Record<string, OperationResolver> = {
  CustomerSubscriptionContracts: ({ variables }) => {
    const gid = String(variables.customerId ?? "");
    return { customer: { id: gid, subscriptionContracts: { nodes: mockSubscriptionContracts(gid) } } };
  },
};
