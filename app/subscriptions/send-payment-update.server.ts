import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { Prisma } from "../generated/prisma/client";
import { t } from "../i18n/en";
import { claimOrderAction } from "../orders/actions/claim-order-action.server";
import { gidFor, idFromGid } from "../orders/mirror-input";
import {
  IdempotencyKey,
  Uuid,
  asShopifyFailure,
  staffName,
  throwOnUserErrors,
  type ActionActor,
} from "../orders/actions/run-order-action.server";
import { adminGraphql } from "../shopify/admin-client.server";
import {
  PAYMENT_METHOD_SEND_UPDATE_EMAIL_MUTATION,
  SUBSCRIPTION_PAYMENT_METHOD_QUERY,
} from "../shopify/operations/subscriptions";
import { PAYMENT_METHOD_EMAIL_SCOPES, READ_SUBSCRIPTIONS_SCOPE, hasScopes } from "./scopes";

// "Send payment method update email" from a case: Shopify emails the customer a secure link to update the payment
// method a subscription charges (customerPaymentMethodSendUpdateEmail). It charges nothing. Logged as an OrderAction
// (kind SEND_PAYMENT_METHOD_UPDATE, with the staff member and the time; no order) and a case event. The form's
// idempotency key makes a double submit answer with the first outcome instead of sending twice.

const KIND = "SEND_PAYMENT_METHOD_UPDATE" as const;

const ContractRef = z
  .string({ error: "the subscription is missing" })
  .trim()
  .transform((v, ctx) => {
    const id = /^\d{1,19}$/.test(v) ? BigInt(v) : idFromGid(v);
    if (id === null || !/^(\d+|gid:\/\/shopify\/SubscriptionContract\/\d+)$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "the subscription is not one of this store's" });
      return z.NEVER;
    }
    return id;
  });

export const SendPaymentUpdateInput = z.object({
  caseId: Uuid("caseId"),
  contractId: ContractRef,
  idempotencyKey: IdempotencyKey,
});

const PaymentMethodAnswer = z.object({
  subscriptionContract: z
    .object({
      id: z.string(),
      customer: z.object({ id: z.string() }).nullish(),
      customerPaymentMethod: z.object({ id: z.string(), revokedAt: z.string().nullish() }).nullish(),
    })
    .nullable(),
});
const SendAnswer = z.object({
  customerPaymentMethodSendUpdateEmail: z
    .object({
      customer: z.object({ id: z.string() }).nullish(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() })),
    })
    .nullable(),
});

export interface PaymentUpdateOutcome {
  ok: true;
  message: string;
  replayed: boolean;
  action: { id: string; kind: typeof KIND; status: "SUCCEEDED" };
}

