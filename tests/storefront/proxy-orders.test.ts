import { afterEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader as lookupLoader, action as lookupAction } from "../../app/routes/proxy.orders.lookup";
import { loader as ordersLoader } from "../../app/routes/proxy.orders._index";
import { loader as orderLoader } from "../../app/routes/proxy.orders.$number";
import { LOOKUP_LIMITS } from "../../app/storefront/rate-limit.server";
import { getCustomerOrder, STOREFRONT_ORDER_SELECT, toStorefrontOrder, type StorefrontOrder } from "../../app/storefront/orders.server";
import { findGuestOrder } from "../../app/storefront/order-query.server";
import { shopifyAdminMock } from "../helpers/msw";
import { signedProxyRequest, type ProxyRequestOptions } from "../helpers/proxy";
import { inTimeZone } from "../helpers/time-zone";
import { body, buildOrder, daysAgo, storefrontShop } from "./proxy-fixtures";

const mock = shopifyAdminMock();
afterEach(() => mock.reset());

type LoaderArgs = Parameters<typeof lookupLoader>[0];
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as unknown as LoaderArgs;

const lookup = (shop: string, query: Record<string, string>, extra: Partial<ProxyRequestOptions> = {}) =>
  lookupLoader(args(signedProxyRequest("/proxy/orders/lookup", { shop, query, ...extra })));

const NOT_FOUND = "We couldn't find an order with that number and email address. Check both and try again.";

