import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { AppError, appErrorsAsResponses, handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { enqueueWebhookProcessing } from "../jobs/queue.server";
import { enqueueReconcile } from "../sync/enqueue.server";
import { countSyncProblems, listSyncProblems, markForRetry } from "../sync/sync-problems.server";
import { latestSyncRuns } from "../sync/sync-runs.server";
import { useCursorPagination } from "../components/cursor-pagination";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { ListCard } from "../components/ListCard";

export const meta: MetaFunction = () => [{ title: t("sync.title") }];

const SyncListQuery = z.object({ cursor: z.string().min(1).max(512).optional() });
const SyncForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("retry"),
      eventId: z.uuid({ error: "eventId must be the id of a failed update" }),
    }),
    z.object({ intent: z.literal("sync-now") }),
  ],
  { error: "intent must be retry or sync-now" }
);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return appErrorsAsResponses(async () => {
    const query = SyncListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request", "The page link is not valid. Open the list from its first page.");
    const [page, total, runs] = await Promise.all([
      listSyncProblems(shop.domain, { cursor: query.data.cursor }),
      countSyncProblems(shop.domain),
      latestSyncRuns(shop.id),
    ]);
    return json({ ...page, total, runs, firstPage: !query.data.cursor, timeZone: shop.ianaTimezone });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return handleErrors(async () => {
    const fields = Object.fromEntries(await request.formData().catch(() => new FormData()));
    const form = SyncForm.safeParse(fields);
    if (!form.success) {
      throw new AppError(
        "bad_request",
        `The ${fields.intent === "sync-now" ? "sync" : "retry"} could not be read: ${form.error.issues
          .map((i) => i.message)
          .join("; ")}.`
      );
    }
    if (form.data.intent === "sync-now") {
      await enqueueReconcile(shop.id);
      return json({ ok: true as const, synced: true as const });
    }
    const retried = await markForRetry(shop.domain, form.data.eventId, enqueueWebhookProcessing);
    return json({ ok: true as const, retried: { id: retried.id, topic: retried.topic } });
  });
};

type ActionData =
  | { ok: true; retried: { id: string; topic: string } }
  | { ok: true; synced: true }
  | { error: { code: string; message: string } };

/** App Bridge's toast inside Shopify admin; the demo (no App Bridge) shows a Banner instead. */
function appBridgeToast(): ((message: string) => void) | null {
  const bridge = (globalThis as { shopify?: { toast?: { show(message: string): void } } }).shopify;
  return bridge?.toast ? (message) => bridge.toast!.show(message) : null;
}

export default function SyncProblems() {
  const { problems, nextCursor, total, runs, firstPage, timeZone } = useLoaderData<typeof loader>();
  const pagination = useCursorPagination("/app/sync", { firstPage, nextCursor });
  const fetcher = useFetcher<ActionData>();
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; message: string } | null>(null);
  const syncFetcher = useFetcher<ActionData>();
  const pendingId = fetcher.state === "idle" ? null : String(fetcher.formData?.get("eventId") ?? "");

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    if ("ok" in data) {
      const message = "retried" in data ? t("sync.retried", { topic: data.retried.topic }) : t("sync.orders.queued");
      const toast = appBridgeToast();
      if (toast) toast(message);
      else setNotice({ tone: "success", message });
    } else {
      setNotice({ tone: "critical", message: data.error.message });
    }
  }, [fetcher.state, fetcher.data]);

  useEffect(() => {
    const data = syncFetcher.data;
    if (syncFetcher.state !== "idle" || !data) return;
    if ("ok" in data) {
      const toast = appBridgeToast();
      if (toast) toast(t("sync.orders.queued"));
      else setNotice({ tone: "success", message: t("sync.orders.queued") });
    } else {
      setNotice({ tone: "critical", message: data.error.message });
    }
  }, [syncFetcher.state, syncFetcher.data]);

  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));

  const rows = problems.map((problem, index) => (
    <IndexTable.Row id={problem.id} key={problem.id} position={index}>
      <IndexTable.Cell>
        <Text as="span" variant="bodyMd" fontWeight="semibold">
          {problem.topic}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDate(problem.receivedAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {problem.attempts}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" tone={problem.lastError ? "critical" : "subdued"} breakWord>
          {problem.lastError ?? t("sync.noError")}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="retry" />
          <input type="hidden" name="eventId" value={problem.id} />
          <Button
            submit
            size="slim"
            loading={pendingId === problem.id}
            disabled={pendingId !== null && pendingId !== problem.id}
            accessibilityLabel={t("sync.retryLabel", {
              topic: problem.topic,
              received: formatDate(problem.receivedAt),
            })}
          >
            {t("sync.retry")}
          </Button>
        </fetcher.Form>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  const empty = firstPage && problems.length === 0;

  return (
    <Page
      title={t("sync.title")}
      subtitle={
        total > 0
          ? `${total.toLocaleString("en")} ${t(total === 1 ? "sync.resource.singular" : "sync.resource.plural")}`
          : undefined
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Banner tone={empty ? "info" : "warning"} title={t("sync.banner.title")}>
              <p>{t("sync.banner.body")}</p>
            </Banner>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("sync.orders.heading")}
                  </Text>
                  <syncFetcher.Form method="post">
                    <input type="hidden" name="intent" value="sync-now" />
                    <Button submit loading={syncFetcher.state !== "idle"}>
                      {t("sync.orders.syncNow")}
                    </Button>
                  </syncFetcher.Form>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {t("sync.orders.body")}
                </Text>
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                  <SyncRunSummary title={t("sync.orders.backfill")} run={runs.backfill} formatDate={formatDate} />
                  <SyncRunSummary title={t("sync.orders.reconcile")} run={runs.reconcile} formatDate={formatDate} />
                </InlineGrid>
              </BlockStack>
            </Card>
            {notice ? (
              <Banner
                tone={notice.tone}
                title={notice.tone === "critical" ? t("sync.retryFailed") : undefined}
                onDismiss={() => setNotice(null)}
              >
                <p>{notice.message}</p>
              </Banner>
            ) : null}
            <ListCard empty={empty} emptyHeading={t("sync.empty.heading")} emptyBody={t("sync.empty.body")}>
              <IndexTable
                resourceName={{ singular: t("sync.resource.singular"), plural: t("sync.resource.plural") }}
                itemCount={problems.length}
                selectable={false}
                headings={[
                  { title: t("sync.column.topic") },
                  { title: t("sync.column.received") },
                  { title: t("sync.column.attempts"), alignment: "end" },
                  { title: t("sync.column.error") },
                  { title: t("sync.column.action"), hidden: true },
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

interface SyncRunView {
  status: "RUNNING" | "COMPLETED" | "FAILED";
  ordersApplied: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const STATUS_TONE = { RUNNING: "info", COMPLETED: "success", FAILED: "critical" } as const;

function SyncRunSummary({
  title,
  run,
  formatDate,
}: {
  title: string;
  run: SyncRunView | null;
  formatDate: (iso: string) => string;
}) {
  return (
    <Box>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {title}
          </Text>
          {run ? <Badge tone={STATUS_TONE[run.status]}>{t(`sync.orders.status.${run.status}`)}</Badge> : null}
        </InlineStack>
        {run ? (
          <BlockStack gap="100">
            <Text as="p">{t("sync.orders.applied", { count: run.ordersApplied.toLocaleString("en") })}</Text>
            <Text as="p" tone="subdued">
              {t("sync.orders.started", { at: formatDate(run.startedAt) })}
              {run.finishedAt ? ` · ${t("sync.orders.finished", { at: formatDate(run.finishedAt) })}` : ""}
            </Text>
            {run.status === "FAILED" ? (
              <Banner tone="critical" title={t("sync.orders.failed")}>
                <p>{run.error}</p>
              </Banner>
            ) : null}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("sync.orders.none")}
          </Text>
        )}
      </BlockStack>
    </Box>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("sync.title")} />;
}
