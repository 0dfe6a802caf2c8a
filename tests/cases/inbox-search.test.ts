import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { listCases, readInboxQuery, SEARCH_MATCH_CAP, SEARCH_WALK_WINDOW } from "../../app/cases/inbox.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

const T0 = Date.parse("2026-11-20T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function search(shopId: string, q: string, extra: Record<string, string> = {}, pageSize = 50) {
  return listCases(shopId, null, readInboxQuery(new URLSearchParams({ view: "all", q, ...extra })), { pageSize });
}
const ids = (page: { rows: { id: string }[] }) => page.rows.map((r) => r.id);

async function message(shopId: string, caseId: string, bodyText: string) {
  await db.message.create({ data: { shopId, caseId, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", bodyText } });
}

describe("inbox search", () => {
  it("finds cases by a word of a message body, the subject, the customer and an order name", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const body = await createTestCase(shop.shopId, { subject: "Question", lastActivityAt: at(1) });
    await message(shop.shopId, body.id, "The zipper on my jacket broke after two days");
    const subject = await createTestCase(shop.shopId, { subject: "Jackets sizing chart", lastActivityAt: at(2) });
    const customer = await createTestCase(shop.shopId, { subject: "Hello", customerName: "Priya Raman", customerEmail: "priya.raman@example.org", lastActivityAt: at(3) });
    const order = await createTestOrder(shop.shopId, { name: "#4521", orderNumber: 4521 });
    const ordered = await createTestCase(shop.shopId, { subject: "Delivery", lastActivityAt: at(4) });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: ordered.id, orderId: order.id } });
    const otherCase = await createTestCase(other.shopId, { subject: "Jacket zipper broke" });
    await message(other.shopId, otherCase.id, "zipper");

    expect(ids(await search(shop.shopId, "zipper"))).toEqual([body.id]);
    expect(ids(await search(shop.shopId, "zippers broke"))).toEqual([body.id]); // stemmed
    // Jacket is in a body and a subject: newest activity first; the last word is a prefix while typing.
    expect(ids(await search(shop.shopId, "jacket"))).toEqual([subject.id, body.id]);
    expect(ids(await search(shop.shopId, "jack"))).toEqual([subject.id, body.id]);
    expect(ids(await search(shop.shopId, "sizing cha"))).toEqual([subject.id]);
    expect(ids(await search(shop.shopId, "raman"))).toEqual([customer.id]);
    expect(ids(await search(shop.shopId, "#4521"))).toEqual([ordered.id]);
    expect(ids(await search(shop.shopId, "4521"))).toEqual([ordered.id]);
    // Filters and views still apply.
    expect(ids(await search(shop.shopId, "jacket", { view: "pending" }))).toEqual([]);
    // Text that is syntax to to_tsquery is just text here.
    for (const q of ["jacket & | ! :* ( ' \\", "'; drop table \"Case\"; --", "!!!", "the", "a:*"]) {
      const page = await search(shop.shopId, q);
      expect(Array.isArray(page.rows)).toBe(true);
    }
    expect(ids(await search(shop.shopId, "(jacket)"))).toEqual([subject.id, body.id]);
  });

  it("puts exact matches first: the customer's email, then an order or case number", async () => {
    const shop = await createInstalledShop();
    const exact = await createTestCase(shop.shopId, { subject: "Old one", customerEmail: "sam@example.com", lastActivityAt: at(1) });
    // A newer case that merely mentions the address in its text comes after.
    const mention = await createTestCase(shop.shopId, { subject: "Forwarded", lastActivityAt: at(5) });
    await message(shop.shopId, mention.id, "Please reply to sam@example.com instead");
    expect(ids(await search(shop.shopId, "SAM@example.com"))).toEqual([exact.id, mention.id]);
    const page = await search(shop.shopId, "sam@example.com");
    expect(page.rows.map((r) => r.exact)).toEqual([true, false]);

    // "#N" / "N": the case linked to order N and case number N, before text matches of N.
    const order = await createTestOrder(shop.shopId, { name: "#9100", orderNumber: 9100 });
    const linked = await createTestCase(shop.shopId, { subject: "Linked", lastActivityAt: at(2) });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: linked.id, orderId: order.id } });
    const mentions = await createTestCase(shop.shopId, { subject: "About 9100 items", lastActivityAt: at(9) });
    const numbered = await db.case.findFirstOrThrow({ where: { shopId: shop.shopId, number: exact.number } });
    const byNumber = await search(shop.shopId, `#${order.orderNumber}`);
    expect(ids(byNumber)).toEqual([linked.id, mentions.id]);
    expect(byNumber.rows.map((r) => r.exact)).toEqual([true, false]);
    expect(ids(await search(shop.shopId, String(numbered.number)))[0]).toBe(numbered.id);
  });

  it("pages through a common term without duplicates, ordered newest first, exact matches only on the first page", async () => {
    const shop = await createInstalledShop();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await createTestCase(shop.shopId, { subject: `Damaged box ${i}`, lastActivityAt: at(i) });
      made.push(c.id);
    }
    const seen: string[] = [];
    let page = await search(shop.shopId, "damaged", {}, 3);
    seen.push(...ids(page));
    while (page.nextCursor) {
      page = await search(shop.shopId, "damaged", { cursor: page.nextCursor }, 3);
      seen.push(...ids(page));
    }
    expect(seen).toEqual([...made].reverse());
    // And back.
    const back = await search(shop.shopId, "damaged", { cursor: page.previousCursor! }, 3);
    expect(ids(back)).toEqual([made[3], made[2], made[1]]);
  });

  it("walks the activity index when a term matches more cases than the GIN cap, none of them recent", async () => {
    const shop = await createInstalledShop();
    const number = (await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).nextCaseNumber;
    const count = SEARCH_MATCH_CAP + 5;
    await db.$executeRaw`INSERT INTO "Case" (id, "shopId", number, subject, channel, "lastActivityAt", "updatedAt")
      SELECT gen_random_uuid(), ${shop.shopId}::uuid, ${number}::int + g, 'Refund please ' || g, 'EMAIL',
             ${at(0).toISOString()}::timestamp + g * interval '1 second', now()
      FROM generate_series(1, ${count}::int) g`;
    // Newer cases that don't match: the newest-cases window finds no page, so the index walk must.
    await db.$executeRaw`INSERT INTO "Case" (id, "shopId", number, subject, channel, "lastActivityAt", "updatedAt")
      SELECT gen_random_uuid(), ${shop.shopId}::uuid, ${number + count}::int + g, 'Sizing question ' || g, 'EMAIL',
             ${at(600).toISOString()}::timestamp + g * interval '1 second', now()
      FROM generate_series(1, ${SEARCH_WALK_WINDOW + 10}::int) g`;
    await db.shop.update({ where: { id: shop.shopId }, data: { nextCaseNumber: number + count + SEARCH_WALK_WINDOW + 20 } });
    const page = await search(shop.shopId, "refund", {}, 10);
    expect(page.rows.map((r) => r.number)).toEqual(Array.from({ length: 10 }, (_, i) => number + count - i));
    const next = await search(shop.shopId, "refund", { cursor: page.nextCursor! }, 10);
    expect(next.rows.map((r) => r.number)).toEqual(Array.from({ length: 10 }, (_, i) => number + count - 10 - i));
  });
});
