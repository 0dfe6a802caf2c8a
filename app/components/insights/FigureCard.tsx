import type { ReactNode } from "react";
import { BlockStack, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { t } from "../../i18n/en";
import { changeOf, type Better, type FigureKind } from "./format";
import { CardHeading } from "./ChartCard";

export interface FigureProps {
  label: string;
  /** The figure as shown ("2 h 15 min", "12.5%"). */
  value: string;
  /** Raw values for the change vs the previous period (omit both for a figure without a comparison). */
  current?: number | null;
  previous?: number | null;
  /** The previous figure as shown, for the "vs …" line. */
  previousText?: string;
  kind?: FigureKind;
  better?: Better;
  /** A line under the figure ("over 40 cases"). */
  note?: ReactNode;
}

/** The change vs the previous period: ↑/↓ and its size, green when better, red when worse, grey when neutral. */
export function ChangeText({
  current,
  previous,
  kind = "count",
  better = "neutral",
  previousText,
}: Omit<FigureProps, "label" | "value">) {
  if (current === undefined && previous === undefined) return null;
  const change = changeOf(current ?? null, previous ?? null, kind, better);
  if (!change) {
    return (
      <Text as="p" variant="bodySm" tone="subdued">
        {t("insights.noPrevious")}
      </Text>
    );
  }
  const vs = previousText ? ` ${t("insights.change.vsPrevious", { previous: previousText })}` : "";
  if (change.direction === "same") {
    return (
      <Text as="p" variant="bodySm" tone="subdued">
        {t("insights.change.same")}
        {vs}
      </Text>
    );
  }
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      <Text as="span" variant="bodySm" fontWeight="semibold" tone={change.tone}>
        {t(change.direction === "up" ? "insights.change.up" : "insights.change.down", { change: change.text })}
        {change.judgement ? (
          <Text as="span" visuallyHidden>
            {` (${change.judgement})`}
          </Text>
        ) : null}
      </Text>
      {vs}
    </Text>
  );
}

/** One headline figure with its change vs the previous period. */
export function Figure(props: FigureProps) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="bodySm" tone="subdued">
        {props.label}
      </Text>
      <InlineStack gap="200" blockAlign="baseline">
        <Text as="p" variant="headingLg">
          {props.value}
        </Text>
      </InlineStack>
      <ChangeText {...props} />
      {props.note ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {props.note}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** A card of headline figures in a grid. */
export function FigureCard({
  title,
  help,
  action,
  children,
}: {
  title: string;
  help?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="400">
        <CardHeading title={title} help={help} action={action} />
        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          {children}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
