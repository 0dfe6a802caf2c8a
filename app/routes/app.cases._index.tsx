import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Link,
  Modal,
  Page,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import type { IndexFiltersProps, TabProps } from "@shopify/polaris";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { inboxOptions, listCases, readInboxQuery } from "../cases/inbox.server";
import {
  DEFAULT_SORT,
  filtersOf,
  hasFilters,
  INBOX_SORTS,
  INBOX_VIEWS,
  toSearchParams,
  type InboxFilters,
  type InboxQuery,
  type InboxSort,
  type InboxView,
} from "../cases/inbox-query";
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  renameSavedView,
  updateSavedViewQuery,
  type SavedViewRecord,
} from "../cases/saved-views.server";
import { CaseChangeSchema, updateCases } from "../cases/update-cases.server";
import { InboxBulkModal, type BulkModalChange, type BulkModalKind } from "../components/inbox/InboxBulkModal";
import { inboxFilters } from "../components/inbox/inbox-filters";
import { useInboxShortcuts } from "../components/inbox/use-inbox-shortcuts";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { AppError, appErrorsAsResponses, handleErrors } from "../errors.server";
import { t, type MessageKey } from "../i18n/en";
import { useIndexFiltersMode } from "../components/index-filters-mode";
import { Row, Stack } from "../components/layout";

export const meta: MetaFunction = () => [{ title: t("inbox.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, staff } = await requireStaff(request);
  return appErrorsAsResponses(async () => {
    const query = readInboxQuery(new URL(request.url).searchParams);
    const staffId = staff?.id ?? null;
    const [page, savedViews, options] = await Promise.all([
      listCases(shop.id, staffId, query),
      listSavedViews(shop.id, staffId),
      inboxOptions(shop.id),
    ]);
    return json({
      query,
      page,
      savedViews,
      options,
      me: staff ? { id: staff.id, role: staff.role } : null,
      timeZone: shop.ianaTimezone,
    });
  });
};

const CaseIds = z
  .string({ error: "Select at least one case" })
  .transform((raw) => raw.split(",").map((s) => s.trim()).filter(Boolean));

const InboxForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("update"),
      caseIds: CaseIds,
      kind: z.string(),
      status: z.string().optional(),
      assigneeId: z.string().optional(),
      priority: z.string().optional(),
      topic: z.string().optional(),
      tags: z.string().optional(),
      until: z.string().optional(),
    }),
    z.object({
      intent: z.literal("save-view"),
      name: z.string(),
      shared: z.enum(["true", "false"]).optional(),
      search: z.string().max(4000),
    }),
    z.object({ intent: z.literal("update-view"), id: z.string(), search: z.string().max(4000) }),
    z.object({ intent: z.literal("rename-view"), id: z.string(), name: z.string() }),
    z.object({ intent: z.literal("delete-view"), id: z.string() }),
  ],
  { error: "intent must be update, save-view, update-view, rename-view or delete-view" },
);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireStaff(request);
  return handleErrors(async () => {
    if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST to change cases or views.");
    const fields = Object.fromEntries(await request.formData().catch(() => new FormData()));
    const form = InboxForm.safeParse(fields);
    if (!form.success)
      throw new AppError("bad_request", `The request could not be read: ${form.error.issues.map((i) => i.message).join("; ")}.`);
    const data = form.data;
    const actor = { staffId: staff?.id ?? null, role: staff?.role ?? "AGENT" };
    switch (data.intent) {
      case "update": {
        const assigneeId = data.assigneeId === "me" ? staff?.id : data.assigneeId === "" ? null : data.assigneeId;
        if (data.assigneeId === "me" && !staff) throw new AppError("bad_request", t("inbox.bulk.noStaff"));
        const change = CaseChangeSchema.safeParse({
          kind: data.kind,
          status: data.status,
          assigneeId,
          priority: data.priority,
          topic: data.topic,
          until: data.until,
          tags: data.tags?.split(",").map((s) => s.trim()).filter(Boolean),
        });
        if (!change.success)
          throw new AppError("bad_request", `The change could not be read: ${change.error.issues.map((i) => i.message).join("; ")}.`);
        const result = await updateCases(shop.id, { staffId: actor.staffId }, data.caseIds, change.data);
        return json({ ok: true as const, intent: data.intent, updated: result.updated });
      }
      case "save-view":
      case "update-view": {
        const query = readInboxQuery(new URLSearchParams(data.search));
        const input = { view: query.view, sort: query.sort, filters: filtersOf(query) };
        const view =
          data.intent === "save-view"
            ? await createSavedView(shop.id, actor, { ...input, name: data.name, shared: data.shared === "true" })
            : await updateSavedViewQuery(shop.id, actor, data.id, input);
        return json({ ok: true as const, intent: data.intent, view });
      }
      case "rename-view":
        return json({ ok: true as const, intent: data.intent, view: await renameSavedView(shop.id, actor, data.id, data.name) });
      case "delete-view":
        await deleteSavedView(shop.id, actor, data.id);
        return json({ ok: true as const, intent: data.intent, id: data.id });
    }
  });
};

