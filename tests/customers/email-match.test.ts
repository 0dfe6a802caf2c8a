import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { caseIdsWithEmail, orderIdsWithEmail, sameEmail } from "../../app/customers/email-match.server";
import { createTestCase, createTestOrder } from "../helpers/builders";
import { createInstalledShop } from "../helpers/shopify";

describe("email matching", () => {
  it("is case-insensitive and exact: '_' and '%' in an address are not wildcards", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const john = await createTestCase(shop.shopId, { customerEmail: "John_Doe@Example.com" });
    await createTestCase(shop.shopId, { customerEmail: "johnXdoe@example.com" });
    await createTestCase(other.shopId, { customerEmail: "john_doe@example.com" });
    const order = await createTestOrder(shop.shopId, { email: "JOHN_DOE@example.com" });
    await createTestOrder(shop.shopId, { email: "john-doe@example.com" });

    expect(await caseIdsWithEmail(shop.shopId, "john_doe@EXAMPLE.com")).toEqual([john.id]);
    expect(await orderIdsWithEmail(shop.shopId, " john_doe@example.com ")).toEqual([order.id]);
    expect(await caseIdsWithEmail(shop.shopId, "%@example.com")).toEqual([]);

    const viaPrisma = await db.case.findMany({ where: { shopId: shop.shopId, customerEmail: sameEmail("john_doe@example.com") }, select: { id: true } });
    expect(viaPrisma.map((c) => c.id)).toEqual([john.id]);
    expect(await db.case.count({ where: { shopId: shop.shopId, customerEmail: sameEmail("%") } })).toBe(0);
  });
});
