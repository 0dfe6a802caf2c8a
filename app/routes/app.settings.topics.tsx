import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Checkbox, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t, type MessageKey } from "../i18n/en";
import { getShopSettings, topicOptions, updateTopicSettings } from "../shops/settings.server";

export const meta: MetaFunction = () => [{ title: t("settings.topics.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, settings] = await Promise.all([settingsAccess(ctx), getShopSettings(ctx.shop.id)]);
    return json({ ...access, topics: topicOptions(settings) });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    readIntent(input, ["save"] as const);
    await updateTopicSettings(ctx.shop.id, input.topics);
    return json({ ok: true as const, message: t("settings.topics.saved") });
  });
};

type Draft = Record<string, { enabled: boolean; label: string }>;

export default function TopicsSettings() {
  const { canEdit, readOnlyReason, topics } = useLoaderData<typeof loader>();
  const initial: Draft = Object.fromEntries(topics.map((o) => [o.topic, { enabled: o.enabled, label: o.label ?? "" }]));
  const [draft, setDraft] = useState<Draft>(initial);
  const save = useSettingsAction();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);

  return (
    <SettingsPage
      title={t("settings.topics.title")}
      subtitle={t("settings.topics.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={save.notice}
      onDismissNotice={save.dismissNotice}
    >
      <Card>
        <BlockStack gap="400">
          <Text as="p" tone="subdued">
            {t("settings.topics.about")}
          </Text>
          {save.fieldErrors.topics ? (
            <Text as="p" tone="critical">
              {save.fieldErrors.topics}
            </Text>
          ) : null}
          {topics.map(({ topic }) => {
            const name = t(`topic.${topic}` as MessageKey);
            const value = draft[topic];
            return (
              <Box key={topic} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border-secondary">
                <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="400" alignItems="center">
                  <Checkbox
                    label={name}
                    checked={value.enabled}
                    disabled={!canEdit}
                    onChange={(enabled) => setDraft({ ...draft, [topic]: { ...value, enabled } })}
                  />
                  <TextField
                    label={t("settings.topics.label", { topic: name })}
                    labelHidden
                    placeholder={t("settings.topics.labelPlaceholder", { topic: name })}
                    value={value.label}
                    maxLength={60}
                    autoComplete="off"
                    disabled={!canEdit}
                    onChange={(label) => setDraft({ ...draft, [topic]: { ...value, label } })}
                    error={save.fieldErrors[`topics.${topic}.label`] ?? save.fieldErrors[`topics.${topic}`]}
                  />
                </InlineGrid>
              </Box>
            );
          })}
          {canEdit ? (
            <InlineStack align="end">
              <Button variant="primary" disabled={!dirty} loading={save.pending} onClick={() => save.submit({ intent: "save", topics: draft })}>
                {t("settings.save")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Card>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.topics.title")} />;
}
