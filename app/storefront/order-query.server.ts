import { rawPool } from "../db.server";
import { Prisma } from "../generated/prisma/client";
import type { MirroredOrder } from "./orders.server";

// The storefront's order reads in ONE round trip: the order row with its line items, fulfillments (lines,
// carrier events), refunds (lines) and returns (lines) aggregated as JSON by correlated subqueries, each on an
// index that leads with the parent's id. Prisma's nested select sends one query per relation level (about ten
// for this shape), which is most of a lookup's time; a shopper's lookup must stay well under 15 ms at p95.
// The statements are named (prepared once per connection) on the plain pg pool (rawPool): PostgreSQL takes about
// 5 ms to plan this statement, longer than it takes to run it, and Prisma's $queryRaw plans it on every call.
// The result has exactly the shape of STOREFRONT_ORDER_SELECT (MirroredOrder), so toStorefrontOrder serves both.

const ORDER_COLUMNS = `
  o.id::text AS id, o."shopifyId"::text AS "shopifyId", o.name, o."orderNumber", o."customerId"::text AS "customerId",
  o."financialStatus"::text AS "financialStatus", o."fulfillmentStatus"::text AS "fulfillmentStatus", o."currencyCode",
  o."subtotalPrice"::text AS "subtotalPrice", o."totalShipping"::text AS "totalShipping", o."totalTax"::text AS "totalTax",
  o."totalPrice"::text AS "totalPrice", o."totalRefunded"::text AS "totalRefunded", o."totalDiscounts"::text AS "totalDiscounts",
  o."shippingMethod", o."shippingAddress", o."statusPageUrl",
  -- As JSON text (UTC, no zone), as inside the aggregates below: pg would read a zone-less timestamp as local time.
  to_json(o."cancelledAt") AS "cancelledAt", to_json(o."processedAt") AS "processedAt",
  COALESCE((
    SELECT json_agg(json_build_object(
      'id', li.id, 'shopifyId', li."shopifyId"::text, 'productId', li."productId"::text, 'title', li.title,
      'variantTitle', li."variantTitle", 'sku', li.sku, 'productType', li."productType", 'productTags', li."productTags",
      'quantity', li.quantity, 'price', li.price::text, 'requiresShipping', li."requiresShipping", 'imageUrl', li."imageUrl"
    ) ORDER BY li."shopifyId")
    FROM "LineItem" li WHERE li."orderId" = o.id
  ), '[]'::json) AS "lineItems",
  COALESCE((
    SELECT json_agg(json_build_object(
      'id', f.id, 'shopifyId', f."shopifyId"::text, 'name', f.name, 'status', f.status::text,
      'shipmentStatus', f."shipmentStatus"::text, 'trackingCompany', f."trackingCompany", 'trackingNumber', f."trackingNumber",
      'trackingUrl', f."trackingUrl", 'trackingNumbers', f."trackingNumbers", 'trackingUrls', f."trackingUrls",
      'estimatedDeliveryAt', f."estimatedDeliveryAt", 'deliveredAt', f."deliveredAt", 'inTransitAt', f."inTransitAt",
      'shopifyCreatedAt', f."shopifyCreatedAt",
      'lines', COALESCE((
        SELECT json_agg(json_build_object('lineItemId', fl."lineItemId", 'shopifyId', fl."shopifyId"::text, 'quantity', fl.quantity))
        FROM "FulfillmentLineItem" fl WHERE fl."fulfillmentId" = f.id
      ), '[]'::json),
      'events', COALESCE((
        SELECT json_agg(json_build_object(
          'status', e.status::text, 'message', e.message, 'city', e.city, 'province', e.province, 'country', e.country,
          'estimatedDeliveryAt', e."estimatedDeliveryAt", 'happenedAt', e."happenedAt"
        ) ORDER BY e."happenedAt" DESC)
        FROM "FulfillmentEvent" e WHERE e."fulfillmentId" = f.id
      ), '[]'::json)
    ) ORDER BY f."shopifyCreatedAt")
    FROM "Fulfillment" f WHERE f."orderId" = o.id
  ), '[]'::json) AS fulfillments,
  COALESCE((
    SELECT json_agg(json_build_object(
      'shopifyId', r."shopifyId"::text, 'amount', r.amount::text, 'currencyCode', r."currencyCode",
      'processedAt', r."processedAt", 'returnId', r."returnId",
      'lines', COALESCE((
        SELECT json_agg(json_build_object('lineItemId', rl."lineItemId", 'quantity', rl.quantity))
        FROM "RefundLineItem" rl WHERE rl."refundId" = r.id
      ), '[]'::json)
    ) ORDER BY r."processedAt")
    FROM "Refund" r WHERE r."orderId" = o.id
  ), '[]'::json) AS refunds,
  COALESCE((
    SELECT json_agg(json_build_object(
      'shopifyId', rt."shopifyId"::text, 'name', rt.name, 'status', rt.status::text, 'declineReason', rt."declineReason",
      'reverseCarrier', rt."reverseCarrier", 'reverseTrackingNumber', rt."reverseTrackingNumber",
      'reverseTrackingUrl', rt."reverseTrackingUrl", 'reverseLabelUrl', rt."reverseLabelUrl",
      'requestedAt', rt."requestedAt", 'approvedAt', rt."approvedAt", 'closedAt', rt."closedAt",
      'lines', COALESCE((
        SELECT json_agg(json_build_object('lineItemId', rtl."lineItemId", 'quantity', rtl.quantity, 'reason', rtl.reason))
        FROM "ReturnLineItem" rtl WHERE rtl."returnId" = rt.id
      ), '[]'::json)
    ) ORDER BY rt."requestedAt")
    FROM "Return" rt WHERE rt."orderId" = o.id
  ), '[]'::json) AS returns`;

