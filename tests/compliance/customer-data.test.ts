import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loadOrderPayments } from "../../app/cases/order-payments.server";
import { complianceWebhookHandlers } from "../../app/compliance/handlers.server";
import { buildEvidencePack } from "../../app/insights/evidence-pack.server";
import { REDACTED_BODY } from "../../app/compliance/redact-customer.server";
import type { Prisma } from "../../app/generated/prisma/client";
import { UnprocessableDeliveryError, type WebhookContext } from "../../app/webhooks/types";
import { createTestCase, createTestFulfillment, createTestOrder } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { handlerContext } from "../helpers/webhooks";

// customers/data_request and customers/redact, called directly with the context the job engine builds.

let seq = 0;
const unique = () => ++seq + Math.floor(Math.random() * 1_000_000) * 1000;

function fixture(name: string, shopDomain: string, overrides: Record<string, unknown> = {}): Prisma.InputJsonObject {
  const raw = readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), "utf8");
  return { ...JSON.parse(raw.replaceAll("{shop}.myshopify.com", shopDomain)), ...overrides };
}

async function contextFor(
  domain: string,
  topic: string,
  payload: unknown,
  webhookId = crypto.randomUUID()
): Promise<WebhookContext> {
  return handlerContext(domain, topic, {
    payload,
    triggeredAt: "2026-11-20T10:00:00Z",
    webhookId,
    eventId: null,
    admin: () => Promise.reject(new Error("compliance handlers do not call the Admin API")),
  });
}

const run = async (topic: string, ctx: WebhookContext) => complianceWebhookHandlers[topic](ctx);

/** The person the requests are about. The underscore matters: in ILIKE it would match any character. */
const WILMA = {
  email: "w_thistle@example.com",
  firstName: "Wilhelmina",
  lastName: "Thistlewood",
  phone: "+15550001234",
  guestEmail: "guest.thistle@example.net",
  street: "7 Nettlebed Lane",
  tracking: "1ZTHISTLE0000001",
};
/** Strings that identify her, searched for in every column afterwards. */
const NEEDLES = [
  WILMA.email,
  WILMA.firstName,
  WILMA.lastName,
  WILMA.phone,
  WILMA.guestEmail,
  WILMA.street,
  WILMA.tracking,
];

interface Seeded {
  customerShopifyId: number;
  guestOrderShopifyId: number;
  caseIds: string[];
  orderIds: string[];
}

