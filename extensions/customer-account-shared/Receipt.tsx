import { useState } from "preact/hooks";
import { AppApiError, callApp, numericId, type SessionTokenApi } from "./api";
import { ErrorBanner } from "./Feedback";
import type { Formatters } from "./i18n";
import { safeHttpUrl, type ReceiptAnswer, type StorefrontOrder } from "./types";

/**
 * "Email me my receipt" and the link to Shopify's order status page. The app sends the receipt to the email on
 * the order (never another address) and answers with it masked ("a•••@example.com"), which is shown here.
 */
export function ReceiptActions({ api, order, f }: { api: SessionTokenApi; order: StorefrontOrder; f: Formatters }) {
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<AppApiError | null>(null);
  const statusPageUrl = safeHttpUrl(order.statusPageUrl);

  const send = async () => {
    if (sending) return;
    setSending(true);
    setError(null);
    try {
      const answer = await callApp<ReceiptAnswer>(api, `/api/customer-account/orders/${numericId(order.id)}/receipt`, { method: "POST" });
      setSentTo(answer.receipt.sentTo);
    } catch (caught) {
      setError(caught instanceof AppApiError ? caught : new AppApiError(0, "network", String(caught)));
    } finally {
      setSending(false);
    }
  };

  return (
    <s-stack gap="small-200">
      <s-stack direction="inline" gap="base">
        <s-button variant="secondary" onClick={send} loading={sending} disabled={sending}>
          {f.t("receipt.button")}
        </s-button>
        {statusPageUrl ? (
          <s-link href={statusPageUrl} target="_blank">
            {f.t("receipt.statusPage")}
          </s-link>
        ) : null}
      </s-stack>
      {sentTo ? <s-banner tone="success" heading={f.t("receipt.sent", { email: sentTo })} /> : null}
      {error ? <ErrorBanner error={error} f={f} /> : null}
    </s-stack>
  );
}
