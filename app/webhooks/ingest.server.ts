import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { enqueueWebhookProcessing, usesInProcessJobs } from "../jobs/queue.server";
import { storeDelivery } from "./inbox.server";
import { isComplianceTopic, isKnownTopic, normaliseTopic } from "./topics";
import { webhookRoute } from "./route.server";

function problem(status: number, code: string, message: string): Response {
  return json({ error: { code, message } }, { status });
}

/**
 * POST /webhooks/<topic>: verify (Shopify's HMAC, via authenticate.webhook), store raw in the inbox in one
 * insert, acknowledge. No Admin API call and no business logic before the 200; processing runs as a job.
 * A re-delivery answers 200 and stores nothing. If the database cannot take the insert the answer is 503,
 * so Shopify retries: never 200 for an event that was not stored.
 */
export function ingestWebhook(request: Request, pathTopic: string | undefined): Promise<Response> {
  return webhookRoute(request, async () => {
    const ctx = await authenticate.webhook(request);
    const topic = normaliseTopic(String(ctx.topic));
    if (!isKnownTopic(topic)) {
      throw problem(404, "not_found", `This app does not handle the topic ${topic}.`);
    }
    // Privacy topics share one address, /webhooks/compliance (Shopify's compliance_topics take one URI).
    const pathMatches =
      pathTopic === undefined || (pathTopic === "compliance" ? isComplianceTopic(topic) : normaliseTopic(pathTopic) === topic);
    if (!pathMatches) {
      throw problem(400, "bad_request", `The topic header (${topic}) does not match the URL (/webhooks/${pathTopic}).`);
    }
    const id = await storeDelivery({
      shop: ctx.shop,
      topic,
      webhookId: ctx.webhookId,
      eventId: ctx.eventId ?? null,
      apiVersion: ctx.apiVersion ?? null,
      triggeredAt: parseDate(ctx.triggeredAt),
      payload: ctx.payload,
    });
    if (id && usesInProcessJobs()) await enqueueWebhookProcessing(id);
  });
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
