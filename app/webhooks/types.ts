import type { ShopRecord } from "../shops/shops.server";
import type { AdminGraphql } from "../auth/staff.server";

/** What a topic handler gets: the stored delivery, its shop, and (lazily) an Admin API client for the shop. */
export interface WebhookContext {
  shop: ShopRecord;
  topic: string;
  payload: unknown;
  /** Shopify's X-Shopify-Triggered-At (when the event happened), the tiebreak for payloads without updated_at. */
  triggeredAt: Date | null;
  webhookId: string;
  eventId: string | null;
  /** Admin GraphQL for this shop with its offline token (throws if the shop has no offline session). */
  admin(): Promise<AdminGraphql>;
}

/**
 * applied: the mirror (and any case timeline) now reflects the event. stale: an equal or newer version was
 * already stored, nothing changed. ignored: nothing to do for this delivery (e.g. unknown shop state).
 * A handler throws on failure; the job engine retries with backoff and finally records the error.
 */
export type WebhookOutcome = "applied" | "stale" | "ignored";

export type WebhookHandler = (ctx: WebhookContext) => Promise<WebhookOutcome>;

/**
 * A delivery that can never be applied however often it is retried (its payload lacks what is essential):
 * recorded as FAILED at once, with this message, instead of spending the retries.
 */
export class UnprocessableDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnprocessableDeliveryError";
  }
}
