import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { requireStaff } from "../auth/staff.server";
import { getShopOverview } from "../insights/overview.server";
import { t, type MessageKey } from "../i18n/en";
import { RouteErrorPage } from "../components/RouteErrorPage";

export const meta: MetaFunction = () => [{ title: t("home.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  const overview = await getShopOverview(shop.id, shop.currencyCode);
  return json({ overview, shopName: shop.name ?? shop.domain });
};

function Metric({ label, value, tone }: { label: string; value: number | string; tone?: "critical" | "attention" }) {
  return (
    <BlockStack gap="100">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <InlineStack gap="200" blockAlign="center">
        <Text as="p" variant="headingLg">
          {typeof value === "number" ? value.toLocaleString("en") : value}
        </Text>
        {tone && typeof value === "number" && value > 0 ? (
          <Badge tone={tone}>{tone === "critical" ? "Needs attention" : "Waiting"}</Badge>
        ) : null}
      </InlineStack>
    </BlockStack>
  );
}

function MetricCard({
  heading,
  columns,
  children,
}: {
  heading: string;
  columns: 2 | { xs: 2; md: 5 };
  children: React.ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        <InlineGrid columns={columns} gap="400">
          {children}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}

function formatMoney(amount: string, currencyCode: string) {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency: currencyCode,
  }).format(Number(amount));
}

export default function Home() {
  const { overview } = useLoaderData<typeof loader>();
  const { cases, orders, returns, refunds, openByTopic } = overview;
  const empty = cases.total === 0 && orders.mirrored === 0;

  return (
    <Page title={t("home.title")} primaryAction={{ content: t("home.openInbox"), url: "/app/cases" }}>
      <TitleBar title={t("home.title")} />
      <Layout>
        {empty ? (
          <Layout.Section>
            <Card>
              <EmptyState heading={t("home.empty.heading")} image="/empty-state.svg">
                <p>{t("home.empty.body")}</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <MetricCard heading={t("home.cases.heading")} columns={{ xs: 2, md: 5 }}>
            <Metric label={t("home.cases.open")} value={cases.OPEN} />
            <Metric label={t("home.cases.unassigned")} value={cases.unassignedOpen} tone="critical" />
            <Metric label={t("home.cases.pending")} value={cases.PENDING} />
            <Metric label={t("home.cases.snoozed")} value={cases.SNOOZED} />
            <Metric label={t("home.cases.resolved7d")} value={cases.resolvedLast7Days} />
          </MetricCard>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <MetricCard heading={t("home.orders.heading")} columns={2}>
            <Metric label={t("home.orders.mirrored")} value={orders.mirrored} />
            <Metric label={t("home.orders.unfulfilled")} value={orders.unfulfilled} />
            <Metric label={t("home.orders.inTransit")} value={orders.inTransit} />
            <Metric label={t("home.orders.delivered30d")} value={orders.deliveredLast30Days} />
          </MetricCard>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <MetricCard heading={t("home.returns.heading")} columns={2}>
            <Metric label={t("home.returns.requested")} value={returns.requested} tone="attention" />
            <Metric label={t("home.returns.refunds30d")} value={refunds.last30Days} />
            <Metric
              label={t("home.returns.refunded30d")}
              value={formatMoney(refunds.amountLast30Days, refunds.currencyCode)}
            />
          </MetricCard>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("home.topics.heading")}
              </Text>
              {openByTopic.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("home.topics.empty")}
                </Text>
              ) : (
                <BlockStack gap="200">
                  {openByTopic.map((row) => (
                    <InlineStack key={row.topic} align="space-between">
                      <Text as="span">{t(`topic.${row.topic}` as MessageKey)}</Text>
                      <Text as="span" variant="headingSm">
                        {row.count.toLocaleString("en")}
                      </Text>
                    </InlineStack>
                  ))}
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("insights.home.heading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("insights.home.body")}
              </Text>
              <InlineStack>
                <Button url="/app/insights">{t("insights.home.link")}</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("home.title")} />;
}
