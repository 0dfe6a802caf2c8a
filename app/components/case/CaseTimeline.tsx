import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Icon, InlineStack, Text, Tooltip } from "@shopify/polaris";
import {
  CashDollarIcon,
  CheckCircleIcon,
  AlertTriangleIcon,
  ClockIcon,
  DeliveryIcon,
  EmailIcon,
  InfoIcon,
  MergeIcon,
  OrderIcon,
  PackageIcon,
  PersonIcon,
  ReturnIcon,
  XCircleIcon,
} from "@shopify/polaris-icons";
import type { TimelineItem } from "../../cases/case-detail.server";
import { t } from "../../i18n/en";
import { formatDate, formatDateTime, formatMoney, humanise } from "./format";
import { MessageBody } from "./MessageBody";
import { disputeReasonLabel } from "../../disputes/dispute-text";
import { Row, Stack } from "../layout";

type MessageView = Extract<TimelineItem, { kind: "message" }>;
type EventView = Extract<TimelineItem, { kind: "event" }>;

export function CaseTimeline({
  items,
  timeZone,
  earlierHref,
  onSplit,
  canSplit,
  onRetry,
  retryingId,
  renderMessageExtras,
}: {
  items: TimelineItem[];
  timeZone: string;
  earlierHref: string | null;
  onSplit: (messageId: string) => void;
  canSplit: boolean;
  /** Sends a reply that could not be sent again ("retry-send"). */
  onRetry?: (messageId: string) => void;
  retryingId?: string | null;
  /** Something to show under a message (e.g. its feedback tags and the "Tag as feedback" action). */
  renderMessageExtras?: (message: MessageView) => ReactNode;
}) {
  return (
    <BlockStack gap="300">
      {earlierHref ? (
        <InlineStack align="center">
          <Link to={earlierHref} preventScrollReset>
            {t("case.timeline.earlier")}
          </Link>
        </InlineStack>
      ) : null}
      {items.length === 0 ? (
        <Card>
          <Text as="p" tone="subdued">
            {t("case.timeline.empty")}
          </Text>
        </Card>
      ) : null}
      <ol aria-label={t("case.timeline.label")} style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: "var(--p-space-300)" }}>
        {items.map((item) => (
          <li key={item.id}>
            {item.kind === "message" ? (
              <MessageCard message={item} timeZone={timeZone} onSplit={canSplit ? onSplit : null} onRetry={onRetry ?? null} retrying={retryingId === item.id} extras={renderMessageExtras?.(item)} />
            ) : (
              <EventRow event={item} timeZone={timeZone} />
            )}
          </li>
        ))}
      </ol>
    </BlockStack>
  );
}

const DELIVERY_TONE = { QUEUED: "attention", SENT: "success", FAILED: "critical", RECEIVED: undefined, NOT_SENT: undefined } as const;

