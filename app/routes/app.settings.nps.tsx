import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineStack, Select, Text, TextField } from "@shopify/polaris";
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

export const meta: MetaFunction = () => [{ title: t("nps.settings.title") }];

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

/** The NPS section as the page sends it. */
export const NpsInput = z
  .object({
    enabled: z.boolean({ error: "must be true or false" }),
    period: z.enum(["monthly", "quarterly"], { error: "choose monthly or quarterly" }),
    sendDay: whole(1, 28),
    minDaysSinceOrder: whole(0, 365),
    maxDaysSinceOrder: whole(1, 730),
  })
  .refine((n) => n.minDaysSinceOrder < n.maxDaysSinceOrder, { message: "must be smaller than the maximum", path: ["minDaysSinceOrder"] });
type NpsDraft = { enabled: boolean; period: "monthly" | "quarterly"; sendDay: string; minDaysSinceOrder: string; maxDaysSinceOrder: string };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, settings] = await Promise.all([settingsAccess(ctx), getShopSettings(ctx.shop.id)]);
    return json({ ...access, nps: settings.nps });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    readIntent(input, ["save"] as const);
    const parsed = NpsInput.safeParse(input.nps);
    if (!parsed.success) throw settingsError(parsed.error.issues.map((i) => ({ ...i, path: ["nps", ...i.path] })));
    await updateShopSettings(ctx.shop.id, { nps: parsed.data });
    return json({ ok: true as const, message: t("nps.settings.saved") });
  });
};

export default function NpsSettings() {
  const { canEdit, readOnlyReason, nps } = useLoaderData<typeof loader>();
  const initial: NpsDraft = {
    enabled: nps.enabled,
    period: nps.period,
    sendDay: String(nps.sendDay),
    minDaysSinceOrder: String(nps.minDaysSinceOrder),
    maxDaysSinceOrder: String(nps.maxDaysSinceOrder),
  };
  const [draft, setDraft] = useState<NpsDraft>(initial);
  const save = useSettingsAction();
  const checked = NpsInput.safeParse(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const errorOf = (field: keyof NpsDraft) => save.fieldErrors[`nps.${field}`];
  const off = !canEdit || !draft.enabled;

  return (
    <SettingsPage
      title={t("nps.settings.title")}
      subtitle={t("nps.settings.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={save.notice}
      onDismissNotice={save.dismissNotice}
    >
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <Checkbox
              label={t("nps.settings.enabled")}
              helpText={t("nps.settings.enabled.help")}
              checked={draft.enabled}
              disabled={!canEdit}
              onChange={(enabled) => setDraft({ ...draft, enabled })}
            />
            <Select
              label={t("nps.settings.period")}
              options={[
                { label: t("nps.settings.period.monthly"), value: "monthly" },
                { label: t("nps.settings.period.quarterly"), value: "quarterly" },
              ]}
              value={draft.period}
              disabled={off}
              onChange={(period) => setDraft({ ...draft, period: period === "quarterly" ? "quarterly" : "monthly" })}
            />
            <TextField
              label={t("nps.settings.sendDay")}
              helpText={t("nps.settings.sendDay.help")}
              type="number"
              min={1}
              max={28}
              autoComplete="off"
              value={draft.sendDay}
              disabled={off}
              error={errorOf("sendDay")}
              onChange={(sendDay) => setDraft({ ...draft, sendDay })}
            />
            <InlineStack gap="300" blockAlign="end">
              <TextField
                label={t("nps.settings.minDays")}
                type="number"
                min={0}
                max={365}
                autoComplete="off"
                value={draft.minDaysSinceOrder}
                disabled={off}
                error={errorOf("minDaysSinceOrder")}
                onChange={(minDaysSinceOrder) => setDraft({ ...draft, minDaysSinceOrder })}
              />
              <TextField
                label={t("nps.settings.maxDays")}
                type="number"
                min={1}
                max={730}
                autoComplete="off"
                value={draft.maxDaysSinceOrder}
                suffix={t("nps.settings.daysSuffix")}
                disabled={off}
                error={errorOf("maxDaysSinceOrder")}
                onChange={(maxDaysSinceOrder) => setDraft({ ...draft, maxDaysSinceOrder })}
              />
            </InlineStack>
            <Text as="p" tone="subdued">
              {t("nps.settings.who.help")}
            </Text>
          </BlockStack>
        </Card>
        {save.fieldErrors.form || save.fieldErrors.nps || (!checked.success && dirty) ? (
          <Text as="p" tone="critical">
            {save.fieldErrors.form ?? save.fieldErrors.nps ?? t("nps.settings.error.days")}
          </Text>
        ) : null}
        {canEdit ? (
          <InlineStack align="end">
            <Button
              variant="primary"
              disabled={!dirty || !checked.success}
              loading={save.pending}
              onClick={() => checked.success && save.submit({ intent: "save", nps: checked.data })}
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
  return <RouteErrorPage title={t("nps.settings.title")} />;
}
