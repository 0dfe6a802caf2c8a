import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, ButtonGroup, FormLayout, IndexTable, InlineStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { createTag, deleteTag, listTags, TAG_COLORS, updateTag } from "../cases/tags.server";
import { ListCard } from "../components/ListCard";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t, type MessageKey } from "../i18n/en";

export const meta: MetaFunction = () => [{ title: t("settings.tags.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, tags] = await Promise.all([settingsAccess(ctx), listTags(ctx.shop.id)]);
    return json({ ...access, tags, colors: TAG_COLORS });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    const intent = readIntent(input, ["create", "update", "delete"] as const);
    const shopId = ctx.shop.id;
    const tagId = String(input.tagId ?? "");
    if (intent === "create") {
      const tag = await createTag(shopId, { name: input.name, color: input.color });
      return json({ ok: true as const, message: t("settings.tags.created", { name: tag.name }), tag });
    }
    if (intent === "update") {
      const { tag, casesUpdated } = await updateTag(shopId, tagId, { name: input.name, color: input.color });
      const message =
        casesUpdated > 0 ? t("settings.tags.renamed", { name: tag.name, count: casesUpdated.toLocaleString("en") }) : t("settings.tags.updated", { name: tag.name });
      return json({ ok: true as const, message, tag, casesUpdated });
    }
    const deleted = await deleteTag(shopId, tagId);
    return json({
      ok: true as const,
      message: t("settings.tags.deleted", { name: deleted.name, count: deleted.casesUpdated.toLocaleString("en") }),
      casesUpdated: deleted.casesUpdated,
    });
  });
};

interface TagDraft {
  id?: string;
  name: string;
  color: string;
}

function Swatch({ color }: { color: string | null }) {
  return (
    <span
      aria-hidden
      style={{
        display: "inline-block",
        width: 12,
        height: 12,
        borderRadius: 6,
        background: color ?? "transparent",
        border: "1px solid var(--p-color-border)",
      }}
    />
  );
}

export default function TagsSettings() {
  const { canEdit, readOnlyReason, tags, colors } = useLoaderData<typeof loader>();
  const [draft, setDraft] = useState<TagDraft | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const save = useSettingsAction(() => setDraft(null));
  const remove = useSettingsAction(() => setDeleting(null));

  const colorOptions = [
    { value: "", label: t("settings.tags.color.none") },
    ...colors.map((c) => ({ value: c, label: t(`settings.tags.color.${c}` as MessageKey) })),
    ...(draft?.color && !(colors as readonly string[]).includes(draft.color)
      ? [{ value: draft.color, label: t("settings.tags.color.custom", { color: draft.color }) }]
      : []),
  ];

  const rows = tags.map((tag, index) => (
    <IndexTable.Row id={tag.id} key={tag.id} position={index}>
      <IndexTable.Cell>
        <InlineStack gap="200" blockAlign="center">
          <Swatch color={tag.color} />
          <Text as="span" fontWeight="semibold">
            {tag.name}
          </Text>
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {canEdit ? (
          <ButtonGroup>
            <Button
              size="slim"
              accessibilityLabel={t("settings.tags.editLabel", { name: tag.name })}
              onClick={() => {
                save.reset();
                setDraft({ id: tag.id, name: tag.name, color: tag.color ?? "" });
              }}
            >
              {t("settings.edit")}
            </Button>
            <Button
              size="slim"
              variant="plain"
              tone="critical"
              accessibilityLabel={t("settings.tags.deleteLabel", { name: tag.name })}
              onClick={() => {
                remove.reset();
                setDeleting({ id: tag.id, name: tag.name });
              }}
            >
              {t("settings.delete")}
            </Button>
          </ButtonGroup>
        ) : null}
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <SettingsPage
      title={t("settings.tags.title")}
      subtitle={t("settings.tags.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={draft || deleting ? null : (save.notice ?? remove.notice)}
      onDismissNotice={() => {
        save.dismissNotice();
        remove.dismissNotice();
      }}
      primaryAction={{
        content: t("settings.tags.create"),
        disabled: !canEdit,
        onAction: () => {
          save.reset();
          setDraft({ name: "", color: "" });
        },
      }}
    >
      <ListCard empty={tags.length === 0} emptyHeading={t("settings.tags.empty.heading")} emptyBody={t("settings.tags.empty.body")}>
        <IndexTable
          resourceName={{ singular: t("settings.tags.resource.singular"), plural: t("settings.tags.resource.plural") }}
          itemCount={tags.length}
          selectable={false}
          headings={[{ title: t("settings.tags.column.name") }, { title: t("settings.tags.column.actions"), hidden: true }]}
        >
          {rows}
        </IndexTable>
      </ListCard>

      {draft ? (
        <Modal
          open
          onClose={() => setDraft(null)}
          title={draft.id ? t("settings.tags.editTitle", { name: tags.find((x) => x.id === draft.id)?.name ?? draft.name }) : t("settings.tags.createTitle")}
          primaryAction={{
            content: t("settings.save"),
            loading: save.pending,
            onAction: () => save.submit({ intent: draft.id ? "update" : "create", ...(draft.id ? { tagId: draft.id } : {}), name: draft.name, color: draft.color }),
          }}
          secondaryActions={[{ content: t("settings.cancel"), onAction: () => setDraft(null) }]}
        >
          <Modal.Section>
            <FormLayout>
              {save.notice?.tone === "critical" && !save.fieldErrors.name && !save.fieldErrors.color ? (
                <Text as="p" tone="critical">
                  {save.notice.message}
                </Text>
              ) : null}
              <TextField
                label={t("settings.tags.field.name")}
                helpText={draft.id ? t("settings.tags.field.nameHelp") : undefined}
                value={draft.name}
                onChange={(name) => setDraft({ ...draft, name })}
                maxLength={40}
                autoComplete="off"
                error={save.fieldErrors.name}
              />
              <InlineStack gap="200" blockAlign="end" wrap={false}>
                <Box minWidth="240px">
                  <Select
                    label={t("settings.tags.field.color")}
                    options={colorOptions}
                    value={draft.color}
                    onChange={(color) => setDraft({ ...draft, color })}
                    error={save.fieldErrors.color}
                  />
                </Box>
                <Box paddingBlockEnd="200">
                  <Swatch color={draft.color || null} />
                </Box>
              </InlineStack>
            </FormLayout>
          </Modal.Section>
        </Modal>
      ) : null}

      {deleting ? (
        <Modal
          open
          onClose={() => setDeleting(null)}
          title={t("settings.tags.deleteTitle", { name: deleting.name })}
          primaryAction={{
            content: t("settings.delete"),
            destructive: true,
            loading: remove.pending,
            onAction: () => remove.submit({ intent: "delete", tagId: deleting.id }),
          }}
          secondaryActions={[{ content: t("settings.cancel"), onAction: () => setDeleting(null) }]}
        >
          <Modal.Section>
            <BlockStack gap="200">
              {remove.notice?.tone === "critical" ? (
                <Text as="p" tone="critical">
                  {remove.notice.message}
                </Text>
              ) : null}
              <Text as="p">{t("settings.tags.deleteBody")}</Text>
            </BlockStack>
          </Modal.Section>
        </Modal>
      ) : null}
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.tags.title")} />;
}
