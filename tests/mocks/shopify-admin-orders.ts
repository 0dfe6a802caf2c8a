import { readFileSync } from "node:fs";
import type { OperationResolver } from "./shopify-admin";

/**
 * Admin API answers for the order mirror's operations (app/shopify/operations/orders.ts), built from the
 * webhook fixtures in tests/fixtures/webhooks so the REST deliveries and the GraphQL answer describe the
 * same orders: #1001 (shipped with UPS, delivered, one pair of socks refunded, a return open) and #1002
 * (cancelled before it shipped). Shared by the tests and demo mode; tests compose other states with
 * buildOrderForMirror.
 */

export function loadWebhookFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), "utf8")) as T;
}

// ───────────────────────────── The REST shapes the fixtures hold ─────────────────────────────

export interface RestLineItem {
  id: number;
  admin_graphql_api_id: string;
  title: string;
  variant_title: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  price: string;
  requires_shipping: boolean;
  product_id: number | null;
  variant_id: number | null;
  discount_allocations: { amount: string }[];
}

interface RestAddress {
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  province_code: string | null;
  country: string | null;
  country_code: string | null;
  zip: string | null;
  phone: string | null;
}

export interface RestOrder {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  order_number: number;
  email: string | null;
  phone: string | null;
  financial_status: string | null;
  fulfillment_status: string | null;
  currency: string;
  subtotal_price: string;
  total_price: string;
  total_tax: string;
  total_discounts: string;
  total_shipping_price_set: { shop_money: { amount: string } };
  discount_codes: { code: string }[];
  shipping_lines: { title: string }[];
  payment_gateway_names: string[];
  shipping_address: RestAddress | null;
  billing_address: RestAddress | null;
  tags: string;
  note: string | null;
  order_status_url: string | null;
  payment_terms?: RestPaymentTerms | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  closed_at: string | null;
  processed_at: string;
  created_at: string;
  updated_at: string;
  customer: {
    id: number;
    admin_graphql_api_id: string;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
    phone: string | null;
    tags: string;
    updated_at: string;
  } | null;
  line_items: RestLineItem[];
}

export interface RestFulfillment {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  status: string;
  shipment_status: string | null;
  tracking_company: string | null;
  tracking_numbers: string[];
  tracking_urls: string[];
  created_at: string;
  updated_at: string;
  line_items: { id: number; admin_graphql_api_id: string; quantity: number }[];
}

export interface RestFulfillmentEvent {
  id: number;
  admin_graphql_api_id: string;
  status: string;
  message: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  estimated_delivery_at: string | null;
  happened_at: string;
}

export interface RestRefund {
  id: number;
  admin_graphql_api_id: string;
  note: string | null;
  created_at: string;
  processed_at: string;
  return: { admin_graphql_api_id: string } | null;
  refund_line_items: {
    id: number;
    quantity: number;
    line_item_id: number;
    restock_type: string;
    subtotal_set: { shop_money: { amount: string } };
    total_tax_set: { shop_money: { amount: string } };
  }[];
  transactions: { kind: string; status: string; amount: string; currency: string | null }[];
}

export interface RestReturnLine {
  admin_graphql_api_id: string;
  quantity: number;
  return_reason: string;
  return_reason_note: string | null;
  customer_note: string | null;
  fulfillment_line_item: { admin_graphql_api_id: string; line_item: { admin_graphql_api_id: string } };
}

/** A return as the GraphQL answer shows it now. */
export interface ReturnState {
  id: number;
  name: string;
  status: "REQUESTED" | "OPEN" | "DECLINED" | "CANCELED" | "CLOSED";
  createdAt: string;
  requestApprovedAt?: string | null;
  closedAt?: string | null;
  decline?: { reason: string; note: string | null } | null;
  lines: RestReturnLine[];
}

/** A payment transaction as order_transactions/create delivers it (tests/fixtures/webhooks/order_transactions-*). */
export interface RestTransaction {
  id: number;
  admin_graphql_api_id: string;
  order_id: number;
  kind: string;
  status: string;
  gateway: string | null;
  amount: string;
  currency: string;
  error_code: string | null;
  message: string | null;
  test: boolean;
  parent_id: number | null;
  processed_at: string;
  created_at: string;
  payment_details?: { credit_card_company: string | null; credit_card_number: string | null } | null;
}

/** Net payment terms as REST order payloads carry them (payment_terms). */
export interface RestPaymentTerms {
  payment_terms_name: string;
  payment_schedules: { due_at: string | null }[];
}

