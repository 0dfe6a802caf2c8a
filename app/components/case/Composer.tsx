import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Tabs, Text, TextField } from "@shopify/polaris";
import { t } from "../../i18n/en";
import { formatDateTime } from "./format";

export interface ComposerHandle {
  focusReply(): void;
}

type Conflict = { authorName: string | null; at: string; excerpt: string; direction: "INBOUND" | "OUTBOUND" };
type ComposerResult =
  | { ok: true; intent: string; messageId?: string; text?: string; unresolved?: string[] }
  | { conflict: Conflict }
  | { error: { code: string; message: string } };

interface Props {
  caseId: string;
  canReply: boolean;
  customerEmail: string | null;
  macros: { id: string; name: string }[];
  /** The newest message the page shows; a reply sent after someone else wrote asks to confirm. */
  seenMessageId: string | null;
  timeZone: string;
  onTypingChange(typing: boolean): void;
}

/** The reply / internal note box, with the macro picker and "send anyway" when someone else replied. */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  { caseId, canReply, customerEmail, macros, seenMessageId, timeZone, onTypingChange },
  ref,
) {
  const [tab, setTab] = useState(canReply ? 0 : 1);
  const [body, setBody] = useState("");
  const [focused, setFocused] = useState(false);
  const [statusAfter, setStatusAfter] = useState("PENDING");
  const [macroId, setMacroId] = useState("");
  const [usedMacroId, setUsedMacroId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "critical" | "warning" | "success"; text: string } | null>(null);
  const inputId = `case-${caseId}-composer`;
  const send = useFetcher<ComposerResult>();
  const macro = useFetcher<ComposerResult>();
  const mode = tab === 0 && canReply ? "reply" : "note";
  const wrapper = useRef<HTMLDivElement>(null);

  useImperativeHandle(ref, () => ({
    focusReply() {
      if (canReply) setTab(0);
      requestAnimationFrame(() => wrapper.current?.querySelector<HTMLTextAreaElement>("textarea")?.focus());
    },
  }));

  useEffect(() => {
    onTypingChange(focused && body.trim().length > 0);
  }, [focused, body, onTypingChange]);

  useEffect(() => {
    const data = send.data;
    if (send.state !== "idle" || !data) return;
    if ("ok" in data) {
      setBody("");
      setUsedMacroId(null);
      setNotice({ tone: "success", text: t(data.intent === "note" ? "case.composer.noteSaved" : "case.composer.replyQueued") });
    } else if ("error" in data) {
      setNotice({ tone: "critical", text: data.error.message });
    }
  }, [send.state, send.data]);

  useEffect(() => {
    const data = macro.data;
    if (macro.state !== "idle" || !data) return;
    if ("ok" in data && data.text !== undefined) {
      setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${data.text}` : data.text!));
      setUsedMacroId(macroId || null);
      setNotice(
        data.unresolved && data.unresolved.length > 0
          ? { tone: "warning", text: t("case.macro.unresolved", { names: data.unresolved.map((n) => `{{${n}}}`).join(", ") }) }
          : null,
      );
    } else if ("error" in data) {
      setNotice({ tone: "critical", text: data.error.message });
    }
    // macroId is read at the time the answer arrives on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [macro.state, macro.data]);

  const submit = useCallback(
    (confirmed: boolean) => {
      const fields: Record<string, string> = { intent: mode, body };
      if (mode === "reply") {
        fields.seenMessageId = seenMessageId ?? "";
        fields.statusAfter = statusAfter;
        if (confirmed) fields.confirmed = "1";
        if (usedMacroId) fields.macroId = usedMacroId;
      }
      setNotice(null);
      send.submit(fields, { method: "post", action: `/app/cases/${caseId}` });
    },
    [mode, body, seenMessageId, statusAfter, usedMacroId, send, caseId],
  );

  const conflict = send.state === "idle" && send.data && "conflict" in send.data ? send.data.conflict : null;
  const sending = send.state !== "idle";

  const tabs = [
    { id: "reply", content: t("case.composer.replyTab"), accessibilityLabel: t("case.composer.replyTab"), panelID: `${inputId}-panel` },
    { id: "note", content: t("case.composer.noteTab"), accessibilityLabel: t("case.composer.noteTab"), panelID: `${inputId}-panel` },
  ];

  return (
    <Card padding="0">
      <Tabs tabs={tabs} selected={canReply ? tab : 1} onSelect={(i) => (canReply || i === 1 ? setTab(i) : undefined)}>
        <div ref={wrapper} style={{ padding: "var(--p-space-400)" }}>
          <BlockStack gap="300">
            {mode === "reply" ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {t("case.composer.to", { email: customerEmail ?? "" })}
              </Text>
            ) : (
              <Text as="p" tone="caution" variant="bodySm">
                {canReply ? t("case.composer.noteHint") : t("case.composer.noEmail")}
              </Text>
            )}
            <div
              onFocus={() => setFocused(true)}
              onBlur={() => setFocused(false)}
              style={mode === "note" ? { background: "var(--p-color-bg-surface-caution)", borderRadius: "var(--p-border-radius-200)" } : undefined}
            >
              <TextField
                id={inputId}
                label={mode === "reply" ? t("case.composer.replyLabel") : t("case.composer.noteLabel")}
                labelHidden
                value={body}
                onChange={setBody}
                multiline={6}
                autoComplete="off"
                placeholder={mode === "reply" ? t("case.composer.replyPlaceholder") : t("case.composer.notePlaceholder")}
                maxLength={20000}
              />
            </div>
            {conflict ? (
              <Banner
                tone="warning"
                title={t(conflict.direction === "INBOUND" ? "case.conflict.customerTitle" : "case.conflict.staffTitle", {
                  name: conflict.authorName ?? t("case.author.staff"),
                  at: formatDateTime(conflict.at, timeZone),
                })}
                action={{ content: t("case.conflict.sendAnyway"), onAction: () => submit(true) }}
                secondaryAction={{ content: t("case.conflict.review"), url: `/app/cases/${caseId}` }}
              >
                <p>{conflict.excerpt}</p>
              </Banner>
            ) : null}
            {notice ? (
              <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
                <p>{notice.text}</p>
              </Banner>
            ) : null}
            <InlineStack align="space-between" blockAlign="end" gap="300">
              <InlineStack gap="200" blockAlign="end">
                {macros.length > 0 ? (
                  <>
                    <Select
                      label={t("case.macro.label")}
                      options={[{ label: t("case.macro.choose"), value: "" }, ...macros.map((m) => ({ label: m.name, value: m.id }))]}
                      value={macroId}
                      onChange={setMacroId}
                    />
                    <Button
                      disabled={!macroId}
                      loading={macro.state !== "idle"}
                      onClick={() => macro.submit({ intent: "render-macro", macroId }, { method: "post", action: `/app/cases/${caseId}` })}
                    >
                      {t("case.macro.insert")}
                    </Button>
                  </>
                ) : null}
              </InlineStack>
              <InlineStack gap="200" blockAlign="end">
                {mode === "reply" ? (
                  <Select
                    label={t("case.composer.statusAfter")}
                    options={[
                      { label: t("case.composer.statusAfter.PENDING"), value: "PENDING" },
                      { label: t("case.composer.statusAfter.RESOLVED"), value: "RESOLVED" },
                      { label: t("case.composer.statusAfter.keep"), value: "" },
                    ]}
                    value={statusAfter}
                    onChange={setStatusAfter}
                  />
                ) : null}
                <Button variant="primary" onClick={() => submit(false)} loading={sending} disabled={!body.trim()}>
                  {mode === "reply" ? t("case.composer.send") : t("case.composer.addNote")}
                </Button>
              </InlineStack>
            </InlineStack>
          </BlockStack>
        </div>
      </Tabs>
    </Card>
  );
});
