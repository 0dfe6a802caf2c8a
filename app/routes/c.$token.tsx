// The shopper's conversation page, reached from the signed link in every email (/c/<token>): no Shopify
// login — the signed token is the key. Shows the customer's messages and the staff's replies (never internal
// notes or timeline events) and takes a reply into the same case.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LINK_STATUS, resolveLink, shopperConversation, shopperReply, type ShopperConversation } from "../channels/shopper-conversation.server";
import { SHOPPER_REPLY_MAX_LENGTH } from "../channels/shopper-limits";
import { formatWhen, LinkProblemPage, Notice, SHOPPER_HEADERS, ShopperPage, type LinkProblem } from "../components/shopper-page";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";

type LoaderData = { state: LinkProblem } | { state: "ok"; conversation: ShopperConversation; sent: "sent" | "reopened" | null };
type ActionData = { error: string; body: string };

function problem(state: LinkProblem) {
  return json({ state } satisfies LoaderData, { status: LINK_STATUS[state], headers: SHOPPER_HEADERS });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.state === "ok" ? t("shopper.pageTitle", { shop: data.conversation.shopName }) : t("shopper.link.invalidTitle") },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = await resolveLink(params.token ?? "", "conversation");
  if (target.state !== "ok") return problem(target.state);
  const conversation = await shopperConversation(target.shopId, target.caseId);
  const sent = new URL(request.url).searchParams.get("sent");
  return json({ state: "ok", conversation, sent: sent === "reopened" || sent === "sent" ? sent : null } satisfies LoaderData, { headers: SHOPPER_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Send the reply with POST." }, { status: 405, headers: { Allow: "POST" } });
  const token = params.token ?? "";
  const target = await resolveLink(token, "conversation");
  if (target.state !== "ok") return problem(target.state);
  // A body that is not a form (JSON, a broken multipart) reads as an empty form: a 400 naming what is missing, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const body = form.get("body");
  const text = typeof body === "string" ? body : "";
  try {
    const { reopened } = await shopperReply(target.shopId, target.caseId, text);
    return redirect(`/c/${encodeURIComponent(token)}?sent=${reopened ? "reopened" : "sent"}#reply`, { headers: SHOPPER_HEADERS });
  } catch (error) {
    if (error instanceof AppError) {
      return json({ error: error.message, body: text.slice(0, SHOPPER_REPLY_MAX_LENGTH * 2) } satisfies ActionData, { status: error.status, headers: { ...SHOPPER_HEADERS, ...error.headers } });
    }
    throw error;
  }
}

export default function ShopperConversationPage() {
  const data = useLoaderData<typeof loader>() as LoaderData;
  const actionData = useActionData<typeof action>() as Partial<ActionData> | undefined;
  const navigation = useNavigation();
  if (data.state !== "ok") return <LinkProblemPage state={data.state} />;
  const { conversation: c, sent } = data;
  const error = actionData?.error;
  return (
    <ShopperPage shopName={c.shopName} footer={t("shopper.footer")}>
      <h1>{c.subject}</h1>
      <p className="sp-meta">
        {t("shopper.caseLabel", { number: c.number })} · <span className="sp-status">{t(`shopper.status.${c.status}`)}</span>
      </p>
      {c.messages.length === 0 ? (
        <p>{t("shopper.empty")}</p>
      ) : (
        <ol className="sp-thread">
          {c.messages.map((m) => (
            <li key={m.id} className={`sp-msg sp-msg--${m.from}`}>
              <header>
                <strong>{m.author}</strong>
                <time dateTime={m.at}>{formatWhen(m.at)}</time>
              </header>
              <p className="sp-body">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      <h2 id="reply">{t("shopper.reply.heading")}</h2>
      {sent ? <Notice tone="ok">{sent === "reopened" ? t("shopper.reply.reopened") : t("shopper.reply.sent")}</Notice> : null}
      {error ? <Notice tone="bad">{error}</Notice> : null}
      <Form method="post" replace>
        <label htmlFor="reply-body">{t("shopper.reply.label")}</label>
        <textarea
          id="reply-body"
          name="body"
          required
          maxLength={SHOPPER_REPLY_MAX_LENGTH}
          defaultValue={actionData?.body ?? ""}
          aria-describedby="reply-hint"
          aria-invalid={error ? true : undefined}
        />
        <p id="reply-hint" className="sp-hint">
          {t("shopper.reply.hint", { max: SHOPPER_REPLY_MAX_LENGTH.toLocaleString("en") })}
        </p>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("shopper.reply.submit")}
        </button>
      </Form>
    </ShopperPage>
  );
}
