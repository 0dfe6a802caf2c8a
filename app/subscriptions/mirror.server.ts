import db from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { ShopRecord } from "../shops/shops.server";
import { billingErrorInWords } from "./error-words";
import type { AttemptInput, ContractInput } from "./payloads";

// The subscription mirror: contracts (versioned by Shopify's updated_at, else the delivery's triggered-at; an equal
// or older version is stale) and their billing attempts (immutable, one row per Shopify id). Every write about one
// contract runs under a PostgreSQL advisory lock on (shop, contract), so out-of-order deliveries of the same
// contract queue up. Parking: a contract whose customer the mirror does not know keeps customerShopifyId and is
// linked when next applied or when one of its attempts arrives (the panel reads by customerShopifyId meanwhile);
// an attempt whose contract is unknown keeps contractShopifyId and is linked when the contract arrives. Recovery
// (recoveredAt on a failure) is derived from the attempts of the contract whichever order they arrive in. Nothing
// here can move money.

type Tx = Prisma.TransactionClient;
export type SubscriptionOutcome = "applied" | "stale";

/** Case statuses in which a failed payment is worth telling the agent about. */
export const OPEN_CASE_STATUSES = ["OPEN", "PENDING", "SNOOZED"] as const;

async function withContractLock<T>(
  shopId: string,
  contractShopifyId: bigint,
  work: (tx: Tx) => Promise<T>
): Promise<T> {
  const key = `subscription:${shopId}:${contractShopifyId}`;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      return work(tx);
    },
    { maxWait: 10_000, timeout: 30_000 }
  );
}

/** The stored version of a contract, to skip a stale delivery before asking the Admin API for details. */
export async function storedContractVersion(shopId: string, shopifyId: bigint): Promise<Date | null> {
  const row = await db.subscriptionContract.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId } },
    select: { shopifyUpdatedAt: true },
  });
  return row?.shopifyUpdatedAt ?? null;
}

export async function contractIsMirrored(shopId: string, shopifyId: bigint): Promise<boolean> {
  return (await storedContractVersion(shopId, shopifyId)) !== null;
}

async function customerIdOf(tx: Tx, shopId: string, customerShopifyId: bigint | null): Promise<string | null> {
  if (customerShopifyId === null) return null;
  const row = await tx.customer.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: customerShopifyId } },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** A contract (webhook or Admin API): insert, or update when newer; links its parked attempts. */
export async function applyContract(shop: ShopRecord, input: ContractInput): Promise<SubscriptionOutcome> {
  return withContractLock(shop.id, input.shopifyId, async (tx) => {
    const where = { shopId_shopifyId: { shopId: shop.id, shopifyId: input.shopifyId } };
    const existing = await tx.subscriptionContract.findUnique({
      where,
      select: { id: true, shopifyUpdatedAt: true, status: true, cancelledAt: true, customerId: true },
    });
    if (existing && existing.shopifyUpdatedAt >= input.updatedAt) return "stale";

    const customerId = (await customerIdOf(tx, shop.id, input.customerShopifyId)) ?? existing?.customerId ?? null;
    // When the standing cancellation happened: kept while the contract stays cancelled, cleared when it leaves
    // CANCELLED (reactivated), set anew when it is cancelled again. The cancellation figure
    // (app/insights/payments-metrics.server.ts) therefore counts cancellations that still stand.
    const stillCancelled = existing?.status === "CANCELLED" && existing.cancelledAt ? existing.cancelledAt : null;
    const cancelledAt = input.status === "CANCELLED" ? stillCancelled ?? input.updatedAt : null;
    const data = {
      customerId,
      customerShopifyId: input.customerShopifyId,
      originOrderShopifyId: input.originOrderShopifyId,
      status: input.status,
      billingInterval: input.billingInterval,
      billingIntervalCount: input.billingIntervalCount,
      currencyCode: input.currencyCode,
      ...(input.planName !== undefined ? { planName: input.planName } : {}),
      ...(input.nextBillingDate !== undefined ? { nextBillingDate: input.nextBillingDate } : {}),
      cancelledAt,
      shopifyUpdatedAt: input.updatedAt,
    };
    const contract = existing
      ? await tx.subscriptionContract.update({
          where: { id: existing.id },
          data,
          select: { id: true, customerId: true },
        })
      : await tx.subscriptionContract.create({
          data: {
            shopId: shop.id,
            shopifyId: input.shopifyId,
            shopifyCreatedAt: input.createdAt ?? input.updatedAt,
            ...data,
          },
          select: { id: true, customerId: true },
        });

    // Attempts that arrived before their contract.
    const parked = await tx.subscriptionBillingAttempt.updateManyAndReturn({
      where: { shopId: shop.id, contractShopifyId: input.shopifyId, contractId: null },
      data: { contractId: contract.id },
      select: {
        shopifyId: true,
        status: true,
        errorCode: true,
        errorMessage: true,
        attemptedAt: true,
        recoveredAt: true,
      },
    });
    const unrecovered = parked.filter((a) => a.status === "FAILURE" && !a.recoveredAt);
    if (unrecovered.length > 0)
      await noteFailedAttempts(tx, shop.id, contract.customerId, input.shopifyId, unrecovered);
    return "applied";
  });
}

