// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it, vi } from "vitest";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { ChartCard } from "../../app/components/insights/ChartCard";
import { CategoryBarChart, DayBarChart, DayLineChart } from "../../app/components/insights/charts";

// jsdom has no layout: matchMedia (Polaris reads breakpoints when its modules load) and a ResizeObserver that
// reports a 600 × 260 chart area, as a browser would.
vi.hoisted(() => {
  window.ResizeObserver = class {
    constructor(private callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.callback(
        [{ target, contentRect: { width: 600, height: 260 } } as unknown as ResizeObserverEntry],
        this as unknown as ResizeObserver
      );
    }
    unobserve() {}
    disconnect() {}
  };
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const days = ["2026-11-01", "2026-11-02", "2026-11-03"];

async function mount(chart: () => React.ReactNode) {
  const container = document.createElement("div");
  container.style.width = "600px";
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <AppProvider i18n={polarisEn}>
        <ChartCard
          title="Volume over time"
          chart={chart}
          table={{ headings: ["Day", "Created"], rows: days.map((d, i) => [d, i]) }}
        />
      </AppProvider>
    );
  });
  await act(async () => new Promise((r) => setTimeout(r, 50)));
  return { container, unmount: () => act(async () => root.unmount()) };
}

describe("insights charts in the browser", () => {
  it("draws line, stacked bar and category charts after hydration", async () => {
    const series = [
      { name: "Created", data: days.map((day, i) => ({ key: day, value: i + 1 })) },
      { name: "Resolved", data: days.map((day, i) => ({ key: day, value: i })) },
    ];
    for (const [chart, labels] of [
      [() => <DayLineChart data={series} />, ["Nov 2", "Created", "Resolved"]],
      [() => <DayBarChart data={series} stacked />, ["Nov 3", "Created", "Resolved"]],
      [
        () => (
          <CategoryBarChart rates horizontal data={[{ name: "Rate", data: [{ key: "Order lookups", value: 0.8 }] }]} />
        ),
        ["Order lookups", "80%"],
      ],
    ] as const) {
      const { container, unmount } = await mount(chart);
      expect(container.querySelector("svg"), container.innerHTML.slice(0, 500)).not.toBeNull();
      expect(container.textContent).not.toContain("Could not load the chart");
      // Drawn by Polaris Viz (its error text otherwise), with the dashboard's day and rate labels.
      // The chart's box is inert: out of the accessibility tree and the tab order (the table carries the figures).
      const drawn = container.querySelector("[inert]")!;
      expect(drawn.querySelectorAll("path, rect").length).toBeGreaterThan(2);
      for (const label of labels) expect(drawn.textContent).toContain(label);
      // The data table is in the page for screen readers.
      expect(container.textContent).toContain("2026-11-02");
      await unmount();
    }
  });
});
