import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader } from "../../app/routes/app._index";
import { createInstalledShop, embeddedRequest } from "../helpers/shopify";

describe("staff access", () => {
  it("refuses a staff member an admin turned off, with a message saying who can turn it back on", async () => {
    const shop = await createInstalledShop();
    const ok = await loader({ request: await embeddedRequest("/app", shop), params: {}, context: {} });
    expect(ok.status).toBe(200);

    await db.staff.update({ where: { id: shop.staffId }, data: { active: false } });
    const refused = await loader({ request: await embeddedRequest("/app", shop), params: {}, context: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    const response = refused as Response;
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/turned off your access/);
  });
});
