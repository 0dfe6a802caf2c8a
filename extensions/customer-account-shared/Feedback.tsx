import type { AppApiError } from "./api";
import type { Formatters } from "./i18n";
import { errorKey } from "./use-order";

export function Loading({ f }: { f: Formatters }) {
  return (
    <s-stack gap="small-200" accessibilityRole="status" accessibilityLabel={f.t("loading")}>
      <s-skeleton-paragraph />
      <s-skeleton-paragraph />
    </s-stack>
  );
}

export function ErrorBanner({ error, f, onRetry }: { error: AppApiError; f: Formatters; onRetry?: () => void }) {
  const retryable = error.status === 0 || error.status >= 500 || error.status === 429;
  const detailed = error.status === 400 || error.status === 403 || error.status === 409;
  return (
    <s-banner tone="critical" heading={f.t("errors.heading")}>
      <s-stack gap="small-200">
        <s-text>{f.t(errorKey(error))}</s-text>
        {/* The store's own words for a refused request (which item, what limit), when it gave them. */}
        {detailed && error.message ? <s-text color="subdued">{error.message}</s-text> : null}
        {retryable && onRetry ? (
          <s-button variant="secondary" onClick={onRetry}>
            {f.t("errors.retry")}
          </s-button>
        ) : null}
      </s-stack>
    </s-banner>
  );
}
