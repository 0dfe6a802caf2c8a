/**
 * The insights job (docs/decisions/0015-insights-rollups.md): brings the daily rollups of every shop up to date.
 *
 * refreshInsights (every minute): per shop with dirty days, a batch of up to BATCH_DAYS days is moved from
 * InsightDirtyDay to InsightClaimedDay in a short transaction (so the triggers marking days never wait on a
 * recompute), its case and self-service rollups are recomputed in one transaction and its order rollups in another
 * (on the embedded database one transaction runs at a time), then the claim is dropped. If anything throws the days
 * go back to dirty; if the worker dies its claim goes stale after CLAIM_STALE_MS and is taken again. A fresh claim
 * makes other workers skip the shop. Today's backlog (open/pending now) is written with each batch.
 *
 * A shop without InsightState, or whose zone changed since its rollups were built, is rebuilt: its day rollups are
 * deleted and every day from its first case/order/event to today is marked dirty in one transaction; the batches
 * then drain them like any other dirty days (most recent first), so a rebuild survives restarts.
 *
 * refreshInsightsHourly: re-marks the last MATURING_DAYS local days (self-service events leaving their 72-hour
 * window, cases becoming a day old) and the creation days of unanswered cases whose first-response deadline passed
 * since the last run, then rebuilds the customer-level rollups (rebuildCustomerRollups).
 */
import db from "../../db.server";
import type { Prisma } from "../../generated/prisma/client";
import { settingsForShop } from "../../shops/settings.server";
import { rebuildCustomerRollups, recomputeOrderDays } from "./orders.server";
import { countBacklog, persistRepeatContacts, recomputeCaseDays, recomputeSelfServiceDays, ts, type RollupContext } from "./cases.server";
import { recomputeDurationMonths } from "./durations.server";
import { INSIGHT_TABLES } from "./tables";
import { addDays, dateAsDay, dayAsDate, localDay, safeTimeZone } from "./days";

export const BATCH_DAYS = 60;
/** refreshInsights stops taking new batches after this long (the next minute's run goes on). */
const TIME_BUDGET_MS = 45_000;
/** Self-service events leave their 72-hour window up to 3 days + a few hours after their day: 5 days covers it. */
const MATURING_DAYS = 5;
const HOUR = 60 * 60 * 1000;

interface ShopRow {
  id: string;
  ianaTimezone: string;
  settings: unknown;
  stateTimezone: string | null;
}

export interface RefreshSummary {
  shops: number;
  days: number;
  rebuilt: string[];
  failed: { shopId: string; error: string }[];
}

const lockKey = (shopId: string) => `insights:${shopId}`;

async function loadShop(shopId: string): Promise<ShopRow | null> {
  const [row] = await db.$queryRaw<ShopRow[]>`
    SELECT s.id::text AS id, s."ianaTimezone", s.settings, st.timezone AS "stateTimezone"
    FROM "Shop" s LEFT JOIN "InsightState" st ON st."shopId" = s.id WHERE s.id = ${shopId}::uuid`;
  return row ?? null;
}

/** Deletes the shop's day rollups and marks every day with data dirty, in the shop's current zone. */
async function startRebuild(shop: ShopRow, now: Date): Promise<boolean> {
  const timezone = safeTimeZone(shop.ianaTimezone);
  return db.$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(shop.id)})) AS locked`;
      if (!locked) return false;
      // A worker recomputing this shop's days right now: rebuild after it (its claims would go stale otherwise).
      if ((await tx.insightClaimedDay.count({ where: { shopId: shop.id, claimedAt: { gt: new Date(Date.now() - CLAIM_STALE_MS) } } })) > 0) return false;
      const [first] = await tx.$queryRaw<{ at: Date | null }[]>`
        SELECT least(
          (SELECT min("createdAt") FROM "Case" WHERE "shopId" = ${shop.id}::uuid),
          (SELECT min("processedAt") FROM "Order" WHERE "shopId" = ${shop.id}::uuid),
          (SELECT min("createdAt") FROM "SelfServiceEvent" WHERE "shopId" = ${shop.id}::uuid)) AS at`;
      for (const table of ["InsightCaseDaily", "InsightCaseDayTotal", "InsightDurationMonthly", "InsightSelfServiceDaily", "InsightOrderDaily", "InsightProductDaily", "InsightReturnReasonDaily"]) {
        await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "shopId" = $1::uuid`, shop.id);
      }
      await tx.insightDirtyDay.deleteMany({ where: { shopId: shop.id } });
      await tx.insightClaimedDay.deleteMany({ where: { shopId: shop.id } });
      const today = localDay(now, timezone);
      if (first?.at) {
        const from = localDay(first.at, timezone) < today ? localDay(first.at, timezone) : today;
        await tx.$executeRaw`
          INSERT INTO "InsightDirtyDay" ("shopId", day)
          SELECT ${shop.id}::uuid, d::date FROM generate_series(${from}::date, ${today}::date, interval '1 day') d
          ON CONFLICT DO NOTHING`;
        await estimateBacklogHistory(tx, shop.id, timezone, from, today);
      }
      await tx.insightState.upsert({
        where: { shopId: shop.id },
        create: { shopId: shop.id, timezone: shop.ianaTimezone, rebuiltAt: now },
        update: { timezone: shop.ianaTimezone, rebuiltAt: now },
      });
      return true;
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/**
 * Backlog history is a snapshot the job writes as days go by; for days before the shop's first build it is
 * reconstructed from the cases' times: at the end of day D, cases created by then and not resolved by then (all
 * counted as open — whether one waited on the customer is not recorded). Days that have a snapshot keep it.
 * `from` is the shop's first day with data, so nothing was created or resolved before it.
 */
