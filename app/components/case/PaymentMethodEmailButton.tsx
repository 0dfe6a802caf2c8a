import { useMemo } from "react";
import { t } from "../../i18n/en";
import { ConfirmSubmitButton } from "./ConfirmSubmitButton";

// "Send payment method update email" for one subscription contract: a confirmation, then a POST to the case's
// customer-actions route (app/routes/app.cases.$id.customer-actions.tsx) under an idempotency key.
export function PaymentMethodEmailButton({ caseId, contractId }: { caseId: string; contractId: string }) {
  const fields = useMemo(() => ({ intent: "send-payment-method-update", contractId }), [contractId]);
  return (
    <ConfirmSubmitButton
      action={`/app/cases/${caseId}/customer-actions`}
      fields={fields}
      label={t("subscriptions.email.button")}
      title={t("subscriptions.email.confirmTitle")}
      body={t("subscriptions.email.confirmBody")}
      confirmLabel={t("subscriptions.email.send")}
      cancelLabel={t("subscriptions.email.cancel")}
    />
  );
}
