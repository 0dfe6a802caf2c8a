import fc from "fast-check";
import { beforeAll, describe as suite, expect, it } from "vitest";
import db from "../../app/db.server";
import { updateReturnPolicy } from "../../app/returns/return-policy.server";
import * as articleRoute from "../../app/routes/proxy.articles.$slug";
import * as articlesRoute from "../../app/routes/proxy.articles._index";
import * as casesRoute from "../../app/routes/proxy.cases";
import * as conversationsRoute from "../../app/routes/proxy.conversations";
import * as orderRoute from "../../app/routes/proxy.orders.$number";
import * as ordersRoute from "../../app/routes/proxy.orders._index";
import * as lookupRoute from "../../app/routes/proxy.orders.lookup";
import * as returnsRoute from "../../app/routes/proxy.returns._index";
import * as eligibilityRoute from "../../app/routes/proxy.returns.eligibility";
import { signedProxyRequest } from "../helpers/proxy";
import { buildOrder, daysAgo, storefrontShop, type BuiltOrder, type StorefrontSetup } from "../storefront/proxy-fixtures";
import { answerOf, expectNot5xx, fuzzRuns, hostileJson, hostileString, mutate, mutation, storedCounts, wellFormed } from "./fuzz-helpers";

// Issue 9: every app-proxy route (/proxy/*, what Shopify forwards from /apps/support/*) with correctly signed
// requests carrying hostile query strings, bodies, methods and customer ids: the answer is 2xx/3xx/4xx (429
// included), never 5xx; the write routes (contact form, return request) store nothing when they answer 4xx.

/** The URL path segment for a route param (a lone surrogate cannot be encoded: the route gets the param as is). */
const segment = (p: string) => {
  try {
    return encodeURIComponent(p).slice(0, 4_000) || "x";
  } catch {
    return "x";
  }
};

interface RouteModule {
  loader?: (args: never) => Promise<Response> | Response;
  action?: (args: never) => Promise<Response> | Response;
}

const ROUTES: { path: (param: string) => string; module: RouteModule; param?: "slug" | "number"; writes?: boolean }[] = [
  { path: () => "/proxy/articles", module: articlesRoute },
  { path: (p) => `/proxy/articles/${segment(p)}`, module: articleRoute, param: "slug" },
  { path: () => "/proxy/cases", module: casesRoute, writes: true },
  { path: () => "/proxy/conversations", module: conversationsRoute },
  { path: () => "/proxy/orders", module: ordersRoute },
  { path: (p) => `/proxy/orders/${segment(p)}`, module: orderRoute, param: "number" },
  { path: () => "/proxy/orders/lookup", module: lookupRoute },
  { path: () => "/proxy/returns", module: returnsRoute, writes: true },
  { path: () => "/proxy/returns/eligibility", module: eligibilityRoute },
];

let s: StorefrontSetup;
let order: BuiltOrder;

beforeAll(async () => {
  s = await storefrontShop();
  await db.helpArticle.create({ data: { shopId: s.shop.shopId, slug: "shipping", title: "Shipping times", body: "We ship in 2 days.", topic: "WHERE_IS_MY_ORDER", published: true } });
  await updateReturnPolicy(s.shop.shopId, { enabled: true, windowDays: 30, windowStartsAt: "DELIVERY", excludedTags: [], excludedProductTypes: [], reasons: ["SIZE_TOO_SMALL", "DEFECTIVE", "OTHER"], restockingFeePercent: "0", returnShippingFee: "0", instructions: "" });
  order = await buildOrder(s.shop.shopId, {
    number: 1001,
    customerId: s.ada.id,
    email: "ada@example.com",
    lines: [{ title: "Linen shirt", quantity: 2, price: "45.00" }],
    fulfillment: { createdAt: daysAgo(6), deliveredAt: daysAgo(4) },
  });
});

const QUERY_KEYS = ["q", "limit", "number", "email", "order", "score", "sent", "return_to", "shop", "signature", "timestamp", "logged_in_customer_id", "path_prefix", "__proto__", ""];
const queryValue = fc.oneof(hostileString, fc.constantFrom("1001", "#1001", "ada@example.com", "10", "gid://shopify/Order/1"));
const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), hostileString.filter((k) => k.length < 200)), fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 3 })), { maxKeys: 4 })
  // The proxy's own parameters are set by the signer; a hostile copy of them is the "tamper" case below.
  .map((q) => Object.fromEntries(Object.entries(q).filter(([k]) => !["shop", "signature", "timestamp", "logged_in_customer_id", "path_prefix"].includes(k))));

