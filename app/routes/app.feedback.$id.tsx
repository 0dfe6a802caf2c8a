import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Link, Modal, Page, ResourceItem, ResourceList, Select, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { formatDate, formatDateTime, formatMoney } from "../components/case/format";
import { KIND_TONE, productAdminUrl, STATUS_TONE } from "../components/feedback/tones";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { AppError, appErrorsAsResponses, handleErrors } from "../errors.server";
import { defaultShippedMessage, notifyShipped, type NotifyResult } from "../feedback/notify-shipped.server";
import { FEEDBACK_STATUSES } from "../feedback/constants";
import { getRequest, requireUuid, setRequestStatus, untagMention } from "../feedback/requests.server";
import { t } from "../i18n/en";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.request.title} · ${t("feedback.title")}` : t("feedback.title") }];

const RequestForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("status"), status: z.string() }),
    z.object({ intent: z.literal("notify"), body: z.string({ error: "Write the message to send." }) }),
    z.object({ intent: z.literal("untag"), mentionId: z.string() }),
  ],
  { error: "This action is not known. Reload the page and try again." },
);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireStaff(request);
  return appErrorsAsResponses(async () => {
    const detail = await getRequest(shop.id, requireUuid(params.id));
    return json({ ...detail, currency: shop.currencyCode, timeZone: shop.ianaTimezone, defaultMessage: defaultShippedMessage(detail.request.title) });
  });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireStaff(request);
  return handleErrors(async () => {
    if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST to change a feedback request.");
    const id = requireUuid(params.id);
    const fields = Object.fromEntries(await request.formData().catch(() => new FormData()));
    const form = RequestForm.safeParse(fields);
    if (!form.success) throw new AppError("bad_request", form.error.issues.map((i) => i.message).join("; "));
    const data = form.data;
    switch (data.intent) {
      case "status":
        return json({ ok: true as const, intent: data.intent, ...(await setRequestStatus(shop.id, id, { status: data.status })) });
      case "notify":
        return json({ ok: true as const, intent: data.intent, result: await notifyShipped(shop.id, staff?.id ?? null, id, { body: data.body }) });
      case "untag": {
        await getRequest(shop.id, id); // another shop's request is a 404, as for every other intent
        await untagMention(shop.id, data.mentionId, { requestId: id });
        return json({ ok: true as const, intent: data.intent });
      }
    }
  });
};

type ActionData = { ok: true; intent: string; result?: NotifyResult } | { error: { code: string; message: string } };

function appBridgeToast(): ((message: string) => void) | null {
  const bridge = (globalThis as { shopify?: { toast?: { show(message: string): void } } }).shopify;
  return bridge?.toast ? (message) => bridge.toast!.show(message) : null;
}

function describeNotify(result: NotifyResult): string {
  return [
    t("feedback.notify.done", { notified: result.notified }),
    result.skippedNoEmail ? t("feedback.notify.skipped", { count: result.skippedNoEmail }) : "",
    result.failed.length ? t("feedback.notify.failed", { list: result.failed.map((f) => `#${f.caseNumber} (${f.reason})`).join(", ") }) : "",
    result.remaining ? t("feedback.notify.remaining", { count: result.remaining }) : "",
  ]
    .filter(Boolean)
    .join(" ");
}

