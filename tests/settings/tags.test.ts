import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { action } from "../../app/routes/app.settings.tags";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PATH = "/app/settings/tags";

async function post(shop: TestShop, body: Record<string, unknown>) {
  const response = await action(
    args(await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } })),
  );
  return { status: response.status, body: await response.json() };
}

const tagsOf = async (id: string) => (await db.case.findUniqueOrThrow({ where: { id }, select: { tags: true } })).tags;

describe("tag settings", () => {
  it("creates tags; a duplicate name (any case) or a bad colour is a 400", async () => {
    const shop = await createInstalledShop();
    const created = await post(shop, { intent: "create", name: " vip ", color: "#8a6116" });
    expect(created.status).toBe(200);
    expect(created.body.tag).toMatchObject({ name: "vip", color: "#8A6116" });
    const dup = await post(shop, { intent: "create", name: "VIP", color: "" });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toBe("A tag named “vip” already exists.");
    const color = await post(shop, { intent: "create", name: "late", color: "red" });
    expect(color.status).toBe(400);
    expect(color.body.error.details.fieldErrors.color).toBe("Use a colour such as #2C6ECB.");
    const empty = await post(shop, { intent: "create", name: "  " });
    expect(empty.body.error.details.fieldErrors.name).toBe("Give the tag a name.");
  });

  it("rename updates this shop's cases only; delete removes the tag from them", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const { body } = await post(shop, { intent: "create", name: "carrier-issue", color: "" });
    const a = await createTestCase(shop.shopId, { tags: ["vip", "carrier-issue"] });
    const b = await createTestCase(shop.shopId, { tags: ["carrier-issue", "late"] });
    const untouched = await createTestCase(shop.shopId, { tags: ["vip"] });
    const theirs = await createTestCase(other.shopId, { tags: ["carrier-issue"] });

    const renamed = await post(shop, { intent: "update", tagId: body.tag.id, name: "late", color: "#007F5F" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.casesUpdated).toBe(2);
    expect(renamed.body.message).toBe("Tag renamed to “late” on 2 cases");
    expect(await tagsOf(a.id)).toEqual(["vip", "late"]);
    expect(await tagsOf(b.id)).toEqual(["late"]); // already had "late": not doubled
    expect(await tagsOf(untouched.id)).toEqual(["vip"]);
    expect(await tagsOf(theirs.id)).toEqual(["carrier-issue"]);

    const deleted = await post(shop, { intent: "delete", tagId: body.tag.id });
    expect(deleted.status).toBe(200);
    expect(deleted.body.casesUpdated).toBe(2);
    expect(await tagsOf(a.id)).toEqual(["vip"]);
    expect(await tagsOf(b.id)).toEqual([]);
    expect(await tagsOf(theirs.id)).toEqual(["carrier-issue"]);
    expect(await db.tag.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("another shop's tag id is a 404 and is left alone", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const theirs = await db.tag.create({ data: { shopId: other.shopId, name: "vip" } });
    const theirCase = await createTestCase(other.shopId, { tags: ["vip"] });
    expect((await post(shop, { intent: "update", tagId: theirs.id, name: "mine" })).status).toBe(404);
    expect((await post(shop, { intent: "delete", tagId: theirs.id })).status).toBe(404);
    expect((await post(shop, { intent: "delete", tagId: "x" })).status).toBe(404);
    expect(await db.tag.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: "vip" });
    expect(await tagsOf(theirCase.id)).toEqual(["vip"]);
  });
});
