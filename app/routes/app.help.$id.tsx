import { Fragment, useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, type ShouldRevalidateFunction } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, Checkbox, FormLayout, InlineStack, Layout, Modal, Page, Select, Text, TextField } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { appBridgeToast } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { createArticle, deleteArticle, getArticle, updateArticle } from "../help/articles.server";
import { excerptOf, parseMarkdownLite, type Inline } from "../help/markdown-lite";
import { t, type MessageKey } from "../i18n/en";
import { getShopSettings, topicOptions } from "../shops/settings.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.article?.title ?? t("help.create.title") }];

const isNew = (id: string | undefined) => id === "new";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    // Only admins write articles: an agent opening "new" gets the 403 with whom to ask.
    if (isNew(params.id)) await requireAdmin(ctx);
    const [access, article, settings] = await Promise.all([
      settingsAccess(ctx),
      isNew(params.id) ? null : getArticle(ctx.shop.id, params.id ?? ""),
      getShopSettings(ctx.shop.id),
    ]);
    const topics = topicOptions(settings).map((o) => ({ value: o.topic, label: o.label || t(`topic.${o.topic}` as MessageKey) }));
    return json({ ...access, article, topics });
  });
};

type ActionData =
  | { ok: true; message: string; id: string | null }
  | { error: { code: string; message: string; details?: { fieldErrors?: Record<string, string> } } };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    const intent = readIntent(input, ["save", "delete"] as const);
    const shopId = ctx.shop.id;
    if (intent === "delete") {
      const deleted = await deleteArticle(shopId, params.id ?? "");
      return json({ ok: true as const, message: t("help.deleted", { title: deleted.title }), id: null });
    }
    if (isNew(params.id)) {
      const article = await createArticle(shopId, input);
      return json({ ok: true as const, message: t("help.created"), id: article.id }, { status: 201 });
    }
    const article = await updateArticle(shopId, params.id ?? "", input);
    return json({ ok: true as const, message: t("help.saved"), id: article.id });
  });
};

interface Draft {
  title: string;
  body: string;
  topic: string;
  published: boolean;
  slug: string;
}

function InlineText({ content }: { content: Inline[] }) {
  return <>{content.map((part, i) => (part.kind === "bold" ? <strong key={i}>{part.text}</strong> : <Fragment key={i}>{part.text}</Fragment>))}</>;
}

