/**
 * The support side of the insights report (SupportReport, SelfServiceReport, CsatReport), read from the rollup
 * tables only (InsightCaseDaily, or its assignee-free sums InsightCaseDayTotal when no assignee filter applies;
 * InsightSelfServiceDaily, InsightBacklogDaily) plus one live count of the open and pending cases and a lookup of
 * staff names. What each stored count means: app/insights/rollup/cases.server.ts.
 *
 * Definitions:
 * - median and p90 are NEAREST-RANK percentiles over the exact minutes of every case in the period: with the n
 *   values sorted ascending, the p-th percentile is the value at rank ceil(p × n) (1-based). So over 10 values the
 *   median is the 5th smallest and p90 the 9th — always a duration some case really had. Computed in PostgreSQL
 *   with percentile_disc, which is exactly this definition. null when there are no values.
 * - Rates are fractions of the figure named in report-types.ts, null when the denominator is 0.
 * - Self-service resolution rate = (events − followed up − pending) / (events − pending): events still inside
 *   their 72-hour window and not yet followed up are left out of both sides until they are decided.
 * - CSAT average = mean score 1–5 of the ratings answered in the period; satisfied = share of 4 and 5.
 * - Backlog: open = OPEN + SNOOZED (staff still owe an answer), pending = PENDING (waiting on the customer).
 *   "now" is live; each day of the series is the last count the job wrote on that day, carried forward over days
 *   it did not run (0 before the first one); today is the live count. Days before the shop's first build were
 *   reconstructed by the rebuild from creation and resolution times (all counted as open).
 *
 * Filters: channel, topic and assignee narrow the case rollups (volumes, durations, rates, topics, channels,
 * classifier, CSAT — for CSAT the assignee is the staff member the rating is credited to). Self-service events
 * and the backlog belong to no case, so they ignore the filters.
 */
import db from "../db.server";
import { Prisma } from "../generated/prisma/client";
import type { CaseTopic, Channel, SelfServiceKind } from "../generated/prisma/enums";
import { t } from "../i18n/en";
import { countBacklog } from "./rollup/cases.server";
import { DURATION_KINDS } from "./rollup/durations.server";
import { dateAsDay, eachDay, localDay, safeTimeZone } from "./rollup/days";
import type { CsatReport, DurationFigure, Figure, InsightsFilters, InsightsQuery, SelfServiceReport, SupportReport } from "./report-types";

export interface SupportContext {
  timezone: string;
  now?: Date;
}

export interface SupportReports {
  support: SupportReport;
  selfService: SelfServiceReport;
  csat: CsatReport;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const figure = (value: number | null, previous: number | null): Figure => ({ value, previous });

/** Nearest-rank percentile of `values` (need not be sorted): the value at rank ceil(p × n). Same as percentile_disc. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/**
 * The same nearest-rank percentile from (value, count) pairs: the smallest value whose cumulative count reaches
 * ceil(p × n). Gives exactly what nearestRank gives over the expanded values.
 */
export function nearestRankOfCounts(pairs: readonly { m: number; n: number }[], p: number): number | null {
  const total = pairs.reduce((sum, r) => sum + r.n, 0);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(p * total)));
  const sorted = [...pairs].sort((a, b) => a.m - b.m);
  let seen = 0;
  for (const pair of sorted) {
    seen += pair.n;
    if (seen >= rank) return pair.m;
  }
  return sorted[sorted.length - 1].m;
}

interface DurationPair {
  cur: boolean;
  m: number;
  n: number;
}

/** Months (their first days) lying wholly inside a period. */
export function wholeMonths(period: { from: string; to: string }): string[] {
  const months: string[] = [];
  let [y, m] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
  if (period.from.slice(8) !== "01") [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  for (;;) {
    const first = `${y}-${String(m).padStart(2, "0")}-01`;
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    const last = new Date(Date.UTC(ny, nm - 1, 1) - 86_400_000).toISOString().slice(0, 10);
    if (first > period.to || last > period.to) break;
    months.push(first);
    [y, m] = [ny, nm];
  }
  return months;
}

/** The days of a period outside its whole months (before the first, after the last), as inclusive ranges. */
function edgeRanges(period: { from: string; to: string }): { from: string; to: string }[] {
  const months = wholeMonths(period);
  if (months.length === 0) return [period];
  const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const lastMonth = months[months.length - 1];
  const [y, m] = [Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7))];
  const afterLast = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1)).toISOString().slice(0, 10);
  const ranges: { from: string; to: string }[] = [];
  if (period.from < months[0]) ranges.push({ from: period.from, to: dayBefore(months[0]) });
  if (afterLast <= period.to) ranges.push({ from: afterLast, to: period.to });
  return ranges;
}

