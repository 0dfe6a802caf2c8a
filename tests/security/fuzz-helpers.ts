import fc from "fast-check";
import { expect } from "vitest";
import db from "../../app/db.server";

// Shared pieces of the fuzz suites (tests/security/fuzz-*.test.ts): hostile values, a fixed seed, and the one
// assertion every public endpoint must meet — an answer below 500, never a thrown error.

/** Every fuzz run is reproducible: change the seed only together with the regression examples. */
export const FUZZ_SEED = 0x5eed_0009;

/** fc.assert options: the fixed seed, `numRuns` inputs, no shrinking time limit surprises. */
export function fuzzRuns(numRuns: number, examples: unknown[][] = []): fc.Parameters<unknown[]> {
  return { seed: FUZZ_SEED, numRuns, endOnFailure: true, examples };
}

/** Strings that have broken parsers, databases and renderers before. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff lone surrogate",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦 e\u0301",
  "\r\n\r\n",
  "\t\b\f\v\u001b[31m",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "'; DROP TABLE \"Case\"; --",
  "%00%0d%0a%25",
  "../../../../etc/passwd",
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e308",
  "99999999999999999999999999",
  "18446744073709551616",
  "9223372036854775808",
  "-9223372036854775809",
  "0x1F",
  "#1001",
  "#-1",
  "＃１００１",
  "2026-13-45T99:99:99Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "0001-01-01T00:00:00Z",
  "gid://shopify/Order/99999999999999999999999",
  "gid://shopify/Order/abc",
  "gid://shopify/Order/-1",
  "a@b",
  "@",
  "x@y.z".padStart(400, "x"),
  "a".repeat(70_000),
  "€".repeat(20_000),
];

/** A string that is hostile in one of several ways: listed above, random code points, random bytes, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udc00", "\u0007", "\n", "\r", "a", "9", "#", "@", "."), maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("a", "9", "\u0000", "é", "<"), fc.integer({ min: 1_000, max: 200_000 })).map(([c, n]) => c.repeat(n)) },
);

/** Numbers at the edges: huge, negative, fractional, beyond 2^53 and 2^64. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, -1.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 1e21, 123456789012345680000),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/**
 * The string as it can arrive in a URL or a form: decoded from UTF-8, so a lone surrogate is U+FFFD. (A JSON body
 * can still carry one as a \ud800 escape — that is why JSON bodies get the raw strings.)
 */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\uFFFD");
}

/** Arrays or objects nested `depth` levels deep (parsers and jsonb have depth limits). */
export function nested(depth: number, kind: "array" | "object" = "array"): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  // fast-check prints counterexamples recursively: name this one instead (a symbol key, so JSON ignores it).
  Object.defineProperty(value, fc.toStringMethod, { value: () => `nested(${depth}, "${kind}")`, enumerable: false });
  return value;
}

/** Any JSON value a hostile sender might put where something else belongs. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[]], { id: null }, { id: "1" }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 3_000 }), fc.constantFrom("array" as const, "object" as const)).map(([d, k]) => nested(d, k)) },
);

/** Every path (list of keys) inside a JSON value up to 8 levels, containers included, the root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object" || prefix.length >= 8) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

export interface Mutation {
  /** Which path (modulo the number of paths). */
  at: number;
  /** Set the value there, or delete the key. */
  op: "set" | "delete";
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("set" as const, "set" as const, "set" as const, "delete" as const),
  value: hostileJson,
});

/** A deep copy of `base` with each mutation applied in turn (a near-valid payload: the hardest kind). */
export function mutate(base: unknown, mutations: Mutation[]): unknown {
  let doc = structuredClone(base);
  for (const m of mutations) {
    const paths = pathsOf(doc);
    if (paths.length === 0) {
      doc = m.op === "set" ? m.value : doc;
      continue;
    }
    const path = paths[m.at % paths.length];
    let parent = doc as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      parent[last] = m.value;
    }
  }
  return doc;
}

/**
 * Runs a route call and returns its Response. A thrown Response is an answer (Remix sends it); anything else
 * thrown would be a 500 from Remix, so it fails the test with the input that caused it.
 */
export async function answerOf(call: () => Promise<Response>, input: unknown): Promise<Response> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Response) return error;
    throw new Error(`threw (Remix would answer 500) for input ${describe(input)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** Fails unless the answer is one of `allowed` (default: any 2xx/3xx/4xx). */
export async function expectNot5xx(response: Response, input: unknown, allowed?: number[]): Promise<void> {
  const ok = allowed ? allowed.includes(response.status) : response.status < 500;
  if (!ok) {
    const text = await response.clone().text().catch(() => "");
    expect.fail(`answered ${response.status} for input ${describe(input)}: ${text.slice(0, 500)}`);
  }
}

/** A short, printable description of a fuzz input for failure messages. */
export function describe(input: unknown): string {
  let text: string;
  try {
    text = typeof input === "string" ? JSON.stringify(input) : JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? String(v) : v));
  } catch {
    text = String(input);
  }
  text ??= String(input);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} chars)` : text;
}

/** Rows a shop's public endpoints could create (rate-limit counters aside): compared before/after a rejected input. */
export async function storedCounts(shopId: string, domain: string) {
  const [cases, messages, returns, events, webhooks, ratings] = await Promise.all([
    db.case.count({ where: { shopId } }),
    db.message.count({ where: { shopId } }),
    db.return.count({ where: { shopId } }),
    db.caseEvent.count({ where: { shopId } }),
    db.webhookEvent.count({ where: { shopDomain: domain } }),
    db.satisfactionRating.count({ where: { shopId } }),
  ]);
  return { cases, messages, returns, events, webhooks, ratings };
}
