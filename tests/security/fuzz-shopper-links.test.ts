import { createHmac, randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe as suite, expect, it } from "vitest";
import { createLinkToken, type LinkKind } from "../../app/channels/links.server";
import * as conversationRoute from "../../app/routes/c.$token";
import * as helpRoute from "../../app/routes/help.$token";
import * as surveyRoute from "../../app/routes/survey.$token";
import * as npsRoute from "../../app/routes/nps.$token";
import { createNpsToken } from "../../app/nps/links.server";
import db from "../../app/db.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { answerOf, expectNot5xx, fuzzRuns, hostileJson, hostileString, mutate, mutation, storedCounts, wellFormed, type Mutation } from "./fuzz-helpers";

// Issue 9: the signed shopper links — /survey/<token>, /c/<token>, /help/<token> — with arbitrary tokens (garbage,
// tampered, correctly signed over hostile payloads, of the wrong kind) and hostile form bodies: never a 5xx, a
// rejected token or body stores nothing, and only the real token of the right kind is ever answered 2xx/3xx.

const ROUTES: { kind: LinkKind; path: string; module: { loader: (args: never) => Promise<Response>; action: (args: never) => Promise<Response> } }[] = [
  { kind: "survey", path: "survey", module: surveyRoute },
  { kind: "conversation", path: "c", module: conversationRoute },
  { kind: "needs-help", path: "help", module: helpRoute },
];

let shop: TestShop;
let other: TestShop;
let otherCaseId: string;

beforeAll(async () => {
  shop = await createInstalledShop();
  other = await createInstalledShop();
  otherCaseId = (await createTestCase(other.shopId)).id;
});

/** A token signed exactly like app/channels/links.server.ts signs one, over any payload at all. */
function signAny(payload: unknown): string {
  const data = Buffer.from(JSON.stringify(payload) ?? "null", "utf8").toString("base64url");
  const sig = createHmac("sha256", process.env.SHOPIFY_API_SECRET!).update(`shopper-link:${data}`).digest("base64url");
  return `${data}.${sig}`;
}

type TokenSpec =
  | { kind: "real" }
  | { kind: "garbage"; value: string }
  | { kind: "tampered"; at: number; char: string }
  | { kind: "signed"; mutations: Mutation[] }
  | { kind: "wrong-kind" }
  | { kind: "other-shop" }
  | { kind: "expired" };

const tokenSpec: fc.Arbitrary<TokenSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "real" as const }) },
  { weight: 2, arbitrary: hostileString.map((value) => ({ kind: "garbage" as const, value })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("tampered" as const), at: fc.nat(), char: fc.constantFrom("A", "_", "-", ".", "=", "%", "0") }) },
  { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => ({ kind: "signed" as const, mutations })) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: "wrong-kind" as const }, { kind: "other-shop" as const }, { kind: "expired" as const }) },
);

type FormSpec =
  | { kind: "form"; fields: Record<string, string> }
  | { kind: "json"; value: unknown }
  | { kind: "raw"; text: string; type: string | null }
  | { kind: "none" };

