import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { createArticle, listArticles, slugify, updateArticle } from "../../app/help/articles.server";
import { parseMarkdownLite } from "../../app/help/markdown-lite";
import EditorPage, * as editor from "../../app/routes/app.help.$id";
import ListPage, * as list from "../../app/routes/app.help._index";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";
import { renderRoute } from "../settings/render";

const args = (request: Request, id?: string) => ({ request, params: id ? { id } : {}, context: {} });

async function post(shop: TestShop, id: string, body: Record<string, unknown>) {
  const request = await embeddedRequest(`/app/help/${id}`, shop, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  const response = await editor.action(args(request, id));
  return { status: response.status, body: await response.json() };
}

const ARTICLE = {
  title: "How long does shipping take?",
  body: "We ship from Portland.\n\n## Delivery times\n- **Standard:** 3–6 days\n- Express: 2 days\n\nSee [carrier status](https://example.com/status).",
  topic: "WHERE_IS_MY_ORDER",
  published: true,
};

/** The test shop's own staff member becomes an agent; Grace is the admin. */
async function agentShop() {
  const shop = await createInstalledShop();
  await db.staff.create({ data: { shopId: shop.shopId, email: "grace@example.com", firstName: "Grace", lastName: "Admin", role: "ADMIN" } });
  await db.staff.update({ where: { id: shop.staffId }, data: { role: "AGENT" } });
  return shop;
}

describe("slugs", () => {
  it("makes web addresses from titles", () => {
    expect(slugify("How long does shipping take?")).toBe("how-long-does-shipping-take");
    expect(slugify("Where's my order? (US & Canada)")).toBe("wheres-my-order-us-canada");
    expect(slugify("Rückgabe für Übergrößen")).toBe("ruckgabe-fur-ubergrossen");
    expect(slugify("???")).toBe("");
    expect(slugify("a".repeat(200))).toHaveLength(80);
  });
});

describe("help articles", () => {
  it("creates, reads, updates and deletes an article through the route; views stay read-only", async () => {
    const shop = await createInstalledShop();
    const created = await post(shop, "new", { intent: "save", ...ARTICLE, slug: "" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ok: true, message: "Article created" });
    const id = created.body.id as string;
    const row = await db.helpArticle.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ shopId: shop.shopId, slug: "how-long-does-shipping-take", title: ARTICLE.title, topic: "WHERE_IS_MY_ORDER", published: true, viewCount: 0 });

    await db.helpArticle.update({ where: { id }, data: { viewCount: 42 } });
    const updated = await post(shop, id, { intent: "save", title: "Shipping times", body: "Three to six days.", topic: "", published: false, slug: "shipping", viewCount: 0 });
    expect(updated.status).toBe(200);
    expect(await db.helpArticle.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: "Shipping times", slug: "shipping", topic: null, published: false, viewCount: 42 });

    const loaded = await editor.loader(args(await embeddedRequest(`/app/help/${id}`, shop), id));
    expect(loaded.status).toBe(200);
    expect((await loaded.json()).article).toMatchObject({ id, title: "Shipping times", viewCount: 42 });

    const deleted = await post(shop, id, { intent: "delete" });
    expect(deleted).toMatchObject({ status: 200, body: { message: "“Shipping times” deleted" } });
    expect(await db.helpArticle.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect((await post(shop, id, { intent: "delete" })).status).toBe(404);
  });

  it("suffixes a generated web address on a clash, refuses a typed one that is taken, remakes an emptied one", async () => {
    const shop = await createInstalledShop();
    const first = await createArticle(shop.shopId, { ...ARTICLE, slug: "" });
    const second = await createArticle(shop.shopId, { ...ARTICLE, slug: "" });
    const third = await createArticle(shop.shopId, { ...ARTICLE, published: false });
    expect([first.slug, second.slug, third.slug]).toEqual(["how-long-does-shipping-take", "how-long-does-shipping-take-2", "how-long-does-shipping-take-3"]);

    const typed = await post(shop, "new", { intent: "save", ...ARTICLE, title: "Other", slug: "how-long-does-shipping-take" });
    expect(typed.status).toBe(400);
    expect(typed.body.error.details.fieldErrors.slug).toBe("The web address “how-long-does-shipping-take” is already used by “How long does shipping take?”. Choose another.");

    // Saving an article with its own web address is not a clash; emptying it makes one from the title again.
    expect((await updateArticle(shop.shopId, second.id, { ...ARTICLE, slug: second.slug })).slug).toBe("how-long-does-shipping-take-2");
    await db.helpArticle.delete({ where: { id: first.id } });
    expect((await updateArticle(shop.shopId, third.id, { ...ARTICLE, slug: "" })).slug).toBe("how-long-does-shipping-take");

    // Another shop may use the same web address.
    const other = await createInstalledShop();
    expect((await createArticle(other.shopId, { ...ARTICLE })).slug).toBe("how-long-does-shipping-take");
  });

  it("answers bad input with field errors a person can act on", async () => {
    const shop = await createInstalledShop();
    const empty = await post(shop, "new", { intent: "save", title: " ", body: "", topic: "NOPE", published: "maybe", slug: "Not a slug!" });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fieldErrors).toEqual({
      title: "Give the article a title.",
      body: "Write the answer shoppers will read.",
      topic: "Pick a topic from the list, or none.",
      published: "Published must be on or off.",
      slug: "Use lower-case letters, digits and single dashes in the web address, e.g. returns-and-exchanges.",
    });
    const symbols = await post(shop, "new", { intent: "save", ...ARTICLE, title: "???", slug: "" });
    expect(symbols.status).toBe(400);
    expect(symbols.body.error.details.fieldErrors.slug).toContain("Add a web address");
    expect((await post(shop, "new", { intent: "publish" })).status).toBe(400);
    // A plain form post works too (checkbox "on").
    const form = new URLSearchParams({ intent: "save", title: "Returns", body: "30 days.", topic: "RETURN", published: "on" });
    const response = await editor.action(args(await embeddedRequest("/app/help/new", shop, { method: "POST", body: form }), "new"));
    expect(response.status).toBe(201);
    expect(await db.helpArticle.findFirstOrThrow({ where: { shopId: shop.shopId, slug: "returns" } })).toMatchObject({ published: true, topic: "RETURN" });
    expect(await db.helpArticle.count({ where: { shopId: shop.shopId } })).toBe(1);
  });

  it("an article of another shop is a 404 to read, save or delete, and is left alone", async () => {
    const owner = await createInstalledShop();
    const article = await createArticle(owner.shopId, ARTICLE);
    const intruder = await createInstalledShop();
    await expect(editor.loader(args(await embeddedRequest(`/app/help/${article.id}`, intruder), article.id))).rejects.toMatchObject({ status: 404 });
    expect((await post(intruder, article.id, { intent: "save", ...ARTICLE, title: "Hacked" })).status).toBe(404);
    expect((await post(intruder, article.id, { intent: "delete" })).status).toBe(404);
    expect((await post(intruder, "not-a-uuid", { intent: "delete" })).status).toBe(404);
    expect(await db.helpArticle.findUniqueOrThrow({ where: { id: article.id } })).toMatchObject({ title: ARTICLE.title });
    expect((await listArticles(intruder.shopId)).articles).toEqual([]);
  });

  it("agents read articles but get 403 on every change and on the new-article page", async () => {
    const shop = await agentShop();
    const article = await createArticle(shop.shopId, ARTICLE);
    for (const [id, body] of [
      ["new", { intent: "save", ...ARTICLE }],
      [article.id, { intent: "save", ...ARTICLE, title: "Changed" }],
      [article.id, { intent: "delete" }],
    ] as const) {
      const answer = await post(shop, id, body);
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toMatch(/^Only admins can change settings\. Ask an admin \(Grace Admin\)/);
    }
    expect(await db.helpArticle.findMany({ where: { shopId: shop.shopId }, select: { title: true } })).toEqual([{ title: ARTICLE.title }]);
    await expect(editor.loader(args(await embeddedRequest("/app/help/new", shop), "new"))).rejects.toMatchObject({ status: 403 });

    const page = await editor.loader(args(await embeddedRequest(`/app/help/${article.id}`, shop), article.id));
    const data = await page.clone().json();
    expect(data.canEdit).toBe(false);
    const html = await renderRoute(`/app/help/${article.id}`, EditorPage, page);
    expect(html).toContain("You can read these articles");
    expect(html).not.toContain("Delete article");
    expect(html).toContain("disabled");
  });

  it("lists with search and status tabs, and server-renders list, editor and empty state", async () => {
    const shop = await createInstalledShop();
    const empty = await list.loader(args(await embeddedRequest("/app/help", shop)));
    const emptyHtml = await renderRoute("/app/help", ListPage, empty);
    expect(emptyHtml).toContain("Shoppers search these from the Help &amp; contact block before they write to you");

    const shipping = await createArticle(shop.shopId, ARTICLE);
    await db.helpArticle.update({ where: { id: shipping.id }, data: { viewCount: 1234 } });
    await createArticle(shop.shopId, { title: "Returns and exchanges", body: "Send it back within 30 days.", topic: "RETURN", published: false });

    const all = await list.loader(args(await embeddedRequest("/app/help", shop)));
    const allData = await all.clone().json();
    expect(allData.articles.map((a: { title: string }) => a.title).sort()).toEqual(["How long does shipping take?", "Returns and exchanges"]);
    const html = await renderRoute("/app/help", ListPage, all);
    expect(html).toContain("1,234");
    expect(html).toContain("Draft");
    expect(html).toContain("Where is my order");
    expect(html).toContain("We ship from Portland. Delivery times Standard: 3–6 days");

    const searched = await (await list.loader(args(await embeddedRequest("/app/help?q=PORTLAND", shop)))).json();
    expect(searched.articles.map((a: { title: string }) => a.title)).toEqual([ARTICLE.title]);
    const drafts = await (await list.loader(args(await embeddedRequest("/app/help?status=draft", shop)))).json();
    expect(drafts.articles.map((a: { title: string }) => a.title)).toEqual(["Returns and exchanges"]);
    expect(drafts.total).toBe(2);

    const editorPage = await editor.loader(args(await embeddedRequest(`/app/help/${shipping.id}`, shop), shipping.id));
    const editorHtml = await renderRoute(`/app/help/${shipping.id}`, EditorPage, editorPage);
    expect(editorHtml).toContain("Storefront preview");
    expect(editorHtml).toContain("<strong>Standard:</strong>");
    expect(editorHtml).toContain("See [carrier status](https://example.com/status).");
    expect(editorHtml).toContain("1,234 views on the storefront");
    expect(editorHtml).toContain("Delete article");

    const newPage = await editor.loader(args(await embeddedRequest("/app/help/new", shop), "new"));
    expect(await renderRoute("/app/help/new", EditorPage, newPage)).toContain("Write a title and an answer to see the preview.");
  });
});

describe("article markdown", () => {
  it("reads lines, headings, lists and bold the way the storefront block does, never HTML", () => {
    expect(parseMarkdownLite("Intro line\ncontinues\n\n## Head\n- one\n- **two**\n1. first\n\n[a link](https://x.example) <b>x</b>")).toEqual([
      { kind: "paragraph", content: [{ kind: "text", text: "Intro line" }] },
      { kind: "paragraph", content: [{ kind: "text", text: "continues" }] },
      { kind: "heading", content: [{ kind: "text", text: "Head" }] },
      { kind: "list", ordered: false, items: [[{ kind: "text", text: "one" }], [{ kind: "bold", text: "two" }]] },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "first" }]] },
      { kind: "paragraph", content: [{ kind: "text", text: "[a link](https://x.example) <b>x</b>" }] },
    ]);
  });
});