/** The article as the storefront block shows it: the search result line, then the opened article. */
function StorefrontPreview({ draft }: { draft: Draft }) {
  const blocks = useMemo(() => parseMarkdownLite(draft.body), [draft.body]);
  if (!draft.title.trim() && !draft.body.trim()) {
    return (
      <Text as="p" tone="subdued">
        {t("help.preview.empty")}
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      {!draft.published ? (
        <Banner tone="warning">
          <p>{t("help.preview.draft")}</p>
        </Banner>
      ) : null}
      <Text as="h3" variant="headingSm" tone="subdued">
        {t("help.preview.result")}
      </Text>
      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            {draft.title}
          </Text>
          <Text as="p" tone="subdued">
            {excerptOf(draft.body)}
          </Text>
        </BlockStack>
      </Box>
      <Text as="h3" variant="headingSm" tone="subdued">
        {t("help.preview.article")}
      </Text>
      <Box background="bg-surface-secondary" padding="400" borderRadius="200">
        <BlockStack gap="200">
          <Text as="h2" variant="headingLg">
            {draft.title}
          </Text>
          {blocks.map((block, i) =>
            block.kind === "heading" ? (
              <Text key={i} as="p" fontWeight="bold">
                <InlineText content={block.content} />
              </Text>
            ) : block.kind === "list" ? (
              block.ordered ? (
                <ol key={i} style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                  {block.items.map((item, j) => (
                    <li key={j}>
                      <InlineText content={item} />
                    </li>
                  ))}
                </ol>
              ) : (
                <ul key={i} style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                  {block.items.map((item, j) => (
                    <li key={j}>
                      <InlineText content={item} />
                    </li>
                  ))}
                </ul>
              )
            ) : (
              <Text key={i} as="p">
                <InlineText content={block.content} />
              </Text>
            ),
          )}
        </BlockStack>
      </Box>
    </BlockStack>
  );
}

export default function HelpArticleEditor() {
  const { canEdit, readOnlyReason, article, topics } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const initial: Draft = {
    title: article?.title ?? "",
    body: article?.body ?? "",
    topic: article?.topic ?? "",
    published: article?.published ?? false,
    slug: article?.slug ?? "",
  };
  const [draft, setDraft] = useState<Draft>(initial);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; message: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const save = useFetcher<ActionData>();
  const remove = useFetcher<ActionData>();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // The server's answer: a toast (or a Banner in the demo), field errors, and where to go next.
  useEffect(() => {
    if (save.state !== "idle" || !save.data) return;
    const data = save.data;
    if ("ok" in data) {
      const toast = appBridgeToast();
      setNotice(toast ? null : { tone: "success", message: data.message });
      toast?.(data.message);
      setFieldErrors({});
      if (!article && data.id) navigate(`/app/help/${data.id}`, { replace: true });
    } else {
      setNotice({ tone: "critical", message: data.error.message });
      setFieldErrors(data.error.details?.fieldErrors ?? {});
    }
  }, [save.state, save.data, article, navigate]);
  useEffect(() => {
    if (remove.state !== "idle" || !remove.data) return;
    const data = remove.data;
    if ("ok" in data) {
      const toast = appBridgeToast();
      toast?.(data.message);
      // Without App Bridge (the demo) the list shows the confirmation instead.
      navigate("/app/help", { replace: true, state: toast ? undefined : { notice: data.message } });
    } else {
      setConfirmDelete(false);
      setNotice({ tone: "critical", message: data.error.message });
    }
  }, [remove.state, remove.data, navigate]);
  // Saved data comes back through the loader: the form follows it (the slug may have been made from the title).
  useEffect(() => {
    setDraft(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [article?.id, article?.updatedAt]);

  const submit = () => save.submit({ intent: "save", ...draft }, { method: "post", encType: "application/json" });
  const title = article ? (canEdit ? t("help.edit.title") : article.title) : t("help.create.title");

  return (
    <Page
      title={title}
      titleMetadata={article ? article.published ? <Badge tone="success">{t("help.published")}</Badge> : <Badge>{t("help.draft")}</Badge> : undefined}
      backAction={{ content: t("help.back"), url: "/app/help" }}
      primaryAction={canEdit ? { content: t("help.save"), onAction: submit, loading: save.state !== "idle", disabled: !dirty && Boolean(article) } : undefined}
      secondaryActions={canEdit && article ? [{ content: t("help.delete"), destructive: true, onAction: () => setConfirmDelete(true) }] : undefined}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {readOnlyReason ? (
              <Banner tone="info" title={t("help.readOnly.title")}>
                <p>{readOnlyReason}</p>
              </Banner>
            ) : null}
            {notice ? (
              <Banner tone={notice.tone} title={notice.tone === "critical" ? t("help.saveFailed") : undefined} onDismiss={() => setNotice(null)}>
                <p>{notice.message}</p>
              </Banner>
            ) : null}
            <Card>
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (canEdit) submit();
                }}
              >
                <FormLayout>
                  <TextField
                    label={t("help.field.title")}
                    value={draft.title}
                    onChange={set("title")}
                    autoComplete="off"
                    maxLength={150}
                    disabled={!canEdit}
                    error={fieldErrors.title}
                    helpText={t("help.field.titleHelp")}
                  />
                  <TextField
                    label={t("help.field.body")}
                    value={draft.body}
                    onChange={set("body")}
                    multiline={12}
                    maxLength={20000}
                    autoComplete="off"
                    disabled={!canEdit}
                    error={fieldErrors.body}
                    helpText={t("help.field.bodyHelp")}
                  />
                </FormLayout>
              </form>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("help.preview.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("help.preview.help")}
                </Text>
                <StorefrontPreview draft={draft} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("help.details.heading")}
                </Text>
                <Checkbox
                  label={t("help.field.published")}
                  helpText={t("help.field.publishedHelp")}
                  checked={draft.published}
                  onChange={set("published")}
                  disabled={!canEdit}
                  error={fieldErrors.published}
                />
                <Select
                  label={t("help.field.topic")}
                  options={[{ value: "", label: t("help.noTopic") }, ...topics]}
                  value={draft.topic}
                  onChange={set("topic")}
                  disabled={!canEdit}
                  error={fieldErrors.topic}
                  helpText={t("help.field.topicHelp")}
                />
                <TextField
                  label={t("help.field.slug")}
                  value={draft.slug}
                  onChange={(value) => set("slug")(value.toLowerCase())}
                  autoComplete="off"
                  maxLength={80}
                  disabled={!canEdit}
                  error={fieldErrors.slug}
                  helpText={t("help.field.slugHelp")}
                />
              </BlockStack>
            </Card>
            {article ? (
              <Card>
                <BlockStack gap="100">
                  <Text as="p" fontWeight="semibold">
                    {t("help.views", { count: article.viewCount.toLocaleString("en") })}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("help.views.help")}
                  </Text>
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {confirmDelete && article ? (
        <Modal
          open
          onClose={() => setConfirmDelete(false)}
          title={t("help.delete.title", { title: article.title })}
          primaryAction={{
            content: t("help.delete.confirm"),
            destructive: true,
            loading: remove.state !== "idle",
            onAction: () => remove.submit({ intent: "delete" }, { method: "post", encType: "application/json" }),
          }}
          secondaryActions={[{ content: t("help.cancel"), onAction: () => setConfirmDelete(false) }]}
        >
          <Modal.Section>
            <Text as="p">{t("help.delete.body")}</Text>
          </Modal.Section>
        </Modal>
      ) : null}
      {canEdit && dirty ? (
        <Box paddingBlockStart="400">
          <InlineStack align="end">
            <Text as="span" tone="subdued">
              {t("help.unsaved")}
            </Text>
          </InlineStack>
        </Box>
      ) : null}
    </Page>
  );
}

/** After a delete the article is gone: don't reload it (a 404), the page moves to the list. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, formMethod, defaultShouldRevalidate }) => {
  const deleted = formMethod?.toUpperCase() === "POST" && actionResult && typeof actionResult === "object" && "ok" in actionResult && actionResult.id === null;
  return deleted ? false : defaultShouldRevalidate;
};

export function ErrorBoundary() {
  return <RouteErrorPage title={t("help.title")} />;
}
