import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { AppError, handleErrors } from "../errors.server";
import { heartbeat, leaveCase, presenceOf } from "../cases/presence.server";
import { requireCase } from "../cases/case-detail.server";

// Collision detection for the case page: POST a heartbeat every few seconds (typing or not) and get back who
// else is on the case; POST intent=leave when the page closes; GET reads without announcing oneself.

const CaseId = z.uuid();
const PresenceForm = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("heartbeat"), typing: z.enum(["0", "1"]).default("0") }), z.object({ intent: z.literal("leave") })],
  { error: "intent must be heartbeat or leave" },
);

function caseIdOf(raw: string | undefined): string {
  const parsed = CaseId.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "This case does not exist. Open the inbox to find it.");
  return parsed.data.toLowerCase();
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, staff } = await requireStaff(request);
  return handleErrors(async () => {
    const caseId = caseIdOf(params.id);
    await requireCase(shop.id, caseId, { id: true });
    return json(await presenceOf(shop.id, caseId, staff?.id ?? null));
  });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireStaff(request);
  return handleErrors(async () => {
    if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST to send a heartbeat.");
    const caseId = caseIdOf(params.id);
    const form = PresenceForm.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
    if (!form.success) throw new AppError("bad_request", form.error.issues.map((i) => i.message).join("; "));
    if (!staff) {
      // A session without a staff member can see others but is not shown itself.
      await requireCase(shop.id, caseId, { id: true });
      return json(await presenceOf(shop.id, caseId, null));
    }
    if (form.data.intent === "leave") {
      await requireCase(shop.id, caseId, { id: true });
      await leaveCase(shop.id, staff.id, caseId);
      return json({ ok: true as const });
    }
    return json(await heartbeat(shop.id, staff.id, caseId, form.data.typing === "1"));
  });
};
