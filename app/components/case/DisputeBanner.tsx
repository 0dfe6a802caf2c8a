import { Banner, BlockStack, Text } from "@shopify/polaris";
import type { DisputeView } from "../../disputes/case-disputes.server";
import { disputeReasonLabel } from "../../disputes/dispute-text";
import { t } from "../../i18n/en";
import { EvidencePackButton } from "./EvidencePackButton";
import { formatDateTime, formatMoney } from "./format";

type Tone = "critical" | "warning" | "info" | "success";

/** Red when evidence is overdue or due within three days, amber while a response is needed, calm once answered. */
function toneOf(d: DisputeView): Tone {
  if (d.status === "NEEDS_RESPONSE") return d.due && (d.due.overdue || d.due.daysLeft < 3) ? "critical" : "warning";
  if (d.status === "WON" || d.status === "PREVENTED") return "success";
  return d.status === "LOST" ? "warning" : "info";
}

function dueText(d: DisputeView, timeZone: string): string | null {
  if (!d.evidenceDueBy || !d.due) return null;
  const relative = d.due.overdue
    ? t("dispute.banner.overdue")
    : d.due.daysLeft === 0
      ? t("dispute.banner.dueToday")
      : d.due.daysLeft === 1
        ? t("dispute.banner.dueInOneDay")
        : t("dispute.banner.dueInDays", { days: d.due.daysLeft });
  return t("dispute.banner.evidenceDue", { at: formatDateTime(d.evidenceDueBy, timeZone), relative });
}

/**
 * The disputes (chargebacks, inquiries) of the case, one banner each: the reason in plain words, the amount, the
 * status and when evidence is due, with the order's evidence pack to open or download. Read-only: the store
 * responds in Shopify admin, and nothing here moves money.
 */
export function DisputeBanner({ disputes, timeZone }: { disputes: DisputeView[]; timeZone: string }) {
  if (disputes.length === 0) return null;
  return (
    <BlockStack gap="200">
      {disputes.map((d) => {
        const kind = t(`dispute.kind.${d.kind}`);
        const due = dueText(d, timeZone);
        return (
          <Banner
            key={d.id}
            tone={toneOf(d)}
            title={t("dispute.banner.title", { kind, order: d.order?.name ?? "—", reason: disputeReasonLabel(d.reason) })}
          >
            <BlockStack gap="100">
              <Text as="p">
                {t("dispute.banner.amount", { amount: formatMoney(d.amount, d.currencyCode) })} · {t("dispute.banner.status", { status: t(`dispute.status.${d.status}`) })}
              </Text>
              {due ? (
                <Text as="p" fontWeight="semibold" tone={d.due?.overdue ? "critical" : undefined}>
                  {due}
                </Text>
              ) : null}
              {d.evidenceSentOn ? <Text as="p">{t("dispute.banner.evidenceSent", { at: formatDateTime(d.evidenceSentOn, timeZone) })}</Text> : null}
              {d.finalizedOn ? <Text as="p">{t("dispute.banner.finalized", { at: formatDateTime(d.finalizedOn, timeZone) })}</Text> : null}
              {d.order ? <EvidencePackButton orderId={d.order.id} orderName={d.order.name} /> : <Text as="p">{t("dispute.banner.orderUnknown")}</Text>}
              <Text as="p" tone="subdued" variant="bodySm">
                {t("dispute.banner.respondInShopify")}
              </Text>
            </BlockStack>
          </Banner>
        );
      })}
    </BlockStack>
  );
}
