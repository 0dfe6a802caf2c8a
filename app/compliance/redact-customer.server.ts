import db from "../db.server";
import { Prisma } from "../generated/prisma/client";
import type { WebhookContext, WebhookOutcome } from "../webhooks/types";
import { TRANSACTION_LIMITS, findCustomerFootprint } from "./customer-footprint.server";
import { CustomerRedactPayload, assertSameShop, parsePayload, type CustomerIdentity } from "./payloads.server";

export const REDACTED_BODY = "[redacted]";

export interface RedactionSummary {
  customers: number;
  orders: number;
  cases: number;
  messages: number;
  attachmentsDeleted: number;
  webhookPayloads: number;
}

export interface RedactOptions {
  shopId: string;
  shopDomain: string;
  customer: CustomerIdentity;
  /** The delivery being processed: its own payload is cut down to ids once the work is done. */
  webhookId?: string;
  /** When Shopify sent the request (the delivery's triggered-at). */
  requestedAt?: Date | null;
  now?: Date;
}

/**
 * Erases one customer's personal data from a shop, keeping the rows (with their timestamps, statuses, topics
 * and amounts) so that metrics keep their counts. Idempotent: running it again finds the same rows by Shopify
 * id and changes nothing more; `redactedAt` keeps the time of the first erasure.
 *
 * Erased: the customer (email, names, phone, tags); their orders and the orders named by the request (email,
 * phone, addresses, note, status page link; tracking numbers and links, carrier event locations and messages,
 * return notes and reverse tracking, refund notes; payment card brand, last four and gateway messages); their
 * subscriptions' plan names and billing attempts' error messages; their cases (email, name, subject → "Redacted case #N"),
 * every message of those cases and any message they wrote elsewhere (body, sender, subject, recipients,
 * delivery error; attachments deleted) and their address in other messages' recipients; rating and NPS comments
 * (the NPS score stays, anonymous);
 * timeline event data of those cases and orders; self-service search queries; earlier data-request exports
 * and request emails; and the payloads of finished webhook deliveries that mention their email, phone or orders.
 */
