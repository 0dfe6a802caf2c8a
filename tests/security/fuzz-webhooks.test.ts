import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { beforeAll, describe as suite, expect, it } from "vitest";
import db from "../../app/db.server";
import { processWebhookEvent } from "../../app/webhooks/process.server";
import { webhookHandlers } from "../../app/webhooks/registry.server";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";
import { createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { deliver } from "../helpers/webhooks";
import { webhookFastPath } from "../../scripts/lib/http-server";
import { ingestWebhook } from "../../app/webhooks/ingest.server";
import { signedWebhook } from "../helpers/shopify";
import { answerOf, describe, expectNot5xx, fuzzRuns, hostileJson, hostileString, mutate, mutation, nested } from "./fuzz-helpers";

// Issue 9: validly signed webhook deliveries with hostile JSON bodies. The intake answers 200 (stored) or 4xx,
// never 5xx (a 5xx makes Shopify retry a body that can never be stored, then drop the subscription); processing
// a stored hostile delivery never throws anything but a retryable failure, and never touches an order the
// payload does not name. Unsigned or forged deliveries → 401 and nothing stored.

const TOPICS: [topic: string, fixture: string][] = [
  ["orders/create", "orders-create"],
  ["orders/updated", "orders-updated"],
  ["orders/cancelled", "orders-cancelled"],
  ["fulfillments/create", "fulfillments-create"],
  ["fulfillments/update", "fulfillments-update"],
  ["fulfillment_events/create", "fulfillment_events-create"],
  ["refunds/create", "refunds-create"],
  ["returns/request", "returns-request"],
  ["returns/approve", "returns-approve"],
  ["returns/decline", "returns-decline"],
  ["returns/cancel", "returns-cancel"],
  ["returns/close", "returns-close"],
  ["returns/process", "returns-process"],
  ["returns/reopen", "returns-reopen"],
  ["customers/update", "customers-update"],
  ["order_transactions/create", "order_transactions-create"],
  ["disputes/create", "disputes-create"],
  ["disputes/update", "disputes-update"],
  ["subscription_contracts/create", "subscription_contracts-create"],
  ["subscription_contracts/update", "subscription_contracts-update"],
  ["subscription_billing_attempts/success", "subscription_billing_attempts-success"],
  ["subscription_billing_attempts/failure", "subscription_billing_attempts-failure"],
  ["customers/redact", "customers-redact"],
  ["customers/data_request", "customers-data_request"],
];

const fx = (name: string) => loadWebhookFixture<Record<string, unknown>>(name);

/** The guard order: seeded before the fuzzing, named by no payload, must come out of it byte for byte the same. */
const GUARD_ORDER_ID = 4_242_424_242_424_242n;
const GUARD_EMAIL = "guard-order@fuzz.invalid";

let shop: TestShop;
let guardOrderId: string;

async function guardSnapshot() {
  const order = await db.order.findUniqueOrThrow({
    where: { id: guardOrderId },
    include: { lineItems: true, fulfillments: true, refunds: true, returns: true },
  });
  return JSON.stringify(order, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
}

beforeAll(async () => {
  shop = await createInstalledShop();
  const order = await createTestOrder(shop.shopId, { shopifyId: GUARD_ORDER_ID, email: GUARD_EMAIL, name: "#424242", orderNumber: 424242 });
  guardOrderId = order.id;
  await createTestFulfillment(shop.shopId, order.id, { shopifyId: 4_242_424_242_424_243n });
});

/** A hostile payload for a topic: its real fixture with hostile mutations, or any hostile JSON at all. */
const hostilePayload = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...TOPICS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([[topic, name], ms]) => ({ topic, payload: mutate(loadWebhookFixture(name), ms) })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TOPICS), hostileJson).map(([[topic], payload]) => ({ topic, payload })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TOPICS), fc.dictionary(fc.constantFrom("id", "order_id", "admin_graphql_api_id", "order", "customer", "line_items", "orders_to_redact", "updated_at", "email"), hostileJson)).map(([[topic], payload]) => ({ topic, payload })) },
);

