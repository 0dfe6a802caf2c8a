import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action, loader } from "../../app/routes/app.settings.team";
import { refundLimitFor } from "../../app/team/team.server";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PATH = "/app/settings/team";

async function post(shop: TestShop, body: Record<string, unknown>) {
  const response = await action(
    args(await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } })),
  );
  return { status: response.status, body: await response.json() };
}

describe("team settings", () => {
  it("lists this shop's staff only", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    await db.staff.create({ data: { shopId: shop.shopId, email: "bo@example.com", firstName: "Bo", role: "AGENT", refundLimit: "25.00" } });
    await db.staff.create({ data: { shopId: other.shopId, email: "eve@example.com", firstName: "Eve" } });
    const body = await (await loader(args(await embeddedRequest(PATH, shop)))).json();
    expect(body.team.map((m: { name: string; role: string; refundLimit: string | null }) => [m.name, m.role, m.refundLimit])).toEqual([
      ["Ada Agent", "ADMIN", null],
      ["Bo", "AGENT", "25.00"],
    ]);
    expect(body.refunds).toEqual({ agentLimit: "100.00", requireNote: false });
  });

  it("never demotes or deactivates the last active admin", async () => {
    const shop = await createInstalledShop();
    const demote = await post(shop, { intent: "member", staffId: shop.staffId, role: "AGENT" });
    expect(demote.status).toBe(400);
    expect(demote.body.error.message).toBe(
      "Ada Agent is the only active admin. Make another team member an admin first, so someone can still change settings.",
    );
    expect(demote.body.error.details.fieldErrors.role).toBeTruthy();
    expect((await post(shop, { intent: "member", staffId: shop.staffId, active: false })).status).toBe(400);
    expect(await db.staff.findUniqueOrThrow({ where: { id: shop.staffId } })).toMatchObject({ role: "ADMIN", active: true });

    // An inactive admin does not count: deactivating the other one still leaves Ada as the last.
    const bo = await db.staff.create({ data: { shopId: shop.shopId, email: "bo@example.com", firstName: "Bo", role: "ADMIN", active: false } });
    expect((await post(shop, { intent: "member", staffId: shop.staffId, role: "AGENT" })).status).toBe(400);

    // With a second active admin, Ada can step down.
    expect((await post(shop, { intent: "member", staffId: bo.id, active: true })).status).toBe(200);
    const ok = await post(shop, { intent: "member", staffId: shop.staffId, role: "AGENT" });
    expect(ok.status).toBe(200);
    expect(ok.body.member).toMatchObject({ role: "AGENT", active: true });
  });

  it("sets and clears an agent's refund limit; bad amounts are field errors", async () => {
    const shop = await createInstalledShop();
    const agent = await db.staff.create({ data: { shopId: shop.shopId, email: "cy@example.com", firstName: "Cy", role: "AGENT" } });
    expect(await refundLimitFor(shop.shopId, agent.id)).toBe("100.00");
    expect(await refundLimitFor(shop.shopId, shop.staffId)).toBeNull();

    expect((await post(shop, { intent: "member", staffId: agent.id, refundLimit: "75.5" })).status).toBe(200);
    expect(await refundLimitFor(shop.shopId, agent.id)).toBe("75.50");

    const bad = await post(shop, { intent: "member", staffId: agent.id, refundLimit: "lots" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fieldErrors.refundLimit).toMatch(/amount such as 150.00/);

    expect((await post(shop, { intent: "member", staffId: agent.id, refundLimit: "" })).status).toBe(200);
    expect((await db.staff.findUniqueOrThrow({ where: { id: agent.id } })).refundLimit).toBeNull();

    const shopDefault = await post(shop, { intent: "refunds", agentLimit: "250", requireNote: true });
    expect(shopDefault.status).toBe(200);
    expect(await refundLimitFor(shop.shopId, agent.id)).toBe("250.00");
    const badDefault = await post(shop, { intent: "refunds", agentLimit: "-5", requireNote: true });
    expect(badDefault.status).toBe(400);
    expect(badDefault.body.error.details.fieldErrors["refunds.agentLimit"]).toBe("Agents' refund limit: use an amount such as 150.00");
  });

  it("another shop's staff id is a 404 and is left alone", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const { status } = await post(shop, { intent: "member", staffId: other.staffId, role: "AGENT" });
    expect(status).toBe(404);
    expect((await post(shop, { intent: "member", staffId: "nope", role: "AGENT" })).status).toBe(404);
    expect(await db.staff.findUniqueOrThrow({ where: { id: other.staffId } })).toMatchObject({ role: "ADMIN" });
  });
});
