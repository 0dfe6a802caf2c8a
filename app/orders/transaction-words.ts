import { en, t, type MessageKey } from "../i18n/en";

// Plain words for Shopify's error code of a failed payment ("card_declined" → "The card was declined by the
// customer's bank."), shared by the case's order panel and the dispute evidence pack.

export function transactionErrorWords(code: string | null | undefined): string {
  if (!code) return t("payments.error.none");
  const key = `payments.error.${code}`;
  if (key in en) return t(key as MessageKey);
  return t("payments.error.other", { code: code.replace(/_/g, " ") });
}
