// The NPS survey behind the signed link of the survey email (/nps/<token>): "How likely are you to recommend us?"
// 0–10 and an optional comment. One answer per survey (customer × period): a second answer is refused with 409.
// A changed link answers 401, an expired one 410, a survey that does not exist (in the shop the link names) 404,
// like the other shopper links.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SURVEY_COMMENT_MAX_LENGTH } from "../channels/shopper-limits";
import { LINK_STATUS } from "../channels/shopper-conversation.server";
import { formatDay, LinkProblemPage, Notice, SHOPPER_HEADERS, ShopperPage, type LinkProblem } from "../components/shopper-page";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";
import { verifyNpsToken } from "../nps/links.server";
import { answerNps, npsSurveyState, type NpsSurveyState } from "../nps/survey.server";

type LoaderData = { state: LinkProblem } | { state: "ok"; survey: NpsSurveyState; preselected: number | null };
type ActionData =
  | { state: "thanks"; score: number }
  | { state: "already"; respondedAt: string | null }
  | { state: "error"; error: string; score: string; comment: string }
  | { state: LinkProblem };

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** A score as sent ("9"), or null for anything else — an empty or bad value keeps the scale unselected. */
function scoreOf(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,2}$/.test(value)) return null;
  const score = Number(value);
  return score <= 10 ? score : null;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.state === "ok" ? t("nps.page.pageTitle", { shop: data.survey.shopName }) : t("shopper.link.invalidTitle") },
  { name: "robots", content: "noindex, nofollow" },
];

/** The survey a token names, or why there is none. */
async function resolveSurvey(token: string): Promise<{ state: LinkProblem } | { state: "ok"; shopId: string; responseId: string; survey: NpsSurveyState }> {
  const check = verifyNpsToken(token);
  if (!check.ok) return { state: check.reason };
  const { shopId, responseId } = check.payload;
  try {
    return { state: "ok", shopId, responseId, survey: await npsSurveyState(shopId, responseId) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return { state: "not_found" };
    throw error;
  }
}

const problem = (state: LinkProblem) => json({ state } as const, { status: LINK_STATUS[state], headers: SHOPPER_HEADERS });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = await resolveSurvey(params.token ?? "");
  if (target.state !== "ok") return problem(target.state);
  // An email may link each score (…?score=9): the form opens with it chosen; nothing is stored until sent.
  const preselected = scoreOf(new URL(request.url).searchParams.get("score"));
  return json({ state: "ok", survey: target.survey, preselected } satisfies LoaderData, { headers: SHOPPER_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: t("nps.page.method") }, { status: 405, headers: { Allow: "POST" } });
  const target = await resolveSurvey(params.token ?? "");
  if (target.state !== "ok") return problem(target.state);
  // A body that is not a form reads as an empty form: a 400 naming what is missing, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const score = form.get("score");
  const comment = form.get("comment");
  try {
    const result = await answerNps(target.shopId, target.responseId, {
      score: typeof score === "string" ? score : undefined,
      comment: typeof comment === "string" ? comment : undefined,
    });
    if (result.result === "already_answered") {
      return json({ state: "already", respondedAt: result.respondedAt } satisfies ActionData, { status: 409, headers: SHOPPER_HEADERS });
    }
    return json({ state: "thanks", score: result.score } satisfies ActionData, { headers: SHOPPER_HEADERS });
  } catch (error) {
    if (error instanceof AppError) {
      if (error.status === 404) return problem("not_found");
      return json(
        {
          state: "error",
          error: error.message,
          score: typeof score === "string" ? score.slice(0, 10) : "",
          comment: typeof comment === "string" ? comment.slice(0, SURVEY_COMMENT_MAX_LENGTH * 2) : "",
        } satisfies ActionData,
        { status: error.status, headers: SHOPPER_HEADERS },
      );
    }
    throw error;
  }
}

export default function NpsPage() {
  const data = useLoaderData<typeof loader>() as LoaderData;
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  if (actionData && (actionData.state === "invalid" || actionData.state === "expired" || actionData.state === "not_found")) return <LinkProblemPage state={actionData.state} />;
  if (data.state !== "ok") return <LinkProblemPage state={data.state} />;
  const { survey } = data;

  if (actionData?.state === "thanks") {
    return (
      <ShopperPage shopName={survey.shopName}>
        <h1>{t("nps.page.thanksTitle")}</h1>
        <p role="status">{t("nps.page.thanksBody", { score: actionData.score, shop: survey.shopName })}</p>
      </ShopperPage>
    );
  }
  const answeredAt = actionData?.state === "already" ? actionData.respondedAt : survey.answered?.respondedAt;
  if (actionData?.state === "already" || survey.answered) {
    return (
      <ShopperPage shopName={survey.shopName}>
        <h1>{t("nps.page.alreadyTitle")}</h1>
        <p>{t("nps.page.alreadyBody", { date: answeredAt ? formatDay(answeredAt) : "" })}</p>
      </ShopperPage>
    );
  }

  const error = actionData?.state === "error" ? actionData : null;
  const chosen = error ? scoreOf(error.score) : data.preselected;
  return (
    <ShopperPage shopName={survey.shopName}>
      <h1 id="nps-question">{t("nps.page.title", { shop: survey.shopName })}</h1>
      {error ? <Notice tone="bad">{error.error}</Notice> : null}
      <Form method="post">
        {/* One group, named by the page's question (no legend repeating it) and described by the scale. */}
        <fieldset aria-labelledby="nps-question" aria-describedby="nps-scale">
          <p id="nps-scale" className="sp-meta">
            {t("nps.page.scale")}
          </p>
          <div className="sp-scale">
            {SCORES.map((s) => (
              <label key={s}>
                <input
                  type="radio"
                  name="score"
                  value={s}
                  required
                  defaultChecked={chosen === s}
                  aria-label={s === 0 ? `0 – ${t("nps.page.low")}` : s === 10 ? `10 – ${t("nps.page.high")}` : String(s)}
                />
                {s}
              </label>
            ))}
          </div>
        </fieldset>
        <label htmlFor="nps-comment">{t("nps.page.comment")}</label>
        <textarea id="nps-comment" name="comment" maxLength={SURVEY_COMMENT_MAX_LENGTH} defaultValue={error?.comment ?? ""} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("nps.page.submit")}
        </button>
      </Form>
    </ShopperPage>
  );
}
