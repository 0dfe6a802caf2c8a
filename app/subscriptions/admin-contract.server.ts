import { z } from "zod";
import type { AdminGraphql } from "../auth/staff.server";
import { gidFor, idFromGid } from "../orders/mirror-input";
import { adminGraphql } from "../shopify/admin-client.server";
import { SUBSCRIPTION_CONTRACT_QUERY } from "../shopify/operations/subscriptions";
import type { ContractInput } from "./payloads";
import { subscriptionStatusOf } from "./payloads";

// SubscriptionContractForMirror, parsed with zod: the details the webhook payload lacks (plan, next billing date),
// or the whole contract when a billing attempt names one the mirror does not have.

const optionalDate = z.iso.datetime({ offset: true }).nullish().catch(null);

const Answer = z.object({
  subscriptionContract: z
    .object({
      id: z.string(),
      status: z.string(),
      createdAt: z.iso.datetime({ offset: true }),
      updatedAt: z.iso.datetime({ offset: true }),
      nextBillingDate: optionalDate,
      currencyCode: z.string().nullish().catch(null),
      customer: z.object({ id: z.string() }).nullish().catch(null),
      originOrder: z.object({ id: z.string() }).nullish().catch(null),
      billingPolicy: z.object({ interval: z.string(), intervalCount: z.number().int() }).nullish().catch(null),
      lines: z
        .object({
          nodes: z.array(
            z.object({ title: z.string(), variantTitle: z.string().nullish(), quantity: z.number().int() })
          ),
        })
        .nullish()
        .catch(null),
    })
    .nullable(),
});

/** "Coffee beans (1 kg) × 2, Filter papers × 1": what staff read as the plan. */
function planNameOf(lines: { title: string; variantTitle?: string | null; quantity: number }[]): string | null {
  if (lines.length === 0) return null;
  return lines
    .map((l) => `${l.title}${l.variantTitle ? ` (${l.variantTitle})` : ""} × ${l.quantity}`)
    .join(", ")
    .slice(0, 500);
}

/** The contract as Shopify has it now; null when Shopify does not know it (or the answer lacks a valid status). */
export async function fetchContract(
  admin: AdminGraphql,
  contractShopifyId: bigint
): Promise<Required<ContractInput> | null> {
  const answer = Answer.parse(
    await adminGraphql(admin, SUBSCRIPTION_CONTRACT_QUERY, { id: gidFor("SubscriptionContract", contractShopifyId) })
  );
  const c = answer.subscriptionContract;
  const status = c ? subscriptionStatusOf(c.status) : null;
  if (!c || !status) return null;
  return {
    shopifyId: contractShopifyId,
    customerShopifyId: idFromGid(c.customer?.id),
    originOrderShopifyId: idFromGid(c.originOrder?.id),
    status,
    billingInterval: c.billingPolicy?.interval ?? null,
    billingIntervalCount: c.billingPolicy?.intervalCount ?? null,
    currencyCode: c.currencyCode ?? null,
    planName: planNameOf(c.lines?.nodes ?? []),
    nextBillingDate: c.nextBillingDate ? new Date(c.nextBillingDate) : null,
    createdAt: new Date(c.createdAt),
    updatedAt: new Date(c.updatedAt),
  };
}