function MessageCard({
  message,
  timeZone,
  onSplit,
  onRetry,
  retrying,
  extras,
}: {
  message: MessageView;
  timeZone: string;
  onSplit: ((id: string) => void) | null;
  onRetry: ((id: string) => void) | null;
  retrying: boolean;
  extras?: ReactNode;
}) {
  const note = message.direction === "NOTE";
  const outbound = message.direction === "OUTBOUND";
  const author = message.authorName ?? message.authorEmail ?? t(message.authorType === "CUSTOMER" ? "case.author.customer" : "case.author.staff");
  const label = t(note ? "case.message.note" : outbound ? "case.message.reply" : "case.message.inbound");
  return (
    <Box
      as="section"
      padding="400"
      borderRadius="300"
      borderWidth="025"
      borderColor={note ? "border-caution" : outbound ? "border-info" : "border"}
      background={note ? "bg-surface-caution" : outbound ? "bg-surface-info" : "bg-surface"}
      shadow={note ? undefined : "100"}
    >
      <Stack gap="200">
        <Row align="space-between" blockAlign="start" gap="200" wrap={false}>
          <Row gap="200" blockAlign="center">
            <Icon source={note ? InfoIcon : outbound ? EmailIcon : PersonIcon} tone={note ? "caution" : "base"} />
            <Text as="h3" variant="headingSm">
              {author}
            </Text>
            <Badge tone={note ? "warning" : outbound ? "info" : undefined}>{label}</Badge>
            {message.unverifiedSender ? (
              <Tooltip content={t("case.message.unverifiedHelp")}>
                <Badge tone="warning">{t("case.message.unverified")}</Badge>
              </Tooltip>
            ) : null}
            {outbound && DELIVERY_TONE[message.deliveryStatus] ? (
              <Badge tone={DELIVERY_TONE[message.deliveryStatus]}>{t(`case.delivery.${message.deliveryStatus}`)}</Badge>
            ) : null}
          </Row>
          <Row gap="200" blockAlign="center" wrap={false}>
            <Text as="span" tone="subdued" variant="bodySm">
              <time dateTime={message.at}>{formatDateTime(message.at, timeZone)}</time>
            </Text>
            {onSplit ? (
              <Button variant="plain" size="slim" onClick={() => onSplit(message.id)} accessibilityLabel={t("case.split.label", { author, at: formatDateTime(message.at, timeZone) })}>
                {t("case.split.action")}
              </Button>
            ) : null}
          </Row>
        </Row>
        {message.authorEmail && message.authorType === "CUSTOMER" ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {message.authorEmail} · {t(`case.channel.${message.channel}`)}
          </Text>
        ) : null}
        {message.unverifiedSender ? (
          <Text as="p" tone="caution" variant="bodySm">
            {t("case.message.unverifiedHelp")}
          </Text>
        ) : null}
        <MessageBody html={message.html} htmlWithRemoteImages={message.htmlWithRemoteImages} text={message.text} />
        {extras ?? null}
        {message.attachments.length > 0 ? (
          <Row gap="200">
            {message.attachments.map((a) => (
              <Badge key={a.id}>{`${a.filename} (${Math.max(1, Math.round(a.size / 1024))} KB)`}</Badge>
            ))}
          </Row>
        ) : null}
        {outbound && message.deliveryStatus === "QUEUED" && message.deliveryError ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {message.deliveryError}
          </Text>
        ) : null}
        {outbound && message.deliveryStatus === "FAILED" ? (
          <Row gap="200" blockAlign="center">
            <Text as="p" tone="critical" variant="bodySm">
              {t("email.timeline.notSent", { reason: message.deliveryError ?? t("email.timeline.noReason") })}
            </Text>
            {onRetry ? (
              <Button size="slim" loading={retrying} onClick={() => onRetry(message.id)} accessibilityLabel={t("email.timeline.retryLabel", { at: formatDateTime(message.at, timeZone) })}>
                {t("email.timeline.retry")}
              </Button>
            ) : null}
          </Row>
        ) : null}
      </Stack>
    </Box>
  );
}

const str = (data: Record<string, unknown>, key: string): string => (typeof data[key] === "string" ? (data[key] as string) : "");

const EVENT_ICON: Record<string, typeof OrderIcon> = {
  order_created: OrderIcon,
  order_cancelled: XCircleIcon,
  order_shipped: PackageIcon,
  in_transit: DeliveryIcon,
  out_for_delivery: DeliveryIcon,
  delivered: CheckCircleIcon,
  delivery_failed: AlertTriangleIcon,
  delivery_attempted: AlertTriangleIcon,
  delayed: ClockIcon,
  refund_issued: CashDollarIcon,
  refund_created: CashDollarIcon,
  order_cancel_requested: AlertTriangleIcon,
  return_requested: ReturnIcon,
  return_approved: ReturnIcon,
  return_declined: ReturnIcon,
  return_processed: ReturnIcon,
  return_closed: ReturnIcon,
  return_cancelled: ReturnIcon,
  return_reopened: ReturnIcon,
  merged: MergeIcon,
  merged_into: MergeIcon,
  split_from: MergeIcon,
  split_to: MergeIcon,
  tracking_resent: EmailIcon,
  snoozed: ClockIcon,
};

const EVENT_TONE: Record<string, "success" | "critical" | "caution" | undefined> = {
  delivered: "success",
  delivery_failed: "critical",
  delivery_attempted: "caution",
  delayed: "caution",
  order_cancelled: "critical",
};

