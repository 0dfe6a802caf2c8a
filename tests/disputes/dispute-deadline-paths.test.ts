import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { acknowledgeNewCase } from "../../app/channels/automation.server";
import { shopperReply } from "../../app/channels/shopper-conversation.server";
import { mergeCases } from "../../app/cases/merge-cases.server";
import { openOrAppendCase } from "../../app/storefront/contact.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

// Every path that stops, starts or merges a case's SLA clock keeps the dispute's evidence due date
// (Case.externalDueAt): the resolution is never due later than it, and while the case waits on the customer
// slaDueAt stays at it (the bank's clock runs on). 2026-11-25 is a Wednesday; default calendar Mon–Fri 09–17 UTC.

const at = (iso: string) => new Date(iso);
const EXTERNAL = at("2026-11-26T12:00:00Z");
const JANE = "jane@example.com";

/** An answered case with a dispute deadline before its policy's resolution due time. */
function disputed(overrides: Record<string, unknown> = {}) {
  return {
    customerEmail: JANE,
    createdAt: at("2026-11-23T10:00:00Z"),
    firstResponseAt: at("2026-11-23T11:00:00Z"),
    firstResponseDueAt: at("2026-11-24T10:00:00Z"),
    resolutionDueAt: EXTERNAL,
    slaDueAt: EXTERNAL,
    externalDueAt: EXTERNAL,
    ...overrides,
  };
}

describe("pausing and resuming a case with a dispute deadline", () => {
  it("an automatic answer stops the clock but keeps the evidence due date due", async () => {
    const shop = await createInstalledShop();
    await updateShopSettings(shop.shopId, { automation: { autoAnswers: { enabled: true } } });
    const c = await createTestCase(shop.shopId, disputed({ topic: "RETURN", firstResponseAt: null }));
    expect(await acknowledgeNewCase(shop.shopId, c.id, at("2026-11-25T10:00:00Z"))).not.toBeNull();
    const row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "PENDING", slaPausedAt: at("2026-11-25T10:00:00Z"), slaDueAt: EXTERNAL });
  });

  it("the shopper's answer from the conversation page does not push the resolution past it", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, disputed({ status: "PENDING", slaPausedAt: at("2026-11-25T10:00:00Z") }));
    await shopperReply(shop.shopId, c.id, "Here is the receipt.", { now: at("2026-11-26T10:00:00Z") });
    const row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "OPEN", slaPausedAt: null, resolutionDueAt: EXTERNAL, slaDueAt: EXTERNAL });
  });

  it("a customer message appended to the waiting case does not push the resolution past it", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId, disputed({ status: "PENDING", slaPausedAt: at("2026-11-25T10:00:00Z") }));
    const outcome = await openOrAppendCase(shop.shopId, {
      channel: "EMAIL",
      email: JANE,
      name: "Jane",
      customerId: null,
      topic: "OTHER",
      subject: "Any news?",
      bodyText: "Any news?",
      orderId: null,
      match: "any-open",
      now: at("2026-11-26T10:00:00Z"),
    });
    expect(outcome).toMatchObject({ caseId: c.id, appended: true });
    const row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: "OPEN", slaPausedAt: null, resolutionDueAt: EXTERNAL, slaDueAt: EXTERNAL });
  });
});

describe("merging a case with a dispute", () => {
  it("the target takes the source's disputes and the earliest evidence due date", async () => {
    const shop = await createInstalledShop();
    const target = await createTestCase(shop.shopId, {
      customerEmail: JANE,
      createdAt: at("2026-11-23T10:00:00Z"),
      firstResponseAt: at("2026-11-23T11:00:00Z"),
      firstResponseDueAt: at("2026-11-24T10:00:00Z"),
      resolutionDueAt: at("2026-12-04T10:00:00Z"),
      slaDueAt: at("2026-12-04T10:00:00Z"),
    });
    const source = await createTestCase(shop.shopId, disputed());
    const dispute = await db.dispute.create({
      data: {
        shopId: shop.shopId,
        shopifyId: 91_001n,
        caseId: source.id,
        kind: "CHARGEBACK",
        status: "NEEDS_RESPONSE",
        reason: "fraudulent",
        amount: "20.00",
        currencyCode: "EUR",
        evidenceDueBy: EXTERNAL,
        initiatedAt: at("2026-11-20T10:00:00Z"),
      },
    });
    await mergeCases(shop.shopId, shop.staffId, source.id, target.id);
    expect(await db.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).toMatchObject({ caseId: target.id });
    const merged = await db.case.findUniqueOrThrow({ where: { id: target.id } });
    expect(merged).toMatchObject({ externalDueAt: EXTERNAL, resolutionDueAt: EXTERNAL });
    expect(merged.slaDueAt!.getTime()).toBeLessThanOrEqual(EXTERNAL.getTime());
    expect(await db.case.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({ status: "CLOSED", externalDueAt: null });
  });
});
