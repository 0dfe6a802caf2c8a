import { describe, expect, it } from "vitest";
import { renderRoute } from "../helpers/render";
import db from "../../app/db.server";
import Inbox, { action, loader } from "../../app/routes/app.cases._index";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

function form(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } };
}

async function post(shop: TestShop, fields: Record<string, string>) {
  const response = await action(args(await embeddedRequest("/app/cases", shop, form(fields))));
  return { status: response.status, body: await response.json() };
}


describe("inbox page", () => {
  it("lists this shop's cases and server-renders them with badges, orders and views", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { name: "#5150", orderNumber: 5150, fulfillmentStatus: "FULFILLED" });
    const c = await createTestCase(shop.shopId, { subject: "Box arrived crushed", customerName: "Lena Ortiz", slaDueAt: new Date(Date.now() - 60_000), priority: "URGENT", tags: ["damaged"] });
    await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    await createTestCase(other.shopId, { subject: "Not yours" });
    await db.savedView.create({ data: { shopId: shop.shopId, staffId: shop.staffId, name: "Crushed boxes", filters: { view: "all", tag: ["damaged"] } } });

    const response = await loader(args(await embeddedRequest("/app/cases", shop)));
    expect(response.status).toBe(200);
    const data = await response.clone().json();
    expect(data.page.rows.map((r: { subject: string }) => r.subject)).toEqual(["Box arrived crushed"]);
    expect(data.page.counts.open).toBe(1);
    expect(data.savedViews.map((v: { name: string }) => v.name)).toEqual(["Crushed boxes"]);

    const html = await renderRoute("/app/cases", Inbox, response);
    expect(html).toContain("Box arrived crushed");
    expect(html).toContain("Lena Ortiz");
    expect(html).toContain("#5150");
    expect(html).toContain("Overdue");
    expect(html).toContain("Urgent");
    expect(html).toContain("Crushed boxes");
    expect(html).toContain(`/app/cases/${c.id}`);
    expect(html).not.toContain("Not yours");
  });

  it("renders its rows without inline CSS custom properties, so a longer page does not slow the first paint per row", async () => {
    // Polaris' stacks set inline custom properties, each costing Chrome a copy of Polaris' tokens when styling the
    // page (app/styles/app.css). The page's frame may use them; the rows, repeated up to 50 times, must not.
    const shop = await createInstalledShop();
    const order = await createTestOrder(shop.shopId, { name: "#5151", orderNumber: 5151, fulfillmentStatus: "FULFILLED" });
    for (let i = 0; i < 4; i++) {
      const c = await createTestCase(shop.shopId, { subject: `Row ${i}`, customerName: `Customer ${i}`, tags: ["damaged"], priority: i ? "NORMAL" : "URGENT" });
      await db.caseOrder.create({ data: { shopId: shop.shopId, caseId: c.id, orderId: order.id } });
    }
    const response = await loader(args(await embeddedRequest("/app/cases", shop)));
    const html = await renderRoute("/app/cases", Inbox, response);
    const body = html.slice(html.indexOf("<tbody"), html.indexOf("</tbody>"));
    expect(body).toContain("Row 3");
    expect(body).toContain("#5151");
    expect(body.match(/style="[^"]*--p/g) ?? []).toEqual([]);
  });

  it("teaches how cases arrive when there are none, and offers to clear filters when nothing matches", async () => {
    const shop = await createInstalledShop();
    // A new shop lands on the Open view: it explains how cases arrive, not "no cases in this view".
    const empty = await renderRoute("/app/cases", Inbox, await loader(args(await embeddedRequest("/app/cases", shop))));
    expect(empty).toContain("Your cases will show up here");
    expect(empty).toContain("contact form on your storefront");
    await createTestCase(shop.shopId, { status: "RESOLVED", subject: "Old question" });
    const quiet = await renderRoute("/app/cases", Inbox, await loader(args(await embeddedRequest("/app/cases", shop))));
    expect(quiet).toContain("No cases in this view");
    expect(quiet).toContain("Show all cases");
    const none = await renderRoute("/app/cases?view=all&q=zebra", Inbox, await loader(args(await embeddedRequest("/app/cases?view=all&q=zebra", shop))));
    expect(none).toContain("No cases match");
    expect(none).toContain("Clear search and filters");
  });

  it("answers a bad filter or page link with a 400 and a message", async () => {
    const shop = await createInstalledShop();
    for (const [path, message] of [
      ["/app/cases?status=LOST", /status "LOST"/],
      ["/app/cases?cursor=garbage", /page link is not valid/],
      ["/app/cases?sort=sideways", /sort must be one of/],
      // Days JavaScript would roll over, or PostgreSQL could not store, are refused rather than failing the query.
      ["/app/cases?view=all&createdFrom=2026-02-31", /must be a date like/],
      ["/app/cases?view=all&createdTo=9999-12-32", /must be a date like/],
      ["/app/cases?view=all&createdFrom=0000-01-01", /must be a date like/],
    ] as const) {
      const thrown = await loader(args(await embeddedRequest(path, shop))).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(400);
      expect((await (thrown as Response).json()).error.message).toMatch(message);
    }
  });
});

