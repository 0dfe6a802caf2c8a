import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { AppApiError, callApp } from "../../customer-account-shared/api";
import { ErrorBanner, Loading } from "../../customer-account-shared/Feedback";
import { formatters, valueOf, type Formatters } from "../../customer-account-shared/i18n";
import { ReceiptActions } from "../../customer-account-shared/Receipt";
import { ExceptionBanner, Shipments, StatusSummary } from "../../customer-account-shared/Tracking";
import { HELP_TOPICS, safeHttpUrl, type CaseAnswer, type ConversationsAnswer, type StorefrontOrder } from "../../customer-account-shared/types";
import { useOrderAnswer } from "../../customer-account-shared/use-order";

// The "Get help" modal: where the order is first (most questions end there), then a message to the shop. The
// message opens a support case linked to this order, or is added to the customer's open one.

export default async () => {
  render(<HelpAction />, document.body);
};

const MAX_MESSAGE = 10_000;

function HelpAction() {
  const f = formatters(shopify);
  const { load, retry } = useOrderAnswer(shopify, shopify.orderId);
  const heading = f.t("help.heading");
  const close = () => shopify.close();
  if (load.state === "loading") {
    return (
      <s-customer-account-action heading={heading}>
        <Loading f={f} />
        <s-button slot="secondary-actions" onClick={close}>
          {f.t("actions.close")}
        </s-button>
      </s-customer-account-action>
    );
  }
  // Without the order's tracking (not synced yet, app unreachable) the message form still works.
  const order = load.state === "ready" ? load.data.order : null;
  return <HelpForm order={order} loadError={load.state === "error" ? load.error : null} retry={retry} f={f} heading={heading} close={close} />;
}

interface HelpFormProps {
  order: StorefrontOrder | null;
  loadError: AppApiError | null;
  retry: () => void;
  f: Formatters;
  heading: string;
  close: () => void;
}

function HelpForm({ order, loadError, retry, f, heading, close }: HelpFormProps) {
  const [topic, setTopic] = useState<string>(order && order.status !== "delivered" && !order.cancelled ? "where_is_my_order" : "");
  const [message, setMessage] = useState("");
  const [showErrors, setShowErrors] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<AppApiError | null>(null);
  const [done, setDone] = useState<CaseAnswer | null>(null);

  if (done) {
    const conversationUrl = safeHttpUrl(done.conversationUrl);
    return (
      <s-customer-account-action heading={heading}>
        <s-banner tone="success" heading={f.t("help.sentHeading")}>
          <s-stack gap="small-200">
            <s-text>{f.t(done.case.appended ? "help.sentAppended" : "help.sentNew", { number: done.case.number })}</s-text>
            {conversationUrl ? (
              <s-link href={conversationUrl} target="_blank">
                {f.t("help.viewConversation")}
              </s-link>
            ) : null}
          </s-stack>
        </s-banner>
        <s-button slot="primary-action" onClick={close}>
          {f.t("actions.done")}
        </s-button>
      </s-customer-account-action>
    );
  }

  const topicError = showErrors && !topic ? f.t("help.topicRequired") : undefined;
  const messageError = showErrors && !message.trim() ? f.t("help.messageRequired") : undefined;

  const submit = async () => {
    setShowErrors(true);
    if (!topic || !message.trim()) return;
    setSubmitting(true);
    setError(null);
    try {
      setDone(
        await callApp<CaseAnswer>(shopify, "/api/customer-account/cases", {
          method: "POST",
          body: { orderId: shopify.orderId, topic, message: message.trim() },
        }),
      );
    } catch (caught) {
      setError(caught instanceof AppApiError ? caught : new AppApiError(0, "network", String(caught)));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <s-customer-account-action heading={heading}>
      <s-stack gap="base">
        {order ? (
          <s-stack gap="small-200">
            <s-heading>{f.t("help.trackingHeading", { order: order.name })}</s-heading>
            <StatusSummary order={order} f={f} />
            <ExceptionBanner exception={order.exception} f={f} />
            <Shipments order={order} f={f} />
            {/* A receipt is often all a "billing" question needs: sent to the order's email, no message required. */}
            <ReceiptActions api={shopify} order={order} f={f} />
          </s-stack>
        ) : loadError && loadError.status !== 404 ? (
          <ErrorBanner error={loadError} f={f} onRetry={retry} />
        ) : null}
        <s-divider />
        <Conversations f={f} />
        <s-heading>{f.t("help.formHeading")}</s-heading>
        {error ? <ErrorBanner error={error} f={f} /> : null}
        <s-select label={f.t("help.topicLabel")} value={topic} required error={topicError} onChange={(event) => setTopic(valueOf(event))}>
          <s-option value="">{f.t("help.chooseTopic")}</s-option>
          {HELP_TOPICS.map((code) => (
            <s-option key={code} value={code}>
              {f.t(`topics.${code}`)}
            </s-option>
          ))}
        </s-select>
        <s-text-area
          label={f.t("help.messageLabel")}
          value={message}
          required
          rows={5}
          maxLength={MAX_MESSAGE}
          error={messageError}
          onInput={(event) => setMessage(valueOf(event))}
        />
        <s-text color="subdued">{f.t("help.replyNote")}</s-text>
      </s-stack>
      <s-button slot="primary-action" onClick={submit} loading={submitting} disabled={submitting}>
        {f.t("help.submit")}
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        {f.t("actions.cancel")}
      </s-button>
    </s-customer-account-action>
  );
}

const STATES = ["open", "waiting", "resolved"];

/**
 * The customer's conversations with the store (newest first), each with its link to read and answer it. Shown only
 * when there are some; if the list can't be loaded the modal carries on without it (the form is what matters).
 */
function Conversations({ f }: { f: Formatters }) {
  const [list, setList] = useState<ConversationsAnswer["conversations"]>([]);
  useEffect(() => {
    callApp<ConversationsAnswer>(shopify, "/api/customer-account/conversations").then(
      (answer) => setList(Array.isArray(answer?.conversations) ? answer.conversations : []),
      () => setList([]),
    );
  }, []);
  if (!list.length) return null;
  return (
    <s-stack gap="small-200">
      <s-heading>{f.t("help.conversationsHeading")}</s-heading>
      {list.map((c) => {
        const url = safeHttpUrl(c.conversationUrl);
        return (
          <s-stack key={c.number} direction="inline" gap="small-200">
            <s-text>{f.t("help.conversationLine", { number: c.number, subject: c.subject })}</s-text>
            <s-text color="subdued">{f.t("help.conversationStatus", { status: f.t(`help.conversationState.${STATES.includes(c.status) ? c.status : "open"}`) })}</s-text>
            {url ? (
              <s-link href={url} target="_blank" accessibilityLabel={f.t("help.viewLabel", { number: c.number })}>
                {f.t("help.view")}
              </s-link>
            ) : null}
          </s-stack>
        );
      })}
      <s-divider />
    </s-stack>
  );
}
