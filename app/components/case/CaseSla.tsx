import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import type { CaseSlaView, SlaTargetState } from "../../insights/sla.server";
import { t } from "../../i18n/en";
import { formatDateTime } from "./format";

type Tone = "critical" | "warning" | "success" | "info" | undefined;
const TONES: Record<SlaTargetState, Tone> = { breached: "critical", atRisk: "warning", met: "success", paused: "info", ok: undefined, none: undefined };

/** The case's first-response and resolution due times, each with its badge (met, breached, at risk, paused). */
export function CaseSla({ sla, timeZone }: { sla: CaseSlaView; timeZone: string }) {
  const rows = [
    { key: "firstResponse", label: t("case.sla.firstResponse"), target: sla.firstResponse },
    { key: "resolution", label: t("case.sla.resolution"), target: sla.resolution },
  ] as const;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("case.sla.heading")}
      </Text>
      {rows.map(({ key, label, target }) => (
        <InlineStack key={key} gap="200" align="space-between" blockAlign="center" wrap={false}>
          <BlockStack gap="050">
            <Text as="span">{label}</Text>
            <Text as="span" tone="subdued" variant="bodySm">
              {target.dueAt ? t("case.sla.due", { at: formatDateTime(target.dueAt, timeZone) }) : t("case.sla.noTarget")}
            </Text>
          </BlockStack>
          {target.state !== "none" && target.state !== "ok" ? <Badge tone={TONES[target.state]}>{t(`case.sla.state.${target.state}`)}</Badge> : null}
        </InlineStack>
      ))}
      {sla.external ? (
        <InlineStack gap="200" align="space-between" blockAlign="center" wrap={false}>
          <BlockStack gap="050">
            <Text as="span">{t("dispute.sla.external")}</Text>
            <Text as="span" tone="subdued" variant="bodySm">
              {t("dispute.sla.evidenceDue", { at: formatDateTime(sla.external.dueAt, timeZone) })}
            </Text>
          </BlockStack>
          {sla.external.state !== "none" && sla.external.state !== "ok" ? <Badge tone={TONES[sla.external.state]}>{t(`case.sla.state.${sla.external.state}`)}</Badge> : null}
        </InlineStack>
      ) : null}
      {sla.pausedAt ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {t("case.sla.pausedSince", { at: formatDateTime(sla.pausedAt, timeZone) })}
        </Text>
      ) : null}
    </BlockStack>
  );
}
