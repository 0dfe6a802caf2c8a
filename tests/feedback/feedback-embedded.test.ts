import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { notifyShipped } from "../../app/feedback/notify-shipped.server";
import { setRequestStatus, tagMessage } from "../../app/feedback/requests.server";
import { usesInProcessJobs } from "../../app/jobs/queue.server";
import { useEmbeddedDatabase } from "../helpers/embedded";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

// notifyShipped on the embedded default (PGlite: one session, one transaction at a time). Holding a transaction
// open while replyToCase opens its own would wait for ever here; the claim-then-send structure must not.
describe("notifying shipped requests on the embedded database", () => {
  useEmbeddedDatabase("feedback");

  it("queues one reply per case, and two clicks at once still notify each case once", async () => {
    expect(usesInProcessJobs()).toBe(true);
    const shop = await createInstalledShop();
    let requestId = "";
    const caseIds: string[] = [];
    for (const email of ["ann@example.com", "bob@example.com", "cat@example.com"]) {
      const c = await createTestCase(shop.shopId, { customerEmail: email });
      const m = await db.message.create({
        data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText: "Dark mode please", createdAt: new Date(Date.now() - 60_000) },
      });
      const tagged = await tagMessage(shop.shopId, null, { caseId: c.id, messageId: m.id, kind: "FEATURE_REQUEST", ...(requestId ? { requestId } : { newTitle: "Dark mode" }) });
      requestId = tagged.requestId;
      caseIds.push(c.id);
    }
    await setRequestStatus(shop.shopId, requestId, { status: "SHIPPED" });

    const [a, b] = await Promise.all([
      notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Dark mode is live!" }),
      notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Dark mode is live!" }),
    ]);
    expect(a.notified + b.notified).toBe(3);
    expect([...a.failed, ...b.failed]).toEqual([]);
    const replies = await db.message.findMany({ where: { shopId: shop.shopId, direction: "OUTBOUND" }, select: { id: true, caseId: true } });
    expect(replies.map((r) => r.caseId).sort()).toEqual([...caseIds].sort());
    const mentions = await db.feedbackMention.findMany({ where: { requestId }, select: { caseId: true, notifiedMessageId: true } });
    expect(new Map(mentions.map((m) => [m.caseId, m.notifiedMessageId]))).toEqual(new Map(replies.map((r) => [r.caseId, r.id])));

    expect(await notifyShipped(shop.shopId, shop.staffId, requestId, { body: "Dark mode is live!" })).toEqual({ notified: 0, skippedNoEmail: 0, failed: [], remaining: 0 });
  }, 60_000);
});
