import type { ReactNode } from "react";
import { Card, EmptyState } from "@shopify/polaris";

/** A list page's card: the table, or an empty state that says what would appear here and why. */
export function ListCard({
  empty,
  emptyHeading,
  emptyBody,
  children,
}: {
  empty: boolean;
  emptyHeading: string;
  emptyBody: string;
  children: ReactNode;
}) {
  return (
    <Card padding="0">
      {empty ? (
        <EmptyState heading={emptyHeading} image="/empty-state.svg">
          <p>{emptyBody}</p>
        </EmptyState>
      ) : (
        children
      )}
    </Card>
  );
}
