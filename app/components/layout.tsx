import type { ReactNode } from "react";

// Class-based equivalents of Polaris' BlockStack and InlineStack for markup that repeats per row (app/styles/app.css
// says why: Polaris' inline custom properties make style recalculation slow on long lists). Same spacing tokens.

export type Gap = "050" | "100" | "150" | "200" | "300" | "400";

/** A vertical stack (Polaris BlockStack). */
export function Stack({ gap = "100", children }: { gap?: Gap; children: ReactNode }) {
  return <div className={`cf-stack cf-gap-${gap}`}>{children}</div>;
}

interface RowProps {
  gap?: Gap;
  /** Wraps onto more lines when narrow (Polaris InlineStack's default). */
  wrap?: boolean;
  blockAlign?: "start" | "center";
  align?: "space-between";
  children: ReactNode;
}

/** A horizontal row (Polaris InlineStack). */
export function Row({ gap = "100", wrap = true, blockAlign, align, children }: RowProps) {
  const classes = ["cf-row", `cf-gap-${gap}`];
  if (!wrap) classes.push("cf-row--nowrap");
  if (blockAlign) classes.push(`cf-row--${blockAlign}`);
  if (align) classes.push(`cf-row--${align}`);
  return <div className={classes.join(" ")}>{children}</div>;
}
