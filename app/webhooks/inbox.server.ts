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
    values: [uuidv7(), d.shop, d.topic, d.webhookId, d.eventId, d.apiVersion, d.triggeredAt, jsonbText(d.payload)],
  });
  return rows[0]?.id ?? null;
}

/**
 * The payload as JSON that PostgreSQL's jsonb accepts. jsonb refuses \u0000 and unpaired surrogates (valid JSON
 * text, but not storable), and a delivery that can never be stored must not answer 503 forever: such characters
 * become U+FFFD. JSON.stringify escapes exactly these (and only these) as \u0000 / \udXXX, so the walk runs only
 * when the text has one of them.
 */
export function jsonbText(payload: unknown): string {
  const text = JSON.stringify(payload) ?? "null";
  return /\\u(0000|d[89a-f])/i.test(text) ? JSON.stringify(storable(payload)) : text;
}

function storable(value: unknown): unknown {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what jsonb refuses
  if (typeof value === "string") return value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\uFFFD");
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)]));
  return value;
}
