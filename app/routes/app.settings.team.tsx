import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Checkbox, FormLayout, IndexTable, InlineStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { ListCard } from "../components/ListCard";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { getShopSettings, updateRefundSettings } from "../shops/settings.server";
import { listTeam, updateTeamMember } from "../team/team.server";

export const meta: MetaFunction = () => [{ title: t("settings.team.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, team, settings] = await Promise.all([settingsAccess(ctx), listTeam(ctx.shop.id), getShopSettings(ctx.shop.id)]);
    return json({
      ...access,
      team,
      refunds: settings.refunds,
      currencyCode: ctx.shop.currencyCode,
      timeZone: ctx.shop.ianaTimezone,
      meId: ctx.staff?.id ?? null,
    });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    const intent = readIntent(input, ["member", "refunds"] as const);
    if (intent === "refunds") {
      await updateRefundSettings(ctx.shop.id, { agentLimit: input.agentLimit, requireNote: input.requireNote });
      return json({ ok: true as const, message: t("settings.refunds.saved") });
    }
    const { staffId, role, refundLimit, active } = input;
    const member = await updateTeamMember(ctx.shop.id, String(staffId ?? ""), { role, refundLimit, active });
    return json({ ok: true as const, message: t("settings.team.updated", { name: member.name }), member });
  });
};

interface MemberDraft {
  id: string;
  name: string;
  role: "ADMIN" | "AGENT";
  refundLimit: string;
  active: boolean;
}