const formSpec: fc.Arbitrary<FormSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom("score", "comment", "body", "intent"), hostileString.filter((k) => k.length < 100)), fc.oneof(hostileString, fc.constantFrom("1", "5", "3", "0", "6", "4.5", "Thanks!", "Still waiting")), { maxKeys: 4 }).map((fields) => ({ kind: "form" as const, fields })) },
  { weight: 1, arbitrary: hostileJson.map((value) => ({ kind: "json" as const, value })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("raw" as const),
      text: fc.oneof(hostileString, fc.constant("--x\r\nContent-Disposition: form-data; name=\"score\"\r\n\r\n5")),
      type: fc.constantFrom("multipart/form-data; boundary=x", "multipart/form-data", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", null),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
);

async function tokenFor(spec: TokenSpec, kind: LinkKind): Promise<{ token: string; real: boolean }> {
  const now = Math.floor(Date.now() / 1000);
  switch (spec.kind) {
    case "real": {
      const c = await createTestCase(shop.shopId, { status: kind === "survey" ? "RESOLVED" : "OPEN", customerName: "Jamie Buyer" });
      return { token: createLinkToken(shop.shopId, c.id, kind, { expiresInDays: 30 }), real: true };
    }
    case "garbage":
      return { token: wellFormed(spec.value), real: false };
    case "tampered": {
      const good = createLinkToken(shop.shopId, randomUUID(), kind, { expiresInDays: 30 });
      const at = spec.at % good.length;
      const token = good.slice(0, at) + spec.char + good.slice(at + 1);
      return { token, real: false };
    }
    case "signed":
      // Signed with the app's secret, so only the payload's own checks stand between it and the database.
      return { token: signAny(mutate({ shopId: shop.shopId, caseId: otherCaseId, kind, exp: now + 3_600 }, spec.mutations)), real: false };
    case "wrong-kind":
      return { token: createLinkToken(shop.shopId, otherCaseId, kind === "survey" ? "conversation" : "survey", { expiresInDays: 30 }), real: false };
    case "other-shop":
      return { token: createLinkToken(shop.shopId, otherCaseId, kind, { expiresInDays: 30 }), real: false };
    case "expired":
      return { token: createLinkToken(shop.shopId, otherCaseId, kind, { expiresInDays: 1, now: new Date(Date.now() - 3 * 86_400_000) }), real: false };
  }
}

function requestFor(path: string, token: string, method: string, form: FormSpec, query: string): Request {
  let url: string;
  try {
    url = `https://casefile.test/${path}/${encodeURIComponent(token).slice(0, 3_000)}${query ? `?score=${encodeURIComponent(query)}&sent=${encodeURIComponent(query)}` : ""}`;
  } catch {
    url = `https://casefile.test/${path}/x`;
  }
  if (method === "GET") return new Request(url);
  if (form.kind === "form") {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
    return new Request(url, { method, body });
  }
  if (form.kind === "json") return new Request(url, { method, body: JSON.stringify(form.value) ?? "null", headers: { "content-type": "application/json" } });
  if (form.kind === "raw") return new Request(url, { method, body: form.text, headers: form.type ? { "content-type": form.type } : {} });
  return new Request(url, { method });
}

suite("fuzz: shopper links (survey, conversation, needs help)", () => {
  it("answer 4xx to every token but the real one, never 5xx, and store nothing they refuse", async () => {
    const seen: Record<string, number> = {};
    const input = fc.record({
      route: fc.nat({ max: ROUTES.length - 1 }),
      token: tokenSpec,
      method: fc.constantFrom("GET", "POST", "POST", "PUT"),
      form: formSpec,
      query: fc.oneof(fc.constant(""), hostileString.map(wellFormed)),
    });
    const examples: [Record<string, unknown>][] = [
      // A JSON body (not a form) and a form that is not one: request.formData() throws on both.
      [{ route: 0, token: { kind: "real" }, method: "POST", form: { kind: "json", value: { score: 5 } }, query: "" }],
      [{ route: 1, token: { kind: "real" }, method: "POST", form: { kind: "raw", text: "garbage", type: "multipart/form-data; boundary=x" }, query: "" }],
      // A survey comment with a NUL character (PostgreSQL text cannot hold one).
      [{ route: 0, token: { kind: "real" }, method: "POST", form: { kind: "form", fields: { score: "4", comment: "good\u0000job" } }, query: "" }],
    ];
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const route = ROUTES[i.route];
        const { token, real } = await tokenFor(i.token as TokenSpec, route.kind);
        const before = await storedCounts(shop.shopId, shop.domain);
        const request = requestFor(route.path, token, i.method, i.form as FormSpec, i.query);
        const fn = i.method === "GET" ? route.module.loader : route.module.action;
        const response = await answerOf(() => fn({ request, params: { token }, context: {} } as never), { ...i, token });
        await expectNot5xx(response, { ...i, token });
        seen[`${route.path} ${real ? "real" : "bad"} ${response.status}`] = (seen[`${route.path} ${real ? "real" : "bad"} ${response.status}`] ?? 0) + 1;
        if (!real) expect(response.status, `a ${(i.token as TokenSpec).kind} token was accepted`).toBeGreaterThanOrEqual(400);
        if (response.status >= 400) {
          // A real token's fresh case is created before `before`, so any difference here is a stored row.
          expect(await storedCounts(shop.shopId, shop.domain), `answered ${response.status} but stored`).toEqual(before);
        }
      }),
      fuzzRuns(3_000, examples as never),
    );
    // The real tokens reached the services: answers stored (200/302) as well as refused (400).
    for (const path of ["survey", "c", "help"]) {
      const ok = Object.entries(seen).filter(([k]) => k.startsWith(`${path} real `) && /\s(200|302)$/.test(k)).reduce((n, [, v]) => n + v, 0);
      expect(ok, `${path}: ${JSON.stringify(seen)}`).toBeGreaterThan(10);
    }
    expect(Object.entries(seen).filter(([k]) => /real 400$/.test(k)).length).toBeGreaterThan(0);
  }, 300_000); // 3,000 requests through the real routes: over a minute on a 2-core machine
});

// Issue 10: the NPS survey link (/nps/<token>) — its own token kind (signed under "nps-link:"), the same hostile
// tokens and bodies: never a 5xx, only the real token is answered below 400, a refused request stores no answer.
type NpsTokenSpec = TokenSpec | { kind: "case-link" };

