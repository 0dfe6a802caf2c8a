import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { AppError, handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { sendPaymentMethodUpdateEmail } from "../subscriptions/send-payment-update.server";

// Customer actions from a case that concern no order (resource route, POST only): today the subscription's
// "Send payment method update email". Answers { ok, message, action } or { error: { code, message } }.

const Intent = z.literal("send-payment-method-update", { error: () => t("subscriptions.email.intent") });
const CaseParam = z.uuid();

export const loader = () =>
  json(
    { error: { code: "method_not_allowed", message: t("subscriptions.email.method") } },
    { status: 405, headers: { Allow: "POST" } }
  );

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff, admin } = await requireStaff(request);
  return handleErrors(async () => {
    if (request.method !== "POST")
      throw new AppError("method_not_allowed", t("subscriptions.email.method"), undefined, { Allow: "POST" });
    const caseId = CaseParam.safeParse(params.id);
    if (!caseId.success) throw new AppError("not_found", t("orderAction.error.caseNotFound"));
    const form = await request.formData().catch(() => new FormData());
    const intent = Intent.safeParse(form.get("intent"));
    if (!intent.success) throw new AppError("bad_request", t("subscriptions.email.intent"));
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : undefined;
    };
    const outcome = await sendPaymentMethodUpdateEmail(
      { shop, staff, admin },
      { caseId: caseId.data, contractId: field("contractId"), idempotencyKey: field("idempotencyKey") }
    );
    return json(outcome);
  });
};
