import db from "../../app/db.server";
import type { FulfillmentState, Prisma, ShipmentStatus } from "../../app/generated/prisma/client";
import { createInstalledShop, type TestShop } from "../helpers/shopify";

// Storefront test data: a shop with two customers and orders shaped by each test.

let seq = 0;
const next = () => ++seq;
const DAY = 24 * 3600 * 1000;
export const daysAgo = (d: number, from = new Date()) => new Date(from.getTime() - d * DAY);

export interface LineSpec {
  title: string;
  quantity?: number;
  price?: string;
  productId?: bigint;
  productType?: string;
  productTags?: string[];
  requiresShipping?: boolean;
  /** Units shipped (default: all). */
  shipped?: number;
}

export interface OrderSpec {
  number: number;
  customerId?: string | null;
  email?: string | null;
  lines?: LineSpec[];
  /** Omit for an unfulfilled order. */
  fulfillment?: {
    createdAt?: Date;
    /** Default SUCCESS. */
    status?: FulfillmentState;
    deliveredAt?: Date | null;
    shipmentStatus?: ShipmentStatus | null;
    estimatedDeliveryAt?: Date | null;
    events?: { status: ShipmentStatus; at: Date; message?: string; city?: string }[];
  };
  order?: Partial<Prisma.OrderUncheckedCreateInput>;
}

export interface BuiltOrder {
  id: string;
  shopifyId: bigint;
  name: string;
  lines: { id: string; shopifyId: bigint; gid: string; title: string; fulfillmentLineShopifyId: bigint | null }[];
  fulfillmentId: string | null;
}

export async function buildOrder(shopId: string, spec: OrderSpec): Promise<BuiltOrder> {
  const n = next();
  const processedAt = spec.fulfillment?.createdAt ? new Date(spec.fulfillment.createdAt.getTime() - DAY) : daysAgo(3);
  const order = await db.order.create({
    data: {
      shopId,
      shopifyId: BigInt(820_000_000_000 + n * 10),
      name: `#${spec.number}`,
      orderNumber: spec.number,
      email: spec.email === undefined ? "ada@example.com" : spec.email,
      customerId: spec.customerId ?? null,
      currencyCode: "USD",
      subtotalPrice: "90.00",
      totalShipping: "5.00",
      totalTax: "7.20",
      totalPrice: "102.20",
      financialStatus: "PAID",
      fulfillmentStatus: spec.fulfillment ? "FULFILLED" : "UNFULFILLED",
      note: "Staff note: VIP, call before shipping",
      tags: ["internal-tag"],
      shippingAddress: { address1: "1 Secret Street", city: "Ottawa", provinceCode: "ON", countryCodeV2: "CA", phone: "+1 555 0100" },
      statusPageUrl: "https://example.myshopify.com/orders/status",
      shippingMethod: "Standard",
      processedAt,
      shopifyCreatedAt: processedAt,
      shopifyUpdatedAt: processedAt,
      ...spec.order,
    },
  });
  const specs = spec.lines ?? [{ title: "Linen shirt", quantity: 2, price: "45.00" }];
  const lines: BuiltOrder["lines"] = [];
  for (const [i, l] of specs.entries()) {
    const shopifyId = BigInt(830_000_000_000 + n * 100 + i);
    const row = await db.lineItem.create({
      data: {
        shopId,
        orderId: order.id,
        shopifyId,
        title: l.title,
        quantity: l.quantity ?? 1,
        price: l.price ?? "45.00",
        productId: l.productId ?? BigInt(840_000_000 + n * 100 + i),
        productType: l.productType ?? "Shirts",
        productTags: l.productTags ?? [],
        requiresShipping: l.requiresShipping ?? true,
      },
    });
    lines.push({ id: row.id, shopifyId, gid: `gid://shopify/LineItem/${shopifyId}`, title: l.title, fulfillmentLineShopifyId: null });
  }
  let fulfillmentId: string | null = null;
  if (spec.fulfillment) {
    const f = spec.fulfillment;
    const createdAt = f.createdAt ?? daysAgo(2);
    const fulfillment = await db.fulfillment.create({
      data: {
        shopId,
        orderId: order.id,
        shopifyId: BigInt(850_000_000_000 + n * 10),
        name: `#${spec.number}-F1`,
        status: f.status ?? "SUCCESS",
        shipmentStatus: f.shipmentStatus === undefined ? (f.deliveredAt ? "DELIVERED" : "IN_TRANSIT") : f.shipmentStatus,
        trackingCompany: "Canada Post",
        trackingNumber: `70234567${n}`,
        trackingUrl: `https://track.example/70234567${n}`,
        estimatedDeliveryAt: f.estimatedDeliveryAt ?? null,
        deliveredAt: f.deliveredAt ?? null,
        shopifyCreatedAt: createdAt,
        shopifyUpdatedAt: createdAt,
      },
    });
    fulfillmentId = fulfillment.id;
    for (const [i, l] of specs.entries()) {
      const shipped = l.shipped ?? l.quantity ?? 1;
      if (shipped === 0) continue;
      const fliId = BigInt(860_000_000_000 + n * 100 + i);
      await db.fulfillmentLineItem.create({
        data: { shopId, fulfillmentId: fulfillment.id, lineItemId: lines[i].id, quantity: shipped, shopifyId: fliId },
      });
      lines[i].fulfillmentLineShopifyId = fliId;
    }
    for (const [i, e] of (f.events ?? []).entries()) {
      await db.fulfillmentEvent.create({
        data: {
          shopId,
          fulfillmentId: fulfillment.id,
          shopifyId: BigInt(870_000_000_000 + n * 100 + i),
          status: e.status,
          message: e.message ?? null,
          city: e.city ?? null,
          happenedAt: e.at,
        },
      });
    }
  }
  return { id: order.id, shopifyId: order.shopifyId, name: order.name, lines, fulfillmentId };
}

