import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Modal, Text } from "@shopify/polaris";
import { mayHaveActed, newIdempotencyKey, type ActionAnswer } from "../idempotency-key";

// A button that asks for confirmation in a modal, then POSTs `fields` (plus an idempotency key) to `action` — the
// case's one-step actions that send something to the customer (a receipt, a payment-method update email). The key
// is kept while the outcome is unknown or the request is still in flight (sending again is then the same request)
// and replaced after a success or a clear refusal (the next send is a new one). Success shows as a toast (or a line
// of text outside the admin); a refusal stays in the modal.

declare const shopify: { toast?: { show(message: string): void } } | undefined;

export interface ConfirmSubmitButtonProps {
  action: string;
  fields: Record<string, string>;
  label: string;
  /** Read by screen readers instead of `label` when the button alone does not say what it acts on. */
  accessibilityLabel?: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
}

export function ConfirmSubmitButton({ action, fields, label, accessibilityLabel, title, body, confirmLabel, cancelLabel }: ConfirmSubmitButtonProps) {
  const fetcher = useFetcher<ActionAnswer>();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
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
      setKey(newIdempotencyKey());
      if (typeof shopify !== "undefined" && shopify?.toast) shopify.toast.show(data.message);
      else setNotice(data.message);
    } else {
      setError(data.error.message);
      if (!mayHaveActed(data)) setKey(newIdempotencyKey());
    }
  }, [fetcher.state, fetcher.data]);

  const send = useCallback(() => {
    setError(null);
    fetcher.submit({ ...fields, idempotencyKey: key }, { method: "post", action });
  }, [fetcher, fields, key, action]);

  return (
    <>
      <Button
        size="slim"
        loading={submitting}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        accessibilityLabel={accessibilityLabel}
      >
        {label}
      </Button>
      {notice ? (
        <Text as="span" variant="bodySm" tone="success">
          {notice}
        </Text>
      ) : null}
      <Modal
        open={open}
        onClose={() => {
          if (!submitting) setOpen(false);
        }}
        title={title}
        primaryAction={{ content: confirmLabel, onAction: send, loading: submitting }}
        secondaryActions={[{ content: cancelLabel, onAction: () => setOpen(false), disabled: submitting }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            {error ? (
              <Banner tone="critical">
                <p>{error}</p>
              </Banner>
            ) : null}
            <Text as="p">{body}</Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </>
  );
}
