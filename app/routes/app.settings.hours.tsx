import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineGrid, InlineStack, Select, Tag, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { getShopSettings, updateHoursAndSla } from "../shops/settings.server";
import { SLA_PRIORITIES, WEEKDAYS, type Weekday } from "../shops/settings-constants";
import { CASE_TOPICS } from "../cases/inbox-query";

export const meta: MetaFunction = () => [{ title: t("settings.hours.title") }];

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...all])];
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, settings] = await Promise.all([settingsAccess(ctx), getShopSettings(ctx.shop.id)]);
    return json({
      ...access,
      businessHours: settings.businessHours,
      sla: settings.sla,
      timeZones: timeZones(settings.businessHours.timezone),
      weekdays: WEEKDAYS,
    });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    readIntent(input, ["save"] as const);
    await updateHoursAndSla(ctx.shop.id, { businessHours: input.businessHours, sla: input.sla });
    return json({ ok: true as const, message: t("settings.hours.saved") });
  });
};

interface Interval {
  open: string;
  close: string;
}

/** Targets as typed (strings; empty = not set, for topics). */
/** One row of SLA targets (a priority's or a topic's): first response and resolution, in hours. */
function TargetsRow(props: {
  name: string;
  row: TargetsDraft;
  onChange: (patch: Partial<TargetsDraft>) => void;
  disabled: boolean;
  /** Path of the row's fields in the action's field errors, e.g. "sla.policies.HIGH". */
  errorKey: string;
  errors: Record<string, string | undefined>;
  placeholder?: string;
}) {
  const { name, row, onChange, disabled, errorKey, errors, placeholder } = props;
  const field = (key: keyof TargetsDraft, label: string, error: string | undefined) => (
    <TextField
      label={label}
      labelHidden
      type="number"
      min={0}
      placeholder={placeholder}
      value={row[key]}
      onChange={(value) => onChange({ [key]: value })}
      autoComplete="off"
      disabled={disabled}
      error={error}
    />
  );
  return (
    <InlineGrid columns={3} gap="300" alignItems="start">
      <Text as="span">{name}</Text>
      {field("firstResponseHours", t("settings.sla.firstResponseFor", { name }), errors[`${errorKey}.firstResponseHours`])}
      {field("resolutionHours", t("settings.sla.resolutionFor", { name }), errors[`${errorKey}.resolutionHours`] ?? errors[errorKey])}
    </InlineGrid>
  );
}

interface TargetsDraft {
  firstResponseHours: string;
  resolutionHours: string;
}
const asText = (hours: number | undefined) => (hours === undefined ? "" : String(hours));

