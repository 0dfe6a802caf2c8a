// Thin wrappers over Polaris Viz for the dashboard: day keys shown as "Nov 3", counts without decimals. They draw
// SVG with browser APIs, so the dashboard loads this module lazily (lazy-charts.tsx) and renders it only in the
// browser (ChartCard's `chart`): Polaris Viz, d3 and react-spring stay out of the page's first download.
import type { ReactNode } from "react";
import { BarChart, LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import { formatCount, formatDay, formatRate } from "./format";

export type { DataSeries };

const dayLabel = (value: string | number | null) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value, false) : String(value ?? "");
const countLabel = (value: string | number | null) =>
  typeof value === "number" ? formatCount(value) : String(value ?? "");
const rateLabel = (value: string | number | null) =>
  typeof value === "number" ? formatRate(value) : String(value ?? "");

/** Straight segments: the default spline overshoots between days (a line of zeros dipping below the axis). */
const THEMES = { Light: { line: { hasSpline: false } } };
const Provider = ({ children }: { children: ReactNode }) => (
  <PolarisVizProvider themes={THEMES} defaultTheme="Light">
    {children}
  </PolarisVizProvider>
);

/** Series over the days of the period. */
export function DayLineChart({ data }: { data: DataSeries[] }) {
  return (
    <Provider>
      <LineChart
        data={data}
        isAnimated={false}
        xAxisOptions={{ labelFormatter: dayLabel }}
        yAxisOptions={{ labelFormatter: countLabel, integersOnly: true }}
        tooltipOptions={{ keyFormatter: dayLabel, valueFormatter: countLabel }}
      />
    </Provider>
  );
}

/** Bars per day, stacked (topics over time) or side by side. */
export function DayBarChart({ data, stacked = false }: { data: DataSeries[]; stacked?: boolean }) {
  return (
    <Provider>
      <BarChart
        data={data}
        type={stacked ? "stacked" : "default"}
        isAnimated={false}
        xAxisOptions={{ labelFormatter: dayLabel }}
        yAxisOptions={{ labelFormatter: countLabel, integersOnly: true }}
        tooltipOptions={{ keyFormatter: dayLabel, valueFormatter: countLabel }}
      />
    </Provider>
  );
}

/** Bars per category (score, kind, topic), counts or rates. */
export function CategoryBarChart({
  data,
  rates = false,
  horizontal = false,
}: {
  data: DataSeries[];
  rates?: boolean;
  horizontal?: boolean;
}) {
  const label = rates ? rateLabel : countLabel;
  return (
    <Provider>
      <BarChart
        data={data}
        direction={horizontal ? "horizontal" : "vertical"}
        isAnimated={false}
        showLegend={data.length > 1}
        xAxisOptions={horizontal ? { labelFormatter: label } : {}}
        yAxisOptions={horizontal ? {} : { labelFormatter: label, integersOnly: !rates }}
        tooltipOptions={{ valueFormatter: label }}
      />
    </Provider>
  );
}
