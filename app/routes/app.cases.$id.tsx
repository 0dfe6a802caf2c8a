import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, InlineStack, Layout, Page, Text, Tooltip } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { requireStaff } from "../auth/staff.server";
import { loadCase } from "../cases/case-detail.server";
import { loadCustomerPanel, loadSubscriptions } from "../cases/customer-panel.server";
import { listMacros, recordMacroUse, renderMacroForCase } from "../cases/macros.server";
import { mergeCases } from "../cases/merge-cases.server";
import { addNote, replyToCase, resendTracking, splitMessage } from "../cases/messages.server";
import { retrySend } from "../channels/email/outbox.server";
import { markCaseRead } from "../cases/reads.server";
import { updateCases, type CaseChange } from "../cases/update-cases.server";
import { CaseProperties } from "../components/case/CaseProperties";
import { CaseTimeline } from "../components/case/CaseTimeline";
import { Composer, type ComposerHandle } from "../components/case/Composer";
import { CustomerPanel } from "../components/case/CustomerPanel";
import { DisputeBanner } from "../components/case/DisputeBanner";
import { loadCaseDisputes } from "../disputes/case-disputes.server";
import { ignoreShortcut } from "../components/keyboard";
import { OrderActionsPanel } from "../components/order-actions/OrderActionsPanel";
import { loadOrderActionContext } from "../orders/actions/context.server";
import { getShopSettings } from "../shops/settings.server";
import { MergeModal, SplitModal } from "../components/case/CaseModals";
import { isPresenceHeartbeat, LivePresence, type LivePresenceHandle } from "../components/case/PresenceBar";
import { zonedLocalToDate } from "../components/case/format";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { FeedbackTagControl } from "../components/feedback/TagFeedback";
import { caseFeedback, tagMessage, untagMention } from "../feedback/requests.server";
import { AppError, appErrorsAsResponses, handleErrors } from "../errors.server";
import { t } from "../i18n/en";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `#${data.case.number} · ${data.case.subject}` : t("case.titleFallback") },
];

