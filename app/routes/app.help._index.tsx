import { useEffect, useMemo, useRef, useState } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, EmptyState, IndexFilters, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow } from "../components/settings/request.server";
import { AppError } from "../errors.server";
import { ArticleListQuery, listArticles } from "../help/articles.server";
import { t, type MessageKey } from "../i18n/en";
import { getShopSettings, topicOptions } from "../shops/settings.server";
import { useIndexFiltersMode } from "../components/index-filters-mode";

export const meta: MetaFunction = () => [{ title: t("help.title") }];

const STATUSES = ["all", "published", "draft"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const params = new URL(request.url).searchParams;
    const query = ArticleListQuery.safeParse({ q: params.get("q") ?? undefined, status: params.get("status") ?? undefined });
    if (!query.success) throw new AppError("bad_request", query.error.issues[0]?.message ?? "The search could not be read.");
    const [access, list, settings] = await Promise.all([settingsAccess(ctx), listArticles(ctx.shop.id, query.data), getShopSettings(ctx.shop.id)]);
    const topicLabels = Object.fromEntries(topicOptions(settings).map((o) => [o.topic, o.label || t(`topic.${o.topic}` as MessageKey)]));
    return json({ ...access, query: query.data, ...list, topicLabels });
  });
};

export default function HelpCenter() {
  const { canEdit, readOnlyReason, query, articles, total, topicLabels } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { mode, setMode } = useIndexFiltersMode();
  const [queryText, setQueryText] = useState(query.q);
  // A confirmation handed over by the editor (after a delete, in the demo where no App Bridge toast exists).
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>(null);
  // Read after hydration: a reload keeps the history entry's state, which the server never saw.
  useEffect(() => {
    const handed = (location.state as { notice?: unknown } | null)?.notice;
    setNotice(typeof handed === "string" ? handed : null);
  }, [location.key, location.state]);

  const go = (next: { q?: string; status?: string }) => {
    const params = new URLSearchParams();
    const q = next.q ?? query.q;
    const status = next.status ?? query.status;
    if (q) params.set("q", q);
    if (status !== "all") params.set("status", status);
    const search = params.toString();
    navigate(`/app/help${search ? `?${search}` : ""}`, { replace: true, preventScrollReset: true });
  };

  // Search as the merchant types (debounced); the field follows the URL on back/forward.
  const sent = useRef(query.q);
  useEffect(() => {
    if (query.q !== sent.current) {
      sent.current = query.q;
      setQueryText(query.q);
    }
  }, [query.q]);
  useEffect(() => {
    if (queryText.trim() === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = queryText.trim();
      go({ q: queryText.trim() });
    }, 300);
    return () => clearTimeout(timer);
    // go is recreated every render; the query text is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryText]);

  const tabs = STATUSES.map((status, index) => ({
    id: `help-${status}`,
    content: t(`help.tab.${status}` as MessageKey),
    index,
    onAction: () => go({ status }),
    isLocked: true,
  }));
  const emptyShop = total === 0;
  const filtered = query.q !== "" || query.status !== "all";


  // Memoised: typing in the search field and the tabs re-render the filters, not every row.
  const table = useMemo(() => {
    const rows = articles.map((article, index) => (
      <IndexTable.Row id={article.id} key={article.id} position={index} onClick={() => navigate(`/app/help/${article.id}`)}>
        <IndexTable.Cell>
          <Box maxWidth="440px">
            <BlockStack gap="100">
              <Link url={`/app/help/${article.id}`} removeUnderline monochrome dataPrimaryLink>
                <Text as="span" fontWeight="semibold">
                  {article.title}
                </Text>
              </Link>
              <Text as="span" tone="subdued" truncate>
                {article.excerpt}
              </Text>
            </BlockStack>
          </Box>
        </IndexTable.Cell>
        <IndexTable.Cell>
          {article.published ? <Badge tone="success">{t("help.published")}</Badge> : <Badge>{t("help.draft")}</Badge>}
        </IndexTable.Cell>
        <IndexTable.Cell>
          {article.topic ? (
            <Text as="span">{topicLabels[article.topic]}</Text>
          ) : (
            <Text as="span" tone="subdued">
              {t("help.noTopic")}
            </Text>
          )}
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {article.viewCount.toLocaleString("en")}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" tone="subdued">
            {new Date(article.updatedAt).toLocaleDateString("en", { month: "short", day: "numeric", year: "numeric" })}
          </Text>
        </IndexTable.Cell>
      </IndexTable.Row>
    ));
    return (
      <IndexTable
        resourceName={{ singular: t("help.resource.singular"), plural: t("help.resource.plural") }}
        itemCount={articles.length}
        selectable={false}
        emptyState={
          filtered ? (
            <EmptyState heading={t("help.noMatch.heading")} image="">
              <p>{t("help.noMatch.body")}</p>
            </EmptyState>
          ) : undefined
        }
        headings={[
          { title: t("help.column.title") },
          { title: t("help.column.status") },
          { title: t("help.column.topic") },
          { title: t("help.column.views"), alignment: "end" },
          { title: t("help.column.updated") },
        ]}
      >
        {rows}
      </IndexTable>
    );
  }, [articles, filtered, topicLabels, navigate]);

  return (
    <Page
      title={t("help.title")}
      subtitle={t("help.subtitle")}
      primaryAction={{ content: t("help.new"), disabled: !canEdit, url: "/app/help/new" }}
    >
      <TitleBar title={t("help.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notice ? (
              <Banner tone="success" onDismiss={() => setNotice(null)}>
                <p>{notice}</p>
              </Banner>
            ) : null}
            {readOnlyReason ? (
              <Banner tone="info" title={t("help.readOnly.title")}>
                <p>{readOnlyReason}</p>
              </Banner>
            ) : null}
            <Card padding="0">
              {emptyShop ? (
                <EmptyState
                  heading={t("help.empty.heading")}
                  image="/empty-state.svg"
                  action={canEdit ? { content: t("help.new"), url: "/app/help/new" } : undefined}
                >
                  <p>{t("help.empty.body")}</p>
                </EmptyState>
              ) : (
                <>
                  <IndexFilters
                    tabs={tabs}
                    selected={Math.max(0, STATUSES.indexOf(query.status))}
                    onSelect={(index) => go({ status: STATUSES[index] })}
                    queryValue={queryText}
                    queryPlaceholder={t("help.search.placeholder")}
                    onQueryChange={setQueryText}
                    onQueryClear={() => setQueryText("")}
                    filters={[]}
                    appliedFilters={[]}
                    onClearAll={() => setQueryText("")}
                    mode={mode}
                    setMode={setMode}
                    cancelAction={{ onAction: () => setQueryText(""), disabled: false, loading: false }}
                    canCreateNewView={false}
                    hideFilters
                  />
                  {table}
                </>
              )}
            </Card>
            {!emptyShop ? (
              <Text as="p" tone="subdued" alignment="center">
                {t("help.count", { shown: articles.length, total })}
              </Text>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("help.title")} />;
}
