import db from "../db.server";

/**
 * Records that the staff member opened the case now; the inbox marks cases whose activity is newer than
 * their CaseRead as updated. A case or staff member of another shop records nothing.
 */
export async function markCaseRead(shopId: string, staffId: string, caseId: string, at = new Date()): Promise<void> {
  const [found, staff] = await Promise.all([
    db.case.count({ where: { id: caseId, shopId } }),
    db.staff.count({ where: { id: staffId, shopId } }),
  ]);
  if (found === 0 || staff === 0) return;
  await db.caseRead.upsert({
    where: { staffId_caseId: { staffId, caseId } },
    create: { shopId, staffId, caseId, lastReadAt: at },
    update: { lastReadAt: at },
  });
}
