import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useNavigation, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Card, InlineStack, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import appStyles from "../styles/app.css?url";
import { requireStaff } from "../auth/staff.server";
import { isPresenceHeartbeat } from "../components/case/PresenceBar";
import { env } from "../env.server";
import { t } from "../i18n/en";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: appStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { demo, shop, staff } = await requireStaff(request);
  return json({
    apiKey: env().SHOPIFY_API_KEY,
    demo,
    shopName: shop.name ?? shop.domain,
    staffName: staff ? [staff.firstName, staff.lastName].filter(Boolean).join(" ") || staff.email : null,
  });
};

/** The case page's presence heartbeats (every few seconds) do not reload the layout's data. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  isPresenceHeartbeat(formAction) ? false : defaultShouldRevalidate;

/** The app's pages, for Shopify admin's sidebar (NavMenu) and the demo's own navigation. */
const NAV = [
  { to: "/app/cases", label: t("nav.inbox") },
  { to: "/app/insights", label: t("insights.nav") },
  { to: "/app/feedback", label: t("nav.feedback") },
  { to: "/app/help", label: t("nav.help") },
  { to: "/app/settings", label: t("nav.settings") },
  { to: "/app/sync", label: t("sync.title") },
  { to: "/app/privacy", label: t("privacy.title") },
];

/** Pages that exist only in the demo (shown in its navigation, never in Shopify admin's sidebar). */
const DEMO_NAV = [{ to: "/app/sent-mail", label: t("email.nav.sentMail") }];

/**
 * While another page's loaders run, its shape appears at once (Polaris' SkeletonPage), as in Shopify admin. The page
 * being left stays mounted, hidden, until the next one renders: tearing down a 1,500-element inbox in the frame that
 * answers the click would make the click itself slow (INP); React replaces it once the new page's data is there.
 */
function PageOrSkeleton() {
  const navigation = useNavigation();
  const location = useLocation();
  const toAnotherPage = navigation.state === "loading" && navigation.location.pathname !== location.pathname;
  return (
    <>
      {toAnotherPage ? <PageSkeleton /> : null}
      <div hidden={toAnotherPage}>
        <Outlet />
      </div>
    </>
  );
}

function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

export default function AppLayout() {
  const { apiKey, demo, shopName, staffName } = useLoaderData<typeof loader>();

  if (demo) {
    // No Shopify admin around the app: Polaris alone, with a banner saying where we are.
    return (
      <AppProvider isEmbeddedApp={false} apiKey={apiKey}>
        <Box padding="400" paddingBlockEnd="0">
          <Banner tone="info" title={`${shopName} · ${staffName ?? ""}`}>
            <BlockStack gap="200">
              <p>{t("demo.banner")}</p>
              <InlineStack gap="400">
                <Link to="/app">{t("nav.home")}</Link>
                {[...NAV, ...DEMO_NAV].map((item) => (
                  <Link key={item.to} to={item.to}>
                    {item.label}
                  </Link>
                ))}
              </InlineStack>
            </BlockStack>
          </Banner>
        </Box>
        <PageOrSkeleton />
      </AppProvider>
    );
  }

  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          {t("nav.home")}
        </Link>
        {NAV.map((item) => (
          <Link key={item.to} to={item.to}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <PageOrSkeleton />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
