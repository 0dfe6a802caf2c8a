import { useState } from "react";
import { BlockStack, ChoiceList, Modal, Text, TextField } from "@shopify/polaris";
import type { PanelCase } from "../../cases/customer-panel.server";
import { t } from "../../i18n/en";

/** Merge another open case of this customer into the case on screen. */
export function MergeModal({
  open,
  number,
  candidates,
  loading,
  onClose,
  onMerge,
}: {
  open: boolean;
  number: number;
  candidates: PanelCase[];
  loading: boolean;
  onClose(): void;
  onMerge(otherCaseId: string): void;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const chosen = candidates.find((c) => c.id === selected[0]);
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={t("case.merge.title", { number })}
      primaryAction={{
        content: chosen ? t("case.merge.confirm", { from: chosen.number, into: number }) : t("case.merge.action"),
        destructive: true,
        disabled: !chosen,
        loading,
        onAction: () => chosen && onMerge(chosen.id),
      }}
      secondaryActions={[{ content: t("case.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">{t("case.merge.body", { number })}</Text>
          {candidates.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("case.merge.none")}
            </Text>
          ) : (
            <ChoiceList
              title={t("case.merge.choose")}
              choices={candidates.map((c) => ({ label: `#${c.number} · ${c.subject}`, value: c.id, helpText: t(`case.status.${c.status}`) }))}
              selected={selected}
              onChange={setSelected}
            />
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/** Split one message off into a new case of the same customer. */
export function SplitModal({
  messageId,
  excerpt,
  loading,
  onClose,
  onSplit,
}: {
  messageId: string | null;
  excerpt: string;
  loading: boolean;
  onClose(): void;
  onSplit(messageId: string, subject: string): void;
}) {
  const [subject, setSubject] = useState("");
  return (
    <Modal
      open={messageId !== null}
      onClose={onClose}
      title={t("case.split.title")}
      primaryAction={{ content: t("case.split.confirm"), loading, onAction: () => messageId && onSplit(messageId, subject) }}
      secondaryActions={[{ content: t("case.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">{t("case.split.body")}</Text>
          <Text as="p" tone="subdued">{`“${excerpt}”`}</Text>
          <TextField label={t("case.split.subject")} helpText={t("case.split.subjectHelp")} value={subject} onChange={setSubject} autoComplete="off" maxLength={200} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
