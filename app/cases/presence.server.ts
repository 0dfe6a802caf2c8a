import db from "../db.server";
import { staffName, requireCase } from "./case-detail.server";

// Collision detection: who else has the case open, and who is typing a reply. The page sends a heartbeat
// every few seconds (app/routes/app.cases.$id.presence.tsx); a row not refreshed within the window is
// ignored, and swept when the case's presence is read.

/** Heartbeats come every 5 s; a viewer missing for longer than this has left. */
export const PRESENCE_WINDOW_MS = 20_000;

export interface PresenceView {
  staffId: string;
  name: string;
  typing: boolean;
  lastSeenAt: string;
}

export interface PresenceState {
  others: PresenceView[];
  /** The newest customer message or staff reply: the page warns when it changes under a draft. */
  latestMessage: { id: string; at: string; authorName: string | null; authorStaffId: string | null } | null;
}

/** Records that `staffId` is on the case (typing or not) and returns everyone else there. */
export async function heartbeat(
  shopId: string,
  staffId: string,
  caseId: string,
  typing: boolean,
  now = new Date(),
): Promise<PresenceState> {
  await requireCase(shopId, caseId, { id: true });
  await db.casePresence.upsert({
    where: { caseId_staffId: { caseId, staffId } },
    create: { shopId, caseId, staffId, typing, lastSeenAt: now },
    update: { typing, lastSeenAt: now },
  });
  return presenceOf(shopId, caseId, staffId, now);
}

/** The staff member closed the case (or navigated away). */
export async function leaveCase(shopId: string, staffId: string, caseId: string): Promise<void> {
  await db.casePresence.deleteMany({ where: { shopId, caseId, staffId } });
}

/** Everyone but `staffId` seen on the case within the window; older rows of the case are swept. */
export async function presenceOf(shopId: string, caseId: string, staffId: string | null, now = new Date()): Promise<PresenceState> {
  const cutoff = new Date(now.getTime() - PRESENCE_WINDOW_MS);
  await db.casePresence.deleteMany({ where: { shopId, caseId, lastSeenAt: { lt: cutoff } } });
  const [rows, latest] = await Promise.all([
    db.casePresence.findMany({
      where: { shopId, caseId, lastSeenAt: { gte: cutoff }, ...(staffId ? { NOT: { staffId } } : {}) },
      orderBy: { lastSeenAt: "desc" },
      take: 20,
      select: { staffId: true, typing: true, lastSeenAt: true, staff: { select: { firstName: true, lastName: true, email: true } } },
    }),
    db.message.findFirst({
      where: { shopId, caseId, direction: { in: ["INBOUND", "OUTBOUND"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, createdAt: true, authorName: true, authorStaffId: true },
    }),
  ]);
  return {
    others: rows.map((r) => ({ staffId: r.staffId, name: staffName(r.staff), typing: r.typing, lastSeenAt: r.lastSeenAt.toISOString() })),
    latestMessage: latest
      ? { id: latest.id, at: latest.createdAt.toISOString(), authorName: latest.authorName, authorStaffId: latest.authorStaffId }
      : null,
  };
}