/** Errors a stored delivery may legitimately fail with (the job engine retries them); anything else is a bug. */
const RETRYABLE = /was fetched from the Admin API but still lacks/;

async function deliverAndProcessOne(topic: string, body: string, input: unknown): Promise<void> {
  const webhookId = randomUUID();
  const before = await db.webhookEvent.count({ where: { shopDomain: shop.domain } });
  const response = await answerOf(() => deliver({ shop: shop.domain, topic, body, webhookId }), input);
  await expectNot5xx(response, input);
  const event = await db.webhookEvent.findFirst({ where: { shopDomain: shop.domain, webhookId } });
  if (response.status >= 400) {
    expect(event, `a refused delivery was stored: ${describe(input)}`).toBeNull();
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(before);
    return;
  }
  expect(event, `answered ${response.status} but stored nothing: ${describe(input)}`).not.toBeNull();
  try {
    await processWebhookEvent(event!.id, { handlers: webhookHandlers, finalAttempt: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!RETRYABLE.test(message)) expect.fail(`processing ${topic} threw for ${describe(input)}: ${error instanceof Error ? error.stack : message}`);
  }
  const after = await db.webhookEvent.findUniqueOrThrow({ where: { id: event!.id } });
  expect(["PROCESSED", "STALE", "IGNORED", "FAILED"], `${topic} left ${after.state}: ${describe(input)}`).toContain(after.state);
  tally[after.state] = (tally[after.state] ?? 0) + 1;
}

/** How the stored deliveries ended: the fuzzer must reach both the mirror (PROCESSED) and the refusals (FAILED). */
const tally: Record<string, number> = {};

suite("fuzz: signed webhook deliveries with hostile JSON", () => {
  it("intake answers 2xx/4xx only and processing never throws unhandled, never touching the guard order", async () => {
    const guard = await guardSnapshot();
    // Regression examples found by this fuzzer (see the report of issue 9): NUL and lone surrogates in strings,
    // nesting deeper than jsonb allows.
    const examples: [{ topic: string; payload: unknown }][] = [
      [{ topic: "orders/create", payload: { ...fx("orders-create"), note: "a\u0000b" } }],
      [{ topic: "orders/updated", payload: { ...fx("orders-updated"), note: "\ud800" } }],
      [{ topic: "refunds/create", payload: { ...fx("refunds-create"), note: nested(3_000, "object") } }],
      [{ topic: "orders/create", payload: { ...fx("orders-create"), id: "99999999999999999999999" } }],
      [{ topic: "orders/create", payload: { ...fx("orders-create"), updated_at: "+275760-09-13T00:00:00.000Z" } }],
      [{ topic: "fulfillments/create", payload: { ...fx("fulfillments-create"), id: 2 ** 64 } }],
    ];
    await fc.assert(
      fc.asyncProperty(hostilePayload, async ({ topic, payload }) => {
        await deliverAndProcessOne(topic, JSON.stringify(payload) ?? "null", { topic, payload });
      }),
      fuzzRuns(1_500, examples),
    );
    expect(await guardSnapshot()).toBe(guard);
    expect(tally.PROCESSED).toBeGreaterThan(50);
    expect(tally.FAILED).toBeGreaterThan(50);
  }, 300_000); // 1,500 deliveries each processed: minutes on a loaded 2-core machine

  it("stores a delivery whose strings PostgreSQL's jsonb refuses (NUL, lone surrogates) with U+FFFD in their place", async () => {
    const webhookId = randomUUID();
    const body = `{"id":1,"note":"a\\u0000b","tags":"\\ud800x","emoji":"\u{1F600}","k\\u0000":"v"}`;
    const response = await deliver({ shop: shop.domain, topic: "customers/data_request", body, webhookId });
    expect(response.status).toBe(200);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, webhookId } });
    expect(event.payload).toEqual({ id: 1, note: "a\uFFFDb", tags: "\uFFFDx", emoji: "\u{1F600}", "k\uFFFD": "v" });
  });

  it("a correctly signed body that is not JSON, or JSON of the wrong kind, is refused with 4xx or stored, never 5xx", async () => {
    const body = fc.oneof(
      hostileString,
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom("{", "[", "{\"id\":", "\u0000", "", "nul", "1e99999", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "[".repeat(10_000), "{\"__proto__\":{\"x\":1}}"),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TOPICS.map(([t]) => t)), body, async (topic, raw) => {
        await deliverAndProcessOne(topic, raw, { topic, raw });
      }),
      fuzzRuns(500),
    );
  });

  it("unsigned, forged or tampered deliveries → 401 (or 400 without headers) and nothing stored", async () => {
    const before = await db.webhookEvent.count({ where: { shopDomain: shop.domain } });
    const forgery = fc.record({
      topic: fc.constantFrom(...TOPICS.map(([t]) => t)),
      body: fc.oneof(hostileString, hostileJson.map((v) => JSON.stringify(v) ?? "null")),
      how: fc.constantFrom("wrong-secret", "hostile-hmac", "no-hmac", "tampered-body"),
      hmac: hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 8_000),
    });
    await fc.assert(
      fc.asyncProperty(forgery, async ({ topic, body, how, hmac }) => {
        const headers: Record<string, string | null> =
          how === "hostile-hmac" ? { "x-shopify-hmac-sha256": hmac } : how === "no-hmac" ? { "x-shopify-hmac-sha256": null } : {};
        const response = await answerOf(async () => {
          if (how === "tampered-body") {
            const signed = await import("../helpers/shopify").then((m) => m.signedWebhook({ shop: shop.domain, topic, body }));
            const request = new Request(signed.url, { method: "POST", headers: signed.headers, body: `${body} ` });
            const { action } = await import("../../app/routes/webhooks.$");
            return action({ request, params: { "*": topic }, context: {} });
          }
          return deliver({ shop: shop.domain, topic, body, headers, ...(how === "wrong-secret" ? { secret: "not-the-secret" } : {}) });
        }, { topic, body, how, hmac });
        await expectNot5xx(response, { topic, body, how }, body === "" || how === "hostile-hmac" || how === "no-hmac" ? [400, 401] : [401]);
      }),
      fuzzRuns(1_000),
    );
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(before);
  });

  it("the production server's fast path (raw HTTP): hostile paths, Host headers and bodies → never 5xx", async () => {
    const server = http.createServer((req, res) =>
      webhookFastPath(ingestWebhook)(req, res, (error) => res.writeHead(500).end(`unhandled: ${error instanceof Error ? error.message : String(error)}`)),
    );
    server.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    try {
      const input = fc.record({
        topic: fc.constantFrom(...TOPICS.map(([t]) => t)),
        suffix: fc.oneof(fc.constant(""), fc.constantFrom("%2F", "/../../x", "?a=1&a=2", "%00", "%ZZ", "//", "#frag", "/" + "a".repeat(5_000))),
        host: fc.oneof(fc.constant(null), fc.constantFrom("", "casefile.test", "a b", "[::1", "x:99999", "%00", "ünï.test", "a".repeat(300))),
        payload: hostileJson,
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ topic, suffix, host, payload }) => {
          const body = JSON.stringify(payload) ?? "null";
          const signed = signedWebhook({ shop: shop.domain, topic, body });
          const headers: Record<string, string> = Object.fromEntries(signed.headers);
          if (host !== null) headers.host = host;
          const status = await new Promise<number>((resolve, reject) => {
            const req = http.request({ host: "127.0.0.1", port, method: "POST", path: `/webhooks/${topic}${suffix}`, headers, setHost: host === null }, (res) => {
              res.resume();
              res.on("end", () => resolve(res.statusCode ?? 0));
            });
            req.on("error", reject);
            req.end(body);
          });
          // 400 from Node's own HTTP parser (a Host it cannot accept) is an answer too.
          if (status >= 500) expect.fail(`fast path answered ${status} for ${describe({ topic, suffix, host, payload })}`);
        }),
        // Regression (issue 9 fuzzing): a Host header no URL can hold was a 500 before the signature was even read.
        fuzzRuns(200, [[{ topic: "orders/create", suffix: "", host: "a b", payload: {} }]]),
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