/** A near-valid query: what the storefront sends, with one field made hostile (or dropped). */
const nearValidQuery = fc.tuple(fc.constantFrom("number", "email", "order", "q", "limit"), fc.option(fc.oneof(hostileString, fc.array(hostileString, { minLength: 2, maxLength: 2 })))).map(([key, value]) => {
  const q: Record<string, string | string[]> = { number: "#1001", email: "ada@example.com", order: "#1001", q: "shipping", limit: "5" };
  if (value === null) delete q[key];
  else q[key] = value;
  return q;
});

const contactBase = { name: "Ada", email: "ada@example.com", topic: "WHERE_IS_MY_ORDER", message: "Where is it?", orderNumber: "#1001" };
const returnBase = () => ({ order: "#1001", items: [{ lineItemId: order.lines[0].gid, quantity: 1, reason: "DEFECTIVE", note: "torn" }], note: "please" });

/** A body: near-valid (a good contact form / return request, mutated), any JSON, a form, or raw bytes mislabelled. */
const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([contact, ms]) => ({ kind: "json" as const, value: mutate(contact ? contactBase : returnBase(), ms) })) },
  { weight: 1, arbitrary: hostileJson.map((value) => ({ kind: "json" as const, value })) },
  { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom("name", "email", "topic", "message", "orderNumber", "order", "items", "return_to"), hostileString), hostileString, { maxKeys: 6 }).map((fields) => ({ kind: "form" as const, value: { ...contactBase, ...fields } })) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: "binary", maxLength: 300 }), fc.constantFrom("application/json", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x", "text/plain", "application/json; charset=utf-16", "")).map(([raw, type]) => ({ kind: "raw" as const, value: raw, type })) },
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
);

type Body = { kind: "json"; value: unknown } | { kind: "form"; value: Record<string, string> } | { kind: "raw"; value: string; type: string } | { kind: "none" };

const customerArb = fc.oneof(fc.constant<"ada" | null>("ada"), fc.constant(null), hostileString.filter((x) => x.length < 100));
const ipArb = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom(null, "", "not-an-ip", "999.999.999.999", "203.0.113.7, 10.0.0.1", "unknown", "::ffff:1.2.3.4"));

function requestFor(route: (typeof ROUTES)[number], param: string, input: { query: Record<string, string | string[]>; body: Body; method: string; customer: "ada" | string | null; ip: string | null }): Request {
  const loggedInCustomerId = input.customer === "ada" ? s.ada.shopifyId : input.customer;
  const base = { shop: s.shop.domain, query: input.query, loggedInCustomerId, method: input.method, ip: input.ip };
  const b = input.body;
  if (input.method === "GET" || input.method === "HEAD" || b.kind === "none") return signedProxyRequest(route.path(param), base);
  if (b.kind === "json") return signedProxyRequest(route.path(param), { ...base, body: JSON.stringify(b.value) ?? "null", headers: { "content-type": "application/json" } });
  if (b.kind === "form") {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(b.value)) form.append(k, v);
    return signedProxyRequest(route.path(param), { ...base, body: form });
  }
  return signedProxyRequest(route.path(param), { ...base, body: b.value, headers: b.type ? { "content-type": b.type } : {} });
}

async function call(route: (typeof ROUTES)[number], request: Request, param: string): Promise<Response> {
  const fn = request.method === "GET" || request.method === "HEAD" ? (route.module.loader ?? route.module.action) : (route.module.action ?? route.module.loader);
  const params = route.param ? { [route.param]: param } : {};
  return fn!({ request, params, context: {} } as never);
}

const statuses: Record<number, number> = {};

