import { mockSubscriptionContracts } from "./shopify-admin-customers";
import type { OperationResolver } from "./shopify-admin";

/**
 * Admin API answers for app/shopify/operations/subscriptions.ts, shared by the tests and demo mode. A contract's
 * id is its customer's id followed by two digits (as in mockSubscriptionContracts): customers whose id is divisible
 * by 3 have that catalogue's contracts; any other contract id answers a monthly coffee contract of that customer.
 * Tests answer differently with mock.use(…).
 */

const numericId = (gid: unknown) => /(\d+)$/.exec(String(gid ?? ""))?.[1] ?? null;
const customerOfContract = (contractId: string) => (contractId.length > 2 ? contractId.slice(0, -2) : "0");

export function mockContractNode(contractGid: string, now = Date.now()) {
  const id = numericId(contractGid);
  if (!id) return null;
  const customerGid = `gid://shopify/Customer/${customerOfContract(id)}`;
  const known = mockSubscriptionContracts(customerGid, now).find((c) => c.id === contractGid) as
    | Record<string, unknown>
    | undefined;
  const day = (n: number) => new Date(Math.floor((now + n * 86_400_000) / 86_400_000) * 86_400_000).toISOString();
  return {
    id: contractGid,
    status: (known?.status as string) ?? "ACTIVE",
    createdAt: (known?.createdAt as string) ?? day(-90),
    updatedAt: day(-1),
    nextBillingDate: (known?.nextBillingDate as string) ?? day(12),
    currencyCode: "USD",
    customer: { id: customerGid },
    originOrder: null,
    billingPolicy: (known?.billingPolicy as object) ?? { interval: "MONTH", intervalCount: 1 },
    lines: (known?.lines as object) ?? {
      nodes: [{ title: "Trailhead Coffee Beans", variantTitle: "1 lb / Whole bean", quantity: 2 }],
    },
    customerPaymentMethod: { id: `gid://shopify/CustomerPaymentMethod/${id}`, revokedAt: null },
  };
}

const ALL_SCOPES =
  "read_orders,write_orders,read_customers,read_fulfillments,read_returns,write_returns,read_products,read_own_subscription_contracts,read_customer_payment_methods,write_customers";

export const subscriptionsResolvers: Record<string, OperationResolver> = {
  SubscriptionContractForMirror: ({ variables }) => ({ subscriptionContract: mockContractNode(String(variables.id)) }),
  SubscriptionContractPaymentMethod: ({ variables }) => {
    const node = mockContractNode(String(variables.id));
    return {
      subscriptionContract: node && {
        id: node.id,
        customer: node.customer,
        customerPaymentMethod: node.customerPaymentMethod,
      },
    };
  },
  CustomerPaymentMethodSendUpdateEmail: ({ variables }) => {
    const id = numericId(variables.customerPaymentMethodId);
    return {
      customerPaymentMethodSendUpdateEmail: {
        customer: id ? { id: `gid://shopify/Customer/${customerOfContract(id)}` } : null,
        userErrors: id
          ? []
          : [{ field: ["customerPaymentMethodId"], message: "Customer payment method does not exist" }],
      },
    };
  },
  GrantedAccessScopes: () => ({
    currentAppInstallation: { accessScopes: ALL_SCOPES.split(",").map((handle) => ({ handle })) },
  }),
  SubscriptionWebhookSubscriptions: () => ({ webhookSubscriptions: { nodes: [] } }),
  SubscriptionWebhookCreate: ({ variables }) => {
    const input = (variables.webhookSubscription ?? {}) as { uri?: string };
    return {
      webhookSubscriptionCreate: {
        webhookSubscription: {
          id: `gid://shopify/WebhookSubscription/${Date.now()}`,
          topic: variables.topic,
          uri: input.uri ?? "",
        },
        userErrors: [],
      },
    };
  },
};