/** The sentence for a timeline event. Unknown types still read as something. */
export function describeEvent(event: EventView, timeZone: string): string {
  const d = event.data;
  const order = event.orderName ?? str(d, "orderName");
  const actor = event.staffName ?? t(event.actorType === "SYSTEM" ? "case.actor.system" : event.actorType === "CUSTOMER" ? "case.actor.customer" : event.actorType === "SHOPIFY" ? "case.actor.shopify" : "case.actor.staff");
  const status = (key: string) => (str(d, key) ? t(`case.status.${str(d, key)}` as never) : "");
  switch (event.type) {
    case "order_created":
      return t("case.event.order_created", { order, amount: formatMoney(str(d, "totalPrice"), str(d, "currency")) });
    case "order_cancelled":
      return t("case.event.order_cancelled", { order }) + (str(d, "reason") ? ` (${humanise(str(d, "reason"))})` : "");
    case "order_shipped":
      return t("case.event.order_shipped", { order, carrier: str(d, "carrier") || t("case.event.carrierUnknown") });
    case "in_transit":
    case "out_for_delivery":
    case "delivered":
    case "delivery_failed":
    case "delivery_attempted":
    case "delayed": {
      const base = t(`case.event.${event.type}`, { order, carrier: str(d, "carrier") || t("case.event.carrierUnknown") });
      const where = [str(d, "city"), str(d, "country")].filter(Boolean).join(", ");
      const eta = str(d, "estimatedDeliveryAt");
      return [base, str(d, "message"), where, eta && event.type !== "delivered" ? t("case.event.eta", { date: formatDate(eta, timeZone) }) : ""]
        .filter(Boolean)
        .join(" · ");
    }
    case "refund_created":
      return (
        t("case.event.refund_created", { actor, order, amount: formatMoney(str(d, "amount"), str(d, "currency")) }) +
        (str(d, "note") ? ` · ${str(d, "note")}` : "")
      );
    case "order_cancel_requested":
      return t("case.event.order_cancel_requested", { actor, order }) + (str(d, "reason") ? ` (${humanise(str(d, "reason"))})` : "");
    case "refund_issued":
      return t("case.event.refund_issued", { order, amount: formatMoney(str(d, "amount"), str(d, "currency")) }) + (str(d, "note") ? ` · ${str(d, "note")}` : "");
    case "return_requested":
    case "return_approved":
    case "return_declined":
    case "return_processed":
    case "return_closed":
    case "return_cancelled":
    case "return_reopened":
      return (
        t(`case.event.${event.type}`, { order, name: str(d, "returnName") || t("case.event.returnUnnamed") }) +
        (str(d, "declineReason") || str(d, "reason") ? ` · ${humanise(str(d, "declineReason") || str(d, "reason"))}` : "") +
        (event.staffName ? ` · ${t("case.event.byStaff", { actor: event.staffName })}` : "")
      );
    case "billing_attempt_failed":
      return t("case.event.billing_attempt_failed", { reason: str(d, "reason") || str(d, "errorMessage") || humanise(str(d, "errorCode") || "FAILED") });
    case "payment_method_update_sent":
      return t("case.event.payment_method_update_sent", { actor });
    // The recipient is always the order's (or customer's) own address: it is never repeated here.
    case "receipt_sent": {
      const receiptOrder = order || str(d, "order") || "—";
      const source = str(d, "source");
      return event.actorType === "CUSTOMER" && (source === "storefront" || source === "customer_account")
        ? t("case.event.receipt_requested", { order: receiptOrder, source: t(`case.event.receipt_source.${source}`) })
        : t("case.event.receipt_sent", { actor, order: receiptOrder });
    }
    case "nps_survey_sent":
      return t("case.event.nps_survey_sent", { period: str(d, "period") || "—" });
    case "status_changed": {
      const until = str(d, "snoozedUntil");
      return t("case.event.status_changed", { actor, from: status("from") || "—", to: status("to") }) + (until ? ` · ${t("case.event.until", { date: formatDateTime(until, timeZone) })}` : "");
    }
    case "assigned":
      return str(d, "toName") || d.to ? t("case.event.assigned", { actor, to: str(d, "toName") || t("case.event.someone") }) : t("case.event.unassigned", { actor });
    case "merged":
      return t("case.event.merged", { actor, number: String(d.fromNumber ?? "") });
    case "merged_into":
      return t("case.event.merged_into", { actor, number: String(d.intoNumber ?? "") });
    case "split_from":
      return t("case.event.split_from", { actor, number: String(d.fromNumber ?? "") });
    case "split_to":
      return t("case.event.split_to", { actor, number: String(d.toNumber ?? "") });
    case "tracking_resent":
      return t("case.event.tracking_resent", { actor, order });
    case "snoozed":
      return t("case.event.snoozed", { actor, date: str(d, "until") ? formatDateTime(str(d, "until"), timeZone) : "—" });
    case "snooze_ended":
      return t("case.event.snooze_ended");
    case "automatic_update_sent":
      return t("case.event.automatic_update_sent", { order });
    case "automatic_acknowledgement_sent":
      return t("case.event.automatic_acknowledgement_sent");
    case "automatic_answer_sent":
      return t("case.event.automatic_answer_sent");
    case "dispute_opened":
    case "dispute_updated":
    case "dispute_won":
    case "dispute_lost": {
      const kind = str(d, "kind") === "INQUIRY" ? t("dispute.kind.INQUIRY") : t("dispute.kind.CHARGEBACK");
      const values = { kind, order, reason: disputeReasonLabel(str(d, "reason")), amount: formatMoney(str(d, "amount"), str(d, "currency")) };
      if (event.type === "dispute_opened") return t("dispute.event.opened", values);
      if (event.type === "dispute_won") return t("dispute.event.won", values);
      if (event.type === "dispute_lost") return t("dispute.event.lost", values);
      const status = str(d, "status");
      return t("dispute.event.updated", { ...values, status: status ? t(`dispute.status.${status}` as never) : "—" });
    }
    case "customer_needs_help":
      return t("case.event.customer_needs_help");
    case "first_order_care_sent":
      return t("case.event.first_order_care_sent", { order, to: str(d, "to") || t("case.event.someone") });
    case "survey_sent":
      return t("case.event.survey_sent", { to: str(d, "to") || t("case.event.someone") });
    case "survey_answered":
      return t("case.event.survey_answered", { score: String(d.score ?? "—") });
    case "priority_changed":
      return t("case.event.priority_changed", { actor, to: str(d, "to") ? t(`case.priority.${str(d, "to")}` as never) : "—" });
    case "topic_changed":
      return t("case.event.topic_changed", { actor, to: str(d, "to") ? t(`topic.${str(d, "to")}` as never) : "—" });
    case "classified": {
      const values = { topic: str(d, "topic") ? t(`topic.${str(d, "topic")}` as never) : "—", confidence: Math.round(Number(d.confidence ?? 0) * 100) };
      const signals = Array.isArray(d.signals) ? (d.signals as string[]) : [];
      return [
        t(d.applied === false ? "case.event.classifiedKept" : "case.event.classified", values),
        d.urgent === true ? t("case.event.classifiedUrgent") : "",
        str(d, "priorityTo") ? t("case.event.classifiedPriority", { to: t(`case.priority.${str(d, "priorityTo")}` as never) }) : "",
        signals.length ? t("case.event.classifiedSignals", { signals: signals.join(", ") }) : "",
      ]
        .filter(Boolean)
        .join(" · ");
    }
    case "tags_changed": {
      const from = Array.isArray(d.from) ? (d.from as string[]) : [];
      const to = Array.isArray(d.to) ? (d.to as string[]) : [];
      const added = to.filter((x) => !from.includes(x));
      const removed = from.filter((x) => !to.includes(x));
      return [
        added.length ? t("case.event.tags_added", { actor, tags: added.join(", ") }) : "",
        removed.length ? t("case.event.tags_removed", { actor, tags: removed.join(", ") }) : "",
      ]
        .filter(Boolean)
        .join(" · ");
    }
    default: {
      const detail = str(d, "to") ? ` → ${humanise(str(d, "to"))}` : "";
      return `${actor}: ${humanise(event.type)}${detail}`;
    }
  }
}