export default function FeedbackRequestPage() {
  const { request: r, mentions, totals, currency, timeZone, defaultMessage } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ActionData>();
  const [status, setStatus] = useState<string>(r.status);
  const [notifyOpen, setNotifyOpen] = useState(false);
  const [message, setMessage] = useState(defaultMessage);
  const [notice, setNotice] = useState<{ tone: "success" | "critical" | "warning"; text: string } | null>(null);
  const busy = (intent: string) => fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent;

  useEffect(() => setStatus(r.status), [r.status]);

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result) return;
    if ("error" in result) {
      setNotice({ tone: "critical", text: result.error.message });
      return;
    }
    let text = "";
    if (result.intent === "notify" && result.result) {
      setNotifyOpen(false);
      text = describeNotify(result.result);
      // Skips and failures are worth reading: a banner, not a toast.
      if (result.result.skippedNoEmail || result.result.failed.length || result.result.remaining) {
        setNotice({ tone: "warning", text });
        return;
      }
    } else if (result.intent === "status") text = t("feedback.detail.statusSaved");
    else if (result.intent === "untag") text = t("feedback.mentions.removed");
    const toast = appBridgeToast();
    if (toast) toast(text);
    else setNotice({ tone: "success", text });
  }, [fetcher.state, fetcher.data]);

  const shipped = r.status === "SHIPPED";
  const notifyLabel = totals.toNotify === 1 ? t("feedback.notify.actionOne") : t("feedback.notify.action", { count: totals.toNotify });
  const product = r.productTitle ?? (r.productId ? r.productId : null);

  return (
    <Page
      backAction={{ content: t("feedback.back"), url: "/app/feedback" }}
      title={r.title}
      titleMetadata={
        <InlineStack gap="200">
          <Badge tone={KIND_TONE[r.kind]}>{t(`feedback.kind.${r.kind}`)}</Badge>
          <Badge tone={STATUS_TONE[r.status]}>{t(`feedback.status.${r.status}`)}</Badge>
        </InlineStack>
      }
      subtitle={t("feedback.detail.summary", { mentions: totals.mentions, customers: totals.customers, revenue: formatMoney(totals.revenue, currency) })}
      primaryAction={{
        content: notifyLabel,
        disabled: !shipped || totals.toNotify === 0,
        helpText: !shipped ? t("feedback.notify.notShipped") : totals.toNotify === 0 ? t("feedback.notify.nobody") : undefined,
        onAction: () => setNotifyOpen(true),
      }}
    >
      <TitleBar title={r.title} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notice ? (
              <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
                <p>{notice.text}</p>
              </Banner>
            ) : null}
            {shipped && totals.toNotify > 0 ? (
              <Banner tone="info" action={{ content: notifyLabel, onAction: () => setNotifyOpen(true) }}>
                <p>{t("feedback.notify.body")}</p>
              </Banner>
            ) : null}
            <Card padding="0">
              <BlockStack>
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="h2" variant="headingMd">
                    {t("feedback.mentions.heading")}
                  </Text>
                </div>
                {mentions.length === 0 ? (
                  <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                    <Text as="p" tone="subdued">
                      {t("feedback.mentions.empty")}
                    </Text>
                  </div>
                ) : (
                  <ResourceList
                    resourceName={{ singular: t("feedback.resource.singular"), plural: t("feedback.resource.plural") }}
                    items={mentions}
                    renderItem={(m) => (
                      <ResourceItem id={m.id} url={`/app/cases/${m.caseId}`} accessibilityLabel={t("feedback.mentions.case", { number: m.caseNumber })}>
                        <BlockStack gap="100">
                          <InlineStack align="space-between" blockAlign="center" gap="200">
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="h3" variant="headingSm">
                                {t("feedback.mentions.case", { number: m.caseNumber })}
                              </Text>
                              <Text as="span">{m.customerName ?? t("feedback.mentions.customerUnknown")}</Text>
                              {m.notifiedAt ? <Badge tone="success">{t("feedback.mentions.notified")}</Badge> : null}
                              {!m.notifiedAt && !m.reachable ? <Badge tone="warning">{t("feedback.mentions.noEmail")}</Badge> : null}
                            </InlineStack>
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="span" tone="subdued" variant="bodySm">
                                {formatDateTime(m.messageAt ?? m.taggedAt, timeZone)}
                              </Text>
                              <Button
                                variant="plain"
                                tone="critical"
                                loading={busy("untag") && fetcher.formData?.get("mentionId") === m.id}
                                accessibilityLabel={t("feedback.mentions.removeLabel", { number: m.caseNumber })}
                                onClick={() => fetcher.submit({ intent: "untag", mentionId: m.id }, { method: "post" })}
                              >
                                {t("feedback.mentions.remove")}
                              </Button>
                            </InlineStack>
                          </InlineStack>
                          {m.excerpt ? (
                            <Text as="p" tone="subdued">
                              {`“${m.excerpt}”`}
                            </Text>
                          ) : null}
                        </BlockStack>
                      </ResourceItem>
                    )}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="status" />
                <BlockStack gap="300">
                  <Select
                    label={t("feedback.detail.status")}
                    name="status"
                    options={FEEDBACK_STATUSES.map((s) => ({ label: t(`feedback.status.${s}`), value: s }))}
                    value={status}
                    onChange={setStatus}
                    helpText={t("feedback.detail.statusHelp")}
                  />
                  <InlineStack align="end">
                    <Button submit disabled={status === r.status} loading={busy("status")}>
                      {t("feedback.detail.saveStatus")}
                    </Button>
                  </InlineStack>
                  {r.shippedAt ? (
                    <Text as="p" tone="subdued" variant="bodySm">
                      {t("feedback.detail.shippedAt", { date: formatDate(r.shippedAt, timeZone) })}
                    </Text>
                  ) : null}
                  {r.notifiedAt ? (
                    <Text as="p" tone="subdued" variant="bodySm">
                      {t("feedback.detail.notifiedAt", { date: formatDateTime(r.notifiedAt, timeZone) })}
                    </Text>
                  ) : null}
                </BlockStack>
              </fetcher.Form>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  {t("feedback.detail.product")}
                </Text>
                {r.productId ? (
                  <Link url={productAdminUrl(r.productId)}>
                    {t("feedback.detail.openProduct", { product: product ?? r.productId })}
                  </Link>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("feedback.noProduct")}
                  </Text>
                )}
                <Text as="h2" variant="headingSm">
                  {t("feedback.detail.description")}
                </Text>
                <Text as="p" tone={r.description ? undefined : "subdued"}>
                  {r.description ?? t("feedback.detail.noDescription")}
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("feedback.revenueHelp")}
                </Text>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={notifyOpen}
        onClose={() => setNotifyOpen(false)}
        title={t("feedback.notify.title", { title: r.title })}
        primaryAction={{
          content: t("feedback.notify.confirm", { count: totals.toNotify }),
          loading: busy("notify"),
          disabled: message.trim() === "",
          onAction: () => fetcher.submit({ intent: "notify", body: message }, { method: "post" }),
        }}
        secondaryActions={[{ content: t("feedback.notify.cancel"), onAction: () => setNotifyOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">{t("feedback.notify.body")}</Text>
            {totals.unreachable > 0 ? (
              <Banner tone="warning">
                <p>{t("feedback.notify.unreachable", { count: totals.unreachable })}</p>
              </Banner>
            ) : null}
            <TextField label={t("feedback.notify.message")} value={message} onChange={setMessage} multiline={8} autoComplete="off" maxLength={20_000} />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("feedback.title")} />;
}
