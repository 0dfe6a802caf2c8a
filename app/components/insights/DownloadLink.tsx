import { useState, type MouseEvent } from "react";
import { InlineStack, Link, Spinner, Text } from "@shopify/polaris";
import type { CsvReport } from "../../insights/report-types";
import { t, type MessageKey } from "../../i18n/en";

/** /app/insights/export/topics?from=…: the CSV of one report for the same query as the page. */
export function exportHref(report: CsvReport, search: string): string {
  const query = search.startsWith("?") ? search.slice(1) : search;
  return `/app/insights/export/${report}${query ? `?${query}` : ""}`;
}

/**
 * "Download CSV": a real link (it works in demo mode and opens in a new tab with a modifier key), which on a plain
 * click fetches the file instead, because inside Shopify admin App Bridge adds the session token to the app's own
 * fetch requests while a link navigation would carry none.
 */
export function DownloadLink({ report, search }: { report: CsvReport; search: string }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  const href = exportHref(report, search);
  const name = t(`insights.report.${report}` as MessageKey);

  async function download() {
    setState("loading");
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`download answered ${response.status}`);
      const disposition = response.headers.get("content-disposition") ?? "";
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `insights-${report}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      setState("idle");
    } catch {
      setState("failed");
    }
  }

  function onClickCapture(event: MouseEvent) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    if (state !== "loading") void download();
  }

  return (
    <InlineStack gap="200" blockAlign="center">
      {state === "failed" ? (
        <Text as="span" tone="critical" variant="bodySm">
          {t("insights.downloadFailed")}
        </Text>
      ) : null}
      {state === "loading" ? <Spinner size="small" accessibilityLabel={t("insights.downloading")} /> : null}
      <span onClickCapture={onClickCapture}>
        <Link url={href} removeUnderline accessibilityLabel={t("insights.downloadLabel", { report: name })}>
          {t("insights.download")}
        </Link>
      </span>
    </InlineStack>
  );
}
