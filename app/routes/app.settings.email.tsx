import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { getSmtpView, saveSmtpSettings, sendTestEmail } from "../channels/email/smtp-settings.server";
import { SMTP_SECURITY, type SmtpSecurity } from "../channels/email/smtp-security";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { inboundAddressFor } from "../channels/email/inbound.server";

export const meta: MetaFunction = () => [{ title: t("email.settings.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, smtp] = await Promise.all([settingsAccess(ctx), getSmtpView(ctx.shop.id)]);
    // getSmtpView never includes the password, only whether one is stored.
    return json({ ...access, smtp, staffEmail: ctx.staff?.email ?? null, inboundAddress: access.canEdit ? inboundAddressFor(ctx.shop.domain) : null });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    const intent = readIntent(input, ["save", "test"] as const);
    if (intent === "save") {
      const { intent: _intent, ...fields } = input;
      void _intent;
      await saveSmtpSettings(ctx.shop.id, fields);
      return json({ ok: true as const, message: t("email.settings.saved") });
    }
    const sent = await sendTestEmail(ctx.shop.id, ctx.staff?.email ?? "", ctx.shop.name ?? ctx.shop.domain);
    return json({ ok: true as const, message: t("email.settings.test.sent", { email: sent.to }) });
  });
};

interface Draft {
  host: string;
  port: string;
  security: SmtpSecurity;
  user: string;
  password: string;
  fromAddress: string;
  fromName: string;
  replyDomain: string;
}

export default function EmailSettings() {
  const { canEdit, readOnlyReason, smtp, staffEmail, inboundAddress } = useLoaderData<typeof loader>();
  const [draft, setDraft] = useState<Draft>({
    host: smtp.host,
    port: String(smtp.port),
    security: smtp.security,
    user: smtp.user,
    password: "",
    fromAddress: smtp.fromAddress,
    fromName: smtp.fromName,
    replyDomain: smtp.replyDomain,
  });
  const save = useSettingsAction(() => setDraft((d) => ({ ...d, password: "" })));
  const test = useSettingsAction();
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const err = (key: keyof Draft) => save.fieldErrors[key];
  const disabled = !canEdit;

  return (
    <SettingsPage
      title={t("email.settings.title")}
      subtitle={t("email.settings.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={save.notice}
      onDismissNotice={save.dismissNotice}
      primaryAction={
        canEdit
          ? { content: t("email.settings.save"), loading: save.pending, onAction: () => save.submit({ intent: "save", ...draft }) }
          : undefined
      }
    >
      {!smtp.configured ? (
        <Banner tone="warning" title={t("email.settings.notConfigured.title")}>
          <p>{t("email.settings.notConfigured.body")}</p>
        </Banner>
      ) : null}
      {inboundAddress ? (
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("email.settings.inbound.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("email.settings.inbound.body")}
          </Text>
          <TextField label={t("email.settings.inbound.address")} value={inboundAddress} readOnly autoComplete="off" selectTextOnFocus />
        </BlockStack>
      </Card>
      ) : null}
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("email.settings.server.heading")}
          </Text>
          <FormLayout>
            <TextField label={t("email.settings.host")} helpText={t("email.settings.host.help")} value={draft.host} onChange={set("host")} error={err("host")} disabled={disabled} autoComplete="off" />
            <FormLayout.Group>
              <TextField label={t("email.settings.port")} helpText={t("email.settings.port.help")} type="number" value={draft.port} onChange={set("port")} error={err("port")} disabled={disabled} autoComplete="off" />
              <Select
                label={t("email.settings.security")}
                options={SMTP_SECURITY.map((s) => ({ value: s, label: t(`email.settings.security.${s}`) }))}
                value={draft.security}
                onChange={(value) => setDraft((d) => ({ ...d, security: value as SmtpSecurity }))}
                error={err("security")}
                disabled={disabled}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField label={t("email.settings.user")} helpText={t("email.settings.user.help")} value={draft.user} onChange={set("user")} error={err("user")} disabled={disabled} autoComplete="off" />
              <TextField
                label={t("email.settings.password")}
                type="password"
                helpText={smtp.hasPassword ? t("email.settings.password.keep") : t("email.settings.password.none")}
                value={draft.password}
                onChange={set("password")}
                error={err("password")}
                disabled={disabled}
                autoComplete="new-password"
              />
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("email.settings.sender.heading")}
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField label={t("email.settings.fromAddress")} helpText={t("email.settings.fromAddress.help")} type="email" value={draft.fromAddress} onChange={set("fromAddress")} error={err("fromAddress")} disabled={disabled} autoComplete="off" />
              <TextField label={t("email.settings.fromName")} helpText={t("email.settings.fromName.help")} value={draft.fromName} onChange={set("fromName")} error={err("fromName")} disabled={disabled} autoComplete="off" />
            </FormLayout.Group>
            <TextField label={t("email.settings.replyDomain")} helpText={t("email.settings.replyDomain.help")} value={draft.replyDomain} onChange={set("replyDomain")} error={err("replyDomain")} disabled={disabled} autoComplete="off" />
          </FormLayout>
        </BlockStack>
      </Card>
      {canEdit && smtp.configured ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("email.settings.test")}
            </Text>
            <Text as="p" tone="subdued">
              {t("email.settings.test.help", { email: staffEmail ?? "—" })}
            </Text>
            {test.notice ? (
              <Banner tone={test.notice.tone} title={test.notice.tone === "critical" ? t("email.settings.test.failed") : undefined} onDismiss={test.dismissNotice}>
                <p>{test.notice.message}</p>
              </Banner>
            ) : null}
            <InlineStack>
              <Button onClick={() => test.submit({ intent: "test" })} loading={test.pending} disabled={!staffEmail}>
                {t("email.settings.test")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      ) : null}
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("email.settings.title")} />;
}
