import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { Prisma } from "../generated/prisma/client";
import type { CaseTopic } from "../generated/prisma/enums";
import { parseOrThrow } from "./orders.server";
import { STOREFRONT_TEXT } from "./text.server";

// The help center's search, as the shopper types: published articles only, ranked by PostgreSQL full-text
// search computed on the fly (a shop has tens of articles, not thousands: no stored vector needed), the title
// weighted above the body, the last word matched as a prefix so "retu" already finds "Returns".

export interface StorefrontArticleSummary {
  slug: string;
  title: string;
  topic: string | null;
  excerpt: string;
}

export interface StorefrontArticle {
  slug: string;
  title: string;
  topic: string | null;
  body: string;
  updatedAt: string;
}

export const ArticleSearchQuery = z.object({
  q: z.preprocess((v) => (typeof v === "string" ? v : v ?? ""), z.string().max(200, "Keep the search under 200 characters.")),
  limit: z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? 5 : v),
    z.coerce.number({ error: "limit must be a number from 1 to 20" }).int("limit must be a whole number").min(1, "limit must be at least 1").max(20, "limit can be at most 20"),
  ),
});

const MAX_WORDS = 8;

/** The words of a search as a tsquery: "return shi" → "return & shi:*". Only letters and digits pass. */
export function toTsQuery(q: string): string | null {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ");
}

const topicOut = (t: CaseTopic | null) => (t ? t.toLowerCase() : null);

function excerptOf(body: string, max = 220): string {
  const text = body.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 30))}…`;
}

/** Published articles matching `q`, best first; an empty `q` lists the most viewed. */
export async function searchArticles(shopId: string, q: string, options: { limit?: number } = {}): Promise<StorefrontArticleSummary[]> {
  const parsed = parseOrThrow(ArticleSearchQuery, { q, limit: options.limit });
  const tsquery = toTsQuery(parsed.q);
  if (!tsquery) {
    const rows = await db.helpArticle.findMany({
      where: { shopId, published: true },
      orderBy: [{ viewCount: "desc" }, { updatedAt: "desc" }],
      take: parsed.limit,
      select: { slug: true, title: true, topic: true, body: true },
    });
    return rows.map((r) => ({ slug: r.slug, title: r.title, topic: topicOut(r.topic), excerpt: excerptOf(r.body) }));
  }
  // 'simple' keeps every word (prefixes of stop words too); 'english' adds stems ("shirts" finds "shirt").
  const rows = await db.$queryRaw<{ slug: string; title: string; topic: CaseTopic | null; body: string; rank: number }[]>(Prisma.sql`
    WITH q AS (SELECT to_tsquery('simple', ${tsquery}) AS simple, to_tsquery('english', ${tsquery}) AS english),
    docs AS (
      SELECT a.slug, a.title, a.topic, a.body, a."viewCount",
        setweight(to_tsvector('simple', a.title), 'A') || setweight(to_tsvector('simple', a.body), 'B') AS simple_doc,
        setweight(to_tsvector('english', a.title), 'A') || setweight(to_tsvector('english', a.body), 'B') AS english_doc
      FROM "HelpArticle" a
      WHERE a."shopId" = ${shopId}::uuid AND a.published
    )
    SELECT d.slug, d.title, d.topic, d.body,
      GREATEST(ts_rank(d.simple_doc, q.simple), ts_rank(d.english_doc, q.english))::float8 AS rank
    FROM docs d, q
    WHERE d.simple_doc @@ q.simple OR (numnode(q.english) > 0 AND d.english_doc @@ q.english)
    ORDER BY rank DESC, d."viewCount" DESC, d.title ASC
    LIMIT ${parsed.limit}`);
  return rows.map((r) => ({ slug: r.slug, title: r.title, topic: topicOut(r.topic), excerpt: excerptOf(r.body) }));
}

/** One published article by slug (unknown or unpublished → 404). */
export async function getArticle(shopId: string, slug: string): Promise<StorefrontArticle & { id: string }> {
  const clean = slug.trim().toLowerCase();
  const found =
    // A NUL (…/articles/%00) is no slug, and PostgreSQL text cannot even be compared with it.
    clean.length > 0 && clean.length <= 200 && !clean.includes("\u0000")
      ? await db.helpArticle.findFirst({
          where: { shopId, slug: clean, published: true },
          select: { id: true, slug: true, title: true, topic: true, body: true, updatedAt: true },
        })
      : null;
  if (!found) throw new AppError("not_found", STOREFRONT_TEXT.articleNotFound);
  return { id: found.id, slug: found.slug, title: found.title, topic: topicOut(found.topic), body: found.body, updatedAt: found.updatedAt.toISOString() };
}

/** Counts a view of an article and records it as a self-service event (with the search that led to it). */
export async function recordArticleView(
  shopId: string,
  articleId: string,
  context: { query?: string | null; customerId?: string | null } = {},
): Promise<void> {
  const query = context.query?.replaceAll("\u0000", "").trim().slice(0, 200) || null;
  await db.$transaction([
    db.helpArticle.updateMany({ where: { shopId, id: articleId }, data: { viewCount: { increment: 1 } } }),
    db.selfServiceEvent.create({ data: { shopId, kind: "ARTICLE_VIEW", articleId, query, customerId: context.customerId ?? null } }),
  ]);
}

/** The article page: reads it and records the view. */
export async function viewArticle(
  shopId: string,
  slug: string,
  context: { query?: string | null; shopifyCustomerId?: bigint | null } = {},
): Promise<StorefrontArticle> {
  const article = await getArticle(shopId, slug);
  const customer = context.shopifyCustomerId
    ? await db.customer.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: context.shopifyCustomerId } }, select: { id: true } })
    : null;
  await recordArticleView(shopId, article.id, { query: context.query, customerId: customer?.id ?? null });
  const { id: _id, ...shown } = article;
  return shown;
}