describe("GET /proxy/orders/lookup (guest)", () => {
  it("answers the documented order shape from the mirror, without private data or Admin API calls", async () => {
    const s = await storefrontShop();
    const order = await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [{ title: "Linen shirt", quantity: 2, price: "45.00" }],
      fulfillment: {
        createdAt: daysAgo(3),
        shipmentStatus: "IN_TRANSIT",
        estimatedDeliveryAt: daysAgo(-2),
        events: [
          { status: "CONFIRMED", at: daysAgo(3) },
          { status: "IN_TRANSIT", at: daysAgo(2), message: "Departed facility", city: "Mississauga" },
        ],
      },
    });
    await db.refund.create({
      data: {
        shopId: s.shop.shopId,
        orderId: order.id,
        shopifyId: 990001n,
        amount: "45.00",
        currencyCode: "USD",
        note: "Refund note for staff only",
        processedAt: daysAgo(1),
        shopifyCreatedAt: daysAgo(1),
        lines: { create: [{ shopId: s.shop.shopId, lineItemId: order.lines[0].id, quantity: 1 }] },
      },
    });

    const response = await lookup(s.shop.domain, { number: "#1001", email: "Ada@Example.com" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { order: o } = await body<{ order: StorefrontOrder }>(response);
    expect(o.name).toBe("#1001");
    expect(o.id).toBe(`gid://shopify/Order/${order.shopifyId}`);
    expect(o.status).toBe("in_transit");
    expect(o.fulfillments).toHaveLength(1);
    expect(o.fulfillments[0]).toMatchObject({
      status: "in_transit",
      carrier: "Canada Post",
      trackingNumber: expect.stringMatching(/^70234567/),
      trackingUrl: expect.stringMatching(/^https:\/\/track\.example\//),
      lineItems: [{ lineItemId: order.lines[0].gid, title: "Linen shirt", quantity: 2 }],
    });
    // Newest scan first.
    expect(o.fulfillments[0].events.map((e) => e.status)).toEqual(["in_transit", "confirmed"]);
    expect(o.fulfillments[0].events[0]).toMatchObject({ message: "Departed facility", location: "Mississauga" });
    expect(o.timeline.steps.map((st) => [st.key, st.state])).toEqual([
      ["ordered", "complete"],
      ["shipped", "complete"],
      ["in_transit", "current"],
      ["out_for_delivery", "upcoming"],
      ["delivered", "upcoming"],
    ]);
    expect(o.estimatedDeliveryAt).not.toBeNull();
    expect(o.refunds).toEqual([
      { id: "gid://shopify/Refund/990001", amount: "45.00", currencyCode: "USD", processedAt: expect.any(String), lineItems: [{ lineItemId: order.lines[0].gid, title: "Linen shirt", quantity: 1 }] },
    ]);
    expect(o.lineItems[0]).toMatchObject({ fulfilledQuantity: 2, refundedQuantity: 1, returnedQuantity: 0 });
    expect(o.shipTo).toEqual({ city: "Ottawa", province: "ON", country: "CA" });

    const raw = JSON.stringify(o);
    for (const secret of [order.id, s.ada.id, "Staff note", "internal-tag", "Secret Street", "+1 555 0100", "Refund note", "ada@example.com"]) {
      expect(raw).not.toContain(secret);
    }
    expect(mock.calls).toHaveLength(0);

    const events = await db.selfServiceEvent.findMany({ where: { shopId: s.shop.shopId } });
    expect(events).toEqual([expect.objectContaining({ kind: "ORDER_LOOKUP", orderId: order.id, customerId: s.ada.id, followUpCaseId: null })]);
  });

  it("gives a wrong email and a wrong number the same 404", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001, email: "ada@example.com" });
    await buildOrder(s.shop.shopId, { number: 1002, email: "bob@example.com", customerId: s.bob.id });

    const wrongEmail = await lookup(s.shop.domain, { number: "1001", email: "bob@example.com" });
    const wrongNumber = await lookup(s.shop.domain, { number: "1999", email: "ada@example.com" });
    expect(wrongEmail.status).toBe(404);
    expect(wrongNumber.status).toBe(404);
    const a = await body(wrongEmail);
    expect(a).toEqual({ error: { code: "not_found", message: NOT_FOUND } });
    expect(await body(wrongNumber)).toEqual(a);
    expect(await db.selfServiceEvent.count({ where: { shopId: s.shop.shopId } })).toBe(0);
  });

  it("finds the order by the customer's email when the order has none, and by prefixed names", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1003, email: null, customerId: s.ada.id });
    const response = await lookup(s.shop.domain, { number: "SB1003", email: "ada@example.com" });
    expect(response.status).toBe(200);
    expect((await body<{ order: StorefrontOrder }>(response)).order.status).toBe("ordered");
  });

  it("refuses bad input with clear 400s", async () => {
    const s = await storefrontShop();
    const noEmail = await lookup(s.shop.domain, { number: "1001" });
    expect(noEmail.status).toBe(400);
    expect(await body(noEmail)).toMatchObject({ error: { code: "bad_request", message: "Enter the email address used for the order.", details: { fieldErrors: { email: expect.any(String) } } } });
    const badEmail = await lookup(s.shop.domain, { number: "1001", email: "not-an-email" });
    expect((await body<{ error: { message: string } }>(badEmail)).error.message).toMatch(/valid email address/);
    const badNumber = await lookup(s.shop.domain, { number: "abc", email: "ada@example.com" });
    expect(badNumber.status).toBe(400);
    expect((await body<{ error: { message: string } }>(badNumber)).error.message).toMatch(/order number/);
  });

  it("answers 405 with Allow for the wrong method", async () => {
    const s = await storefrontShop();
    const response = await lookupAction(args(signedProxyRequest("/proxy/orders/lookup", { shop: s.shop.domain, method: "POST", body: {} })));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await body(response)).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("shows the carrier's exception and the delivered state on the timeline", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, {
      number: 1010,
      fulfillment: { createdAt: daysAgo(4), shipmentStatus: "DELAYED", events: [{ status: "IN_TRANSIT", at: daysAgo(3) }, { status: "DELAYED", at: daysAgo(1), message: "Weather delay" }] },
    });
    await buildOrder(s.shop.shopId, {
      number: 1011,
      fulfillment: { createdAt: daysAgo(4), deliveredAt: daysAgo(1), events: [{ status: "OUT_FOR_DELIVERY", at: daysAgo(1.2) }, { status: "DELIVERED", at: daysAgo(1) }] },
    });
    await buildOrder(s.shop.shopId, {
      number: 1012,
      lines: [{ title: "Shirt", quantity: 1 }, { title: "Hat", quantity: 1, shipped: 0 }],
      fulfillment: { createdAt: daysAgo(1), shipmentStatus: "ATTEMPTED_DELIVERY" },
    });

    const delayed = (await body<{ order: StorefrontOrder }>(await lookup(s.shop.domain, { number: "1010", email: "ada@example.com" }))).order;
    expect(delayed.status).toBe("in_transit");
    expect(delayed.exception).toMatchObject({ kind: "delayed", message: "Weather delay" });
    expect(delayed.timeline.exception).toEqual(delayed.exception);

    const delivered = (await body<{ order: StorefrontOrder }>(await lookup(s.shop.domain, { number: "1011", email: "ada@example.com" }))).order;
    expect(delivered.status).toBe("delivered");
    expect(delivered.deliveredAt).toBe(daysAgo(1).toISOString().slice(0, 10) + delivered.deliveredAt!.slice(10));
    expect(delivered.timeline.steps.every((st) => st.state === "complete")).toBe(true);
    expect(delivered.timeline.steps.find((st) => st.key === "out_for_delivery")!.at).not.toBeNull();
    expect(delivered.exception).toBeNull();

    const partial = (await body<{ order: StorefrontOrder }>(await lookup(s.shop.domain, { number: "1012", email: "ada@example.com" }))).order;
    expect(partial.status).toBe("partially_shipped");
    expect(partial.timeline.current).toBe("shipped");
    expect(partial.fulfillments[0].status).toBe("out_for_delivery");
    expect(partial.exception).toMatchObject({ kind: "attempted" });
  });
});

