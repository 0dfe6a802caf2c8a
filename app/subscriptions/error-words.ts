import { en, t, type MessageKey } from "../i18n/en";

// A billing attempt's error code (REST payloads: lower snake case; GraphQL: upper) in words staff can repeat to the
// customer (app/i18n/en/subscriptions.ts). Unknown codes: Shopify's own message, else the code humanised.

export function billingErrorInWords(code: string | null | undefined, message: string | null | undefined): string {
  const key = (code ?? "").trim().toLowerCase();
  const catalogued = `subscriptions.billingError.${key}`;
  if (key && catalogued in en) return t(catalogued as MessageKey);
  if (message && message.trim()) return message.trim().slice(0, 300);
  if (key) return key.replace(/_/g, " ");
  return t("subscriptions.billingError.fallback");
}
