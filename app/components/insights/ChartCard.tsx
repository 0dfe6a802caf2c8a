import { startTransition, useEffect, useId, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { BlockStack, Box, Button, Card, DataTable, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import { t } from "../../i18n/en";

/** Hidden on screen, read by screen readers (what Polaris' visually-hidden text does). */
const VISUALLY_HIDDEN: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};

export interface ChartTable {
  headings: string[];
  rows: (string | number)[][];
  /** Which columns hold numbers (right-aligned); the first column is text by default. */
  numeric?: boolean[];
}

/** An insights card's heading: title, the card's action (its CSV link) and an optional explanation. */
export function CardHeading({ title, help, action }: { title: string; help?: string; action?: ReactNode }) {
  return (
    <>
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {action}
      </InlineStack>
      {help ? (
        <Text as="p" tone="subdued">
          {help}
        </Text>
      ) : null}
    </>
  );
}

export function DataTableOf({ table, label }: { table: ChartTable; label?: string }) {
  const types = table.headings.map((_, i) =>
    table.numeric ? (table.numeric[i] ? "numeric" : "text") : i === 0 ? "text" : "numeric"
  );
  const wrapper = useRef<HTMLDivElement>(null);
  // Polaris' DataTable scrolls sideways on narrow screens in a box keyboard users cannot reach: make it a
  // focusable, named region (WCAG 2.1.1; axe "scrollable-region-focusable").
  useEffect(() => {
    for (const box of wrapper.current?.querySelectorAll<HTMLElement>(".Polaris-DataTable__ScrollContainer") ?? []) {
      // Only a box on screen that really scrolls takes focus (a visually hidden table must not).
      if (box.offsetWidth <= 1) {
        // A table only for screen readers (inside the 1-px visually hidden box) has nothing to scroll.
        box.style.overflowX = "visible";
      } else if (box.scrollWidth > box.clientWidth) {
        box.style.overflowX = "";
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        if (label) box.setAttribute("aria-label", label);
      } else {
        box.style.overflowX = "";
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  });
  return (
    <div ref={wrapper}>
      <DataTable columnContentTypes={types} headings={table.headings} rows={table.rows} />
    </div>
  );
}

/**
 * The chart's box, its height reserved from the server render on (nothing moves when the chart appears). The
 * chart is drawn in the browser only, and only once its box comes near the viewport, as a transition: the
 * dashboard's many Polaris Viz charts do not all mount in one long task after hydration or after each filter
 * change (a key press on a filter waited behind them), only those on screen.
 */
function ChartBox({ height, children }: { height: number; children: () => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element || near) return;
    if (typeof IntersectionObserver === "undefined") {
      startTransition(() => setNear(true));
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          startTransition(() => setNear(true));
        }
      },
      { rootMargin: "200px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return (
    // inert: hidden from screen readers (the table below carries the figures) and nothing inside is focusable.
    <div ref={box} {...{ inert: "" }} style={{ height }}>
      {near ? children() : <SkeletonBodyText lines={6} />}
    </div>
  );
}

/**
 * A card with a chart and the same figures as a table: the table is always in the page for screen readers (the
 * chart itself is hidden from them), and a button shows it on screen. The chart is drawn in the browser only.
 * `empty` replaces chart and table with a sentence that says why there is nothing and what fills it.
 */
export function ChartCard({
  title,
  help,
  action,
  chart,
  table,
  empty,
  children,
  chartHeight = 260,
}: {
  title: string;
  help?: string;
  action?: ReactNode;
  chart?: () => ReactNode;
  table: ChartTable;
  empty?: string | null;
  children?: ReactNode;
  chartHeight?: number;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <Card>
      <BlockStack gap="400">
        <CardHeading title={title} help={help} action={action} />
        {empty ? (
          <Box paddingBlock="400">
            <Text as="p" tone="subdued" alignment="center">
              {empty}
            </Text>
          </Box>
        ) : (
          <>
            {children}
            {chart ? (
              // Polaris Viz never draws a chart shorter than 200 px: a shorter box would let it spill over what follows.
              // inert: hidden from screen readers (the table below carries the figures) and nothing inside is focusable.
              // Polaris Viz never draws a chart shorter than 200 px: a shorter box would let it spill over what follows.
              <ChartBox height={Math.max(chartHeight, 200)}>{chart}</ChartBox>
            ) : null}
            {chart ? (
              <InlineStack align="end">
                <Button
                  variant="plain"
                  onClick={() => setShowTable((v) => !v)}
                  ariaExpanded={showTable}
                  ariaControls={tableId}
                >
                  {showTable ? t("insights.hideTable") : t("insights.showTable")}
                </Button>
              </InlineStack>
            ) : null}
            <div id={tableId} style={chart && !showTable ? VISUALLY_HIDDEN : undefined}>
              {chart ? (
                <Text as="p" visuallyHidden>
                  {t("insights.chartOf", { title })}
                </Text>
              ) : null}
              <DataTableOf table={table} label={title} />
            </div>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
