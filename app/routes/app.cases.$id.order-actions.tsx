import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { AppError, handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { cancelOrder } from "../orders/actions/cancel-order.server";
import { decideReturn } from "../orders/actions/decide-return.server";
import { processReturn } from "../orders/actions/process-return.server";
import { refundOrder } from "../orders/actions/refund-order.server";
import { sendOrderReceipt } from "../payments/send-receipt.server";
import { IdempotencyKey, parseInput, type ActionActor } from "../orders/actions/run-order-action.server";

// Order actions from a case (resource route, POST only): the case page's modals post here with useFetcher.
// Answers { ok, message, action } or { error: { code, message } } with the status a person can act on.

const Intent = z.enum(["refund", "cancel", "approve-return", "decline-return", "process-return", "send-receipt"], {
  error: () => t("orderAction.error.intent"),
});
const CaseParam = z.uuid();

/** `lines` arrives as JSON text in the form; anything else is a clear 400. */
function jsonField(value: FormDataEntryValue | null, what: string): unknown {
  if (value === null || value === "") return undefined;
  if (typeof value !== "string") throw new AppError("bad_request", `${what} must be text.`);
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError("bad_request", `${what} could not be read (expected a JSON list).`);
  }
}

export const loader = () =>
  json({ error: { code: "method_not_allowed", message: t("orderAction.error.method") } }, { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff, admin } = await requireStaff(request);
  return handleErrors(async () => {
    if (request.method !== "POST") throw new AppError("method_not_allowed", t("orderAction.error.method"), undefined, { Allow: "POST" });
    const caseId = CaseParam.safeParse(params.id);
    if (!caseId.success) throw new AppError("not_found", t("orderAction.error.caseNotFound"));
    const form = await request.formData().catch(() => new FormData());
    const intent = Intent.safeParse(form.get("intent"));
    if (!intent.success) throw new AppError("bad_request", t("orderAction.error.intent"));

    const actor: ActionActor = { shop, staff, admin };
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : undefined;
    };
    const common = { caseId: caseId.data, orderId: field("orderId"), idempotencyKey: field("idempotencyKey") };

    const outcome = await (async () => {
      switch (intent.data) {
        case "refund":
          return refundOrder(actor, {
            ...common,
            lines: jsonField(form.get("lines"), "lines"),
            restock: field("restock"),
            refundShipping: field("refundShipping"),
            amount: field("amount"),
            note: field("note"),
            notify: field("notify"),
          });
        case "cancel":
          return cancelOrder(actor, {
            ...common,
            reason: field("reason"),
            refund: field("refund"),
            restock: field("restock"),
            notify: field("notify"),
            staffNote: field("staffNote"),
          });
        case "approve-return":
          return decideReturn(actor, { ...common, decision: "approve", returnId: field("returnId"), notify: field("notify") ?? "true" });
        case "decline-return":
          return decideReturn(actor, {
            ...common,
            decision: "decline",
            returnId: field("returnId"),
            reason: field("reason"),
            note: field("note"),
            notify: field("notify") ?? "true",
          });
        case "send-receipt":
          // Emails Shopify's order confirmation/invoice to the order's own email only; moves no money.
          return sendOrderReceipt(shop, admin, {
            orderId: field("orderId") ?? "",
            actor: { type: "STAFF", staffId: staff?.id ?? null, caseId: caseId.data },
            // Required from a case, like every order action: a double submit is one email.
            idempotencyKey: parseInput(IdempotencyKey, field("idempotencyKey"), t("payments.receipt.what")),
          });
        case "process-return":
          return processReturn(actor, {
            ...common,
            returnId: field("returnId"),
            lines: jsonField(form.get("lines"), "lines"),
            restock: field("restock"),
            refund: field("refund"),
            notify: field("notify"),
            note: field("note"),
          });
      }
    })();
    return json(outcome);
  });
};
