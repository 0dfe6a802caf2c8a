import type { ComponentProps, ReactNode } from "react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { t } from "../../i18n/en";
import type { Notice } from "./use-settings-action";

/**
 * A settings section's page: back to Settings, a read-only Banner for agents (who can look but not change),
 * and the latest save's outcome.
 */
export function SettingsPage({
  title,
  subtitle,
  readOnlyReason,
  notice,
  onDismissNotice,
  primaryAction,
  children,
}: {
  title: string;
  subtitle?: string;
  readOnlyReason: string | null;
  notice?: Notice | null;
  onDismissNotice?: () => void;
  primaryAction?: ComponentProps<typeof Page>["primaryAction"];
  children: ReactNode;
}) {
  return (
    <Page
      title={title}
      subtitle={subtitle}
      backAction={{ content: t("settings.title"), url: "/app/settings" }}
      primaryAction={primaryAction}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {readOnlyReason ? (
              <Banner tone="info" title={t("settings.readOnly.title")}>
                <p>{readOnlyReason}</p>
              </Banner>
            ) : null}
            {notice ? (
              <Banner
                tone={notice.tone}
                title={notice.tone === "critical" ? t("settings.saveFailed") : undefined}
                onDismiss={onDismissNotice}
              >
                <p>{notice.message}</p>
              </Banner>
            ) : null}
            {children}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