export async function sendPaymentMethodUpdateEmail(
  actor: ActionActor,
  raw: Record<string, unknown>
): Promise<PaymentUpdateOutcome> {
  const parsed = SendPaymentUpdateInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "bad_request",
      t("subscriptions.email.invalid", { problem: `${issue.path.join(".")}: ${issue.message}` })
    );
  }
  const input = parsed.data;
  const shopId = actor.shop.id;

  // Without the optional scopes Shopify would refuse: say what to do instead of asking.
  if (!hasScopes(actor.shop.scopes, [READ_SUBSCRIPTIONS_SCOPE, ...PAYMENT_METHOD_EMAIL_SCOPES])) {
    throw new AppError("bad_request", t("subscriptions.email.noScope"));
  }
  const found = await db.case.findFirst({
    where: { id: input.caseId, shopId },
    select: { id: true, customer: { select: { shopifyId: true } } },
  });
  if (!found) throw new AppError("not_found", t("orderAction.error.caseNotFound"));
  const customerShopifyId = found.customer?.shopifyId ?? null;
  if (customerShopifyId === null) throw new AppError("bad_request", t("subscriptions.email.noCustomer"));

  const contractGid = gidFor("SubscriptionContract", input.contractId);
  const claim = await claimOrderAction(shopId, {
    data: { caseId: input.caseId, staffId: actor.staff?.id ?? null, kind: KIND, input: { contractId: contractGid } },
    idempotencyKey: input.idempotencyKey,
    matches: (r) => r.kind === KIND && r.caseId === input.caseId,
    messages: { keyReused: "subscriptions.email.keyReused", inFlight: "subscriptions.email.inFlight" },
  });
  if (!claim.fresh) return replay(claim.row);
  const row = claim.row;

  try {
    const result = await perform(actor, contractGid, gidFor("Customer", customerShopifyId));
    const now = new Date();
    const message = t("subscriptions.email.sent");
    await db.$transaction([
      db.orderAction.update({
        where: { id: row.id, shopId },
        data: { status: "SUCCEEDED", result: { ...result, message }, error: null, completedAt: now },
      }),
      db.caseEvent.create({
        data: {
          shopId,
          caseId: input.caseId,
          type: "payment_method_update_sent",
          actorType: "STAFF",
          staffId: actor.staff?.id ?? null,
          data: { contractId: contractGid, actionId: row.id, staff: staffName(actor.staff) },
          dedupeKey: `payment_method_update:${row.id}`,
          occurredAt: now,
        },
      }),
      db.case.updateMany({ where: { id: input.caseId, shopId }, data: { lastActivityAt: now } }),
    ]);
    return { ok: true, message, replayed: false, action: { id: row.id, kind: KIND, status: "SUCCEEDED" } };
  } catch (error) {
    // A thrown Response is the Shopify package asking for re-authentication: nothing happened, pass it on.
    const failure = error instanceof Response ? null : asShopifyFailure(KIND, error);
    await db.orderAction.update({
      where: { id: row.id, shopId },
      data: {
        status: "FAILED",
        error: failure?.message ?? t("orderAction.error.reauthenticate"),
        result: { errorCode: failure?.code ?? "unauthorized" },
        completedAt: new Date(),
      },
    });
    throw failure ?? error;
  }
}

/** Finds the contract's payment method (checking the contract is this customer's), then asks Shopify to email. */
async function perform(
  actor: ActionActor,
  contractGid: string,
  customerGid: string
): Promise<Record<string, Prisma.InputJsonValue>> {
  const answer = PaymentMethodAnswer.parse(
    await adminGraphql(actor.admin, SUBSCRIPTION_PAYMENT_METHOD_QUERY, { id: contractGid })
  );
  const contract = answer.subscriptionContract;
  if (!contract || contract.customer?.id !== customerGid)
    throw new AppError("not_found", t("subscriptions.email.contractNotFound"));
  const method = contract.customerPaymentMethod;
  if (!method) throw new AppError("bad_request", t("subscriptions.email.noPaymentMethod"));
  if (method.revokedAt) throw new AppError("bad_request", t("subscriptions.email.revoked"));

  const sent = SendAnswer.parse(
    await adminGraphql(
      actor.admin,
      PAYMENT_METHOD_SEND_UPDATE_EMAIL_MUTATION,
      { customerPaymentMethodId: method.id },
      // Not idempotent, yet one retry is safe: adminGraphql retries only a THROTTLED answer (GraphQL THROTTLED or
      // HTTP 429), which Shopify gives before running the mutation; a timeout or network error is never retried.
      { maxAttempts: 2 }
    )
  );
  throwOnUserErrors(KIND, sent.customerPaymentMethodSendUpdateEmail?.userErrors);
  if (!sent.customerPaymentMethodSendUpdateEmail)
    throw new AppError(
      "unavailable",
      t("orderAction.error.unreachable", { action: t("orderAction.kind.SEND_PAYMENT_METHOD_UPDATE") })
    );
  return { contractId: contractGid, paymentMethodId: method.id };
}

/** An earlier submit's SUCCEEDED action (claimOrderAction threw already for a failed or running one). */
function replay(row: Prisma.OrderActionGetPayload<object>): PaymentUpdateOutcome {
  const stored = (row.result ?? {}) as { message?: string };
  return {
    ok: true,
    message: stored.message ?? t("subscriptions.email.sent"),
    replayed: true,
    action: { id: row.id, kind: KIND, status: "SUCCEEDED" },
  };
}
