import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { Prisma } from "../generated/prisma/client";

// The shop's return policy (one ReturnPolicy row): the storefront's return requests check eligibility against it;
// staff edit it under Settings → Return policy. A shop without a row gets the defaults below.

/** Shopify's ReturnReason values that shoppers may choose from (admin-2026-07 schema). */
export const RETURN_REASONS = ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "UNWANTED", "NOT_AS_DESCRIBED", "WRONG_ITEM", "DEFECTIVE", "STYLE", "COLOR", "OTHER"] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const RETURN_WINDOW_STARTS = ["DELIVERY", "FULFILLMENT"] as const;

/**
 * When a storefront return request is approved at once, without staff: every item's reason is in `reasons`, the
 * order's total is at most `maxOrderTotal` (when set) and the request holds at most `maxItems` units (when set).
 * Stored as ReturnPolicy.autoApprove; read it with parseAutoApprove.
 */
export interface AutoApproveRules {
  enabled: boolean;
  /** A subset of the policy's reasons. */
  reasons: ReturnReason[];
  /** Order total in the shop's currency, "300.00". */
  maxOrderTotal?: string;
  /** Units in one request. */
  maxItems?: number;
}

/** A product's own return window (ReturnPolicy.productWindows). `productId` is Shopify's numeric product id. */
export interface ProductWindow {
  productId: string;
  windowDays: number;
}

export const MAX_PRODUCT_WINDOWS = 200;

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
  autoApprove: AutoApproveRules;
  productWindows: ProductWindow[];
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
  autoApprove: { enabled: false, reasons: [] },
  productWindows: [],
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

const optionalMoney = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().replace(/[$,]/g, "") || undefined : v ?? undefined),
  z
    .string({ error: "enter an amount such as 300.00, or leave it empty for no limit" })
    .regex(/^\d{1,12}(\.\d{1,2})?$/, "enter an amount such as 300.00, or leave it empty for no limit")
    .transform((s) => Number(s).toFixed(2))
    .optional(),
);

const optionalCount = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? Number(v.trim()) : v),
  z
    .number({ error: "enter a whole number of items, or leave it empty for no limit" })
    .int("enter a whole number of items, or leave it empty for no limit")
    .min(1, "allow at least 1 item, or leave it empty for no limit")
    .max(1000, "at most 1,000 items")
    .optional(),
);

/** Auto-approval rules as the settings form sends them (the reasons are checked against the policy's below). */
export const AutoApproveInput = z.object({
  enabled: z.boolean({ error: "choose whether requests can be approved automatically" }),
  reasons: z
    .array(z.enum(RETURN_REASONS, { error: "choose reasons from the list" }), { error: "choose the reasons that are approved automatically" })
    .transform((r) => [...new Set(r)]),
  maxOrderTotal: optionalMoney,
  maxItems: optionalCount,
});

/** "123", "gid://shopify/Product/123" or a product admin URL ending in /products/123 → "123". */
const ProductRef = z.preprocess(
  (v) => {
    if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
    if (typeof v !== "string") return v;
    const s = v.trim();
    const match = /^(?:gid:\/\/shopify\/Product\/|.*\/products\/)?(\d{1,20})\/?$/.exec(s);
    return match ? match[1] : s;
  },
  z.string({ error: "enter the product's ID" }).regex(/^\d{1,20}$/, "enter the product's ID (the number at the end of its admin URL)"),
);

export const ProductWindowInput = z
  .array(
    z.object({
      productId: ProductRef,
      windowDays: z.coerce
        .number({ error: "enter a number of days" })
        .int("enter a whole number of days")
        .min(1, "a product's window must be at least 1 day")
        .max(365, "a product's window can be at most 365 days"),
    }),
    { error: "list products with their own window" },
  )
  .max(MAX_PRODUCT_WINDOWS, `at most ${MAX_PRODUCT_WINDOWS} products with their own window`)
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    for (const row of rows) {
      if (seen.has(row.productId)) ctx.addIssue({ code: "custom", message: `product ${row.productId} is listed twice` });
      seen.add(row.productId);
    }
  });

/**
 * The stored auto-approval rules, for the storefront's return requests. Anything that does not parse (an old or
 * hand-edited document) reads as "off": nothing is approved without staff by mistake.
 */
