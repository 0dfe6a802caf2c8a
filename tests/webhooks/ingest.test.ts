import { afterEach, describe, expect, it } from "vitest";
import db, { disconnectDb } from "../../app/db.server";
import { action, loader } from "../../app/routes/webhooks.$";
import { runDueJobs } from "../../app/jobs/worker.server";
import { enqueueWebhookProcessing } from "../../app/jobs/queue.server";
import { relayWebhookDeliveries } from "../../app/jobs/webhook-relay.server";
import { processWebhookEvent } from "../../app/webhooks/process.server";
import { webhookHandlers } from "../../app/webhooks/registry.server";
import { allowConsoleError } from "../helpers/console";
import { createInstalledShop, signedWebhook } from "../helpers/shopify";
import { deliver, deliverAndProcess } from "../helpers/webhooks";

const jobsFor = (eventId: string) =>
  db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${"webhook:" + eventId}`.then((r) => Number(r[0].n));

describe("POST /webhooks/<topic>: verify, store, acknowledge", () => {
  it("stores a valid delivery raw before answering 200; the relay gives it a job", async () => {
    const shop = await createInstalledShop();
    const body = { id: 1, previous: [], current: ["read_orders"] };
    const response = await deliver({ shop: shop.domain, topic: "app/scopes_update", body, webhookId: "wh-1", headers: { "x-shopify-event-id": "ev-1" } });

    expect(response.status).toBe(200);
    const [event] = await db.webhookEvent.findMany({ where: { shopDomain: shop.domain } });
    expect(event).toMatchObject({ topic: "app/scopes_update", webhookId: "wh-1", eventId: "ev-1", apiVersion: "2026-07", state: "RECEIVED", payload: body });
    expect(event.triggeredAt).toBeInstanceOf(Date);
    expect(event.queuedAt).toBeNull();
    expect(await relayWebhookDeliveries()).toBeGreaterThanOrEqual(1);
    expect(await jobsFor(event.id)).toBe(1);
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).queuedAt).toBeInstanceOf(Date);
    // Relaying again queues nothing twice.
    await relayWebhookDeliveries();
    expect(await jobsFor(event.id)).toBe(1);
  });

  it("treats re-deliveries (same webhook id, or same event id) as no-ops that still answer 200", async () => {
    const shop = await createInstalledShop();
    const body = { id: 1, current: ["read_orders"] };
    const headers = { "x-shopify-event-id": "same-event" };
    for (let i = 0; i < 3; i++) {
      expect((await deliver({ shop: shop.domain, topic: "app/scopes_update", body, webhookId: "same-webhook", headers })).status).toBe(200);
    }
    expect((await deliver({ shop: shop.domain, topic: "app/scopes_update", body, webhookId: "other-webhook", headers })).status).toBe(200);
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(1);
  });

  it.each([
    ["a bad HMAC", 401, { secret: "wrong-secret" }],
    ["missing Shopify headers", 400, { headers: { "x-shopify-hmac-sha256": null, "x-shopify-topic": null } }],
    ["a topic this app does not handle", 404, { topic: "products/create" }],
  ])("refuses %s with %i and stores nothing", async (_label, status, override) => {
    const shop = await createInstalledShop();
    const response = await deliver({ shop: shop.domain, topic: "app/scopes_update", body: { current: [] }, ...override });
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toMatch(/\w+/);
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });

  it("refuses a correctly signed body that is not JSON with 400", async () => {
    const shop = await createInstalledShop();
    const response = await deliver({ shop: shop.domain, topic: "app/scopes_update", body: "{garbage" });
    expect(response.status).toBe(400);
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });

  it("refuses a topic header that does not match the URL with 400", async () => {
    const shop = await createInstalledShop();
    const request = signedWebhook({ shop: shop.domain, topic: "app/scopes_update", body: "{}" });
    const response = await action({ request, params: { "*": "orders/create" }, context: {} });
    expect(response.status).toBe(400);
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });

  it("answers 405 with Allow: POST to other methods", async () => {
    const response = await loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  describe("while the database is down", () => {
    const realUrl = process.env.DATABASE_URL;
    afterEach(async () => {
      await disconnectDb();
      process.env.DATABASE_URL = realUrl;
    });

    it("does not acknowledge: 503, so Shopify retries", async () => {
      const shop = await createInstalledShop();
      await disconnectDb();
      process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/casefile";
      allowConsoleError(5);
      const response = await deliver({ shop: shop.domain, topic: "app/scopes_update", body: { current: [] } });
      expect(response.status).toBe(503);
      await disconnectDb();
      process.env.DATABASE_URL = realUrl;
      expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
    });
  });
});

describe("processing stored deliveries", () => {
  it("app/uninstalled: deletes sessions, marks the shop uninstalled, keeps its data, ignores its later events", async () => {
    const shop = await createInstalledShop();
    await db.customer.create({ data: { shopId: shop.shopId, email: "kept@example.com" } });

    expect((await deliverAndProcess({ shop: shop.domain, topic: "app/uninstalled", body: { id: 1, domain: shop.domain } })).status).toBe(200);

    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).toMatchObject({ state: "UNINSTALLED" });
    expect(await db.customer.count({ where: { shopId: shop.shopId } })).toBe(1);
    const uninstall = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, topic: "app/uninstalled" } });
    expect(uninstall).toMatchObject({ state: "PROCESSED", attempts: 1, outcome: "applied" });

    await deliverAndProcess({ shop: shop.domain, topic: "app/scopes_update", body: { current: ["read_orders"] } });
    const later = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, topic: "app/scopes_update" } });
    expect(later).toMatchObject({ state: "IGNORED", outcome: "shop has uninstalled the app" });
  });

  it("app/scopes_update: records the granted scopes on the shop and its sessions", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "app/scopes_update", body: { id: 1, previous: ["read_orders"], current: ["read_orders", "write_orders"] } });
    const sessions = await db.session.findMany({ where: { shop: shop.domain } });
    expect(sessions.map((s) => s.scope)).toEqual(["read_orders,write_orders", "read_orders,write_orders"]);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).scopes).toBe("read_orders,write_orders");
  });

  it("keeps a delivery whose handler fails with its error, to be retried", async () => {
    const shop = await createInstalledShop();
    await deliver({ shop: shop.domain, topic: "app/scopes_update", body: { unexpected: true } });
    allowConsoleError(1); // graphile-worker logs the failed attempt
    await runDueJobs();
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain } });
    expect(event).toMatchObject({ state: "RECEIVED", attempts: 1, outcome: "error" });
    expect(event.lastError).toMatch(/no `current` list of scopes/);

    // The last attempt leaves it FAILED: a sync problem the merchant sees and can retry.
    await expect(processWebhookEvent(event.id, { handlers: webhookHandlers, finalAttempt: true })).rejects.toThrow();
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ state: "FAILED", attempts: 2 });
  });

  it("processes each delivery once, however often its job runs", async () => {
    const shop = await createInstalledShop();
    await deliverAndProcess({ shop: shop.domain, topic: "app/scopes_update", body: { current: ["read_orders"] } });
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain } });
    await enqueueWebhookProcessing(event.id);
    await runDueJobs();
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ state: "PROCESSED", attempts: 1 });
  });
});