export interface OrderState {
  order: RestOrder;
  fulfillments?: { fulfillment: RestFulfillment; events?: RestFulfillmentEvent[] }[];
  refunds?: RestRefund[];
  returns?: ReturnState[];
  /** Payment transactions, in the REST shape; also those of the refunds when listed here. */
  transactions?: RestTransaction[];
}

/** Product details that REST payloads leave out and the Admin API adds. */
const PRODUCTS: Record<number, { productType: string; tags: string[]; image: string }> = {
  8123456789012: {
    productType: "Outerwear",
    tags: ["outerwear", "rain"],
    image: "trailhead-rain-jacket-slate-blue.jpg",
  },
  8123456789013: { productType: "Socks", tags: ["final-sale", "merino"], image: "merino-hiking-socks.jpg" },
  8123456789020: { productType: "Bags", tags: ["packs"], image: "summit-daypack-24l-moss.jpg" },
};

const shopMoney = (amount: string | number) => ({ shopMoney: { amount: String(amount) } });
const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
/** Shopify's FulfillmentLineItem ids of the fixtures: the return fixture names the jacket's. */
const fulfillmentLineItemId = (lineItemId: number) => lineItemId - 14826352984194 + 10736341352597;

function address(a: RestAddress | null) {
  if (!a) return null;
  return {
    firstName: a.first_name,
    lastName: a.last_name,
    name: a.name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.province_code,
    country: a.country,
    countryCodeV2: a.country_code,
    zip: a.zip,
    phone: a.phone,
  };
}

const sumAmounts = (values: string[]) => values.reduce((total, v) => total + Math.round(Number(v) * 100), 0) / 100;

