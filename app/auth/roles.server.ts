import db from "../db.server";
import { AppError } from "../errors.server";
import type { StaffContext } from "./staff.server";

// Roles: admins change settings; agents work cases (and refund up to their limit, see app/team/team.server.ts).
// Every settings action calls requireAdmin; every settings page loads for everyone, read-only for agents.

export function isAdmin(ctx: Pick<StaffContext, "staff">): boolean {
  return ctx.staff?.role === "ADMIN" && ctx.staff.active;
}

const displayName = (s: { firstName: string | null; lastName: string | null; email: string }) =>
  [s.firstName, s.lastName].filter(Boolean).join(" ") || s.email;

/** Names of the shop's active admins, for "ask …" messages. */
export async function adminNames(shopId: string): Promise<string[]> {
  const admins = await db.staff.findMany({
    where: { shopId, role: "ADMIN", active: true },
    select: { firstName: true, lastName: true, email: true },
    orderBy: [{ accountOwner: "desc" }, { createdAt: "asc" }],
    take: 5,
  });
  return admins.map(displayName);
}

function askText(names: string[]): string {
  if (names.length === 0) return "Ask the store owner to open the app: the first staff member to do so becomes an admin.";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  return `Ask an admin (${list}) to make the change or to give you the admin role.`;
}

/** What the settings pages show: whether the forms are editable, and whom to ask when not. */
export async function settingsAccess(ctx: StaffContext): Promise<{ canEdit: boolean; readOnlyReason: string | null }> {
  if (isAdmin(ctx)) return { canEdit: true, readOnlyReason: null };
  return { canEdit: false, readOnlyReason: `Only admins can change settings. ${askText(await adminNames(ctx.shop.id))}` };
}

/** Refuses (403) a settings change by anyone but an active admin, naming whom to ask. */
export async function requireAdmin(ctx: StaffContext): Promise<void> {
  if (isAdmin(ctx)) return;
  throw new AppError("forbidden", `Only admins can change settings. ${askText(await adminNames(ctx.shop.id))}`);
}
