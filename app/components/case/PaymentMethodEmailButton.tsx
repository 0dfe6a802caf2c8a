import { useCallback, useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, Button, Modal, Text } from "@shopify/polaris";
import { t } from "../../i18n/en";

// "Send payment method update email" for one subscription contract: a confirmation, then a POST to the case's
// customer-actions route (app/routes/app.cases.$id.customer-actions.tsx) under a fresh idempotency key.

type Answer = { ok: true; message: string } | { error: { code: string; message: string } };

function newKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

export function PaymentMethodEmailButton({ caseId, contractId }: { caseId: string; contractId: string }) {
  const fetcher = useFetcher<Answer>();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const handled = useRef<unknown>(null);
  const submitting = fetcher.state !== "idle";

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || handled.current === data) return;
    handled.current = data;
    if ("ok" in data) {
      setOpen(false);
      setError(null);
      if (typeof shopify !== "undefined" && shopify?.toast) shopify.toast.show(data.message);
      else setNotice(data.message);
    } else {
      setError(data.error.message);
      if (data.error.code !== "conflict") setKey(newKey());
    }
  }, [fetcher.state, fetcher.data]);

  const send = useCallback(() => {
    setError(null);
    fetcher.submit(
      { intent: "send-payment-method-update", contractId, idempotencyKey: key },
      { method: "post", action: `/app/cases/${caseId}/customer-actions` }
    );
  }, [fetcher, contractId, key, caseId]);

  return (
    <>
      <Button size="slim" onClick={() => setOpen(true)}>
        {t("subscriptions.email.button")}
      </Button>
      {notice ? (
        <Text as="p" variant="bodySm" tone="success">
          {notice}
        </Text>
      ) : null}
      <Modal
        open={open}
        onClose={() => (submitting ? undefined : setOpen(false))}
        title={t("subscriptions.email.confirmTitle")}
        primaryAction={{ content: t("subscriptions.email.send"), onAction: send, loading: submitting }}
        secondaryActions={[
          { content: t("subscriptions.email.cancel"), onAction: () => setOpen(false), disabled: submitting },
        ]}
      >
        <Modal.Section>
          {error ? (
            <Banner tone="critical">
              <p>{error}</p>
            </Banner>
          ) : null}
          <Text as="p">{t("subscriptions.email.confirmBody")}</Text>
        </Modal.Section>
      </Modal>
    </>
  );
}