async function estimateBacklogHistory(tx: Prisma.TransactionClient, shopId: string, timezone: string, from: string, today: string) {
  await tx.$executeRaw`
    WITH created AS (
      SELECT (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})::date AS day, count(*) AS n
      FROM "Case" WHERE "shopId" = ${shopId}::uuid AND "mergedIntoId" IS NULL AND NOT outreach GROUP BY 1),
    resolved AS (
      SELECT (("resolvedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})::date AS day, count(*) AS n
      FROM "Case" WHERE "shopId" = ${shopId}::uuid AND "mergedIntoId" IS NULL AND NOT outreach AND "resolvedAt" IS NOT NULL GROUP BY 1),
    days AS (SELECT d::date AS day FROM generate_series(${from}::date, ${today}::date - 1, interval '1 day') d)
    INSERT INTO "InsightBacklogDaily" ("shopId", day, open, pending)
    SELECT ${shopId}::uuid, days.day,
      greatest(0, sum(coalesce(c.n, 0) - coalesce(r.n, 0)) OVER (ORDER BY days.day))::int,
      0
    FROM days LEFT JOIN created c ON c.day = days.day LEFT JOIN resolved r ON r.day = days.day
    ON CONFLICT ("shopId", day) DO NOTHING`;
}

type BatchOutcome = { status: "done"; days: string[] } | { status: "busy" | "empty" };

/** A claim older than this belongs to a worker that died: another worker takes the days again. */
const CLAIM_STALE_MS = 10 * 60 * 1000;

/**
 * Takes up to `batchDays` of the shop's dirty days into InsightClaimedDay in a short transaction of its own, so the
 * triggers writing InsightDirtyDay never wait on a recompute (a write arriving during it marks the day dirty again).
 * "busy" while another worker holds a fresh claim on the shop; stale claims (a dead worker's) are taken first.
 * Claim times are wall-clock (operational), not the job's `now` (the instant the figures are computed as of).
 */
async function claimDays(shopId: string, batchDays: number): Promise<BatchOutcome> {
  return db.$transaction(
    async (tx): Promise<BatchOutcome> => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(shopId)})) AS locked`;
      if (!locked) return { status: "busy" };
      const claimedAt = new Date();
      const staleBefore = new Date(claimedAt.getTime() - CLAIM_STALE_MS);
      const fresh = await tx.insightClaimedDay.count({ where: { shopId, claimedAt: { gt: staleBefore } } });
      if (fresh > 0) return { status: "busy" };
      const stale = await tx.$queryRaw<{ day: Date }[]>`
        UPDATE "InsightClaimedDay" SET "claimedAt" = ${ts(claimedAt)}::timestamp WHERE "shopId" = ${shopId}::uuid RETURNING day`;
      const room = Math.max(0, batchDays - stale.length);
      const taken =
        room === 0
          ? []
          : await tx.$queryRaw<{ day: Date }[]>`
              DELETE FROM "InsightDirtyDay" WHERE "shopId" = ${shopId}::uuid AND day IN (
                SELECT day FROM "InsightDirtyDay" WHERE "shopId" = ${shopId}::uuid ORDER BY day DESC LIMIT ${room})
              RETURNING day`;
      if (taken.length > 0) {
        await tx.$executeRaw`
          INSERT INTO "InsightClaimedDay" ("shopId", day, "claimedAt")
          SELECT ${shopId}::uuid, d, ${ts(claimedAt)}::timestamp FROM unnest(${taken.map((r) => dateAsDay(r.day))}::date[]) d
          ON CONFLICT ("shopId", day) DO UPDATE SET "claimedAt" = EXCLUDED."claimedAt"`;
      }
      const days = [...new Set([...stale, ...taken].map((r) => dateAsDay(r.day)))].sort();
      return days.length === 0 ? { status: "empty" } : { status: "done", days };
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/** Gives claimed days back as dirty (a recompute failed), so the next run takes them again. */
async function releaseClaims(shopId: string, days: string[]): Promise<void> {
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO "InsightDirtyDay" ("shopId", day) SELECT ${shopId}::uuid, d FROM unnest(${days}::date[]) d ON CONFLICT DO NOTHING`,
    db.$executeRaw`DELETE FROM "InsightClaimedDay" WHERE "shopId" = ${shopId}::uuid AND day = ANY(${days}::date[])`,
  ]);
}