describe("the one-query order read", () => {
  // pg reads zone-less timestamps in the process's zone unless told otherwise: read them in New York time.
  inTimeZone();

  it("reads exactly what Prisma's STOREFRONT_ORDER_SELECT reads", async () => {
    const s = await storefrontShop();
    const built = await buildOrder(s.shop.shopId, {
      number: 1001,
      customerId: s.ada.id,
      lines: [{ title: "Tee", quantity: 3, price: "19.99", productTags: ["a", "b"] }, { title: "Cap", quantity: 1, shipped: 0 }],
      fulfillment: { createdAt: daysAgo(5), deliveredAt: daysAgo(2), estimatedDeliveryAt: daysAgo(2), events: [{ status: "IN_TRANSIT", at: daysAgo(4), city: "Oslo" }, { status: "DELIVERED", at: daysAgo(2) }] },
      order: { cancelledAt: daysAgo(1), totalRefunded: "19.99" },
    });
    const ret = await db.return.create({
      data: {
        shopId: s.shop.shopId, orderId: built.id, shopifyId: 77001n, name: "#1001-R1", status: "OPEN", requestedAt: daysAgo(1), approvedAt: daysAgo(0.5),
        reverseTrackingNumber: "RT1", lines: { create: [{ shopId: s.shop.shopId, lineItemId: built.lines[0].id, quantity: 1, reason: "DEFECTIVE" }] },
      },
    });
    await db.refund.create({
      data: {
        shopId: s.shop.shopId, orderId: built.id, shopifyId: 88001n, amount: "19.99", currencyCode: "USD", returnId: ret.id, processedAt: daysAgo(0.2), shopifyCreatedAt: daysAgo(0.2),
        lines: { create: [{ shopId: s.shop.shopId, lineItemId: built.lines[0].id, quantity: 1 }] },
      },
    });
    const viaSql = await findGuestOrder(s.shop.shopId, 1001, "ada@example.com");
    const viaPrisma = await db.order.findFirstOrThrow({ where: { id: built.id, shopId: s.shop.shopId }, select: STOREFRONT_ORDER_SELECT });
    const plain = (o: unknown) => JSON.parse(JSON.stringify(o, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)));
    const sortLines = (o: ReturnType<typeof plain>) => {
      for (const f of o.fulfillments) f.lines.sort((a: { lineItemId: string }, b: { lineItemId: string }) => a.lineItemId.localeCompare(b.lineItemId));
      return o;
    };
    expect(sortLines(plain(viaSql))).toEqual(sortLines(plain(viaPrisma)));
    expect(toStorefrontOrder(viaSql!)).toEqual(toStorefrontOrder(viaPrisma));
  });
});

