import { v7 as uuidv7 } from "uuid";
import type { Prisma } from "../generated/prisma/client";

// The demo shop's subscriptions (app/subscriptions): one customer with a case subscribes to coffee beans, monthly;
// one payment failed (card declined) and the retry two days later succeeded. Chosen among customers whose Shopify id
// is divisible by 3, so the live read (tests/mocks/shopify-admin-customers.ts) tells the same story.

const DAY = 24 * 3600 * 1000;

export function demoSubscriptionRows(
  shopId: string,
  customers: Pick<Prisma.CustomerCreateManyInput, "id" | "shopifyId">[],
  cases: Pick<Prisma.CaseCreateManyInput, "customerId">[],
  now: Date
): {
  contracts: Prisma.SubscriptionContractCreateManyInput[];
  attempts: Prisma.SubscriptionBillingAttemptCreateManyInput[];
} {
  const withCase = new Set(cases.map((c) => c.customerId).filter(Boolean));
  const eligible = customers.filter((c) => typeof c.shopifyId === "bigint" && c.shopifyId % 3n === 0n);
  const customer = eligible.find((c) => withCase.has(c.id)) ?? eligible[0];
  if (!customer?.id || typeof customer.shopifyId !== "bigint") return { contracts: [], attempts: [] };

  const day = (n: number) => new Date(Math.floor((now.getTime() + n * DAY) / DAY) * DAY);
  const contractShopifyId = BigInt(`${customer.shopifyId}01`);
  const contractId = uuidv7();
  const attempt = (
    n: number,
    at: Date,
    failed: boolean,
    recoveredAt: Date | null
  ): Prisma.SubscriptionBillingAttemptCreateManyInput => ({
    shopId,
    shopifyId: contractShopifyId * 10n + BigInt(n),
    contractId,
    contractShopifyId,
    orderShopifyId: failed ? null : 5_940_139_600_000n + BigInt(n),
    status: failed ? "FAILURE" : "SUCCESS",
    errorCode: failed ? "card_declined" : null,
    errorMessage: failed ? "Your card was declined." : null,
    attemptedAt: at,
    recoveredAt,
  });
  return {
    contracts: [
      {
        id: contractId,
        shopId,
        shopifyId: contractShopifyId,
        customerId: customer.id,
        customerShopifyId: customer.shopifyId,
        status: "ACTIVE",
        planName: "Trailhead Coffee Beans (1 lb / Whole bean) × 2",
        billingInterval: "MONTH",
        billingIntervalCount: 1,
        currencyCode: "USD",
        nextBillingDate: day(9),
        shopifyCreatedAt: day(-120),
        shopifyUpdatedAt: day(-21),
      },
    ],
    attempts: [
      attempt(1, day(-51), false, null),
      attempt(2, day(-23), true, day(-21)),
      attempt(3, day(-21), false, null),
    ],
  };
}
