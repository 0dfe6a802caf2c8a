import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { getShopSettings, settingsError, updateShopSettings } from "../shops/settings.server";

export const meta: MetaFunction = () => [{ title: t("automation.title") }];

const flag = z.boolean({ error: "must be true or false" });
const AutomationInput = z.object({
  orderUpdates: z.object({ enabled: flag, shipped: flag, delivered: flag, refunded: flag }, { error: "order updates are missing" }),
  autoAcknowledge: z.object({ enabled: flag }, { error: "the acknowledgement setting is missing" }),
  autoAnswers: z.object({ enabled: flag }).default({ enabled: false }),
  firstOrderCare: z
    .object({
      enabled: flag,
      daysAfterDelivery: z.coerce
        .number({ error: "must be a whole number of days from 1 to 30" })
        .int({ error: "must be a whole number of days from 1 to 30" })
        .min(1, { error: "must be a whole number of days from 1 to 30" })
        .max(30, { error: "must be a whole number of days from 1 to 30" }),
    })
    .default({ enabled: false, daysAfterDelivery: 3 }),
});
type Automation = z.infer<typeof AutomationInput>;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, settings] = await Promise.all([settingsAccess(ctx), getShopSettings(ctx.shop.id)]);
    return json({ ...access, automation: settings.automation });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    readIntent(input, ["save"] as const);
    const parsed = AutomationInput.safeParse(input.automation);
    if (!parsed.success) throw settingsError(parsed.error.issues.map((i) => ({ ...i, path: ["automation", ...i.path] })));
    await updateShopSettings(ctx.shop.id, { automation: parsed.data });
    return json({ ok: true as const, message: t("automation.saved") });
  });
};

export default function AutomationSettings() {
  const { canEdit, readOnlyReason, automation } = useLoaderData<typeof loader>();
  const [draft, setDraft] = useState<Automation>(automation);
  const [days, setDays] = useState(String(automation.firstOrderCare.daysAfterDelivery));
  const save = useSettingsAction();
  const daysValue = Number(days);
  const daysValid = /^\d+$/.test(days.trim()) && daysValue >= 1 && daysValue <= 30;
  const dirty = JSON.stringify(draft) !== JSON.stringify(automation) || days !== String(automation.firstOrderCare.daysAfterDelivery);
  const updates = draft.orderUpdates;
  const setUpdate = (key: keyof Automation["orderUpdates"]) => (value: boolean) =>
    setDraft({ ...draft, orderUpdates: { ...updates, [key]: value } });

  return (
    <SettingsPage
      title={t("automation.title")}
      subtitle={t("automation.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={save.notice}
      onDismissNotice={save.dismissNotice}
    >
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("automation.about")}
        </Text>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("automation.orderUpdates.heading")}
            </Text>
            <Checkbox
              label={t("automation.orderUpdates.enabled")}
              helpText={t("automation.orderUpdates.help")}
              checked={updates.enabled}
              disabled={!canEdit}
              onChange={setUpdate("enabled")}
            />
            <BlockStack gap="100">
              {(["shipped", "delivered", "refunded"] as const).map((key) => (
                <Checkbox
                  key={key}
                  label={t(`automation.orderUpdates.${key}`)}
                  checked={updates[key]}
                  disabled={!canEdit || !updates.enabled}
                  onChange={setUpdate(key)}
                />
              ))}
            </BlockStack>
          </BlockStack>
        </Card>
        <SwitchCard section="autoAcknowledge" checked={draft.autoAcknowledge.enabled} disabled={!canEdit} onChange={(enabled) => setDraft({ ...draft, autoAcknowledge: { enabled } })} />
        <SwitchCard section="autoAnswers" checked={draft.autoAnswers.enabled} disabled={!canEdit} onChange={(enabled) => setDraft({ ...draft, autoAnswers: { enabled } })} />
        <SwitchCard
          section="firstOrderCare"
          checked={draft.firstOrderCare.enabled}
          disabled={!canEdit}
          onChange={(enabled) => setDraft({ ...draft, firstOrderCare: { ...draft.firstOrderCare, enabled } })}
        >
          <TextField
            label={t("automation.firstOrderCare.days")}
            type="number"
            min={1}
            max={30}
            autoComplete="off"
            value={days}
            suffix={t("automation.firstOrderCare.daysSuffix")}
            disabled={!canEdit || !draft.firstOrderCare.enabled}
            error={daysValid ? undefined : t("automation.firstOrderCare.daysError")}
            onChange={setDays}
          />
        </SwitchCard>
        {save.fieldErrors.form || save.fieldErrors.automation ? (
          <Text as="p" tone="critical">
            {save.fieldErrors.form ?? save.fieldErrors.automation}
          </Text>
        ) : null}
        {canEdit ? (
          <InlineStack align="end">
            <Button
              variant="primary"
              disabled={!dirty || !daysValid}
              loading={save.pending}
              onClick={() => save.submit({ intent: "save", automation: { ...draft, firstOrderCare: { ...draft.firstOrderCare, daysAfterDelivery: daysValue } } })}
            >
              {t("settings.save")}
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("automation.title")} />;
}

/** One automation: a card with its on/off switch (and any options of its own below it). */
function SwitchCard({
  section,
  checked,
  disabled,
  onChange,
  children,
}: {
  section: "autoAcknowledge" | "autoAnswers" | "firstOrderCare";
  checked: boolean;
  disabled: boolean;
  onChange: (enabled: boolean) => void;
  children?: React.ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t(`automation.${section}.heading`)}
        </Text>
        <Checkbox
          label={t(`automation.${section}.enabled`)}
          helpText={t(`automation.${section}.help`)}
          checked={checked}
          disabled={disabled}
          onChange={onChange}
        />
        {children}
      </BlockStack>
    </Card>
  );
}