describe("guest lookup rate limits", () => {
  it("limits lookups per shop and IP with 429 and Retry-After; another IP is not affected", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001 });
    const ip = "198.51.100.20";
    for (let i = 0; i < LOOKUP_LIMITS.perIp.points; i++) {
      const r = await lookup(s.shop.domain, { number: "1001", email: "ada@example.com" }, { ip });
      expect(r.status).toBe(200);
    }
    const blocked = await lookup(s.shop.domain, { number: "1001", email: "ada@example.com" }, { ip });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOOKUP_LIMITS.perIp.durationSeconds);
    expect(await body(blocked)).toMatchObject({
      error: { code: "rate_limited", message: expect.stringMatching(/Too many order lookups.*Try again in \d+ minutes?/), details: { retryAfterSeconds: retryAfter } },
    });
    expect(blocked.headers.get("cache-control")).toBe("no-store");

    expect((await lookup(s.shop.domain, { number: "1001", email: "ada@example.com" }, { ip: "198.51.100.21" })).status).toBe(200);
    // The rows belong to the shop (the table's trigger takes the shop from the key).
    expect(await db.storefrontRateLimit.count({ where: { shopId: s.shop.shopId } })).toBeGreaterThan(0);
  });

  it("limits unsuccessful lookups per order number, even from many IPs and with the right email after", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001 });
    await buildOrder(s.shop.shopId, { number: 1002 });
    for (let i = 0; i < LOOKUP_LIMITS.perOrderFailures.points; i++) {
      const r = await lookup(s.shop.domain, { number: "1001", email: `guess${i}@example.com` }, { ip: `192.0.2.${i + 1}` });
      expect(r.status).toBe(404);
    }
    const blocked = await lookup(s.shop.domain, { number: "1001", email: "ada@example.com" }, { ip: "192.0.2.200" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await body<{ error: { message: string } }>(blocked)).error.message).toMatch(/unsuccessful lookups for this order number/);
    // Another order of the same shop is not affected.
    expect((await lookup(s.shop.domain, { number: "1002", email: "ada@example.com" }, { ip: "192.0.2.201" })).status).toBe(200);
  });

  it("falls back to one bucket per shop when the proxy sends no IP", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001 });
    const r = await lookup(s.shop.domain, { number: "1001", email: "ada@example.com" }, { ip: null });
    expect(r.status).toBe(200);
    const row = await db.storefrontRateLimit.findFirst({ where: { shopId: s.shop.shopId } });
    expect(row?.key).toBe(`lookup-shop:${s.shop.shopId}`);
  });
});

describe("signature and shop", () => {
  it("refuses a missing, forged, tampered or stale signature with 401", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001 });
    const query = { number: "1001", email: "ada@example.com" };

    const missing = await lookup(s.shop.domain, query, { tamper: (p) => p.delete("signature") });
    const forged = await lookup(s.shop.domain, query, { secret: "not-the-app-secret" });
    const tampered = await lookup(s.shop.domain, query, { tamper: (p) => p.set("email", "bob@example.com") });
    const stale = await lookup(s.shop.domain, query, { timestamp: Math.trunc(Date.now() / 1000) - 91 });
    const future = await lookup(s.shop.domain, query, { timestamp: Math.trunc(Date.now() / 1000) + 120 });
    for (const r of [missing, forged, tampered, stale, future]) {
      expect(r.status).toBe(401);
      expect(r.headers.get("cache-control")).toBe("no-store");
    }
    expect((await body<{ error: { message: string } }>(forged)).error.message).toMatch(/could not be verified/);
    expect((await body<{ error: { message: string } }>(stale)).error.message).toMatch(/expired/);
    // Within the 90 s tolerance the same request is accepted.
    expect((await lookup(s.shop.domain, query, { timestamp: Math.trunc(Date.now() / 1000) - 80 })).status).toBe(200);
  });

  it("answers 404 for an uninstalled shop", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001 });
    await db.shop.update({ where: { id: s.shop.shopId }, data: { state: "UNINSTALLED", uninstalledAt: new Date() } });
    const r = await lookup(s.shop.domain, { number: "1001", email: "ada@example.com" });
    expect(r.status).toBe(404);
    expect((await body<{ error: { message: string } }>(r)).error.message).toMatch(/not available for this store/);
  });
});

