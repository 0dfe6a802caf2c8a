import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, ButtonGroup, IndexTable, Modal, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { createMacro, deleteMacro, listMacros, updateMacro } from "../cases/macros.server";
import { ListCard } from "../components/ListCard";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { MacroEditor, type MacroDraft } from "../components/settings/MacroEditor";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { AppError, handleErrors } from "../errors.server";
import { t, type MessageKey } from "../i18n/en";
import { getShopSettings, topicOptions } from "../shops/settings.server";

export const meta: MetaFunction = () => [{ title: t("settings.macros.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, macros, settings] = await Promise.all([settingsAccess(ctx), listMacros(ctx.shop.id), getShopSettings(ctx.shop.id)]);
    return json({ ...access, macros, topics: topicOptions(settings) });
  });
};

const MacroId = z.uuid({ error: "macroId must be the id of a macro" });

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    const intent = readIntent(input, ["create", "update", "delete"] as const);
    const shopId = ctx.shop.id;
    if (intent === "create") {
      const macro = await createMacro(shopId, ctx.staff?.id ?? null, input);
      return json({ ok: true as const, message: t("settings.macros.created", { name: macro.name }), macro });
    }
    const id = MacroId.safeParse(input.macroId);
    if (!id.success) throw new AppError("not_found", "This macro does not exist (it may have been deleted).");
    if (intent === "update") {
      const macro = await updateMacro(shopId, id.data, input);
      return json({ ok: true as const, message: t("settings.macros.updated", { name: macro.name }), macro });
    }
    const deleted = await deleteMacro(shopId, id.data);
    return json({ ok: true as const, message: t("settings.macros.deleted", { name: deleted.name }) });
  });
};

const EMPTY: MacroDraft = { name: "", body: "", topic: "" };

export default function MacrosSettings() {
  const { canEdit, readOnlyReason, macros, topics } = useLoaderData<typeof loader>();
  const [draft, setDraft] = useState<MacroDraft | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const save = useSettingsAction(() => setDraft(null));
  const remove = useSettingsAction(() => setDeleting(null));

  const topicLabel = (topic: string) => topics.find((o) => o.topic === topic)?.label || t(`topic.${topic}` as MessageKey);
  const topicChoices = topics.map((o) => ({ value: o.topic, label: o.label || t(`topic.${o.topic}` as MessageKey) }));

  const open = (next: MacroDraft) => {
    save.reset();
    setDraft(next);
  };

  const rows = macros.map((macro, index) => (
    <IndexTable.Row id={macro.id} key={macro.id} position={index}>
      <IndexTable.Cell>
        <BlockStack gap="100">
          <Text as="span" fontWeight="semibold">
            {macro.name}
          </Text>
          <Text as="span" tone="subdued" truncate>
            {macro.body.replace(/\s+/g, " ").slice(0, 120)}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{macro.topic ? <Badge>{topicLabel(macro.topic)}</Badge> : <Text as="span" tone="subdued">{t("settings.macros.anyTopic")}</Text>}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {macro.usageCount.toLocaleString("en")}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <ButtonGroup>
          <Button
            size="slim"
            onClick={() => open({ id: macro.id, name: macro.name, body: macro.body, topic: macro.topic ?? "" })}
            accessibilityLabel={t(canEdit ? "settings.macros.editLabel" : "settings.macros.viewLabel", { name: macro.name })}
          >
            {canEdit ? t("settings.edit") : t("settings.view")}
          </Button>
          {canEdit ? (
            <Button
              size="slim"
              tone="critical"
              variant="plain"
              onClick={() => {
                remove.reset();
                setDeleting({ id: macro.id, name: macro.name });
              }}
              accessibilityLabel={t("settings.macros.deleteLabel", { name: macro.name })}
            >
              {t("settings.delete")}
            </Button>
          ) : null}
        </ButtonGroup>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <SettingsPage
      title={t("settings.macros.title")}
      subtitle={t("settings.macros.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={draft || deleting ? null : (save.notice ?? remove.notice)}
      onDismissNotice={() => {
        save.dismissNotice();
        remove.dismissNotice();
      }}
      primaryAction={{ content: t("settings.macros.create"), disabled: !canEdit, onAction: () => open(EMPTY) }}
    >
      <ListCard empty={macros.length === 0} emptyHeading={t("settings.macros.empty.heading")} emptyBody={t("settings.macros.empty.body")}>
        <IndexTable
          resourceName={{ singular: t("settings.macros.resource.singular"), plural: t("settings.macros.resource.plural") }}
          itemCount={macros.length}
          selectable={false}
          headings={[
            { title: t("settings.macros.column.name") },
            { title: t("settings.macros.column.topic") },
            { title: t("settings.macros.column.used"), alignment: "end" },
            { title: t("settings.macros.column.actions"), hidden: true },
          ]}
        >
          {rows}
        </IndexTable>
      </ListCard>

      {draft ? (
        <MacroEditor
          draft={draft}
          topics={topicChoices}
          canEdit={canEdit}
          saving={save.pending}
          fieldErrors={save.fieldErrors}
          error={save.notice?.tone === "critical" ? save.notice.message : null}
          onChange={setDraft}
          onClose={() => setDraft(null)}
          onSave={() =>
            save.submit({
              intent: draft.id ? "update" : "create",
              ...(draft.id ? { macroId: draft.id } : {}),
              name: draft.name,
              body: draft.body,
              topic: draft.topic,
            })
          }
        />
      ) : null}

      {deleting ? (
        <Modal
          open
          onClose={() => setDeleting(null)}
          title={t("settings.macros.deleteTitle", { name: deleting.name })}
          primaryAction={{
            content: t("settings.delete"),
            destructive: true,
            loading: remove.pending,
            onAction: () => remove.submit({ intent: "delete", macroId: deleting.id }),
          }}
          secondaryActions={[{ content: t("settings.cancel"), onAction: () => setDeleting(null) }]}
        >
          <Modal.Section>
            <BlockStack gap="200">
              {remove.notice?.tone === "critical" ? <Text as="p" tone="critical">{remove.notice.message}</Text> : null}
              <Text as="p">{t("settings.macros.deleteBody")}</Text>
            </BlockStack>
          </Modal.Section>
        </Modal>
      ) : null}
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.macros.title")} />;
}
