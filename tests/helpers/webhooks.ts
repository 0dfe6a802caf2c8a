import { randomUUID } from "node:crypto";
import db from "../../app/db.server";
import { action } from "../../app/routes/webhooks.$";
import { offlineAdmin } from "../../app/shopify.server";
import type { WebhookContext } from "../../app/webhooks/types";
import { runDueJobs } from "../../app/jobs/worker.server";
import { signedWebhook, type WebhookOptions } from "./shopify";

/** Delivers a signed webhook to POST /webhooks/<topic> the way Shopify would. */
export async function deliver(options: Omit<WebhookOptions, "body"> & { body: string | object; path?: string }): Promise<Response> {
  const body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const request = signedWebhook({ ...options, body });
  return action({ request, params: { "*": options.path ?? options.topic }, context: {} });
}

/** Delivers, then runs the jobs it queued: the state after Shopify's delivery has been processed. */
export async function deliverAndProcess(options: Parameters<typeof deliver>[0]): Promise<Response> {
  const response = await deliver(options);
  await runDueJobs();
  return response;
}

export interface HandlerContextOptions {
  payload: unknown;
  triggeredAt?: Date | string | null;
  webhookId?: string;
  eventId?: string | null;
  /** Defaults to the shop's offline Admin client (answered by the msw mock). */
  admin?: WebhookContext["admin"];
}

/**
 * A stored delivery as the job engine hands it to a handler: the shop's row (or, like the engine does for
 * privacy topics, a stand-in for a shop that is not stored) and its Admin client.
 */
export async function handlerContext(domain: string, topic: string, options: HandlerContextOptions): Promise<WebhookContext> {
  const { payload, triggeredAt = null, webhookId = randomUUID(), eventId = randomUUID(), admin } = options;
  const shop = await db.shop.findUnique({ where: { domain } });
  return {
    shop: shop ?? ({ id: "", domain } as NonNullable<typeof shop>),
    topic,
    payload,
    triggeredAt: typeof triggeredAt === "string" ? new Date(triggeredAt) : triggeredAt,
    webhookId,
    eventId,
    admin: admin ?? (() => offlineAdmin(domain)),
  };
}
