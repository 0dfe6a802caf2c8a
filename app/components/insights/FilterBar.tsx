import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { InsightsFilters, InsightsPeriod } from "../../insights/report-types";
import { t, type MessageKey } from "../../i18n/en";
import { PERIOD_PRESETS, presetOf, presetPeriod, type PeriodPreset } from "./format";

export const CHANNELS = ["EMAIL", "STOREFRONT", "CUSTOMER_ACCOUNT", "ADMIN", "SYSTEM"] as const;
export const TOPICS = [
  "WHERE_IS_MY_ORDER",
  "RETURN",
  "REFUND",
  "CANCEL",
  "BILLING",
  "PRODUCT_QUESTION",
  "DAMAGED_OR_WRONG",
  "ACCOUNT",
  "OTHER",
] as const;

/**
 * Period picker and filters. The query string is the state (from, to, channel, topic, assignee): a preset is
 * turned into its from/to days in the shop's time zone, so a shared or bookmarked link shows exactly those days.
 */
export function FilterBar({
  period,
  today,
  filters,
  team,
}: {
  period: InsightsPeriod;
  today: string;
  filters: InsightsFilters;
  team: { id: string; name: string }[];
}) {
  const navigate = useNavigate();
  const location = useLocation();
  const preset = presetOf(period, today);
  const [custom, setCustom] = useState(preset === "custom");
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  // A new period (a link, back/forward) resets the fields and whether the custom dates show.
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
    setCustom(presetOf(period, today) === "custom");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the period itself changes
  }, [period.from, period.to, today]);

  function go(changes: Record<string, string | null>) {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    const search = params.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ""}`);
  }

  function choosePeriod(value: string) {
    if (value === "custom") {
      setCustom(true);
      return;
    }
    setCustom(false);
    const p = presetPeriod(value as Exclude<PeriodPreset, "custom">, today);
    go({ from: p.from, to: p.to });
  }

  const hasFilters = Boolean(filters.channel || filters.topic || filters.assignee);
  const periodOptions = [
    ...PERIOD_PRESETS.map((p) => ({ label: t(`insights.filters.period.${p}` as MessageKey), value: p })),
    { label: t("insights.filters.period.custom"), value: "custom" },
  ];
  const all = { label: t("insights.filters.all"), value: "" };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm" visuallyHidden>
          {t("insights.filters.heading")}
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
          <Select
            label={t("insights.filters.period")}
            name="period"
            options={periodOptions}
            value={custom ? "custom" : preset}
            onChange={choosePeriod}
          />
          <Select
            label={t("insights.filters.channel")}
            name="channel"
            options={[all, ...CHANNELS.map((c) => ({ label: t(`inbox.channel.${c}` as MessageKey), value: c }))]}
            value={filters.channel ?? ""}
            onChange={(value) => go({ channel: value })}
          />
          <Select
            label={t("insights.filters.topic")}
            name="topic"
            options={[all, ...TOPICS.map((topic) => ({ label: t(`topic.${topic}` as MessageKey), value: topic }))]}
            value={filters.topic ?? ""}
            onChange={(value) => go({ topic: value })}
          />
          <Select
            label={t("insights.filters.assignee")}
            name="assignee"
            options={[
              all,
              { label: t("insights.filters.unassigned"), value: "unassigned" },
              ...team.map((member) => ({ label: member.name, value: member.id })),
              // A removed staff member named in the link stays selectable.
              ...(filters.assignee && filters.assignee !== "unassigned" && !team.some((m) => m.id === filters.assignee)
                ? [{ label: t("insights.staff.removed"), value: filters.assignee }]
                : []),
            ]}
            value={filters.assignee ?? ""}
            onChange={(value) => go({ assignee: value })}
          />
        </InlineGrid>
        {custom ? (
          <InlineStack gap="300" blockAlign="end">
            <TextField
              label={t("insights.filters.from")}
              type="date"
              name="from"
              value={from}
              onChange={setFrom}
              autoComplete="off"
              max={to || today}
            />
            <TextField
              label={t("insights.filters.to")}
              type="date"
              name="to"
              value={to}
              onChange={setTo}
              autoComplete="off"
              min={from}
              max={today}
            />
            <Button onClick={() => go({ from, to })} disabled={!from || !to}>
              {t("insights.filters.apply")}
            </Button>
          </InlineStack>
        ) : null}
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="p" variant="bodySm" tone="subdued">
            {t("insights.filters.note")}
          </Text>
          {hasFilters ? (
            <Button variant="plain" onClick={() => go({ channel: null, topic: null, assignee: null })}>
              {t("insights.filters.clear")}
            </Button>
          ) : null}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
