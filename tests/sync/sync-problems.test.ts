import { afterAll, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { AppError } from "../../app/errors.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { action, loader } from "../../app/routes/app.sync";
import { countSyncProblems, listSyncProblems, markForRetry } from "../../app/sync/sync-problems.server";
import type { Prisma } from "../../app/generated/prisma/client";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

function storedDelivery(
  shop: Pick<TestShop, "domain">,
  overrides: Partial<Prisma.WebhookEventUncheckedCreateInput> = {}
) {
  return db.webhookEvent.create({
    data: {
      shopDomain: shop.domain,
      topic: "orders/updated",
      webhookId: crypto.randomUUID(),
      payload: { id: 1 },
      state: "FAILED",
      attempts: 8,
      lastError: "orders/updated payload has no line_items",
      ...overrides,
    },
  });
}

const jobsFor = (eventId: string) =>
  db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${
    "webhook:" + eventId
  }`.then((r) => Number(r[0].n));

function retryForm(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

describe("sync problems (service)", () => {
  it("lists only the shop's failed deliveries, newest first, across keyset pages", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const t0 = Date.parse("2026-11-20T10:00:00Z");
    const oldest = await storedDelivery(shop, { receivedAt: new Date(t0) });
    // Two received in the same millisecond: the id breaks the tie.
    const tieA = await storedDelivery(shop, { receivedAt: new Date(t0 + 1000), topic: "refunds/create" });
    const tieB = await storedDelivery(shop, { receivedAt: new Date(t0 + 1000), topic: "returns/request" });
    const newest = await storedDelivery(shop, { receivedAt: new Date(t0 + 2000), lastError: null });
    await storedDelivery(shop, { state: "PROCESSED", receivedAt: new Date(t0 + 3000) });
    await storedDelivery(shop, { state: "RECEIVED", receivedAt: new Date(t0 + 3000) });
    await storedDelivery(other, { receivedAt: new Date(t0 + 3000) });

    const first = await listSyncProblems(shop.domain, { limit: 2 });
    const [tieNewer, tieOlder] = [tieA, tieB].sort((a, b) => (a.id < b.id ? 1 : -1));
    expect(first.problems.map((p) => p.id)).toEqual([newest.id, tieNewer.id]);
    expect(first.problems[0]).toEqual({
      id: newest.id,
      topic: "orders/updated",
      receivedAt: newest.receivedAt,
      attempts: 8,
      lastError: null,
    });
    const second = await listSyncProblems(shop.domain, { limit: 2, cursor: first.nextCursor });
    expect(second.problems.map((p) => p.id)).toEqual([tieOlder.id, oldest.id]);
    expect(second.nextCursor).toBeNull();

    expect(await countSyncProblems(shop.domain)).toBe(4);
    expect(await countSyncProblems(other.domain)).toBe(1);
    await expect(listSyncProblems(shop.domain, { cursor: "forged" })).rejects.toMatchObject({
      code: "bad_request",
      status: 400,
    });
  });

  it("marks a failed delivery for retry: RECEIVED, attempts reset, enqueued once", async () => {
    const shop = await createInstalledShop();
    const event = await storedDelivery(shop);
    const enqueue = vi.fn(async (_eventId: string) => undefined);

    const retried = await markForRetry(shop.domain, event.id, enqueue);

    expect(retried).toMatchObject({ id: event.id, topic: "orders/updated", attempts: 0 });
    expect(enqueue).toHaveBeenCalledExactlyOnceWith(event.id);
    const stored = await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored).toMatchObject({ state: "RECEIVED", attempts: 0 });
    expect(stored.queuedAt).toBeInstanceOf(Date); // the relay will not queue it a second time
    // A second click finds it no longer failed and enqueues nothing.
    await expect(markForRetry(shop.domain, event.id, enqueue)).rejects.toMatchObject({ code: "conflict", status: 409 });
    expect(enqueue).toHaveBeenCalledOnce();
  });

  it("finds nothing for another shop's delivery and leaves it alone", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await storedDelivery(other);
    const enqueue = vi.fn(async (_eventId: string) => undefined);

    const attempt = markForRetry(shop.domain, theirs.id, enqueue);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "not_found" });
    expect(enqueue).not.toHaveBeenCalled();
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      state: "FAILED",
      attempts: 8,
    });
  });

  it("puts the delivery back as it was when enqueueing fails", async () => {
    const shop = await createInstalledShop();
    const queuedAt = new Date("2026-11-20T10:00:00Z");
    const event = await storedDelivery(shop, { attempts: 5, queuedAt });
    const enqueue = vi.fn(async () => {
      throw new Error("job queue unavailable");
    });

    await expect(markForRetry(shop.domain, event.id, enqueue)).rejects.toThrow("job queue unavailable");
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      state: "FAILED",
      attempts: 5,
      queuedAt,
    });
  });
});

describe("/app/sync (route)", () => {
  it("shows the shop's failed deliveries and their total", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const mine = await storedDelivery(shop);
    await storedDelivery(other);

    const response = await loader(args(await embeddedRequest("/app/sync", shop)));
    const body = await response.json();

    expect(body).toMatchObject({ total: 1, nextCursor: null, firstPage: true, timeZone: "UTC" });
    expect(body.problems).toEqual([
      {
        id: mine.id,
        topic: "orders/updated",
        receivedAt: mine.receivedAt.toISOString(),
        attempts: 8,
        lastError: "orders/updated payload has no line_items",
      },
    ]);
  });

  it("is empty for a shop without problems, and refuses a forged cursor with 400", async () => {
    const shop = await createInstalledShop();
    const body = await (await loader(args(await embeddedRequest("/app/sync", shop)))).json();
    expect(body).toMatchObject({ problems: [], total: 0, nextCursor: null });
    await expect(loader(args(await embeddedRequest("/app/sync?cursor=forged", shop)))).rejects.toSatisfy(
      (r: unknown) => r instanceof Response && r.status === 400
    );
  });

  it("retries a failed delivery: reset to RECEIVED and its processing job queued", async () => {
    const shop = await createInstalledShop();
    const event = await storedDelivery(shop);

    const response = await action(
      args(await embeddedRequest("/app/sync", shop, retryForm({ intent: "retry", eventId: event.id })))
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, retried: { id: event.id, topic: "orders/updated" } });
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      state: "RECEIVED",
      attempts: 0,
    });
    expect(await jobsFor(event.id)).toBe(1);
  });

  it("answers 404 for another shop's delivery and 400 for a form it cannot read", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await storedDelivery(other);

    const crossShop = await action(
      args(await embeddedRequest("/app/sync", shop, retryForm({ intent: "retry", eventId: theirs.id })))
    );
    expect(crossShop.status).toBe(404);
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ state: "FAILED" });
    expect(await jobsFor(theirs.id)).toBe(0);

    const unreadable: Record<string, string>[] = [
      { intent: "retry", eventId: "nope" },
      { intent: "delete", eventId: theirs.id },
      {},
    ];
    for (const fields of unreadable) {
      const response = await action(args(await embeddedRequest("/app/sync", shop, retryForm(fields))));
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/^The retry could not be read: /);
    }
  });
});