/** Presence heartbeats (every few seconds) do not reload the case. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  isPresenceHeartbeat(formAction) ? false : defaultShouldRevalidate;

const CaseId = z.uuid({ error: "This case link is not valid. Open the case from the inbox." });
const TimelineQuery = z.object({ before: z.string().min(1).max(200).optional() });

const Body = z.string({ error: "Write a message first." }).max(20_000, { error: "The message is longer than 20,000 characters." });
const Uuid = (what: string) => z.uuid({ error: `${what} is not valid. Reload the case and try again.` });

const CaseForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("reply"),
      body: Body,
      seenMessageId: z.union([Uuid("The last message seen"), z.literal("")]).optional(),
      confirmed: z.literal("1").optional(),
      macroId: z.union([Uuid("The macro"), z.literal("")]).optional(),
      statusAfter: z.enum(["PENDING", "RESOLVED", "OPEN", ""], { error: "The status after sending must be Pending, Resolved or unchanged." }).optional(),
    }),
    z.object({ intent: z.literal("note"), body: Body }),
    z.object({ intent: z.literal("status"), status: z.enum(["OPEN", "PENDING", "RESOLVED", "CLOSED"], { error: "Choose Open, Pending, Resolved or Closed." }) }),
    z.object({ intent: z.literal("snooze"), until: z.string().min(1, { error: "Choose a date and time to snooze until." }) }),
    z.object({ intent: z.literal("assign"), assigneeId: z.union([Uuid("The team member"), z.literal("")]) }),
    z.object({ intent: z.literal("priority"), priority: z.enum(["LOW", "NORMAL", "HIGH", "URGENT"], { error: "Choose Low, Normal, High or Urgent." }) }),
    z.object({
      intent: z.literal("topic"),
      topic: z.enum(["WHERE_IS_MY_ORDER", "RETURN", "REFUND", "CANCEL", "BILLING", "PRODUCT_QUESTION", "DAMAGED_OR_WRONG", "ACCOUNT", "OTHER"], {
        error: "Choose one of the topics in the list.",
      }),
    }),
    z.object({ intent: z.literal("addTag"), tag: z.string().trim().min(1, { error: "Type a tag name." }).max(40, { error: "Tags are at most 40 characters." }) }),
    z.object({ intent: z.literal("removeTag"), tag: z.string().trim().min(1).max(40) }),
    z.object({ intent: z.literal("merge"), otherCaseId: Uuid("The case to merge") }),
    z.object({ intent: z.literal("split"), messageId: Uuid("The message"), subject: z.string().max(200).optional() }),
    z.object({ intent: z.literal("render-macro"), macroId: Uuid("The macro") }),
    z.object({ intent: z.literal("resend-tracking"), orderId: Uuid("The order"), fulfillmentId: z.union([Uuid("The shipment"), z.literal("")]).optional() }),
    z.object({ intent: z.literal("retry-send"), messageId: Uuid("The reply") }),
    // Feedback tags: the fields are checked by the feedback service (app/feedback/requests.server.ts).
    z.looseObject({ intent: z.literal("feedback-tag") }),
    z.object({ intent: z.literal("feedback-untag"), mentionId: Uuid("The feedback tag") }),
  ],
  { error: "This action is not known. Reload the case and try again." },
);

function parseCaseId(raw: string | undefined): string {
  const parsed = CaseId.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "This case does not exist. Open the inbox to find it.");
  return parsed.data.toLowerCase();
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, staff, admin } = await requireStaff(request);
  return appErrorsAsResponses(async () => {
    const caseId = parseCaseId(params.id);
    const query = TimelineQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "The link to earlier messages is not valid. Open the case again from the inbox.");
    const detail = await loadCase(shop.id, staff?.id ?? null, caseId, { before: query.data.before });
    const disputes = await loadCaseDisputes(shop.id, caseId);
    const c = detail.case;
    const [panel, macros] = await Promise.all([
      loadCustomerPanel(shop.id, { id: c.id, customerId: c.customerId, customerEmail: c.customerEmail, customerName: c.customerName }, shop.currencyCode),
      listMacros(shop.id),
      staff ? markCaseRead(shop.id, staff.id, caseId) : Promise.resolve(),
    ]);
    const [subscriptions, orderActions, settings, feedback] = await Promise.all([
      loadSubscriptions(admin, shop, panel.customer.shopifyId),
      loadOrderActionContext(shop.id, panel.orders.map((o) => o.id)),
      getShopSettings(shop.id),
      caseFeedback(shop.id, caseId),
    ]);
    return json({
      ...detail,
      disputes,
      panel,
      subscriptions,
      orderActions,
      requireRefundNote: settings.refunds.requireNote,
      feedback,
      macros: macros.map((m) => ({ id: m.id, name: m.name, topic: m.topic })),
      timeZone: shop.ianaTimezone,
      olderPage: Boolean(query.data.before),
    });
  });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireStaff(request);
  return handleErrors(async () => {
    if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST to change a case.");
    const caseId = parseCaseId(params.id);
    const fields = Object.fromEntries(await request.formData().catch(() => new FormData()));
    const form = CaseForm.safeParse(fields);
    if (!form.success) {
      throw new AppError("bad_request", `The change could not be read: ${form.error.issues.map((i) => i.message).join("; ")}`);
    }
    const staffId = staff?.id ?? null;
    const data = form.data;
    const change = (c: CaseChange) => updateCases(shop.id, { staffId }, [caseId], c);
    switch (data.intent) {
      case "reply": {
        const result = await replyToCase(shop.id, staffId, caseId, {
          body: data.body,
          seenMessageId: data.seenMessageId === undefined ? undefined : data.seenMessageId || null,
          confirmed: data.confirmed === "1",
          macroId: data.macroId || null,
        });
        if ("conflict" in result) return json(result, { status: 409 });
        if (data.macroId) await recordMacroUse(shop.id, data.macroId).catch(() => undefined);
        if (data.statusAfter) await change({ kind: "status", status: data.statusAfter });
        return json({ ok: true as const, intent: "reply", messageId: result.messageId });
      }
      case "note": {
        const result = await addNote(shop.id, staffId, caseId, data.body);
        return json({ ok: true as const, intent: "note", messageId: result.messageId });
      }
      case "status":
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "status", status: data.status })) });
      case "snooze": {
        const until = zonedLocalToDate(data.until, shop.ianaTimezone) ?? new Date(data.until);
        if (Number.isNaN(until.getTime())) throw new AppError("bad_request", "Choose a date and time to snooze until.");
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "snooze", until })) });
      }
      case "assign":
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "assign", assigneeId: data.assigneeId || null })) });
      case "priority":
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "priority", priority: data.priority })) });
      case "topic":
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "topic", topic: data.topic })) });
      case "addTag":
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "addTags", tags: [data.tag] })) });
      case "removeTag":
        return json({ ok: true as const, intent: data.intent, ...(await change({ kind: "removeTags", tags: [data.tag] })) });
      case "merge": {
        const merged = await mergeCases(shop.id, staffId, data.otherCaseId, caseId);
        return json({ ok: true as const, intent: data.intent, merged });
      }
      case "split": {
        const created = await splitMessage(shop.id, staffId, caseId, data.messageId, { subject: data.subject });
        return json({ ok: true as const, intent: data.intent, created });
      }
      case "render-macro": {
        const macro = (await listMacros(shop.id)).find((m) => m.id === data.macroId);
        if (!macro) throw new AppError("not_found", "This macro does not exist any more. Reload the case to see the current macros.");
        const rendered = await renderMacroForCase(shop.id, caseId, macro.body, staffId);
        return json({ ok: true as const, intent: data.intent, text: rendered.text, unresolved: rendered.unresolved });
      }
      case "resend-tracking": {
        const sent = await resendTracking(shop.id, staffId, caseId, { orderId: data.orderId, fulfillmentId: data.fulfillmentId || null });
        return json({ ok: true as const, intent: data.intent, messageId: sent.messageId });
      }
      case "retry-send": {
        await retrySend(shop.id, data.messageId, { caseId });
        return json({ ok: true as const, intent: data.intent, messageId: data.messageId });
      }
      case "feedback-tag": {
        const tagged = await tagMessage(shop.id, staffId, { ...(fields as Record<string, string>), caseId } as Parameters<typeof tagMessage>[2]);
        return json({ ok: true as const, intent: data.intent, ...tagged });
      }
      case "feedback-untag": {
        await untagMention(shop.id, data.mentionId, { caseId });
        return json({ ok: true as const, intent: data.intent });
      }
    }
  });
};

type ActionData =
  | { ok: true; intent: string; merged?: { targetNumber: number; sourceNumber: number }; created?: { caseId: string; number: number } }
  | { error: { code: string; message: string } };

const STATUS_TONE = { OPEN: "attention", PENDING: "info", SNOOZED: undefined, RESOLVED: "success", CLOSED: undefined } as const;

function appBridgeToast(): ((message: string) => void) | null {
  const bridge = (globalThis as { shopify?: { toast?: { show(message: string): void } } }).shopify;
  return bridge?.toast ? (message) => bridge.toast!.show(message) : null;
}

export default function CaseWorkspace() {
  const data = useLoaderData<typeof loader>();
  const c = data.case;
  const revalidator = useRevalidator();
  const composer = useRef<ComposerHandle>(null);
  const actions = useFetcher<ActionData>();
  const [mergeOpen, setMergeOpen] = useState(false);
  const [splitId, setSplitId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; text: string } | null>(null);
  // Typing is told to the presence heartbeat directly: the whole case page does not re-render when typing starts.
  const presenceRef = useRef<LivePresenceHandle>(null);
  const onTypingChange = useCallback((typing: boolean) => presenceRef.current?.setTyping(typing), []);
  const merged = Boolean(c.mergedInto);
  const canReply = Boolean(c.customerEmail) && !merged;

  const submitAction = actions.submit;
  const submit = useCallback((fields: Record<string, string>) => submitAction(fields, { method: "post", action: `/app/cases/${c.id}` }), [submitAction, c.id]);

  useEffect(() => {
    const result = actions.data;
    if (actions.state !== "idle" || !result) return;
    if ("error" in result) {
      setNotice({ tone: "critical", text: result.error.message });
      return;
    }
    let text: string | null = null;
    if (result.merged) {
      setMergeOpen(false);
      text = t("case.merge.done", { from: result.merged.sourceNumber, into: result.merged.targetNumber });
    } else if (result.created) {
      setSplitId(null);
      text = t("case.split.done", { number: result.created.number });
    } else if (result.intent === "status") text = t("case.statusSaved");
    else if (result.intent === "assign") text = t("case.assignSaved");
    else if (result.intent === "retry-send") text = t("email.timeline.retried");
    if (!text) return;
    const toast = appBridgeToast();
    if (toast) toast(text);
    else setNotice({ tone: "success", text });
  }, [actions.state, actions.data]);

  // The inbox's "r" shortcut opens a case at #reply: start in the reply box.
  useEffect(() => {
    if (window.location.hash === "#reply" && !merged) composer.current?.focusReply();
  }, [c.id, merged]);

  // Keyboard: r reply, e resolve, a assign to me; never while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (ignoreShortcut(e) || merged) return;
      if (e.key === "r") {
        e.preventDefault();
        composer.current?.focusReply();
      } else if (e.key === "e") {
        e.preventDefault();
        submit({ intent: "status", status: "RESOLVED" });
      } else if (e.key === "a" && data.viewerId) {
        e.preventDefault();
        submit({ intent: "assign", assigneeId: data.viewerId });
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [submit, data.viewerId, merged]);

  const splitExcerpt = useMemo(() => {
    const m = data.timeline.find((i) => i.id === splitId);
    return m && m.kind === "message" ? m.text.slice(0, 160) : "";
  }, [splitId, data.timeline]);

  // The header's actions as plain buttons: Polaris' Page measures `secondaryActions` (a forced layout of the whole
  // page, 70–90 ms on the case page here) when it mounts and whenever the array changes, which made opening a case
  // and every update on it slower (INP). Two buttons never need rolling up into a menu.
  const mergeCandidateCount = data.panel.mergeCandidates.length;
  const headerActions = useMemo(
    () =>
      merged ? undefined : (
        <ButtonGroup>
          {mergeCandidateCount === 0 ? (
            <Tooltip content={t("case.merge.none")}>
              <Button disabled>{t("case.merge.action")}</Button>
            </Tooltip>
          ) : (
            <Button onClick={() => setMergeOpen(true)}>{t("case.merge.action")}</Button>
          )}
          <Button onClick={() => submit({ intent: "status", status: "RESOLVED" })} disabled={c.status === "RESOLVED" || c.status === "CLOSED"}>
            {t("case.resolve")}
          </Button>
        </ButtonGroup>
      ),
    [merged, mergeCandidateCount, c.status, submit],
  );

  const earlierHref = data.earlierCursor ? `/app/cases/${c.id}?before=${encodeURIComponent(data.earlierCursor)}` : null;

  return (
    <Page
      backAction={{ content: t("case.back"), url: "/app/cases" }}
      title={`#${c.number} · ${c.subject}`}
      titleMetadata={<Badge tone={STATUS_TONE[c.status]}>{t(`case.status.${c.status}`)}</Badge>}
      subtitle={[c.customerName, c.customerEmail].filter(Boolean).join(" · ") || undefined}
      primaryAction={headerActions}
    >
      <TitleBar title={`#${c.number} · ${c.subject}`} />
      <style>{".casefile-message-html img{max-width:100%;height:auto}.casefile-message-html p{margin:0 0 .5em}.casefile-message-html blockquote{margin:0 0 .5em;padding-left:.75em;border-left:3px solid var(--p-color-border)}"}</style>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {c.mergedInto ? (
              <Banner tone="info" title={t("case.mergedInto.title", { number: c.mergedInto.number })} action={{ content: t("case.mergedInto.open", { number: c.mergedInto.number }), url: `/app/cases/${c.mergedInto.id}` }}>
                <p>{t("case.mergedInto.body")}</p>
              </Banner>
            ) : null}
            <LivePresence ref={presenceRef} caseId={c.id} loadedMessageId={c.latestMessage?.id ?? null} viewerId={data.viewerId} onReload={() => revalidator.revalidate()} />
            <DisputeBanner disputes={data.disputes} timeZone={data.timeZone} />
            {notice ? (
              <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
                <p>{notice.text}</p>
              </Banner>
            ) : null}
            {data.suggestions.map((s) => (
              <Banner key={s.id} tone="info" title={t("case.suggestion.title")}>
                <p>{s.text}</p>
              </Banner>
            ))}
            {data.olderPage ? (
              <InlineStack gap="200" blockAlign="center">
                <Text as="p" tone="subdued">
                  {t("case.timeline.olderPage")}
                </Text>
                <Button variant="plain" url={`/app/cases/${c.id}`}>
                  {t("case.timeline.latest")}
                </Button>
              </InlineStack>
            ) : null}
            <CaseTimeline
              items={data.timeline}
              timeZone={data.timeZone}
              earlierHref={earlierHref}
              onSplit={setSplitId}
              canSplit={!merged}
              onRetry={(messageId) => submit({ intent: "retry-send", messageId })}
              retryingId={actions.state !== "idle" && actions.formData?.get("intent") === "retry-send" ? String(actions.formData.get("messageId")) : null}
              renderMessageExtras={(m) =>
                m.direction === "INBOUND" ? (
                  <FeedbackTagControl
                    caseId={c.id}
                    messageId={m.id}
                    author={m.authorName ?? m.authorEmail ?? t("case.author.customer")}
                    feedback={data.feedback}
                    disabled={merged}
                    onError={(text) => setNotice({ tone: "critical", text })}
                  />
                ) : null
              }
            />
            {merged ? null : (
              <Composer
                ref={composer}
                caseId={c.id}
                canReply={canReply}
                customerEmail={c.customerEmail}
                macros={data.macros}
                seenMessageId={c.latestMessage?.id ?? null}
                timeZone={data.timeZone}
                onTypingChange={onTypingChange}
              />
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <CaseProperties
              caseId={c.id}
              status={c.status}
              priority={c.priority}
              topic={c.topic}
              tags={c.tags}
              knownTags={data.tags}
              assigneeId={c.assignee?.id ?? null}
              snoozedUntil={c.snoozedUntil}
              sla={c.sla}
              urgent={c.urgent}
              sentiment={c.sentiment}
              staff={data.staff}
              viewerId={data.viewerId}
              timeZone={data.timeZone}
              disabled={merged}
            />
            <CustomerPanel
              caseId={c.id}
              panel={data.panel}
              subscriptions={data.subscriptions}
              timeZone={data.timeZone}
              renderOrderActions={(order) => {
                const context = data.orderActions.find((o) => o.id === order.id);
                return context ? <OrderActionsPanel caseId={c.id} order={context} requireRefundNote={data.requireRefundNote} /> : null;
              }}
            />
            <Text as="p" tone="subdued" variant="bodySm">
              {t("case.shortcuts")}
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <MergeModal
        open={mergeOpen}
        number={c.number}
        candidates={data.panel.mergeCandidates}
        loading={actions.state !== "idle" && actions.formData?.get("intent") === "merge"}
        onClose={() => setMergeOpen(false)}
        onMerge={(otherCaseId) => submit({ intent: "merge", otherCaseId })}
      />
      <SplitModal
        messageId={splitId}
        excerpt={splitExcerpt}
        loading={actions.state !== "idle" && actions.formData?.get("intent") === "split"}
        onClose={() => setSplitId(null)}
        onSplit={(messageId, subject) => submit({ intent: "split", messageId, subject })}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("case.titleFallback")} />;
}