function EventRow({ event, timeZone }: { event: EventView; timeZone: string }) {
  const d = event.data;
  const trackingUrl = str(d, "trackingUrl");
  const showTracking = ["order_shipped", "in_transit", "out_for_delivery", "delayed", "delivery_failed", "delivery_attempted", "tracking_resent"].includes(event.type);
  const linkCase = (key: string, numberKey: string) =>
    str(d, key) ? (
      <Link to={`/app/cases/${str(d, key)}`}>{t("case.event.openCase", { number: String(d[numberKey] ?? "") })}</Link>
    ) : null;
  return (
    <div className="cf-timeline-event">
      <Row gap="200" blockAlign="center" wrap={false}>
        <span aria-hidden="true">
          <Icon source={EVENT_ICON[event.type] ?? StatusIconFallback} tone={EVENT_TONE[event.type] ?? "subdued"} />
        </span>
        <Stack gap="050">
          <Text as="p" variant="bodySm">
            {describeEvent(event, timeZone)}
            {showTracking && (trackingUrl || str(d, "trackingNumber")) ? (
              <>
                {" · "}
                {trackingUrl ? (
                  <a href={trackingUrl} target="_blank" rel="noopener noreferrer nofollow">
                    {str(d, "trackingNumber") || t("case.order.trackingLink")}
                  </a>
                ) : (
                  str(d, "trackingNumber")
                )}
              </>
            ) : null}{" "}
            {linkCase("fromCaseId", "fromNumber") ?? linkCase("intoCaseId", "intoNumber") ?? linkCase("toCaseId", "toNumber")}
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            <time dateTime={event.at}>{formatDateTime(event.at, timeZone)}</time>
          </Text>
        </Stack>
      </Row>
    </div>
  );
}

const StatusIconFallback = ClockIcon;
