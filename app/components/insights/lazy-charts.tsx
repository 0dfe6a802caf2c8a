import { lazy, Suspense, type ComponentProps } from "react";
import { SkeletonBodyText } from "@shopify/polaris";
import type * as Charts from "./charts";

// The charts module (Polaris Viz) as its own chunk, fetched after hydration: ChartCard renders charts in the
// browser only, so the server never imports it and the page's first download stays small.
const load = () => import("./charts");
const LazyDayLine = lazy(() => load().then((m) => ({ default: m.DayLineChart })));
const LazyDayBar = lazy(() => load().then((m) => ({ default: m.DayBarChart })));
const LazyCategoryBar = lazy(() => load().then((m) => ({ default: m.CategoryBarChart })));

const fallback = <SkeletonBodyText lines={6} />;

export type DataSeries = Charts.DataSeries;

export function DayLineChart(props: ComponentProps<typeof Charts.DayLineChart>) {
  return (
    <Suspense fallback={fallback}>
      <LazyDayLine {...props} />
    </Suspense>
  );
}

export function DayBarChart(props: ComponentProps<typeof Charts.DayBarChart>) {
  return (
    <Suspense fallback={fallback}>
      <LazyDayBar {...props} />
    </Suspense>
  );
}

export function CategoryBarChart(props: ComponentProps<typeof Charts.CategoryBarChart>) {
  return (
    <Suspense fallback={fallback}>
      <LazyCategoryBar {...props} />
    </Suspense>
  );
}