/**
 * Exact first-response and resolution minutes of both periods as (value, how many) pairs, for percentiles
 * (nearestRankOfCounts). A hash aggregate over unnested minutes is several times cheaper than sorting them. Without
 * filters, months lying wholly inside a period come pre-aggregated from InsightDurationMonthly (written with the days)
 * and only the remaining days are unnested — a year of a large shop is then tens of thousands of pairs, not
 * hundreds of thousands of cases. With a filter every day is read (the monthly pairs carry no dimensions).
 */
async function durationPairs(shopId: string, query: InsightsQuery, where: Prisma.Sql): Promise<[DurationPair[], DurationPair[]]> {
  const { period, previous, filters } = query;
  const unfiltered = !filters.channel && !filters.topic && !filters.assignee;
  const months = unfiltered ? [...wholeMonths(period), ...wholeMonths(previous)] : [];
  // Without whole months: both periods' days (the caller's `where`); with them: only the days around them.
  const dayRanges = months.length > 0 ? [...edgeRanges(period), ...edgeRanges(previous)] : [];
  const daysWhere =
    months.length === 0
      ? where
      : dayRanges.length === 0
      ? Prisma.sql`false`
      : Prisma.sql`"shopId" = ${shopId}::uuid AND (${Prisma.join(
          dayRanges.map((r) => Prisma.sql`day BETWEEN ${r.from}::date AND ${r.to}::date`),
          " OR ",
        )})`;
  const [daily, monthly] = await Promise.all([
    Promise.all(
      (["firstResponseMinutes", "resolutionMinutes"] as const).map(
        (column) =>
          db.$queryRaw<DurationPair[]>`
            SELECT (day BETWEEN ${period.from}::date AND ${period.to}::date) AS cur, m, count(*)::int AS n
            FROM "InsightCaseDaily", unnest(${Prisma.raw(`"${column}"`)}) AS m
            WHERE ${daysWhere} AND ${Prisma.raw(column === "firstResponseMinutes" ? `"firstResponded" > 0` : "resolved > 0")}
            GROUP BY 1, 2`,
      ),
    ),
    months.length > 0
      ? db.$queryRaw<{ month: Date; kind: string; minutes: number[]; counts: number[] }[]>`
          SELECT month, kind, minutes, counts FROM "InsightDurationMonthly"
          WHERE "shopId" = ${shopId}::uuid AND month = ANY(${months}::date[])`
      : Promise.resolve([]),
  ]);
  const [firstResponse, resolution] = daily;
  for (const row of monthly) {
    const month = dateAsDay(row.month);
    const cur = month >= period.from && month <= period.to;
    const target = row.kind === DURATION_KINDS.firstResponse ? firstResponse : resolution;
    row.minutes.forEach((m, i) => target.push({ cur, m, n: row.counts[i] ?? 0 }));
  }
  return [firstResponse, resolution];
}

function filterSql(filters: InsightsFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filters.channel) parts.push(Prisma.sql`AND channel = ${filters.channel}::"Channel"`);
  if (filters.topic) parts.push(Prisma.sql`AND topic = ${filters.topic}::"CaseTopic"`);
  if (filters.assignee === "unassigned") parts.push(Prisma.sql`AND "assigneeId" IS NULL`);
  else if (filters.assignee) parts.push(Prisma.sql`AND "assigneeId" = ${filters.assignee}::uuid`);
  return parts.length > 0 ? Prisma.join(parts, " ") : Prisma.empty;
}