suite("fuzz: app proxy routes with signed, hostile requests", () => {
  it("answer 2xx/3xx/4xx only, and the write routes store nothing when they refuse", async () => {
    const input = fc.record({
      route: fc.nat({ max: ROUTES.length - 1 }),
      param: fc.oneof(hostileString.filter((p) => p.length < 3_000), fc.constantFrom("1001", "#1001", "0", "99999999999999999999", "shipping")),
      query: fc.oneof({ weight: 2, arbitrary: nearValidQuery }, { weight: 1, arbitrary: query }),
      body: bodyArb,
      method: fc.oneof({ weight: 6, arbitrary: fc.constant("default") }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "HEAD", "PUT", "DELETE") }),
      customer: fc.oneof({ weight: 3, arbitrary: fc.constant("ada" as const) }, { weight: 1, arbitrary: customerArb }),
      ip: ipArb,
    });
    const examples: [Record<string, unknown>][] = [
      // Regressions (issue 9 fuzzing): a signed logged_in_customer_id beyond a bigint, and a NUL in an article slug
      // or in the search that led to it, were 500s (database errors).
      [{ route: 3, param: "", query: {}, body: { kind: "none" }, method: "GET", customer: "18446744073709551616", ip: "203.0.113.9" }],
      [{ route: 1, param: "a\u0000b", query: {}, body: { kind: "none" }, method: "GET", customer: null, ip: "203.0.113.9" }],
      [{ route: 1, param: "shipping", query: { q: "x\u0000" }, body: { kind: "none" }, method: "GET", customer: "ada", ip: "203.0.113.9" }],
      // Edge: a lineItemId of more digits than a bigint holds.
      [{ route: 7, param: "", query: {}, body: { kind: "json", value: { order: "#1001", items: [{ lineItemId: "99999999999999999999999", quantity: 1, reason: "DEFECTIVE" }] } }, method: "POST", customer: "ada", ip: "203.0.113.9" }],
    ];
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const route = ROUTES[i.route];
        i.param = wellFormed(i.param);
        if (i.method === "default") i.method = route.writes ? "POST" : "GET";
        const before = route.writes ? await storedCounts(s.shop.shopId, s.shop.domain) : null;
        const request = requestFor(route, i.param, i as never);
        const response = await answerOf(() => call(route, request, i.param), i);
        await expectNot5xx(response, i);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (before && response.status >= 400) expect(await storedCounts(s.shop.shopId, s.shop.domain), `a refused ${route.path("x")} stored rows`).toEqual(before);
      }),
      fuzzRuns(3_000, examples as never),
    );
    // The fuzzer must reach the services, not only the signature check: successes and refusals both occur.
    expect(statuses[200] ?? 0).toBeGreaterThan(20);
    expect(statuses[400] ?? 0).toBeGreaterThan(100);
  });

  it("forged, stale or tampered signatures → 401 and nothing stored", async () => {
    const before = await storedCounts(s.shop.shopId, s.shop.domain);
    const forgery = fc.record({
      route: fc.nat({ max: ROUTES.length - 1 }),
      how: fc.constantFrom("secret", "stale", "future", "tamper-query", "tamper-signature", "no-signature", "tamper-customer"),
      value: hostileString.filter((v) => v.length < 2_000),
      query,
    });
    await fc.assert(
      fc.asyncProperty(forgery, async ({ route: r, how, value, query: q }) => {
        const route = ROUTES[r];
        const now = Math.trunc(Date.now() / 1000);
        const request = signedProxyRequest(route.path("1001"), {
          shop: s.shop.domain,
          query: q,
          loggedInCustomerId: s.bob.shopifyId,
          method: route.writes ? "POST" : "GET",
          body: route.writes ? { ...contactBase, ...returnBase() } : undefined,
          secret: how === "secret" ? `not-the-secret${value}` : undefined,
          timestamp: how === "stale" ? now - 3_600 : how === "future" ? now + 3_600 : undefined,
          tamper: (p) => {
            if (how === "tamper-query") p.append("q", value || "x");
            if (how === "tamper-signature") p.set("signature", value);
            if (how === "no-signature") p.delete("signature");
            if (how === "tamper-customer") p.set("logged_in_customer_id", String(s.ada.shopifyId));
          },
        });
        const response = await answerOf(() => call(route, request, "1001"), { how, value, q });
        await expectNot5xx(response, { how, value, q }, [401]);
      }),
      fuzzRuns(600),
    );
    expect(await storedCounts(s.shop.shopId, s.shop.domain)).toEqual(before);
  });
});
