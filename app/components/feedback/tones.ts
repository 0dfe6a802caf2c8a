import type { BadgeProps } from "@shopify/polaris";

type Tone = BadgeProps["tone"];

export const STATUS_TONE: Record<"OPEN" | "PLANNED" | "SHIPPED" | "DECLINED", Tone> = {
  OPEN: "attention",
  PLANNED: "info",
  SHIPPED: "success",
  DECLINED: undefined,
};

export const KIND_TONE: Record<"PRODUCT_FEEDBACK" | "FEATURE_REQUEST", Tone> = {
  PRODUCT_FEEDBACK: undefined,
  FEATURE_REQUEST: "magic",
};

/** Shopify admin's product page, opened by App Bridge from inside the embedded app. */
export const productAdminUrl = (productId: string) => `shopify://admin/products/${productId}`;
