import { BlockStack, ChoiceList, TextField } from "@shopify/polaris";
import type { AppliedFilterInterface, FilterInterface } from "@shopify/polaris";
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CASE_TOPICS,
  FULFILLMENT_STATUSES,
  SLA_FILTERS,
  type InboxFilters,
} from "../../cases/inbox-query";
import { t, type MessageKey } from "../../i18n/en";

type Filters = Partial<InboxFilters>;
type ListKey = "status" | "priority" | "topic" | "channel" | "tag" | "assignee" | "sla" | "fulfillment";
type DateKey = "createdFrom" | "createdTo" | "activityFrom" | "activityTo";

/** The IndexFilters filter panels and applied-filter pills for the inbox's filters. */
export function inboxFilters({
  filters,
  team,
  tags,
  onChange,
}: {
  filters: Filters;
  team: { id: string; name: string }[];
  tags: string[];
  onChange(next: Filters): void;
}): { filters: FilterInterface[]; appliedFilters: AppliedFilterInterface[] } {
  const set = (patch: Filters) => onChange({ ...filters, ...patch });
  const choices = (key: ListKey, values: readonly string[], label: (v: string) => string) => ({
    key,
    filter: (
      <ChoiceList
        title={t(`inbox.filter.${key}` as MessageKey)}
        titleHidden
        allowMultiple
        choices={values.map((value) => ({ label: label(value), value }))}
        selected={(filters[key] as string[] | undefined) ?? []}
        onChange={(selected) => set({ [key]: selected.length ? selected : undefined } as Filters)}
      />
    ),
  });

  const teamName = (id: string) => (id === "unassigned" ? t("inbox.row.unassigned") : (team.find((m) => m.id === id)?.name ?? id));
  const defs: { key: string; label: string; filter: React.ReactNode; pinned?: boolean; pill?: string }[] = [
    { ...choices("status", CASE_STATUSES, (v) => t(`inbox.status.${v}` as MessageKey)), label: t("inbox.filter.status"), pinned: true },
    { ...choices("assignee", ["unassigned", ...team.map((m) => m.id)], teamName), label: t("inbox.filter.assignee"), pinned: true },
    { ...choices("priority", [...CASE_PRIORITIES].reverse(), (v) => t(`inbox.priority.${v}` as MessageKey)), label: t("inbox.filter.priority") },
    { ...choices("topic", CASE_TOPICS, (v) => t(`topic.${v}` as MessageKey)), label: t("inbox.filter.topic") },
    tags.length
      ? { ...choices("tag", [...new Set([...tags, ...(filters.tag ?? [])])], (v) => v), label: t("inbox.filter.tag") }
      : {
          key: "tag",
          label: t("inbox.filter.tag"),
          filter: (
            <TextField
              label={t("inbox.filter.tagInput")}
              labelHidden
              placeholder={t("inbox.filter.tagInput")}
              autoComplete="off"
              value={(filters.tag ?? []).join(", ")}
              onChange={(value) => {
                const list = value.split(",").map((s) => s.trim()).filter(Boolean);
                set({ tag: list.length ? list : undefined });
              }}
            />
          ),
        },
    { ...choices("channel", CASE_CHANNELS, (v) => t(`inbox.channel.${v}` as MessageKey)), label: t("inbox.filter.channel") },
    { ...choices("sla", SLA_FILTERS, (v) => t(`inbox.filter.sla.${v}` as MessageKey)), label: t("inbox.filter.sla") },
    {
      key: "hasOrder",
      label: t("inbox.filter.hasOrder"),
      filter: (
        <ChoiceList
          title={t("inbox.filter.hasOrder")}
          titleHidden
          choices={[
            { label: t("inbox.filter.hasOrder.yes"), value: "yes" },
            { label: t("inbox.filter.hasOrder.no"), value: "no" },
          ]}
          selected={filters.hasOrder ? [filters.hasOrder] : []}
          onChange={([value]) => set({ hasOrder: value === "yes" || value === "no" ? value : undefined })}
        />
      ),
    },
    { ...choices("fulfillment", FULFILLMENT_STATUSES, (v) => t(`inbox.fulfillment.${v}` as MessageKey)), label: t("inbox.filter.fulfillment") },
    dateRange("created", "createdFrom", "createdTo", filters, set),
    dateRange("activity", "activityFrom", "activityTo", filters, set),
  ];

  const applied: AppliedFilterInterface[] = [];
  const label = (key: string, values: string[], name: (v: string) => string) =>
    `${t(`inbox.filter.${key}` as MessageKey)}: ${values.map(name).join(", ")}`;
  const namer: Record<ListKey, (v: string) => string> = {
    status: (v) => t(`inbox.status.${v}` as MessageKey),
    priority: (v) => t(`inbox.priority.${v}` as MessageKey),
    topic: (v) => t(`topic.${v}` as MessageKey),
    channel: (v) => t(`inbox.channel.${v}` as MessageKey),
    tag: (v) => v,
    assignee: teamName,
    sla: (v) => t(`inbox.filter.sla.${v}` as MessageKey),
    fulfillment: (v) => t(`inbox.fulfillment.${v}` as MessageKey),
  };
  for (const key of Object.keys(namer) as ListKey[]) {
    const values = filters[key] as string[] | undefined;
    if (values?.length) applied.push({ key, label: label(key, values, namer[key]), onRemove: () => set({ [key]: undefined } as Filters) });
  }
  if (filters.hasOrder)
    applied.push({ key: "hasOrder", label: t(`inbox.filter.hasOrder.${filters.hasOrder}`), onRemove: () => set({ hasOrder: undefined }) });
  for (const [key, from, to] of [
    ["created", "createdFrom", "createdTo"],
    ["activity", "activityFrom", "activityTo"],
  ] as const) {
    const a = filters[from];
    const b = filters[to];
    if (!a && !b) continue;
    const range = a && b ? t("inbox.filter.dateRange", { from: a, to: b }) : a ? t("inbox.filter.since", { from: a }) : t("inbox.filter.until", { to: b! });
    applied.push({ key, label: `${t(`inbox.filter.${key}`)}: ${range}`, onRemove: () => set({ [from]: undefined, [to]: undefined }) });
  }
  return { filters: defs, appliedFilters: applied };
}

function dateRange(key: "created" | "activity", from: DateKey, to: DateKey, filters: Filters, set: (patch: Filters) => void) {
  const valid = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  return {
    key,
    label: t(`inbox.filter.${key}`),
    filter: (
      <BlockStack gap="200">
        <TextField
          label={t("inbox.filter.from")}
          type="date"
          autoComplete="off"
          value={filters[from] ?? ""}
          onChange={(value) => set({ [from]: valid(value) })}
        />
        <TextField label={t("inbox.filter.to")} type="date" autoComplete="off" value={filters[to] ?? ""} onChange={(value) => set({ [to]: valid(value) })} />
      </BlockStack>
    ),
  };
}
