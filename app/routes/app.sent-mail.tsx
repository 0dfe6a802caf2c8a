import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireStaff } from "../auth/staff.server";
import { demoCaptureServer } from "../channels/email/capture-server.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { AppError, errorResponse } from "../errors.server";
import { t } from "../i18n/en";

export const meta: MetaFunction = () => [{ title: t("email.sent.title") }];

const SHOWN = 50;

/** Demo only: the mail the demo's local SMTP server captured, newest first. Anywhere else this page does not exist. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { demo } = await requireStaff(request);
  if (!demo) throw errorResponse(new AppError("not_found", "This page exists only in the demo."));
  const server = demoCaptureServer();
  const messages = (server?.messages ?? [])
    .slice(-SHOWN)
    .reverse()
    .map((m) => ({
      id: m.id,
      receivedAt: m.receivedAt,
      subject: m.subject,
      from: m.from,
      to: m.to,
      replyTo: m.replyTo,
      messageId: m.messageId,
      inReplyTo: m.inReplyTo,
      references: m.references,
      text: m.text,
    }));
  return json({ running: Boolean(server), messages });
};

function Header({ name, value }: { name: string; value: string }) {
  if (!value) return null;
  return (
    <InlineStack gap="200" wrap={false} blockAlign="start">
      <Box minWidth="110px">
        <Text as="dt" variant="bodySm" tone="subdued">
          {name}
        </Text>
      </Box>
      <Text as="dd" variant="bodySm" breakWord>
        {value}
      </Text>
    </InlineStack>
  );
}

export default function SentMail() {
  const { running, messages } = useLoaderData<typeof loader>();
  return (
    <Page title={t("email.sent.title")} subtitle={t("email.sent.subtitle")} backAction={{ content: t("nav.home"), url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!running ? (
              <Banner tone="warning">
                <p>{t("email.sent.notRunning")}</p>
              </Banner>
            ) : null}
            {messages.length === 0 ? (
              <Card>
                <EmptyState heading={t("email.sent.empty.heading")} image="" action={{ content: t("nav.inbox"), url: "/app/cases" }}>
                  <p>{t("email.sent.empty.body")}</p>
                </EmptyState>
              </Card>
            ) : (
              messages.map((m) => (
                <Card key={m.id}>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {m.subject || "(no subject)"}
                      </Text>
                      <Badge>{m.to}</Badge>
                    </InlineStack>
                    <dl aria-label={t("email.sent.headers")} style={{ margin: 0, display: "grid", gap: "var(--p-space-100)" }}>
                      <Header name={t("email.sent.from")} value={m.from} />
                      <Header name={t("email.sent.to")} value={m.to} />
                      <Header name={t("email.sent.replyTo")} value={m.replyTo} />
                      <Header name={t("email.sent.messageId")} value={m.messageId} />
                      <Header name={t("email.sent.inReplyTo")} value={m.inReplyTo} />
                      <Header name={t("email.sent.references")} value={m.references.join(" ")} />
                      <Header name={t("email.sent.date")} value={new Date(m.receivedAt).toUTCString()} />
                    </dl>
                    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                      <Text as="p" breakWord>
                        <span style={{ whiteSpace: "pre-wrap" }}>{m.text}</span>
                      </Text>
                    </Box>
                  </BlockStack>
                </Card>
              ))
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("email.sent.title")} />;
}
