import { z } from "zod";
import type { AdminGraphql } from "../auth/staff.server";
import { adminGraphql } from "../shopify/admin-client.server";
import { ORDER_FOR_MIRROR_QUERY, RETURN_ORDER_QUERY } from "../shopify/operations/orders";
import {
  financialStatusOf,
  fulfillmentStateOf,
  fulfillmentStatusOf,
  gidFor,
  idFromGid,
  returnReasonOf,
  returnStatusOf,
  shipmentStatusOf,
  type AddressJson,
  type FulfillmentInput,
  type OrderInput,
  type RefundInput,
  type ReturnEvent,
  type ReturnInput,
} from "./mirror-input";
import { sum } from "./webhook-payloads";
import { GraphqlTransaction, transactionInputFromGraphql } from "./transactions";

// The Admin API's answer to OrderForMirror, parsed with zod and mapped to the same OrderInput the webhook
// payloads produce. Used when a delivery names an order the mirror does not have yet.

const Gid = z.string().refine((v) => idFromGid(v) !== null, "not a Shopify GID");
const optionalString = z.string().nullish().catch(null);
const optionalDate = z
  .string()
  .transform((v, ctx) => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "not a date" });
      return z.NEVER;
    }
    return d;
  })
  .nullish()
  .catch(null);
const requiredDate = z.string().transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return d;
});
const Amount = z
  .object({ shopMoney: z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/) }) })
  .nullish()
  .catch(null);
const nodes = <T extends z.ZodType>(node: T) =>
  z
    .object({ nodes: z.array(node) })
    .nullish()
    .transform((c) => c?.nodes ?? []);

const Address = z
  .object({
    firstName: optionalString,
    lastName: optionalString,
    name: optionalString,
    company: optionalString,
    address1: optionalString,
    address2: optionalString,
    city: optionalString,
    province: optionalString,
    provinceCode: optionalString,
    country: optionalString,
    countryCodeV2: optionalString,
    zip: optionalString,
    phone: optionalString,
  })
  .nullish()
  .catch(null);

const Customer = z
  .object({
    id: Gid,
    firstName: optionalString,
    lastName: optionalString,
    defaultEmailAddress: z.object({ emailAddress: optionalString }).nullish().catch(null),
    defaultPhoneNumber: z.object({ phoneNumber: optionalString }).nullish().catch(null),
    numberOfOrders: z.union([z.string(), z.number()]).nullish().catch(null),
    amountSpent: z.object({ amount: z.string(), currencyCode: z.string() }).nullish().catch(null),
    tags: z.array(z.string()).nullish().catch(null),
    updatedAt: optionalDate,
  })
  .nullish()
  .catch(null);

const LineItem = z.object({
  id: Gid,
  title: z.string(),
  variantTitle: optionalString,
  sku: optionalString,
  vendor: optionalString,
  quantity: z.number().int(),
  requiresShipping: z.boolean().nullish().catch(null),
  originalUnitPriceSet: Amount,
  totalDiscountSet: Amount,
  image: z.object({ url: optionalString }).nullish().catch(null),
  product: z
    .object({ id: Gid, productType: optionalString, tags: z.array(z.string()).nullish().catch(null) })
    .nullish()
    .catch(null),
  variant: z.object({ id: Gid }).nullish().catch(null),
});

const Fulfillment = z.object({
  id: Gid,
  name: optionalString,
  status: optionalString,
  displayStatus: optionalString,
  createdAt: requiredDate,
  updatedAt: requiredDate,
  deliveredAt: optionalDate,
  inTransitAt: optionalDate,
  estimatedDeliveryAt: optionalDate,
  trackingInfo: z
    .array(z.object({ company: optionalString, number: optionalString, url: optionalString }))
    .nullish()
    .catch(null),
  fulfillmentLineItems: nodes(
    z.object({ id: Gid, quantity: z.number().int().nullish(), lineItem: z.object({ id: Gid }) }),
  ),
  events: nodes(
    z.object({
      id: Gid,
      status: z.string(),
      message: optionalString,
      city: optionalString,
      province: optionalString,
      country: optionalString,
      estimatedDeliveryAt: optionalDate,
      happenedAt: requiredDate,
    }),
  ),
});

const Refund = z.object({
  id: Gid,
  note: optionalString,
  createdAt: optionalDate,
  processedAt: requiredDate,
  totalRefundedSet: z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) }),
  return: z.object({ id: Gid }).nullish().catch(null),
  refundLineItems: nodes(
    z.object({
      id: z.string().nullish(),
      quantity: z.number().int(),
      restockType: optionalString,
      subtotalSet: Amount,
      totalTaxSet: Amount,
      lineItem: z.object({ id: Gid }).nullish(),
    }),
  ),
  refundShippingLines: nodes(z.object({ subtotalAmountSet: Amount })),
});

