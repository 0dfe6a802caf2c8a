import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { createLinkToken, surveyLink, verifyLinkToken } from "../../app/channels/links.server";
import { sendSatisfactionSurvey } from "../../app/channels/satisfaction.server";
import { updateCases } from "../../app/cases/update-cases.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import SurveyPage, { action, loader } from "../../app/routes/survey.$token";
import { createTestCase } from "../helpers/builders";
import { renderInRoute } from "../helpers/render";
import { createInstalledShop, type TestShop } from "../helpers/shopify";

// The email channel's sender is replaced: these tests assert the survey message is handed to it, once.
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

type Args = Parameters<typeof loader>[0];
const args = (request: Request, token: string) => ({ request, params: { token }, context: {} }) as unknown as Args;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const body = (r: Response): Promise<any> => r.json();
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const get = (token: string) => loader(args(new Request(`https://casefile.test/survey/${token}`), token));
const answer = (token: string, fields: Record<string, string>) =>
  action(args(new Request(`https://casefile.test/survey/${token}`, { method: "POST", body: new URLSearchParams(fields) }), token));

async function setSatisfaction(shopId: string, satisfaction: { enabled: boolean; sendAfterHours: number }) {
  await db.shop.update({ where: { id: shopId }, data: { settings: { satisfaction } } });
}

const surveyJobs = (caseId: string) =>
  db.$queryRaw<{ run_at: Date; payload: Record<string, unknown> }[]>`
    SELECT j.run_at, j.payload FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'send-satisfaction-survey' AND j.key = ${`satisfaction:${caseId}`}`;

async function resolvedCase(shop: TestShop, overrides: Parameters<typeof createTestCase>[1] = {}) {
  const c = await createTestCase(shop.shopId, { customerName: "Jamie Buyer", subject: "Parcel missing", assigneeId: shop.staffId, ...overrides });
  await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "status", status: "RESOLVED" });
  return c;
}

describe("survey scheduling and sending", () => {
  it("schedules the survey sendAfterHours after a case is resolved", async () => {
    const shop = await createInstalledShop();
    await setSatisfaction(shop.shopId, { enabled: true, sendAfterHours: 24 });
    const before = Date.now();
    const c = await resolvedCase(shop);
    const [job] = await surveyJobs(c.id);
    expect(job.payload).toEqual({ shopId: shop.shopId, caseId: c.id, staffId: shop.staffId });
    expect(job.run_at.getTime()).toBeGreaterThanOrEqual(before + 24 * 3600_000 - 1000);
    expect(job.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000 + 1000);
    // Not due yet: running due jobs sends nothing.
    await runDueJobs();
    expect(await db.satisfactionRating.count({ where: { caseId: c.id } })).toBe(0);
    expect(queued.calls).toEqual([]);
  });

  it("sends one survey per case through the job: a rating request, a system message with both links, one email", async () => {
    const shop = await createInstalledShop();
    await setSatisfaction(shop.shopId, { enabled: true, sendAfterHours: 0 });
    const c = await resolvedCase(shop);
    // Reassigned after resolution: the rating still credits who resolved it.
    const colleague = await db.staff.create({ data: { shopId: shop.shopId, email: "bo@example.com", firstName: "Bo", role: "AGENT" } });
    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "assign", assigneeId: colleague.id });
    await runDueJobs();

    const rating = await db.satisfactionRating.findUniqueOrThrow({ where: { caseId: c.id } });
    expect(rating).toMatchObject({ shopId: shop.shopId, staffId: shop.staffId, score: null, respondedAt: null });
    const messages = await db.message.findMany({ where: { caseId: c.id } });
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m).toMatchObject({ direction: "OUTBOUND", authorType: "SYSTEM", channel: "EMAIL", deliveryStatus: "QUEUED", toEmails: ["buyer@example.com"] });
    expect(m.subject).toBe(`How did we do? (request #${c.number})`);
    expect(m.bodyText).toContain("Hi Jamie,");
    const survey = /https:\/\/casefile\.test\/survey\/(\S+)/.exec(m.bodyText)![1];
    const conversation = /https:\/\/casefile\.test\/c\/(\S+)/.exec(m.bodyText)![1];
    expect(verifyLinkToken(survey, "survey")).toMatchObject({ ok: true, payload: { caseId: c.id } });
    expect(verifyLinkToken(conversation, "conversation")).toMatchObject({ ok: true, payload: { caseId: c.id } });
    expect(queued.calls).toEqual([[shop.shopId, m.id]]);
    expect(await db.caseEvent.count({ where: { caseId: c.id, type: "survey_sent" } })).toBe(1);

    // Reopened and resolved again, the job runs again: still one survey, one email.
    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "status", status: "OPEN" });
    await updateCases(shop.shopId, { staffId: shop.staffId }, [c.id], { kind: "status", status: "RESOLVED" });
    await runDueJobs();
    expect(await sendSatisfactionSurvey({ shopId: shop.shopId, caseId: c.id })).toBe("already_requested");
    expect(await db.message.count({ where: { caseId: c.id } })).toBe(1);
    expect(queued.calls).toHaveLength(1);
  });

  it("sends nothing when the case was reopened before the job ran", async () => {
    const shop = await createInstalledShop();
    await setSatisfaction(shop.shopId, { enabled: true, sendAfterHours: 0 });
    const c = await createTestCase(shop.shopId, { status: "RESOLVED" });
    expect(await sendSatisfactionSurvey({ shopId: shop.shopId, caseId: c.id })).toBe("sent");
    const open = await createTestCase(shop.shopId, { status: "OPEN" });
    expect(await sendSatisfactionSurvey({ shopId: shop.shopId, caseId: open.id })).toBe("not_resolved");
    expect(await db.satisfactionRating.count({ where: { caseId: open.id } })).toBe(0);
  });

  it("sends no survey when the shop turned surveys off", async () => {
    const shop = await createInstalledShop();
    await setSatisfaction(shop.shopId, { enabled: false, sendAfterHours: 0 });
    const c = await resolvedCase(shop);
    expect(await surveyJobs(c.id)).toEqual([]);
    await runDueJobs();
    // Turned off after the job was scheduled: the job itself sends nothing either.
    expect(await sendSatisfactionSurvey({ shopId: shop.shopId, caseId: c.id })).toBe("disabled");
    expect(await db.satisfactionRating.count({ where: { caseId: c.id } })).toBe(0);
    expect(await db.message.count({ where: { caseId: c.id } })).toBe(0);
    expect(queued.calls).toEqual([]);
  });
});

