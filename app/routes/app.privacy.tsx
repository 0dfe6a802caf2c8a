import { useState } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { listComplianceRequests, type ComplianceRequestRow } from "../compliance/requests.server";
import { AppError, errorResponse } from "../errors.server";
import { t, type MessageKey } from "../i18n/en";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { useCursorPagination } from "../components/cursor-pagination";
import { ListCard } from "../components/ListCard";

export const meta: MetaFunction = () => [{ title: t("privacy.title") }];

const PrivacyListQuery = z.object({ cursor: z.string().min(1).max(512).optional() });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  try {
    const query = PrivacyListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request", "The page link is not valid. Open the list from its first page.");
    const page = await listComplianceRequests(shop.id, { cursor: query.data.cursor });
    return json({ ...page, firstPage: !query.data.cursor, timeZone: shop.ianaTimezone });
  } catch (error) {
    if (error instanceof AppError) throw errorResponse(error);
    throw error;
  }
};

type Row = Omit<ComplianceRequestRow, "requestedAt" | "completedAt"> & {
  requestedAt: string;
  completedAt: string | null;
};

function customerLabel(row: Row): string {
  if (row.customerEmail) return row.customerEmail;
  if (row.shopifyCustomerId) return t("privacy.customerId", { id: row.shopifyCustomerId });
  return row.kind === "SHOP_REDACT" ? "—" : t("privacy.customerUnknown");
}

/**
 * Fetches the export and saves it. A fetch (not a plain link) because inside Shopify admin App Bridge adds the
 * session token to the app's own fetch requests; a link navigation would carry none.
 */
async function downloadExport(id: string): Promise<void> {
  const response = await fetch(`/app/privacy/${encodeURIComponent(id)}/download`);
  if (!response.ok) throw new Error(`download answered ${response.status}`);
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `customer-data-request-${id}.json`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export default function PrivacyRequests() {
  const { requests, nextCursor, firstPage, timeZone } = useLoaderData<typeof loader>();
  const pagination = useCursorPagination("/app/privacy", { firstPage, nextCursor });
  const [downloading, setDownloading] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));

  async function download(id: string) {
    setDownloading(id);
    setFailed(false);
    try {
      await downloadExport(id);
    } catch {
      setFailed(true);
    } finally {
      setDownloading(null);
    }
  }

  const rows = requests.map((row, index) => {
    const customer = customerLabel(row);
    let exportCell: React.ReactNode = (
      <Text as="span" tone="subdued">
        {t("privacy.noExport")}
      </Text>
    );
    if (row.kind === "CUSTOMER_DATA_REQUEST" && row.downloadable) {
      exportCell = (
        <Button
          size="slim"
          loading={downloading === row.id}
          onClick={() => void download(row.id)}
          accessibilityLabel={t("privacy.downloadLabel", { customer })}
        >
          {t("privacy.download")}
        </Button>
      );
    } else if (row.kind === "CUSTOMER_DATA_REQUEST" && row.completedAt) {
      exportCell = <Badge>{t("privacy.exportErased")}</Badge>;
    }
    return (
      <IndexTable.Row id={row.id} key={row.id} position={index}>
        <IndexTable.Cell>
          <Text as="span" variant="bodyMd" fontWeight="semibold">
            {t(`privacy.kind.${row.kind}` as MessageKey)}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>{customer}</IndexTable.Cell>
        <IndexTable.Cell>{formatDate(row.requestedAt)}</IndexTable.Cell>
        <IndexTable.Cell>
          {row.completedAt ? formatDate(row.completedAt) : <Badge tone="attention">{t("privacy.inProgress")}</Badge>}
        </IndexTable.Cell>
        <IndexTable.Cell>{exportCell}</IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  const empty = firstPage && requests.length === 0;

  return (
    <Page title={t("privacy.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Banner tone="info" title={t("privacy.banner.title")}>
              <p>{t("privacy.banner.body")}</p>
            </Banner>
            {failed ? (
              <Banner tone="critical" title={t("error.title")} onDismiss={() => setFailed(false)}>
                <p>{t("privacy.downloadFailed")}</p>
              </Banner>
            ) : null}
            <ListCard empty={empty} emptyHeading={t("privacy.empty.heading")} emptyBody={t("privacy.empty.body")}>
              <IndexTable
                resourceName={{ singular: t("privacy.resource.singular"), plural: t("privacy.resource.plural") }}
                itemCount={requests.length}
                selectable={false}
                headings={[
                  { title: t("privacy.column.kind") },
                  { title: t("privacy.column.customer") },
                  { title: t("privacy.column.requested") },
                  { title: t("privacy.column.completed") },
                  { title: t("privacy.column.export") },
                ]}
                pagination={pagination}
              >
                {rows}
              </IndexTable>
            </ListCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("privacy.title")} />;
}