/** The OrderForMirror `order` object for a state built from REST fixtures (shaped like the query selects). */
export function buildOrderForMirror(state: OrderState) {
  const o = state.order;
  const refunds = state.refunds ?? [];
  return {
    id: o.admin_graphql_api_id,
    name: o.name,
    number: o.order_number,
    email: o.email,
    phone: o.phone,
    displayFinancialStatus: o.financial_status?.toUpperCase() ?? null,
    displayFulfillmentStatus:
      o.fulfillment_status === "partial" ? "PARTIALLY_FULFILLED" : o.fulfillment_status?.toUpperCase() ?? "UNFULFILLED",
    currencyCode: o.currency,
    subtotalPriceSet: shopMoney(o.subtotal_price),
    totalShippingPriceSet: shopMoney(o.total_shipping_price_set.shop_money.amount),
    totalTaxSet: shopMoney(o.total_tax),
    totalPriceSet: shopMoney(o.total_price),
    totalDiscountsSet: shopMoney(o.total_discounts),
    totalRefundedSet: shopMoney(
      sumAmounts(
        refunds.flatMap((r) =>
          r.transactions.filter((t) => t.kind === "refund" && t.status === "success").map((t) => t.amount),
        ),
      ).toFixed(2),
    ),
    discountCodes: o.discount_codes.map((d) => d.code),
    shippingLine: o.shipping_lines[0] ? { title: o.shipping_lines[0].title } : null,
    paymentGatewayNames: o.payment_gateway_names,
    shippingAddress: address(o.shipping_address),
    billingAddress: address(o.billing_address),
    tags: o.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    note: o.note,
    statusPageUrl: o.order_status_url,
    cancelledAt: o.cancelled_at,
    cancelReason: o.cancel_reason?.toUpperCase() ?? null,
    disputes: [] as { id: string }[],
    closedAt: o.closed_at,
    processedAt: o.processed_at,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    customer: o.customer
      ? {
          id: o.customer.admin_graphql_api_id,
          firstName: o.customer.first_name,
          lastName: o.customer.last_name,
          defaultEmailAddress: o.customer.email ? { emailAddress: o.customer.email } : null,
          defaultPhoneNumber: o.customer.phone ? { phoneNumber: o.customer.phone } : null,
          numberOfOrders: "4",
          amountSpent: { amount: "612.40", currencyCode: o.currency },
          tags: o.customer.tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
          updatedAt: o.customer.updated_at,
        }
      : null,
    lineItems: {
      nodes: o.line_items.map((l) => {
        const product = l.product_id ? PRODUCTS[l.product_id] : undefined;
        return {
          id: l.admin_graphql_api_id,
          title: l.title,
          variantTitle: l.variant_title,
          sku: l.sku,
          vendor: l.vendor,
          quantity: l.quantity,
          requiresShipping: l.requires_shipping,
          originalUnitPriceSet: shopMoney(l.price),
          totalDiscountSet: shopMoney(sumAmounts(l.discount_allocations.map((d) => d.amount)).toFixed(2)),
          image: product ? { url: `https://cdn.shopify.com/s/files/1/0684/1239/0017/files/${product.image}` } : null,
          product: l.product_id
            ? { id: gid("Product", l.product_id), productType: product?.productType ?? "", tags: product?.tags ?? [] }
            : null,
          variant: l.variant_id ? { id: gid("ProductVariant", l.variant_id) } : null,
        };
      }),
    },
    fulfillments: (state.fulfillments ?? []).map(({ fulfillment: f, events = [] }) => {
      const sorted = [...events].sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at));
      const last = sorted.at(-1);
      const delivered = sorted.find((e) => e.status === "delivered");
      const inTransit = sorted.find((e) => e.status === "in_transit");
      const latestStatus =
        (last && Date.parse(last.happened_at) >= Date.parse(f.updated_at) ? last.status : f.shipment_status) ?? null;
      return {
        id: f.admin_graphql_api_id,
        name: f.name,
        status: f.status.toUpperCase(),
        displayStatus: latestStatus?.toUpperCase() ?? (f.status === "success" ? "FULFILLED" : null),
        createdAt: f.created_at,
        updatedAt: f.updated_at,
        deliveredAt: delivered?.happened_at ?? (f.shipment_status === "delivered" ? f.updated_at : null),
        inTransitAt: inTransit?.happened_at ?? (f.shipment_status === "in_transit" ? f.updated_at : null),
        estimatedDeliveryAt: sorted.filter((e) => e.estimated_delivery_at).at(-1)?.estimated_delivery_at ?? null,
        trackingInfo: f.tracking_numbers.map((number, i) => ({
          company: f.tracking_company,
          number,
          url: f.tracking_urls[i] ?? null,
        })),
        fulfillmentLineItems: {
          nodes: f.line_items.map((l) => ({
            id: gid("FulfillmentLineItem", fulfillmentLineItemId(l.id)),
            quantity: l.quantity,
            lineItem: { id: l.admin_graphql_api_id },
          })),
        },
        events: {
          nodes: sorted.map((e) => ({
            id: e.admin_graphql_api_id,
            status: e.status.toUpperCase(),
            message: e.message,
            city: e.city,
            province: e.province,
            country: e.country,
            estimatedDeliveryAt: e.estimated_delivery_at,
            happenedAt: e.happened_at,
          })),
        },
      };
    }),
    refunds: refunds.map((r) => ({
      id: r.admin_graphql_api_id,
      note: r.note,
      createdAt: r.created_at,
      processedAt: r.processed_at,
      totalRefundedSet: {
        shopMoney: {
          amount: sumAmounts(
            r.transactions.filter((t) => t.kind === "refund" && t.status === "success").map((t) => t.amount),
          ).toFixed(2),
          currencyCode: o.currency,
        },
      },
      return: r.return ? { id: r.return.admin_graphql_api_id } : null,
      refundLineItems: {
        nodes: r.refund_line_items.map((l) => ({
          id: gid("RefundLineItem", l.id),
          quantity: l.quantity,
          restockType: l.restock_type.toUpperCase(),
          subtotalSet: shopMoney(l.subtotal_set.shop_money.amount),
          totalTaxSet: shopMoney(l.total_tax_set.shop_money.amount),
          lineItem: { id: gid("LineItem", l.line_item_id) },
        })),
      },
      refundShippingLines: { nodes: [] },
    })),
    transactions: (state.transactions ?? []).map((t) => ({
      id: t.admin_graphql_api_id,
      kind: t.kind.toUpperCase(),
      status: t.status.toUpperCase(),
      test: t.test,
      gateway: t.gateway,
      errorCode: t.error_code?.toUpperCase() ?? null,
      processedAt: t.processed_at,
      createdAt: t.created_at,
      amountSet: { shopMoney: { amount: t.amount, currencyCode: t.currency } },
      // Shopify answers {} for payment methods that are not cards (the query selects CardPaymentDetails only).
      paymentDetails: t.payment_details
        ? { company: t.payment_details.credit_card_company, number: t.payment_details.credit_card_number }
        : null,
      parentTransaction: t.parent_id ? { id: gid("OrderTransaction", t.parent_id) } : null,
    })),
    paymentTerms: o.payment_terms
      ? {
          paymentTermsName: o.payment_terms.payment_terms_name,
          paymentSchedules: { nodes: o.payment_terms.payment_schedules.map((p) => ({ dueAt: p.due_at })) },
        }
      : null,
    returns: {
      nodes: (state.returns ?? []).map((r) => ({
        id: gid("Return", r.id),
        name: r.name,
        status: r.status,
        createdAt: r.createdAt,
        requestApprovedAt: r.requestApprovedAt ?? null,
        closedAt: r.closedAt ?? null,
        decline: r.decline ?? null,
        returnLineItems: {
          nodes: r.lines.map((l) => ({
            id: l.admin_graphql_api_id,
            quantity: l.quantity,
            customerNote: l.customer_note,
            returnReasonNote: l.return_reason_note ?? "",
            returnReasonDefinition: { handle: l.return_reason.replaceAll("_", "-") },
            fulfillmentLineItem: {
              id: l.fulfillment_line_item.admin_graphql_api_id,
              lineItem: { id: l.fulfillment_line_item.line_item.admin_graphql_api_id },
            },
          })),
        },
        reverseFulfillmentOrders: {
          nodes:
            r.status === "OPEN" || r.status === "CLOSED"
              ? [
                  {
                    reverseDeliveries: {
                      nodes: [
                        {
                          deliverable: {
                            tracking: {
                              carrierName: "USPS",
                              number: "9402111899223197428490",
                              url: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9402111899223197428490",
                            },
                            label: {
                              publicFileUrl:
                                "https://cdn.shopify.com/s/files/1/0684/1239/0017/labels/return-label-3547267221.pdf",
                            },
                          },
                        },
                      ],
                    },
                  },
                ]
              : [],
        },
      })),
    },
  };
}

