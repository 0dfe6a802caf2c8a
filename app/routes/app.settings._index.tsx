import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow } from "../components/settings/request.server";
import { t } from "../i18n/en";
import { settingsOverview } from "../shops/settings.server";
import { getSmtpView } from "../channels/email/smtp-settings.server";
import { subscriptionsStatus } from "../subscriptions/webhooks.server";

export const meta: MetaFunction = () => [{ title: t("settings.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const [access, overview, smtp] = await Promise.all([settingsAccess(ctx), settingsOverview(ctx.shop.id), getSmtpView(ctx.shop.id)]);
    return json({ ...access, ...overview, email: { configured: smtp.configured, host: smtp.host, from: smtp.fromAddress }, currencyCode: ctx.shop.currencyCode, subscriptionsOn: subscriptionsStatus(ctx.shop.scopes).readGranted });
  });
};

export default function SettingsOverview() {
  const data = useLoaderData<typeof loader>();
  let limit = data.team.agentLimit;
  try {
    limit = new Intl.NumberFormat("en", { style: "currency", currency: data.currencyCode }).format(Number(data.team.agentLimit));
  } catch {
    // An unknown currency code: show the plain amount.
  }

  const sections = [
    {
      url: "/app/settings/team",
      title: t("settings.overview.team"),
      summary: t("settings.overview.team.summary", { members: data.team.members, admins: data.team.admins, limit }),
    },
    {
      url: "/app/settings/macros",
      title: t("settings.overview.macros"),
      summary: data.macros > 0 ? t("settings.overview.macros.summary", { count: data.macros }) : t("settings.overview.macros.none"),
    },
    {
      url: "/app/settings/tags",
      title: t("settings.overview.tags"),
      summary: data.tags > 0 ? t("settings.overview.tags.summary", { count: data.tags }) : t("settings.overview.tags.none"),
    },
    {
      url: "/app/settings/topics",
      title: t("settings.overview.topics"),
      summary: t("settings.overview.topics.summary", data.topics),
    },
    {
      url: "/app/settings/hours",
      title: t("settings.overview.hours"),
      summary: t("settings.overview.hours.summary", {
        days: data.hours.openDays,
        timezone: data.hours.timezone,
        first: data.hours.firstResponseHours,
      }),
    },
    {
      url: "/app/settings/returns",
      title: t("settings.overview.returns"),
      summary: data.returns.enabled
        ? t("settings.overview.returns.summary", {
            days: data.returns.windowDays,
            start: t(`settings.overview.returns.start.${data.returns.windowStartsAt}`),
            fee: Number(data.returns.fee).toString(),
          })
        : t("settings.overview.returns.off"),
    },
    {
      url: "/app/settings/email",
      title: t("email.settings.overview"),
      summary: data.email.configured ? t("email.settings.overview.summary", { from: data.email.from, host: data.email.host }) : t("email.settings.overview.none"),
    },
    {
      url: "/app/settings/subscriptions",
      title: t("subscriptions.settings.title"),
      summary: data.subscriptionsOn ? t("subscriptions.settings.overview.on") : t("subscriptions.settings.overview.off"),
    },
    {
      url: "/app/settings/automation",
      title: t("automation.title"),
      summary: t("automation.overview.summary"),
    },
    {
      url: "/app/settings/nps",
      title: t("nps.settings.title"),
      summary: t("nps.settings.subtitle"),
    },
  ];

  return (
    <Page title={t("settings.title")} subtitle={t("settings.overview.subtitle")}>
      <TitleBar title={t("settings.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {data.readOnlyReason ? (
              <Banner tone="info" title={t("settings.readOnly.title")}>
                <p>{data.readOnlyReason}</p>
              </Banner>
            ) : null}
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {sections.map((section) => (
                <Card key={section.url}>
                  <BlockStack gap="200" inlineAlign="start">
                    <Text as="h2" variant="headingMd">
                      {section.title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {section.summary}
                    </Text>
                    <Button url={section.url} accessibilityLabel={t("settings.overview.manageLabel", { section: section.title })}>
                      {data.canEdit ? t("settings.manage") : t("settings.view")}
                    </Button>
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("settings.title")} />;
}
