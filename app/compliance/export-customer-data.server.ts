import db from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { TRANSACTION_LIMITS, findCustomerFootprint } from "./customer-footprint.server";
import type { CustomerIdentity } from "./payloads.server";

export const EXPORT_FORMAT = "casefile.customer-data-export/1";

export interface ExportRequest {
  shopId: string;
  shopDomain: string;
  customer: CustomerIdentity;
  /** Shopify's data_request.id, when it sent one. */
  dataRequestId: bigint | null;
}

/** JSON as stored and downloaded: ids as strings (BigInt), money as decimal strings, dates as ISO strings. */
export function toJson(value: unknown): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

/**
 * Everything this app holds about one customer of one shop: their customer records, cases (messages with their
 * attachments' names and sizes but not the files, timeline events, linked orders), satisfaction ratings,
 * self-service events, mirrored orders with line items, fulfillments, payment transactions, refunds and returns,
 * NPS answers, subscription contracts with their billing attempts, and disputes of their orders.
 * Read in one repeatable-read transaction so the parts agree with each other.
 */
export async function exportCustomerData(request: ExportRequest, now = new Date()): Promise<Prisma.InputJsonObject> {
  const { shopId, customer: who } = request;
  return db.$transaction(
    async (tx) => {
      const footprint = await findCustomerFootprint(tx, shopId, who);
      const { customerIds, orderIds, caseIds } = footprint;

      // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
      const customers = await tx.customer.findMany({
        where: { shopId, id: { in: customerIds } },
        orderBy: { createdAt: "asc" },
        select: {
          shopifyId: true,
          email: true,
          firstName: true,
          lastName: true,
          phone: true,
          ordersCount: true,
          totalSpent: true,
          currencyCode: true,
          tags: true,
          redactedAt: true,
          createdAt: true,
          updatedAt: true,
        },
      });
      const cases = await tx.case.findMany({
        where: { shopId, id: { in: caseIds } },
        orderBy: { number: "asc" },
        select: {
          number: true,
          subject: true,
          status: true,
          priority: true,
          topic: true,
          channel: true,
          customerEmail: true,
          customerName: true,
          tags: true,
          createdAt: true,
          firstResponseAt: true,
          resolvedAt: true,
          closedAt: true,
          lastMessageAt: true,
          orders: { where: { shopId }, select: { order: { select: { name: true, shopifyId: true } } } },
          messages: {
            where: { shopId },
            orderBy: { createdAt: "asc" },
            select: {
              direction: true,
              channel: true,
              authorType: true,
              authorName: true,
              authorEmail: true,
              subject: true,
              toEmails: true,
              ccEmails: true,
              bodyText: true,
              deliveryStatus: true,
              sentAt: true,
              createdAt: true,
              attachments: {
                where: { shopId },
                orderBy: { createdAt: "asc" },
                select: { filename: true, contentType: true, size: true, createdAt: true },
              },
            },
          },
          events: {
            where: { shopId },
            orderBy: { occurredAt: "asc" },
            select: { type: true, actorType: true, data: true, occurredAt: true, order: { select: { name: true } } },
          },
          // Feedback the customer gave in this case (the request's title is staff-written).
          feedback: {
            where: { shopId },
            orderBy: { createdAt: "asc" },
            select: { createdAt: true, notifiedAt: true, request: { select: { kind: true, title: true, status: true } } },
          },
        },
      });
      const ratings = await tx.satisfactionRating.findMany({
        where: { shopId, OR: [{ caseId: { in: caseIds } }, { customerId: { in: customerIds } }] },
        orderBy: { requestedAt: "asc" },
        select: {
          score: true,
          comment: true,
          requestedAt: true,
          respondedAt: true,
          case: { select: { number: true } },
        },
      });
      const selfService = await tx.selfServiceEvent.findMany({
        where: { shopId, OR: [{ customerId: { in: customerIds } }, { orderId: { in: orderIds } }] },
        orderBy: { createdAt: "asc" },
        select: {
          kind: true,
          query: true,
          createdAt: true,
          order: { select: { name: true } },
          article: { select: { title: true } },
        },
      });
      const orders = await tx.order.findMany({
        where: { shopId, id: { in: orderIds } },
        orderBy: { processedAt: "asc" },
        select: {
          shopifyId: true,
          name: true,
          email: true,
          phone: true,
          financialStatus: true,
          fulfillmentStatus: true,
          currencyCode: true,
          subtotalPrice: true,
          totalShipping: true,
          totalTax: true,
          totalDiscounts: true,
          totalPrice: true,
          totalRefunded: true,
          discountCodes: true,
          shippingMethod: true,
          paymentGateways: true,
          shippingAddress: true,
          billingAddress: true,
          tags: true,
          note: true,
          statusPageUrl: true,
          cancelledAt: true,
          cancelReason: true,
          closedAt: true,
          processedAt: true,
          redactedAt: true,
          lineItems: {
            where: { shopId },
            select: {
              shopifyId: true,
              title: true,
              variantTitle: true,
              sku: true,
              vendor: true,
              quantity: true,
              price: true,
              totalDiscount: true,
            },
          },
          fulfillments: {
            where: { shopId },
            orderBy: { shopifyCreatedAt: "asc" },
            select: {
              shopifyId: true,
              name: true,
              status: true,
              shipmentStatus: true,
              trackingCompany: true,
              trackingNumbers: true,
              trackingUrls: true,
              trackingNumber: true,
              trackingUrl: true,
              estimatedDeliveryAt: true,
              inTransitAt: true,
              deliveredAt: true,
              shopifyCreatedAt: true,
              lines: { where: { shopId }, select: { quantity: true, lineItem: { select: { title: true } } } },
              events: {
                where: { shopId },
                orderBy: { happenedAt: "asc" },
                select: { status: true, message: true, city: true, province: true, country: true, happenedAt: true },
              },
            },
          },
          refunds: {
            where: { shopId },
            orderBy: { processedAt: "asc" },
            select: {
              shopifyId: true,
              amount: true,
              shippingAmount: true,
              currencyCode: true,
              note: true,
              restocked: true,
              processedAt: true,
              lines: {
                where: { shopId },
                select: { quantity: true, subtotal: true, totalTax: true, lineItem: { select: { title: true } } },
              },
            },
          },
          transactions: {
            where: { shopId },
            orderBy: { processedAt: "asc" },
            select: {
              shopifyId: true,
              kind: true,
              status: true,
              amount: true,
              currencyCode: true,
              gateway: true,
              cardBrand: true,
              lastFour: true,
              errorCode: true,
              message: true,
              test: true,
              processedAt: true,
            },
          },
          returns: {
            where: { shopId },
            orderBy: { requestedAt: "asc" },
            select: {
              shopifyId: true,
              name: true,
              status: true,
              declineReason: true,
              declineNote: true,
              reverseCarrier: true,
              reverseTrackingNumber: true,
              reverseTrackingUrl: true,
              requestedAt: true,
              approvedAt: true,
              closedAt: true,
              lines: {
                where: { shopId },
                select: { quantity: true, reason: true, customerNote: true, lineItem: { select: { title: true } } },
              },
            },
          },
        },
      });

      const npsResponses = await tx.npsResponse.findMany({
        where: { shopId, customerId: { in: customerIds } },
        orderBy: { requestedAt: "asc" },
        select: { period: true, score: true, comment: true, requestedAt: true, respondedAt: true },
      });
      const subscriptionContracts = await tx.subscriptionContract.findMany({
        where: { shopId, customerId: { in: customerIds } },
        orderBy: { shopifyCreatedAt: "asc" },
        select: {
          shopifyId: true,
          status: true,
          planName: true,
          billingInterval: true,
          billingIntervalCount: true,
          currencyCode: true,
          nextBillingDate: true,
          cancelledAt: true,
          shopifyCreatedAt: true,
          billingAttempts: {
            where: { shopId },
            orderBy: { attemptedAt: "asc" },
            select: { shopifyId: true, status: true, errorCode: true, errorMessage: true, attemptedAt: true, recoveredAt: true, orderShopifyId: true },
          },
        },
      });
      const disputes = await tx.dispute.findMany({
        where: { shopId, OR: [{ customerId: { in: customerIds } }, { orderId: { in: orderIds } }] },
        orderBy: { initiatedAt: "asc" },
        select: {
          shopifyId: true,
          kind: true,
          status: true,
          reason: true,
          amount: true,
          currencyCode: true,
          initiatedAt: true,
          evidenceDueBy: true,
          evidenceSentOn: true,
          finalizedOn: true,
          order: { select: { name: true } },
        },
      });

      const exportedCases = cases.map(({ orders: links, ...rest }) => ({
        ...rest,
        orders: links.map((link) => link.order.name),
        events: rest.events.map(({ order, ...event }) => ({ ...event, order: order?.name ?? null })),
        feedback: rest.feedback.map(({ request: asked, ...mention }) => ({ ...mention, kind: asked.kind, request: asked.title, status: asked.status })),
      }));

      return toJson({
        format: EXPORT_FORMAT,
        generatedAt: now,
        shop: request.shopDomain,
        request: {
          shopifyDataRequestId: request.dataRequestId,
          shopifyCustomerId: who.shopifyCustomerId,
          email: who.email,
          phone: who.phone,
          ordersRequested: who.orderIds,
        },
        summary: {
          customers: customers.length,
          cases: cases.length,
          messages: cases.reduce((n, c) => n + c.messages.length, 0),
          satisfactionRatings: ratings.length,
          selfServiceEvents: selfService.length,
          orders: orders.length,
          npsResponses: npsResponses.length,
          subscriptionContracts: subscriptionContracts.length,
          disputes: disputes.length,
        },
        customers,
        cases: exportedCases,
        satisfactionRatings: ratings.map(({ case: ratedCase, ...rating }) => ({
          ...rating,
          caseNumber: ratedCase.number,
        })),
        selfServiceEvents: selfService.map(({ order, article, ...event }) => ({
          ...event,
          order: order?.name ?? null,
          article: article?.title ?? null,
        })),
        orders,
        npsResponses,
        subscriptionContracts,
        disputes: disputes.map(({ order, ...dispute }) => ({ ...dispute, order: order?.name ?? null })),
      });
    },
    { isolationLevel: "RepeatableRead", ...TRANSACTION_LIMITS },
  );
}
