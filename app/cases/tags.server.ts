import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";

// Tags: the shop's named labels for cases (Case.tags holds the names). Renaming or deleting a tag updates every
// case of the shop that carries it, in one statement.

export interface TagView {
  id: string;
  name: string;
  color: string | null;
}

const MAX_TAGS = 500;

export const TAG_COLORS = ["#6D7175", "#D72C0D", "#C05717", "#B98900", "#8A6116", "#007F5F", "#2C6ECB", "#5C6AC4", "#AE4A84"] as const;

export const TagInput = z.object({
  name: z
    .string({ error: "Give the tag a name." })
    .trim()
    .min(1, "Give the tag a name.")
    .max(40, "Keep tag names under 40 characters.")
    .refine((n) => !/[,\n\r\t]/.test(n), "Tag names can't contain commas or line breaks."),
  color: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour such as #2C6ECB.")
      .transform((c) => c.toUpperCase())
      .nullable(),
  ),
});

function parseTag(input: unknown) {
  const parsed = TagInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new AppError("bad_request", `The tag could not be saved: ${Object.values(fieldErrors).join(" ")}`, { fieldErrors });
  }
  return parsed.data;
}

const notFound = () => new AppError("not_found", "This tag does not exist (it may have been deleted).");

const duplicate = (name: string) =>
  new AppError("bad_request", `A tag named “${name}” already exists.`, { fieldErrors: { name: `A tag named “${name}” already exists.` } });

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

export async function listTags(shopId: string): Promise<TagView[]> {
  return db.tag.findMany({ where: { shopId }, select: { id: true, name: true, color: true }, orderBy: { name: "asc" }, take: MAX_TAGS });
}

export async function getTag(shopId: string, tagId: string): Promise<TagView> {
  const tag = z.uuid().safeParse(tagId).success
    ? await db.tag.findFirst({ where: { id: tagId, shopId }, select: { id: true, name: true, color: true } })
    : null;
  if (!tag) throw notFound();
  return tag;
}

async function assertNameFree(shopId: string, name: string, exceptId?: string) {
  const clash = await db.tag.findFirst({
    where: { shopId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw duplicate(clash.name);
}

export async function createTag(shopId: string, input: unknown): Promise<TagView> {
  const data = parseTag(input);
  await assertNameFree(shopId, data.name);
  if ((await db.tag.count({ where: { shopId } })) >= MAX_TAGS) {
    throw new AppError("bad_request", `A shop can keep up to ${MAX_TAGS} tags. Delete unused ones first.`);
  }
  try {
    return await db.tag.create({ data: { shopId, ...data }, select: { id: true, name: true, color: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(data.name);
    throw error;
  }
}

/**
 * Renames and/or recolours a tag. A rename is applied to every case of this shop carrying the old name, in the
 * same transaction (a case that already carries the new name just loses the old one). Returns the cases changed.
 */
export async function updateTag(shopId: string, tagId: string, input: unknown): Promise<{ tag: TagView; casesUpdated: number }> {
  const current = await getTag(shopId, tagId);
  const data = parseTag(input);
  if (data.name !== current.name) await assertNameFree(shopId, data.name, tagId);
  try {
    return await db.$transaction(async (tx) => {
      const { count } = await tx.tag.updateMany({ where: { id: tagId, shopId }, data });
      if (count === 0) throw notFound();
      let casesUpdated = 0;
      if (data.name !== current.name) {
        casesUpdated = await tx.$executeRaw`
          UPDATE "Case"
          SET tags = CASE WHEN tags @> ARRAY[${data.name}]::text[] THEN array_remove(tags, ${current.name})
                          ELSE array_replace(tags, ${current.name}, ${data.name}) END
          WHERE "shopId" = ${shopId}::uuid AND tags @> ARRAY[${current.name}]::text[]`;
      }
      return { tag: { id: tagId, name: data.name, color: data.color }, casesUpdated };
    }, TAG_REWRITE);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(data.name);
    throw error;
  }
}

/** A tag on hundreds of thousands of cases takes longer than Prisma's default 5 s transaction to rewrite. */
const TAG_REWRITE = { timeout: 120_000, maxWait: 10_000 };

/** Deletes a tag and removes it from every case of this shop. Returns the cases changed. */
export async function deleteTag(shopId: string, tagId: string): Promise<{ name: string; casesUpdated: number }> {
  const current = await getTag(shopId, tagId);
  return db.$transaction(async (tx) => {
    const { count } = await tx.tag.deleteMany({ where: { id: tagId, shopId } });
    if (count === 0) throw notFound();
    const casesUpdated = await tx.$executeRaw`
      UPDATE "Case" SET tags = array_remove(tags, ${current.name})
      WHERE "shopId" = ${shopId}::uuid AND tags @> ARRAY[${current.name}]::text[]`;
    return { name: current.name, casesUpdated };
  }, TAG_REWRITE);
}