/** Wilhelmina's footprint in a shop: customer, orders (one as a guest), cases, messages, timeline, rating, self-service. */
async function seedWilma(shop: TestShop): Promise<Seeded> {
  const customerShopifyId = unique();
  const customer = await db.customer.create({
    data: {
      shopId: shop.shopId,
      shopifyId: BigInt(customerShopifyId),
      email: WILMA.email,
      firstName: WILMA.firstName,
      lastName: WILMA.lastName,
      phone: WILMA.phone,
      tags: ["vip", "Thistlewood family"],
      ordersCount: 2,
      totalSpent: "98.00",
    },
  });
  const address = {
    name: `${WILMA.firstName} ${WILMA.lastName}`,
    address1: WILMA.street,
    city: "Bramblefield",
    zip: "BF1 2AB",
    phone: WILMA.phone,
  };
  const order = await createTestOrder(shop.shopId, {
    customerId: customer.id,
    email: WILMA.email,
    phone: WILMA.phone,
    shippingAddress: address,
    billingAddress: address,
    note: `Gift wrap for ${WILMA.firstName}`,
    statusPageUrl: "https://example.myshopify.com/123/orders/abc/authenticate?key=secret",
    totalPrice: "49.00",
  });
  const guestOrderShopifyId = unique();
  const guestOrder = await createTestOrder(shop.shopId, {
    shopifyId: BigInt(guestOrderShopifyId),
    email: WILMA.guestEmail,
    shippingAddress: address,
  });
  const lineItem = await db.lineItem.create({
    data: {
      shopId: shop.shopId,
      orderId: order.id,
      shopifyId: BigInt(unique()),
      title: "Wool scarf",
      quantity: 1,
      price: "49.00",
    },
  });
  const fulfillment = await createTestFulfillment(shop.shopId, order.id, {
    trackingNumber: WILMA.tracking,
    trackingNumbers: [WILMA.tracking],
    trackingUrl: `https://ups.example/track/${WILMA.tracking}`,
  });
  await db.fulfillmentLineItem.create({
    data: { shopId: shop.shopId, fulfillmentId: fulfillment.id, lineItemId: lineItem.id, quantity: 1 },
  });
  await db.fulfillmentEvent.create({
    data: {
      shopId: shop.shopId,
      fulfillmentId: fulfillment.id,
      shopifyId: BigInt(unique()),
      status: "DELIVERED",
      message: `Left at ${WILMA.street}`,
      city: "Bramblefield",
      happenedAt: new Date(),
    },
  });
  const ret = await db.return.create({
    data: {
      shopId: shop.shopId,
      orderId: order.id,
      shopifyId: BigInt(unique()),
      status: "CLOSED",
      requestedAt: new Date(),
      reverseTrackingNumber: `${WILMA.tracking}R`,
      declineNote: `Spoke to ${WILMA.firstName}`,
    },
  });
  await db.returnLineItem.create({
    data: {
      shopId: shop.shopId,
      returnId: ret.id,
      lineItemId: lineItem.id,
      quantity: 1,
      reason: "SIZE_TOO_SMALL",
      customerNote: `${WILMA.firstName} says it is too small`,
    },
  });
  const refund = await db.refund.create({
    data: {
      shopId: shop.shopId,
      orderId: order.id,
      returnId: ret.id,
      shopifyId: BigInt(unique()),
      amount: "49.00",
      currencyCode: "USD",
      note: `Refund for ${WILMA.lastName}`,
      processedAt: new Date(),
      shopifyCreatedAt: new Date(),
    },
  });
  await db.refundLineItem.create({
    data: { shopId: shop.shopId, refundId: refund.id, lineItemId: lineItem.id, quantity: 1, subtotal: "49.00" },
  });

  const kase = await createTestCase(shop.shopId, {
    customerId: customer.id,
    customerEmail: WILMA.email,
    customerName: `${WILMA.firstName} ${WILMA.lastName}`,
    subject: `${WILMA.firstName} ${WILMA.lastName}: scarf too small`,
    status: "RESOLVED",
    topic: "RETURN",
  });
  // A guest case, opened from the same address typed in capitals.
  const guestCase = await createTestCase(shop.shopId, {
    customerEmail: WILMA.email.toUpperCase(),
    customerName: WILMA.firstName,
    subject: "Where is my order?",
  });
  await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: kase.id, orderId: order.id } });
  const inbound = await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: kase.id,
      direction: "INBOUND",
      channel: "EMAIL",
      authorType: "CUSTOMER",
      authorName: `${WILMA.firstName} ${WILMA.lastName}`,
      authorEmail: WILMA.email,
      subject: "Scarf",
      bodyText: `Hello, please collect it from ${WILMA.street}. Call ${WILMA.phone}.`,
      bodyHtml: `<p>Hello, please collect it from ${WILMA.street}.</p>`,
      externalMessageId: `<${unique()}@mail.example>`,
    },
  });
  await db.messageAttachment.create({
    data: {
      shopId: shop.shopId,
      messageId: inbound.id,
      filename: "thistlewood-receipt.pdf",
      contentType: "application/pdf",
      size: 4,
      content: Buffer.from("%PDF"),
    },
  });
  await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: kase.id,
      direction: "OUTBOUND",
      channel: "EMAIL",
      authorType: "STAFF",
      authorStaffId: shop.staffId,
      authorName: "Ada Agent",
      toEmails: [WILMA.email],
      ccEmails: [WILMA.guestEmail],
      bodyText: `Dear ${WILMA.firstName}, your return label is attached.`,
      deliveryStatus: "FAILED",
      deliveryError: `550 ${WILMA.email}: mailbox full`,
    },
  });
  await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: guestCase.id,
      direction: "INBOUND",
      channel: "STOREFRONT",
      authorType: "CUSTOMER",
      authorEmail: WILMA.email,
      bodyText: "Order status?",
    },
  });
  await db.caseEvent.create({
    data: {
      shopId: shop.shopId,
      caseId: kase.id,
      orderId: order.id,
      type: "order_shipped",
      data: { trackingNumber: WILMA.tracking, address },
      dedupeKey: `shipped:${unique()}`,
    },
  });
  await db.satisfactionRating.create({
    data: {
      shopId: shop.shopId,
      caseId: kase.id,
      customerId: customer.id,
      score: 5,
      comment: `Thanks from ${WILMA.firstName}`,
      respondedAt: new Date(),
    },
  });
  await db.selfServiceEvent.create({
    data: { shopId: shop.shopId, kind: "ORDER_LOOKUP", customerId: customer.id, orderId: order.id, query: WILMA.email },
  });
  return {
    customerShopifyId,
    guestOrderShopifyId,
    caseIds: [kase.id, guestCase.id],
    orderIds: [order.id, guestOrder.id],
  };
}