describe("/survey/:token (the shopper's answer)", () => {
  it("stores one answer per case with the staff member; a replay changes nothing", async () => {
    const shop = await createInstalledShop();
    await setSatisfaction(shop.shopId, { enabled: true, sendAfterHours: 0 });
    const c = await resolvedCase(shop, { customerId: null });
    await runDueJobs();
    const token = tokenOf(surveyLink(shop.shopId, c.id));

    const page = await get(token);
    expect(page.status).toBe(200);
    const data = await body(page);
    expect(data.survey).toMatchObject({ number: c.number, subject: "Parcel missing", answered: null });
    const form = renderInRoute(`/survey/${token}`, "/survey/:token", SurveyPage, data);
    expect(form).toContain("How did we do?");
    expect(form.match(/type="radio" name="score"/g)).toHaveLength(5);
    expect(form).toContain("<legend>Rate us from 1 (poor) to 5 (excellent)</legend>");

    const res = await answer(token, { score: "4", comment: "  Quick and friendly. " });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ state: "thanks", score: 4 });
    const rating = await db.satisfactionRating.findUniqueOrThrow({ where: { caseId: c.id } });
    expect(rating).toMatchObject({ shopId: shop.shopId, staffId: shop.staffId, score: 4, comment: "Quick and friendly." });
    expect(rating.respondedAt).not.toBeNull();

    const replay = await answer(token, { score: "1", comment: "changed my mind" });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ state: "already" });
    expect(await db.satisfactionRating.findUniqueOrThrow({ where: { caseId: c.id } })).toEqual(rating);
    expect(await db.satisfactionRating.count({ where: { caseId: c.id } })).toBe(1);

    const answered = await (await get(token)).json();
    const html = renderInRoute(`/survey/${token}`, "/survey/:token", SurveyPage, answered);
    expect(html).toContain("You&#x27;ve already answered");
    expect(html).not.toContain('type="radio"');
  });

  it("refuses a score outside 1–5 (400) and stores nothing", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { status: "RESOLVED", assigneeId: shop.staffId });
    const token = tokenOf(surveyLink(shop.shopId, c.id));
    for (const score of ["0", "6", "3.5", "abc", ""]) {
      const res = await answer(token, { score });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ state: "error", error: "Choose a rating from 1 to 5 before sending." });
    }
    expect((await answer(token, {})).status).toBe(400);
    expect(await db.satisfactionRating.count({ where: { caseId: c.id } })).toBe(0);
    // Without a recorded request, the first valid answer still makes the case's one rating.
    expect((await answer(token, { score: "5" })).status).toBe(200);
    expect(await db.satisfactionRating.findUniqueOrThrow({ where: { caseId: c.id } })).toMatchObject({ score: 5, staffId: shop.staffId });
  });

  it("refuses expired, tampered and conversation tokens", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, { status: "RESOLVED" });
    const expired = createLinkToken(shop.shopId, c.id, "survey", { expiresInDays: 30, now: new Date(Date.now() - 31 * 86_400_000) });
    expect((await get(expired)).status).toBe(410);
    expect((await answer(expired, { score: "5" })).status).toBe(410);
    const conversationToken = createLinkToken(shop.shopId, c.id, "conversation", { expiresInDays: 30 });
    expect((await answer(conversationToken, { score: "5" })).status).toBe(401);
    expect(await db.satisfactionRating.count({ where: { caseId: c.id } })).toBe(0);
    const html = renderInRoute("/survey/x", "/survey/:token", SurveyPage, { state: "expired" });
    expect(html).toContain("This link has expired");
  });
});