// ───────────────────────────── The fixture orders as Shopify holds them now ─────────────────────────────

/** #1001 after everything in the fixtures happened (the return is approved and waiting for the parcel). */
export function order1001State(): OrderState {
  const request = loadWebhookFixture<{ id: number; name: string; return_line_items: RestReturnLine[] }>(
    "returns-request",
  );
  return {
    order: loadWebhookFixture<RestOrder>("orders-updated"),
    fulfillments: [
      {
        fulfillment: loadWebhookFixture<RestFulfillment>("fulfillments-update"),
        events: [
          loadWebhookFixture<RestFulfillmentEvent>("fulfillment_events-create-out-for-delivery"),
          loadWebhookFixture<RestFulfillmentEvent>("fulfillment_events-create"),
        ],
      },
    ],
    refunds: [loadWebhookFixture<RestRefund>("refunds-create")],
    // The first card was declined, the second paid; the socks' refund went back to it.
    transactions: order1001Transactions(),
    returns: [
      {
        id: request.id,
        name: request.name,
        status: "OPEN",
        createdAt: "2026-11-16T09:02:11-05:00",
        requestApprovedAt: "2026-11-16T13:30:40-05:00",
        lines: request.return_line_items,
      },
    ],
  };
}

/** #1001's payment transactions: a declined card, the sale on a second card, the refund of the socks. */
export function order1001Transactions(): RestTransaction[] {
  const refund = loadWebhookFixture<{ transactions: RestTransaction[] }>("refunds-create").transactions[0];
  return [
    loadWebhookFixture<RestTransaction>("order_transactions-create-failure"),
    loadWebhookFixture<RestTransaction>("order_transactions-create"),
    { ...refund, payment_details: null },
  ];
}

export function order1002State(): OrderState {
  return { order: loadWebhookFixture<RestOrder>("orders-cancelled") };
}

function fixtureOrders() {
  return [buildOrderForMirror(order1001State()), buildOrderForMirror(order1002State())];
}

const FIXTURE_RETURN_ORDERS: Record<string, string> = {
  "gid://shopify/Return/3547267221": "gid://shopify/Order/5940139491234",
  "gid://shopify/Return/3547267222": "gid://shopify/Order/5940139491234",
  "gid://shopify/Return/3547267223": "gid://shopify/Order/5940139491234",
};

/** Spread into the Admin mock's default resolvers. Unknown ids are answered as Shopify does: null. */
export const orderResolvers: Record<string, OperationResolver> = {
  OrderForMirror: ({ variables }) => ({ order: fixtureOrders().find((o) => o.id === variables.id) ?? null }),
  ReturnOrderForMirror: ({ variables }) => {
    const orderId = FIXTURE_RETURN_ORDERS[String(variables.id)];
    return { return: orderId ? { id: variables.id, order: { id: orderId } } : null };
  },
};