const Return = z.object({
  id: Gid,
  name: optionalString,
  status: z.string(),
  createdAt: requiredDate,
  requestApprovedAt: optionalDate,
  closedAt: optionalDate,
  decline: z.object({ reason: optionalString, note: optionalString }).nullish().catch(null),
  returnLineItems: nodes(
    z.object({
      id: Gid,
      quantity: z.number().int(),
      customerNote: optionalString,
      returnReasonNote: optionalString,
      returnReasonDefinition: z.object({ handle: optionalString }).nullish().catch(null),
      fulfillmentLineItem: z
        .object({ id: Gid, lineItem: z.object({ id: Gid }).nullish() })
        .nullish()
        .catch(null),
    }),
  ),
  reverseFulfillmentOrders: nodes(
    z.object({
      reverseDeliveries: nodes(
        z.object({
          deliverable: z
            .object({
              tracking: z
                .object({ carrierName: optionalString, number: optionalString, url: optionalString })
                .nullish()
                .catch(null),
              label: z.object({ publicFileUrl: optionalString }).nullish().catch(null),
            })
            .nullish()
            .catch(null),
        }),
      ),
    }),
  ),
});

export const OrderForMirrorOrder = z.object({
  id: Gid,
  name: z.string().min(1),
  number: z.number().int(),
  email: optionalString,
  phone: optionalString,
  displayFinancialStatus: optionalString,
  displayFulfillmentStatus: optionalString,
  currencyCode: z.string(),
  subtotalPriceSet: Amount,
  totalShippingPriceSet: Amount,
  totalTaxSet: Amount,
  totalPriceSet: Amount,
  totalDiscountsSet: Amount,
  totalRefundedSet: Amount,
  discountCodes: z.array(z.string()).nullish().catch(null),
  shippingLine: z.object({ title: optionalString }).nullish().catch(null),
  paymentGatewayNames: z.array(z.string()).nullish().catch(null),
  shippingAddress: Address,
  billingAddress: Address,
  tags: z.array(z.string()).nullish().catch(null),
  note: optionalString,
  statusPageUrl: optionalString,
  cancelledAt: optionalDate,
  cancelReason: optionalString,
  /** Chargebacks and inquiries; only their number is kept (Order.disputeCount). */
  disputes: z.array(z.object({ id: z.string() })).nullish().catch(null),
  closedAt: optionalDate,
  processedAt: requiredDate,
  createdAt: requiredDate,
  updatedAt: requiredDate,
  customer: Customer,
  lineItems: nodes(LineItem),
  fulfillments: z
    .array(Fulfillment)
    .nullish()
    .transform((v) => v ?? []),
  refunds: z
    .array(Refund)
    .nullish()
    .transform((v) => v ?? []),
  returns: nodes(Return),
  /** Only OrderForMirror reads these (not the backfill): absent means "not read", so the mirror keeps its own. */
  transactions: z.array(GraphqlTransaction).nullish(),
  paymentTerms: z
    .object({
      paymentTermsName: optionalString,
      paymentSchedules: nodes(z.object({ dueAt: optionalDate })),
    })
    .nullish()
    .catch(undefined),
});

const OrderForMirrorData = z.object({ order: OrderForMirrorOrder.nullable() });

export type OrderForMirrorAnswer = z.input<typeof OrderForMirrorOrder>;

/** The order as the Admin API has it now, or null when Shopify has no such order (deleted). */
export async function fetchOrderForMirror(admin: AdminGraphql, orderShopifyId: bigint): Promise<OrderInput | null> {
  const data = await adminGraphql(admin, ORDER_FOR_MIRROR_QUERY, { id: gidFor("Order", orderShopifyId) });
  const readAt = new Date();
  const parsed = OrderForMirrorData.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`The Admin API's OrderForMirror answer for order ${orderShopifyId} cannot be mirrored: ${issues}`);
  }
  return parsed.data.order ? orderInputFromGraphql(parsed.data.order, readAt) : null;
}

const ReturnOrderData = z.object({ return: z.object({ id: Gid, order: z.object({ id: Gid }) }).nullable() });

/** The order a return belongs to (returns/* payloads may name only the return). */
export async function fetchReturnOrderId(admin: AdminGraphql, returnShopifyId: bigint): Promise<bigint | null> {
  const data = ReturnOrderData.parse(
    await adminGraphql(admin, RETURN_ORDER_QUERY, { id: gidFor("Return", returnShopifyId) }),
  );
  return data.return ? idFromGid(data.return.order.id) : null;
}