type ActionData =
  | { ok: true; intent: "update"; updated: number }
  | { ok: true; intent: "save-view" | "update-view" | "rename-view"; view: SavedViewRecord }
  | { ok: true; intent: "delete-view"; id: string }
  | { error: { code: string; message: string } };

/** App Bridge's toast inside Shopify admin; the demo (no App Bridge) shows a Banner instead. */
function appBridgeToast(): ((message: string) => void) | null {
  const bridge = (globalThis as { shopify?: { toast?: { show(message: string): void } } }).shopify;
  return bridge?.toast ? (message) => bridge.toast!.show(message) : null;
}

const SORT_LABELS: Record<InboxSort, [MessageKey, MessageKey]> = {
  "lastActivity desc": ["inbox.sort.lastActivity", "inbox.sort.newest"],
  "lastActivity asc": ["inbox.sort.lastActivity", "inbox.sort.oldest"],
  "created desc": ["inbox.sort.created", "inbox.sort.newest"],
  "created asc": ["inbox.sort.created", "inbox.sort.oldest"],
  "priority desc": ["inbox.sort.priority", "inbox.sort.highest"],
  "slaDue asc": ["inbox.sort.slaDue", "inbox.sort.soonest"],
};
const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = INBOX_SORTS.map((value) => ({
  label: t(SORT_LABELS[value][0]),
  value,
  directionLabel: t(SORT_LABELS[value][1]),
}));

const STATUS_TONE: Record<string, "info" | "attention" | "success" | undefined> = {
  OPEN: "info",
  PENDING: "attention",
  SNOOZED: undefined,
  RESOLVED: "success",
  CLOSED: undefined,
};
const PRIORITY_TONE: Record<string, "critical" | "warning" | undefined> = { URGENT: "critical", HIGH: "warning" };