/** Another shipment of `order` (a split shipment): `lines` maps the order's line index to the units it carries. */
export async function addFulfillment(
  shopId: string,
  order: BuiltOrder,
  spec: { lines: Record<number, number>; createdAt: Date; deliveredAt?: Date | null; status?: FulfillmentState },
): Promise<{ id: string; lineShopifyIds: Record<number, bigint> }> {
  const n = next();
  const fulfillment = await db.fulfillment.create({
    data: {
      shopId,
      orderId: order.id,
      shopifyId: BigInt(880_000_000_000 + n * 10),
      name: `${order.name}-F${n}`,
      status: spec.status ?? "SUCCESS",
      shipmentStatus: spec.deliveredAt ? "DELIVERED" : "IN_TRANSIT",
      deliveredAt: spec.deliveredAt ?? null,
      shopifyCreatedAt: spec.createdAt,
      shopifyUpdatedAt: spec.createdAt,
    },
  });
  const lineShopifyIds: Record<number, bigint> = {};
  for (const [index, quantity] of Object.entries(spec.lines)) {
    const shopifyId = BigInt(890_000_000_000 + n * 100 + Number(index));
    await db.fulfillmentLineItem.create({
      data: { shopId, fulfillmentId: fulfillment.id, lineItemId: order.lines[Number(index)].id, quantity, shopifyId },
    });
    lineShopifyIds[Number(index)] = shopifyId;
  }
  return { id: fulfillment.id, lineShopifyIds };
}

export interface StorefrontSetup {
  shop: TestShop;
  ada: { id: string; shopifyId: bigint };
  bob: { id: string; shopifyId: bigint };
}

/** An installed shop with two customers: Ada (ada@example.com) and Bob (bob@example.com). */
export async function storefrontShop(): Promise<StorefrontSetup> {
  const shop = await createInstalledShop();
  const n = next();
  const ada = await db.customer.create({
    data: { shopId: shop.shopId, shopifyId: BigInt(7_000_000 + n * 10), email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
  });
  const bob = await db.customer.create({
    data: { shopId: shop.shopId, shopifyId: BigInt(7_000_001 + n * 10), email: "bob@example.com", firstName: "Bob", lastName: "Builder" },
  });
  return { shop, ada: { id: ada.id, shopifyId: ada.shopifyId! }, bob: { id: bob.id, shopifyId: bob.shopifyId! } };
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
