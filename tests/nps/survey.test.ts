import { parseCrontab } from "graphile-worker";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { createLinkToken } from "../../app/channels/links.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { NPS_CRONTAB, TASK_FUNCTIONS } from "../../app/jobs/worker.server";
import { createNpsToken, verifyNpsToken } from "../../app/nps/links.server";
import { npsPeriodOf, sendNpsSurveys, sendNpsSurveysForShop, sendDayReached } from "../../app/nps/survey.server";
import NpsPage, { action, loader } from "../../app/routes/nps.$token";
import { createTestOrder } from "../helpers/builders";
import { renderInRoute } from "../helpers/render";
import { createInstalledShop, type TestShop } from "../helpers/shopify";

// The email channel's sender is replaced: these tests assert each survey message is handed to it, once.
const queued = vi.hoisted(() => ({ calls: [] as [string, string][] }));
vi.mock("../../app/channels/email/outbox.server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../app/channels/email/outbox.server")>()),
  queueEmail: async (shopId: string, messageId: string) => {
    queued.calls.push([shopId, messageId]);
  },
}));

beforeEach(() => {
  queued.calls = [];
});
afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

const NOW = new Date("2026-11-10T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
let seq = 0;

async function setNps(shopId: string, nps: { enabled: boolean; period: string; sendDay: number; minDaysSinceOrder: number; maxDaysSinceOrder: number }) {
  await db.shop.update({ where: { id: shopId }, data: { settings: { nps } } });
}

async function buyer(shopId: string, opts: { email?: string | null; orderDaysAgo?: number | null; cancelled?: boolean; redacted?: boolean; name?: string } = {}) {
  const n = ++seq;
  const customer = await db.customer.create({
    data: {
      shopId,
      shopifyId: BigInt(7_000_000 + n),
      email: opts.email === undefined ? `buyer${n}@example.com` : opts.email,
      firstName: opts.name ?? `Buyer${n}`,
      redactedAt: opts.redacted ? daysAgo(1) : null,
    },
  });
  if (opts.orderDaysAgo !== null) {
    const when = daysAgo(opts.orderDaysAgo ?? 20);
    await createTestOrder(shopId, { customerId: customer.id, processedAt: when, shopifyCreatedAt: when, cancelledAt: opts.cancelled ? when : null });
  }
  return customer;
}

/** A shop with the survey on (monthly from day 1, orders 7–60 days old) and customers of every kind. */
async function surveyShop(): Promise<{ shop: TestShop; eligible: string[] }> {
  const shop = await createInstalledShop();
  await setNps(shop.shopId, { enabled: true, period: "monthly", sendDay: 1, minDaysSinceOrder: 7, maxDaysSinceOrder: 60 });
  const s = shop.shopId;
  const e1 = await buyer(s, { orderDaysAgo: 21, name: "Ada" });
  const e2 = await buyer(s, { orderDaysAgo: 40 });
  await buyer(s, { orderDaysAgo: 2 }); // too recent
  // An order in the window, but another one yesterday: the latest order decides, not surveyed yet.
  const returning = await buyer(s, { orderDaysAgo: 30 });
  await createTestOrder(s, { customerId: returning.id, processedAt: daysAgo(1), shopifyCreatedAt: daysAgo(1) });
  await buyer(s, { orderDaysAgo: 101 }); // too old
  await buyer(s, { orderDaysAgo: 20, redacted: true }); // erased by a privacy request
  await buyer(s, { orderDaysAgo: 20, email: null }); // no address
  await buyer(s, { orderDaysAgo: 20, cancelled: true }); // only a cancelled order
  await buyer(s, { orderDaysAgo: null }); // never ordered
  const surveyed = await buyer(s, { orderDaysAgo: 20 }); // already surveyed this period
  await db.npsResponse.create({ data: { shopId: s, customerId: surveyed.id, period: "2026-11", requestedAt: daysAgo(5) } });
  const lastMonth = await buyer(s, { orderDaysAgo: 20 }); // surveyed last period: due again
  await db.npsResponse.create({ data: { shopId: s, customerId: lastMonth.id, period: "2026-10", requestedAt: daysAgo(30) } });
  return { shop, eligible: [e1.id, e2.id, lastMonth.id].sort() };
}

type Args = Parameters<typeof loader>[0];
const args = (request: Request, token: string) => ({ request, params: { token }, context: {} }) as unknown as Args;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const body = (r: Response): Promise<any> => r.json();
const get = (token: string) => loader(args(new Request(`https://casefile.test/nps/${token}`), token));
const answer = (token: string, fields: Record<string, string>) =>
  action(args(new Request(`https://casefile.test/nps/${token}`, { method: "POST", body: new URLSearchParams(fields) }), token));

describe("NPS periods", () => {
  it("names the month or quarter in the shop's zone, and knows when the send day has come", () => {
    expect(npsPeriodOf(new Date("2026-11-30T23:30:00Z"), "monthly", "UTC")).toBe("2026-11");
    expect(npsPeriodOf(new Date("2026-11-30T23:30:00Z"), "monthly", "Europe/Berlin")).toBe("2026-12");
    expect(npsPeriodOf(new Date("2026-12-31T23:30:00Z"), "quarterly", "Asia/Tokyo")).toBe("2027-Q1");
    expect(npsPeriodOf(new Date("2026-08-15T12:00:00Z"), "quarterly", "UTC")).toBe("2026-Q3");
    expect(sendDayReached(NOW, { period: "monthly", sendDay: 10 }, "UTC")).toBe(true);
    expect(sendDayReached(NOW, { period: "monthly", sendDay: 11 }, "UTC")).toBe(false);
    // November is the second month of Q4: the quarter's send day (in October) has passed.
    expect(sendDayReached(NOW, { period: "quarterly", sendDay: 28 }, "UTC")).toBe(true);
    expect(sendDayReached(new Date("2026-10-05T12:00:00Z"), { period: "quarterly", sendDay: 6 }, "UTC")).toBe(false);
  });

  it("is a crontab task of the worker", () => {
    const [item] = parseCrontab(NPS_CRONTAB);
    expect(item.task).toBe("send-nps-surveys");
    expect(item.options.jobKey).toBe("send-nps-surveys");
    expect(item.match({ min: 23, hour: 3, date: 2, month: 5, dow: 3 })).toBe(true);
    expect(item.match({ min: 24, hour: 3, date: 2, month: 5, dow: 3 })).toBe(false);
    expect(TASK_FUNCTIONS["send-nps-surveys"]).toBeTypeOf("function");
  });
});

describe("NPS scheduling", () => {
  it("surveys eligible customers only, one email each, with a signed link to their survey", async () => {
    const { shop, eligible } = await surveyShop();
    const outcome = await sendNpsSurveysForShop(shop.shopId, NOW);
    expect(outcome).toEqual({ shopId: shop.shopId, result: "sent", sent: 3, period: "2026-11" });

    const rows = await db.npsResponse.findMany({ where: { shopId: shop.shopId, period: "2026-11", requestedAt: NOW } });
    expect(rows.map((r) => r.customerId).sort()).toEqual(eligible);
    expect(rows.every((r) => r.score === null && r.respondedAt === null)).toBe(true);
    expect(queued.calls).toHaveLength(3);

    const messages = await db.message.findMany({ where: { shopId: shop.shopId, id: { in: queued.calls.map(([, id]) => id) } }, include: { case: true } });
    expect(messages).toHaveLength(3);
    for (const m of messages) {
      expect(m).toMatchObject({ direction: "OUTBOUND", authorType: "SYSTEM", deliveryStatus: "QUEUED" });
      expect(m.case).toMatchObject({ status: "RESOLVED", channel: "SYSTEM", topic: "OTHER", outreach: true });
      const token = /https:\/\/casefile\.test\/nps\/(\S+)/.exec(m.bodyText)![1];
      const check = verifyNpsToken(token);
      expect(check.ok).toBe(true);
      const row = rows.find((r) => check.ok && r.id === check.payload.responseId);
      expect(row?.customerId).toBe(m.case.customerId);
      expect(m.toEmails).toEqual([m.case.customerEmail]);
    }
    const ada = messages.find((m) => m.bodyText.startsWith("Hi Ada,"));
    expect(ada).toBeDefined();
  });

  it("caps each run and picks up where it stopped; re-runs send nothing twice", async () => {
    const { shop, eligible } = await surveyShop();
    expect((await sendNpsSurveysForShop(shop.shopId, NOW, { batchCap: 2 })).sent).toBe(2);
    expect((await sendNpsSurveysForShop(shop.shopId, NOW, { batchCap: 2 })).sent).toBe(1);
    expect((await sendNpsSurveysForShop(shop.shopId, NOW, { batchCap: 2 })).sent).toBe(0);
    const rows = await db.npsResponse.findMany({ where: { shopId: shop.shopId, period: "2026-11", requestedAt: NOW } });
    expect(rows.map((r) => r.customerId).sort()).toEqual(eligible);
    expect(queued.calls).toHaveLength(3);
    expect(new Set(queued.calls.map(([, id]) => id)).size).toBe(3);
  });

  it("waits for the send day, and sends nothing for a shop that has the survey off (the default)", async () => {
    const { shop } = await surveyShop();
    await setNps(shop.shopId, { enabled: true, period: "monthly", sendDay: 15, minDaysSinceOrder: 7, maxDaysSinceOrder: 60 });
    expect(await sendNpsSurveysForShop(shop.shopId, NOW)).toEqual({ shopId: shop.shopId, result: "not_yet", sent: 0, period: "2026-11" });

    const off = await surveyShop();
    await db.shop.update({ where: { id: off.shop.shopId }, data: { settings: {} } }); // never switched on
    const outcomes = await sendNpsSurveys(NOW);
    expect(outcomes.find((o) => o.shopId === off.shop.shopId)).toBeUndefined();
    expect(await sendNpsSurveysForShop(off.shop.shopId, NOW)).toMatchObject({ result: "disabled", sent: 0 });
    expect(await db.npsResponse.count({ where: { shopId: { in: [shop.shopId, off.shop.shopId] }, requestedAt: NOW } })).toBe(0);
    expect(queued.calls.filter(([id]) => id === shop.shopId || id === off.shop.shopId)).toEqual([]);
  });

  it("the job surveys every shop that has it on", async () => {
    const { shop, eligible } = await surveyShop();
    const outcomes = await sendNpsSurveys(NOW);
    expect(outcomes.find((o) => o.shopId === shop.shopId)).toEqual({ shopId: shop.shopId, result: "sent", sent: eligible.length, period: "2026-11" });
  });
});

describe("answering the NPS survey", () => {
  async function survey() {
    const { shop } = await surveyShop();
    const customer = await buyer(shop.shopId);
    const row = await db.npsResponse.create({ data: { shopId: shop.shopId, customerId: customer.id, period: "2026-11" } });
    return { shop, row, token: createNpsToken(shop.shopId, row.id) };
  }

  it("shows an accessible 0–10 scale, stores the first answer and refuses a second one with 409", async () => {
    const { row, token } = await survey();
    const page = await get(token);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    const data = await page.json();
    expect(data).toMatchObject({ state: "ok", survey: { period: "2026-11", answered: null }, preselected: null });
    const html = renderInRoute(`/nps/${token}`, "/nps/:token", NpsPage, data);
    expect(html.match(/type="radio" name="score"/g)).toHaveLength(11);
    // One group named by the question (the h1), not a legend repeating it nor a nested radiogroup.
    expect(html).toContain('<fieldset aria-labelledby="nps-question" aria-describedby="nps-scale">');
    expect(html).toMatch(/<h1 id="nps-question">How likely are you to recommend/);
    expect(html).not.toContain("<legend");
    expect(html).not.toContain('role="radiogroup"');
    expect(html).not.toMatch(/checked=""/);

    const res = await answer(token, { score: "9", comment: "  Fast delivery. " });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ state: "thanks", score: 9 });
    const stored = await db.npsResponse.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ score: 9, comment: "Fast delivery." });
    expect(stored.respondedAt).not.toBeNull();

    const replay = await answer(token, { score: "2", comment: "changed my mind" });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ state: "already", respondedAt: stored.respondedAt!.toISOString() });
    expect(await db.npsResponse.findUniqueOrThrow({ where: { id: row.id } })).toEqual(stored);
    const answered = await body(await get(token));
    expect(answered.survey.answered).toEqual({ score: 9, respondedAt: stored.respondedAt!.toISOString() });
    expect(renderInRoute(`/nps/${token}`, "/nps/:token", NpsPage, answered)).toContain("You have already answered");
  });

  it("refuses a score outside 0–10, or none, with 400 and stores nothing", async () => {
    const { row, token } = await survey();
    const page = await body(await get(token));
    const checked = (actionData: unknown) =>
      [...renderInRoute(`/nps/${token}`, "/nps/:token", NpsPage, page, { actionData }).matchAll(/<input type="radio" name="score"[^>]*checked=""[^>]*value="(\d+)"/g)].map((m) => m[1]);
    for (const score of ["11", "-1", "4.5", "ten", ""]) {
      const res = await answer(token, { score });
      expect(res.status, score).toBe(400);
      const error = await body(res);
      expect(error.error).toBe("Choose a score from 0 to 10.");
      // The form comes back with no score chosen (not 0 for an empty one).
      expect(checked(error), score).toEqual([]);
    }
    const long = await answer(token, { score: "5", comment: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect(checked(await body(long))).toEqual(["5"]);
    const put = await action(args(new Request(`https://casefile.test/nps/${token}`, { method: "PUT" }), token));
    expect(put.status).toBe(405);
    expect((await body(put)).error).toBe("Send your answer with the form on the survey page.");
    expect(await db.npsResponse.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ score: null, respondedAt: null, comment: null });
    // 0 is a real score.
    expect((await answer(token, { score: "0" })).status).toBe(200);
  });

  it("answers a forged, expired, wrong-kind or unknown link with a page saying so, and stores nothing", async () => {
    const { shop, row, token } = await survey();
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    const expired = createNpsToken(shop.shopId, row.id, { expiresInDays: 1, now: new Date(Date.now() - 3 * 86_400_000) });
    const caseLink = createLinkToken(shop.shopId, row.id, "survey", { expiresInDays: 30 });
    const unknown = createNpsToken(shop.shopId, crypto.randomUUID());
    const other = await createInstalledShop();
    const otherShop = createNpsToken(other.shopId, row.id);
    for (const [t, status, state] of [
      [tampered, 401, "invalid"],
      ["not-a-token", 401, "invalid"],
      [caseLink, 401, "invalid"],
      [expired, 410, "expired"],
      [unknown, 404, "not_found"],
      [otherShop, 404, "not_found"],
    ] as const) {
      const page = await get(t);
      expect(page.status, state).toBe(status);
      expect(await page.json()).toEqual({ state });
      const post = await answer(t, { score: "10" });
      expect(post.status, state).toBe(status);
    }
    expect(await db.npsResponse.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ score: null, respondedAt: null });
    expect(renderInRoute(`/nps/${tampered}`, "/nps/:token", NpsPage, { state: "invalid" })).toContain("<h1>");
  });
});