export default function Inbox() {
  const { query, page, savedViews, options, me, timeZone } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const fetcher = useFetcher<ActionData>();
  const { mode, setMode } = useIndexFiltersMode();
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; message: string } | null>(null);
  const [modal, setModal] = useState<BulkModalKind | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [focused, setFocused] = useState(-1);
  const [queryText, setQueryText] = useState(query.q ?? "");
  const rows = page.rows;

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    rows as unknown as { [key: string]: unknown }[],
  );

  // ── URL state ──
  const go = useCallback(
    (next: Partial<InboxQuery>) => {
      const search = toSearchParams(next).toString();
      navigate(`/app/cases${search ? `?${search}` : ""}`, { replace: false, preventScrollReset: true });
    },
    [navigate],
  );
  const base = useMemo(() => ({ ...query, cursor: undefined }), [query]);
  const setFilters = (filters: Partial<InboxFilters>) => go({ view: query.view, sort: query.sort, q: query.q, saved: query.saved, ...filters });

  // The field follows the URL (back/forward, cleared filters), but not the echo of what is being typed.
  const sentQuery = useRef(query.q ?? "");
  useEffect(() => {
    if ((query.q ?? "") !== sentQuery.current) {
      sentQuery.current = query.q ?? "";
      setQueryText(query.q ?? "");
    }
  }, [query.q]);
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  const onQueryChange = (value: string) => {
    setQueryText(value);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      sentQuery.current = value.trim().replace(/\s+/g, " ");
      go({ ...base, q: value.trim() || undefined });
    }, 350);
  };
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  // ── Tabs: built-in views, then saved views ──
  const selectedSaved = query.saved ? savedViews.find((v) => v.id === query.saved) : undefined;
  const savedIndex = selectedSaved ? savedViews.indexOf(selectedSaved) : -1;
  const selectedTab = savedIndex >= 0 ? INBOX_VIEWS.length + savedIndex : INBOX_VIEWS.indexOf(query.view);
  // The tabs keep their identity while their data does: Polaris' Tabs measure every tab (a forced layout in the next
  // frame) whenever the array changes, which made each click and key press in the inbox pay for it (INP).
  const counts = page.counts as Record<string, number | undefined>;
  const countCap = page.countCap;
  const role = me?.role;
  const submitFetcher = fetcher.submit;
  const submitForm = useCallback((fields: Record<string, string>) => submitFetcher(fields, { method: "post" }), [submitFetcher]);
  const canEdit = useCallback((view: SavedViewRecord) => view.mine || role === "ADMIN", [role]);
  const tabs: TabProps[] = useMemo(() => {
    const countLabel = (view: InboxView) => {
      const count = counts[view];
      if (count === undefined) return undefined;
      return count >= countCap ? t("inbox.view.countMore") : String(count);
    };
    return [
      ...INBOX_VIEWS.map((view, index) => ({
        id: `view-${view}`,
        content: t(`inbox.view.${view}` as MessageKey),
        badge: countLabel(view),
        isLocked: true,
        index,
        onAction: () => go({ view }),
      })),
      ...savedViews.map((view, i) => ({
        id: `saved-${view.id}`,
        content: view.shared ? t("inbox.view.shared", { name: view.name }) : view.name,
        index: INBOX_VIEWS.length + i,
        isLocked: !canEdit(view),
        onAction: () => go({ ...view.query, saved: view.id }),
        actions: canEdit(view)
          ? [
              {
                type: "rename" as const,
                onPrimaryAction: async (name: string) => {
                  submitForm({ intent: "rename-view", id: view.id, name });
                  return true;
                },
              },
              {
                type: "delete" as const,
                onPrimaryAction: async () => {
                  submitForm({ intent: "delete-view", id: view.id });
                  go({ view: "open" });
                  return true;
                },
              },
            ]
          : [],
      })),
    ];
  }, [counts, countCap, savedViews, canEdit, go, submitForm]);
  const currentSearch = toSearchParams({ ...base, q: undefined, saved: undefined }).toString();
  const savedChanged =
    selectedSaved !== undefined && toSearchParams({ ...selectedSaved.query }).toString() !== currentSearch;
  const primaryAction: IndexFiltersProps["primaryAction"] =
    selectedSaved && canEdit(selectedSaved)
      ? {
          type: "save",
          onAction: async () => {
            submitForm({ intent: "update-view", id: selectedSaved.id, search: currentSearch });
            return true;
          },
          disabled: !savedChanged,
          loading: fetcher.state !== "idle",
        }
      : {
          type: "save-as",
          onAction: async (name: string) => {
            submitForm({ intent: "save-view", name, search: currentSearch });
            return true;
          },
          disabled: false,
          loading: fetcher.state !== "idle",
        };

  // ── Action results ──
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    const say = (message: string) => {
      const toast = appBridgeToast();
      if (toast) toast(message);
      else setNotice({ tone: "success", message });
    };
    if ("error" in data) {
      setNotice({ tone: "critical", message: data.error.message });
      return;
    }
    if (data.intent === "update") {
      clearSelection();
      say(data.updated === 0 ? t("inbox.bulk.none") : data.updated === 1 ? t("inbox.bulk.doneOne") : t("inbox.bulk.done", { count: data.updated }));
      setModal(null);
    } else if (data.intent === "save-view") {
      say(t("inbox.views.saved"));
      go({ ...data.view.query, saved: data.view.id });
    } else if (data.intent === "update-view") say(t("inbox.views.updated"));
    else if (data.intent === "rename-view") say(t("inbox.views.renamed"));
    else say(t("inbox.views.deleted"));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  // ── Bulk actions ──
  const targetIds = (): string[] => {
    if (selectedResources.length) return selectedResources;
    const row = rows[focused];
    return row ? [row.id] : [];
  };
  const update = (fields: Record<string, string>, ids = targetIds()) => {
    if (ids.length === 0) return;
    submitForm({ intent: "update", caseIds: ids.join(","), ...fields });
  };
  const onModalSubmit = (change: BulkModalChange) => {
    if (change.kind === "assign") update({ kind: "assign", assigneeId: change.assigneeId });
    else if (change.kind === "priority") update({ kind: "priority", priority: change.priority });
    else update({ kind: change.kind, tags: change.tags });
  };
  // The table below is memoised (typing in the search field, the tabs' loading state and action results do not
  // re-render its rows): its bulk actions and paging call the latest closures through this ref.
  const latest = useRef({ update, go, base, page });
  latest.current = { update, go, base, page };

  // ── Keyboard ──
  const tableRef = useRef<HTMLDivElement>(null);
  const focusRow = (index: number) => {
    setFocused(index);
    const marker = tableRef.current?.querySelector(`[data-case-index="${index}"]`);
    marker?.closest("a")?.focus();
  };
  useEffect(() => setFocused(-1), [page]);
  useInboxShortcuts(
    {
      move: (delta) => rows.length && focusRow(Math.max(0, Math.min(rows.length - 1, focused + delta))),
      open: () => rows[focused] && navigate(`/app/cases/${rows[focused].id}`),
      reply: () => rows[focused] && navigate(`/app/cases/${rows[focused].id}#reply`),
      close: () => update({ kind: "status", status: "CLOSED" }),
      assignToMe: () => me && update({ kind: "assign", assigneeId: "me" }),
      search: () => setMode(IndexFiltersMode.Filtering),
    },
    modal === null && !showShortcuts,
  );

  const { filters, appliedFilters } = inboxFilters({ filters: filtersOf(query), team: options.team, tags: options.tags, onChange: setFilters });
  const filtered = hasFilters(query);
  const empty = rows.length === 0;
  const loading = navigation.state === "loading" && navigation.location?.pathname === location.pathname;

  // A plain button, not `secondaryActions`: Polaris' Page measures those (a forced layout of the whole inbox) when it
  // mounts and whenever the array changes.
  const headerAction = useMemo(() => <Button onClick={() => setShowShortcuts(true)}>{t("inbox.shortcuts.button")}</Button>, []);

  const resultKey = toSearchParams(query).toString();
  const table = useMemo(() => {
    const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone });
    const formatDate = (iso: string) => dateFormat.format(new Date(iso));
    const update = (fields: Record<string, string>) => latest.current.update(fields);
    const promotedBulkActions = [
      ...(me ? [{ content: t("inbox.bulk.assignMe"), onAction: () => update({ kind: "assign", assigneeId: "me" }) }] : []),
      { content: t("inbox.bulk.close"), onAction: () => update({ kind: "status", status: "CLOSED" }) },
    ];
    const bulkActions = [
      { content: t("inbox.bulk.assign"), onAction: () => setModal("assign") },
      { content: t("inbox.bulk.resolve"), onAction: () => update({ kind: "status", status: "RESOLVED" }) },
      { content: t("inbox.bulk.pending"), onAction: () => update({ kind: "status", status: "PENDING" }) },
      { content: t("inbox.bulk.reopen"), onAction: () => update({ kind: "status", status: "OPEN" }) },
      { content: t("inbox.bulk.priority"), onAction: () => setModal("priority") },
      { content: t("inbox.bulk.addTags"), onAction: () => setModal("addTags") },
      { content: t("inbox.bulk.removeTags"), onAction: () => setModal("removeTags") },
    ];
    const rowMarkup = rows.map((row, index) => (
      <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
        <IndexTable.Cell>
          <Stack gap="050">
            <Row gap="150" blockAlign="center" wrap={false}>
              <Link
                url={`/app/cases/${row.id}`}
                monochrome
                removeUnderline
                dataPrimaryLink
                accessibilityLabel={t("inbox.row.open", { number: row.number, subject: row.subject })}
              >
                <span data-case-index={index} tabIndex={-1} />
                <Text as="span" variant="bodyMd" fontWeight={row.unread ? "bold" : "regular"}>
                  #{row.number} {row.subject}
                </Text>
              </Link>
              {row.unread && row.read ? <Badge tone="info">{t("inbox.row.updated")}</Badge> : null}
              {row.exact ? <Badge tone="success">{t("inbox.row.exact")}</Badge> : null}
              {row.urgent ? <Badge tone="critical">{t("inbox.row.urgent")}</Badge> : null}
              {row.sentiment === "NEGATIVE" ? <Badge tone="warning">{t("inbox.row.negative")}</Badge> : row.sentiment === "POSITIVE" ? <Badge tone="success">{t("inbox.row.positive")}</Badge> : null}
            </Row>
            {row.preview ? (
              // Bounded: an unbounded truncated line made this column as wide as the longest preview (the table
              // scrolled sideways, and its columns moved as rows arrived).
              <div className="cf-max-32">
                <Text as="span" variant="bodySm" tone="subdued" truncate>
                  {row.preview}
                </Text>
              </div>
            ) : null}
          </Stack>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Stack gap="050">
            <Text as="span" fontWeight={row.unread ? "semibold" : "regular"}>
              {row.customerName ?? row.customerEmail ?? t("inbox.row.noCustomer")}
            </Text>
            {row.customerName && row.customerEmail ? (
              <Text as="span" variant="bodySm" tone="subdued">
                {row.customerEmail}
              </Text>
            ) : null}
          </Stack>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Stack gap="050">
            <Row gap="100">
              <Badge tone={STATUS_TONE[row.status]}>{t(`inbox.status.${row.status}` as MessageKey)}</Badge>
            </Row>
            {row.status === "SNOOZED" && row.snoozedUntil ? (
              <Text as="span" variant="bodySm" tone="subdued">
                {t("inbox.row.snoozedUntil", { at: formatDate(row.snoozedUntil) })}
              </Text>
            ) : null}
          </Stack>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Badge tone={PRIORITY_TONE[row.priority]}>{t(`inbox.priority.${row.priority}` as MessageKey)}</Badge>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Stack gap="050">
            <Text as="span">{t(`topic.${row.topic}` as MessageKey)}</Text>
            {row.tags.length ? (
              <Text as="span" variant="bodySm" tone="subdued">
                {row.tags.join(", ")}
              </Text>
            ) : null}
          </Stack>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" tone={row.assigneeName ? undefined : "subdued"}>
            {row.assigneeName ?? t("inbox.row.unassigned")}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          {row.slaState === "breached" ? (
            <Badge tone="critical">{t("inbox.sla.breached")}</Badge>
          ) : row.slaState === "atRisk" ? (
            <Badge tone="warning">{t("inbox.sla.atRisk")}</Badge>
          ) : row.slaState === "ok" && row.slaDueAt ? (
            <Text as="span" variant="bodySm" tone="subdued">
              {t("inbox.sla.ok", { at: formatDate(row.slaDueAt) })}
            </Text>
          ) : (
            <Text as="span" tone="subdued">
              {t("inbox.sla.none")}
            </Text>
          )}
        </IndexTable.Cell>
        <IndexTable.Cell>
          {row.orders.length ? (
            <Stack gap="050">
              {row.orders.slice(0, 2).map((order) => (
                <Row key={order.name} gap="100" wrap={false}>
                  <Text as="span">{order.name}</Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {t(`inbox.fulfillment.${order.fulfillmentStatus}` as MessageKey)}
                  </Text>
                </Row>
              ))}
              {row.orders.length > 2 ? (
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("inbox.row.moreOrders", { count: row.orders.length - 2 })}
                </Text>
              ) : null}
            </Stack>
          ) : (
            <Text as="span" tone="subdued">
              {t("inbox.row.noOrders")}
            </Text>
          )}
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" variant="bodySm">
            {formatDate(row.lastActivityAt)}
          </Text>
        </IndexTable.Cell>
      </IndexTable.Row>
    ));
    return (
      // One table per result set (view, filters, search, sort, page): a new list replaces the old one in place,
      // rather than the same rows (and column widths) moving about when the answer arrives — a layout shift
      // whenever the loader takes more than half a second. While loading, the old list stays with IndexFilters'
      // loading state.
      <IndexTable
        key={resultKey}
        resourceName={{ singular: t("inbox.resource.singular"), plural: t("inbox.resource.plural") }}
        itemCount={rows.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        promotedBulkActions={promotedBulkActions}
        bulkActions={bulkActions}
        headings={[
          { title: t("inbox.column.case") },
          { title: t("inbox.column.customer") },
          { title: t("inbox.column.status") },
          { title: t("inbox.column.priority") },
          { title: t("inbox.filter.topic") },
          { title: t("inbox.column.assignee") },
          { title: t("inbox.column.sla") },
          { title: t("inbox.column.orders") },
          { title: t("inbox.column.activity") },
        ]}
        pagination={{
          hasPrevious: page.previousCursor !== null,
          onPrevious: () => latest.current.page.previousCursor && latest.current.go({ ...latest.current.base, cursor: latest.current.page.previousCursor }),
          hasNext: page.nextCursor !== null,
          onNext: () => latest.current.page.nextCursor && latest.current.go({ ...latest.current.base, cursor: latest.current.page.nextCursor }),
        }}
      >
        {rowMarkup}
      </IndexTable>
    );
  }, [resultKey, rows, selectedResources, allResourcesSelected, handleSelectionChange, me, timeZone, page.previousCursor, page.nextCursor]);

  const emptyState = !page.shopHasCases ? (
    <EmptyState heading={t("inbox.empty.heading")} image="/empty-state.svg">
      <p>{t("inbox.empty.body")}</p>
    </EmptyState>
  ) : filtered ? (
    <EmptyState
      heading={t("inbox.noResults.heading")}
      image="/empty-state.svg"
      action={{ content: t("inbox.noResults.clear"), onAction: () => go({ view: query.view, sort: query.sort }) }}
    >
      <p>{t("inbox.noResults.body")}</p>
    </EmptyState>
  ) : (
    <EmptyState
      heading={t("inbox.empty.viewHeading")}
      image="/empty-state.svg"
      action={query.view === "all" ? undefined : { content: t("inbox.empty.allViews"), onAction: () => go({ view: "all" }) }}
    >
      <p>{t("inbox.empty.viewBody")}</p>
    </EmptyState>
  );

  return (
    <Page
      fullWidth
      title={t("inbox.title")}
      primaryAction={headerAction}
    >
      <TitleBar title={t("inbox.title")} />
      <BlockStack gap="400">
        {notice ? (
          <Banner tone={notice.tone} title={notice.tone === "critical" ? t("inbox.bulk.failed") : undefined} onDismiss={() => setNotice(null)}>
            <p>{notice.message}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <div ref={tableRef}>
            <IndexFilters
              sortOptions={SORT_OPTIONS}
              sortSelected={[query.q ? DEFAULT_SORT : query.sort]}
              onSort={([value]) => go({ ...base, sort: (value as InboxSort) ?? DEFAULT_SORT })}
              queryValue={queryText}
              queryPlaceholder={t("inbox.search.placeholder")}
              onQueryChange={onQueryChange}
              onQueryClear={() => {
                clearTimeout(searchTimer.current);
                sentQuery.current = "";
                setQueryText("");
                go({ ...base, q: undefined });
              }}
              primaryAction={primaryAction}
              cancelAction={{
                onAction: () => (selectedSaved ? go({ ...selectedSaved.query, saved: selectedSaved.id }) : go({ view: query.view, sort: query.sort })),
                disabled: false,
                loading: false,
              }}
              tabs={tabs}
              selected={selectedTab}
              onSelect={() => undefined}
              canCreateNewView={Boolean(me)}
              onCreateNewView={async (name) => {
                submitForm({ intent: "save-view", name, search: currentSearch });
                return true;
              }}
              filters={filters}
              appliedFilters={appliedFilters}
              onClearAll={() => go({ view: query.view, sort: query.sort })}
              mode={mode}
              setMode={setMode}
              loading={loading}
              filteringAccessibilityLabel={t("inbox.search.label")}
            />
            {empty ? (
              emptyState
            ) : (
              table
            )}
          </div>
        </Card>
        <Box paddingInline="400">
          <Text as="p" variant="bodySm" tone="subdued">
            {t("inbox.shortcuts.title")}: j / k · Enter · r · e · a · / —{" "}
            <Link onClick={() => setShowShortcuts(true)}>{t("inbox.shortcuts.button")}</Link>
          </Text>
        </Box>
      </BlockStack>
      {modal ? (
        <InboxBulkModal
          kind={modal}
          count={targetIds().length}
          team={options.team}
          tags={options.tags}
          loading={fetcher.state !== "idle"}
          onClose={() => setModal(null)}
          onSubmit={onModalSubmit}
        />
      ) : null}
      {showShortcuts ? <ShortcutsModal onClose={() => setShowShortcuts(false)} /> : null}
    </Page>
  );
}

const SHORTCUTS: [string, MessageKey][] = [
  ["j", "inbox.shortcuts.j"],
  ["k", "inbox.shortcuts.k"],
  ["Enter", "inbox.shortcuts.enter"],
  ["r", "inbox.shortcuts.r"],
  ["e", "inbox.shortcuts.e"],
  ["a", "inbox.shortcuts.a"],
  ["/", "inbox.shortcuts.slash"],
];

function ShortcutsModal({ onClose }: { onClose(): void }) {
  return (
    <Modal open onClose={onClose} title={t("inbox.shortcuts.title")} secondaryActions={[{ content: t("inbox.modal.cancel"), onAction: onClose }]}>
      <Modal.Section>
        <BlockStack gap="200">
          {SHORTCUTS.map(([key, label]) => (
            <InlineStack key={key} gap="300" blockAlign="center">
              <Box minWidth="64px">
                <Text as="span" fontWeight="semibold">
                  <kbd>{key}</kbd>
                </Text>
              </Box>
              <Text as="span">{t(label)}</Text>
            </InlineStack>
          ))}
          <Text as="p" tone="subdued">
            {t("inbox.shortcuts.note")}
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("inbox.title")} />;
}