/**
 * Recomputes one batch of the shop's dirty days: claim (short transaction), case/self-service rollups and the day's
 * backlog (one transaction), order rollups (recomputeOrderDays' own transaction — the embedded database runs one
 * transaction at a time), then the claim is dropped. Whatever fails, the days go back to dirty; a worker that dies
 * leaves its claim, which goes stale and is taken again — no day is ever marked done without being recomputed.
 */
async function processBatch(shop: ShopRow, now: Date, batchDays = BATCH_DAYS): Promise<BatchOutcome> {
  const timezone = safeTimeZone(shop.ianaTimezone);
  const ctx: RollupContext = { timezone, settings: settingsForShop(shop.settings, shop.ianaTimezone), now };
  const claim = await claimDays(shop.id, batchDays);
  if (claim.status !== "done") return claim;
  const { days } = claim;
  try {
    await persistRepeatContacts(db, shop.id, days, ctx);
    await db.$transaction(
      async (tx) => {
        await recomputeCaseDays(tx, shop.id, days, ctx);
        await recomputeDurationMonths(tx, shop.id, days);
        await recomputeSelfServiceDays(tx, shop.id, days, ctx);
        const backlog = await countBacklog(tx, shop.id);
        const today = dayAsDate(localDay(now, timezone));
        await tx.insightBacklogDaily.upsert({
          where: { shopId_day: { shopId: shop.id, day: today } },
          create: { shopId: shop.id, day: today, ...backlog },
          update: backlog,
        });
        await tx.$executeRaw`UPDATE "InsightState" SET "updatedAt" = ${now} WHERE "shopId" = ${shop.id}::uuid`;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
    await recomputeOrderDays(shop.id, days, timezone);
    await db.$executeRaw`DELETE FROM "InsightClaimedDay" WHERE "shopId" = ${shop.id}::uuid AND day = ANY(${days}::date[])`;
  } catch (error) {
    await releaseClaims(shop.id, days).catch(() => undefined);
    throw error;
  }
  return { status: "done", days };
}

export async function markDirty(shopId: string, days: string[]): Promise<void> {
  if (days.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "InsightDirtyDay" ("shopId", day) SELECT ${shopId}::uuid, d FROM unnest(${days}::date[]) d ON CONFLICT DO NOTHING`;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The job run every minute. Returns what it did; a failing shop is logged and does not stop the others. */
export async function refreshInsights(now: Date = new Date(), options: { budgetMs?: number; batchDays?: number } = {}): Promise<RefreshSummary> {
  const started = Date.now();
  const budget = options.budgetMs ?? TIME_BUDGET_MS;
  const summary: RefreshSummary = { shops: 0, days: 0, rebuilt: [], failed: [] };
  const shops = await db.$queryRaw<ShopRow[]>`
    SELECT s.id::text AS id, s."ianaTimezone", s.settings, st.timezone AS "stateTimezone"
    FROM "Shop" s LEFT JOIN "InsightState" st ON st."shopId" = s.id
    WHERE s.state = 'INSTALLED'
      AND (st."shopId" IS NULL OR st.timezone IS DISTINCT FROM s."ianaTimezone"
           OR EXISTS (SELECT 1 FROM "InsightDirtyDay" d WHERE d."shopId" = s.id)
           OR EXISTS (SELECT 1 FROM "InsightClaimedDay" c WHERE c."shopId" = s.id))`;
  summary.shops = shops.length;

  let active: ShopRow[] = [];
  for (const shop of shops) {
    try {
      if (shop.stateTimezone !== shop.ianaTimezone) {
        if (await startRebuild(shop, now)) summary.rebuilt.push(shop.id);
        else continue;
      }
      active.push(shop);
    } catch (error) {
      summary.failed.push({ shopId: shop.id, error: describe(error) });
    }
  }
  // Round robin, one batch per shop per turn, so one big rebuild does not starve the other shops.
  while (active.length > 0 && Date.now() - started < budget) {
    const next: ShopRow[] = [];
    for (const shop of active) {
      try {
        const outcome = await processBatch(shop, now, options.batchDays);
        if (outcome.status === "done") {
          summary.days += outcome.days.length;
          next.push(shop);
        }
      } catch (error) {
        summary.failed.push({ shopId: shop.id, error: describe(error) });
      }
      if (Date.now() - started >= budget) break;
    }
    active = next;
  }
  for (const f of summary.failed) console.error(`[insights] shop ${f.shopId}: rollup recompute failed, its days stay dirty: ${f.error}`);
  return summary;
}

/**
 * Rebuilds one shop's rollups now (demo seed, bench, tests): every day recomputed, then the customer rollups.
 * Throws when a batch fails (the remaining days stay dirty for the job).
 */
export async function rebuildShopInsights(shopId: string, now: Date = new Date()): Promise<{ days: number }> {
  const shop = await loadShop(shopId);
  if (!shop) throw new Error(`no shop ${shopId}`);
  for (let attempt = 0; !(await startRebuild(shop, now)); attempt++) {
    if (attempt >= 50) throw new Error(`insights rebuild of shop ${shopId}: another worker holds it`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const rebuilt = { ...shop, stateTimezone: shop.ianaTimezone };
  let days = 0;
  for (let busy = 0; ; ) {
    const outcome = await processBatch(rebuilt, now);
    if (outcome.status === "empty") break;
    if (outcome.status === "busy") {
      if (++busy > 50) throw new Error(`insights rebuild of shop ${shopId}: another worker holds it`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    if (outcome.status === "done") days += outcome.days.length;
  }
  await rebuildCustomerRollups(shopId, now);
  await db.insightState.update({ where: { shopId }, data: { customersAt: now } });
  return { days };
}


/** Rollup tables carry no foreign key (history outlives staff); rows of shops deleted since go here. */
async function deleteOrphanRollups(): Promise<void> {
  for (const table of INSIGHT_TABLES) {
    await db.$executeRawUnsafe(`DELETE FROM "${table}" t WHERE NOT EXISTS (SELECT 1 FROM "Shop" s WHERE s.id = t."shopId")`);
  }
}

/**
 * The hourly job: figures that change with time alone are re-marked dirty (the minute job recomputes them), then
 * the customer-level rollups are rebuilt.
 */
export async function refreshInsightsHourly(now: Date = new Date()): Promise<{ shops: number; failed: number }> {
  const shops = await db.$queryRaw<(ShopRow & { customersAt: Date | null })[]>`
    SELECT s.id::text AS id, s."ianaTimezone", s.settings, st.timezone AS "stateTimezone", st."customersAt"
    FROM "Shop" s JOIN "InsightState" st ON st."shopId" = s.id WHERE s.state = 'INSTALLED'`;
  let failed = 0;
  await deleteOrphanRollups();
  for (const shop of shops) {
    try {
      const timezone = safeTimeZone(shop.ianaTimezone);
      const today = localDay(now, timezone);
      await markDirty(shop.id, Array.from({ length: MATURING_DAYS }, (_, i) => addDays(today, -i)));
      // Unanswered cases whose first-response deadline passed since the last run breach on their creation day.
      const since = new Date(Math.min(shop.customersAt?.getTime() ?? now.getTime() - 7 * 24 * HOUR, now.getTime() - 2 * HOUR));
      await db.$executeRaw`
        INSERT INTO "InsightDirtyDay" ("shopId", day)
        SELECT DISTINCT "shopId", ((("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone}))::date FROM "Case"
        WHERE "shopId" = ${shop.id}::uuid AND status IN ('OPEN', 'PENDING', 'SNOOZED') AND "firstResponseAt" IS NULL
          AND "mergedIntoId" IS NULL AND "firstResponseDueAt" > ${ts(since)}::timestamp AND "firstResponseDueAt" <= ${ts(now)}::timestamp
        ON CONFLICT DO NOTHING`;
      await rebuildCustomerRollups(shop.id, now);
      await db.insightState.update({ where: { shopId: shop.id }, data: { customersAt: now } });
    } catch (error) {
      failed += 1;
      console.error(`[insights] shop ${shop.id}: hourly insights refresh failed: ${describe(error)}`);
    }
  }
  return { shops: shops.length, failed };
}
