import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, ChoiceList, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t, type MessageKey } from "../i18n/en";
import { getReturnPolicy, productTitles, RETURN_REASONS, RETURN_WINDOW_STARTS, updateReturnPolicy } from "../returns/return-policy.server";

export const meta: MetaFunction = () => [{ title: t("settings.returns.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, policy] = await Promise.all([settingsAccess(ctx), getReturnPolicy(ctx.shop.id)]);
    const titles = await productTitles(ctx.shop.id, policy.productWindows.map((w) => w.productId));
    return json({ ...access, policy, productTitles: titles, currencyCode: ctx.shop.currencyCode, reasons: RETURN_REASONS, windowStarts: RETURN_WINDOW_STARTS });
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
  const { canEdit, readOnlyReason, policy, productTitles: titles, currencyCode, reasons, windowStarts } = useLoaderData<typeof loader>();
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
    autoApprove: {
      enabled: policy.autoApprove.enabled,
      reasons: policy.autoApprove.reasons as string[],
      maxOrderTotal: policy.autoApprove.maxOrderTotal ?? "",
      maxItems: policy.autoApprove.maxItems !== undefined ? String(policy.autoApprove.maxItems) : "",
    },
    productWindows: policy.productWindows.map((w) => ({ productId: w.productId, windowDays: String(w.windowDays) })),
  };
  const [draft, setDraft] = useState(initial);
  const save = useSettingsAction();
  const errors = save.fieldErrors;
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const set = <K extends keyof typeof initial>(key: K) => (value: (typeof initial)[K]) => setDraft({ ...draft, [key]: value });
  const setRule = <K extends keyof typeof initial.autoApprove>(key: K) => (value: (typeof initial.autoApprove)[K]) =>
    setDraft({ ...draft, autoApprove: { ...draft.autoApprove, [key]: value } });
  const setWindow = (index: number, key: "productId" | "windowDays") => (value: string) =>
    setDraft({ ...draft, productWindows: draft.productWindows.map((w, i) => (i === index ? { ...w, [key]: value } : w)) });
  // Only reasons shoppers can choose can be approved automatically.
  const autoReasons = draft.reasons.filter((r) => (reasons as readonly string[]).includes(r));

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
          onChange={(next: string[]) =>
            setDraft({ ...draft, reasons: next, autoApprove: { ...draft.autoApprove, reasons: draft.autoApprove.reasons.filter((r) => next.includes(r)) } })
          }
          disabled={!canEdit}
          error={errors.reasons}
        />
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("settings.returns.autoApprove.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("settings.returns.autoApprove.body")}
          </Text>
          <Checkbox
            label={t("settings.returns.autoApprove.enabled")}
            checked={draft.autoApprove.enabled}
            onChange={setRule("enabled")}
            disabled={!canEdit}
            error={errors.autoApprove ?? errors["autoApprove.enabled"]}
          />
          {draft.autoApprove.enabled ? (
            <FormLayout>
              <ChoiceList
                title={t("settings.returns.autoApprove.reasons")}
                allowMultiple
                choices={autoReasons.map((value) => ({ value, label: t(`settings.returns.reason.${value}` as MessageKey) }))}
                selected={draft.autoApprove.reasons}
                onChange={setRule("reasons")}
                disabled={!canEdit}
                error={errors["autoApprove.reasons"]}
              />
              <Text as="p" tone="subdued">
                {t("settings.returns.autoApprove.reasonsHelp")}
              </Text>
              <FormLayout.Group>
                <TextField
                  label={t("settings.returns.autoApprove.maxOrderTotal", { currency: currencyCode })}
                  type="number"
                  min={0}
                  step={0.01}
                  value={draft.autoApprove.maxOrderTotal}
                  onChange={setRule("maxOrderTotal")}
                  helpText={t("settings.returns.autoApprove.noLimit")}
                  autoComplete="off"
                  disabled={!canEdit}
                  error={errors["autoApprove.maxOrderTotal"]}
                />
                <TextField
                  label={t("settings.returns.autoApprove.maxItems")}
                  type="number"
                  min={1}
                  step={1}
                  value={draft.autoApprove.maxItems}
                  onChange={setRule("maxItems")}
                  helpText={t("settings.returns.autoApprove.noLimit")}
                  autoComplete="off"
                  disabled={!canEdit}
                  error={errors["autoApprove.maxItems"]}
                />
              </FormLayout.Group>
            </FormLayout>
          ) : null}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("settings.returns.productWindows.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("settings.returns.productWindows.body", { days: draft.windowDays || policy.windowDays })}
          </Text>
          {errors.productWindows ? (
            <Banner tone="critical">
              <p>{errors.productWindows}</p>
            </Banner>
          ) : null}
          {draft.productWindows.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("settings.returns.productWindows.empty")}
            </Text>
          ) : (
            draft.productWindows.map((row, index) => (
              <InlineStack key={index} gap="300" blockAlign="start" wrap={false}>
                <Box minWidth="220px">
                  <TextField
                    label={t("settings.returns.productWindows.productId")}
                    value={row.productId}
                    onChange={setWindow(index, "productId")}
                    helpText={titles[row.productId] ?? (row.productId ? t("settings.returns.productWindows.unknown") : t("settings.returns.productWindows.productIdHelp"))}
                    autoComplete="off"
                    disabled={!canEdit}
                  />
                </Box>
                <Box maxWidth="140px">
                  <TextField
                    label={t("settings.returns.productWindows.days")}
                    type="number"
                    min={1}
                    max={365}
                    value={row.windowDays}
                    onChange={setWindow(index, "windowDays")}
                    autoComplete="off"
                    disabled={!canEdit}
                  />
                </Box>
                {canEdit ? (
                  <Box paddingBlockStart="600">
                    <Button
                      variant="plain"
                      tone="critical"
                      accessibilityLabel={t("settings.returns.productWindows.removeLabel", { product: titles[row.productId] ?? row.productId })}
                      onClick={() => setDraft({ ...draft, productWindows: draft.productWindows.filter((_, i) => i !== index) })}
                    >
                      {t("settings.returns.productWindows.remove")}
                    </Button>
                  </Box>
                ) : null}
              </InlineStack>
            ))
          )}
          {canEdit ? (
            <InlineStack>
              <Button onClick={() => setDraft({ ...draft, productWindows: [...draft.productWindows, { productId: "", windowDays: String(draft.windowDays || 60) }] })}>
                {t("settings.returns.productWindows.add")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
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
