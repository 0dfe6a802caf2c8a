import db from "../db.server";
import type { WebhookContext, WebhookOutcome } from "../webhooks/types";
import { exportCustomerData } from "./export-customer-data.server";
import { CustomerDataRequestPayload, assertSameShop, parsePayload } from "./payloads.server";

/**
 * customers/data_request: builds the customer's export and stores it on a ComplianceRequest that the merchant
 * downloads from Privacy requests (and sends to the customer). Recorded even when we hold nothing about them.
 * Idempotent: a repeated request (same Shopify data_request id) replaces the earlier export instead of adding one.
 */
export async function answerCustomerDataRequest(ctx: WebhookContext): Promise<WebhookOutcome> {
  const request = parsePayload(ctx.topic, CustomerDataRequestPayload, ctx.payload);
  assertSameShop(ctx.topic, request.shopDomain, ctx.shop.domain);
  // A shop we never stored (or already erased) holds no data, and has no page to show a request on.
  if (!ctx.shop.id) return "ignored";

  const now = new Date();
  const exported = await exportCustomerData(
    {
      shopId: ctx.shop.id,
      shopDomain: ctx.shop.domain,
      customer: request.customer,
      dataRequestId: request.dataRequestId,
    },
    now
  );
  const data = {
    shopifyCustomerId: request.customer.shopifyCustomerId,
    customerEmail: request.customer.email,
    ordersRequested: request.customer.orderIds,
    export: exported,
    completedAt: now,
  };

  const earlier =
    request.dataRequestId === null
      ? null
      : await db.complianceRequest.findFirst({
          where: {
            shopId: ctx.shop.id,
            kind: "CUSTOMER_DATA_REQUEST",
            export: { path: ["request", "shopifyDataRequestId"], equals: request.dataRequestId.toString() },
          },
          select: { id: true },
        });
  if (earlier) {
    await db.complianceRequest.update({ where: { id: earlier.id, shopId: ctx.shop.id }, data });
  } else {
    await db.complianceRequest.create({
      data: { shopId: ctx.shop.id, kind: "CUSTOMER_DATA_REQUEST", requestedAt: ctx.triggeredAt ?? now, ...data },
    });
  }
  return "applied";
}
