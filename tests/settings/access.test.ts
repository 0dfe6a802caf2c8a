import type { ComponentType } from "react";
import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import * as overview from "../../app/routes/app.settings._index";
import * as hours from "../../app/routes/app.settings.hours";
import * as macros from "../../app/routes/app.settings.macros";
import * as returns from "../../app/routes/app.settings.returns";
import * as tags from "../../app/routes/app.settings.tags";
import * as team from "../../app/routes/app.settings.team";
import * as topics from "../../app/routes/app.settings.topics";
import * as automation from "../../app/routes/app.settings.automation";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { renderRoute } from "./render";

const args = (request: Request) => ({ request, params: {}, context: {} });

interface Page {
  path: string;
  module: { loader: (a: ReturnType<typeof args>) => Promise<Response>; default: ComponentType };
  action?: (a: ReturnType<typeof args>) => Promise<Response>;
  /** Bodies an admin could send; each must be refused for an agent. */
  bodies: Record<string, unknown>[];
  /** Text the page shows. */
  shows: string;
}

const PAGES: Page[] = [
  { path: "/app/settings/automation", module: automation, action: automation.action, bodies: [{ intent: "save" }], shows: "Order updates" },
  { path: "/app/settings", module: overview, bodies: [], shows: "Business hours and SLA" },
  {
    path: "/app/settings/team",
    module: team,
    action: team.action,
    bodies: [{ intent: "member", staffId: "", role: "AGENT" }, { intent: "refunds", agentLimit: "500.00", requireNote: false }],
    shows: "Refunds by agents",
  },
  {
    path: "/app/settings/macros",
    module: macros,
    action: macros.action,
    bodies: [{ intent: "create", name: "x", body: "y" }, { intent: "update", macroId: "" }, { intent: "delete", macroId: "" }],
    shows: "Create macro",
  },
  {
    path: "/app/settings/tags",
    module: tags,
    action: tags.action,
    bodies: [{ intent: "create", name: "vip" }, { intent: "update", tagId: "" }, { intent: "delete", tagId: "" }],
    shows: "Add tag",
  },
  { path: "/app/settings/topics", module: topics, action: topics.action, bodies: [{ intent: "save", topics: {} }], shows: "Where is my order" },
  { path: "/app/settings/hours", module: hours, action: hours.action, bodies: [{ intent: "save" }], shows: "First response within" },
  { path: "/app/settings/returns", module: returns, action: returns.action, bodies: [{ intent: "save" }], shows: "Days to return" },
];

function postJson(path: string, shop: TestShop, body: unknown) {
  return embeddedRequest(path, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
}

/** The test shop's own staff member becomes an agent; Grace is the admin. */
async function agentShop() {
  const shop = await createInstalledShop();
  await db.staff.create({ data: { shopId: shop.shopId, email: "grace@example.com", firstName: "Grace", lastName: "Admin", role: "ADMIN" } });
  await db.staff.update({ where: { id: shop.staffId }, data: { role: "AGENT" } });
  return shop;
}

describe("settings access", () => {
  it("agents can load every settings page, read-only, with whom to ask", async () => {
    const shop = await agentShop();
    for (const page of PAGES) {
      const response = await page.module.loader(args(await embeddedRequest(page.path, shop)));
      expect(response.status, page.path).toBe(200);
      const body = await response.clone().json();
      expect(body.canEdit, page.path).toBe(false);
      expect(body.readOnlyReason, page.path).toBe("Only admins can change settings. Ask an admin (Grace Admin) to make the change or to give you the admin role.");
      const html = await renderRoute(page.path, page.module.default, response);
      expect(html, page.path).toContain("You can view these settings");
      expect(html, page.path).toContain(page.shows);
    }
  });

  it("agents get 403 on every settings action, and nothing changes", async () => {
    const shop = await agentShop();
    const before = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId }, select: { settings: true } });
    let checked = 0;
    for (const page of PAGES) {
      for (const body of page.bodies) {
        const response = await page.action!(args(await postJson(page.path, shop, body)));
        expect(response.status, `${page.path} ${JSON.stringify(body)}`).toBe(403);
        const json = await response.json();
        expect(json.error.message).toMatch(/^Only admins can change settings\. Ask an admin \(Grace Admin\)/);
        checked += 1;
      }
    }
    expect(checked).toBe(12);
    expect(await db.macro.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.tag.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.shopId }, select: { settings: true } })).toEqual(before);
  });

  it("admins see every page editable; each page server-renders", async () => {
    const shop = await createInstalledShop();
    for (const page of PAGES) {
      const response = await page.module.loader(args(await embeddedRequest(page.path, shop)));
      expect((await response.clone().json()).canEdit, page.path).toBe(true);
      const html = await renderRoute(page.path, page.module.default, response);
      expect(html, page.path).not.toContain("You can view these settings");
      expect(html, page.path).toContain(page.shows);
    }
  });

  it("an unknown intent or an unreadable body is a clear 400", async () => {
    const shop = await createInstalledShop();
    const unknown = await tags.action(args(await postJson("/app/settings/tags", shop, { intent: "explode" })));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toBe("Unknown action “explode”: use one of create, update, delete.");
    const broken = await tags.action(
      args(await embeddedRequest("/app/settings/tags", shop, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } })),
    );
    expect(broken.status).toBe(400);
  });
});
