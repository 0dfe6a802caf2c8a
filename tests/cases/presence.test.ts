import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action, loader } from "../../app/routes/app.cases.$id.presence";
import { heartbeat, presenceOf, PRESENCE_WINDOW_MS } from "../../app/cases/presence.server";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

async function beat(shop: TestShop, id: string, fields: Record<string, string>) {
  const request = await embeddedRequest(`/app/cases/${id}/presence`, shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  return action({ request, params: { id }, context: {} });
}

describe("collision detection", () => {
  it("shows another staff member viewing, then typing, and forgets them when their heartbeats stop", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    const maya = await db.staff.create({ data: { shopId: shop.shopId, email: "maya@example.com", firstName: "Maya", lastName: "Lopez" } });

    // Alone on the case.
    let r = await beat(shop, c.id, { intent: "heartbeat", typing: "0" });
    expect(r.status).toBe(200);
    expect((await r.json()).others).toEqual([]);

    await heartbeat(shop.shopId, maya.id, c.id, false);
    r = await beat(shop, c.id, { intent: "heartbeat", typing: "0" });
    expect((await r.json()).others).toEqual([expect.objectContaining({ staffId: maya.id, name: "Maya Lopez", typing: false })]);

    await heartbeat(shop.shopId, maya.id, c.id, true);
    const read = await loader({ request: await embeddedRequest(`/app/cases/${c.id}/presence`, shop), params: { id: c.id }, context: {} });
    expect((await read.json()).others).toEqual([expect.objectContaining({ name: "Maya Lopez", typing: true })]);

    // Maya sees me too (my heartbeats above).
    expect((await presenceOf(shop.shopId, c.id, maya.id)).others).toEqual([expect.objectContaining({ staffId: shop.staffId, typing: false })]);

    // 21 s without a heartbeat: gone, and the stale row is swept.
    const later = new Date(Date.now() + PRESENCE_WINDOW_MS + 1000);
    expect((await presenceOf(shop.shopId, c.id, shop.staffId, later)).others).toEqual([]);
    expect(await db.casePresence.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("leaving removes one's own row; presence also reports the newest message", async () => {
    const shop = await createInstalledShop();
    const c = await createTestCase(shop.shopId);
    await beat(shop, c.id, { intent: "heartbeat", typing: "1" });
    expect(await db.casePresence.findMany({ where: { caseId: c.id } })).toEqual([expect.objectContaining({ staffId: shop.staffId, typing: true })]);
    const m = await db.message.create({ data: { shopId: shop.shopId, caseId: c.id, direction: "INBOUND", channel: "EMAIL", authorType: "CUSTOMER", authorName: "Jo", bodyText: "hello?" } });
    const state = await (await beat(shop, c.id, { intent: "heartbeat", typing: "0" })).json();
    expect(state.latestMessage).toMatchObject({ id: m.id, authorName: "Jo" });
    expect((await beat(shop, c.id, { intent: "leave" })).status).toBe(200);
    expect(await db.casePresence.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("another shop's case is a 404 and records nothing; bad input is a 400", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await createTestCase(other.shopId);
    expect((await beat(shop, theirs.id, { intent: "heartbeat", typing: "1" })).status).toBe(404);
    expect(await db.casePresence.count({ where: { caseId: theirs.id } })).toBe(0);
    const mine = await createTestCase(shop.shopId);
    expect((await beat(shop, mine.id, { intent: "dance" })).status).toBe(400);
  });
});
