import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Select, Tag, Text, TextField } from "@shopify/polaris";
import { t } from "../../i18n/en";
import { formatDateTime, toLocalInput } from "./format";
import { CaseSla } from "./CaseSla";
import type { CaseSlaView } from "../../insights/sla.server";

const STATUSES = ["OPEN", "PENDING", "RESOLVED", "CLOSED"] as const;
const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
const TOPICS = ["WHERE_IS_MY_ORDER", "RETURN", "REFUND", "CANCEL", "BILLING", "PRODUCT_QUESTION", "DAMAGED_OR_WRONG", "ACCOUNT", "OTHER"] as const;

interface Props {
  caseId: string;
  status: string;
  priority: string;
  topic: string;
  tags: string[];
  knownTags: string[];
  assigneeId: string | null;
  snoozedUntil: string | null;
  staff: { id: string; name: string }[];
  viewerId: string | null;
  timeZone: string;
  disabled: boolean;
  /** First-response and resolution due times with their badges. */
  sla?: CaseSlaView;
  /** Classifier flags (app/insights/classifier.server.ts). */
  urgent?: boolean;
  sentiment?: string;
}

type Result = { ok: true } | { error: { message: string } };

/** Status, priority, topic, assignee, tags and snooze: each change is saved as soon as it is made. */
export function CaseProperties(props: Props) {
  const { caseId, timeZone, disabled } = props;
  const fetcher = useFetcher<Result>();
  const [tagDraft, setTagDraft] = useState("");
  const [snooze, setSnooze] = useState(() => toLocalInput(new Date(Date.now() + 24 * 3600 * 1000), timeZone));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && "error" in fetcher.data) setError(fetcher.data.error.message);
    if (fetcher.state === "idle" && fetcher.data && "ok" in fetcher.data) setError(null);
  }, [fetcher.state, fetcher.data]);

  const change = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post", action: `/app/cases/${caseId}` });
  // What the staff member just chose shows at once; the loader's value follows after revalidation.
  const pending = fetcher.formData ? Object.fromEntries(fetcher.formData) : {};
  const value = (intent: string, key: string, current: string) => (pending.intent === intent ? String(pending[key]) : current);
  const statusValue = props.status === "SNOOZED" ? "SNOOZED" : props.status;

  const addTag = () => {
    const tag = tagDraft.trim();
    if (!tag) return;
    change({ intent: "addTag", tag });
    setTagDraft("");
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("case.props.heading")}
        </Text>
        {props.urgent || (props.sentiment && props.sentiment !== "NEUTRAL") ? (
          <InlineStack gap="100">
            {props.urgent ? <Badge tone="critical">{t("case.urgent")}</Badge> : null}
            {props.sentiment === "NEGATIVE" || props.sentiment === "POSITIVE" ? (
              <Badge tone={props.sentiment === "NEGATIVE" ? "warning" : "success"}>{t(`case.sentiment.${props.sentiment}`)}</Badge>
            ) : null}
          </InlineStack>
        ) : null}
        {error ? (
          <Banner tone="critical" onDismiss={() => setError(null)}>
            <p>{error}</p>
          </Banner>
        ) : null}
        <Select
          label={t("case.props.status")}
          disabled={disabled}
          options={[
            ...STATUSES.map((s) => ({ label: t(`case.status.${s}`), value: s })),
            ...(statusValue === "SNOOZED" ? [{ label: t("case.status.SNOOZED"), value: "SNOOZED", disabled: true }] : []),
          ]}
          value={value("status", "status", statusValue)}
          onChange={(status) => change({ intent: "status", status })}
        />
        <Select
          label={t("case.props.assignee")}
          disabled={disabled}
          options={[{ label: t("case.props.unassigned"), value: "" }, ...props.staff.map((s) => ({ label: s.name, value: s.id }))]}
          value={value("assign", "assigneeId", props.assigneeId ?? "")}
          onChange={(assigneeId) => change({ intent: "assign", assigneeId })}
        />
        {props.viewerId && props.assigneeId !== props.viewerId ? (
          <InlineStack>
            <Button variant="plain" disabled={disabled} onClick={() => change({ intent: "assign", assigneeId: props.viewerId! })}>
              {t("case.props.assignMe")}
            </Button>
          </InlineStack>
        ) : null}
        <Select
          label={t("case.props.priority")}
          disabled={disabled}
          options={PRIORITIES.map((p) => ({ label: t(`case.priority.${p}`), value: p }))}
          value={value("priority", "priority", props.priority)}
          onChange={(priority) => change({ intent: "priority", priority })}
        />
        <Select
          label={t("case.props.topic")}
          disabled={disabled}
          options={TOPICS.map((p) => ({ label: t(`topic.${p}`), value: p }))}
          value={value("topic", "topic", props.topic)}
          onChange={(topic) => change({ intent: "topic", topic })}
        />
        {props.sla ? <CaseSla sla={props.sla} timeZone={timeZone} /> : null}
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("case.props.tags")}
          </Text>
          {props.tags.length > 0 ? (
            <InlineStack gap="100">
              {props.tags.map((tag) => (
                <Tag key={tag} disabled={disabled} onRemove={() => change({ intent: "removeTag", tag })} accessibilityLabel={t("case.props.removeTag", { tag })}>
                  {tag}
                </Tag>
              ))}
            </InlineStack>
          ) : (
            <Text as="p" tone="subdued">
              {t("case.props.noTags")}
            </Text>
          )}
          <div
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addTag();
              }
            }}
          >
            <TextField
              label={t("case.props.addTag")}
              labelHidden
              placeholder={t("case.props.addTag")}
              value={tagDraft}
              onChange={setTagDraft}
              autoComplete="off"
              disabled={disabled}
              maxLength={40}
              connectedRight={
                <Button onClick={addTag} disabled={disabled || !tagDraft.trim()}>
                  {t("case.props.add")}
                </Button>
              }
            />
          </div>
          {props.knownTags.length > 0 ? (
            <InlineStack gap="100">
              {props.knownTags
                .filter((k) => !props.tags.includes(k))
                .slice(0, 8)
                .map((k) => (
                  <Button key={k} size="micro" variant="tertiary" disabled={disabled} onClick={() => change({ intent: "addTag", tag: k })} accessibilityLabel={t("case.props.addTagNamed", { tag: k })}>
                    {`+ ${k}`}
                  </Button>
                ))}
            </InlineStack>
          ) : null}
        </BlockStack>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("case.props.snooze")}
          </Text>
          {props.snoozedUntil ? (
            <Text as="p" tone="subdued">
              {t("case.props.snoozedUntil", { date: formatDateTime(props.snoozedUntil, timeZone) })}
            </Text>
          ) : null}
          <TextField
            label={t("case.props.snoozeUntil", { zone: timeZone })}
            type="datetime-local"
            value={snooze}
            onChange={setSnooze}
            autoComplete="off"
            disabled={disabled}
            connectedRight={
              <Button disabled={disabled || !snooze} onClick={() => change({ intent: "snooze", until: snooze })}>
                {t("case.props.snoozeAction")}
              </Button>
            }
          />
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