const amount = (value: { shopMoney: { amount: string } } | null | undefined) => value?.shopMoney.amount ?? "0";

function address(a: z.output<typeof Address>): AddressJson | null {
  if (!a) return null;
  return {
    first_name: a.firstName ?? null,
    last_name: a.lastName ?? null,
    name: a.name ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    province_code: a.provinceCode ?? null,
    country: a.country ?? null,
    country_code: a.countryCodeV2 ?? null,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
  };
}

/**
 * Maps the GraphQL order to OrderInput. `readAt` versions the returns: GraphQL's Return has no updatedAt,
 * and a state read at `readAt` already includes every return event Shopify triggered before then.
 */
export function orderInputFromGraphql(o: z.output<typeof OrderForMirrorOrder>, readAt: Date): OrderInput {
  const orderShopifyId = idFromGid(o.id)!;
  const fulfillments: FulfillmentInput[] = o.fulfillments.map((f) => {
    const fulfillmentShopifyId = idFromGid(f.id)!;
    const events = f.events.flatMap((e) => {
      const status = shipmentStatusOf(e.status);
      return status
        ? [
            {
              shopifyId: idFromGid(e.id)!,
              fulfillmentShopifyId,
              orderShopifyId,
              status,
              message: e.message ?? null,
              city: e.city ?? null,
              province: e.province ?? null,
              country: e.country ?? null,
              estimatedDeliveryAt: e.estimatedDeliveryAt ?? null,
              happenedAt: e.happenedAt,
            },
          ]
        : [];
    });
    const tracking = f.trackingInfo ?? [];
    return {
      shopifyId: fulfillmentShopifyId,
      orderShopifyId,
      name: f.name ?? null,
      status: fulfillmentStateOf(f.status),
      shipmentStatus: events.at(-1)?.status ?? shipmentStatusOf(f.displayStatus),
      trackingCompany: tracking.find((t) => t.company)?.company ?? null,
      trackingNumbers: tracking.flatMap((t) => (t.number ? [t.number] : [])),
      trackingUrls: tracking.flatMap((t) => (t.url ? [t.url] : [])),
      estimatedDeliveryAt: f.estimatedDeliveryAt ?? null,
      deliveredAt: f.deliveredAt ?? null,
      inTransitAt: f.inTransitAt ?? null,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      lines: f.fulfillmentLineItems.flatMap((l) =>
        l.quantity != null
          ? [{ lineItemShopifyId: idFromGid(l.lineItem.id)!, quantity: l.quantity, shopifyId: idFromGid(l.id) }]
          : [],
      ),
      events,
    };
  });

  const refunds: RefundInput[] = o.refunds.map((r) => {
    const lines = r.refundLineItems.map((l) => ({
      shopifyId: idFromGid(l.id),
      lineItemShopifyId: idFromGid(l.lineItem?.id),
      quantity: l.quantity,
      restockType: l.restockType ? l.restockType.toLowerCase() : null,
      subtotal: amount(l.subtotalSet),
      totalTax: amount(l.totalTaxSet),
    }));
    return {
      shopifyId: idFromGid(r.id)!,
      orderShopifyId,
      amount: r.totalRefundedSet.shopMoney.amount,
      shippingAmount: sum(r.refundShippingLines.map((s) => amount(s.subtotalAmountSet))),
      currencyCode: r.totalRefundedSet.shopMoney.currencyCode,
      note: r.note ?? null,
      restocked: lines.some((l) => l.restockType !== null && l.restockType !== "no_restock"),
      returnShopifyId: idFromGid(r.return?.id),
      processedAt: r.processedAt,
      createdAt: r.createdAt ?? r.processedAt,
      lines,
    };
  });

  const returns: ReturnInput[] = o.returns.map((r) => {
    const status = returnStatusOf(r.status);
    const delivery =
      r.reverseFulfillmentOrders.flatMap((rfo) => rfo.reverseDeliveries).find((d) => d.deliverable)?.deliverable ??
      null;
    return {
      shopifyId: idFromGid(r.id)!,
      orderShopifyId,
      name: r.name ?? null,
      ...(status ? { status } : {}),
      event: status ? eventForStatus(status, r.requestApprovedAt ?? null) : null,
      declineReason: r.decline?.reason ? returnReasonOf(r.decline.reason) : null,
      declineNote: r.decline?.note ?? null,
      reverseCarrier: delivery?.tracking?.carrierName ?? null,
      reverseTrackingNumber: delivery?.tracking?.number ?? null,
      reverseTrackingUrl: delivery?.tracking?.url ?? null,
      reverseLabelUrl: delivery?.label?.publicFileUrl ?? null,
      requestedAt: r.createdAt,
      approvedAt: r.requestApprovedAt ?? null,
      closedAt: r.closedAt ?? null,
      version: readAt,
      lines: r.returnLineItems.map((l) => ({
        shopifyId: idFromGid(l.id),
        lineItemShopifyId: idFromGid(l.fulfillmentLineItem?.lineItem?.id),
        quantity: l.quantity,
        reason: returnReasonOf(l.returnReasonDefinition?.handle),
        customerNote: l.customerNote || l.returnReasonNote || null,
      })),
    };
  });

  const customer = o.customer;
  return {
    shopifyId: orderShopifyId,
    name: o.name,
    orderNumber: o.number,
    email: o.email?.trim() || null,
    phone: o.phone ?? null,
    financialStatus: financialStatusOf(o.displayFinancialStatus),
    fulfillmentStatus: fulfillmentStatusOf(o.displayFulfillmentStatus),
    currencyCode: o.currencyCode,
    subtotalPrice: amount(o.subtotalPriceSet),
    totalShipping: amount(o.totalShippingPriceSet),
    totalTax: amount(o.totalTaxSet),
    totalPrice: amount(o.totalPriceSet),
    totalDiscounts: amount(o.totalDiscountsSet),
    totalRefunded: amount(o.totalRefundedSet),
    discountCodes: o.discountCodes ?? [],
    shippingMethod: o.shippingLine?.title ?? null,
    paymentGateways: o.paymentGatewayNames ?? [],
    shippingAddress: address(o.shippingAddress),
    billingAddress: address(o.billingAddress),
    tags: o.tags ?? [],
    note: o.note ?? null,
    statusPageUrl: o.statusPageUrl ?? null,
    cancelledAt: o.cancelledAt ?? null,
    cancelReason: o.cancelReason ? o.cancelReason.toLowerCase() : null,
    ...(o.disputes ? { disputeCount: o.disputes.length } : {}),
    closedAt: o.closedAt ?? null,
    processedAt: o.processedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    customer: customer
      ? {
          shopifyId: idFromGid(customer.id)!,
          email: customer.defaultEmailAddress?.emailAddress?.trim() || null,
          firstName: customer.firstName ?? null,
          lastName: customer.lastName ?? null,
          phone: customer.defaultPhoneNumber?.phoneNumber ?? null,
          ...(customer.tags ? { tags: customer.tags } : {}),
          ...(customer.numberOfOrders != null ? { ordersCount: Number(customer.numberOfOrders) } : {}),
          ...(customer.amountSpent
            ? { totalSpent: customer.amountSpent.amount, currencyCode: customer.amountSpent.currencyCode }
            : {}),
          updatedAt: customer.updatedAt ?? null,
        }
      : null,
    lineItems: o.lineItems.map((l) => ({
      shopifyId: idFromGid(l.id)!,
      productId: idFromGid(l.product?.id),
      variantId: idFromGid(l.variant?.id),
      title: l.title,
      variantTitle: l.variantTitle ?? null,
      sku: l.sku || null,
      vendor: l.vendor ?? null,
      productType: l.product ? l.product.productType || null : null,
      productTags: l.product?.tags ?? [],
      imageUrl: l.image?.url ?? null,
      quantity: l.quantity,
      price: amount(l.originalUnitPriceSet),
      totalDiscount: amount(l.totalDiscountSet),
      requiresShipping: l.requiresShipping ?? true,
    })),
    fulfillments,
    refunds,
    returns,
    ...(o.transactions
      ? {
          transactions: o.transactions.flatMap((t) => {
            const input = t ? transactionInputFromGraphql(t, orderShopifyId) : null;
            return input ? [input] : [];
          }),
        }
      : {}),
    ...(o.paymentTerms !== undefined
      ? {
          paymentTermsName: o.paymentTerms?.paymentTermsName || null,
          paymentDueAt: o.paymentTerms?.paymentSchedules.find((s) => s.dueAt)?.dueAt ?? null,
        }
      : {}),
  };
}

function eventForStatus(status: NonNullable<ReturnInput["status"]>, approvedAt: Date | null): ReturnEvent {
  switch (status) {
    case "REQUESTED":
      return "requested";
    case "OPEN":
      return approvedAt ? "approved" : "requested";
    case "DECLINED":
      return "declined";
    case "CANCELED":
      return "cancelled";
    case "CLOSED":
      return "closed";
  }
}
