import { useState } from "react";
import { ButtonGroup, Button, Text, BlockStack } from "@shopify/polaris";
import { t } from "../../i18n/en";

/**
 * "Evidence pack" for an order: opens the printable dispute evidence document in a new tab, or downloads it.
 * Fetched (not a plain link) because inside Shopify admin App Bridge adds the session token to the app's own
 * fetch requests, and a link navigation would carry none — the same way the privacy export is downloaded.
 */
export function EvidencePackButton({ orderId, orderName }: { orderId: string; orderName: string }) {
  const [busy, setBusy] = useState<"open" | "download" | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function run(mode: "open" | "download") {
    setBusy(mode);
    setMessage(null);
    // Opened now, inside the click, so the browser does not treat it as an unasked-for popup.
    const tab = mode === "open" ? window.open("", "_blank") : null;
    try {
      const url = `/app/orders/${encodeURIComponent(orderId)}/evidence${mode === "download" ? "?download=1" : ""}`;
      const response = await fetch(url);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? "");
      }
      const blob = new Blob([await response.text()], { type: "text/html" });
      const href = URL.createObjectURL(blob);
      if (tab) {
        tab.location.href = href;
      } else {
        const disposition = response.headers.get("content-disposition") ?? "";
        const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `evidence-${orderName.replace(/[^A-Za-z0-9._-]+/g, "")}.html`;
        const link = document.createElement("a");
        link.href = href;
        link.download = filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
        if (mode === "open") setMessage(t("evidence.popupBlocked"));
      }
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch (error) {
      tab?.close();
      const text = error instanceof Error && error.message ? t("evidence.failed", { message: error.message }) : t("evidence.failedUnknown");
      setMessage(text);
    } finally {
      setBusy(null);
    }
  }

  return (
    <BlockStack gap="100">
      <ButtonGroup>
        <Button size="slim" loading={busy === "open"} onClick={() => void run("open")} accessibilityLabel={t("evidence.buttonLabel", { name: orderName })}>
          {t("evidence.button")}
        </Button>
        <Button size="slim" variant="plain" loading={busy === "download"} onClick={() => void run("download")} accessibilityLabel={t("evidence.downloadLabel", { name: orderName })}>
          {t("evidence.download")}
        </Button>
      </ButtonGroup>
      {message ? (
        <Text as="p" tone="subdued">
          {message}
        </Text>
      ) : null}
    </BlockStack>
  );
}