export default function TeamSettings() {
  const { canEdit, readOnlyReason, team, refunds, currencyCode, timeZone, meId } = useLoaderData<typeof loader>();
  const [editing, setEditing] = useState<MemberDraft | null>(null);
  const [agentLimit, setAgentLimit] = useState(refunds.agentLimit);
  const [requireNote, setRequireNote] = useState(refunds.requireNote);
  const memberSave = useSettingsAction(() => setEditing(null));
  const refundSave = useSettingsAction();
  const refundsDirty = agentLimit !== refunds.agentLimit || requireNote !== refunds.requireNote;

  const money = (amount: string) => {
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(Number(amount));
    } catch {
      return `${amount} ${currencyCode}`;
    }
  };
  const formatDate = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso)) : t("settings.team.never");

  const rows = team.map((member, index) => (
    <IndexTable.Row id={member.id} key={member.id} position={index}>
      <IndexTable.Cell>
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="span" fontWeight="semibold">
              {member.name}
            </Text>
            {member.id === meId ? <Badge>{t("settings.team.you")}</Badge> : null}
            {member.accountOwner ? <Badge tone="info">{t("settings.team.owner")}</Badge> : null}
            {!member.active ? <Badge tone="critical">{t("settings.team.inactive")}</Badge> : null}
          </InlineStack>
          <Text as="span" tone="subdued">
            {member.email}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={member.role === "ADMIN" ? "success" : undefined}>{t(`settings.team.role.${member.role}`)}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {member.role === "ADMIN"
          ? t("settings.team.noLimit")
          : member.refundLimit
            ? money(member.refundLimit)
            : t("settings.team.shopDefault", { limit: money(refunds.agentLimit) })}
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDate(member.lastSeenAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        {canEdit ? (
          <Button
            size="slim"
            accessibilityLabel={t("settings.team.editLabel", { name: member.name })}
            onClick={() => {
              memberSave.reset();
              setEditing({ id: member.id, name: member.name, role: member.role, refundLimit: member.refundLimit ?? "", active: member.active });
            }}
          >
            {t("settings.edit")}
          </Button>
        ) : null}
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <SettingsPage
      title={t("settings.team.title")}
      subtitle={t("settings.team.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={editing ? refundSave.notice : (memberSave.notice ?? refundSave.notice)}
      onDismissNotice={() => {
        memberSave.dismissNotice();
        refundSave.dismissNotice();
      }}
    >
      <Text as="p" tone="subdued">
        {t("settings.team.about")}
      </Text>
      <ListCard empty={team.length === 0} emptyHeading={t("settings.team.empty.heading")} emptyBody={t("settings.team.empty.body")}>
        <IndexTable
          resourceName={{ singular: t("settings.team.resource.singular"), plural: t("settings.team.resource.plural") }}
          itemCount={team.length}
          selectable={false}
          headings={[
            { title: t("settings.team.column.name") },
            { title: t("settings.team.column.role") },
            { title: t("settings.team.column.refundLimit") },
            { title: t("settings.team.column.lastSeen") },
            { title: t("settings.team.column.actions"), hidden: true },
          ]}
        >
          {rows}
        </IndexTable>
      </ListCard>

      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("settings.refunds.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.refunds.about")}
            </Text>
          </BlockStack>
          <FormLayout>
            <TextField
              label={t("settings.refunds.agentLimit", { currency: currencyCode })}
              type="number"
              min={0}
              step={0.01}
              value={agentLimit}
              onChange={setAgentLimit}
              autoComplete="off"
              disabled={!canEdit}
              error={refundSave.fieldErrors["refunds.agentLimit"]}
            />
            <Checkbox
              label={t("settings.refunds.requireNote")}
              helpText={t("settings.refunds.requireNoteHelp")}
              checked={requireNote}
              onChange={setRequireNote}
              disabled={!canEdit}
            />
          </FormLayout>
          {canEdit ? (
            <InlineStack align="end">
              <Button
                variant="primary"
                disabled={!refundsDirty}
                loading={refundSave.pending}
                onClick={() => refundSave.submit({ intent: "refunds", agentLimit, requireNote })}
              >
                {t("settings.save")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Card>

      {editing ? (
        <Modal
          open
          onClose={() => setEditing(null)}
          title={t("settings.team.editTitle", { name: editing.name })}
          primaryAction={{
            content: t("settings.save"),
            loading: memberSave.pending,
            onAction: () =>
              memberSave.submit({
                intent: "member",
                staffId: editing.id,
                role: editing.role,
                refundLimit: editing.refundLimit,
                active: editing.active,
              }),
          }}
          secondaryActions={[{ content: t("settings.cancel"), onAction: () => setEditing(null) }]}
        >
          <Modal.Section>
            <FormLayout>
              {memberSave.notice?.tone === "critical" ? (
                <Text as="p" tone="critical">
                  {memberSave.notice.message}
                </Text>
              ) : null}
              <Select
                label={t("settings.team.field.role")}
                helpText={t("settings.team.field.roleHelp")}
                options={[
                  { value: "AGENT", label: t("settings.team.role.AGENT") },
                  { value: "ADMIN", label: t("settings.team.role.ADMIN") },
                ]}
                value={editing.role}
                onChange={(role) => setEditing({ ...editing, role: role === "ADMIN" ? "ADMIN" : "AGENT" })}
                error={memberSave.fieldErrors.role}
              />
              <TextField
                label={t("settings.team.field.refundLimit", { currency: currencyCode })}
                type="number"
                min={0}
                step={0.01}
                value={editing.refundLimit}
                onChange={(refundLimit) => setEditing({ ...editing, refundLimit })}
                placeholder={refunds.agentLimit}
                autoComplete="off"
                disabled={editing.role === "ADMIN"}
                helpText={
                  editing.role === "ADMIN"
                    ? t("settings.team.field.refundLimitAdmin")
                    : t("settings.team.field.refundLimitHelp", { limit: money(refunds.agentLimit) })
                }
                error={memberSave.fieldErrors.refundLimit}
              />
              <Checkbox
                label={t("settings.team.field.active")}
                helpText={t("settings.team.field.activeHelp")}
                checked={editing.active}
                onChange={(active) => setEditing({ ...editing, active })}
                error={memberSave.fieldErrors.active}
              />
            </FormLayout>
          </Modal.Section>
        </Modal>
      ) : null}
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.team.title")} />;
}
