import { startTransition, useCallback } from "react";
import { useSetIndexFiltersMode, type IndexFiltersMode } from "@shopify/polaris";

/**
 * Polaris' IndexFilters mode (default, filtering, editing views), switched as a transition: opening the search and
 * filters bar re-renders the whole filters header, so the click that opens it is painted first and the bar follows
 * in the next frames instead of holding the click's frame back (INP).
 */
export function useIndexFiltersMode(initial?: IndexFiltersMode) {
  const { mode, setMode } = useSetIndexFiltersMode(initial);
  const setModeSoon = useCallback((next: IndexFiltersMode) => startTransition(() => setMode(next)), [setMode]);
  return { mode, setMode: setModeSoon };
}