/** Someone else in the same shop, whose email differs from hers only where ILIKE would see a wildcard. */
const DECOY = { email: "wxthistle@example.com", name: "Ottoline Decoy" };

async function seedDecoy(shop: TestShop) {
  const customer = await db.customer.create({
    data: {
      shopId: shop.shopId,
      shopifyId: BigInt(unique()),
      email: DECOY.email,
      firstName: "Ottoline",
      lastName: "Decoy",
    },
  });
  await createTestOrder(shop.shopId, { customerId: customer.id, email: DECOY.email });
  const kase = await createTestCase(shop.shopId, {
    customerId: customer.id,
    customerEmail: DECOY.email,
    customerName: DECOY.name,
    subject: "Ottoline's parcel",
  });
  await db.message.create({
    data: {
      shopId: shop.shopId,
      caseId: kase.id,
      direction: "INBOUND",
      channel: "EMAIL",
      authorType: "CUSTOMER",
      authorEmail: DECOY.email,
      bodyText: "Ottoline here, where is my parcel?",
    },
  });
  return { customer, kase };
}

async function counts(shopId: string) {
  const [customers, orders, cases, messages, caseEvents, ratings, selfService, fulfillments, returns, refunds] =
    await Promise.all([
      db.customer.count({ where: { shopId } }),
      db.order.count({ where: { shopId } }),
      db.case.count({ where: { shopId } }),
      db.message.count({ where: { shopId } }),
      db.caseEvent.count({ where: { shopId } }),
      db.satisfactionRating.count({ where: { shopId } }),
      db.selfServiceEvent.count({ where: { shopId } }),
      db.fulfillment.count({ where: { shopId } }),
      db.return.count({ where: { shopId } }),
      db.refund.count({ where: { shopId } }),
    ]);
  return { customers, orders, cases, messages, caseEvents, ratings, selfService, fulfillments, returns, refunds };
}

interface TextColumn {
  schema: string;
  table: string;
  column: string;
  scope: "shopId" | "shopDomain" | "shop" | "id" | null;
}