export default function HoursSettings() {
  const { canEdit, readOnlyReason, businessHours, sla, timeZones: zones, weekdays } = useLoaderData<typeof loader>();
  const initial = {
    timezone: businessHours.timezone,
    days: businessHours.days as Record<Weekday, Interval[]>,
    holidays: businessHours.holidays,
    policies: Object.fromEntries(
      SLA_PRIORITIES.map((p) => [p, { firstResponseHours: asText(sla.policies[p].firstResponseHours), resolutionHours: asText(sla.policies[p].resolutionHours) }]),
    ) as Record<(typeof SLA_PRIORITIES)[number], TargetsDraft>,
    topics: Object.fromEntries(
      CASE_TOPICS.map((topic) => {
        const own = sla.topics[topic];
        return [topic, { firstResponseHours: asText(own?.firstResponseHours), resolutionHours: asText(own?.resolutionHours) }];
      }),
    ) as Record<(typeof CASE_TOPICS)[number], TargetsDraft>,
    businessHoursOnly: sla.businessHoursOnly,
    pauseWhilePending: sla.pauseWhilePending,
  };
  const [draft, setDraft] = useState(initial);
  const [holiday, setHoliday] = useState("");
  const save = useSettingsAction();
  const errors = save.fieldErrors;
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);

  const setDay = (day: Weekday, intervals: Interval[]) => setDraft({ ...draft, days: { ...draft.days, [day]: intervals } });
  const dayError = (day: Weekday) =>
    Object.entries(errors)
      .filter(([key]) => key.startsWith(`businessHours.days.${day}`))
      .map(([, message]) => message)
      .join(" ");

  const submit = () =>
    save.submit({
      intent: "save",
      businessHours: { timezone: draft.timezone, days: draft.days, holidays: draft.holidays },
      sla: {
        policies: draft.policies,
        topics: draft.topics,
        businessHoursOnly: draft.businessHoursOnly,
        pauseWhilePending: draft.pauseWhilePending,
      },
    });

  return (
    <SettingsPage
      title={t("settings.hours.title")}
      subtitle={t("settings.hours.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={save.notice}
      onDismissNotice={save.dismissNotice}
    >
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("settings.hours.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.hours.about")}
            </Text>
          </BlockStack>
          <Select
            label={t("settings.hours.timezone")}
            options={zones}
            value={draft.timezone}
            onChange={(timezone) => setDraft({ ...draft, timezone })}
            disabled={!canEdit}
            error={errors["businessHours.timezone"]}
          />
          {weekdays.map((day) => {
            const dayName = t(`settings.hours.day.${day}`);
            const intervals = draft.days[day];
            const error = dayError(day);
            return (
              <Box key={day} paddingBlockEnd="300" borderBlockEndWidth="025" borderColor="border-secondary">
                <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="300">
                  <Checkbox
                    label={dayName}
                    checked={intervals.length > 0}
                    disabled={!canEdit}
                    onChange={(open) => setDay(day, open ? [{ open: "09:00", close: "17:00" }] : [])}
                  />
                  <BlockStack gap="200">
                    {intervals.length === 0 ? (
                      <Text as="span" tone="subdued">
                        {t("settings.hours.closed")}
                      </Text>
                    ) : null}
                    {intervals.map((interval, index) => (
                      <InlineStack key={index} gap="200" blockAlign="center" wrap={false}>
                        <TextField
                          label={t("settings.hours.from", { day: dayName })}
                          labelHidden
                          type="time"
                          value={interval.open}
                          autoComplete="off"
                          disabled={!canEdit}
                          onChange={(open) => setDay(day, intervals.map((x, i) => (i === index ? { ...x, open } : x)))}
                        />
                        <Text as="span">–</Text>
                        <TextField
                          label={t("settings.hours.to", { day: dayName })}
                          labelHidden
                          type="time"
                          value={interval.close}
                          autoComplete="off"
                          disabled={!canEdit}
                          onChange={(close) => setDay(day, intervals.map((x, i) => (i === index ? { ...x, close } : x)))}
                        />
                        {canEdit ? (
                          <Button
                            variant="plain"
                            accessibilityLabel={t("settings.hours.removeIntervalLabel", { day: dayName, open: interval.open, close: interval.close })}
                            onClick={() => setDay(day, intervals.filter((_, i) => i !== index))}
                          >
                            {t("settings.hours.removeInterval")}
                          </Button>
                        ) : null}
                      </InlineStack>
                    ))}
                    {canEdit && intervals.length > 0 && intervals.length < 4 ? (
                      <InlineStack>
                        <Button
                          variant="plain"
                          accessibilityLabel={t("settings.hours.addIntervalLabel", { day: dayName })}
                          onClick={() => setDay(day, [...intervals, { open: "18:00", close: "20:00" }])}
                        >
                          {t("settings.hours.addInterval")}
                        </Button>
                      </InlineStack>
                    ) : null}
                    {error ? (
                      <Text as="p" tone="critical">
                        {error}
                      </Text>
                    ) : null}
                  </BlockStack>
                </InlineGrid>
              </Box>
            );
          })}
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("settings.hours.holidays")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.hours.holidaysAbout")}
            </Text>
            <InlineStack gap="200">
              {draft.holidays.length === 0 ? (
                <Text as="span" tone="subdued">
                  {t("settings.hours.noHolidays")}
                </Text>
              ) : (
                draft.holidays.map((date) => (
                  <Tag
                    key={date}
                    disabled={!canEdit}
                    accessibilityLabel={t("settings.hours.removeHolidayLabel", { date })}
                    onRemove={canEdit ? () => setDraft({ ...draft, holidays: draft.holidays.filter((d) => d !== date) }) : undefined}
                  >
                    {date}
                  </Tag>
                ))
              )}
            </InlineStack>
            {canEdit ? (
              <InlineStack gap="200" blockAlign="end">
                <TextField label={t("settings.hours.holidayDate")} type="date" value={holiday} onChange={setHoliday} autoComplete="off" />
                <Button
                  disabled={!holiday || draft.holidays.includes(holiday)}
                  onClick={() => {
                    setDraft({ ...draft, holidays: [...draft.holidays, holiday].sort() });
                    setHoliday("");
                  }}
                >
                  {t("settings.hours.addHoliday")}
                </Button>
              </InlineStack>
            ) : null}
            {Object.entries(errors)
              .filter(([key]) => key.startsWith("businessHours.holidays"))
              .map(([key, message]) => (
                <Text key={key} as="p" tone="critical">
                  {message}
                </Text>
              ))}
          </BlockStack>
        </BlockStack>
      </Card>

      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("settings.sla.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.sla.about")}
            </Text>
          </BlockStack>
          <BlockStack gap="200">
            <InlineGrid columns={3} gap="300">
              <Text as="span" variant="headingSm">
                {t("settings.sla.priority")}
              </Text>
              <Text as="span" variant="headingSm">
                {t("settings.sla.firstResponse")}
              </Text>
              <Text as="span" variant="headingSm">
                {t("settings.sla.resolution")}
              </Text>
            </InlineGrid>
            {SLA_PRIORITIES.map((priority) => {
              const name = t(`case.priority.${priority}`);
              const row = draft.policies[priority];
              const set = (patch: Partial<TargetsDraft>) => setDraft({ ...draft, policies: { ...draft.policies, [priority]: { ...row, ...patch } } });
              return (
                <TargetsRow
                  key={priority}
                  name={name}
                  row={row}
                  onChange={set}
                  disabled={!canEdit}
                  errorKey={`sla.policies.${priority}`}
                  errors={errors}
                />
              );
            })}
          </BlockStack>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("settings.sla.topics")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.sla.topicsAbout")}
            </Text>
            {CASE_TOPICS.map((topic) => {
              const name = t(`topic.${topic}`);
              const row = draft.topics[topic];
              const set = (patch: Partial<TargetsDraft>) => setDraft({ ...draft, topics: { ...draft.topics, [topic]: { ...row, ...patch } } });
              return (
                <TargetsRow
                  key={topic}
                  name={name}
                  row={row}
                  onChange={set}
                  disabled={!canEdit}
                  errorKey={`sla.topics.${topic}`}
                  errors={errors}
                  placeholder={t("settings.sla.usePriority")}
                />
              );
            })}
          </BlockStack>
          <FormLayout>
            <Checkbox
              label={t("settings.sla.businessHoursOnly")}
              helpText={t("settings.sla.businessHoursOnlyHelp")}
              checked={draft.businessHoursOnly}
              onChange={(businessHoursOnly) => setDraft({ ...draft, businessHoursOnly })}
              disabled={!canEdit}
              error={errors["sla.businessHoursOnly"]}
            />
            <Checkbox
              label={t("settings.sla.pauseWhilePending")}
              helpText={t("settings.sla.pauseWhilePendingHelp")}
              checked={draft.pauseWhilePending}
              onChange={(pauseWhilePending) => setDraft({ ...draft, pauseWhilePending })}
              disabled={!canEdit}
              error={errors["sla.pauseWhilePending"]}
            />
            {Object.entries(errors)
              .filter(([key]) => key === "sla" || key === "sla.policies" || key === "sla.topics")
              .map(([key, message]) => (
                <Text key={key} as="p" tone="critical">
                  {message}
                </Text>
              ))}
          </FormLayout>
        </BlockStack>
      </Card>

      {canEdit ? (
        <InlineStack align="end">
          <Button variant="primary" disabled={!dirty} loading={save.pending} onClick={submit}>
            {t("settings.save")}
          </Button>
        </InlineStack>
      ) : null}
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.hours.title")} />;
}