describe("inbox bulk actions", () => {
  it("assigns to me, closes and tags only this shop's selected cases, logging an event each", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const a = await createTestCase(shop.shopId);
    const b = await createTestCase(shop.shopId);
    const untouched = await createTestCase(shop.shopId);
    const foreign = await createTestCase(other.shopId);
    const ids = [a.id, b.id, foreign.id].join(",");

    expect(await post(shop, { intent: "update", caseIds: ids, kind: "assign", assigneeId: "me" })).toEqual({ status: 200, body: { ok: true, intent: "update", updated: 2 } });
    expect(await post(shop, { intent: "update", caseIds: ids, kind: "addTags", tags: "vip, rush" })).toMatchObject({ body: { updated: 2 } });
    expect(await post(shop, { intent: "update", caseIds: ids, kind: "status", status: "CLOSED" })).toMatchObject({ body: { updated: 2 } });

    for (const id of [a.id, b.id]) {
      expect(await db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({ assigneeId: shop.staffId, tags: ["vip", "rush"], status: "CLOSED" });
      expect((await db.caseEvent.findMany({ where: { caseId: id }, orderBy: { createdAt: "asc" } })).map((e) => e.type)).toEqual([
        "assigned",
        "tags_changed",
        "status_changed",
      ]);
    }
    expect(await db.case.findUniqueOrThrow({ where: { id: untouched.id } })).toMatchObject({ status: "OPEN", assigneeId: null, tags: [] });
    expect(await db.case.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ status: "OPEN", assigneeId: null, tags: [] });
    expect(await db.caseEvent.count({ where: { caseId: { in: [untouched.id, foreign.id] } } })).toBe(0);

    // One foreign id alone is a 404; another shop's staff member can't be assigned.
    expect((await post(shop, { intent: "update", caseIds: foreign.id, kind: "status", status: "CLOSED" })).status).toBe(404);
    const bad = await post(shop, { intent: "update", caseIds: a.id, kind: "assign", assigneeId: other.staffId });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/active member/);
  });

  it("refuses unreadable requests with a 400 that says what is wrong", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const cases: [Record<string, string>, RegExp][] = [
      [{ intent: "explode" }, /intent must be/],
      [{ intent: "update", caseIds: c.id, kind: "status", status: "GONE" }, /status must be/],
      [{ intent: "update", caseIds: "", kind: "status", status: "OPEN" }, /Select at least one case/],
      [{ intent: "update", caseIds: c.id, kind: "snooze", until: "tomorrow-ish" }, /Snooze needs a date/],
    ];
    for (const [fields, message] of cases) {
      const { status, body } = await post(shop, fields);
      expect(status, JSON.stringify(fields)).toBe(400);
      expect(body.error.message).toMatch(message);
    }
  });

  it("saves, renames and deletes views through the action", async () => {
    const shop = await createInstalledShop();
    const saved = await post(shop, { intent: "save-view", name: "Late parcels", search: "view=all&topic=WHERE_IS_MY_ORDER&sla=breached&sort=slaDue+asc" });
    expect(saved.status).toBe(200);
    expect(saved.body.view).toMatchObject({ name: "Late parcels", query: { view: "all", topic: ["WHERE_IS_MY_ORDER"], sla: ["breached"], sort: "slaDue asc" } });
    const id = saved.body.view.id;
    expect((await post(shop, { intent: "rename-view", id, name: "Late" })).body.view.name).toBe("Late");
    expect((await post(shop, { intent: "save-view", name: "Bad", search: "status=LOST" })).status).toBe(400);
    expect((await post(shop, { intent: "delete-view", id })).body).toEqual({ ok: true, intent: "delete-view", id });
    expect(await db.savedView.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});
