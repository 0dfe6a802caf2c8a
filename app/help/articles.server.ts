import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { CaseTopic, Prisma } from "../generated/prisma/client";
import { CaseTopic as CASE_TOPICS } from "../generated/prisma/enums";
import { excerptOf } from "./markdown-lite";

export { excerptOf };

// Help articles: what shoppers search from the storefront's Help & contact block before they write. Staff edit
// them under Help center (admins; agents read). Bodies are plain text with a little markdown (## headings,
// - lists, **bold**), previewed by app/help/markdown-lite.ts as the storefront shows them. Every query names the shop.

export interface HelpArticleSummary {
  id: string;
  slug: string;
  title: string;
  topic: CaseTopic | null;
  published: boolean;
  viewCount: number;
  excerpt: string;
  updatedAt: Date;
}

export interface HelpArticleView extends Omit<HelpArticleSummary, "excerpt"> {
  body: string;
  createdAt: Date;
}

/** Articles a shop may keep; the list and the storefront search stay small and fast. */
export const MAX_ARTICLES = 500;
export const MAX_SLUG = 80;

/** "Where's my order? (US & Canada)" → "wheres-my-order-us-canada": lower case ASCII, digits and dashes. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, "");
}

const optionalSlug = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() || null : v ?? null),
  z
    .string({ error: "Enter the web address as letters, digits and dashes." })
    .max(MAX_SLUG, `Keep the web address under ${MAX_SLUG} characters.`)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes in the web address, e.g. returns-and-exchanges.")
    .nullable(),
);

const checkbox = z.preprocess((v) => (v === "on" || v === "true" ? true : v === "false" || v === undefined || v === null ? false : v), z.boolean({ error: "Published must be on or off." }));

export const HelpArticleInput = z.object({
  title: z.string({ error: "Give the article a title." }).trim().min(1, "Give the article a title.").max(150, "Keep the title under 150 characters."),
  body: z
    .string({ error: "Write the answer shoppers will read." })
    .trim()
    .min(1, "Write the answer shoppers will read.")
    .max(20_000, "Keep the article under 20,000 characters."),
  topic: z.preprocess(
    (v) => (v === "" || v === "none" || v === undefined ? null : v),
    z.enum(CASE_TOPICS, { error: "Pick a topic from the list, or none." }).nullable(),
  ),
  published: checkbox,
  slug: optionalSlug,
});
export type HelpArticleInput = z.infer<typeof HelpArticleInput>;

function parseInput(input: unknown): HelpArticleInput {
  const parsed = HelpArticleInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new AppError("bad_request", `The article was not saved: ${Object.values(fieldErrors).join(" ")}`, { fieldErrors });
  }
  const slugFromTitle = slugify(parsed.data.title);
  if (!parsed.data.slug && !slugFromTitle) {
    const message = "Add a web address (letters and digits): the title has none to make one from.";
    throw new AppError("bad_request", `The article was not saved: ${message}`, { fieldErrors: { slug: message } });
  }
  return parsed.data;
}

const notFound = () => new AppError("not_found", "This help article does not exist (it may have been deleted).");

const select = {
  id: true,
  slug: true,
  title: true,
  body: true,
  topic: true,
  published: true,
  viewCount: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.HelpArticleSelect;

export const ArticleListQuery = z.object({
  q: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(200, "Keep the search under 200 characters.")),
  status: z.preprocess((v) => (v === "published" || v === "draft" ? v : "all"), z.enum(["all", "published", "draft"])),
});
export type ArticleListQuery = z.infer<typeof ArticleListQuery>;

/** The shop's articles, newest change first; `q` matches title, body or web address (case-insensitive). */
export async function listArticles(shopId: string, query: Partial<ArticleListQuery> = {}): Promise<{ articles: HelpArticleSummary[]; total: number }> {
  const q = query.q?.trim() ?? "";
  const where: Prisma.HelpArticleWhereInput = {
    shopId,
    ...(query.status === "published" ? { published: true } : query.status === "draft" ? { published: false } : {}),
    ...(q
      ? {
          OR: [
            { title: { contains: q, mode: "insensitive" } },
            { body: { contains: q, mode: "insensitive" } },
            { slug: { contains: slugify(q) || q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.helpArticle.findMany({ where, select, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: MAX_ARTICLES }),
    db.helpArticle.count({ where: { shopId } }),
  ]);
  return {
    articles: rows.map(({ body, createdAt: _createdAt, ...row }) => ({ ...row, excerpt: excerptOf(body) })),
    total,
  };
}

export async function getArticle(shopId: string, articleId: string): Promise<HelpArticleView> {
  const row = z.uuid().safeParse(articleId).success ? await db.helpArticle.findFirst({ where: { id: articleId, shopId }, select }) : null;
  if (!row) throw notFound();
  return row;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

const slugTaken = (slug: string, title: string) => {
  const message = `The web address “${slug}” is already used by “${title}”. Choose another.`;
  return new AppError("bad_request", `The article was not saved: ${message}`, { fieldErrors: { slug: message } });
};

/** `base`, or `base-2`, `base-3` … : the first web address no other article of the shop uses. */
async function freeSlug(shopId: string, base: string, exceptId?: string): Promise<string> {
  const root = base.slice(0, MAX_SLUG - 4).replace(/-+$/g, "");
  const taken = new Set(
    (
      await db.helpArticle.findMany({
        where: { shopId, slug: { startsWith: root }, ...(exceptId ? { id: { not: exceptId } } : {}) },
        select: { slug: true },
      })
    ).map((a) => a.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${root}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A web address the merchant typed must be free; one made from the title gets a suffix when it is not. */
async function chooseSlug(shopId: string, input: HelpArticleInput, exceptId?: string): Promise<string> {
  if (input.slug) {
    const clash = await db.helpArticle.findFirst({
      where: { shopId, slug: input.slug, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { title: true },
    });
    if (clash) throw slugTaken(input.slug, clash.title);
    return input.slug;
  }
  return freeSlug(shopId, slugify(input.title), exceptId);
}

/** Retries once when another save took the same generated web address at the same moment. */
async function withSlug<T>(shopId: string, input: HelpArticleInput, exceptId: string | undefined, write: (slug: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const slug = await chooseSlug(shopId, input, exceptId);
    try {
      return await write(slug);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.slug || attempt >= 2) throw slugTaken(slug, "another article");
    }
  }
}

export async function createArticle(shopId: string, input: unknown): Promise<HelpArticleView> {
  const data = parseInput(input);
  const count = await db.helpArticle.count({ where: { shopId } });
  if (count >= MAX_ARTICLES) throw new AppError("bad_request", `A shop can keep up to ${MAX_ARTICLES} help articles. Delete or merge old ones first.`);
  return withSlug(shopId, data, undefined, (slug) =>
    db.helpArticle.create({ data: { shopId, slug, title: data.title, body: data.body, topic: data.topic, published: data.published }, select }),
  );
}

/**
 * Saves the whole article. An empty web address is made again from the title; the view count is never written
 * here (the storefront counts views).
 */
export async function updateArticle(shopId: string, articleId: string, input: unknown): Promise<HelpArticleView> {
  const current = await getArticle(shopId, articleId);
  const data = parseInput(input);
  return withSlug(shopId, { ...data, slug: data.slug ?? null }, current.id, async (slug) => {
    const { count } = await db.helpArticle.updateMany({
      where: { id: current.id, shopId },
      data: { slug, title: data.title, body: data.body, topic: data.topic, published: data.published },
    });
    if (count === 0) throw notFound();
    return getArticle(shopId, current.id);
  });
}

export async function deleteArticle(shopId: string, articleId: string): Promise<{ title: string }> {
  const current = await getArticle(shopId, articleId);
  const { count } = await db.helpArticle.deleteMany({ where: { id: current.id, shopId } });
  if (count === 0) throw notFound();
  return { title: current.title };
}
