import { v7 as uuidv7 } from "uuid";
import { rawPool } from "../db.server";

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
 * Stores a verified delivery in one INSERT. A re-delivery (same webhook id, or same event id for the topic)
 * hits a unique key and stores nothing. The delivery reaches the job engine through the relay
 * (app/jobs/webhook-relay.server.ts), or at once on the embedded database.
 * Returns the new row's id, or null for a re-delivery.
 */
export async function storeDelivery(d: Delivery): Promise<string | null> {
  // The hottest write of the app: plain pg, one round trip (see rawPool).
  const { rows } = await rawPool().query<{ id: string }>({
    name: "store-webhook-delivery",
    text: `INSERT INTO "WebhookEvent" (id, "shopDomain", topic, "webhookId", "eventId", "apiVersion", "triggeredAt", payload)
           VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb)
           ON CONFLICT DO NOTHING
           RETURNING id::text AS id`,
    values: [uuidv7(), d.shop, d.topic, d.webhookId, d.eventId, d.apiVersion, d.triggeredAt, JSON.stringify(d.payload)],
  });
  return rows[0]?.id ?? null;
}
