import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { complianceWebhookHandlers } from "../../app/compliance/handlers.server";
import { markShopUninstalled } from "../../app/shops/shops.server";
import type { Prisma } from "../../app/generated/prisma/client";
import { UnprocessableDeliveryError, type WebhookContext } from "../../app/webhooks/types";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { handlerContext } from "../helpers/webhooks";

let seq = 0;
const unique = () => ++seq + Math.floor(Math.random() * 1_000_000) * 1000;

function shopRedactPayload(domain: string): Prisma.InputJsonObject {
  return JSON.parse(
    readFileSync(new URL("../fixtures/webhooks/shop-redact.json", import.meta.url), "utf8").replaceAll(
      "{shop}.myshopify.com",
      domain
    )
  );
}

async function contextFor(domain: string, payload: unknown, webhookId = crypto.randomUUID()): Promise<WebhookContext> {
  return handlerContext(domain, "shop/redact", {
    payload,
    webhookId,
    eventId: null,
    admin: () => Promise.reject(new Error("shop/redact does not call the Admin API")),
  });
}

const redact = (ctx: WebhookContext) => complianceWebhookHandlers["shop/redact"](ctx);

/** A row in every table a shop owns. */
async function seedEverything(shop: TestShop): Promise<void> {
  const { shopId } = shop;
  const customer = await db.customer.create({
    data: { shopId, shopifyId: BigInt(unique()), email: `c${unique()}@example.com` },
  });
  const order = await createTestOrder(shopId, { customerId: customer.id });
  const lineItem = await db.lineItem.create({
    data: { shopId, orderId: order.id, shopifyId: BigInt(unique()), title: "Mug", quantity: 1, price: "10.00" },
  });
  const fulfillment = await createTestFulfillment(shopId, order.id);
  await db.fulfillmentLineItem.create({
    data: { shopId, fulfillmentId: fulfillment.id, lineItemId: lineItem.id, quantity: 1 },
  });
  await db.fulfillmentEvent.create({
    data: {
      shopId,
      fulfillmentId: fulfillment.id,
      shopifyId: BigInt(unique()),
      status: "IN_TRANSIT",
      happenedAt: new Date(),
    },
  });
  const ret = await db.return.create({
    data: { shopId, orderId: order.id, shopifyId: BigInt(unique()), requestedAt: new Date() },
  });
  await db.returnLineItem.create({
    data: { shopId, returnId: ret.id, lineItemId: lineItem.id, quantity: 1, reason: "DEFECTIVE" },
  });
  const refund = await db.refund.create({
    data: {
      shopId,
      orderId: order.id,
      returnId: ret.id,
      shopifyId: BigInt(unique()),
      amount: "10.00",
      currencyCode: "USD",
      processedAt: new Date(),
      shopifyCreatedAt: new Date(),
    },
  });
  await db.refundLineItem.create({ data: { shopId, refundId: refund.id, lineItemId: lineItem.id, quantity: 1 } });
  const kase = await createTestCase(shopId, { customerId: customer.id });
  const merged = await createTestCase(shopId, { mergedIntoId: kase.id, assigneeId: shop.staffId });
  await db.caseOrder.create({ data: { shopId, caseId: kase.id, orderId: order.id } });
  const message = await db.message.create({
    data: {
      shopId,
      caseId: kase.id,
      direction: "INBOUND",
      channel: "EMAIL",
      authorType: "CUSTOMER",
      bodyText: "Hi",
      externalMessageId: `<${unique()}@x>`,
    },
  });
  await db.messageAttachment.create({
    data: {
      shopId,
      messageId: message.id,
      filename: "a.png",
      contentType: "image/png",
      size: 1,
      content: Buffer.from("x"),
    },
  });
  await db.caseEvent.create({
    data: { shopId, caseId: merged.id, orderId: order.id, staffId: shop.staffId, type: "merged" },
  });
  const article = await db.helpArticle.create({
    data: { shopId, slug: `returns-${unique()}`, title: "Returns", body: "How to return", published: true },
  });
  await db.returnPolicy.create({ data: { shopId } });
  await db.macro.create({ data: { shopId, name: `Thanks ${unique()}`, body: "Thank you", createdById: shop.staffId } });
  await db.tag.create({ data: { shopId, name: `vip-${unique()}` } });
  await db.savedView.create({ data: { shopId, staffId: shop.staffId, name: "Mine", filters: { assignee: "me" } } });
  await db.satisfactionRating.create({
    data: { shopId, caseId: kase.id, staffId: shop.staffId, customerId: customer.id, score: 4 },
  });
  await db.selfServiceEvent.create({
    data: { shopId, kind: "ARTICLE_VIEW", articleId: article.id, orderId: order.id, customerId: customer.id },
  });
  await db.complianceRequest.create({
    data: { shopId, kind: "CUSTOMER_DATA_REQUEST", export: {}, completedAt: new Date() },
  });
  await db.syncRun.create({ data: { shopId, kind: "BACKFILL", status: "COMPLETED", ordersApplied: 1 } });
  const feedback = await db.feedbackRequest.create({ data: { shopId, kind: "FEATURE_REQUEST", title: "Gift wrap", titleKey: "gift wrap" } });
  await db.feedbackMention.create({ data: { shopId, requestId: feedback.id, caseId: kase.id, messageId: message.id, customerId: customer.id } });
  // Insight rollups (written by the insights job; InsightDirtyDay is filled by the triggers above): one row each.
  const day = new Date("2026-11-01T00:00:00Z");
  await db.insightState.create({ data: { shopId, timezone: "UTC" } });
  await db.insightClaimedDay.create({ data: { shopId, day } });
  // (Its InsightCaseDayTotal row is written by the daily table's trigger.)
  await db.insightCaseDaily.create({ data: { shopId, day, channel: "EMAIL", topic: "OTHER", created: 1 } });
  await db.insightBacklogDaily.create({ data: { shopId, day, open: 1, pending: 0 } });
  await db.insightDurationMonthly.create({ data: { shopId, month: day, kind: "first_response", minutes: [5], counts: [1] } });
  await db.insightSelfServiceDaily.create({ data: { shopId, day, kind: "ORDER_LOOKUP", events: 1 } });
  await db.insightOrderDaily.create({ data: { shopId, day, orders: 1 } });
  await db.insightProductDaily.create({ data: { shopId, day, productKey: "1", title: "Tee", sold: 1 } });
  await db.insightReturnReasonDaily.create({ data: { shopId, day, reason: "DEFECTIVE", quantity: 1 } });
  await db.insightRevenueDaily.create({ data: { shopId, day } });
  await db.insightCohort.create({ data: { shopId, month: day } });
  await db.insightCustomerMonthly.create({ data: { shopId, month: day } });
  // Payments, subscriptions and NPS (issue 10).
  await db.orderTransaction.create({
    data: { shopId, orderId: order.id, shopifyId: BigInt(unique()), kind: "SALE", status: "SUCCESS", amount: "10.00", currencyCode: "USD", processedAt: new Date() },
  });
  const contract = await db.subscriptionContract.create({
    data: { shopId, shopifyId: BigInt(unique()), customerId: customer.id, status: "ACTIVE", shopifyCreatedAt: new Date(), shopifyUpdatedAt: new Date() },
  });
  await db.subscriptionBillingAttempt.create({
    data: { shopId, shopifyId: BigInt(unique()), contractId: contract.id, contractShopifyId: contract.shopifyId, status: "FAILURE", attemptedAt: new Date() },
  });
  await db.dispute.create({
    data: { shopId, shopifyId: BigInt(unique()), orderId: order.id, customerId: customer.id, kind: "CHARGEBACK", status: "NEEDS_RESPONSE", reason: "fraudulent", amount: "10.00", currencyCode: "USD", initiatedAt: new Date() },
  });
  await db.npsResponse.create({ data: { shopId, customerId: customer.id, period: "2026-11", score: 9, comment: "Great", respondedAt: new Date() } });
  await db.caseRead.create({ data: { shopId, caseId: kase.id, staffId: shop.staffId } });
  await db.casePresence.create({ data: { shopId, caseId: kase.id, staffId: shop.staffId, typing: true } });
  await db.orderAction.create({
    data: { shopId, caseId: kase.id, orderId: order.id, staffId: shop.staffId, kind: "REFUND", status: "SUCCEEDED", idempotencyKey: `key-${unique()}` },
  });
  // The storefront's rate-limit rows (written by rate-limiter-flexible; a trigger fills shopId from the key).
  await db.$executeRaw`INSERT INTO storefront_rate_limits (key, points, expire) VALUES (${`lookup-ip:${shopId}:203.0.113.7`}, 1, ${BigInt(Date.now() + 60_000)})`;
  await db.webhookEvent.createMany({
    data: [
      {
        shopDomain: shop.domain,
        topic: "orders/create",
        webhookId: crypto.randomUUID(),
        payload: { id: 1 },
        state: "PROCESSED",
      },
      {
        shopDomain: shop.domain,
        topic: "orders/updated",
        webhookId: crypto.randomUUID(),
        payload: { id: 1 },
        state: "FAILED",
        lastError: "boom",
      },
    ],
  });
}

