import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "../db/adapter.server";
import { normaliseShopDomain, parseSeedArgs, seedShop, type ScaleSeedResult } from "./scale-seed.server";

describe("parseSeedArgs", () => {
  it("turns a bare shop name into a myshopify domain and applies the defaults", () => {
    const parsed = parseSeedArgs(["--shop", "demo", "--orders", "1_000", "--cases=20"]);
    expect(parsed).toMatchObject({
      ok: true,
      help: false,
      options: { shopDomain: "demo.myshopify.com", orders: 1000, cases: 20, messagesPerCase: 3, batchSize: 10_000, seed: 1 },
    });
    expect(normaliseShopDomain("Other-Shop.myshopify.com")).toBe("other-shop.myshopify.com");
    expect(normaliseShopDomain("not a shop")).toBeNull();
  });

  it("reports every problem, one line each", () => {
    const parsed = parseSeedArgs(["--orders", "-5", "--cases", "ten", "--bogus", "extra"]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("--shop is required"),
        expect.stringContaining("--orders"),
        expect.stringContaining("--cases"),
        expect.stringContaining("--bogus"),
        expect.stringContaining('"extra"'),
      ]),
    );
    for (const line of parsed.errors) expect(line).not.toContain("\n");
  });
});

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)("seedShop (PostgreSQL at DATABASE_URL)", () => {
  let pool: Pool;
  const unique = randomUUID().slice(0, 8);
  const domain = `seedtest-${unique}.myshopify.com`;
  const twin = `seedtest-${unique}-twin.myshopify.com`;
  const triggered = `seedtest-${unique}-triggers.myshopify.com`;
  let first: ScaleSeedResult;
  // One "now" for every run, so that runs with the same seed write the same timeline.
  const now = Date.now();

  const count = async (table: string, shopId: string): Promise<number> => {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "shopId" = $1`, [shopId]);
    return rows[0].n;
  };
  const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<T> =>
    (await pool.query<T>(sql, params)).rows[0];

  beforeAll(() => {
    pool = createPool(databaseUrl!, { max: 4 });
  });

  afterAll(async () => {
    // Only this test's shops; everything else in them goes by ON DELETE CASCADE.
    await pool.query(`DELETE FROM "Shop" WHERE domain = ANY($1::text[])`, [[domain, twin, triggered]]);
    await pool.end();
  });

  it("seeds a small shop with the counts asked for", { timeout: 60_000 }, async () => {
    first = await seedShop(pool, { shopDomain: domain, orders: 50, cases: 30, messagesPerCase: 3, batchSize: 7, seed: 42, now });
    const shopId = first.shopId;
    expect(first.shopCreated).toBe(true);
    expect(first.rows).toMatchObject({ Customer: 17, Order: 50, Case: 30, Message: 90 });

    expect(await count("Order", shopId)).toBe(50);
    expect(await count("Customer", shopId)).toBe(17);
    expect(await count("Case", shopId)).toBe(30);
    expect(await count("Message", shopId)).toBe(90);
    expect(await count("Staff", shopId)).toBeGreaterThan(0);
    const lineItems = await count("LineItem", shopId);
    expect(lineItems).toBeGreaterThanOrEqual(50);
    expect(lineItems).toBeLessThanOrEqual(150);
    expect(lineItems).toBe(first.rows.LineItem);
    expect(await count("Fulfillment", shopId)).toBe(first.rows.Fulfillment);
    const links = await count("CaseOrder", shopId);
    expect(links).toBe(first.rows.CaseOrder);
    expect(links).toBeGreaterThan(0);
    expect(links).toBeLessThanOrEqual(30);

    const orders = await one<{ min: number; max: number; names: number; ids: number; bad: number }>(
      `SELECT min("orderNumber") AS min, max("orderNumber") AS max, count(DISTINCT name)::int AS names,
              count(DISTINCT "shopifyId")::int AS ids, count(*) FILTER (WHERE name <> '#' || "orderNumber")::int AS bad
         FROM "Order" WHERE "shopId" = $1`,
      [shopId],
    );
    expect(orders).toEqual({ min: 1001, max: 1050, names: 50, ids: 50, bad: 0 });
  });

  it("numbers cases uniquely from the shop's nextCaseNumber and moves it on", async () => {
    const shopId = first.shopId;
    const cases = await one<{ n: number; distinct: number; min: number; max: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT number)::int AS distinct, min(number) AS min, max(number) AS max
         FROM "Case" WHERE "shopId" = $1`,
      [shopId],
    );
    expect(cases).toEqual({ n: 30, distinct: 30, min: 1001, max: 1030 });
    expect(first.caseNumbers).toEqual({ first: 1001, last: 1030 });
    const shop = await one<{ nextCaseNumber: number }>(`SELECT "nextCaseNumber" FROM "Shop" WHERE id = $1`, [shopId]);
    expect(shop.nextCaseNumber).toBe(1031);
  });

  it("writes each case's messages in ascending time, starting with the customer, in the case's shop", async () => {
    const shopId = first.shopId;
    const problems = await one<Record<string, number>>(
      `WITH m AS (
         SELECT m.*, c."shopId" AS "caseShopId", c."createdAt" AS "caseCreatedAt",
                lag(m."createdAt") OVER (PARTITION BY m."caseId" ORDER BY m.id) AS previous,
                row_number() OVER (PARTITION BY m."caseId" ORDER BY m."createdAt", m.id) AS position
           FROM "Message" m LEFT JOIN "Case" c ON c.id = m."caseId"
          WHERE m."shopId" = $1 OR c."shopId" = $1)
       SELECT count(*) FILTER (WHERE "caseShopId" IS NULL)::int AS orphans,
              count(*) FILTER (WHERE "shopId" IS DISTINCT FROM "caseShopId")::int AS "otherShop",
              count(*) FILTER (WHERE previous IS NOT NULL AND "createdAt" <= previous)::int AS "notAscending",
              count(*) FILTER (WHERE position = 1 AND (direction <> 'INBOUND' OR "authorType" <> 'CUSTOMER'))::int AS "notCustomerFirst",
              count(*) FILTER (WHERE position = 1 AND "createdAt" <> "caseCreatedAt")::int AS "notAtCaseStart",
              count(*) FILTER (WHERE direction <> 'INBOUND' AND "authorStaffId" IS NULL)::int AS "staffless"
         FROM m`,
      [shopId],
    );
    expect(problems).toEqual({ orphans: 0, otherShop: 0, notAscending: 0, notCustomerFirst: 0, notAtCaseStart: 0, staffless: 0 });

    // Every reference stays inside the shop (the seeder may skip the per-row foreign-key triggers).
    const references = await one<Record<string, number>>(
      `SELECT
         (SELECT count(*) FROM "CaseOrder" co LEFT JOIN "Case" c ON c.id = co."caseId" LEFT JOIN "Order" o ON o.id = co."orderId"
           WHERE co."shopId" = $1 AND (c."shopId" IS DISTINCT FROM $1 OR o."shopId" IS DISTINCT FROM $1))::int AS "caseOrders",
         (SELECT count(*) FROM "LineItem" li LEFT JOIN "Order" o ON o.id = li."orderId"
           WHERE li."shopId" = $1 AND o."shopId" IS DISTINCT FROM $1)::int AS "lineItems",
         (SELECT count(*) FROM "Fulfillment" f LEFT JOIN "Order" o ON o.id = f."orderId"
           WHERE f."shopId" = $1 AND o."shopId" IS DISTINCT FROM $1)::int AS fulfillments,
         (SELECT count(*) FROM "Order" o LEFT JOIN "Customer" cu ON cu.id = o."customerId"
           WHERE o."shopId" = $1 AND cu."shopId" IS DISTINCT FROM $1)::int AS orders,
         (SELECT count(*) FROM "Case" c LEFT JOIN "Staff" s ON s.id = c."assigneeId"
           WHERE c."shopId" = $1 AND c."assigneeId" IS NOT NULL AND s."shopId" IS DISTINCT FROM $1)::int AS assignees`,
      [shopId],
    );
    expect(references).toEqual({ caseOrders: 0, lineItems: 0, fulfillments: 0, orders: 0, assignees: 0 });

    // Case timestamps agree with the status and the messages.
    const incoherent = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Case" c
         LEFT JOIN LATERAL (SELECT min("createdAt") FILTER (WHERE direction = 'OUTBOUND') AS "firstOut",
                                   max("createdAt") AS "lastAt"
                              FROM "Message" m WHERE m."shopId" = c."shopId" AND m."caseId" = c.id) m ON true
        WHERE c."shopId" = $1
          AND ("firstResponseAt" IS DISTINCT FROM "firstOut"
               OR "lastMessageAt" IS DISTINCT FROM "lastAt"
               OR ("resolvedAt" IS NOT NULL) <> (status IN ('RESOLVED', 'CLOSED'))
               OR ("closedAt" IS NOT NULL) <> (status = 'CLOSED')
               OR ("snoozedUntil" IS NOT NULL) <> (status = 'SNOOZED')
               OR "lastActivityAt" < "lastAt")`,
      [shopId],
    );
    expect(incoherent.n).toBe(0);
  });

  it("appends on a second run without clashing", { timeout: 60_000 }, async () => {
    const second = await seedShop(pool, { shopDomain: domain, orders: 20, cases: 10, messagesPerCase: 2, batchSize: 7, seed: 42, now });
    const shopId = first.shopId;
    expect(second.shopId).toBe(shopId);
    expect(second.shopCreated).toBe(false);
    expect(second.orderNumbers).toEqual({ first: 1051, last: 1070 });
    expect(second.caseNumbers).toEqual({ first: 1031, last: 1040 });

    expect(await count("Order", shopId)).toBe(70);
    expect(await count("Case", shopId)).toBe(40);
    expect(await count("Message", shopId)).toBe(90 + 20);
    expect(await count("Customer", shopId)).toBe(17 + 7);
    expect(await count("LineItem", shopId)).toBe(first.rows.LineItem + second.rows.LineItem);

    const unique = await one<Record<string, boolean>>(
      `SELECT (SELECT count(DISTINCT number) = count(*) FROM "Case" WHERE "shopId" = $1) AS "caseNumbers",
              (SELECT count(DISTINCT "shopifyId") = count(*) FROM "Order" WHERE "shopId" = $1) AS orders,
              (SELECT count(DISTINCT "orderNumber") = count(*) FROM "Order" WHERE "shopId" = $1) AS "orderNumbers",
              (SELECT count(DISTINCT "shopifyId") = count(*) FROM "Customer" WHERE "shopId" = $1) AS customers,
              (SELECT count(DISTINCT "shopifyId") = count(*) FROM "LineItem" WHERE "shopId" = $1) AS "lineItems",
              (SELECT count(DISTINCT "shopifyId") = count(*) FROM "Fulfillment" WHERE "shopId" = $1) AS fulfillments`,
      [shopId],
    );
    expect(unique).toEqual({ caseNumbers: true, orders: true, orderNumbers: true, customers: true, lineItems: true, fulfillments: true });
    const shop = await one<{ nextCaseNumber: number }>(`SELECT "nextCaseNumber" FROM "Shop" WHERE id = $1`, [shopId]);
    expect(shop.nextCaseNumber).toBe(1041);
  });

  it("writes the same content for the same seed", { timeout: 60_000 }, async () => {
    const other = await seedShop(pool, { shopDomain: twin, orders: 50, cases: 30, messagesPerCase: 3, batchSize: 7, seed: 42, now });
    const content = (shopId: string) =>
      pool
        .query(
          `SELECT c.number, c.subject, c.status, c.topic, c."customerEmail", c."createdAt",
                  (SELECT replace(string_agg(m."bodyText", '|' ORDER BY m."createdAt"), s.name, '{shop}') FROM "Message" m
                    WHERE m."shopId" = c."shopId" AND m."caseId" = c.id) AS bodies
             FROM "Case" c JOIN "Shop" s ON s.id = c."shopId"
            WHERE c."shopId" = $1 AND c.number <= 1030 ORDER BY c.number`,
          [shopId],
        )
        .then((r) => r.rows);
    const mine = await content(first.shopId);
    expect(mine).toHaveLength(30);
    expect(await content(other.shopId)).toEqual(mine);
  });

  it("writes each case's search vector exactly as the database's own function computes it", async () => {
    const shopId = first.shopId;
    // The default run skips the row triggers and computes the vectors per batch.
    expect(first.foreignKeyChecks.on).toBe(false);
    const vectors = await one<{ n: number; missing: number; different: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE "searchVector" IS NULL)::int AS missing,
              count(*) FILTER (WHERE "searchVector" IS DISTINCT FROM
                casefile_case_search_vector(id, subject, "customerName", "customerEmail"))::int AS different
         FROM "Case" WHERE "shopId" = $1`,
      [shopId],
    );
    expect(vectors).toEqual({ n: 40, missing: 0, different: 0 });

    // Order names and the customer's words are found through the GIN-indexed document.
    const linked = await one<{ id: string; name: string; body: string }>(
      `SELECT c.id, o.name, (SELECT m."bodyText" FROM "Message" m WHERE m."caseId" = c.id ORDER BY m."createdAt" DESC LIMIT 1) AS body
         FROM "Case" c JOIN "CaseOrder" co ON co."caseId" = c.id JOIN "Order" o ON o.id = co."orderId"
        WHERE c."shopId" = $1 ORDER BY c.number LIMIT 1`,
      [shopId],
    );
    const word = linked.body.split(/[^A-Za-z]+/).filter((w) => w.length >= 6).at(-1)!;
    for (const query of [linked.name, word]) {
      const found = await pool.query(
        `SELECT id FROM "Case" WHERE "shopId" = $1 AND "searchVector" @@ websearch_to_tsquery('english', $2)`,
        [shopId, query],
      );
      expect(found.rows.map((row) => row.id)).toContain(linked.id);
    }
  });

  it("writes the same words and weights as the row triggers do", { timeout: 60_000 }, async () => {
    // The same content written with the triggers firing per row (messages appended one by one).
    const viaTriggers = await seedShop(pool, {
      shopDomain: triggered, orders: 50, cases: 30, messagesPerCase: 3, batchSize: 7, seed: 42, now, foreignKeyChecks: true, concurrency: 1,
    });
    expect(viaTriggers.foreignKeyChecks.on).toBe(true);
    // Lexemes with their weights per case; positions may differ where the triggers append message by message
    // (tsvector || shifts positions by the last position, skipping trailing stop words). The shops' own names
    // (in some replies) and domains (in staff addresses) are the only words that differ between the two.
    const words = (shopId: string) =>
      pool
        .query<{ number: number; words: string }>(
          `SELECT c.number, (SELECT string_agg(u.lexeme || ':' || array_to_string(ARRAY(SELECT DISTINCT w FROM unnest(u.weights) w ORDER BY w), ''), ' ' ORDER BY u.lexeme)
                               FROM unnest(c."searchVector") u
                              WHERE u.lexeme <> ALL (tsvector_to_array(to_tsvector('english', s.name)))) AS words
             FROM "Case" c JOIN "Shop" s ON s.id = c."shopId"
            WHERE c."shopId" = $1 AND c.number <= 1030 ORDER BY c.number`,
          [shopId],
        )
        .then((r) => r.rows.map((row) => ({ number: row.number, words: row.words.replaceAll(`seedtest-${unique}-triggers`, `seedtest-${unique}`) })));
    const mine = await words(first.shopId);
    expect(mine).toHaveLength(30);
    expect(mine.every((row) => row.words.length > 0)).toBe(true);
    expect(await words(viaTriggers.shopId)).toEqual(mine);
  });

  it("sets SLA deadlines for open work only and records who read which case", async () => {
    const shopId = first.shopId;
    const sla = await one<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE ("slaDueAt" IS NOT NULL) <> (status IN ('OPEN', 'PENDING')))::int AS "wrongPresence",
              count(*) FILTER (WHERE status = 'OPEN' AND "firstResponseAt" IS NULL AND "slaDueAt" <> "firstResponseDueAt")::int AS "wrongFirst",
              count(*) FILTER (WHERE status IN ('OPEN', 'PENDING') AND "firstResponseAt" IS NOT NULL AND "slaDueAt" <> "resolutionDueAt")::int AS "wrongResolution"
         FROM "Case" WHERE "shopId" = $1`,
      [shopId],
    );
    expect(sla).toEqual({ wrongPresence: 0, wrongFirst: 0, wrongResolution: 0 });

    const reads = await one<{ n: number; outside: number; early: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE c."shopId" IS DISTINCT FROM $1 OR s."shopId" IS DISTINCT FROM $1)::int AS outside,
              count(*) FILTER (WHERE r."lastReadAt" < c."createdAt" OR r."lastReadAt" > c."lastActivityAt")::int AS early
         FROM "CaseRead" r LEFT JOIN "Case" c ON c.id = r."caseId" LEFT JOIN "Staff" s ON s.id = r."staffId"
        WHERE r."shopId" = $1`,
      [shopId],
    );
    expect(first.rows.CaseRead).toBeGreaterThan(0);
    expect(reads.n).toBeGreaterThanOrEqual(first.rows.CaseRead);
    expect(reads).toMatchObject({ outside: 0, early: 0 });
  });
});