export function parseAutoApprove(stored: unknown): AutoApproveRules {
  const parsed = AutoApproveInput.safeParse(stored);
  if (!parsed.success) return { enabled: false, reasons: [] };
  const { enabled, reasons, maxOrderTotal, maxItems } = parsed.data;
  return { enabled: enabled && reasons.length > 0, reasons, ...(maxOrderTotal ? { maxOrderTotal } : {}), ...(maxItems ? { maxItems } : {}) };
}

/** The stored per-product windows; rows that do not parse are left out. */
export function parseProductWindows(stored: unknown): ProductWindow[] {
  if (!Array.isArray(stored)) return [];
  const out: ProductWindow[] = [];
  for (const row of stored) {
    const parsed = ProductWindowInput.element.safeParse(row);
    if (parsed.success && !out.some((w) => w.productId === parsed.data.productId)) out.push(parsed.data);
  }
  return out;
}

/**
 * Whether a request is approved without staff: rules on, every reason allowed, within the order total and item
 * limits. Money is compared in cents.
 */
export function autoApproves(rules: AutoApproveRules, request: { reasons: string[]; orderTotal: string; units: number }): boolean {
  if (!rules.enabled || request.reasons.length === 0) return false;
  if (!request.reasons.every((r) => (rules.reasons as string[]).includes(r))) return false;
  if (rules.maxOrderTotal !== undefined && Math.round(Number(request.orderTotal) * 100) > Math.round(Number(rules.maxOrderTotal) * 100)) return false;
  if (rules.maxItems !== undefined && request.units > rules.maxItems) return false;
  return true;
}

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
  /** Optional: when absent the stored rules are kept. */
  autoApprove: AutoApproveInput.optional(),
  /** Optional: when absent the stored windows are kept. */
  productWindows: ProductWindowInput.optional(),
}).superRefine((policy, ctx) => {
  const rules = policy.autoApprove;
  if (!rules) return;
  const outside = rules.reasons.filter((r) => !policy.reasons.includes(r));
  if (outside.length > 0) {
    ctx.addIssue({ code: "custom", path: ["autoApprove"], message: `only reasons shoppers can choose can be approved automatically (not ${outside.join(", ")})` });
  } else if (rules.enabled && rules.reasons.length === 0) {
    ctx.addIssue({ code: "custom", path: ["autoApprove"], message: "choose at least one reason to approve automatically, or turn automatic approval off" });
  }
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
  autoApprove: "Automatic approval",
  productWindows: "Product windows",
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
    autoApprove: parseAutoApprove(row.autoApprove),
    productWindows: parseProductWindows(row.productWindows),
    saved: true,
    updatedAt: row.updatedAt,
  };
}

/**
 * Validates and stores the whole policy. Auto-approval rules and per-product windows are written when sent, and
 * kept as stored when not.
 */
export async function updateReturnPolicy(shopId: string, input: unknown): Promise<ReturnPolicyView> {
  const parsed = ReturnPolicyInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path.map(String);
      const top = first ?? "form";
      // Auto-approval errors name their own field (autoApprove.maxOrderTotal); product windows their row.
      const key = top === "autoApprove" && second ? `autoApprove.${second}` : top;
      const row = top === "productWindows" && second !== undefined && /^\d+$/.test(second) ? ` (row ${Number(second) + 1})` : "";
      fieldErrors[key] ??= `${FIELD_LABELS[top] ?? top}${row}: ${issue.message}`;
    }
    throw new AppError("bad_request", `The return policy was not saved. ${Object.values(fieldErrors).join("; ")}.`, { fieldErrors });
  }
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true } });
  if (!shop) throw new AppError("not_found", "This shop is not installed.");
  const { autoApprove, productWindows, ...fields } = parsed.data;
  const data = {
    ...fields,
    ...(autoApprove ? { autoApprove: parseAutoApprove(autoApprove) as unknown as Prisma.InputJsonObject } : {}),
    ...(productWindows ? { productWindows: productWindows as unknown as Prisma.InputJsonArray } : {}),
  };
  await db.returnPolicy.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
  return getReturnPolicy(shopId);
}

/** Titles of the products named in per-product windows, as the order mirror knows them (for the settings page). */
export async function productTitles(shopId: string, productIds: string[]): Promise<Record<string, string>> {
  const ids = productIds.filter((id) => /^\d{1,19}$/.test(id)).map((id) => BigInt(id));
  if (ids.length === 0) return {};
  const rows = await db.lineItem.findMany({
    where: { shopId, productId: { in: ids } },
    distinct: ["productId"],
    select: { productId: true, title: true },
  });
  return Object.fromEntries(rows.map((r) => [String(r.productId), r.title]));
}
