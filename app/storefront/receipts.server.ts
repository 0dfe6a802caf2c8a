import { z } from "zod";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";
import { sendOrderReceipt } from "../payments/send-receipt.server";
import { offlineAdmin } from "../shopify.server";
import type { ShopRecord } from "../shops/shops.server";
import { findGuestOrder } from "./order-query.server";
import { GuestLookupInput, loadCustomerOrder, OrderNumber, parseOrThrow } from "./orders.server";
import { checkGuestLookup, checkReceipt, recordFailedLookup } from "./rate-limit.server";
import { STOREFRONT_TEXT } from "./text.server";

// "Email me my receipt" for shoppers (docs/storefront-api.md): the storefront tracking block and the customer
// account. Ownership is proven exactly as the order lookups prove it — a guest gives the order's number and email
// (a guest lookup, counted against the same lookup limits), a signed-in customer is known by Shopify's customer id
// — and anything else is the lookup's own 404. The receipt itself goes only to the email on the order
// (app/payments/send-receipt.server.ts); no address from the request is ever used as a recipient.

/** The public answer: the masked address and the shopper's message. */
export interface StorefrontReceipt {
  message: string;
  sentTo: string;
  order: { id: string; name: string };
}

/** POST body: `email` for guests (the lookup's proof); signed-in customers send nothing. */
export const ReceiptBody = z.object({ email: z.unknown().optional() });

export interface StorefrontReceiptRequest {
  number: unknown;
  body: Record<string, unknown>;
  shopifyCustomerId: bigint | null;
  ip: string | null;
}

export async function requestStorefrontReceipt(shop: ShopRecord, request: StorefrontReceiptRequest): Promise<StorefrontReceipt> {
  const { email } = parseOrThrow(ReceiptBody, request.body);
  let orderId: string;
  let customerId: string | null;
  if (email !== undefined || request.shopifyCustomerId === null) {
    // A guest (or anyone giving an email): the lookup's proof, limits and 404, to the letter.
    const input = parseOrThrow(GuestLookupInput, { number: request.number, email });
    await checkGuestLookup(shop.id, request.ip, input.number);
    const order = await findGuestOrder(shop.id, input.number, input.email);
    if (!order) {
      await recordFailedLookup(shop.id, input.number);
      throw new AppError("not_found", STOREFRONT_TEXT.orderNotFound);
    }
    ({ id: orderId, customerId } = order);
  } else {
    const { number } = parseOrThrow(z.object({ number: OrderNumber }), { number: request.number });
    ({ id: orderId, customerId } = await loadCustomerOrder(shop.id, request.shopifyCustomerId, { number }));
  }
  await checkReceipt(shop.id, request.ip, orderId);
  return send(shop, orderId, customerId, "STOREFRONT");
}

/** The customer account's request: the token's customer's own order (by Shopify order id), else 404. */
export async function requestCustomerAccountReceipt(
  shop: ShopRecord,
  shopifyCustomerId: bigint,
  shopifyOrderId: bigint,
  ip: string | null,
): Promise<StorefrontReceipt> {
  const order = await loadCustomerOrder(shop.id, shopifyCustomerId, { shopifyOrderId });
  await checkReceipt(shop.id, ip, order.id);
  return send(shop, order.id, order.customerId, "CUSTOMER_ACCOUNT");
}

async function send(shop: ShopRecord, orderId: string, customerId: string | null, channel: "STOREFRONT" | "CUSTOMER_ACCOUNT"): Promise<StorefrontReceipt> {
  let admin;
  try {
    admin = await offlineAdmin(shop.domain);
  } catch (error) {
    if (error instanceof AppError) throw error;
    console.warn(`Receipt request for ${shop.domain}: no Admin API access: ${error instanceof Error ? error.message : String(error)}`);
    throw new AppError("unavailable", t("receipt.error.unavailableShopper"));
  }
  const outcome = await sendOrderReceipt(shop, admin, { orderId, actor: { type: "CUSTOMER", customerId, channel } });
  return { message: outcome.message, sentTo: outcome.sentTo, order: outcome.order };
}
