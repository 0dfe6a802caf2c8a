import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { INBOX_SORTS, INBOX_VIEWS, InboxFilters, type InboxQuery, type InboxSort, type InboxView } from "./inbox-query";

// Inbox views merchants save: a base view (tab), filters and a sort. A view belongs to the staff member who
// saved it, or (staffId null) is shared with the whole team — only admins create, rename or delete those.

export const MAX_VIEWS_PER_STAFF = 20;

export interface SavedViewActor {
  staffId: string | null;
  role: "ADMIN" | "AGENT" | string;
}

export interface SavedViewRecord {
  id: string;
  name: string;
  shared: boolean;
  /** The view's query: base view, filters and sort (what the inbox URL holds, minus search and cursor). */
  query: Pick<InboxQuery, "view" | "sort"> & Partial<InboxFilters>;
  mine: boolean;
}

const ViewName = z
  .string()
  .trim()
  .min(1, { error: "Give the view a name" })
  .max(40, { error: "A view name is at most 40 characters" });

/** What is stored in SavedView.filters: the base view plus the filters, in their parsed (array) form. */
const StoredFilters = z.object({
  view: z.enum(INBOX_VIEWS).default("all"),
  status: z.array(z.string()).optional(),
  priority: z.array(z.string()).optional(),
  topic: z.array(z.string()).optional(),
  channel: z.array(z.string()).optional(),
  tag: z.array(z.string()).optional(),
  assignee: z.array(z.string()).optional(),
  sla: z.array(z.string()).optional(),
  hasOrder: z.enum(["yes", "no"]).optional(),
  fulfillment: z.array(z.string()).optional(),
  createdFrom: z.string().optional(),
  createdTo: z.string().optional(),
  activityFrom: z.string().optional(),
  activityTo: z.string().optional(),
});

export interface SavedViewInput {
  name: string;
  view: InboxView;
  sort: InboxSort;
  filters: Partial<InboxFilters>;
  shared?: boolean;
}

/** Validates filters exactly as the inbox URL would (arrays re-joined and parsed by InboxFilters). */
function checkFilters(filters: Partial<InboxFilters>): Partial<InboxFilters> {
  const asUrl: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null) continue;
    asUrl[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  const parsed = InboxFilters.safeParse(asUrl);
  if (!parsed.success) throw new AppError("bad_request", `The view's filters are not valid: ${parsed.error.issues[0].message}.`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Partial<InboxFilters>;
}

function toRecord(row: { id: string; name: string; staffId: string | null; filters: unknown; sort: string }, staffId: string | null): SavedViewRecord {
  const stored = StoredFilters.safeParse(row.filters);
  const { view, ...filters } = stored.success ? stored.data : { view: "all" as const };
  // Old or hand-edited rows: keep only what still parses.
  let checked: Partial<InboxFilters> = {};
  try {
    checked = checkFilters(filters as Partial<InboxFilters>);
  } catch {
    checked = {};
  }
  const sort = (INBOX_SORTS as readonly string[]).includes(row.sort) ? (row.sort as InboxSort) : "lastActivity desc";
  return { id: row.id, name: row.name, shared: row.staffId === null, mine: row.staffId !== null && row.staffId === staffId, query: { view, sort, ...checked } };
}

/** The views a staff member sees: their own, then the shared ones. */
export async function listSavedViews(shopId: string, staffId: string | null): Promise<SavedViewRecord[]> {
  const rows = await db.savedView.findMany({
    where: { shopId, OR: [{ staffId: null }, ...(staffId ? [{ staffId }] : [])] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_VIEWS_PER_STAFF * 3,
  });
  return rows.map((row) => toRecord(row, staffId));
}

async function findEditable(shopId: string, actor: SavedViewActor, id: string) {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "This saved view doesn't exist.");
  const row = await db.savedView.findFirst({ where: { id, shopId } });
  if (!row || (row.staffId !== null && row.staffId !== actor.staffId)) throw new AppError("not_found", "This saved view doesn't exist.");
  if (row.staffId === null && actor.role !== "ADMIN")
    throw new AppError("forbidden", "Only admins can change views shared with the team. Save your own copy instead.");
  return row;
}

async function checkNameFree(shopId: string, staffId: string | null, name: string, exceptId?: string) {
  const clash = await db.savedView.findFirst({
    where: { shopId, staffId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new AppError("conflict", `There is already a view called "${name}". Pick another name.`);
}

export async function createSavedView(shopId: string, actor: SavedViewActor, input: SavedViewInput): Promise<SavedViewRecord> {
  const name = ViewName.safeParse(input.name);
  if (!name.success) throw new AppError("bad_request", name.error.issues[0].message);
  if (!(INBOX_VIEWS as readonly string[]).includes(input.view)) throw new AppError("bad_request", "The view to save is not one of the inbox views.");
  if (!(INBOX_SORTS as readonly string[]).includes(input.sort)) throw new AppError("bad_request", "The sort to save is not one of the inbox sorts.");
  const filters = checkFilters(input.filters);
  if (input.shared && actor.role !== "ADMIN") throw new AppError("forbidden", "Only admins can share a view with the team.");
  const staffId = input.shared ? null : actor.staffId;
  if (!input.shared && !staffId) throw new AppError("bad_request", "Your session has no team member to save the view for. Reload the app.");
  const count = await db.savedView.count({ where: { shopId, staffId } });
  if (count >= MAX_VIEWS_PER_STAFF) throw new AppError("bad_request", `At most ${MAX_VIEWS_PER_STAFF} saved views. Delete one first.`);
  await checkNameFree(shopId, staffId, name.data);
  const row = await db.savedView.create({
    data: { shopId, staffId, name: name.data, sort: input.sort, filters: { view: input.view, ...filters } },
  });
  return toRecord(row, actor.staffId);
}

export async function renameSavedView(shopId: string, actor: SavedViewActor, id: string, newName: string): Promise<SavedViewRecord> {
  const row = await findEditable(shopId, actor, id);
  const name = ViewName.safeParse(newName);
  if (!name.success) throw new AppError("bad_request", name.error.issues[0].message);
  await checkNameFree(shopId, row.staffId, name.data, row.id);
  const updated = await db.savedView.update({ where: { id: row.id }, data: { name: name.data } });
  return toRecord(updated, actor.staffId);
}

/** Replaces a saved view's filters and sort with the current ones ("Save" on a changed view). */
export async function updateSavedViewQuery(
  shopId: string,
  actor: SavedViewActor,
  id: string,
  input: Pick<SavedViewInput, "view" | "sort" | "filters">,
): Promise<SavedViewRecord> {
  const row = await findEditable(shopId, actor, id);
  if (!(INBOX_SORTS as readonly string[]).includes(input.sort)) throw new AppError("bad_request", "The sort to save is not one of the inbox sorts.");
  const filters = checkFilters(input.filters);
  const updated = await db.savedView.update({ where: { id: row.id }, data: { sort: input.sort, filters: { view: input.view, ...filters } } });
  return toRecord(updated, actor.staffId);
}

export async function deleteSavedView(shopId: string, actor: SavedViewActor, id: string): Promise<void> {
  const row = await findEditable(shopId, actor, id);
  await db.savedView.delete({ where: { id: row.id } });
}