interface GroupRow {
  /** GROUPING(day, topic, channel): which columns this row is grouped by (a 1 bit = not grouped by it). */
  g: number;
  which: "cur" | "prev";
  day: string | null;
  channel: Channel | null;
  topic: CaseTopic | null;
  created: number;
  firstResponded: number;
  firstResponseBreached: number;
  repeatContacts: number;
  urgent: number;
  negative: number;
  resolved: number;
  resolutionBreached: number;
  firstTouchResolved: number;
  reopened: number;
  topicReviewed: number;
  topicCorrect: number;
  csatResponses: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

type Sums = Omit<GroupRow, "g" | "which" | "day" | "channel" | "topic">;
const SUM_KEYS: (keyof Sums)[] = [
  "created",
  "firstResponded",
  "firstResponseBreached",
  "repeatContacts",
  "urgent",
  "negative",
  "resolved",
  "resolutionBreached",
  "firstTouchResolved",
  "reopened",
  "topicReviewed",
  "topicCorrect",
  "csatResponses",
  "s1",
  "s2",
  "s3",
  "s4",
  "s5",
];
const zeroSums = (): Sums => Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as unknown as Sums;
function addInto(target: Sums, row: Sums) {
  for (const k of SUM_KEYS) target[k] += row[k];
}

const csatAverage = (s: Sums) => ratio(s.s1 + 2 * s.s2 + 3 * s.s3 + 4 * s.s4 + 5 * s.s5, s.s1 + s.s2 + s.s3 + s.s4 + s.s5);
const csatSatisfied = (s: Sums) => ratio(s.s4 + s.s5, s.s1 + s.s2 + s.s3 + s.s4 + s.s5);

export async function getSupportReport(shopId: string, query: InsightsQuery, ctx: SupportContext): Promise<SupportReports> {
  const { period, previous, filters } = query;
  const timezone = safeTimeZone(ctx.timezone);
  const now = ctx.now ?? new Date();
  const where = Prisma.sql`"shopId" = ${shopId}::uuid
    AND (day BETWEEN ${period.from}::date AND ${period.to}::date OR day BETWEEN ${previous.from}::date AND ${previous.to}::date)
    ${filterSql(filters)}`;
  const inPeriod = (day: string) => day >= period.from && day <= period.to;

  // Figures not filtered by assignee come from the assignee-free day totals (the same sums, a sixth of the rows).
  const counts = filters.assignee ? Prisma.raw(`"InsightCaseDaily"`) : Prisma.raw(`"InsightCaseDayTotal"`);

  const [groups, durations, staffRows, selfRows, backlogRows, backlogNow] = await Promise.all([
    // One scan, several groupings (g = GROUPING(day, topic, channel)): 7 totals per period, 3 per day, 5 per topic,
    // 6 per channel, 1 per day and topic; day-level groups only for the period itself.
    db.$queryRaw<GroupRow[]>`
      SELECT GROUPING(day, topic, channel)::int AS g, which, day::text AS day, channel, topic,
        sum(created)::int AS created, sum("firstResponded")::int AS "firstResponded",
        sum("firstResponseBreached")::int AS "firstResponseBreached", sum("repeatContacts")::int AS "repeatContacts",
        sum(urgent)::int AS urgent, sum(negative)::int AS negative, sum(resolved)::int AS resolved,
        sum("resolutionBreached")::int AS "resolutionBreached", sum("firstTouchResolved")::int AS "firstTouchResolved",
        sum(reopened)::int AS reopened, sum("topicReviewed")::int AS "topicReviewed", sum("topicCorrect")::int AS "topicCorrect",
        sum("csatResponses")::int AS "csatResponses",
        sum("csatScores"[1])::int AS s1, sum("csatScores"[2])::int AS s2, sum("csatScores"[3])::int AS s3,
        sum("csatScores"[4])::int AS s4, sum("csatScores"[5])::int AS s5
      FROM (SELECT CASE WHEN day BETWEEN ${period.from}::date AND ${period.to}::date THEN 'cur' ELSE 'prev' END AS which, *
            FROM ${counts} WHERE ${where}) x
      GROUP BY GROUPING SETS ((which), (which, day), (which, topic), (which, channel), (which, day, topic))
      HAVING GROUPING(day) = 1 OR min(which) = 'cur'`,
    durationPairs(shopId, query, where),
    db.$queryRaw<(Pick<Sums, "csatResponses" | "s1" | "s2" | "s3" | "s4" | "s5"> & { staffId: string | null })[]>`
      SELECT "assigneeId"::text AS "staffId", sum("csatResponses")::int AS "csatResponses",
        sum("csatScores"[1])::int AS s1, sum("csatScores"[2])::int AS s2, sum("csatScores"[3])::int AS s3,
        sum("csatScores"[4])::int AS s4, sum("csatScores"[5])::int AS s5
      FROM "InsightCaseDaily"
      WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${period.from}::date AND ${period.to}::date AND "csatResponses" > 0 ${filterSql(filters)}
      GROUP BY "assigneeId"`,
    // Self-service and backlog: no filters (they belong to no case).
    db.$queryRaw<{ day: string; kind: SelfServiceKind; events: number; followedUp: number; pending: number }[]>`
      SELECT day::text AS day, kind, sum(events)::int AS events, sum("followedUp")::int AS "followedUp", sum(pending)::int AS pending
      FROM "InsightSelfServiceDaily"
      WHERE "shopId" = ${shopId}::uuid
        AND (day BETWEEN ${period.from}::date AND ${period.to}::date OR day BETWEEN ${previous.from}::date AND ${previous.to}::date)
      GROUP BY day, kind`,
    db.$queryRaw<{ day: Date; open: number; pending: number }[]>`
      (SELECT day, open, pending FROM "InsightBacklogDaily"
        WHERE "shopId" = ${shopId}::uuid AND day < ${period.from}::date ORDER BY day DESC LIMIT 1)
      UNION ALL
      (SELECT day, open, pending FROM "InsightBacklogDaily"
        WHERE "shopId" = ${shopId}::uuid AND day BETWEEN ${period.from}::date AND ${period.to}::date)`,
    countBacklog(db, shopId),
  ]);

  const days = eachDay(period.from, period.to);
  const cur = zeroSums();
  const prev = zeroSums();
  const byDay = new Map<string, { created: number; resolved: number }>(days.map((d) => [d, { created: 0, resolved: 0 }]));
  const topicDay = new Map<string, number>();
  const topics = new Map<CaseTopic, { count: number; previous: number; reviewed: number; correct: number }>();
  const channels = new Map<Channel, { count: number; previous: number }>();
  for (const g of groups) {
    const current = g.which === "cur";
    if (g.g === 7) addInto(current ? cur : prev, g);
    else if (g.g === 3 && g.day) {
      const d = byDay.get(g.day);
      if (d) {
        d.created = g.created;
        d.resolved = g.resolved;
      }
    } else if (g.g === 1 && g.day && g.topic) topicDay.set(`${g.day}|${g.topic}`, g.created);
    else if (g.g === 5 && g.topic) {
      const topic = topics.get(g.topic) ?? { count: 0, previous: 0, reviewed: 0, correct: 0 };
      if (current) {
        topic.count = g.created;
        topic.reviewed = g.topicReviewed;
        topic.correct = g.topicCorrect;
      } else topic.previous = g.created;
      topics.set(g.topic, topic);
    } else if (g.g === 6 && g.channel) {
      const channel = channels.get(g.channel) ?? { count: 0, previous: 0 };
      if (current) channel.count = g.created;
      else channel.previous = g.created;
      channels.set(g.channel, channel);
    }
  }

  const duration = (kind: "fr" | "res"): DurationFigure => {
    const rows = durations[kind === "fr" ? 0 : 1];
    const current = rows.filter((r) => r.cur);
    const before = rows.filter((r) => !r.cur);
    const count = (list: typeof rows) => list.reduce((sum, r) => sum + r.n, 0);
    return {
      median: nearestRankOfCounts(current, 0.5),
      p90: nearestRankOfCounts(current, 0.9),
      count: count(current),
      previousMedian: nearestRankOfCounts(before, 0.5),
      previousP90: nearestRankOfCounts(before, 0.9),
      previousCount: count(before),
    };
  };

  const topicsInPeriod = [...topics.entries()]
    .filter(([, v]) => v.count > 0)
    .sort(([ta, a], [tb, b]) => b.count - a.count || ta.localeCompare(tb))
    .map(([topic]) => topic);
  const backlogByDay = new Map(backlogRows.map((r) => [dateAsDay(r.day), r]));
  const beforePeriod = backlogRows.filter((r) => dateAsDay(r.day) < period.from).at(0);
  const today = localDay(now, timezone);
  let carried = { open: beforePeriod?.open ?? 0, pending: beforePeriod?.pending ?? 0 };
  const backlogSeries = days.map((day) => {
    if (day === today) carried = backlogNow;
    else {
      const row = backlogByDay.get(day);
      if (row) carried = { open: row.open, pending: row.pending };
    }
    return { day, ...carried };
  });

  const support: SupportReport = {
    volume: figure(cur.created, prev.created),
    resolvedCount: figure(cur.resolved, prev.resolved),
    firstResponse: duration("fr"),
    resolution: duration("res"),
    firstTouchResolutionRate: figure(ratio(cur.firstTouchResolved, cur.resolved), ratio(prev.firstTouchResolved, prev.resolved)),
    reopenRate: figure(ratio(cur.reopened, cur.resolved), ratio(prev.reopened, prev.resolved)),
    repeatContactRate: figure(ratio(cur.repeatContacts, cur.created), ratio(prev.repeatContacts, prev.created)),
    firstResponseBreachRate: figure(ratio(cur.firstResponseBreached, cur.created), ratio(prev.firstResponseBreached, prev.created)),
    resolutionBreachRate: figure(ratio(cur.resolutionBreached, cur.resolved), ratio(prev.resolutionBreached, prev.resolved)),
    urgentRate: figure(ratio(cur.urgent, cur.created), ratio(prev.urgent, prev.created)),
    negativeRate: figure(ratio(cur.negative, cur.created), ratio(prev.negative, prev.created)),
    backlog: { open: backlogNow.open, pending: backlogNow.pending, series: backlogSeries },
    volumeSeries: days.map((day) => ({ day, ...byDay.get(day)! })),
    topicSeries: days.flatMap((day) => topicsInPeriod.map((topic) => ({ day, topic, count: topicDay.get(`${day}|${topic}`) ?? 0 }))),
    topics: [...topics.entries()]
      .filter(([, v]) => v.count > 0 || v.previous > 0)
      .map(([topic, v]) => ({ topic, count: v.count, previous: v.previous, share: ratio(v.count, cur.created) }))
      .sort((a, b) => b.count - a.count || b.previous - a.previous || a.topic.localeCompare(b.topic)),
    channels: [...channels.entries()]
      .filter(([, v]) => v.count > 0 || v.previous > 0)
      .map(([channel, v]) => ({ channel, count: v.count, previous: v.previous }))
      .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    classifier: {
      reviewed: cur.topicReviewed,
      correct: cur.topicCorrect,
      accuracy: ratio(cur.topicCorrect, cur.topicReviewed),
      byTopic: [...topics.entries()]
        .filter(([, v]) => v.reviewed > 0)
        .map(([topic, v]) => ({ topic, reviewed: v.reviewed, correct: v.correct, accuracy: ratio(v.correct, v.reviewed) }))
        .sort((a, b) => b.reviewed - a.reviewed || a.topic.localeCompare(b.topic)),
    },
  };

  // Self-service.
  const selfCur = { events: 0, followedUp: 0, pending: 0 };
  const selfPrev = { events: 0, followedUp: 0, pending: 0 };
  const selfDays = new Map(days.map((d) => [d, { events: 0, followedUp: 0, pending: 0 }]));
  const kinds = new Map<SelfServiceKind, { events: number; followedUp: number; pending: number }>();
  for (const r of selfRows) {
    const target = inPeriod(r.day) ? selfCur : selfPrev;
    target.events += r.events;
    target.followedUp += r.followedUp;
    target.pending += r.pending;
    if (!inPeriod(r.day)) continue;
    const d = selfDays.get(r.day)!;
    d.events += r.events;
    d.followedUp += r.followedUp;
    d.pending += r.pending;
    const k = kinds.get(r.kind) ?? { events: 0, followedUp: 0, pending: 0 };
    k.events += r.events;
    k.followedUp += r.followedUp;
    k.pending += r.pending;
    kinds.set(r.kind, k);
  }
  const selfRate = (s: { events: number; followedUp: number; pending: number }) => ratio(s.events - s.followedUp - s.pending, s.events - s.pending);
  const selfService: SelfServiceReport = {
    resolutionRate: figure(selfRate(selfCur), selfRate(selfPrev)),
    byKind: [...kinds.entries()]
      .map(([kind, k]) => ({ kind, ...k, resolutionRate: selfRate(k) }))
      .sort((a, b) => b.events - a.events || a.kind.localeCompare(b.kind)),
    series: days.map((day) => ({ day, ...selfDays.get(day)! })),
  };

  // CSAT.
  const staffIds = staffRows.map((r) => r.staffId).filter((id): id is string => id !== null);
  const staff = staffIds.length
    ? await db.staff.findMany({ where: { shopId, id: { in: staffIds } }, select: { id: true, firstName: true, lastName: true, email: true } })
    : [];
  const names = new Map(staff.map((s) => [s.id, [s.firstName, s.lastName].filter(Boolean).join(" ") || s.email]));
  const csat: CsatReport = {
    average: figure(csatAverage(cur), csatAverage(prev)),
    responses: figure(cur.csatResponses, prev.csatResponses),
    distribution: [cur.s1, cur.s2, cur.s3, cur.s4, cur.s5],
    satisfiedRate: figure(csatSatisfied(cur), csatSatisfied(prev)),
    byStaff: staffRows
      .map((r) => {
        const sums = { ...zeroSums(), ...r };
        return {
          staffId: r.staffId,
          name: r.staffId === null ? t("insights.staff.none") : (names.get(r.staffId) ?? t("insights.staff.removed")),
          responses: r.csatResponses,
          average: csatAverage(sums),
          satisfiedRate: csatSatisfied(sums),
        };
      })
      .sort((a, b) => b.responses - a.responses || a.name.localeCompare(b.name)),
  };

  return { support, selfService, csat };
}
