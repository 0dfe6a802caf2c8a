import { v7 as uuidv7 } from "uuid";
import db from "../db.server";
import { WEBHOOK_MAX_ATTEMPTS, TASKS, usesInProcessJobs } from "../jobs/queue.server";

export interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string | null;
  triggeredAt: Date | null;
  payload: unknown;
}

/**
 * Stores a verified delivery in one statement. A re-delivery (same webhook id, or same event id for the topic)
 * hits a unique key and stores nothing. On PostgreSQL the processing job is added in the same statement, so a
 * stored delivery always has its job; with the embedded database the caller runs it in-process.
 * Returns the new row's id, or null for a re-delivery.
 */
export async function storeDelivery(d: Delivery): Promise<string | null> {
  const id = uuidv7();
  const payload = JSON.stringify(d.payload);
  if (usesInProcessJobs()) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "WebhookEvent" (id, "shopDomain", topic, "webhookId", "eventId", "apiVersion", "triggeredAt", payload)
      VALUES (${id}::uuid, ${d.shop}, ${d.topic}, ${d.webhookId}, ${d.eventId}, ${d.apiVersion}, ${d.triggeredAt}, ${payload}::jsonb)
      ON CONFLICT DO NOTHING
      RETURNING id::text AS id`;
    return rows[0]?.id ?? null;
  }
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO "WebhookEvent" (id, "shopDomain", topic, "webhookId", "eventId", "apiVersion", "triggeredAt", payload)
      VALUES (${id}::uuid, ${d.shop}, ${d.topic}, ${d.webhookId}, ${d.eventId}, ${d.apiVersion}, ${d.triggeredAt}, ${payload}::jsonb)
      ON CONFLICT DO NOTHING
      RETURNING id
    )
    SELECT ins.id::text AS id,
           (graphile_worker.add_job(${TASKS.processWebhook}, json_build_object('eventId', ins.id),
              job_key := 'webhook:' || ins.id::text, max_attempts := ${WEBHOOK_MAX_ATTEMPTS}::int)).id::text AS job
    FROM ins`;
  return rows[0]?.id ?? null;
}
