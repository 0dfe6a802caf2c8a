import { useState } from "react";
import { BlockStack, Modal, Select, TextField } from "@shopify/polaris";
import { CASE_PRIORITIES } from "../../cases/inbox-query";
import { t } from "../../i18n/en";

export type BulkModalKind = "assign" | "addTags" | "removeTags" | "priority";

/** The change a bulk modal asks for, as the route's action reads it. */
export type BulkModalChange =
  | { kind: "assign"; assigneeId: string }
  | { kind: "addTags" | "removeTags"; tags: string }
  | { kind: "priority"; priority: string };

/** The dialog behind "Assign to…", "Add tags…", "Remove tags…" and "Set priority…". */
export function InboxBulkModal({
  kind,
  count,
  team,
  tags,
  loading,
  onClose,
  onSubmit,
}: {
  kind: BulkModalKind;
  count: number;
  team: { id: string; name: string }[];
  tags: string[];
  loading: boolean;
  onClose(): void;
  onSubmit(change: BulkModalChange): void;
}) {
  const [assigneeId, setAssigneeId] = useState(team[0]?.id ?? "");
  const [tagText, setTagText] = useState("");
  const [priority, setPriority] = useState<string>("HIGH");
  const values = { count };

  const title =
    kind === "assign"
      ? t("inbox.modal.assign.title", values)
      : kind === "addTags"
        ? t("inbox.modal.addTags.title", values)
        : kind === "removeTags"
          ? t("inbox.modal.removeTags.title", values)
          : t("inbox.modal.priority.title", values);
  const submitLabel =
    kind === "assign"
      ? t("inbox.modal.assign.submit")
      : kind === "addTags"
        ? t("inbox.modal.addTags.submit")
        : kind === "removeTags"
          ? t("inbox.modal.removeTags.submit")
          : t("inbox.modal.priority.submit");
  const tagsEmpty = (kind === "addTags" || kind === "removeTags") && tagText.split(",").every((s) => !s.trim());

  const submit = () => {
    if (kind === "assign") onSubmit({ kind, assigneeId });
    else if (kind === "priority") onSubmit({ kind, priority });
    else onSubmit({ kind, tags: tagText });
  };

  return (
    <Modal
      open
      onClose={onClose}
      title={title}
      primaryAction={{ content: submitLabel, onAction: submit, loading, disabled: tagsEmpty }}
      secondaryActions={[{ content: t("inbox.modal.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {kind === "assign" ? (
            <Select
              label={t("inbox.modal.assign.label")}
              options={[...team.map((m) => ({ label: m.name, value: m.id })), { label: t("inbox.modal.assign.nobody"), value: "" }]}
              value={assigneeId}
              onChange={setAssigneeId}
            />
          ) : kind === "priority" ? (
            <Select
              label={t("inbox.column.priority")}
              options={[...CASE_PRIORITIES].reverse().map((p) => ({ label: t(`inbox.priority.${p}`), value: p }))}
              value={priority}
              onChange={setPriority}
            />
          ) : (
            <TextField
              label={t("inbox.modal.tags.label")}
              value={tagText}
              onChange={setTagText}
              autoComplete="off"
              helpText={tags.length ? `${t("inbox.modal.tags.help")} (${tags.slice(0, 8).join(", ")}${tags.length > 8 ? ", …" : ""})` : t("inbox.modal.tags.help")}
            />
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
