// "I still need help" behind the signed link under an automatic answer (/help/<token>). GET only shows the button
// (mail link scanners prefetch links; nothing may happen on GET); the POST hands the case to staff at once.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { customerNeedsHelp } from "../channels/automation.server";
import { conversationLink } from "../channels/links.server";
import { LINK_STATUS, resolveLink } from "../channels/shopper-conversation.server";
import { LinkProblemPage, SHOPPER_HEADERS, ShopperPage, type LinkProblem } from "../components/shopper-page";
import db from "../db.server";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";

type LoaderData = { state: LinkProblem } | { state: "ok"; shopName: string; number: number; conversationUrl: string };
type ActionData = { state: "handed_over" | "already"; number: number; shopName: string; conversationUrl: string } | { state: LinkProblem };

export const meta: MetaFunction = () => [{ title: t("automation.needsHelp.pageTitle") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const target = await resolveLink(params.token ?? "", "needs-help");
  if (target.state !== "ok") return json({ state: target.state } satisfies LoaderData, { status: LINK_STATUS[target.state], headers: SHOPPER_HEADERS });
  const c = await db.case.findFirst({ where: { id: target.caseId, shopId: target.shopId }, select: { number: true, shop: { select: { name: true, domain: true } } } });
  if (!c) return json({ state: "not_found" } satisfies LoaderData, { status: 404, headers: SHOPPER_HEADERS });
  return json(
    { state: "ok", shopName: c.shop.name || c.shop.domain, number: c.number, conversationUrl: conversationLink(target.shopId, target.caseId) } satisfies LoaderData,
    { headers: SHOPPER_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Press the button to send this request (POST)." }, { status: 405, headers: { Allow: "POST" } });
  const target = await resolveLink(params.token ?? "", "needs-help");
  if (target.state !== "ok") return json({ state: target.state } satisfies ActionData, { status: LINK_STATUS[target.state], headers: SHOPPER_HEADERS });
  try {
    const outcome = await customerNeedsHelp(target.shopId, target.caseId);
    return json(
      { state: outcome.result, number: outcome.number, shopName: outcome.shopName, conversationUrl: conversationLink(target.shopId, target.caseId) } satisfies ActionData,
      { headers: SHOPPER_HEADERS },
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return json({ state: "not_found" } satisfies ActionData, { status: 404, headers: SHOPPER_HEADERS });
    throw error;
  }
}

export default function NeedsHelpPage() {
  const data = useLoaderData<typeof loader>() as LoaderData;
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  if (actionData && (actionData.state === "invalid" || actionData.state === "expired" || actionData.state === "not_found")) return <LinkProblemPage state={actionData.state} />;
  if (data.state !== "ok") return <LinkProblemPage state={data.state} />;
  if (actionData && (actionData.state === "handed_over" || actionData.state === "already")) {
    return (
      <ShopperPage shopName={actionData.shopName}>
        <h1>{t(actionData.state === "already" ? "automation.needsHelp.alreadyTitle" : "automation.needsHelp.doneTitle")}</h1>
        <p role="status">{t("automation.needsHelp.doneBody", { number: actionData.number })}</p>
        <p>
          <a href={actionData.conversationUrl}>{t("automation.needsHelp.viewConversation")}</a>
        </p>
      </ShopperPage>
    );
  }
  return (
    <ShopperPage shopName={data.shopName}>
      <h1>{t("automation.needsHelp.title")}</h1>
      <p className="sp-meta">{t("automation.needsHelp.intro", { number: data.number })}</p>
      <Form method="post">
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("automation.needsHelp.button")}
        </button>
      </Form>
      <p>
        <a href={data.conversationUrl}>{t("automation.needsHelp.viewConversation")}</a>
      </p>
    </ShopperPage>
  );
}
