import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";

// The shop's return policy (one ReturnPolicy row): the storefront's return requests check eligibility against it;
// staff edit it under Settings → Return policy. A shop without a row gets the defaults below.

/** Shopify's ReturnReason values that shoppers may choose from (admin-2026-07 schema). */
export const RETURN_REASONS = ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "UNWANTED", "NOT_AS_DESCRIBED", "WRONG_ITEM", "DEFECTIVE", "STYLE", "COLOR", "OTHER"] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const RETURN_WINDOW_STARTS = ["DELIVERY", "FULFILLMENT"] as const;

export interface ReturnPolicyView {
  enabled: boolean;
  windowDays: number;
  windowStartsAt: (typeof RETURN_WINDOW_STARTS)[number];
  excludedTags: string[];
  excludedProductTypes: string[];
  reasons: ReturnReason[];
  /** Percent, "5.00". */
  restockingFeePercent: string;
  /** Shop currency, "6.95". */
  returnShippingFee: string;
  instructions: string | null;
  /** False until the merchant saved a policy (the defaults apply). */
  saved: boolean;
  updatedAt: Date | null;
}

export const DEFAULT_RETURN_POLICY: ReturnPolicyView = {
  enabled: true,
  windowDays: 30,
  windowStartsAt: "DELIVERY",
  excludedTags: ["final-sale"],
  excludedProductTypes: [],
  reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "UNWANTED", "NOT_AS_DESCRIBED", "WRONG_ITEM", "DEFECTIVE", "OTHER"],
  restockingFeePercent: "0.00",
  returnShippingFee: "0.00",
  instructions: null,
  saved: false,
  updatedAt: null,
};

/** A list typed as one comma- or line-separated string, or sent as an array: trimmed, deduplicated, non-empty. */
const NameList = (what: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[,\n]/) : v),
    z
      .array(z.string().trim().max(255, `each ${what} must be under 255 characters`), { error: `list the ${what}s separated by commas` })
      .transform((items) => [...new Set(items.filter(Boolean))])
      .refine((items) => items.length <= 100, `at most 100 ${what}s`),
  );

const Decimal = (max: number, label: string, example: string) =>
  z.preprocess(
    (v) => (typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().replace(/[$%]/g, "") || "0" : v),
    z
      .string({ error: `enter ${label} such as ${example}` })
      .regex(/^\d{1,12}(\.\d{1,2})?$/, `enter ${label} such as ${example}`)
      .refine((s) => Number(s) <= max, `${label} can be at most ${max}`)
      .transform((s) => Number(s).toFixed(2)),
  );

export const ReturnPolicyInput = z.object({
  enabled: z.boolean({ error: "choose whether shoppers can request returns" }),
  windowDays: z.coerce
    .number({ error: "enter a number of days" })
    .int("enter a whole number of days")
    .min(1, "the return window must be at least 1 day")
    .max(365, "the return window can be at most 365 days"),
  windowStartsAt: z.enum(RETURN_WINDOW_STARTS, { error: "choose delivery or fulfillment" }),
  excludedTags: NameList("product tag"),
  excludedProductTypes: NameList("product type"),
  reasons: z
    .array(z.enum(RETURN_REASONS, { error: "choose reasons from the list" }), { error: "choose at least one return reason" })
    .min(1, "choose at least one return reason, so shoppers can tell you why")
    .transform((r) => [...new Set(r)]),
  restockingFeePercent: Decimal(100, "a percentage", "5 or 12.5"),
  returnShippingFee: Decimal(10_000, "an amount", "6.95"),
  instructions: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || null : v ?? null),
    z.string().max(5000, "keep the instructions under 5,000 characters").nullable(),
  ),
});

const FIELD_LABELS: Record<string, string> = {
  enabled: "Returns",
  windowDays: "Return window",
  windowStartsAt: "Window starts",
  excludedTags: "Excluded product tags",
  excludedProductTypes: "Excluded product types",
  reasons: "Return reasons",
  restockingFeePercent: "Restocking fee",
  returnShippingFee: "Return shipping fee",
  instructions: "Instructions",
};

export async function getReturnPolicy(shopId: string): Promise<ReturnPolicyView> {
  const row = await db.returnPolicy.findUnique({ where: { shopId } });
  if (!row) return DEFAULT_RETURN_POLICY;
  return {
    enabled: row.enabled,
    windowDays: row.windowDays,
    windowStartsAt: row.windowStartsAt === "FULFILLMENT" ? "FULFILLMENT" : "DELIVERY",
    excludedTags: row.excludedTags,
    excludedProductTypes: row.excludedProductTypes,
    reasons: row.reasons.filter((r): r is ReturnReason => (RETURN_REASONS as readonly string[]).includes(r)),
    restockingFeePercent: row.restockingFeePercent.toFixed(2),
    returnShippingFee: row.returnShippingFee.toFixed(2),
    instructions: row.instructions,
    saved: true,
    updatedAt: row.updatedAt,
  };
}

/** Validates and stores the whole policy (the fields above; per-product windows and auto-approval rules are kept). */
export async function updateReturnPolicy(shopId: string, input: unknown): Promise<ReturnPolicyView> {
  const parsed = ReturnPolicyInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form");
      fieldErrors[key] ??= `${FIELD_LABELS[key] ?? key}: ${issue.message}`;
    }
    throw new AppError("bad_request", `The return policy was not saved. ${Object.values(fieldErrors).join("; ")}.`, { fieldErrors });
  }
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true } });
  if (!shop) throw new AppError("not_found", "This shop is not installed.");
  await db.returnPolicy.upsert({ where: { shopId }, create: { shopId, ...parsed.data }, update: parsed.data });
  return getReturnPolicy(shopId);
}
