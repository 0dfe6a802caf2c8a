import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { t } from "../i18n/en";

/** A route's ErrorBoundary: the page title and a Banner with the error's own message, never a stack trace. */
export function RouteErrorPage({ title }: { title: string }) {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "object" && error.data?.error?.message
      ? String(error.data.error.message)
      : error.statusText
    : t("error.retry");
  return (
    <Page title={title}>
      <Banner tone="critical" title={t("error.title")}>
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
