import { useCallback, useMemo, useState } from "react";
import { ActionList, Banner, BlockStack, Box, Button, InlineStack, Modal, Popover, Select, Text, TextField } from "@shopify/polaris";
import { describeTemplateProblems, fillMacro, MACRO_VARIABLES, sampleMacroValues } from "../../cases/macro-template";
import { t } from "../../i18n/en";

export interface MacroDraft {
  id?: string;
  name: string;
  body: string;
  topic: string;
}

const BODY_ID = "macro-body";

const GROUPS = [
  { prefix: "customer.", title: () => t("settings.macros.vars.customer") },
  { prefix: "order.", title: () => t("settings.macros.vars.order") },
  { prefix: "return.", title: () => t("settings.macros.vars.return") },
  { prefix: "case.", title: () => t("settings.macros.vars.case") },
  { prefix: "shop.", title: () => t("settings.macros.vars.shop") },
  { prefix: "staff.", title: () => t("settings.macros.vars.staff") },
];

/** The create/edit modal: name, topic, body with a variable picker, and a live preview filled with sample values. */
export function MacroEditor({
  draft,
  topics,
  canEdit,
  saving,
  fieldErrors,
  error,
  onChange,
  onSave,
  onClose,
}: {
  draft: MacroDraft;
  topics: { value: string; label: string }[];
  canEdit: boolean;
  saving: boolean;
  fieldErrors: Record<string, string>;
  error: string | null;
  onChange: (draft: MacroDraft) => void;
  onSave: () => void;
  onClose: () => void;
}) {
  const [pickerOpen, setPickerOpen] = useState(false);
  const preview = useMemo(() => fillMacro(draft.body, sampleMacroValues()), [draft.body]);
  const problems = useMemo(() => describeTemplateProblems(draft.body), [draft.body]);

  const insert = useCallback(
    (name: string) => {
      const token = `{{${name}}}`;
      const element = typeof document !== "undefined" ? (document.getElementById(BODY_ID) as HTMLTextAreaElement | null) : null;
      const start = element?.selectionStart ?? draft.body.length;
      const end = element?.selectionEnd ?? draft.body.length;
      onChange({ ...draft, body: draft.body.slice(0, start) + token + draft.body.slice(end) });
      setPickerOpen(false);
      requestAnimationFrame(() => {
        element?.focus();
        element?.setSelectionRange(start + token.length, start + token.length);
      });
    },
    [draft, onChange],
  );

  const sections = GROUPS.map((group) => ({
    title: group.title(),
    items: MACRO_VARIABLES.filter((v) => v.name.startsWith(group.prefix)).map((v) => ({
      content: `{{${v.name}}}`,
      helpText: v.description,
      onAction: () => insert(v.name),
    })),
  }));

  const title = !canEdit ? draft.name : draft.id ? t("settings.macros.edit") : t("settings.macros.create");

  return (
    <Modal
      open
      onClose={onClose}
      title={title}
      size="large"
      primaryAction={canEdit ? { content: t("settings.save"), onAction: onSave, loading: saving } : undefined}
      secondaryActions={[{ content: canEdit ? t("settings.cancel") : t("settings.close"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {error ? (
            <Banner tone="critical" title={t("settings.saveFailed")}>
              <p>{error}</p>
            </Banner>
          ) : null}
          <TextField
            label={t("settings.macros.field.name")}
            value={draft.name}
            onChange={(name) => onChange({ ...draft, name })}
            autoComplete="off"
            maxLength={80}
            disabled={!canEdit}
            error={fieldErrors.name}
            helpText={t("settings.macros.field.nameHelp")}
          />
          <Select
            label={t("settings.macros.field.topic")}
            options={[{ value: "", label: t("settings.macros.anyTopic") }, ...topics]}
            value={draft.topic}
            onChange={(topic) => onChange({ ...draft, topic })}
            disabled={!canEdit}
            error={fieldErrors.topic}
            helpText={t("settings.macros.field.topicHelp")}
          />
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="end">
              <Text as="span" variant="bodyMd">
                {t("settings.macros.field.body")}
              </Text>
              {canEdit ? (
                <Popover
                  active={pickerOpen}
                  onClose={() => setPickerOpen(false)}
                  preferredAlignment="right"
                  activator={
                    <Button disclosure size="slim" onClick={() => setPickerOpen((open) => !open)}>
                      {t("settings.macros.insertVariable")}
                    </Button>
                  }
                >
                  <Box maxWidth="420px">
                    <ActionList actionRole="menuitem" sections={sections} />
                  </Box>
                </Popover>
              ) : null}
            </InlineStack>
            <TextField
              id={BODY_ID}
              label={t("settings.macros.field.body")}
              labelHidden
              value={draft.body}
              onChange={(body) => onChange({ ...draft, body })}
              multiline={8}
              maxLength={10000}
              autoComplete="off"
              disabled={!canEdit}
              error={fieldErrors.body ?? (problems && canEdit ? problems : undefined)}
              helpText={t("settings.macros.field.bodyHelp")}
            />
          </BlockStack>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("settings.macros.preview")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.macros.previewHelp")}
            </Text>
            <Box background="bg-surface-secondary" padding="300" borderRadius="200">
              <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                <Text as="p">{preview.text || t("settings.macros.previewEmpty")}</Text>
              </div>
            </Box>
          </BlockStack>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