export async function redactCustomer(options: RedactOptions): Promise<RedactionSummary> {
  const { shopId, customer: who } = options;
  const now = options.now ?? new Date();
  const email = who.email?.toLowerCase() ?? null;

  const summary = await db.$transaction(async (tx) => {
    const { customerIds, orderIds, caseIds } = await findCustomerFootprint(tx, shopId, who);

    // Customer rows.
    const customers = await tx.customer.updateMany({
      where: { shopId, id: { in: customerIds } },
      data: { email: null, firstName: null, lastName: null, phone: null, tags: [] },
    });
    await tx.customer.updateMany({
      where: { shopId, id: { in: customerIds }, redactedAt: null },
      data: { redactedAt: now },
    });

    // Orders and what hangs off them.
    const orders = await tx.order.updateMany({
      where: { shopId, id: { in: orderIds } },
      data: {
        email: null,
        phone: null,
        shippingAddress: Prisma.DbNull,
        billingAddress: Prisma.DbNull,
        note: null,
        statusPageUrl: null,
      },
    });
    await tx.order.updateMany({ where: { shopId, id: { in: orderIds }, redactedAt: null }, data: { redactedAt: now } });
    await tx.fulfillment.updateMany({
      where: { shopId, orderId: { in: orderIds } },
      data: { trackingNumber: null, trackingUrl: null, trackingNumbers: [], trackingUrls: [] },
    });
    await tx.fulfillmentEvent.updateMany({
      where: { shopId, fulfillment: { shopId, orderId: { in: orderIds } } },
      data: { message: null, city: null, province: null },
    });
    await tx.refund.updateMany({ where: { shopId, orderId: { in: orderIds } }, data: { note: null } });
    await tx.return.updateMany({
      where: { shopId, orderId: { in: orderIds } },
      data: { declineNote: null, reverseTrackingNumber: null, reverseTrackingUrl: null, reverseLabelUrl: null },
    });
    await tx.returnLineItem.updateMany({
      where: { shopId, return: { shopId, orderId: { in: orderIds } } },
      data: { customerNote: null },
    });
    // Payments: the card (brand, last four) and the gateway's message go; kind, status, amount and error code stay
    // for the payment figures.
    await tx.orderTransaction.updateMany({
      where: { shopId, orderId: { in: orderIds } },
      data: { cardBrand: null, lastFour: null, message: null },
    });
    // Subscriptions: what they subscribed to and the billing attempts' gateway messages; statuses and dates stay.
    const contractWhere = {
      shopId,
      OR: [
        { customerId: { in: customerIds } },
        ...(who.shopifyCustomerId !== null ? [{ customerShopifyId: who.shopifyCustomerId }] : []),
      ],
    };
    await tx.subscriptionContract.updateMany({ where: contractWhere, data: { planName: null } });
    const contractShopifyIds = (await tx.subscriptionContract.findMany({ where: contractWhere, select: { shopifyId: true } })).map(
      (c) => c.shopifyId,
    );
    await tx.subscriptionBillingAttempt.updateMany({
      where: { shopId, contractShopifyId: { in: contractShopifyIds } },
      data: { errorMessage: null },
    });

    // Cases and their conversations.
    const cases = await tx.$executeRaw`
      UPDATE "Case" SET subject = 'Redacted case #' || number, "customerEmail" = NULL, "customerName" = NULL, "updatedAt" = ${now}
      WHERE "shopId" = ${shopId}::uuid AND id = ANY(${caseIds}::uuid[])`;
    const attachmentsDeleted = await tx.$executeRaw`
      DELETE FROM "MessageAttachment" a USING "Message" m
      WHERE a."shopId" = ${shopId}::uuid AND m."shopId" = ${shopId}::uuid AND a."messageId" = m.id
        AND (m."caseId" = ANY(${caseIds}::uuid[]) OR lower(m."authorEmail") = ${email}::text)`;
    const messages = await tx.$executeRaw`
      UPDATE "Message"
      SET "bodyText" = ${REDACTED_BODY}, "bodyHtml" = NULL, "authorName" = NULL, "authorEmail" = NULL, subject = NULL,
          "toEmails" = '{}', "ccEmails" = '{}', "deliveryError" = NULL
      WHERE "shopId" = ${shopId}::uuid AND ("caseId" = ANY(${caseIds}::uuid[]) OR lower("authorEmail") = ${email}::text)`;
    if (email) {
      // Someone else's conversation that copied them in: only their address goes.
      await tx.$executeRaw`
        UPDATE "Message"
        SET "toEmails" = ARRAY(SELECT e FROM unnest("toEmails") e WHERE lower(e) <> ${email}::text),
            "ccEmails" = ARRAY(SELECT e FROM unnest("ccEmails") e WHERE lower(e) <> ${email}::text)
        WHERE "shopId" = ${shopId}::uuid
          AND EXISTS (SELECT 1 FROM unnest("toEmails" || "ccEmails") e WHERE lower(e) = ${email}::text)`;
    }
    await tx.satisfactionRating.updateMany({
      where: { shopId, OR: [{ caseId: { in: caseIds } }, { customerId: { in: customerIds } }] },
      data: { comment: null },
    });
    // NPS answers stay as anonymous scores (the NPS figures keep counting them); the customer's words go.
    await tx.npsResponse.updateMany({ where: { shopId, customerId: { in: customerIds } }, data: { comment: null } });
    // Timeline data may hold tracking numbers, addresses or quoted text; the event (type, time) stays.
    await tx.caseEvent.updateMany({
      where: { shopId, OR: [{ caseId: { in: caseIds } }, { orderId: { in: orderIds } }] },
      data: { data: {} },
    });
    await tx.selfServiceEvent.updateMany({
      where: { shopId, OR: [{ customerId: { in: customerIds } }, { orderId: { in: orderIds } }] },
      data: { query: null },
    });

    // Earlier privacy requests about them: the data-request exports are their data too.
    await tx.$executeRaw`
      UPDATE "ComplianceRequest" SET "customerEmail" = NULL, export = NULL
      WHERE "shopId" = ${shopId}::uuid
        AND ("shopifyCustomerId" = ${who.shopifyCustomerId}::bigint OR lower("customerEmail") = ${email}::text)`;

    // The record of this request: ids only, the email is what was just erased.
    // A repeated request (same customer id, same orders) updates its record instead of adding one.
    const record =
      who.shopifyCustomerId === null
        ? null
        : await tx.complianceRequest.findFirst({
            where: {
              shopId,
              kind: "CUSTOMER_REDACT",
              shopifyCustomerId: who.shopifyCustomerId,
              ordersRequested: { equals: who.orderIds },
            },
            select: { id: true },
          });
    if (record) {
      await tx.complianceRequest.update({ where: { id: record.id, shopId }, data: { completedAt: now } });
    } else {
      await tx.complianceRequest.create({
        data: {
          shopId,
          kind: "CUSTOMER_REDACT",
          shopifyCustomerId: who.shopifyCustomerId,
          ordersRequested: who.orderIds,
          requestedAt: options.requestedAt ?? now,
          completedAt: now,
        },
      });
    }
    return { customers: customers.count, orders: orders.count, cases, messages, attachmentsDeleted };
  }, TRANSACTION_LIMITS);

  // Outside the transaction: on a busy shop this reads many stored deliveries, and it is idempotent on its own.
  const webhookPayloads = await scrubWebhookPayloads(options, now);
  return { ...summary, webhookPayloads };
}

