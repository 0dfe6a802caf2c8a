import type { EligibleLine, ReturnEligibility } from "./types";

export type ReturnDraft = Record<string, { quantity: number; reason: string }>;

/**
 * What the shopper sees before submitting: the chosen items' value, the restocking fee (a percentage of it),
 * the flat return shipping fee (only when something is returned) and the refund estimate, in whole cents.
 */
export function feesFor(lines: EligibleLine[], draft: ReturnDraft, policy: ReturnEligibility["policy"]) {
  const cents = (s: string | number) => Math.round(Number(s) * 100);
  const subtotal = lines.reduce((sum, line) => sum + cents(line.price) * (draft[line.lineItemId]?.quantity ?? 0), 0);
  const restocking = Math.round((subtotal * Number(policy.restockingFeePercent)) / 100);
  const shipping = subtotal > 0 ? cents(policy.returnShippingFee) : 0;
  return {
    subtotal: subtotal / 100,
    restocking: restocking / 100,
    shipping: shipping / 100,
    refund: Math.max(0, subtotal - restocking - shipping) / 100,
  };
}
