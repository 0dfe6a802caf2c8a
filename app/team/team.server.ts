import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { StaffRole } from "../generated/prisma/client";
import { getShopSettings } from "../shops/settings.server";

// The team: Staff rows, created when a Shopify staff member opens the app (app/auth/after-auth.server.ts).
// Admins change settings; agents work cases and refund up to their own limit or the shop's default.

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  accountOwner: boolean;
  active: boolean;
  /** The member's own refund limit (shop currency); null: the shop default applies. */
  refundLimit: string | null;
  lastSeenAt: Date | null;
}

const MAX_TEAM = 1000;

const memberSelect = {
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  role: true,
  accountOwner: true,
  active: true,
  refundLimit: true,
  lastSeenAt: true,
} as const;

type MemberRow = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string;
  role: StaffRole;
  accountOwner: boolean;
  active: boolean;
  refundLimit: { toFixed(digits: number): string } | null;
  lastSeenAt: Date | null;
};

function member(row: MemberRow): TeamMember {
  const { firstName, lastName, refundLimit, ...rest } = row;
  return { ...rest, name: [firstName, lastName].filter(Boolean).join(" ") || row.email, refundLimit: refundLimit ? refundLimit.toFixed(2) : null };
}

/** Active members first, admins before agents, then by name. */
export async function listTeam(shopId: string): Promise<TeamMember[]> {
  const rows = await db.staff.findMany({
    where: { shopId },
    select: memberSelect,
    orderBy: [{ active: "desc" }, { role: "asc" }, { firstName: "asc" }, { email: "asc" }],
    take: MAX_TEAM,
  });
  return rows.map(member);
}

export async function getTeamMember(shopId: string, staffId: string): Promise<TeamMember> {
  const row = z.uuid().safeParse(staffId).success ? await db.staff.findFirst({ where: { id: staffId, shopId }, select: memberSelect }) : null;
  if (!row) throw new AppError("not_found", "This team member does not exist in this shop.");
  return member(row);
}

const MoneyOrEmpty = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(/^\$/, "") : v),
  z.union([
    z.literal("").transform(() => null),
    z.null(),
    z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, "Enter an amount such as 150.00, or leave it empty for the shop default."),
  ]),
);

export const TeamMemberUpdate = z.object({
  role: z.enum(["ADMIN", "AGENT"], { error: "Choose Admin or Agent." }).optional(),
  refundLimit: MoneyOrEmpty.optional(),
  active: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "active must be true or false." })).optional(),
});

/**
 * Changes a member's role, refund limit or whether they may use the app. The shop always keeps one active
 * admin: demoting or deactivating the last one is refused (400). The shop row is locked while checking, so two
 * admins demoting each other at the same moment cannot both succeed.
 */
export async function updateTeamMember(shopId: string, staffId: string, input: unknown): Promise<TeamMember> {
  const parsed = TeamMemberUpdate.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new AppError("bad_request", `The change could not be saved: ${Object.values(fieldErrors).join(" ")}`, { fieldErrors });
  }
  const patch = parsed.data;
  const current = await getTeamMember(shopId, staffId);

  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Shop" WHERE id = ${shopId}::uuid FOR UPDATE`;
    const staff = await tx.staff.findFirst({ where: { id: staffId, shopId }, select: { role: true, active: true } });
    if (!staff) throw new AppError("not_found", "This team member does not exist in this shop.");
    const staysAdmin = (patch.role ?? staff.role) === "ADMIN" && (patch.active ?? staff.active);
    if (staff.role === "ADMIN" && staff.active && !staysAdmin) {
      const others = await tx.staff.count({ where: { shopId, role: "ADMIN", active: true, id: { not: staffId } } });
      if (others === 0) {
        throw new AppError(
          "bad_request",
          `${current.name} is the only active admin. Make another team member an admin first, so someone can still change settings.`,
          { fieldErrors: { [patch.role ? "role" : "active"]: "The shop needs at least one active admin." } },
        );
      }
    }
    await tx.staff.updateMany({
      where: { id: staffId, shopId },
      data: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.refundLimit !== undefined ? { refundLimit: patch.refundLimit } : {}),
      },
    });
  });
  return getTeamMember(shopId, staffId);
}

/**
 * The most a staff member may refund in one refund (shop currency), or null when unlimited (admins).
 * Agents: their own limit, else the shop default from Settings → Team.
 */
export async function refundLimitFor(shopId: string, staffId: string | null): Promise<string | null> {
  const staff = staffId
    ? await db.staff.findFirst({ where: { id: staffId, shopId }, select: { role: true, active: true, refundLimit: true } })
    : null;
  if (staff?.role === "ADMIN" && staff.active) return null;
  if (staff?.active && staff.refundLimit) return staff.refundLimit.toFixed(2);
  if (staff && !staff.active) return "0.00";
  return (await getShopSettings(shopId)).refunds.agentLimit;
}
