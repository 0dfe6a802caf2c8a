import { en, t, type MessageKey } from "../i18n/en";

/** Shopify's dispute reason in plain words ("product not received"); an unknown code reads as itself. */
export function disputeReasonLabel(reason: string): string {
  const key = `dispute.reason.${reason}`;
  return key in en ? t(key as MessageKey) : reason.replace(/_/g, " ");
}