/** A billing attempt: stored once; parked without its contract; recovery derived both ways round. */
export async function applyBillingAttempt(shop: ShopRecord, input: AttemptInput): Promise<SubscriptionOutcome> {
  return withContractLock(shop.id, input.contractShopifyId, async (tx) => {
    const found = await tx.subscriptionContract.findUnique({
      where: { shopId_shopifyId: { shopId: shop.id, shopifyId: input.contractShopifyId } },
      select: { id: true, customerId: true, customerShopifyId: true },
    });
    const contract = found ? { id: found.id, customerId: await contractCustomer(tx, shop.id, found) } : null;
    const { count } = await tx.subscriptionBillingAttempt.createMany({
      data: [
        {
          shopId: shop.id,
          shopifyId: input.shopifyId,
          contractId: contract?.id ?? null,
          contractShopifyId: input.contractShopifyId,
          orderShopifyId: input.orderShopifyId,
          status: input.status,
          errorCode: input.errorCode,
          errorMessage: input.errorMessage,
          attemptedAt: input.attemptedAt,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return "stale"; // the same attempt delivered again

    const sameContract = { shopId: shop.id, contractShopifyId: input.contractShopifyId };
    if (input.status === "SUCCESS") {
      // Every earlier failure not yet recovered by an earlier success is recovered by this one.
      await tx.subscriptionBillingAttempt.updateMany({
        where: {
          ...sameContract,
          status: "FAILURE",
          attemptedAt: { lt: input.attemptedAt },
          OR: [{ recoveredAt: null }, { recoveredAt: { gt: input.attemptedAt } }],
        },
        data: { recoveredAt: input.attemptedAt },
      });
      return "applied";
    }
    // A failure delivered after a later success: recovered already.
    const laterSuccess = await tx.subscriptionBillingAttempt.findFirst({
      where: { ...sameContract, status: "SUCCESS", attemptedAt: { gt: input.attemptedAt } },
      orderBy: { attemptedAt: "asc" },
      select: { attemptedAt: true },
    });
    if (laterSuccess) {
      await tx.subscriptionBillingAttempt.updateMany({
        where: { shopId: shop.id, shopifyId: input.shopifyId },
        data: { recoveredAt: laterSuccess.attemptedAt },
      });
    } else if (contract) {
      await noteFailedAttempts(tx, shop.id, contract.customerId, input.contractShopifyId, [input]);
    }
    return "applied";
  });
}

/** The contract's customer; a contract parked without one is linked once the customer is in the mirror. */
async function contractCustomer(
  tx: Tx,
  shopId: string,
  contract: { id: string; customerId: string | null; customerShopifyId: bigint | null }
): Promise<string | null> {
  if (contract.customerId) return contract.customerId;
  const customerId = await customerIdOf(tx, shopId, contract.customerShopifyId);
  if (customerId) await tx.subscriptionContract.update({ where: { id: contract.id }, data: { customerId } });
  return customerId;
}

/**
 * A failed payment becomes an event on every open case of the contract's customer (once per attempt and case:
 * the dedupe key carries the attempt id), and the case counts as active again.
 */
async function noteFailedAttempts(
  tx: Tx,
  shopId: string,
  customerId: string | null,
  contractShopifyId: bigint,
  attempts: Pick<AttemptInput, "shopifyId" | "errorCode" | "errorMessage" | "attemptedAt">[]
): Promise<void> {
  if (!customerId || attempts.length === 0) return;
  const cases = await tx.case.findMany({
    where: { shopId, customerId, mergedIntoId: null, status: { in: [...OPEN_CASE_STATUSES] } },
    select: { id: true },
    take: 20,
  });
  if (cases.length === 0) return;
  const inserted = await tx.caseEvent.createManyAndReturn({
    data: cases.flatMap((c) =>
      attempts.map((a) => ({
        shopId,
        caseId: c.id,
        type: "billing_attempt_failed",
        actorType: "SHOPIFY" as const,
        data: {
          attemptId: a.shopifyId.toString(),
          contractId: contractShopifyId.toString(),
          errorCode: a.errorCode,
          errorMessage: a.errorMessage,
          reason: billingErrorInWords(a.errorCode, a.errorMessage),
        },
        dedupeKey: `billing_attempt:${a.shopifyId}:failed`,
        occurredAt: a.attemptedAt,
      }))
    ),
    skipDuplicates: true,
    select: { caseId: true },
  });
  const touched = [...new Set(inserted.map((e) => e.caseId))];
  if (touched.length > 0) {
    await tx.case.updateMany({ where: { shopId, id: { in: touched } }, data: { lastActivityAt: new Date() } });
  }
}
