import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, ChoiceList, EmptyState, IndexFilters, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import type { IndexFiltersProps } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { requireStaff } from "../auth/staff.server";
import { formatMoney } from "../components/case/format";
import { KIND_TONE, STATUS_TONE } from "../components/feedback/tones";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { appErrorsAsResponses } from "../errors.server";
import { FEEDBACK_STATUSES, LIST_LIMIT } from "../feedback/constants";
import { countRequests, listRequests, parseListQuery, requestProducts } from "../feedback/requests.server";
import { t, type MessageKey } from "../i18n/en";
import { useIndexFiltersMode } from "../components/index-filters-mode";

export const meta: MetaFunction = () => [{ title: t("feedback.title") }];

const TABS = ["all", ...FEEDBACK_STATUSES] as const;
const SORTS = ["count", "revenue", "newest"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return appErrorsAsResponses(async () => {
    const query = parseListQuery(new URL(request.url).searchParams);
    const [requests, products, any] = await Promise.all([
      listRequests(shop.id, query),
      requestProducts(shop.id),
      countRequests(shop.id).then((n) => n > 0),
    ]);
    return json({
      query: { sort: query.sort, status: query.status, kind: query.kind ?? null, productId: query.productId === undefined ? null : String(query.productId) },
      requests,
      products,
      empty: !any,
      currency: shop.currencyCode,
      limited: requests.length >= LIST_LIMIT,
    });
  });
};

export default function FeedbackList() {
  const { query, requests, products, empty, currency, limited } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { mode, setMode } = useIndexFiltersMode();

  const go = (next: Partial<{ sort: string; status: string; kind: string | null; productId: string | null }>) => {
    const merged = { ...query, ...next };
    const params = new URLSearchParams();
    if (merged.sort !== "count") params.set("sort", merged.sort);
    if (merged.status !== "all") params.set("status", merged.status);
    if (merged.kind) params.set("kind", merged.kind);
    if (merged.productId) params.set("productId", merged.productId);
    const search = params.toString();
    navigate(`/app/feedback${search ? `?${search}` : ""}`, { replace: true, preventScrollReset: true });
  };

  const tabs = TABS.map((status, index) => ({
    id: `feedback-${status}`,
    content: status === "all" ? t("feedback.tab.all") : t(`feedback.status.${status}`),
    index,
    onAction: () => go({ status }),
    isLocked: true,
  }));

  const filters: IndexFiltersProps["filters"] = [
    {
      key: "kind",
      label: t("feedback.filter.kind"),
      filter: (
        <ChoiceList
          title={t("feedback.filter.kind")}
          titleHidden
          choices={[
            { label: t("feedback.kind.PRODUCT_FEEDBACK"), value: "PRODUCT_FEEDBACK" },
            { label: t("feedback.kind.FEATURE_REQUEST"), value: "FEATURE_REQUEST" },
          ]}
          selected={query.kind ? [query.kind] : []}
          onChange={(selected) => go({ kind: selected[0] ?? null })}
        />
      ),
      shortcut: true,
    },
    {
      key: "product",
      label: t("feedback.filter.product"),
      filter: (
        <ChoiceList
          title={t("feedback.filter.product")}
          titleHidden
          choices={products.map((p) => ({ label: p.title, value: p.productId }))}
          selected={query.productId ? [query.productId] : []}
          onChange={(selected) => go({ productId: selected[0] ?? null })}
        />
      ),
      shortcut: true,
    },
  ];
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [
    ...(query.kind ? [{ key: "kind", label: t(`feedback.kind.${query.kind}` as MessageKey), onRemove: () => go({ kind: null }) }] : []),
    ...(query.productId
      ? [{ key: "product", label: products.find((p) => p.productId === query.productId)?.title ?? query.productId, onRemove: () => go({ productId: null }) }]
      : []),
  ];

  const rows = requests.map((r, index) => (
    <IndexTable.Row id={r.id} key={r.id} position={index} onClick={() => navigate(`/app/feedback/${r.id}`)}>
      <IndexTable.Cell>
        <Link url={`/app/feedback/${r.id}`} removeUnderline monochrome dataPrimaryLink>
          <Text as="span" fontWeight="semibold">
            {r.title}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={KIND_TONE[r.kind]}>{t(`feedback.kind.${r.kind}`)}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" tone={r.productTitle ? undefined : "subdued"}>
          {r.productTitle ?? (r.productId ? r.productId : t("feedback.noProduct"))}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {r.mentions.toLocaleString("en")}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatMoney(r.revenue, currency)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={STATUS_TONE[r.status]}>{t(`feedback.status.${r.status}`)}</Badge>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page title={t("feedback.title")} subtitle={t("feedback.subtitle")}>
      <TitleBar title={t("feedback.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card padding="0">
              {empty ? (
                <EmptyState heading={t("feedback.empty.heading")} image="/empty-state.svg" action={{ content: t("feedback.empty.action"), url: "/app/cases" }}>
                  <p>{t("feedback.empty.body")}</p>
                </EmptyState>
              ) : (
                <>
                  <IndexFilters
                    tabs={tabs}
                    selected={Math.max(0, TABS.indexOf(query.status))}
                    onSelect={(index) => go({ status: TABS[index] })}
                    sortOptions={SORTS.map((s) => ({ label: t(`feedback.sort.${s}`), value: `${s} desc` as const, directionLabel: t(`feedback.sort.${s}`) }))}
                    sortSelected={[`${query.sort} desc`]}
                    onSort={(selected) => go({ sort: (selected[0] ?? "count desc").split(" ")[0] })}
                    queryValue=""
                    onQueryChange={() => undefined}
                    onQueryClear={() => undefined}
                    hideQueryField
                    filters={filters}
                    appliedFilters={appliedFilters}
                    onClearAll={() => go({ kind: null, productId: null })}
                    mode={mode}
                    setMode={setMode}
                    canCreateNewView={false}
                  />
                  <IndexTable
                    resourceName={{ singular: t("feedback.resource.singular"), plural: t("feedback.resource.plural") }}
                    itemCount={requests.length}
                    selectable={false}
                    emptyState={
                      <EmptyState heading={t("feedback.noMatch.heading")} image="">
                        <p>{t("feedback.noMatch.body")}</p>
                      </EmptyState>
                    }
                    headings={[
                      { title: t("feedback.column.title") },
                      { title: t("feedback.column.kind") },
                      { title: t("feedback.column.product") },
                      { title: t("feedback.column.mentions"), alignment: "end" },
                      { title: t("feedback.column.revenue"), alignment: "end" },
                      { title: t("feedback.column.status") },
                    ]}
                  >
                    {rows}
                  </IndexTable>
                </>
              )}
            </Card>
            {!empty ? (
              <Text as="p" tone="subdued" alignment="center">
                {limited ? t("feedback.limit", { count: requests.length }) : t("feedback.count", { count: requests.length })} · {t("feedback.revenueHelp")}
              </Text>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("feedback.title")} />;
}
