import { useNavigate } from "@remix-run/react";
import { t } from "../i18n/en";

/**
 * IndexTable pagination for keyset-paginated lists: "Next" follows the loader's cursor to older rows,
 * "Previous" goes back to the newest page (cursors only run one way).
 */
export function useCursorPagination(path: string, { firstPage, nextCursor }: { firstPage: boolean; nextCursor: string | null }) {
  const navigate = useNavigate();
  return {
    hasPrevious: !firstPage,
    previousTooltip: t("list.newest"),
    onPrevious: () => navigate(path),
    hasNext: nextCursor !== null,
    nextTooltip: t("list.older"),
    onNext: () => nextCursor && navigate(`${path}?cursor=${encodeURIComponent(nextCursor)}`),
  };
}
