// The one-question satisfaction survey behind the signed link sent after a case is resolved (/survey/<token>):
// "How did we do?" 1–5 and an optional comment. One answer per case; a second answer changes nothing.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { answerSurvey, surveyState, type SurveyState } from "../channels/satisfaction.server";
import { SURVEY_COMMENT_MAX_LENGTH } from "../channels/shopper-limits";
import { conversationLink } from "../channels/links.server";
import { LINK_STATUS, resolveLink } from "../channels/shopper-conversation.server";
import { formatDay, LinkProblemPage, Notice, SHOPPER_HEADERS, ShopperPage, type LinkProblem } from "../components/shopper-page";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";

type LoaderData = { state: LinkProblem } | { state: "ok"; survey: SurveyState; conversationUrl: string; preselected: number | null };
type ActionData =
  | { state: "thanks"; score: number }
  | { state: "already"; respondedAt: string | null }
  | { state: "error"; error: string; score: string; comment: string }
  | { state: LinkProblem };

const SCORES = [1, 2, 3, 4, 5] as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.state === "ok" ? t("shopper.survey.pageTitle", { shop: data.survey.shopName }) : t("shopper.link.invalidTitle") },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = await resolveLink(params.token ?? "", "survey");
  if (target.state !== "ok") return json({ state: target.state } satisfies LoaderData, { status: LINK_STATUS[target.state], headers: SHOPPER_HEADERS });
  const survey = await surveyState(target.shopId, target.caseId);
  // An email may link each score (…?score=4): the form opens with it chosen; nothing is stored until sent.
  const score = Number(new URL(request.url).searchParams.get("score"));
  const preselected = Number.isInteger(score) && score >= 1 && score <= 5 ? score : null;
  return json(
    { state: "ok", survey, conversationUrl: conversationLink(target.shopId, target.caseId), preselected } satisfies LoaderData,
    { headers: SHOPPER_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Send the answer with POST." }, { status: 405, headers: { Allow: "POST" } });
  const target = await resolveLink(params.token ?? "", "survey");
  if (target.state !== "ok") return json({ state: target.state } satisfies ActionData, { status: LINK_STATUS[target.state], headers: SHOPPER_HEADERS });
  // A body that is not a form (JSON, a broken multipart) reads as an empty form: a 400 naming what is missing, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const score = form.get("score");
  const comment = form.get("comment");
  try {
    const result = await answerSurvey(target.shopId, target.caseId, { score: typeof score === "string" ? score : undefined, comment: typeof comment === "string" ? comment : undefined });
    if (result.result === "already_answered") {
      const state = await surveyState(target.shopId, target.caseId);
      return json({ state: "already", respondedAt: state.answered?.respondedAt ?? null } satisfies ActionData, { status: 409, headers: SHOPPER_HEADERS });
    }
    return json({ state: "thanks", score: result.score } satisfies ActionData, { headers: SHOPPER_HEADERS });
  } catch (error) {
    if (error instanceof AppError) {
      return json(
        { state: "error", error: error.message, score: typeof score === "string" ? score : "", comment: typeof comment === "string" ? comment.slice(0, SURVEY_COMMENT_MAX_LENGTH * 2) : "" } satisfies ActionData,
        { status: error.status, headers: SHOPPER_HEADERS },
      );
    }
    throw error;
  }
}

export default function SurveyPage() {
  const data = useLoaderData<typeof loader>() as LoaderData;
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  if (actionData && (actionData.state === "invalid" || actionData.state === "expired" || actionData.state === "not_found")) return <LinkProblemPage state={actionData.state} />;
  if (data.state !== "ok") return <LinkProblemPage state={data.state} />;
  const { survey, conversationUrl } = data;
  const back = (
    <p>
      <a href={conversationUrl}>{t("shopper.survey.viewConversation")}</a>
    </p>
  );

  if (actionData?.state === "thanks") {
    return (
      <ShopperPage shopName={survey.shopName}>
        <h1>{t("shopper.survey.thanksTitle")}</h1>
        <p role="status">{t("shopper.survey.thanksBody", { score: actionData.score, shop: survey.shopName })}</p>
        {back}
      </ShopperPage>
    );
  }
  const answeredAt = actionData?.state === "already" ? actionData.respondedAt : survey.answered?.respondedAt;
  if (actionData?.state === "already" || survey.answered) {
    return (
      <ShopperPage shopName={survey.shopName}>
        <h1>{t("shopper.survey.alreadyTitle")}</h1>
        <p>{t("shopper.survey.alreadyBody", { date: answeredAt ? formatDay(answeredAt) : "" })}</p>
        {back}
      </ShopperPage>
    );
  }

  const error = actionData?.state === "error" ? actionData : null;
  const chosen = error ? Number(error.score) : data.preselected;
  return (
    <ShopperPage shopName={survey.shopName}>
      <h1>{t("shopper.survey.question")}</h1>
      <p className="sp-meta">{t("shopper.survey.intro", { shop: survey.shopName, number: survey.number, subject: survey.subject })}</p>
      {error ? <Notice tone="bad">{error.error}</Notice> : null}
      <Form method="post">
        <fieldset>
          <legend>{t("shopper.survey.scale")}</legend>
          <div className="sp-scale">
            {SCORES.map((s) => (
              <label key={s}>
                <input type="radio" name="score" value={s} required defaultChecked={chosen === s} />
                {t(`shopper.survey.score.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <label htmlFor="survey-comment">{t("shopper.survey.comment")}</label>
        <textarea id="survey-comment" name="comment" maxLength={SURVEY_COMMENT_MAX_LENGTH} defaultValue={error?.comment ?? ""} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("shopper.survey.submit")}
        </button>
      </Form>
      {back}
    </ShopperPage>
  );
}
