import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, ChoiceList, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { getReturnPolicy, RETURN_REASONS, RETURN_WINDOW_STARTS, updateReturnPolicy } from "../returns/return-policy.server";

export const meta: MetaFunction = () => [{ title: t("settings.returns.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, policy] = await Promise.all([settingsAccess(ctx), getReturnPolicy(ctx.shop.id)]);
    return json({ ...access, policy, currencyCode: ctx.shop.currencyCode, reasons: RETURN_REASONS, windowStarts: RETURN_WINDOW_STARTS });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    readIntent(input, ["save"] as const);
    const { intent: _intent, ...policy } = input;
    await updateReturnPolicy(ctx.shop.id, policy);
    return json({ ok: true as const, message: t("settings.returns.saved") });
  });
};

export default function ReturnPolicySettings() {
  const { canEdit, readOnlyReason, policy, currencyCode, reasons, windowStarts } = useLoaderData<typeof loader>();
  const initial = {
    enabled: policy.enabled,
    windowDays: String(policy.windowDays),
    windowStartsAt: policy.windowStartsAt as string,
    excludedTags: policy.excludedTags.join(", "),
    excludedProductTypes: policy.excludedProductTypes.join(", "),
    reasons: policy.reasons as string[],
    restockingFeePercent: policy.restockingFeePercent,
    returnShippingFee: policy.returnShippingFee,
    instructions: policy.instructions ?? "",
  };
  const [draft, setDraft] = useState(initial);
  const save = useSettingsAction();
  const errors = save.fieldErrors;
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const set = <K extends keyof typeof initial>(key: K) => (value: (typeof initial)[K]) => setDraft({ ...draft, [key]: value });

  return (
    <SettingsPage
      title={t("settings.returns.title")}
      subtitle={t("settings.returns.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={save.notice}
      onDismissNotice={save.dismissNotice}
    >
      {!policy.saved ? (
        <Banner tone="info">
          <p>{t("settings.returns.defaults")}</p>
        </Banner>
      ) : null}
      <Card>
        <Checkbox
          label={t("settings.returns.enabled")}
          helpText={t("settings.returns.enabledHelp")}
          checked={draft.enabled}
          onChange={set("enabled")}
          disabled={!canEdit}
          error={errors.enabled}
        />
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("settings.returns.window.heading")}
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label={t("settings.returns.windowDays")}
                type="number"
                min={1}
                max={365}
                value={draft.windowDays}
                onChange={set("windowDays")}
                autoComplete="off"
                disabled={!canEdit}
                error={errors.windowDays}
              />
              <Select
                label={t("settings.returns.windowStartsAt")}
                options={windowStarts.map((value) => ({ value, label: t(`settings.returns.start.${value}`) }))}
                value={draft.windowStartsAt}
                onChange={set("windowStartsAt")}
                disabled={!canEdit}
                error={errors.windowStartsAt}
              />
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("settings.returns.exclusions.heading")}
          </Text>
          <FormLayout>
            <TextField
              label={t("settings.returns.excludedTags")}
              helpText={t("settings.returns.excludedTagsHelp")}
              value={draft.excludedTags}
              onChange={set("excludedTags")}
              autoComplete="off"
              disabled={!canEdit}
              error={errors.excludedTags}
            />
            <TextField
              label={t("settings.returns.excludedProductTypes")}
              helpText={t("settings.returns.excludedProductTypesHelp")}
              value={draft.excludedProductTypes}
              onChange={set("excludedProductTypes")}
              autoComplete="off"
              disabled={!canEdit}
              error={errors.excludedProductTypes}
            />
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <ChoiceList
          title={t("settings.returns.reasons")}
          allowMultiple
          choices={reasons.map((value) => ({ value, label: t(`settings.returns.reason.${value}`) }))}
          selected={draft.reasons}
          onChange={set("reasons")}
          disabled={!canEdit}
          error={errors.reasons}
        />
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("settings.returns.fees.heading")}
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label={t("settings.returns.restockingFeePercent")}
                type="number"
                min={0}
                max={100}
                step={0.5}
                suffix="%"
                value={draft.restockingFeePercent}
                onChange={set("restockingFeePercent")}
                autoComplete="off"
                disabled={!canEdit}
                error={errors.restockingFeePercent}
              />
              <TextField
                label={t("settings.returns.returnShippingFee", { currency: currencyCode })}
                type="number"
                min={0}
                step={0.01}
                value={draft.returnShippingFee}
                onChange={set("returnShippingFee")}
                autoComplete="off"
                disabled={!canEdit}
                error={errors.returnShippingFee}
              />
            </FormLayout.Group>
            <TextField
              label={t("settings.returns.instructions")}
              helpText={t("settings.returns.instructionsHelp")}
              value={draft.instructions}
              onChange={set("instructions")}
              multiline={4}
              maxLength={5000}
              autoComplete="off"
              disabled={!canEdit}
              error={errors.instructions}
            />
          </FormLayout>
        </BlockStack>
      </Card>
      {canEdit ? (
        <InlineStack align="end">
          <Button variant="primary" disabled={!dirty && policy.saved} loading={save.pending} onClick={() => save.submit({ intent: "save", ...draft })}>
            {t("settings.save")}
          </Button>
        </InlineStack>
      ) : null}
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.returns.title")} />;
}