/**
 * Finished webhook deliveries are kept for the sync log; the ones that mention this customer (email, phone,
 * or one of the orders named) lose their payload. Deliveries still waiting or failed keep theirs: they have
 * yet to be applied.
 */
async function scrubWebhookPayloads(
  { shopDomain, customer: who, webhookId }: RedactOptions,
  now: Date
): Promise<number> {
  const email = who.email?.toLowerCase() ?? null;
  const orderIdsText = who.orderIds.map(String);
  const scrubbed = await db.$executeRaw`
    UPDATE "WebhookEvent" SET payload = jsonb_build_object('redacted', true, 'redactedAt', ${now.toISOString()}::text)
    WHERE "shopDomain" = ${shopDomain}
      AND state IN ('PROCESSED', 'STALE', 'IGNORED')
      AND (strpos(lower(payload::text), ${email}::text) > 0
        OR strpos(payload::text, ${who.phone}::text) > 0
        OR payload->>'id' = ANY(${orderIdsText}::text[])
        OR payload->>'order_id' = ANY(${orderIdsText}::text[]))`;
  if (webhookId) {
    // This delivery itself names their email and phone: keep only the ids, enough to run it again.
    const minimal = {
      shop_domain: shopDomain,
      customer: { id: who.shopifyCustomerId?.toString() ?? null },
      orders_to_redact: orderIdsText,
      redacted: true,
    };
    await db.$executeRaw`
      UPDATE "WebhookEvent" SET payload = ${JSON.stringify(minimal)}::jsonb
      WHERE "shopDomain" = ${shopDomain} AND "webhookId" = ${webhookId}`;
  }
  return scrubbed;
}

/** customers/redact: erase the customer's personal data (see redactCustomer). */
export async function handleCustomerRedact(ctx: WebhookContext): Promise<WebhookOutcome> {
  const request = parsePayload(ctx.topic, CustomerRedactPayload, ctx.payload);
  assertSameShop(ctx.topic, request.shopDomain, ctx.shop.domain);
  // A shop we never stored (or already erased) holds nothing about anyone.
  if (!ctx.shop.id) return "ignored";
  await redactCustomer({
    shopId: ctx.shop.id,
    shopDomain: ctx.shop.domain,
    customer: request.customer,
    webhookId: ctx.webhookId,
    requestedAt: ctx.triggeredAt,
  });
  return "applied";
}
