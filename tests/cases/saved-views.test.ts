import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { AppError } from "../../app/errors.server";
import { createSavedView, deleteSavedView, listSavedViews, renameSavedView, updateSavedViewQuery } from "../../app/cases/saved-views.server";
import { createInstalledShop } from "../helpers/shopify";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("saved inbox views", () => {
  it("creates, lists, renames, updates and deletes a staff member's own views", async () => {
    const shop = await createInstalledShop();
    const admin = { staffId: shop.staffId, role: "ADMIN" };
    const view = await createSavedView(shop.shopId, admin, {
      name: "  Urgent returns ",
      view: "all",
      sort: "priority desc",
      filters: { topic: ["RETURN"], priority: ["URGENT", "HIGH"], hasOrder: "yes" },
    });
    expect(view).toMatchObject({ name: "Urgent returns", shared: false, mine: true, query: { view: "all", sort: "priority desc", topic: ["RETURN"], priority: ["URGENT", "HIGH"], hasOrder: "yes" } });
    expect(await db.savedView.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ staffId: shop.staffId, sort: "priority desc" });

    expect((await listSavedViews(shop.shopId, shop.staffId)).map((v) => v.name)).toEqual(["Urgent returns"]);
    expect((await renameSavedView(shop.shopId, admin, view.id, "Returns")).name).toBe("Returns");
    const updated = await updateSavedViewQuery(shop.shopId, admin, view.id, { view: "open", sort: "slaDue asc", filters: { sla: ["breached"] } });
    expect(updated.query).toEqual({ view: "open", sort: "slaDue asc", sla: ["breached"] });
    await deleteSavedView(shop.shopId, admin, view.id);
    expect(await listSavedViews(shop.shopId, shop.staffId)).toEqual([]);
  });

  it("keeps views private to their owner; shared views are for admins to manage", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const agent = await db.staff.create({ data: { shopId: shop.shopId, email: "agent@example.com", role: "AGENT" } });
    const admin = { staffId: shop.staffId, role: "ADMIN" };
    const asAgent = { staffId: agent.id, role: "AGENT" };
    const own = await createSavedView(shop.shopId, admin, { name: "Mine", view: "mine", sort: "lastActivity desc", filters: {} });
    const shared = await createSavedView(shop.shopId, admin, { name: "Team VIP", view: "open", sort: "lastActivity desc", filters: { tag: ["vip"] }, shared: true });
    expect(shared.shared).toBe(true);

    expect((await listSavedViews(shop.shopId, agent.id)).map((v) => [v.name, v.shared])).toEqual([["Team VIP", true]]);
    expect(await listSavedViews(other.shopId, other.staffId)).toEqual([]);
    // An agent can't see another's view (404), nor change a shared one (403), nor share one.
    expect((await rejection(renameSavedView(shop.shopId, asAgent, own.id, "x"))).status).toBe(404);
    expect((await rejection(deleteSavedView(shop.shopId, asAgent, shared.id))).status).toBe(403);
    expect((await rejection(createSavedView(shop.shopId, asAgent, { name: "All", view: "all", sort: "lastActivity desc", filters: {}, shared: true }))).status).toBe(403);
    // Another shop's id is a 404.
    expect((await rejection(deleteSavedView(other.shopId, { staffId: other.staffId, role: "ADMIN" }, own.id))).status).toBe(404);
    expect((await rejection(deleteSavedView(shop.shopId, admin, "not-a-uuid"))).status).toBe(404);
  });

  it("validates names and filters", async () => {
    const shop = await createInstalledShop();
    const admin = { staffId: shop.staffId, role: "ADMIN" };
    const base = { view: "all" as const, sort: "lastActivity desc" as const, filters: {} };
    await createSavedView(shop.shopId, admin, { ...base, name: "Returns" });
    expect((await rejection(createSavedView(shop.shopId, admin, { ...base, name: "returns" }))).status).toBe(409);
    expect((await rejection(createSavedView(shop.shopId, admin, { ...base, name: "   " }))).message).toMatch(/name/);
    expect((await rejection(createSavedView(shop.shopId, admin, { ...base, name: "x".repeat(41) }))).message).toMatch(/40 characters/);
    const bad = await rejection(createSavedView(shop.shopId, admin, { ...base, name: "Bad", filters: { status: ["LOST" as never] } }));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/status "LOST"/);
    expect((await rejection(createSavedView(shop.shopId, admin, { ...base, name: "Bad sort", sort: "random" as never }))).status).toBe(400);
  });
});
