import { z } from "zod";
import { UnprocessableDeliveryError } from "../webhooks/types";

// The parts of Shopify's mandatory compliance payloads that the handlers use.
// https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance

/** Shopify ids arrive as JSON numbers; a string of digits is accepted too. */
const ShopifyId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform((value) => BigInt(value));

const ShopDomain = z.string().min(1);

const Customer = z.object({
  id: ShopifyId.nullish(),
  email: z.string().trim().min(1).nullish(),
  phone: z.string().trim().min(1).nullish(),
});

export interface CustomerIdentity {
  shopifyCustomerId: bigint | null;
  /** As Shopify sent it; matching is case-insensitive. */
  email: string | null;
  phone: string | null;
  /** Shopify order ids the request names (orders_requested / orders_to_redact). */
  orderIds: bigint[];
}

function identity(customer: z.infer<typeof Customer>, orderIds: bigint[]): CustomerIdentity {
  return {
    shopifyCustomerId: customer.id ?? null,
    email: customer.email ?? null,
    phone: customer.phone ?? null,
    orderIds,
  };
}

/** Without an id or an email there is no way to tell whose data is meant. */
const identifiable = (customer: z.infer<typeof Customer>) => customer.id != null || customer.email != null;
const UNIDENTIFIABLE = { message: "needs an id or an email to say whose data is meant" };

export const CustomerDataRequestPayload = z
  .object({
    shop_domain: ShopDomain,
    customer: Customer.refine(identifiable, UNIDENTIFIABLE),
    orders_requested: z.array(ShopifyId).nullish(),
    data_request: z.object({ id: ShopifyId }).nullish(),
  })
  .transform((p) => ({
    shopDomain: p.shop_domain,
    customer: identity(p.customer, p.orders_requested ?? []),
    dataRequestId: p.data_request?.id ?? null,
  }));

export const CustomerRedactPayload = z
  .object({
    shop_domain: ShopDomain,
    customer: Customer.refine(identifiable, UNIDENTIFIABLE),
    orders_to_redact: z.array(ShopifyId).nullish(),
  })
  .transform((p) => ({ shopDomain: p.shop_domain, customer: identity(p.customer, p.orders_to_redact ?? []) }));

export const ShopRedactPayload = z
  .object({ shop_domain: ShopDomain, shop_id: ShopifyId.nullish() })
  .transform((p) => ({ shopDomain: p.shop_domain }));

/**
 * Parses a payload or throws an error that names the topic and what is missing. Unprocessable: retrying the same
 * payload cannot help, so the delivery is recorded as failed at once, with this message, for the merchant to see.
 */
export function parsePayload<T extends z.ZodType>(topic: string, schema: T, payload: unknown): z.output<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`);
    throw new UnprocessableDeliveryError(`${topic} payload is not usable: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** A compliance request names its shop; a delivery for one shop must not act on another. */
export function assertSameShop(topic: string, payloadDomain: string, deliveredFor: string): void {
  if (payloadDomain.toLowerCase() !== deliveredFor.toLowerCase()) {
    throw new UnprocessableDeliveryError(
      `${topic} payload names shop ${payloadDomain} but was delivered for ${deliveredFor}`
    );
  }
}
