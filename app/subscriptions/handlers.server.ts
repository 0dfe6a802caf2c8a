import type { WebhookContext, WebhookHandler } from "../webhooks/types";
import { fetchContract } from "./admin-contract.server";
import { applyBillingAttempt, applyContract, contractIsMirrored, storedContractVersion } from "./mirror.server";
import { attemptInputFromPayload, contractInputFromPayload } from "./payloads";

// Subscription topics (shop-specific subscriptions, registered when the merchant turns subscriptions on: see
// docs/decisions/0018-optional-subscription-scopes.md). Each parses its payload, applies it to the mirror and
// returns applied / stale / ignored. Read-only towards Shopify: nothing here can move money.

const uninstalled = (ctx: WebhookContext) => ctx.shop.state === "UNINSTALLED";

/**
 * subscription_contracts/create|update: status, billing policy and customer from the payload (versioned by its
 * updated_at, else the delivery's triggered-at); plan and next billing date, which the payload lacks, from the
 * Admin API. A stale delivery is skipped before any Admin API call.
 */
const applyContractDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = contractInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  const stored = await storedContractVersion(ctx.shop.id, input.shopifyId);
  if (stored && stored >= input.updatedAt) return "stale";
  const details = await fetchContract(await ctx.admin(), input.shopifyId);
  return applyContract(ctx.shop, {
    ...input,
    ...(details ? { planName: details.planName, nextBillingDate: details.nextBillingDate } : {}),
    createdAt: input.createdAt ?? details?.createdAt ?? null,
    customerShopifyId: input.customerShopifyId ?? details?.customerShopifyId ?? null,
  });
};

/**
 * subscription_billing_attempts/success|failure: the attempt is stored; when the mirror lacks its contract, the
 * contract is fetched from the Admin API first; if Shopify does not list it, the attempt is parked and linked
 * when the contract arrives.
 */
const applyAttemptDelivery: WebhookHandler = async (ctx) => {
  if (uninstalled(ctx)) return "ignored";
  const input = attemptInputFromPayload(ctx.payload, ctx.topic, ctx.triggeredAt);
  if (!(await contractIsMirrored(ctx.shop.id, input.contractShopifyId))) {
    const contract = await fetchContract(await ctx.admin(), input.contractShopifyId);
    if (contract) await applyContract(ctx.shop, contract);
  }
  return applyBillingAttempt(ctx.shop, input);
};

export const subscriptionWebhookHandlers: Record<string, WebhookHandler> = {
  "subscription_contracts/create": applyContractDelivery,
  "subscription_contracts/update": applyContractDelivery,
  "subscription_billing_attempts/success": applyAttemptDelivery,
  "subscription_billing_attempts/failure": applyAttemptDelivery,
};
