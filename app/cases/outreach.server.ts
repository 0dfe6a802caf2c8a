import type { Prisma } from "../generated/prisma/client";
import type { CasePriority, CaseTopic, Channel } from "../generated/prisma/enums";
import { newCaseSla } from "../insights/sla.server";
import type { ShopSettings } from "../shops/settings.server";

/**
 * Outreach cases (Case.outreach): opened by the app only to carry an outreach message (the NPS survey). They are
 * left out of the support figures (app/insights/rollup/cases.server.ts) and the inbox's open views until the
 * customer writes in them. The customer's first message makes the case an ordinary one, counted from then: it is
 * created now (for the created/resolved figures and durations), on the channel the customer wrote from, open, with
 * fresh SLA deadlines — and it is not a reopened case (nobody had resolved a support request).
 */
export function outreachBecomesSupport(
  settings: ShopSettings,
  c: { priority: CasePriority; topic: CaseTopic; externalDueAt: Date | null },
  channel: Channel,
  now: Date,
): Prisma.CaseUpdateManyMutationInput {
  return {
    outreach: false,
    createdAt: now,
    channel,
    status: "OPEN",
    snoozedUntil: null,
    resolvedAt: null,
    closedAt: null,
    firstResponseAt: null,
    slaPausedAt: null,
    slaPausedSeconds: 0,
    ...newCaseSla(settings, { priority: c.priority, topic: c.topic, openedAt: now, externalDueAt: c.externalDueAt }),
  };
}