describe("signed-in customers", () => {
  it("lists only the customer's own orders, newest first, and asks guests to sign in", async () => {
    const s = await storefrontShop();
    const older = await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, order: { processedAt: daysAgo(20) } });
    const newer = await buildOrder(s.shop.shopId, { number: 1003, customerId: s.ada.id, order: { processedAt: daysAgo(2) } });
    await buildOrder(s.shop.shopId, { number: 1002, customerId: s.bob.id, email: "bob@example.com" });

    const r = await ordersLoader(args(signedProxyRequest("/proxy/orders", { shop: s.shop.domain, loggedInCustomerId: s.ada.shopifyId })));
    expect(r.status).toBe(200);
    const { orders } = await body<{ orders: StorefrontOrder[] }>(r);
    expect(orders.map((o) => o.name)).toEqual([newer.name, older.name]);
    const events = await db.selfServiceEvent.findMany({ where: { shopId: s.shop.shopId } });
    expect(events).toEqual([expect.objectContaining({ kind: "ORDER_LOOKUP", orderId: newer.id, customerId: s.ada.id })]);

    const limited = await ordersLoader(args(signedProxyRequest("/proxy/orders", { shop: s.shop.domain, loggedInCustomerId: s.ada.shopifyId, query: { limit: "1" } })));
    expect((await body<{ orders: StorefrontOrder[] }>(limited)).orders).toHaveLength(1);
    const badLimit = await ordersLoader(args(signedProxyRequest("/proxy/orders", { shop: s.shop.domain, loggedInCustomerId: s.ada.shopifyId, query: { limit: "500" } })));
    expect(badLimit.status).toBe(400);

    const guest = await ordersLoader(args(signedProxyRequest("/proxy/orders", { shop: s.shop.domain })));
    expect(guest.status).toBe(401);
    expect(await body(guest)).toEqual({ error: { code: "unauthorized", message: "Sign in to see your orders." } });

    const unknown = await ordersLoader(args(signedProxyRequest("/proxy/orders", { shop: s.shop.domain, loggedInCustomerId: "999999999" })));
    expect(await body(unknown)).toEqual({ orders: [] });
  });

  it("refuses another customer's order with the same 404 as an unknown number", async () => {
    const s = await storefrontShop();
    await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id });
    await buildOrder(s.shop.shopId, { number: 1002, customerId: s.bob.id, email: "bob@example.com" });
    const get = (number: string) =>
      orderLoader(args(signedProxyRequest(`/proxy/orders/${number}`, { shop: s.shop.domain, loggedInCustomerId: s.ada.shopifyId }), { number }));

    const own = await get("1001");
    expect(own.status).toBe(200);
    expect((await body<{ order: StorefrontOrder }>(own)).order.name).toBe("#1001");
    const other = await get("1002");
    const unknown = await get("1999");
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await body(other)).toEqual(await body(unknown));
  });

  it("serves extensions by order GID through the same services, with the same refusal", async () => {
    const s = await storefrontShop();
    const own = await buildOrder(s.shop.shopId, { number: 1001, customerId: s.ada.id, order: { cancelledAt: daysAgo(1) } });
    const bobs = await buildOrder(s.shop.shopId, { number: 1002, customerId: s.bob.id, email: "bob@example.com" });
    const order = await getCustomerOrder(s.shop.shopId, s.ada.shopifyId, { shopifyOrderId: own.shopifyId }, { record: false });
    expect(order).toMatchObject({ name: "#1001", status: "cancelled", cancelled: true });
    expect(order.timeline.current).toBe("ordered");
    await expect(getCustomerOrder(s.shop.shopId, s.ada.shopifyId, { shopifyOrderId: bobs.shopifyId })).rejects.toMatchObject({ status: 404 });
    await expect(getCustomerOrder(s.shop.shopId, s.bob.shopifyId, { shopifyOrderId: bobs.shopifyId })).resolves.toMatchObject({ name: "#1002" });
    // record: false left no event; the default recorded one.
    expect(await db.selfServiceEvent.count({ where: { shopId: s.shop.shopId } })).toBe(1);
  });
});
