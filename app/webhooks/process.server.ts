import db from "../db.server";
import { offlineAdmin } from "../shopify.server";
import { UnprocessableDeliveryError, type WebhookHandler, type WebhookOutcome } from "./types";
import { isComplianceTopic } from "./topics";

export interface ProcessOptions {
  handlers: Record<string, WebhookHandler>;
  /** The job engine's last try: a failure now is final and shown to the merchant as a sync problem. */
  finalAttempt: boolean;
}

export type ProcessResult = WebhookOutcome | "already-done" | "missing" | "unprocessable";

const DONE_STATES = ["PROCESSED", "STALE", "IGNORED"] as const;

/**
 * Runs the handler of one stored delivery. Idempotent: a delivery already processed is left alone, and the
 * handlers themselves ignore stale updates. A failure records its error and is rethrown so the job engine
 * retries with backoff; after the last attempt the delivery stays FAILED until the merchant retries it.
 */
export async function processWebhookEvent(eventId: string, { handlers, finalAttempt }: ProcessOptions): Promise<ProcessResult> {
  const claimed = await db.webhookEvent.updateManyAndReturn({
    where: { id: eventId, state: { notIn: [...DONE_STATES] } },
    data: { state: "PROCESSING", attempts: { increment: 1 } },
  });
  const event = claimed[0];
  if (!event) return (await db.webhookEvent.count({ where: { id: eventId } })) ? "already-done" : "missing";

  const finish = (state: "PROCESSED" | "STALE" | "IGNORED", outcome: string) =>
    // updateMany: shop/redact deletes the shop's deliveries, this one included.
    db.webhookEvent.updateMany({ where: { id: event.id }, data: { state, outcome, lastError: null, processedAt: new Date() } });

  try {
    const handler = handlers[event.topic];
    if (!handler) {
      await finish("IGNORED", `no handler for ${event.topic}`);
      return "ignored";
    }
    const shop = await db.shop.findUnique({ where: { domain: event.shopDomain } });
    if (!isComplianceTopic(event.topic) && (!shop || shop.state === "UNINSTALLED")) {
      await finish("IGNORED", shop ? "shop has uninstalled the app" : "shop not installed");
      return "ignored";
    }
    const outcome = await handler({
      // Compliance topics may concern a shop we never stored (or already erased): handlers get a stand-in.
      shop: shop ?? ({ id: "", domain: event.shopDomain } as NonNullable<typeof shop>),
      topic: event.topic,
      payload: event.payload,
      triggeredAt: event.triggeredAt,
      webhookId: event.webhookId,
      eventId: event.eventId,
      admin: () => offlineAdmin(event.shopDomain),
    });
    if (outcome === "stale") await finish("STALE", "stale");
    else if (outcome === "ignored") await finish("IGNORED", "ignored");
    else await finish("PROCESSED", "applied");
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof UnprocessableDeliveryError;
    await db.webhookEvent.updateMany({
      where: { id: event.id },
      data: { state: finalAttempt || permanent ? "FAILED" : "RECEIVED", lastError: message.slice(0, 2000), outcome: "error" },
    });
    if (permanent) return "unprocessable";
    throw error;
  }
}