async function npsTokenFor(spec: NpsTokenSpec): Promise<{ token: string; real: boolean }> {
  const now = Math.floor(Date.now() / 1000);
  const otherNps = async () => {
    const customer = await db.customer.create({ data: { shopId: other.shopId, email: `nps-${randomUUID()}@example.com` } });
    return (await db.npsResponse.create({ data: { shopId: other.shopId, customerId: customer.id, period: "2026-11" } })).id;
  };
  const signNps = (payload: unknown) => {
    const data = Buffer.from(JSON.stringify(payload) ?? "null", "utf8").toString("base64url");
    return `${data}.${createHmac("sha256", process.env.SHOPIFY_API_SECRET!).update(`nps-link:${data}`).digest("base64url")}`;
  };
  switch (spec.kind) {
    case "real": {
      const customer = await db.customer.create({ data: { shopId: shop.shopId, email: `nps-${randomUUID()}@example.com` } });
      const row = await db.npsResponse.create({ data: { shopId: shop.shopId, customerId: customer.id, period: "2026-11" } });
      return { token: createNpsToken(shop.shopId, row.id), real: true };
    }
    case "garbage":
      return { token: wellFormed(spec.value), real: false };
    case "tampered": {
      const good = createNpsToken(shop.shopId, randomUUID());
      const at = spec.at % good.length;
      return { token: good.slice(0, at) + spec.char + good.slice(at + 1), real: false };
    }
    case "signed":
      return { token: signNps(mutate({ shopId: shop.shopId, responseId: await otherNps(), kind: "nps", exp: now + 3_600 }, spec.mutations)), real: false };
    case "wrong-kind":
    case "case-link":
      // A case link's token (signed under "shopper-link:") and a case-link payload signed as an NPS one.
      return spec.kind === "wrong-kind"
        ? { token: createLinkToken(shop.shopId, otherCaseId, "survey", { expiresInDays: 30 }), real: false }
        : { token: signNps({ shopId: shop.shopId, caseId: otherCaseId, kind: "survey", exp: now + 3_600 }), real: false };
    case "other-shop":
      return { token: createNpsToken(shop.shopId, await otherNps()), real: false };
    case "expired":
      return { token: createNpsToken(shop.shopId, await otherNps(), { expiresInDays: 1, now: new Date(Date.now() - 3 * 86_400_000) }), real: false };
  }
}

const answeredNps = () => db.npsResponse.count({ where: { shopId: { in: [shop.shopId, other.shopId] }, respondedAt: { not: null } } });

suite("fuzz: NPS survey link", () => {
  it("answers 4xx to every token but the real one, never 5xx, and stores no answer it refuses", async () => {
    const seen: Record<string, number> = {};
    const input = fc.record({
      token: fc.oneof(tokenSpec, fc.constant({ kind: "case-link" as const })),
      method: fc.constantFrom("GET", "POST", "POST", "PUT"),
      form: formSpec,
      query: fc.oneof(fc.constant(""), hostileString.map(wellFormed)),
    });
    const examples: [Record<string, unknown>][] = [
      [{ token: { kind: "real" }, method: "POST", form: { kind: "json", value: { score: 9 } }, query: "" }],
      [{ token: { kind: "real" }, method: "POST", form: { kind: "form", fields: { score: "10", comment: "great\u0000shop" } }, query: "" }],
      [{ token: { kind: "real" }, method: "POST", form: { kind: "form", fields: { score: "11" } }, query: "" }],
    ];
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const { token, real } = await npsTokenFor(i.token as NpsTokenSpec);
        const before = await answeredNps();
        const request = requestFor("nps", token, i.method, i.form as FormSpec, i.query);
        const fn = i.method === "GET" ? npsRoute.loader : npsRoute.action;
        const response = await answerOf(() => fn({ request, params: { token }, context: {} } as never), { ...i, token });
        await expectNot5xx(response, { ...i, token });
        const key = `${real ? "real" : "bad"} ${response.status}`;
        seen[key] = (seen[key] ?? 0) + 1;
        if (!real) expect(response.status, `a ${(i.token as NpsTokenSpec).kind} token was accepted`).toBeGreaterThanOrEqual(400);
        if (response.status >= 400) expect(await answeredNps(), `answered ${response.status} but stored`).toBe(before);
      }),
      fuzzRuns(400, examples as never),
    );
    expect(seen["real 200"] ?? 0, JSON.stringify(seen)).toBeGreaterThan(5);
    expect(seen["real 400"] ?? 0, JSON.stringify(seen)).toBeGreaterThan(0);
  });
});
