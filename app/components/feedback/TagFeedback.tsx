import { useEffect, useMemo, useState } from "react";
import { Link, useFetcher } from "@remix-run/react";
import { Autocomplete, BlockStack, Button, InlineStack, Modal, Select, Tag, Text, TextField } from "@shopify/polaris";
import type { CaseFeedback } from "../../feedback/requests.server";
import { t } from "../../i18n/en";

type Kind = "PRODUCT_FEEDBACK" | "FEATURE_REQUEST";
type ActionData = { ok: true; intent: string; title?: string } | { error: { code: string; message: string } };

function appBridgeToast(): ((message: string) => void) | null {
  const bridge = (globalThis as { shopify?: { toast?: { show(message: string): void } } }).shopify;
  return bridge?.toast ? (message) => bridge.toast!.show(message) : null;
}

/**
 * On a customer's message in the case timeline: the feedback requests it is tagged with (small tags linking to
 * the request, removable) and a "Tag as feedback" action opening the tag form. Posts to the case's action
 * (intents "feedback-tag" and "feedback-untag"); the case reloads after each.
 */
export function FeedbackTagControl({
  caseId,
  messageId,
  author,
  feedback,
  disabled,
  onError,
}: {
  caseId: string;
  messageId: string;
  author: string;
  feedback: CaseFeedback;
  disabled?: boolean;
  onError?: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const untag = useFetcher<ActionData>();
  const tags = feedback.tags.filter((tag) => tag.messageId === messageId);

  useEffect(() => {
    const result = untag.data;
    if (untag.state !== "idle" || !result) return;
    if ("error" in result) onError?.(result.error.message);
    else appBridgeToast()?.(t("feedback.tag.removed"));
    // onError is a new function on every render of the case
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [untag.state, untag.data]);

  return (
    <>
      <InlineStack gap="200" blockAlign="center">
        {tags.map((tag) => (
          <Tag
            key={tag.mentionId}
            disabled={untag.state !== "idle"}
            accessibilityLabel={`${t(`feedback.kind.${tag.kind}`)}: ${tag.title}`}
            onRemove={disabled ? undefined : () => untag.submit({ intent: "feedback-untag", mentionId: tag.mentionId }, { method: "post", action: `/app/cases/${caseId}` })}
          >
            <Link to={`/app/feedback/${tag.requestId}`}>{`${t(`feedback.kind.${tag.kind}`)}: ${tag.title}`}</Link>
          </Tag>
        ))}
        {disabled ? null : (
          <Button variant="plain" size="slim" onClick={() => setOpen(true)} accessibilityLabel={t("feedback.tag.actionLabel", { author })}>
            {t("feedback.tag.action")}
          </Button>
        )}
      </InlineStack>
      {open ? <TagFeedbackModal caseId={caseId} messageId={messageId} feedback={feedback} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** The tag form: kind, an existing request (searchable) or a new title, and optionally a product of the case's orders. */
export function TagFeedbackModal({ caseId, messageId, feedback, onClose }: { caseId: string; messageId: string; feedback: CaseFeedback; onClose(): void }) {
  const fetcher = useFetcher<ActionData>();
  const [kind, setKind] = useState<Kind>("FEATURE_REQUEST");
  const [text, setText] = useState("");
  const [requestId, setRequestId] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [productId, setProductId] = useState("");
  const [error, setError] = useState<string | null>(null);

  const options = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return feedback.requests
      .filter((r) => r.kind === kind && (!needle || r.title.toLowerCase().includes(needle)))
      .slice(0, 20)
      .map((r) => ({ value: r.id, label: r.title }));
  }, [feedback.requests, kind, text]);
  const chosen = feedback.requests.find((r) => r.id === requestId) ?? null;

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result) return;
    if ("error" in result) {
      setError(result.error.message);
      return;
    }
    appBridgeToast()?.(t("feedback.tag.done", { title: result.title ?? "" }));
    onClose();
    // onClose comes from the parent's render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  const newTitle = chosen ? "" : text.trim();
  const submit = () => {
    setError(null);
    const product = feedback.products.find((p) => p.productId === productId);
    fetcher.submit(
      {
        intent: "feedback-tag",
        messageId,
        kind,
        requestId: chosen?.id ?? "",
        newTitle,
        description: chosen ? "" : description,
        productId: product?.productId ?? "",
        productTitle: product?.title ?? "",
      },
      { method: "post", action: `/app/cases/${caseId}` },
    );
  };

  return (
    <Modal
      open
      onClose={onClose}
      title={t("feedback.tag.title")}
      primaryAction={{ content: t("feedback.tag.save"), loading: fetcher.state !== "idle", disabled: !chosen && !newTitle, onAction: submit }}
      secondaryActions={[{ content: t("feedback.tag.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {error ? (
            <Text as="p" tone="critical">
              {error}
            </Text>
          ) : null}
          <Select
            label={t("feedback.tag.kind")}
            options={[
              { label: t("feedback.kind.FEATURE_REQUEST"), value: "FEATURE_REQUEST" },
              { label: t("feedback.kind.PRODUCT_FEEDBACK"), value: "PRODUCT_FEEDBACK" },
            ]}
            value={kind}
            onChange={(value) => {
              setKind(value as Kind);
              setRequestId(null);
            }}
          />
          <Autocomplete
            options={options}
            selected={requestId ? [requestId] : []}
            onSelect={(selected) => {
              const picked = feedback.requests.find((r) => r.id === selected[0]);
              setRequestId(picked?.id ?? null);
              if (picked) setText(picked.title);
            }}
            textField={
              <Autocomplete.TextField
                label={t("feedback.tag.request")}
                value={text}
                onChange={(value) => {
                  setText(value);
                  setRequestId(null);
                }}
                helpText={chosen || !newTitle ? t("feedback.tag.requestHelp") : t("feedback.tag.newTitleHelp")}
                autoComplete="off"
                maxLength={140}
              />
            }
          />
          {chosen ? null : (
            <TextField label={t("feedback.tag.description")} value={description} onChange={setDescription} multiline={3} autoComplete="off" maxLength={2000} />
          )}
          <Select
            label={t("feedback.tag.product")}
            options={[{ label: t("feedback.tag.noProduct"), value: "" }, ...feedback.products.map((p) => ({ label: p.title, value: p.productId }))]}
            value={productId}
            onChange={setProductId}
            helpText={t("feedback.tag.productHelp")}
            disabled={feedback.products.length === 0}
          />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