type Row = Record<string, unknown>;

const json = (v: unknown): Row[] => (typeof v === "string" ? (JSON.parse(v) as Row[]) : ((v as Row[] | null) ?? []));
/** Timestamps are stored without a zone, in UTC; json_build_object writes them without the "Z". */
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v)}Z`));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const big = (v: unknown): bigint => BigInt(String(v));
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(String(v)));
const dec = (v: unknown) => new Prisma.Decimal(String(v ?? "0"));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toMirrored(o: Row): MirroredOrder {
  return {
    id: String(o.id),
    shopifyId: big(o.shopifyId),
    name: String(o.name),
    orderNumber: Number(o.orderNumber),
    customerId: str(o.customerId),
    financialStatus: o.financialStatus as MirroredOrder["financialStatus"],
    fulfillmentStatus: o.fulfillmentStatus as MirroredOrder["fulfillmentStatus"],
    currencyCode: String(o.currencyCode),
    subtotalPrice: dec(o.subtotalPrice),
    totalShipping: dec(o.totalShipping),
    totalTax: dec(o.totalTax),
    totalPrice: dec(o.totalPrice),
    totalRefunded: dec(o.totalRefunded),
    totalDiscounts: dec(o.totalDiscounts),
    shippingMethod: str(o.shippingMethod),
    shippingAddress: (o.shippingAddress ?? null) as MirroredOrder["shippingAddress"],
    statusPageUrl: str(o.statusPageUrl),
    cancelledAt: dateOrNull(o.cancelledAt),
    processedAt: date(o.processedAt),
    lineItems: json(o.lineItems).map((l) => ({
      id: String(l.id),
      shopifyId: big(l.shopifyId),
      productId: bigOrNull(l.productId),
      title: String(l.title),
      variantTitle: str(l.variantTitle),
      sku: str(l.sku),
      productType: str(l.productType),
      productTags: (l.productTags as string[] | null) ?? [],
      quantity: Number(l.quantity),
      price: dec(l.price),
      requiresShipping: Boolean(l.requiresShipping),
      imageUrl: str(l.imageUrl),
    })),
    fulfillments: json(o.fulfillments).map((f) => ({
      id: String(f.id),
      shopifyId: big(f.shopifyId),
      name: str(f.name),
      status: f.status as MirroredOrder["fulfillments"][number]["status"],
      shipmentStatus: (f.shipmentStatus ?? null) as MirroredOrder["fulfillments"][number]["shipmentStatus"],
      trackingCompany: str(f.trackingCompany),
      trackingNumber: str(f.trackingNumber),
      trackingUrl: str(f.trackingUrl),
      trackingNumbers: (f.trackingNumbers as string[] | null) ?? [],
      trackingUrls: (f.trackingUrls as string[] | null) ?? [],
      estimatedDeliveryAt: dateOrNull(f.estimatedDeliveryAt),
      deliveredAt: dateOrNull(f.deliveredAt),
      inTransitAt: dateOrNull(f.inTransitAt),
      shopifyCreatedAt: date(f.shopifyCreatedAt),
      lines: json(f.lines).map((l) => ({ lineItemId: String(l.lineItemId), shopifyId: bigOrNull(l.shopifyId), quantity: Number(l.quantity) })),
      events: json(f.events).map((e) => ({
        status: e.status as MirroredOrder["fulfillments"][number]["events"][number]["status"],
        message: str(e.message),
        city: str(e.city),
        province: str(e.province),
        country: str(e.country),
        estimatedDeliveryAt: dateOrNull(e.estimatedDeliveryAt),
        happenedAt: date(e.happenedAt),
      })),
    })),
    refunds: json(o.refunds).map((r) => ({
      shopifyId: big(r.shopifyId),
      amount: dec(r.amount),
      currencyCode: String(r.currencyCode),
      processedAt: date(r.processedAt),
      returnId: str(r.returnId),
      lines: json(r.lines).map((l) => ({ lineItemId: str(l.lineItemId), quantity: Number(l.quantity) })),
    })),
    returns: json(o.returns).map((r) => ({
      shopifyId: big(r.shopifyId),
      name: str(r.name),
      status: r.status as MirroredOrder["returns"][number]["status"],
      declineReason: str(r.declineReason),
      reverseCarrier: str(r.reverseCarrier),
      reverseTrackingNumber: str(r.reverseTrackingNumber),
      reverseTrackingUrl: str(r.reverseTrackingUrl),
      reverseLabelUrl: str(r.reverseLabelUrl),
      requestedAt: date(r.requestedAt),
      approvedAt: dateOrNull(r.approvedAt),
      closedAt: dateOrNull(r.closedAt),
      lines: json(r.lines).map((l) => ({ lineItemId: str(l.lineItemId), quantity: Number(l.quantity), reason: String(l.reason) })),
    })),
  };
}

/** A guest's order: this number, and this email on the order or on its (not erased) customer. Newest first. */
export async function findGuestOrder(shopId: string, orderNumber: number, email: string): Promise<MirroredOrder | null> {
  const { rows } = await rawPool().query<Row>({
    name: "storefront-guest-order",
    text: `
      SELECT ${ORDER_COLUMNS}
      FROM "Order" o
      WHERE o."shopId" = $1::uuid AND o."orderNumber" = $2::int AND o."redactedAt" IS NULL
        AND (lower(btrim(o.email)) = $3::text
          OR EXISTS (SELECT 1 FROM "Customer" c WHERE c.id = o."customerId" AND c."redactedAt" IS NULL AND lower(btrim(c.email)) = $3::text))
      ORDER BY o."processedAt" DESC
      LIMIT 1`,
    values: [shopId, orderNumber, email],
  });
  return rows[0] ? toMirrored(rows[0]) : null;
}

/** One statement per filter shape, so each keeps its own prepared plan. */
const CUSTOMER_ORDERS_FILTER = {
  none: "",
  orderNumber: `AND o."orderNumber" = $4::int`,
  shopifyOrderId: `AND o."shopifyId" = $4::bigint`,
} as const;

/** A signed-in customer's orders (by Shopify customer id), newest first; optionally one order by number or id. */
export async function findCustomerOrders(
  shopId: string,
  shopifyCustomerId: bigint,
  filter: { limit: number; orderNumber?: number; shopifyOrderId?: bigint },
): Promise<MirroredOrder[]> {
  // Callers name an order one way (OrderRef gives a number or an id, never both); both would drop one silently.
  if (filter.orderNumber !== undefined && filter.shopifyOrderId !== undefined) {
    throw new Error("findCustomerOrders: pass orderNumber or shopifyOrderId, not both");
  }
  const by: keyof typeof CUSTOMER_ORDERS_FILTER =
    filter.orderNumber !== undefined ? "orderNumber" : filter.shopifyOrderId !== undefined ? "shopifyOrderId" : "none";
  const values: unknown[] = [shopId, shopifyCustomerId.toString(), filter.limit];
  if (by === "orderNumber") values.push(filter.orderNumber);
  if (by === "shopifyOrderId") values.push(filter.shopifyOrderId!.toString());
  const { rows } = await rawPool().query<Row>({
    name: `storefront-customer-orders-${by}`,
    text: `
      SELECT ${ORDER_COLUMNS}
      FROM "Order" o
      WHERE o."shopId" = $1::uuid
        AND o."customerId" = (
          SELECT c.id FROM "Customer" c
          WHERE c."shopId" = $1::uuid AND c."shopifyId" = $2::bigint AND c."redactedAt" IS NULL
        )
        AND o."redactedAt" IS NULL
        ${CUSTOMER_ORDERS_FILTER[by]}
      ORDER BY o."processedAt" DESC
      LIMIT $3::int`,
    values,
  });
  return rows.map(toMirrored);
}