/** Every text, varchar, array and JSON column of every table of ours (and graphile-worker's), with how its rows name their shop. */
async function textColumns(): Promise<TextColumn[]> {
  const rows = await db.$queryRaw<{ schema: string; table: string; column: string; scope: string | null }[]>`
    SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column,
      (SELECT s.column_name FROM information_schema.columns s
        WHERE s.table_schema = c.table_schema AND s.table_name = c.table_name
          AND (s.column_name IN ('shopId', 'shopDomain') OR (c.table_name = 'Session' AND s.column_name = 'shop'))
        LIMIT 1) AS scope
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
      AND c.table_name <> '_prisma_migrations'
      AND (c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED') )`;
  return rows.map((r) => ({ ...r, scope: (r.table === "Shop" ? "id" : r.scope) as TextColumn["scope"] }));
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Where any needle still appears in the shop's rows (and in tables that belong to no shop). */
async function findNeedles(shop: TestShop, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const columns = await textColumns();
  expect(columns.length).toBeGreaterThan(40); // the scan really covers the schema
  for (const col of columns) {
    const scope =
      col.scope === "shopId"
        ? `"shopId" = '${shop.shopId}'::uuid`
        : col.scope === "id"
        ? `id = '${shop.shopId}'::uuid`
        : col.scope === "shopDomain"
        ? `"shopDomain" = '${shop.domain}'`
        : col.scope === "shop"
        ? `shop = '${shop.domain}'`
        : "true";
    for (const needle of needles) {
      const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM ${quote(col.schema)}.${quote(col.table)} WHERE ${scope} AND strpos(lower(${quote(
          col.column
        )}::text), lower($1)) > 0`,
        needle
      );
      if (Number(rows[0].n) > 0) found.push(`${col.table}.${col.column} contains "${needle}"`);
    }
  }
  return found;
}

describe("customers/data_request", () => {
  it("stores an export of everything held about the customer, and nothing of anyone else", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const seeded = await seedWilma(shop);
    await seedDecoy(shop);
    await seedWilma(other); // the same person in another shop stays out of this shop's export
    const otherCase = await createTestCase(shop.shopId, { customerEmail: "someone@example.org", subject: "Unrelated" });

    const payload = fixture("customers-data_request", shop.domain, {
      customer: { id: seeded.customerShopifyId, email: WILMA.email, phone: WILMA.phone },
      orders_requested: [seeded.guestOrderShopifyId],
    });
    expect(await run("customers/data_request", await contextFor(shop.domain, "customers/data_request", payload))).toBe(
      "applied"
    );

    const [request] = await db.complianceRequest.findMany({ where: { shopId: shop.shopId } });
    expect(request).toMatchObject({
      kind: "CUSTOMER_DATA_REQUEST",
      shopifyCustomerId: BigInt(seeded.customerShopifyId),
      customerEmail: WILMA.email,
    });
    expect(request.ordersRequested).toEqual([BigInt(seeded.guestOrderShopifyId)]);
    expect(request.completedAt).toBeInstanceOf(Date);
    expect(request.requestedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");

    const data = request.export as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(data.summary).toEqual({
      customers: 1,
      cases: 2,
      messages: 3,
      satisfactionRatings: 1,
      selfServiceEvents: 1,
      orders: 2,
      npsResponses: 0,
      subscriptionContracts: 0,
      disputes: 0,
    });
    expect(data.request).toMatchObject({
      shopifyDataRequestId: "9999",
      shopifyCustomerId: String(seeded.customerShopifyId),
      email: WILMA.email,
    });
    expect(data.customers[0]).toMatchObject({
      email: WILMA.email,
      firstName: WILMA.firstName,
      lastName: WILMA.lastName,
      phone: WILMA.phone,
      totalSpent: "98",
    });

    const [resolved, guest] = data.cases;
    expect(resolved).toMatchObject({
      subject: `${WILMA.firstName} ${WILMA.lastName}: scarf too small`,
      topic: "RETURN",
      status: "RESOLVED",
      orders: [expect.stringMatching(/^#/)],
    });
    expect(resolved.messages).toHaveLength(2);
    expect(resolved.messages[0]).toMatchObject({
      direction: "INBOUND",
      authorEmail: WILMA.email,
      bodyText: expect.stringContaining(WILMA.street),
    });
    expect(resolved.messages[0].attachments).toEqual([
      { filename: "thistlewood-receipt.pdf", contentType: "application/pdf", size: 4, createdAt: expect.any(String) },
    ]);
    expect(resolved.events).toEqual([
      expect.objectContaining({
        type: "order_shipped",
        data: expect.objectContaining({ trackingNumber: WILMA.tracking }),
      }),
    ]);
    expect(guest.messages).toEqual([expect.objectContaining({ bodyText: "Order status?" })]);
    expect(data.satisfactionRatings).toEqual([
      expect.objectContaining({ score: 5, comment: `Thanks from ${WILMA.firstName}`, caseNumber: resolved.number }),
    ]);
    expect(data.selfServiceEvents).toEqual([expect.objectContaining({ kind: "ORDER_LOOKUP", query: WILMA.email })]);

    const orders = data.orders as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(orders.map((o) => o.email).sort()).toEqual([WILMA.guestEmail, WILMA.email].sort());
    const full = orders.find((o) => o.email === WILMA.email);
    expect(full.shippingAddress).toMatchObject({ address1: WILMA.street });
    expect(full.lineItems).toEqual([expect.objectContaining({ title: "Wool scarf", quantity: 1, price: "49" })]);
    expect(full.fulfillments[0]).toMatchObject({
      trackingNumber: WILMA.tracking,
      lines: [{ quantity: 1, lineItem: { title: "Wool scarf" } }],
    });
    expect(full.fulfillments[0].events).toEqual([
      expect.objectContaining({ status: "DELIVERED", city: "Bramblefield" }),
    ]);
    expect(full.refunds[0]).toMatchObject({ amount: "49", note: `Refund for ${WILMA.lastName}` });
    expect(full.returns[0].lines).toEqual([
      expect.objectContaining({ reason: "SIZE_TOO_SMALL", customerNote: expect.stringContaining(WILMA.firstName) }),
    ]);

    // Nothing of the decoy, the unrelated case, or the other shop; no file contents.
    const text = JSON.stringify(data);
    for (const foreign of [DECOY.email, "Ottoline", "someone@example.org", otherCase.subject, other.domain, "%PDF"]) {
      expect(text).not.toContain(foreign);
    }
  });

  it("records the request even when nothing is held about the customer, and once per Shopify request", async () => {
    const shop = await createInstalledShop();
    const payload = fixture("customers-data_request", shop.domain);

    for (let i = 0; i < 2; i++) {
      expect(
        await run("customers/data_request", await contextFor(shop.domain, "customers/data_request", payload))
      ).toBe("applied");
    }

    const requests = await db.complianceRequest.findMany({ where: { shopId: shop.shopId } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      kind: "CUSTOMER_DATA_REQUEST",
      customerEmail: "john@example.com",
      shopifyCustomerId: 191167n,
    });
    expect((requests[0].export as { summary: unknown }).summary).toEqual({
      customers: 0,
      cases: 0,
      messages: 0,
      satisfactionRatings: 0,
      selfServiceEvents: 0,
      orders: 0,
      npsResponses: 0,
      subscriptionContracts: 0,
      disputes: 0,
    });
  });

  it("refuses a payload that does not say whose data, or names another shop", async () => {
    const shop = await createInstalledShop();
    const anonymous = fixture("customers-data_request", shop.domain, { customer: { phone: "555-625-1199" } });
    await expect(
      run("customers/data_request", await contextFor(shop.domain, "customers/data_request", anonymous))
    ).rejects.toThrow(
      "customers/data_request payload is not usable: customer: needs an id or an email to say whose data is meant"
    );
    const noCustomer = fixture("customers-data_request", shop.domain, { customer: undefined });
    await expect(
      run("customers/data_request", await contextFor(shop.domain, "customers/data_request", noCustomer))
    ).rejects.toThrow(/customer/);
    const elsewhere = fixture("customers-data_request", "another-shop.myshopify.com");
    await expect(
      run("customers/data_request", await contextFor(shop.domain, "customers/data_request", elsewhere))
    ).rejects.toThrow(`names shop another-shop.myshopify.com but was delivered for ${shop.domain}`);
    expect(await db.complianceRequest.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("ignores a request for a shop that is not stored", async () => {
    const domain = `never-installed-${unique()}.myshopify.com`;
    const payload = fixture("customers-data_request", domain);
    expect(await run("customers/data_request", await contextFor(domain, "customers/data_request", payload))).toBe(
      "ignored"
    );
  });
});

describe("customers/redact", () => {
  it("erases every trace of the customer's personal data while keeping the rows that metrics count", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const seeded = await seedWilma(shop);
    const decoy = await seedDecoy(shop);
    await seedWilma(other);
    // An earlier data request (its export holds her data), a finished order delivery that names her, and this delivery.
    const dataRequestPayload = fixture("customers-data_request", shop.domain, {
      customer: { id: seeded.customerShopifyId, email: WILMA.email },
    });
    await run("customers/data_request", await contextFor(shop.domain, "customers/data_request", dataRequestPayload));
    await db.webhookEvent.create({
      data: {
        shopDomain: shop.domain,
        topic: "orders/create",
        webhookId: crypto.randomUUID(),
        state: "PROCESSED",
        payload: { id: 1, email: WILMA.email, customer: { first_name: WILMA.firstName } },
      },
    });
    const decoyDelivery = await db.webhookEvent.create({
      data: {
        shopDomain: shop.domain,
        topic: "orders/create",
        webhookId: crypto.randomUUID(),
        state: "PROCESSED",
        payload: { id: 2, email: DECOY.email },
      },
    });
    const payload = fixture("customers-redact", shop.domain, {
      customer: { id: seeded.customerShopifyId, email: WILMA.email, phone: WILMA.phone },
      orders_to_redact: [seeded.guestOrderShopifyId],
    });
    const webhookId = crypto.randomUUID();
    await db.webhookEvent.create({
      data: { shopDomain: shop.domain, topic: "customers/redact", webhookId, state: "PROCESSING", payload },
    });

    expect((await findNeedles(shop, NEEDLES)).length).toBeGreaterThan(20); // the scan does see her before
    const before = await counts(shop.shopId);
    const otherBefore = await counts(other.shopId);

    expect(await run("customers/redact", await contextFor(shop.domain, "customers/redact", payload, webhookId))).toBe(
      "applied"
    );

    expect(await findNeedles(shop, NEEDLES)).toEqual([]);
    expect(await counts(shop.shopId)).toEqual(before);
    expect(await counts(other.shopId)).toEqual(otherBefore);

    // What stays: statuses, topics, amounts, times; what the rows now say.
    const customer = await db.customer.findFirstOrThrow({
      where: { shopId: shop.shopId, shopifyId: BigInt(seeded.customerShopifyId) },
    });
    expect(customer).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      tags: [],
      ordersCount: 2,
    });
    expect(customer.redactedAt).toBeInstanceOf(Date);
    const cases = await db.case.findMany({ where: { id: { in: seeded.caseIds } }, orderBy: { number: "asc" } });
    expect(cases.map((c) => c.subject)).toEqual(cases.map((c) => `Redacted case #${c.number}`));
    expect(cases[0]).toMatchObject({ status: "RESOLVED", topic: "RETURN", customerEmail: null, customerName: null });
    const messages = await db.message.findMany({ where: { caseId: { in: seeded.caseIds } } });
    expect(messages).toHaveLength(3);
    for (const m of messages)
      expect(m).toMatchObject({
        bodyText: REDACTED_BODY,
        bodyHtml: null,
        authorEmail: null,
        authorName: null,
        toEmails: [],
        ccEmails: [],
      });
    expect(messages.find((m) => m.direction === "OUTBOUND")?.deliveryStatus).toBe("FAILED");
    expect(await db.messageAttachment.count({ where: { shopId: shop.shopId } })).toBe(0);
    const orders = await db.order.findMany({ where: { id: { in: seeded.orderIds } } });
    for (const o of orders) {
      expect(o).toMatchObject({ email: null, phone: null, shippingAddress: null, billingAddress: null, note: null });
      expect(o.redactedAt).toBeInstanceOf(Date);
    }
    expect(orders.map((o) => o.totalPrice.toString()).sort()).toEqual(["49", "49"]);
    expect(await db.caseEvent.findFirstOrThrow({ where: { caseId: seeded.caseIds[0] } })).toMatchObject({
      type: "order_shipped",
      data: {},
    });
    expect(await db.satisfactionRating.findFirstOrThrow({ where: { caseId: seeded.caseIds[0] } })).toMatchObject({
      score: 5,
      comment: null,
    });

    // The record: ids only. The data request's export is gone with the rest.
    const requests = await db.complianceRequest.findMany({
      where: { shopId: shop.shopId },
      orderBy: { requestedAt: "asc" },
    });
    expect(requests.map((r) => [r.kind, r.customerEmail, r.export])).toEqual([
      ["CUSTOMER_DATA_REQUEST", null, null],
      ["CUSTOMER_REDACT", null, null],
    ]);
    expect(requests[1]).toMatchObject({
      shopifyCustomerId: BigInt(seeded.customerShopifyId),
      ordersRequested: [BigInt(seeded.guestOrderShopifyId)],
    });
    expect(requests[1].completedAt).toBeInstanceOf(Date);
    const thisDelivery = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop.domain, webhookId } });
    expect(thisDelivery.payload).toMatchObject({ customer: { id: String(seeded.customerShopifyId) }, redacted: true });

    // Everyone else is untouched: the decoy whose address differs only by a wildcard character, and the other shop.
    expect(await db.customer.findUniqueOrThrow({ where: { id: decoy.customer.id } })).toMatchObject({
      email: DECOY.email,
      firstName: "Ottoline",
      redactedAt: null,
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: decoy.kase.id } })).toMatchObject({
      customerEmail: DECOY.email,
      subject: "Ottoline's parcel",
    });
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: decoyDelivery.id } })).payload).toEqual({
      id: 2,
      email: DECOY.email,
    });
    expect((await findNeedles(other, NEEDLES)).length).toBeGreaterThan(20);
  });

  it("is idempotent: a repeated request changes nothing more and is recorded once", async () => {
    const shop = await createInstalledShop();
    const seeded = await seedWilma(shop);
    const orders = [seeded.guestOrderShopifyId];
    const payload = fixture("customers-redact", shop.domain, {
      customer: { id: seeded.customerShopifyId, email: WILMA.email },
      orders_to_redact: orders,
    });

    expect(await run("customers/redact", await contextFor(shop.domain, "customers/redact", payload))).toBe("applied");
    const first = await db.customer.findFirstOrThrow({
      where: { shopId: shop.shopId, shopifyId: BigInt(seeded.customerShopifyId) },
    });
    const firstOrders = await db.order.findMany({ where: { id: { in: seeded.orderIds } }, orderBy: { id: "asc" } });
    // Again, as the job engine would after a retry, with the payload as the first run left it (ids only).
    const minimal = {
      shop_domain: shop.domain,
      customer: { id: String(seeded.customerShopifyId) },
      orders_to_redact: orders.map(String),
      redacted: true,
    };
    expect(await run("customers/redact", await contextFor(shop.domain, "customers/redact", minimal))).toBe("applied");
    expect(await run("customers/redact", await contextFor(shop.domain, "customers/redact", payload))).toBe("applied");

    const again = await db.customer.findFirstOrThrow({
      where: { shopId: shop.shopId, shopifyId: BigInt(seeded.customerShopifyId) },
    });
    expect(again.redactedAt).toEqual(first.redactedAt);
    expect(
      (await db.order.findMany({ where: { id: { in: seeded.orderIds } }, orderBy: { id: "asc" } })).map(
        (o) => o.redactedAt
      )
    ).toEqual(firstOrders.map((o) => o.redactedAt));
    expect(await db.complianceRequest.count({ where: { shopId: shop.shopId, kind: "CUSTOMER_REDACT" } })).toBe(1);
    expect(await findNeedles(shop, [WILMA.email, WILMA.firstName, WILMA.street])).toEqual([]);
  });

  it("erases her card details, gateway messages and subscription plans, and never shows a redacted order's card", async () => {
    const shop = await createInstalledShop();
    const seeded = await seedWilma(shop);
    const customer = await db.customer.findFirstOrThrow({
      where: { shopId: shop.shopId, shopifyId: BigInt(seeded.customerShopifyId) },
    });
    const orderId = seeded.orderIds[0];
    const card = { cardBrand: "Visa", lastFour: "4242", message: "Declined for Wilhelmina Thistlewood" };
    const transaction = await db.orderTransaction.create({
      data: {
        shopId: shop.shopId,
        orderId,
        shopifyId: BigInt(unique()),
        kind: "SALE",
        status: "FAILURE",
        amount: "25.00",
        currencyCode: "EUR",
        errorCode: "card_declined",
        processedAt: new Date("2026-11-01T10:00:00Z"),
        ...card,
      },
    });
    const contractShopifyId = BigInt(unique());
    // One contract linked to her row, one known only by her Shopify customer id.
    const contracts = await Promise.all(
      [
        { customerId: customer.id, shopifyId: contractShopifyId },
        { customerId: null, customerShopifyId: BigInt(seeded.customerShopifyId), shopifyId: BigInt(unique()) },
      ].map((c) =>
        db.subscriptionContract.create({
          data: {
            shopId: shop.shopId,
            status: "ACTIVE",
            planName: "Thistle tea × 2",
            shopifyCreatedAt: new Date("2026-10-01T00:00:00Z"),
            shopifyUpdatedAt: new Date("2026-10-01T00:00:00Z"),
            ...c,
          },
        })
      )
    );
    const attempt = await db.subscriptionBillingAttempt.create({
      data: {
        shopId: shop.shopId,
        shopifyId: BigInt(unique()),
        contractId: contracts[0].id,
        contractShopifyId,
        status: "FAILURE",
        errorCode: "card_declined",
        errorMessage: "Card of W. Thistlewood declined",
        attemptedAt: new Date("2026-11-02T00:00:00Z"),
      },
    });
    const decoy = await seedDecoy(shop);
    const decoyContract = await db.subscriptionContract.create({
      data: {
        shopId: shop.shopId,
        shopifyId: BigInt(unique()),
        customerId: decoy.customer.id,
        status: "ACTIVE",
        planName: "Decoy coffee",
        shopifyCreatedAt: new Date("2026-10-01T00:00:00Z"),
        shopifyUpdatedAt: new Date("2026-10-01T00:00:00Z"),
      },
    });

    const payload = fixture("customers-redact", shop.domain, {
      customer: { id: seeded.customerShopifyId, email: WILMA.email },
      orders_to_redact: [seeded.guestOrderShopifyId],
    });
    expect(await run("customers/redact", await contextFor(shop.domain, "customers/redact", payload))).toBe("applied");

    // Erased; what the payment figures count stays.
    expect(await db.orderTransaction.findUniqueOrThrow({ where: { id: transaction.id } })).toMatchObject({
      cardBrand: null,
      lastFour: null,
      message: null,
      status: "FAILURE",
      errorCode: "card_declined",
    });
    expect(
      (await db.subscriptionContract.findMany({ where: { id: { in: contracts.map((c) => c.id) } } })).map((c) => [c.planName, c.status])
    ).toEqual([
      [null, "ACTIVE"],
      [null, "ACTIVE"],
    ]);
    expect(await db.subscriptionBillingAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({
      errorMessage: null,
      errorCode: "card_declined",
    });
    expect((await db.subscriptionContract.findUniqueOrThrow({ where: { id: decoyContract.id } })).planName).toBe("Decoy coffee");

    // A late delivery writes the card again: the case panel and the evidence pack still leave it out.
    await db.orderTransaction.update({ where: { id: transaction.id }, data: card });
    const panel = (await loadOrderPayments(shop.shopId, [orderId])).get(orderId);
    expect(panel?.transactions).toHaveLength(1);
    expect(panel?.transactions[0]).toMatchObject({ cardBrand: null, lastFour: null, message: null, errorCode: "card_declined" });
    const pack = await buildEvidencePack(shop.shopId, orderId);
    expect(pack.transactions).toHaveLength(1);
    expect(pack.transactions[0]).toMatchObject({ cardBrand: null, lastFour: null, message: null });
    expect(JSON.stringify(pack)).not.toContain("4242");
  });

  it("refuses a payload without a customer to erase", async () => {
    const shop = await createInstalledShop();
    const payload = fixture("customers-redact", shop.domain, { customer: {} });
    await expect(run("customers/redact", await contextFor(shop.domain, "customers/redact", payload))).rejects.toThrow(
      "customers/redact payload is not usable: customer: needs an id or an email to say whose data is meant"
    );
    const badId = fixture("customers-redact", shop.domain, {
      customer: { id: "not-a-number", email: "x@example.com" },
    });
    await expect(run("customers/redact", await contextFor(shop.domain, "customers/redact", badId))).rejects.toThrow(
      /customer\.id/
    );
    // Retrying cannot fix a payload: the job engine records it as failed at once.
    await expect(
      run("customers/redact", await contextFor(shop.domain, "customers/redact", payload))
    ).rejects.toBeInstanceOf(UnprocessableDeliveryError);
  });
});