/** Every table with a shopId column, found in the database itself so a table added later is checked too. */
async function shopTables(): Promise<string[]> {
  const rows = await db.$queryRaw<{ table: string }[]>`
    SELECT table_name AS table FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'shopId' ORDER BY table_name`;
  return rows.map((r) => r.table);
}

async function rowsPerTable(shop: TestShop): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of await shopTables()) {
    const [{ n }] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${table}" WHERE "shopId" = $1::uuid`,
      shop.shopId
    );
    result[table] = Number(n);
  }
  result.Shop = await db.shop.count({ where: { id: shop.shopId } });
  result.Session = await db.session.count({ where: { shop: shop.domain } });
  result.WebhookEvent = await db.webhookEvent.count({ where: { shopDomain: shop.domain } });
  return result;
}

describe("shop/redact", () => {
  it("deletes every row of the uninstalled shop and leaves another shop untouched", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    await seedEverything(shop);
    await seedEverything(other);
    await markShopUninstalled(shop.domain);
    // Sessions are deleted on uninstall; one left behind (e.g. a race with a late login) must go too.
    await db.session.create({ data: { id: `late_${shop.domain}`, shop: shop.domain, state: "x", accessToken: "t" } });
    const webhookId = crypto.randomUUID();
    await db.webhookEvent.create({
      data: {
        shopDomain: shop.domain,
        topic: "shop/redact",
        webhookId,
        payload: shopRedactPayload(shop.domain),
        state: "PROCESSING",
      },
    });

    const before = await rowsPerTable(shop);
    const otherBefore = await rowsPerTable(other);
    const tables = await shopTables();
    expect(tables.length).toBeGreaterThanOrEqual(24);
    expect(tables.filter((table) => before[table] === 0)).toEqual([]); // the seed really fills every table

    expect(await redact(await contextFor(shop.domain, shopRedactPayload(shop.domain), webhookId))).toBe("applied");

    const after = await rowsPerTable(shop);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsPerTable(other)).toEqual(otherBefore);
    expect(otherBefore.Session).toBe(2);
  });

  it("is idempotent once the shop is gone, still clearing what is left under its domain", async () => {
    const shop = await createInstalledShop();
    await markShopUninstalled(shop.domain);
    expect(await redact(await contextFor(shop.domain, shopRedactPayload(shop.domain)))).toBe("applied");
    expect(await db.shop.count({ where: { domain: shop.domain } })).toBe(0);

    // Shopify repeats the request; its delivery is stored under the domain again.
    const webhookId = crypto.randomUUID();
    await db.webhookEvent.create({
      data: {
        shopDomain: shop.domain,
        topic: "shop/redact",
        webhookId,
        payload: shopRedactPayload(shop.domain),
        state: "PROCESSING",
      },
    });
    const ctx = await contextFor(shop.domain, shopRedactPayload(shop.domain), webhookId);
    expect(ctx.shop.id).toBe("");
    expect(await redact(ctx)).toBe("applied");
    expect(await db.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
    expect(await redact(ctx)).toBe("ignored");
  });

  it("keeps the data of a shop that installed the app again before the request arrived", async () => {
    const shop = await createInstalledShop();
    await seedEverything(shop);
    const before = await rowsPerTable(shop);

    expect(await redact(await contextFor(shop.domain, shopRedactPayload(shop.domain)))).toBe("ignored");
    expect(await rowsPerTable(shop)).toEqual(before);
  });

  it("refuses a payload without a shop domain, or naming another shop", async () => {
    const shop = await createInstalledShop();
    await markShopUninstalled(shop.domain);
    await expect(redact(await contextFor(shop.domain, { shop_id: 954889 }))).rejects.toThrow(
      "shop/redact payload is not usable: shop_domain:"
    );
    await expect(
      redact(await contextFor(shop.domain, shopRedactPayload("someone-else.myshopify.com")))
    ).rejects.toThrow(`shop/redact payload names shop someone-else.myshopify.com but was delivered for ${shop.domain}`);
    await expect(redact(await contextFor(shop.domain, {}))).rejects.toBeInstanceOf(UnprocessableDeliveryError);
    expect(await db.shop.count({ where: { id: shop.shopId } })).toBe(1);
  });
});
